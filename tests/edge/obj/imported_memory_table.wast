;; tests/edge/obj: imported memory and table (wasmc --emit=obj --allow-imports),
;; zero-page and no-access memories, empty segments at the end, exports of
;; every kind, tail calls through imported functions and an imported table;
;; checked by wabt's spectest-interp and by wasmc in every mode
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

;; Tail calls across modules (tail-call proposal), through imported
;; functions and an imported table.  $b makes
;; return_call to its imports and return_call_indirect through a table $a
;; exports, and $a back through it: to a function that makes tail calls
;; itself (a funcref with a tail-call entry: a jump), and to functions that
;; make none (an ordinary call, then a return).  $b's ping and $a's pong call
;; each other 1,000 times (the reference, wabt 1.0.32's spectest-interp,
;; exhausts its call stack on 1,000,000 tail calls between two modules; $a's
;; count makes 1,000,000 within one).  return_call_indirect keeps
;; call_indirect's traps.  (tests/lowering/tail_calls.wat checks the constant
;; native stack: 10^8 calls.)
(module $a
  (type $t (func (param i64 i64) (result i64)))
  (table (export "tab") 4 funcref)
  (func $mul (export "mul") (type $t) (i64.mul (local.get 0) (local.get 1)))
  (func $three (param i64 i64 i64) (result i64) (i64.add (local.get 0) (local.get 2)))
  ;; pong(n, acc): n = 0: acc, else ping(n - 1, acc + 1) in $b (table slot 3)
  (func $pong (export "pong") (type $t)
    (if (i64.eqz (local.get 0)) (then (return (local.get 1))))
    (return_call_indirect (type $t) (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 1))
      (i32.const 3)))
  ;; count(n, acc): a tail-call entry that calls itself
  (func $count (export "count") (type $t)
    (if (i64.eqz (local.get 0)) (then (return (local.get 1))))
    (return_call $count (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 2))))
  (elem (i32.const 0) $mul $three $pong))
(register "a" $a)

(module $b
  (type $t (func (param i64 i64) (result i64)))
  (import "a" "mul" (func $mul (type $t)))
  (import "a" "pong" (func $pong (type $t)))
  (import "a" "count" (func $count (type $t)))
  (import "a" "tab" (table $tab 4 funcref))
  ;; ping(n, acc): n = 0: acc, else pong(n - 1, acc + 2) in $a
  (func $ping (export "ping") (type $t)
    (if (i64.eqz (local.get 0)) (then (return (local.get 1))))
    (return_call $pong (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 2))))
  (elem (table $tab) (i32.const 3) func $ping)
  (func (export "to_mul") (param i64) (result i64) (return_call $mul (local.get 0) (i64.const 3)))
  (func (export "to_count") (param i64) (result i64) (return_call $count (local.get 0) (i64.const 0)))
  (func (export "ind") (param i64 i32) (result i64)
    (return_call_indirect $tab (type $t) (local.get 0) (i64.const 5) (local.get 1))))

(assert_return (invoke "to_mul" (i64.const 7)) (i64.const 21))
(assert_return (invoke "to_count" (i64.const 1000000)) (i64.const 2000000))
(assert_return (invoke "ind" (i64.const 7) (i32.const 0)) (i64.const 35))
(assert_return (invoke "ind" (i64.const 1000) (i32.const 2)) (i64.const 1505))
(assert_return (invoke "ind" (i64.const 1001) (i32.const 3)) (i64.const 1507))
(assert_return (invoke "ping" (i64.const 1000) (i64.const 0)) (i64.const 1500))
(assert_trap (invoke "ind" (i64.const 1) (i32.const 1)) "indirect call type mismatch")
(assert_trap (invoke "ind" (i64.const 1) (i32.const 4)) "undefined element")
