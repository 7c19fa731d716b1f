;; expect-exit: 11
;; exports of every kind: functions, a table, a memory, globals (mutable and
;; immutable, of every value type), a tag
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1 2)
  (table (export "table") 1 3 funcref)
  (global (export "g_i32") i32 (i32.const 1))
  (global (export "g_i64") (mut i64) (i64.const 2))
  (global (export "g_f32") f32 (f32.const 3))
  (global (export "g_f64") (mut f64) (f64.const 4))
  (global (export "g_v128") v128 (v128.const i32x4 1 2 3 4))
  (global (export "g_funcref") funcref (ref.null func))
  (global (export "g_externref") (mut externref) (ref.null extern))
  (tag (export "tag") (param i32))
  (func (export "helper") (result i32) (i32.const 11))
  (func (export "_start") (call $exit (i32.const 11))))
