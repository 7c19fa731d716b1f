;; tests/threads/trap_exit_race.wat — four threads and _start end the process
;; at the same moment in different ways (tests/threads/run.sh): thread 0
;; traps with `unreachable` (the explicit trap call), thread 1 with an
;; out-of-bounds load (a fault in the guard region: the signal handler's
;; report; at -O2 $trap_oob is inlined, so the report may name
;; wasi_thread_start), threads 2 and 3 call proc_exit(7) and proc_exit(8), and _start
;; returns (status 0).  The first one wins (runtime/src/wrt_exit.c): status
;; 134 with exactly one trap report on stderr, or 7, 8 or 0 with nothing
;; printed; never two reports, a report under another status, a crash or a
;; hang.  The five meet at a gate first, as in exit_race.wat.
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))

  (func $gate
    (local $n i32)
    (local.set $n (i32.add (i32.atomic.rmw.add (i32.const 0) (i32.const 1)) (i32.const 1)))
    (if (i32.ge_u (local.get $n) (i32.const 5))
      (then (drop (memory.atomic.notify (i32.const 0) (i32.const -1))) (return)))
    (loop $w
      (local.set $n (i32.atomic.load (i32.const 0)))
      (if (i32.lt_u (local.get $n) (i32.const 5))
        (then
          (drop (memory.atomic.wait32 (i32.const 0) (local.get $n) (i64.const -1)))
          (br $w)))))

  (func $trap_unreachable (unreachable))
  (func $trap_oob (drop (i32.load (i32.const 70000))))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (call $gate)
    (if (i32.eq (local.get $arg) (i32.const 0)) (then (call $trap_unreachable)))
    (if (i32.eq (local.get $arg) (i32.const 1)) (then (call $trap_oob)))
    (call $exit (i32.add (i32.const 5) (local.get $arg))))

  (func (export "_start")
    (local $i i32)
    (loop $l
      (if (i32.lt_s (call $spawn (local.get $i)) (i32.const 0)) (then (call $exit (i32.const 99))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 4))))
    (call $gate)))
