;; expect-trap: out of bounds memory access in function read_near_end
;; node: skip (Node 20 runs memory64 only behind a V8 flag)
;; memory64 as memory 0 (the WASI memory, through gs with Segue on x86-64):
;; an access ending at the last byte works, one byte further traps
;; (explicit check of the i64 address).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") i64 1)
  (data (i64.const 16) "before\n")
  (global $sink (mut i32) (i32.const 0))
  (func $print_before
    (i64.store (i64.const 0) (i64.const 0x0000000700000010))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $read_near_end (param i64) (result i32) (i32.load16_u offset=2 (local.get 0)))
  (func $_start (export "_start")
    (call $print_before)
    (global.set $sink (call $read_near_end (i64.const 0xfffc)))
    (global.set $sink (call $read_near_end (i64.const 0xfffd))))
)
