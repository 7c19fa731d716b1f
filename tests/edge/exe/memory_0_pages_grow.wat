;; expect-exit: 42
;; 0 pages, then grown by one page and used
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 0)
  (func (export "_start")
    (if (i32.ne (memory.grow (i32.const 1)) (i32.const 0)) (then (call $exit (i32.const 1))))
    (i32.store (i32.const 65532) (i32.const 42))
    (call $exit (i32.load (i32.const 65532)))))
