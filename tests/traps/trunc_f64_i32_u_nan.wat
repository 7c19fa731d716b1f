;; expect-trap: invalid conversion to integer in function to_i32_u
;; i32.trunc_f64_u of a negative signalling NaN.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before\n")
  (global $sink (mut i64) (i64.const 0))
  (func $print_before
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $to_i32_u (param f64) (result i32) (i32.trunc_f64_u (local.get 0)))
  (func $_start (export "_start")
    (call $print_before)
    (global.set $sink (i64.extend_i32_u (call $to_i32_u (f64.const -nan:0x4000000000000)))))
)
