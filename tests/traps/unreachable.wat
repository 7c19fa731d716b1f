;; expect-trap: unreachable in function explode
;; The unreachable instruction, reached in a helper called from _start.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before\n")
  (global $sink (mut i64) (i64.const 0))
  (func $print_before
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $explode (param i32) (result i32)
    (if (i32.eqz (local.get 0)) (then (unreachable)))
    (local.get 0))
  (func $_start (export "_start")
    (call $print_before)
    (global.set $sink (i64.extend_i32_u (call $explode (i32.const 0)))))
)
