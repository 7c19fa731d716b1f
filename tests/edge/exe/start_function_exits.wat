;; expect-exit: 6
;; a start function only: it exits during instantiation, _start never runs
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (func $init (call $exit (i32.const 6)))
  (start $init)
  (func (export "_start") (unreachable)))
