;; expect-exit: 5
;; the start function runs before _start: it stores 5, _start exits with it
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $init (i32.store (i32.const 8) (i32.const 5)))
  (start $init)
  (func (export "_start") (call $exit (i32.load (i32.const 8)))))
