;; expect-trap: out of bounds memory access in function read_past_end
;; node: skip (Node 20's V8 has no multi-memory)
;; multi-memory: i32.load one byte past the end of memory 1 (1 page), whose
;; own guard region (or explicit check) traps; memory 0 is larger.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (memory $m1 1)
  (data (i32.const 16) "before\n")
  (global $sink (mut i64) (i64.const 0))
  (func $print_before
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $read_past_end (param i32) (result i32) (i32.load $m1 (local.get 0)))
  (func $_start (export "_start")
    (call $print_before)
    (global.set $sink (i64.extend_i32_u (i32.load (i32.const 0xfffd))))
    (global.set $sink (i64.extend_i32_u (call $read_past_end (i32.const 0xfffd)))))
)
