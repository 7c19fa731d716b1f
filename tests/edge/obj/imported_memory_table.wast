;; tests/edge/obj: imported memory and table (wasmc --emit=obj --allow-imports),
;; zero-page and no-access memories, empty segments at the end, exports of
;; every kind; checked by wabt's spectest-interp and by wasmc in every mode
(module $env
  (memory (export "memory") 1 2)
  (table (export "table") 2 funcref)
  (global (export "g") (mut i32) (i32.const 5)))
(register "env" $env)
(module $env0 (memory (export "memory0") 0))
(register "env0" $env0)

(module
  (import "env" "memory" (memory 1 2))
  (import "env" "table" (table 2 funcref))
  (import "env" "g" (global $g (mut i32)))
  (func $f (result i32) (i32.const 42))
  (elem (i32.const 0) $f)
  (elem (i32.const 2))
  (data (i32.const 65536) "")
  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
  (func (export "grow_fail") (result i32) (memory.grow (i32.const 1)))
  (func (export "store_load") (result i32)
    (i32.store (i32.const 131068) (i32.const 0x01020304)) (i32.load (i32.const 131068)))
  (func (export "oob") (result i32) (i32.load (i32.const 131069)))
  (func (export "tsize") (result i32) (table.size 0))
  (func (export "call0") (result i32) (call_indirect (result i32) (i32.const 0)))
  (func (export "call1") (result i32) (call_indirect (result i32) (i32.const 1)))
  (func (export "call2") (result i32) (call_indirect (result i32) (i32.const 2)))
  (func (export "bump") (result i32) (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g)))
(assert_return (invoke "size") (i32.const 1))
(assert_return (invoke "grow") (i32.const 1))
(assert_return (invoke "grow_fail") (i32.const -1))
(assert_return (invoke "store_load") (i32.const 0x01020304))
(assert_trap (invoke "oob") "out of bounds memory access")
(assert_return (invoke "tsize") (i32.const 2))
(assert_return (invoke "call0") (i32.const 42))
(assert_trap (invoke "call1") "uninitialized element")
(assert_trap (invoke "call2") "undefined element")
(assert_return (invoke "bump") (i32.const 6))

;; an imported memory of 0 pages, never accessed
(module
  (import "env0" "memory0" (memory 0))
  (func (export "nothing") (result i32) (i32.const 1)))
(assert_return (invoke "nothing") (i32.const 1))

;; an imported memory of 0 pages: every access traps
(module
  (import "env0" "memory0" (memory 0))
  (func (export "load") (result i32) (i32.load8_u (i32.const 0))))
(assert_trap (invoke "load") "out of bounds memory access")

;; a defined memory of 0 pages, no access; no function but one export
(module (memory 0) (func (export "f")))
(assert_return (invoke "f"))

;; no memory, no table: a function only
(module (func (export "f") (result i64) (i64.const -1)))
(assert_return (invoke "f") (i64.const -1))

;; a start function only
(module
  (global $x (mut i32) (i32.const 0))
  (func $s (global.set $x (i32.const 3)))
  (start $s)
  (global (export "x") (mut i32) (i32.const 0))
  (func (export "get") (result i32) (global.get $x)))
(assert_return (invoke "get") (i32.const 3))

;; exports of every kind
(module
  (memory (export "mem") 1)
  (table (export "tab") 1 funcref)
  (global (export "gi") i32 (i32.const 1))
  (global (export "gI") (mut i64) (i64.const 2))
  (global (export "gf") f32 (f32.const 3))
  (global (export "gF") f64 (f64.const 4))
  (global (export "gr") funcref (ref.null func))
  (global (export "ge") externref (ref.null extern))
  (func (export "fn") (result i32) (i32.const 5)))
(assert_return (get "gi") (i32.const 1))
(assert_return (get "gI") (i64.const 2))
(assert_return (get "gf") (f32.const 3))
(assert_return (get "gF") (f64.const 4))
(assert_return (get "gr") (ref.null func))
(assert_return (get "ge") (ref.null extern))
(assert_return (invoke "fn") (i32.const 5))
