;; Invalid module (fails validation): $bad adds an i32 and an f32 and returns
;; an i64 where its type says i32.  Assemble with `wat2wasm --no-check`.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func $bad (param i32) (param f32) (result i32)
    (drop (i32.add (local.get 0) (local.get 1)))
    (i64.const 1))
  (func $main (export "_start")
    (drop (call $bad (i32.const 1) (f32.const 2)))
    (call $proc_exit (i32.const 0)))
)
