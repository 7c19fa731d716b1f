;; expect-trap: out of bounds memory access in function load_wrapping_offset
;; i32.load offset=0xffffffff at address 1: the effective address is 0x100000000 (64-bit sum);
;; a lowering that adds in 32 bits would wrap to 0 (in bounds) and not trap.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before\n")
  (global $sink (mut i64) (i64.const 0))
  (func $print_before
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $load_wrapping_offset (param i32) (result i32) (i32.load offset=0xffffffff (local.get 0)))
  (func $_start (export "_start")
    (call $print_before)
    (global.set $sink (i64.extend_i32_u (call $load_wrapping_offset (i32.const 1)))))
)
