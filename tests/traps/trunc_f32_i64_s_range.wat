;; expect-trap: integer overflow in function to_i64_s
;; i64.trunc_f32_s of 2^63.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before\n")
  (global $sink (mut i64) (i64.const 0))
  (func $print_before
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $to_i64_s (param f32) (result i64) (i64.trunc_f32_s (local.get 0)))
  (func $_start (export "_start")
    (call $print_before)
    (global.set $sink (call $to_i64_s (f32.const 0x1p+63))))
)
