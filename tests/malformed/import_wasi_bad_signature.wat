;; Imports wasi_snapshot_preview1.fd_write with the wrong signature
;; (the real one is (i32 i32 i32 i32) -> i32).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i64) (result i32)))
  (memory (export "memory") 1)
  (func $main (export "_start") (drop (call $fd_write (i64.const 1))))
)
