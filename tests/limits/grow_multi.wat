;; grow_multi.wat — --max-memory caps each memory on its own (multi-memory,
;; memory64).  Memories 0 and 1 (i32) start with 1 page, memory 2 (i64) with
;; 2; each grows by 1 page up to 40 times, stopping at its first -1, with the
;; checks of grow_memory.wat (old size or exactly -1, the size unchanged after
;; a -1, the new page usable; else unreachable).  Exit status: the sum of the
;; three final sizes in pages (41 + 41 + 42 = 124 without a cap, 3 x CAP
;; with a cap of CAP >= 2 pages).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory $m0 1)
  (memory $m1 1)
  (memory $m2 i64 2)
  (func $grow0 (result i32)
    (local $i i32) (local $old i32) (local $r i32)
    (block $done
      (loop $again
        (br_if $done (i32.ge_u (local.get $i) (i32.const 40)))
        (local.set $old (memory.size $m0))
        (local.set $r (memory.grow $m0 (i32.const 1)))
        (if (i32.eq (local.get $r) (i32.const -1))
          (then (if (i32.ne (memory.size $m0) (local.get $old)) (then unreachable)) (br $done)))
        (if (i32.ne (local.get $r) (local.get $old)) (then unreachable))
        (i32.store $m0 (i32.sub (i32.mul (memory.size $m0) (i32.const 65536)) (i32.const 4)) (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $again)))
    (memory.size $m0))
  (func $grow1 (result i32)
    (local $i i32) (local $old i32) (local $r i32)
    (block $done
      (loop $again
        (br_if $done (i32.ge_u (local.get $i) (i32.const 40)))
        (local.set $old (memory.size $m1))
        (local.set $r (memory.grow $m1 (i32.const 1)))
        (if (i32.eq (local.get $r) (i32.const -1))
          (then (if (i32.ne (memory.size $m1) (local.get $old)) (then unreachable)) (br $done)))
        (if (i32.ne (local.get $r) (local.get $old)) (then unreachable))
        (i32.store $m1 (i32.sub (i32.mul (memory.size $m1) (i32.const 65536)) (i32.const 4)) (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $again)))
    (memory.size $m1))
  (func $grow2 (result i32)
    (local $i i32) (local $old i64) (local $r i64)
    (block $done
      (loop $again
        (br_if $done (i32.ge_u (local.get $i) (i32.const 40)))
        (local.set $old (memory.size $m2))
        (local.set $r (memory.grow $m2 (i64.const 1)))
        (if (i64.eq (local.get $r) (i64.const -1))
          (then (if (i64.ne (memory.size $m2) (local.get $old)) (then unreachable)) (br $done)))
        (if (i64.ne (local.get $r) (local.get $old)) (then unreachable))
        (i64.store $m2 (i64.sub (i64.mul (memory.size $m2) (i64.const 65536)) (i64.const 8)) (i64.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $again)))
    (i32.wrap_i64 (memory.size $m2)))
  (func $_start (export "_start")
    (call $proc_exit (i32.add (call $grow0) (i32.add (call $grow1) (call $grow2))))))
