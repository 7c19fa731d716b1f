;; expect-trap: call stack exhausted in function ping
;; expect-trap-alt: call stack exhausted in function pong
;; Unbounded mutual recursion ping -> pong -> ping ...  Which of the two
;; functions runs out of stack is not specified: either name is accepted.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before\n")
  (global $sink (mut i64) (i64.const 0))
  (func $print_before
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (global $depth (mut i32) (i32.const 0))
  (func $ping (param i64) (result i64)
    (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
    (i64.sub (call $pong (i64.add (local.get 0) (i64.const 1))) (local.get 0)))
  (func $pong (param i64) (result i64)
    (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
    (i64.xor (call $ping (i64.mul (local.get 0) (i64.const 3))) (local.get 0)))
  (func $_start (export "_start")
    (call $print_before)
    (global.set $sink (call $ping (i64.const 1))))
)
