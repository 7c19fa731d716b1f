;; grow_memory.wat — memory.grow under --max-memory.  Starts with 1 page and
;; no declared maximum, grows by 1 page up to 40 times, stopping at the first
;; -1.  Each grow must return the old size or exactly -1, a failed grow must
;; leave the size unchanged, and a grow of 0 must still succeed after it
;; (else: unreachable, a trap).  Exit status: the final size in pages
;; (41 without a cap).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory 1)
  (func $_start (export "_start")
    (local $i i32) (local $old i32) (local $r i32)
    (block $done
      (loop $again
        (br_if $done (i32.ge_u (local.get $i) (i32.const 40)))
        (local.set $old (memory.size))
        (local.set $r (memory.grow (i32.const 1)))
        (if (i32.eq (local.get $r) (i32.const -1))
          (then
            (if (i32.ne (memory.size) (local.get $old)) (then unreachable))
            (br $done)))
        (if (i32.ne (local.get $r) (local.get $old)) (then unreachable))
        ;; the new page is usable
        (i32.store (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4))
                   (i32.const 0x12345678))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $again)))
    (if (i32.ne (memory.grow (i32.const 0)) (memory.size)) (then unreachable))
    (call $proc_exit (memory.size))))
