;; expect-trap: out of bounds memory access in function write_past_end
;; i64.store straddling the end of the 1-page memory (0xfffc + 8 bytes).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before\n")
  (global $sink (mut i64) (i64.const 0))
  (func $print_before
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $write_past_end (param i32) (i64.store (local.get 0) (i64.const -1)))
  (func $_start (export "_start")
    (call $print_before)
    (call $write_past_end (i32.const 0xfffc)))
)
