;; expect-trap: out of bounds memory access in function read_ext
;; node: skip (Node 20's V8 has no multi-memory)
;; memory64: an i64 address that is a zero-extended i32 (plus an offset
;; below 2^32) stays inside the memory's reservation, so the guard region
;; traps it without an explicit check (--bounds-checks=explicit: the check).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (memory $m64 i64 1)
  (data (i32.const 16) "before\n")
  (global $sink (mut i32) (i32.const 0))
  (func $print_before
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $read_ext (param i32) (result i32) (i32.load $m64 offset=4 (i64.extend_i32_u (local.get 0))))
  (func $_start (export "_start")
    (call $print_before)
    (global.set $sink (call $read_ext (i32.const 0xfff8)))
    (global.set $sink (call $read_ext (i32.const 0xfff9))))
)
