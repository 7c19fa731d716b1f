;; expect-trap: out of bounds memory access in function dropped_load
;; A dropped SIMD load (extending, splat, lane) must still trap.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before\n")
  (func $print_before
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $dropped_load (param i32)
    (drop (v128.load32_splat (i32.const 0)))
    (drop (v128.load8x8_s offset=65529 (local.get 0))))
  (func $_start (export "_start")
    (call $print_before)
    (call $dropped_load (i32.const 0)))
)
