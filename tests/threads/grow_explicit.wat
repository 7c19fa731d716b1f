;; tests/threads/grow_explicit.wat — another thread's memory.grow seen by
;; explicit bounds checks in a loop without calls (tests/threads/run.sh
;; compiles it with --bounds-checks=explicit at -O2).
;;
;; _start (thread A) spawns thread B and waits until B is in its loop; then
;; A grows the shared memory from 1 page to 2 and publishes that with an
;; atomic store to `grown`.  B's loop has no call: each iteration stores to
;; page 0 (explicitly checked) and reads `grown` atomically; once it is set,
;; B stores 42 to the new page and reads it back (both checked against the
;; memory's size, which must be the grown one: a size kept from before the
;; grow traps "out of bounds memory access"), hands the value to A and
;; returns.  A exits 0 if it got 42; 3 if memory.grow failed, 4 on a wrong
;; value.  Deterministic: B touches page 1 only after A's grow.
;;
;; $sum: a loop over memory with neither a call nor an atomic, for run.sh's
;; IR check: for this shared memory the size load of its bounds check must
;; stay in the loop (a monotonic atomic load); run.sh compiles the same
;; function with the memory unshared, where it is hoisted out.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 2 shared))
  ;; i32 cells in page 0
  (global $grown i32 (i32.const 0))    ;; A: memory grown to 2 pages
  (global $started i32 (i32.const 4))  ;; B: in its loop
  (global $result i32 (i32.const 8))   ;; B: the value read back from page 1, + 1
  (global $scratch i32 (i32.const 16)) ;; B's plain stores in page 0

  ;; wait until the i32 at `addr` is not 0
  (func $await (param $addr i32)
    (loop $w
      (if (i32.eqz (i32.atomic.load (local.get $addr)))
        (then
          (drop (memory.atomic.wait32 (local.get $addr) (i32.const 0) (i64.const -1)))
          (br $w)))))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (local $i i32)
    (i32.atomic.store (global.get $started) (i32.const 1))
    (drop (memory.atomic.notify (global.get $started) (i32.const -1)))
    (loop $spin
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (i32.store (global.get $scratch) (local.get $i))
      (if (i32.atomic.load (global.get $grown))
        (then
          ;; page 1: 65536 + 100
          (i32.store (i32.const 65636) (i32.const 42))
          (i32.atomic.store (global.get $result) (i32.add (i32.load (i32.const 65636)) (i32.const 1)))
          (drop (memory.atomic.notify (global.get $result) (i32.const -1)))
          (return)))
      (br $spin)))

  (func $sum (export "sum") (param $p i32) (param $n i32) (result i32)
    (local $s i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $s))

  (func (export "_start")
    (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 0)) (then (call $exit (i32.const 2))))
    (call $await (global.get $started))
    (if (i32.ne (memory.grow (i32.const 1)) (i32.const 1)) (then (call $exit (i32.const 3))))
    (i32.atomic.store (global.get $grown) (i32.const 1))
    (call $await (global.get $result))
    ;; page 0 holds only small values: the sum of its first 16 words is
    ;; 1 + 43 + B's counter, not checked; $sum must simply not trap
    (drop (call $sum (i32.const 0) (i32.const 16)))
    (if (i32.ne (i32.atomic.load (global.get $result)) (i32.const 43)) (then (call $exit (i32.const 4))))))
