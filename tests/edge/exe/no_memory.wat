;; expect-exit: 7
;; no memory at all: proc_exit needs none
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (func (export "_start") (call $exit (i32.const 7))))
