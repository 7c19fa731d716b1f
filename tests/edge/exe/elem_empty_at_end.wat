;; expect-exit: 9
;; zero-length element segments at the end of a table (active, passive,
;; declarative), table.init / fill / copy of 0 entries at the end, elem.drop
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (table 2 funcref)
  (func $nine (result i32) (i32.const 9))
  (elem (i32.const 2))
  (elem (i32.const 1) $nine)
  (elem $p func)
  (elem declare func $nine)
  (func (export "_start")
    (table.init $p (i32.const 2) (i32.const 0) (i32.const 0))
    (table.fill 0 (i32.const 2) (ref.null func) (i32.const 0))
    (table.copy (i32.const 2) (i32.const 2) (i32.const 0))
    (elem.drop $p)
    (call $exit (call_indirect (result i32) (i32.const 1)))))
