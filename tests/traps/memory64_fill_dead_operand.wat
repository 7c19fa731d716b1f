;; expect-trap: unreachable in function fill_dead
;; diff.py seed 657, reduced (wasm-reduce): memory.fill of a 64-bit memory
;; whose length operand is a loop that ends in unreachable, after a live i32
;; fill value.  Widening that value put an instruction in the dead block
;; after the loop, which got no terminator: "internal compiler error:
;; generated LLVM IR is invalid" at every level (emit_bulk.c pop_as_i64).
;; The same for memory.copy, whose 64-bit form takes the same path.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (memory $m64 i64 1)
  (data (i32.const 16) "before\n")
  (func $print_before
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $fill_dead (param $v i32) (param $n i32)
    (memory.fill $m64 (i64.const 0) (local.get $v) (loop (result i64) (unreachable)))
    (memory.copy $m64 $m64 (i64.const 0) (i64.extend_i32_u (local.get $n)) (loop (result i64) (unreachable))))
  (func (export "_start")
    (call $print_before)
    (call $fill_dead (i32.const 7) (i32.const 1))))
