;; Imports a function that does not exist in wasi_snapshot_preview1.
(module
  (import "wasi_snapshot_preview1" "no_such_function" (func $nope (param i32) (result i32)))
  (memory (export "memory") 1)
  (func $main (export "_start") (drop (call $nope (i32.const 0))))
)
