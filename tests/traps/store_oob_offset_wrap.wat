;; expect-trap: out of bounds memory access in function store_wrapping_offset
;; i32.store offset=0xfffffff0 at address 0x20: effective address 0x100000010 crosses 4 GiB;
;; wrapping in 32 bits would give the in-bounds address 0x10.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before\n")
  (global $sink (mut i64) (i64.const 0))
  (func $print_before
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $store_wrapping_offset (param i32) (i32.store offset=0xfffffff0 (local.get 0) (i32.const 1)))
  (func $_start (export "_start")
    (call $print_before)
    (call $store_wrapping_offset (i32.const 0x20)))
)
