;; expect-trap: call stack exhausted in function recurse
;; Unbounded (non-tail) self-recursion.  Each level writes a global so the
;; recursion has side effects and cannot be removed or turned into a loop.
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
  (func $recurse (param i32) (result i32)
    (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
    (i32.sub (call $recurse (i32.add (local.get 0) (i32.const 1))) (local.get 0)))
  (func $_start (export "_start")
    (call $print_before)
    (global.set $sink (i64.extend_i32_u (call $recurse (i32.const 0)))))
)
