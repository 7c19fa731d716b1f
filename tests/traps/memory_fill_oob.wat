;; expect-trap: out of bounds memory access in function clear
;; memory.fill whose range [0xff00, 0x10100) ends past the end of memory.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before\n")
  (global $sink (mut i64) (i64.const 0))
  (func $print_before
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $clear (param i32 i32) (memory.fill (local.get 0) (i32.const 0) (local.get 1)))
  (func $_start (export "_start")
    (call $print_before)
    (call $clear (i32.const 0xff00) (i32.const 0x200)))
)
