;; expect-trap: out of bounds table access in function store_ref
;; table.set with an index past the end of the table.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before\n")
  (global $sink (mut i64) (i64.const 0))
  (func $print_before
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (table $t 3 funcref)
  (func $store_ref (param i32) (table.set $t (local.get 0) (ref.null func)))
  (func $_start (export "_start")
    (call $print_before)
    (call $store_ref (i32.const 0x80000000)))
)
