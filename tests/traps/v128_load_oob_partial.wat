;; expect-trap: out of bounds memory access in function load_v128
;; A v128.load whose first 8 bytes are in bounds and whose last 8 are not must
;; trap.  (The whole value is used: like a scalar i64.load whose result is
;; only wrapped to i32, LLVM may narrow a load whose high part is unused to
;; its in-bounds part; see docs/architecture.md "Dead loads".)
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before\n")
  (global $sink (mut v128) (v128.const i64x2 0 0))
  (func $print_before
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $load_v128 (param i32) (result v128) (v128.load (local.get 0)))
  (func $_start (export "_start")
    (call $print_before)
    (global.set $sink (call $load_v128 (i32.const 65528))))
)
