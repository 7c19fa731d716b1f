;; expect-trap: indirect call type mismatch in function dispatch
;; call_indirect with type [] -> [i64] to entry 0, whose type is [i32] -> [i32].
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before\n")
  (global $sink (mut i64) (i64.const 0))
  (func $print_before
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (type $unary (func (param i32) (result i32)))
  (type $nullary64 (func (result i64)))
  (table 4 funcref)
  (elem (i32.const 0) func $inc)
  (func $inc (type $unary) (i32.add (local.get 0) (i32.const 1)))
  (func $dispatch (param i32) (result i64) (call_indirect (type $nullary64) (local.get 0)))
  (func $_start (export "_start")
    (call $print_before)
    (global.set $sink (call $dispatch (i32.const 0))))
)
