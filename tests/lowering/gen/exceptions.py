import math
from fractions import Fraction

from watgen import Module


M64 = (1 << 64) - 1


def saved_regs(n):
    """$saved_regs(n) (i64 results as unsigned)."""
    x = n & M64
    for _ in range(6):  # $clobber levels 6..1 pass a + b down; level 0 throws x
        x = (3 * x + (x ^ 0x5555)) & M64
    rotl13 = ((n & M64) << 13 | (n & M64) >> 51) & M64
    t = math.trunc(Fraction(n) * Fraction(9, 4) + 3)  # u + v + w, exact in f64 here
    return (x + 7 * n + ((n & M64) ^ 0x0f0f0f0f) + rotl13 + (n + 0x1234) + n * n + t) & M64


def build():
    m = Module('exceptions.wat', header='''\
Exception handling (legacy proposal: try/catch/catch_all/delegate, throw,
rethrow): payloads of every value type (NaN bits kept), clause order, catch_all,
exceptions crossing calls, call_indirect and recursion, locals written in the
try body seen by the catch, try with params and multi-value results, rethrow
(also after an inner catch of the same exception, and in a loop), delegate to
an outer try, to a block and to the caller, branches and returns out of
catches, many throws in a loop, and values a catching function keeps in
callee-saved registers across a throw from frames that use those registers
too (the unwinder restores every frame's saved registers).''',
               directives=['expect-never-calls: _Unwind_ForcedUnwind'])
    m.field('''(tag $e_i32 (param i32))
(tag $e_i64 (param i64))
(tag $e_f32 (param f32))
(tag $e_f64 (param f64))
(tag $e_v128 (param v128))
(tag $e_mix (param i32 i64 f64))
(tag $e_none)
(type $t_i32_i32 (func (param i32) (result i32)))
(table $tab 2 funcref)
(elem (table $tab) (i32.const 0) func $thrower $thrower_none)

;; throws $e_i32 x when x >= 10, $e_none when x < 0, else returns x + 1
(func $thrower (param i32) (result i32)
  (if (i32.lt_s (local.get 0) (i32.const 0)) (then (throw $e_none)))
  (if (i32.ge_s (local.get 0) (i32.const 10)) (then (throw $e_i32 (local.get 0))))
  (i32.add (local.get 0) (i32.const 1)))
(func $thrower_none (param i32) (result i32) (throw $e_none))

;; catch clauses in order; catch_all last
(func $classify (param i32) (result i32)
  (try (result i32)
    (do (call $thrower (local.get 0)))
    (catch $e_none (i32.const -1))
    (catch $e_i32 (i32.add (i32.const 1000)))
    (catch_all (i32.const -2))))

(func $via_table (param i32 i32) (result i32)
  (try (result i32)
    (do (call_indirect $tab (type $t_i32_i32) (local.get 0) (local.get 1)))
    (catch $e_i32)
    (catch_all (i32.const 77))))

;; depth-deep recursion, then throw: the catch at the top gets the payload
(func $deep (param i32) (result i32)
  (if (i32.eqz (local.get 0)) (then (throw $e_i64 (i64.const 0x123456789))))
  (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
(func $deep_catch (param i32) (result i64)
  (try (result i64)
    (do (drop (call $deep (local.get 0))) (i64.const 0))
    (catch $e_i64)))

(func $pass_f32 (param f32) (result i32)
  (try (result i32) (do (throw $e_f32 (local.get 0))) (catch $e_f32 (i32.reinterpret_f32))))
(func $pass_f64 (param f64) (result i64)
  (try (result i64) (do (throw $e_f64 (local.get 0))) (catch $e_f64 (i64.reinterpret_f64))))
;; payload lanes survive; the catch's payload is a v128 value
(func $pass_v128 (param i64 i64) (result i64) (local $v v128)
  (try (result i64)
    (do (throw $e_v128 (i64x2.replace_lane 1 (i64x2.splat (local.get 0)) (local.get 1))))
    (catch $e_v128
      (local.set $v)
      (i64.xor (i64x2.extract_lane 0 (local.get $v))
               (i64.rotl (i64x2.extract_lane 1 (local.get $v)) (i64.const 1))))))
;; three payload values in order
(func $pass_mix (param i32) (result i64) (local $x i32) (local $l i64) (local $d f64)
  (try (result i64)
    (do (throw $e_mix (local.get 0) (i64.const -5) (f64.const 2.5)))
    (catch $e_mix
      (local.set $d) (local.set $l) (local.set $x)
      (i64.add (i64.add (i64.trunc_f64_s (f64.mul (local.get $d) (f64.const 4))) (local.get $l))
               (i64.extend_i32_s (local.get $x))))))

;; a local written in the try body before the throw is seen by the catch
(func $local_seen (param i32) (result i32) (local $l i32)
  (local.set $l (i32.const 5))
  (try
    (do (local.set $l (i32.mul (local.get 0) (i32.const 3)))
        (drop (call $thrower (local.get $l)))
        (local.set $l (i32.const -100)))
    (catch_all (local.set $l (i32.add (local.get $l) (i32.const 1)))))
  (local.get $l))

;; try with a param and two results
(func $try_params (param i32) (result i32 i32)
  (local.get 0)
  (try (param i32) (result i32 i32)
    (do (i32.const 1) (i32.add) (call $thrower) (i32.const 2))
    (catch $e_i32 (i32.const 3))))
(func $try_params_sum (param i32) (result i32)
  (i32.add (i32.mul (call $try_params (local.get 0)) (i32.const 10))))

;; rethrow to an outer catch
(func $rethrow_out (param i32) (result i32)
  (try (result i32)
    (do (try (result i32)
          (do (call $thrower (local.get 0)))
          (catch_all (rethrow 0))))
    (catch $e_i32 (i32.const 1) (i32.add))
    (catch $e_none (i32.const -7))))

;; the exception caught by catch_all is rethrown, caught again inside the
;; catch_all body, and rethrown a second time: still the same payload
(func $rethrow_twice (param i32) (result i32) (local $n i32)
  (try (result i32)
    (do (try (result i32)
          (do (call $thrower (local.get 0)))
          (catch_all
            (try (do (rethrow 1)) (catch $e_i32 (local.set $n))
              (catch_all (local.set $n (i32.const -3))))
            (rethrow 0))))
    (catch $e_i32 (i32.add (local.get $n)))))

;; rethrow in a loop: sum of 20 payloads caught after a rethrow each
(func $rethrow_loop (result i32) (local $i i32) (local $s i32)
  (loop $l
    (try
      (do (try (do (throw $e_i32 (local.get $i))) (catch $e_i32 drop (rethrow 0))))
      (catch $e_i32 (local.set $s (i32.add (local.get $s)))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $l (i32.lt_u (local.get $i) (i32.const 20))))
  (local.get $s))

;; a branch out of a catch that may rethrow, and a return from one
(func $br_out_of_catch (param i32) (result i32) (local $p i32)
  (block $out (result i32)
    (try
      (do (drop (call $thrower (local.get 0))))
      (catch $e_i32
        (local.set $p)
        (br_if $out (i32.const 50) (i32.eq (local.get $p) (i32.const 10)))
        (rethrow 0)))
    (i32.const 60)))
(func $br_out_outer (param i32) (result i32)
  (try (result i32) (do (call $br_out_of_catch (local.get 0))) (catch $e_i32 (i32.const 70) (i32.add))))
(func $return_from_catch (param i32) (result i32)
  (try
    (do (drop (call $thrower (local.get 0))))
    (catch_all
      (if (i32.eq (local.get 0) (i32.const 11)) (then (rethrow 1)))
      (return (i32.const 80))))
  (i32.const 90))
(func $return_outer (param i32) (result i32)
  (try (result i32) (do (call $return_from_catch (local.get 0))) (catch $e_i32)))

;; delegate to an outer try (skipping the inner catch_all), to a block
;; (the next handler outside it), and to the caller
(func $delegate_try (param i32) (result i32)
  (try (result i32)
    (do (try (result i32)
          (do (try (result i32) (do (call $thrower (local.get 0))) (delegate 1)))
          (catch_all (i32.const -1))))
    (catch $e_i32 (i32.const 2) (i32.mul))))
(func $delegate_block (param i32) (result i32)
  (try (result i32)
    (do (block (result i32)
          (try (result i32) (do (call $thrower (local.get 0))) (delegate 0))))
    (catch $e_i32 (i32.const 3) (i32.mul))))
(func $delegate_caller_inner (param i32) (result i32)
  (try (result i32)
    (do (try (result i32) (do (call $thrower (local.get 0))) (delegate 1)))
    (catch_all (i32.const -1))))
(func $delegate_caller (param i32) (result i32)
  (try (result i32) (do (call $delegate_caller_inner (local.get 0))) (catch $e_i32 (i32.const 4) (i32.mul))))

;; an uncaught tag passes through a try whose clauses do not match
(func $no_match (param i32) (result i32)
  (try (result i32)
    (do (try (result i32) (do (call $thrower (local.get 0))) (catch $e_none (i32.const -1))))
    (catch $e_i32 (i32.const 5) (i32.mul))))

;; callee-saved registers: every level keeps values live across its call
;; (so it saves its caller's registers and uses them), the last one throws
;; x; $saved_regs keeps eight values live across the try, in registers the
;; levels below reused, and uses them after the catch (runtime/src/
;; wrt_unwind.c restores each frame's saved registers from its CFI row)
(func $clobber (param $d i32) (param $x i64) (result i64)
  (local $a i64) (local $b i64) (local $c i64) (local $e i64) (local $f f64) (local $g f64)
  (local.set $a (i64.mul (local.get $x) (i64.const 3)))
  (local.set $b (i64.xor (local.get $x) (i64.const 0x5555)))
  (local.set $c (i64.rotl (local.get $x) (i64.const 7)))
  (local.set $e (i64.add (local.get $x) (i64.const 99)))
  (local.set $f (f64.convert_i64_s (local.get $x)))
  (local.set $g (f64.mul (local.get $f) (f64.const 1.5)))
  (if (i32.eqz (local.get $d)) (then (throw $e_i64 (local.get $x))))
  (i64.add (call $clobber (i32.sub (local.get $d) (i32.const 1)) (i64.add (local.get $a) (local.get $b)))
    (i64.add (i64.add (local.get $a) (local.get $c))
      (i64.add (local.get $e) (i64.reinterpret_f64 (f64.add (local.get $f) (local.get $g)))))))
(func $saved_regs (param $n i64) (result i64)
  (local $p i64) (local $q i64) (local $r i64) (local $s i64) (local $t i64)
  (local $u f64) (local $v f64) (local $w f64) (local $got i64)
  (local.set $p (i64.mul (local.get $n) (i64.const 7)))
  (local.set $q (i64.xor (local.get $n) (i64.const 0x0f0f0f0f)))
  (local.set $r (i64.rotl (local.get $n) (i64.const 13)))
  (local.set $s (i64.add (local.get $n) (i64.const 0x1234)))
  (local.set $t (i64.mul (local.get $n) (local.get $n)))
  (local.set $u (f64.convert_i64_s (local.get $n)))
  (local.set $v (f64.mul (local.get $u) (f64.const 0.25)))
  (local.set $w (f64.add (local.get $u) (f64.const 3)))
  (local.set $got
    (try (result i64)
      (do (call $clobber (i32.const 6) (local.get $n)))
      (catch $e_i64)))
  (i64.add (i64.add (i64.add (local.get $got) (local.get $p)) (i64.add (local.get $q) (local.get $r)))
    (i64.add (i64.add (local.get $s) (local.get $t))
      (i64.trunc_f64_s (f64.add (f64.add (local.get $u) (local.get $v)) (local.get $w))))))

;; 100000 throws and catches
(func $many_throws (result i32) (local $i i32) (local $s i32)
  (loop $l
    (local.set $s (i32.add (local.get $s)
      (try (result i32) (do (call $thrower (i32.add (local.get $i) (i32.const 10)))) (catch $e_i32 (i32.const 1) (i32.and)))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $l (i32.lt_u (local.get $i) (i32.const 100000))))
  (local.get $s))''')
    m.group('t_exceptions')
    m.expr('i32', 'classify(3)', '(call $classify {0})', [('i32', 3)], 4)
    m.expr('i32', 'classify(12)', '(call $classify {0})', [('i32', 12)], 1012)
    m.expr('i32', 'classify(-5)', '(call $classify {0})', [('i32', -5)], -1)
    m.expr('i32', 'via_table(15,0)', '(call $via_table {0} {1})', [('i32', 15), ('i32', 0)], 15)
    m.expr('i32', 'via_table(4,0)', '(call $via_table {0} {1})', [('i32', 4), ('i32', 0)], 5)
    m.expr('i32', 'via_table(4,1)', '(call $via_table {0} {1})', [('i32', 4), ('i32', 1)], 77)
    m.expr('i64', 'deep_catch(1000)', '(call $deep_catch {0})', [('i32', 1000)], 0x123456789)
    m.expr('i64', 'deep_catch(0)', '(call $deep_catch {0})', [('i32', 0)], 0x123456789)
    m.expr('i32', 'pass_f32(snan)', '(call $pass_f32 {0})', [('f32', 'nan:0x200001')], 0x7fa00001)
    m.expr('i32', 'pass_f32(-0)', '(call $pass_f32 {0})', [('f32', '-0x0p+0')], 0x80000000)
    m.expr('i64', 'pass_f64(-snan)', '(call $pass_f64 {0})', [('f64', '-nan:0x4000000000001')],
           0xfff4000000000001)
    m.expr('i64', 'pass_v128', '(call $pass_v128 {0} {1})', [('i64', 0x1111), ('i64', 0x8000000000000001)],
           0x1112)
    m.expr('i64', 'pass_mix(7)', '(call $pass_mix {0})', [('i32', 7)], 12)
    m.expr('i32', 'local_seen(4)', '(call $local_seen {0})', [('i32', 4)], 13)
    m.expr('i32', 'local_seen(2)', '(call $local_seen {0})', [('i32', 2)], -100)
    m.expr('i32', 'try_params_sum(5)', '(call $try_params_sum {0})', [('i32', 5)], 27)
    m.expr('i32', 'try_params_sum(20)', '(call $try_params_sum {0})', [('i32', 20)], 51)
    m.expr('i32', 'rethrow_out(30)', '(call $rethrow_out {0})', [('i32', 30)], 31)
    m.expr('i32', 'rethrow_out(-1)', '(call $rethrow_out {0})', [('i32', -1)], -7)
    m.expr('i32', 'rethrow_out(1)', '(call $rethrow_out {0})', [('i32', 1)], 2)
    m.expr('i32', 'rethrow_twice(40)', '(call $rethrow_twice {0})', [('i32', 40)], 80)
    m.check('i32', 'rethrow_loop', '(call $rethrow_loop)', 190)
    m.expr('i32', 'br_out_outer(10)', '(call $br_out_outer {0})', [('i32', 10)], 50)
    m.expr('i32', 'br_out_outer(12)', '(call $br_out_outer {0})', [('i32', 12)], 82)
    m.expr('i32', 'br_out_outer(1)', '(call $br_out_outer {0})', [('i32', 1)], 60)
    m.expr('i32', 'return_outer(10)', '(call $return_outer {0})', [('i32', 10)], 80)
    m.expr('i32', 'return_outer(11)', '(call $return_outer {0})', [('i32', 11)], 11)
    m.expr('i32', 'return_outer(1)', '(call $return_outer {0})', [('i32', 1)], 90)
    m.expr('i32', 'delegate_try(10)', '(call $delegate_try {0})', [('i32', 10)], 20)
    m.expr('i32', 'delegate_try(3)', '(call $delegate_try {0})', [('i32', 3)], 4)
    m.expr('i32', 'delegate_block(11)', '(call $delegate_block {0})', [('i32', 11)], 33)
    m.expr('i32', 'delegate_caller(12)', '(call $delegate_caller {0})', [('i32', 12)], 48)
    m.expr('i32', 'delegate_caller(2)', '(call $delegate_caller {0})', [('i32', 2)], 3)
    m.expr('i32', 'no_match(13)', '(call $no_match {0})', [('i32', 13)], 65)
    m.check('i32', 'many_throws', '(call $many_throws)', 50000)
    # twice each: the second throw from the same call sites uses the rows
    # the first one decoded
    for n in (12345, 12345, -987654321, -987654321):
        m.expr('i64', f'saved_regs({n})', '(call $saved_regs {0})', [('i64', n)], saved_regs(n))
    return m
