;; tests/threads/exit_race.wat — eight spawned threads and _start end the
;; process at the same moment with proc_exit(10 + their start argument), and
;; _start with proc_exit(18) (tests/threads/run.sh).  The first one wins
;; (runtime/src/wrt_exit.c): the status must be one of 10..18, nothing may be
;; printed, the process must neither crash nor hang.  The nine meet at a gate
;; (an atomic counter, memory.atomic.wait32/notify) so that they go at once.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))

  ;; count in at address 0; the ninth wakes the other eight
  (func $gate
    (local $n i32)
    (local.set $n (i32.add (i32.atomic.rmw.add (i32.const 0) (i32.const 1)) (i32.const 1)))
    (if (i32.ge_u (local.get $n) (i32.const 9))
      (then (drop (memory.atomic.notify (i32.const 0) (i32.const -1))) (return)))
    (loop $w
      (local.set $n (i32.atomic.load (i32.const 0)))
      (if (i32.lt_u (local.get $n) (i32.const 9))
        (then
          (drop (memory.atomic.wait32 (i32.const 0) (local.get $n) (i64.const -1)))
          (br $w)))))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (call $gate)
    (call $exit (i32.add (i32.const 10) (local.get $arg))))

  (func (export "_start")
    (local $i i32)
    (loop $l
      (if (i32.lt_s (call $spawn (local.get $i)) (i32.const 0)) (then (call $exit (i32.const 99))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 8))))
    (call $gate)
    (call $exit (i32.const 18))))
