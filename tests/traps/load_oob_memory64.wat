;; expect-trap: out of bounds memory access in function read_far
;; node: skip (Node 20's V8 has no multi-memory)
;; memory64: an i64 address beyond 2^32 (no guard region covers it: the
;; explicit check traps); the same address's low half is in bounds.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (memory $m64 i64 1)
  (data (i32.const 16) "before\n")
  (global $sink (mut i64) (i64.const 0))
  (func $print_before
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $read_far (param i64) (result i64) (i64.load $m64 offset=8 (local.get 0)))
  (func $_start (export "_start")
    (call $print_before)
    (global.set $sink (call $read_far (i64.const 0x100)))
    (global.set $sink (call $read_far (i64.const 0x1_0000_0100))))
)
