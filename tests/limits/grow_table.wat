;; grow_table.wat — table.grow under --max-table-elements.  Starts with 2
;; elements and no declared maximum, grows by 1 element up to 40 times,
;; stopping at the first -1.  Each grow must return the old size or exactly
;; -1, a failed grow must leave the size unchanged, the new element must be
;; the grow's initial value (else: unreachable, a trap).  Exit status: the
;; final size (42 without a cap).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (table $t 2 funcref)
  (func $f)
  (elem declare func $f)
  (func $_start (export "_start")
    (local $i i32) (local $old i32) (local $r i32)
    (block $done
      (loop $again
        (br_if $done (i32.ge_u (local.get $i) (i32.const 40)))
        (local.set $old (table.size $t))
        (local.set $r (table.grow $t (ref.func $f) (i32.const 1)))
        (if (i32.eq (local.get $r) (i32.const -1))
          (then
            (if (i32.ne (table.size $t) (local.get $old)) (then unreachable))
            (br $done)))
        (if (i32.ne (local.get $r) (local.get $old)) (then unreachable))
        (if (ref.is_null (table.get $t (local.get $old))) (then unreachable))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $again)))
    (call $proc_exit (table.size $t))))
