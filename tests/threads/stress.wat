;; tests/threads/stress.wat — wasi-threads under contention: THREADS threads
;; (spawned through "wasi" "thread-spawn", run by "wasi_thread_start") each
;; do ITERS rounds of
;;   - i32.atomic.rmw.add on a shared counter (addr 0),
;;   - a futex mutex (addr 4; cmpxchg, xchg, memory.atomic.wait32/notify,
;;     states 0 free, 1 locked, 2 contended) around a NON-atomic
;;     load/add/store of a second counter (addr 8),
;;   - i64.atomic.rmw.add of its thread id (addr 16),
;;   - i32.atomic.rmw8.add_u on a byte (addr 32) that wraps,
;; after waiting together at a start gate (addr 36: wait32 until _start
;; stores 1 and notifies every waiter), so that they really contend,
;; and check that their own global (per-thread instance state) still holds
;; their id.  The last thread to finish bumps addr 24 and notifies; _start
;; waits on it (wait32 with no timeout), checks every total and prints
;; "threads: ok" (exit 0) or "threads: bad N" (exit N).
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  (global $mine (mut i32) (i32.const 0))
  (global $THREADS i32 (i32.const 12))
  (global $ITERS i32 (i32.const 1000))
  (data $ok "threads: ok\n")
  (data $bad "threads: bad ?\n")

  (func $lock
    (local $c i32)
    (local.set $c (i32.atomic.rmw.cmpxchg (i32.const 4) (i32.const 0) (i32.const 1)))
    (if (local.get $c) (then
      (if (i32.ne (local.get $c) (i32.const 2))
        (then (local.set $c (i32.atomic.rmw.xchg (i32.const 4) (i32.const 2)))))
      (block $done (loop $again
        (br_if $done (i32.eqz (local.get $c)))
        (drop (memory.atomic.wait32 (i32.const 4) (i32.const 2) (i64.const -1)))
        (local.set $c (i32.atomic.rmw.xchg (i32.const 4) (i32.const 2)))
        (br $again))))))

  (func $unlock
    (if (i32.ne (i32.atomic.rmw.xchg (i32.const 4) (i32.const 0)) (i32.const 1))
      (then (drop (memory.atomic.notify (i32.const 4) (i32.const 1))))))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (local $i i32)
    (global.set $mine (local.get $tid))
    (block $open (loop $gate
      (br_if $open (i32.atomic.load (i32.const 36)))
      (drop (memory.atomic.wait32 (i32.const 36) (i32.const 0) (i64.const -1)))
      (br $gate)))
    (loop $l
      (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
      (call $lock)
      (i32.store (i32.const 8) (i32.add (i32.load (i32.const 8)) (i32.const 1)))
      (call $unlock)
      (drop (i64.atomic.rmw.add (i32.const 16) (i64.extend_i32_u (local.get $tid))))
      (drop (i32.atomic.rmw8.add_u (i32.const 32) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (global.get $ITERS))))
    ;; another thread's instance must not have changed this one's global
    (if (i32.ne (global.get $mine) (local.get $tid))
      (then (drop (i32.atomic.rmw.add (i32.const 28) (i32.const 1)))))
    (drop (i32.atomic.rmw.add (i32.const 24) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 24) (i32.const 1))))

  (func $say (param $seg i32) (param $n i32)
    (if (local.get $seg)
      (then (memory.init $bad (i32.const 1024) (i32.const 0) (i32.const 15))
            (i32.store8 (i32.const 1037) (i32.add (i32.const 0x40) (local.get $n))))
      (else (memory.init $ok (i32.const 1024) (i32.const 0) (i32.const 12))))
    (i32.store (i32.const 1100) (i32.const 1024))
    (i32.store (i32.const 1104) (select (i32.const 15) (i32.const 12) (local.get $seg)))
    (drop (call $fd_write (i32.const 1) (i32.const 1100) (i32.const 1) (i32.const 1108))))

  (func $fail (param $n i32) (call $say (i32.const 1) (local.get $n)) (call $exit (local.get $n)))

  (func (export "_start")
    (local $i i32) (local $v i32) (local $total i32) (local $ids i64)
    (global.set $mine (i32.const -1))
    (loop $s
      (local.set $v (call $spawn (local.get $i)))
      (if (i32.le_s (local.get $v) (i32.const 0)) (then (call $fail (i32.const 1))))
      (local.set $ids (i64.add (local.get $ids) (i64.extend_i32_u (local.get $v))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $s (i32.lt_u (local.get $i) (global.get $THREADS))))
    (i32.atomic.store (i32.const 36) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 36) (i32.const -1)))
    (block $all (loop $w
      (local.set $v (i32.atomic.load (i32.const 24)))
      (br_if $all (i32.eq (local.get $v) (global.get $THREADS)))
      (drop (memory.atomic.wait32 (i32.const 24) (local.get $v) (i64.const -1)))
      (br $w)))
    (local.set $total (i32.mul (global.get $THREADS) (global.get $ITERS)))
    (if (i32.ne (i32.atomic.load (i32.const 0)) (local.get $total)) (then (call $fail (i32.const 2))))
    (if (i32.ne (i32.load (i32.const 8)) (local.get $total)) (then (call $fail (i32.const 3))))
    (if (i64.ne (i64.atomic.load (i32.const 16)) (i64.mul (local.get $ids) (i64.extend_i32_u (global.get $ITERS))))
      (then (call $fail (i32.const 4))))
    (if (i32.ne (i32.atomic.load8_u (i32.const 32)) (i32.and (local.get $total) (i32.const 255)))
      (then (call $fail (i32.const 5))))
    (if (i32.atomic.load (i32.const 28)) (then (call $fail (i32.const 6))))
    (if (i32.ne (global.get $mine) (i32.const -1)) (then (call $fail (i32.const 7))))
    (call $say (i32.const 0) (i32.const 0))))
