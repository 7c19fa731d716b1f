;; Tail calls (tail-call proposal: return_call, return_call_indirect),
;; written by hand.  even(10^8) makes 10^8 tail calls (mutual recursion
;; through return_call and return_call_indirect), the other loops 10^6 to
;; 10^7: in any stack that is not constant they would exhaust it (the
;; executable's stack is 8 MiB, a frame at least 16 bytes) and trap with
;; "call stack exhausted".  The callees have
;; other signatures than their callers (more parameters than fit in
;; registers on x86-64 and AArch64, floats, v128, several results), go
;; through a table, through funcrefs of functions that make no tail call
;; (an ordinary call, then a return), and out of a try block (the caller's
;; handler no longer applies).
;; 17 checks.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "FAIL tail_calls.wat: ")
  (data (i32.const 512) "\nok  checks\n")
  (global $checks (mut i32) (i32.const 0))
  (global $failures (mut i32) (i32.const 0))
  ;; Always 0; exported and mutable so the compiler cannot assume its value.
  (global $opaque_zero (export "opaque_zero") (mut i32) (i32.const 0))

  (func $write (param $p i32) (param $n i32)
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (local.get $n))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  ;; case names are 8 bytes at 0x400 + 8 * id
  (func $check (param $id i32) (param $got i64) (param $exp i64)
    (global.set $checks (i32.add (global.get $checks) (i32.const 1)))
    (if (i64.ne (local.get $got) (local.get $exp))
      (then
        (global.set $failures (i32.add (global.get $failures) (i32.const 1)))
        (call $write (i32.const 64) (i32.const 21))
        (call $write (i32.add (i32.const 0x400) (i32.shl (local.get $id) (i32.const 3))) (i32.const 8))
        (call $write (i32.const 512) (i32.const 1)))))
  (func $report (local $n i32) (local $p i32)
    (call $write (i32.const 513) (i32.const 3))
    (local.set $n (global.get $checks))
    (local.set $p (i32.const 48))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digit (local.get $n)))
    (call $write (local.get $p) (i32.sub (i32.const 48) (local.get $p)))
    (call $write (i32.const 516) (i32.const 8)))
  (data (i32.const 0x400) "evenodd even_odd mutual1 mutual2 mutualf mv_sum  mv_a    mv_b    ")
  (data (i32.const 0x440) "plain   plain_in host    try     try_in  v128    sum_ind mvleaf  mvleafi ")

  (type $t_even (func (param i64) (result i32)))
  (type $t_odd (func (param i32 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 f64) (result i32)))
  (type $t_mv (func (param i32 i64) (result i32 i64 f64)))
  (type $t_sum (func (param i64 i64) (result i64)))
  (table $tab funcref (elem $even $odd $mv_b $sum_ind $leaf $plain2 $vec $mv_leaf))

  ;; even(n) / odd(...): mutual recursion, n tail calls in all
  (func $even (type $t_even) (param $n i64) (result i32)
    (if (i64.eqz (local.get $n)) (then (return (i32.const 1))))
    (return_call $odd (i32.const 7) (i64.sub (local.get $n) (i64.const 1))
      (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6) (i64.const 7)
      (i64.const 8) (i64.const 9) (f64.const 0.5)))
  (func $odd (type $t_odd) (param $k i32) (param $n i64) (param i64 i64 i64 i64 i64 i64 i64 i64 i64) (param $x f64)
    (result i32)
    ;; the stack arguments must arrive intact
    (if (i32.or (i64.ne (local.get 10) (i64.const 9)) (f64.ne (local.get $x) (f64.const 0.5)))
      (then (return (i32.const -1))))
    (if (i64.eqz (local.get $n)) (then (return (i32.const 0))))
    ;; half of the odd steps go through the table
    (if (i64.eqz (i64.and (local.get $n) (i64.const 2)))
      (then (return_call_indirect $tab (type $t_even) (i64.sub (local.get $n) (i64.const 1)) (i32.const 0))))
    (return_call $even (i64.sub (local.get $n) (i64.const 1))))

  ;; sum(n, acc) = acc + n + (n-1) + ... + 1, through the table only
  (func $sum_ind (type $t_sum) (param $n i64) (param $acc i64) (result i64)
    (if (i64.eqz (local.get $n)) (then (return (local.get $acc))))
    (return_call_indirect $tab (type $t_sum)
      (i64.sub (local.get $n) (i64.const 1)) (i64.add (local.get $acc) (local.get $n))
      (i32.add (i32.const 3) (global.get $opaque_zero))))
  (func $sum_dir (param $n i64) (param $acc i64) (result i64)
    (if (i64.eqz (local.get $n)) (then (return (local.get $acc))))
    (return_call $sum_dir (i64.sub (local.get $n) (i64.const 1)) (i64.add (local.get $acc) (local.get $n))))

  ;; several results: mv_a and mv_b pass the results on to the end
  (func $mv_a (type $t_mv) (param $n i32) (param $acc i64) (result i32 i64 f64)
    (if (i32.eqz (local.get $n))
      (then (return (i32.const 42) (local.get $acc) (f64.const 2.5))))
    (return_call_indirect $tab (type $t_mv) (i32.sub (local.get $n) (i32.const 1))
      (i64.add (local.get $acc) (i64.const 3)) (i32.const 2)))
  (func $mv_b (type $t_mv) (param $n i32) (param $acc i64) (result i32 i64 f64)
    (return_call $mv_a (local.get $n) (i64.add (local.get $acc) (i64.const 1))))

  ;; tail calls to functions that make none: an ordinary call and a return
  (func $leaf (type $t_sum) (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
  (func $plain (param $a i64) (result i64)
    (return_call $leaf (local.get $a) (i64.const 3)))
  (func $plain2 (param $a i64) (result i64) (i64.add (local.get $a) (i64.const 1)))
  (func $plain_ind (param $a i64) (result i64)
    (return_call_indirect $tab (param i64) (result i64) (local.get $a) (i32.const 5)))
  ;; several results from a function that makes no tail call
  (func $mv_leaf (type $t_mv) (param i32 i64) (result i32 i64 f64)
    (local.get 0) (local.get 1) (f64.const 1.5))
  (func $mv_to_leaf (type $t_mv) (param i32 i64) (result i32 i64 f64)
    (return_call $mv_leaf (i32.add (local.get 0) (i32.const 1)) (local.get 1)))
  (func $mv_to_leaf_ind (type $t_mv) (param i32 i64) (result i32 i64 f64)
    (return_call_indirect $tab (type $t_mv) (local.get 0) (i64.add (local.get 1) (i64.const 1)) (i32.const 7)))
  (func $mv_pack (param i32 i64 f64) (result i64)
    (i64.add (i64.add (i64.extend_i32_s (local.get 0)) (i64.mul (local.get 1) (i64.const 1000)))
      (i64.trunc_f64_s (f64.mul (local.get 2) (f64.const 1000000)))))
  ;; to a host function
  (func $host (result i32)
    (i32.store (i32.const 16) (i32.const 0x600))
    (i32.store (i32.const 20) (i32.const 0))
    (return_call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))

  ;; out of a try: the exception thrown by the callee is not caught here
  (tag $e (param i32))
  (func $thrower (param $v i32) (result i32) (throw $e (local.get $v)))
  (func $leave_try (param $v i32) (result i32)
    (try (result i32)
      (do (return_call $thrower (local.get $v)))
      (catch_all (i32.const -1))))
  (func $catch_outside (param $v i32) (result i32)
    (try (result i32)
      (do (call $leave_try (local.get $v)))
      (catch $e (i32.add (i32.const 1000)))))

  ;; a v128 argument in a chain of 10 tail calls
  (func $vec (param $n i32) (param $v v128) (result i64)
    (if (i32.eqz (local.get $n)) (then (return (i64x2.extract_lane 1 (local.get $v)))))
    (return_call $vec2 (i64x2.add (local.get $v) (v128.const i64x2 1 2)) (local.get $n)))
  (func $vec2 (param $v v128) (param $n i32) (result i64)
    (return_call_indirect $tab (param i32 v128) (result i64) (i32.sub (local.get $n) (i32.const 1))
      (local.get $v) (i32.const 6)))

  (func $_start (export "_start") (local $r i32) (local $i i64) (local $f f64)
    (call $check (i32.const 0) (i64.extend_i32_s (call $even (i64.const 100000000))) (i64.const 1))
    (call $check (i32.const 1) (i64.extend_i32_s (call $even (i64.const 1000001))) (i64.const 0))
    (call $check (i32.const 2) (i64.extend_i32_s (call_indirect $tab (type $t_odd)
      (i32.const 7) (i64.const 999999) (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5)
      (i64.const 6) (i64.const 7) (i64.const 8) (i64.const 9) (f64.const 0.5) (i32.const 1))) (i64.const 1))
    (call $check (i32.const 3) (call $sum_ind (i64.const 1000000) (i64.const 0)) (i64.const 500000500000))
    (call $check (i32.const 4) (call $sum_dir (i64.const 10000000) (i64.const 7)) (i64.const 50000005000007))
    (call $mv_b (i32.const 1000000) (i64.const 0))
    (local.set $f)
    (local.set $i)
    (local.set $r)
    (call $check (i32.const 5) (i64.extend_i32_s (local.get $r)) (i64.const 42))
    (call $check (i32.const 6) (local.get $i) (i64.const 4000001))
    (call $check (i32.const 7) (i64.reinterpret_f64 (local.get $f)) (i64.reinterpret_f64 (f64.const 2.5)))
    (call $check (i32.const 8) (call $plain (i64.const 5)) (i64.const 15))
    (call $check (i32.const 9) (call $plain_ind (i64.const 5)) (i64.const 6))
    ;; fd_write of nothing: 0 (success), 0 bytes written
    (call $check (i32.const 10) (i64.extend_i32_s (call $host)) (i64.const 0))
    (call $check (i32.const 10) (i64.load (i32.const 24)) (i64.const 0))
    (call $check (i32.const 11) (i64.extend_i32_s (call $catch_outside (i32.const 5))) (i64.const 1005))
    (call $check (i32.const 13) (call $vec (i32.const 10) (v128.const i64x2 0 100)) (i64.const 120))
    (call $check (i32.const 15) (call $mv_pack (call $mv_to_leaf (i32.const 4) (i64.const 7))) (i64.const 1507005))
    (call $check (i32.const 16) (call $mv_pack (call $mv_to_leaf_ind (i32.const 4) (i64.const 7))) (i64.const 1508004))
    ;; the C-convention wrapper: the entry of a tail-calling function through a funcref
    (call $check (i32.const 14) (call_indirect $tab (type $t_sum) (i64.const 1000) (i64.const 1) (i32.const 3))
      (i64.const 500501))
    (call $report)
    (call $proc_exit (global.get $failures)))
)
