from watgen import Module

def big_br_table():
    # $bt_big: 16 targets returning 100+k, default 7 (large enough for a jump table)
    n = 16
    s = '(func $bt_big (param i32) (result i32)\n  (block $default\n'
    for k in reversed(range(n)):
        s += '  ' * 1 + '(block $c%d\n' % k
    s += '    (br_table %s $default (local.get 0))\n' % ' '.join('$c%d' % k for k in range(n))
    for k in range(n):
        s += '  ) (return (i32.const %d))\n' % (100 + k)
    s += '  )\n  (i32.const 7))'
    return s

def build():
    m = Module('control.wat', header='''\
select (untyped and typed, NaN bits preserved), br_table (out-of-range and
"negative" indices take the default; with a value; large table), nested
blocks/loops/ifs with results, br_if with a value, multi-value: a function
returning 3 values, swapping results, blocks/loops/ifs with params, multi-value
br and return, a call with 12 mixed-type parameters, recursion.''')
    m.field('''(func $bt (param i32) (result i32)
  (block $d
    (block $3
      (block $2
        (block $1
          (block $0 (br_table $0 $1 $2 $3 $d (local.get 0)))
          (return (i32.const 10)))
        (return (i32.const 11)))
      (return (i32.const 12)))
    (return (i32.const 13)))
  (i32.const 99))

;; br_table carrying a value: index 0 and default -> $a (then +1), index 1 -> $out
(func $bt_val (param i32) (result i32)
  (block $out (result i32)
    (i32.add
      (block $a (result i32) (br_table $a $out $a (i32.const 100) (local.get 0)))
      (i32.const 1))))
''' + big_br_table() + '''

(func $nested (param i32) (result i32)
  (block $outer (result i32)
    (i32.add
      (block $inner (result i32)
        (drop (br_if $outer (i32.const 1) (i32.eq (local.get 0) (i32.const 1))))
        (drop (br_if $inner (i32.const 2) (i32.eq (local.get 0) (i32.const 2))))
        (i32.const 3))
      (i32.const 10))))

;; sum 1..n with a loop that has a result
(func $loop_result (param i32) (result i32) (local i32)
  (loop $l (result i32)
    (local.set 1 (i32.add (local.get 1) (local.get 0)))
    (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
    (br_if $l (local.get 0))
    (local.get 1)))

(func $fact (param i64) (result i64) (local i64)
  (local.set 1 (i64.const 1))
  (block $done
    (loop $l
      (br_if $done (i64.le_u (local.get 0) (i64.const 1)))
      (local.set 1 (i64.mul (local.get 1) (local.get 0)))
      (local.set 0 (i64.sub (local.get 0) (i64.const 1)))
      (br $l)))
  (local.get 1))

(func $fib (param i32) (result i32)
  (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
    (then (local.get 0))
    (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                   (call $fib (i32.sub (local.get 0) (i32.const 2)))))))

;; first i*10+j with i*j == 42, i, j in 1..9 (labelled break out of two loops)
(func $find42 (result i32) (local $i i32) (local $j i32)
  (local.set $i (i32.const 1))
  (block $found
    (loop $li
      (local.set $j (i32.const 1))
      (loop $lj
        (br_if $found (i32.eq (i32.mul (local.get $i) (local.get $j)) (i32.const 42)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $lj (i32.le_u (local.get $j) (i32.const 9))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $li (i32.le_u (local.get $i) (i32.const 9))))
    (return (i32.const -1)))
  (i32.add (i32.mul (local.get $i) (i32.const 10)) (local.get $j)))

(func $if_chain (param i32) (result i64)
  (if (result i64) (i32.lt_s (local.get 0) (i32.const 0))
    (then (i64.const -1))
    (else (if (result i64) (i32.eqz (local.get 0))
      (then (i64.const 0))
      (else (i64.const 0x100000000))))))

(func $three (param i32) (result i32 i64 f64)
  (i32.add (local.get 0) (i32.const 1))
  (i64.mul (i64.extend_i32_s (local.get 0)) (i64.const 0x100000000))
  (f64.convert_i32_s (local.get 0)))

(func $swap (param i64 i64) (result i64 i64) (local.get 1) (local.get 0))

(func $mv_ret (param i32) (result i32 i32)
  (if (local.get 0) (then (return (i32.const 1) (i32.const 2))))
  (i32.const 3) (i32.const 4))

(func $many (param i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64) (result f64)
  (f64.add (f64.add (f64.add (f64.add
    (f64.add (f64.add (f64.add (f64.add
      (f64.add (f64.add (f64.add
        (f64.convert_i32_s (local.get 0))
        (f64.mul (f64.convert_i64_s (local.get 1)) (f64.const 2)))
        (f64.mul (f64.promote_f32 (local.get 2)) (f64.const 3)))
        (f64.mul (local.get 3) (f64.const 4)))
      (f64.mul (f64.convert_i32_s (local.get 4)) (f64.const 5)))
      (f64.mul (f64.convert_i64_s (local.get 5)) (f64.const 6)))
      (f64.mul (f64.promote_f32 (local.get 6)) (f64.const 7)))
      (f64.mul (local.get 7) (f64.const 8)))
    (f64.mul (f64.convert_i32_s (local.get 8)) (f64.const 9)))
    (f64.mul (f64.convert_i64_s (local.get 9)) (f64.const 10)))
    (f64.mul (f64.promote_f32 (local.get 10)) (f64.const 11)))
    (f64.mul (local.get 11) (f64.const 12))))''')
    m.group('t_select')
    m.expr('i32', 'select(1,2,0)', '(select {0} {1} {2})', [('i32', 1), ('i32', 2), ('i32', 0)], 2)
    m.expr('i32', 'select(1,2,1)', '(select {0} {1} {2})', [('i32', 1), ('i32', 2), ('i32', 1)], 1)
    m.expr('i32', 'select(1,2,0x80000000)', '(select {0} {1} {2})', [('i32', 1), ('i32', 2), ('i32', 0x80000000)], 1)
    m.expr('i32', 'select(1,2,-1)', '(select {0} {1} {2})', [('i32', 1), ('i32', 2), ('i32', -1)], 1)
    m.expr('i64', 'select.i64(0x100000000,5,0)', '(select {0} {1} {2})',
           [('i64', 0x100000000), ('i64', 5), ('i32', 0)], 5)
    m.expr('i64', 'select.i64(0x100000000,5,2)', '(select {0} {1} {2})',
           [('i64', 0x100000000), ('i64', 5), ('i32', 2)], 0x100000000)
    m.expr('f32', 'select.f32(snan,1.0,1)', '(select {0} {1} {2})',
           [('f32', 'nan:0x200001'), ('f32', '1.0'), ('i32', 1)], 0x7fa00001)
    m.expr('f32', 'select.f32(1.0,-snan,0)', '(select {0} {1} {2})',
           [('f32', '1.0'), ('f32', '-nan:0x1'), ('i32', 0)], 0xff800001)
    m.expr('f64', 'select.f64(snan,-0,1)', '(select {0} {1} {2})',
           [('f64', 'nan:0x4000000000001'), ('f64', '-0x0p+0'), ('i32', 1)], 0x7ff4000000000001)
    m.expr('f64', 'select.f64(1.0,-0,0)', '(select {0} {1} {2})',
           [('f64', '1.0'), ('f64', '-0x0p+0'), ('i32', 0)], 0x8000000000000000)
    m.expr('f64', 'typed-select.f64', '(select (result f64) {0} {1} {2})',
           [('f64', '2.5'), ('f64', 'nan:0x1'), ('i32', 0)], 0x7ff0000000000001)
    m.expr('i32', 'typed-select.i32', '(select (result i32) {0} {1} {2})',
           [('i32', 7), ('i32', 8), ('i32', 3)], 7)
    m.expr('i64', 'typed-select.i64', '(select (result i64) {0} {1} {2})',
           [('i64', -1), ('i64', 8), ('i32', 0)], 8)
    m.expr('f32', 'typed-select.f32', '(select (result f32) {0} {1} {2})',
           [('f32', '-nan:0x3'), ('f32', '8.0'), ('i32', 1)], 0xff800003)
    m.group('t_br_table')
    for idx, exp in ((0, 10), (1, 11), (2, 12), (3, 13), (4, 99), (5, 99), (100, 99),
                     (0x7fffffff, 99), (0x80000000, 99), (-1, 99)):
        m.expr('i32', 'br_table(%s)' % hex(idx) if idx >= 0 else 'br_table(%d)' % idx,
               '(call $bt {0})', [('i32', idx)], exp)
    for idx, exp in ((0, 101), (1, 100), (2, 101), (-1, 101)):
        m.expr('i32', 'br_table-value(%d)' % idx, '(call $bt_val {0})', [('i32', idx)], exp)
    for idx, exp in ((0, 100), (7, 107), (15, 115), (16, 7), (17, 7), (-16, 7), (0x80000000, 7)):
        m.expr('i32', 'br_table-16(%d)' % idx, '(call $bt_big {0})', [('i32', idx)], exp)
    m.group('t_blocks')
    for a, exp in ((1, 1), (2, 12), (5, 13), (0, 13)):
        m.expr('i32', 'nested-br_if-value(%d)' % a, '(call $nested {0})', [('i32', a)], exp)
    m.expr('i32', 'loop-result-sum(100)', '(call $loop_result {0})', [('i32', 100)], 5050)
    m.expr('i32', 'loop-result-sum(1)', '(call $loop_result {0})', [('i32', 1)], 1)
    m.expr('i64', 'fact(20)', '(call $fact {0})', [('i64', 20)], 0x21c3677c82b40000)
    m.expr('i64', 'fact(0)', '(call $fact {0})', [('i64', 0)], 1)
    m.expr('i32', 'fib(20)', '(call $fib {0})', [('i32', 20)], 6765)
    m.check('i32', 'break-out-of-two-loops', '(call $find42)', 67)
    m.expr('i64', 'if-chain(-5)', '(call $if_chain {0})', [('i32', -5)], 0xffffffffffffffff)
    m.expr('i64', 'if-chain(0)', '(call $if_chain {0})', [('i32', 0)], 0)
    m.expr('i64', 'if-chain(0x80000000)', '(call $if_chain {0})', [('i32', 0x80000000)], 0xffffffffffffffff)
    m.expr('i64', 'if-chain(7)', '(call $if_chain {0})', [('i32', 7)], 0x100000000)
    m.expr('i32', 'block-result-br-skips-rest',
           '(block $b (result i32) (br $b {0}) (i32.const 5))', [('i32', 9)], 9)
    m.expr('f64', 'if-result-f64',
           '(if (result f64) {0} (then (f64.const -0x0p+0)) (else (f64.const 1.0)))', [('i32', 1)], '-0x0p+0')
    m.group('t_multi_value')
    m.expr('i32', 'three-values.0', '(block (result i32) (call $three {0}) drop drop)', [('i32', -3)], 0xfffffffe)
    m.expr('i64', 'three-values.1', '(block (result i64) (call $three {0}) drop (local.set 2) drop (local.get 2))',
           [('i32', -3)], 0xfffffffd00000000)
    m.expr('f64', 'three-values.2', '(block (result f64) (call $three {0}) (local.set 4) drop drop (local.get 4))',
           [('i32', -3)], '-3.0')
    m.expr('i64', 'swap-then-sub', '(i64.sub (call $swap {0} {1}))', [('i64', 10), ('i64', 3)], 0xfffffffffffffff9)
    m.expr('i32', 'block-params-add', '(block (result i32) {0} {1} (block (param i32 i32) (result i32) i32.add))',
           [('i32', 3), ('i32', 4)], 7)
    m.expr('i32', 'block-params-sub-order', '(block (result i32) {0} {1} (block (param i32 i32) (result i32) i32.sub))',
           [('i32', 3), ('i32', 4)], 0xffffffff)
    m.expr('i32', 'block-multi-result', '(i32.sub (block (result i32 i32) {0} {1}))', [('i32', 10), ('i32', 4)], 6)
    m.expr('i32', 'loop-params-sum', '''(block (result i32)
        {0} {1}
        (loop $l (param i32 i32) (result i32)
          local.set 1 local.get 1 i32.add
          local.get 1 i32.const 1 i32.sub local.tee 1
          local.get 1
          br_if $l
          drop))''', [('i32', 0), ('i32', 10)], 55)
    m.expr('i32', 'if-params-then', '(block (result i32) {0} (if (param i32) (result i32) {1} (then i32.const 100 i32.add) (else i32.const 100 i32.sub)))',
           [('i32', 5), ('i32', 1)], 105)
    m.expr('i32', 'if-params-else', '(block (result i32) {0} (if (param i32) (result i32) {1} (then i32.const 100 i32.add) (else i32.const 100 i32.sub)))',
           [('i32', 5), ('i32', 0)], 0xffffffa1)
    m.expr('i64', 'br-multi-value', '''(block (result i64)
        (block $b (result i32 i64) {0} {1} (br $b) (i32.const 0) (i64.const 0))
        (local.set 2) (i64.extend_i32_u) (i64.add (local.get 2)) (i64.mul (i64.const 3)))''',
           [('i32', 7), ('i64', 0x100000000)], 0x300000015)
    m.expr('i32', 'return-multi-early', '(i32.sub (call $mv_ret {0}))', [('i32', 1)], 0xffffffff)
    m.expr('i32', 'return-multi-late', '(i32.sub (call $mv_ret {0}))', [('i32', 0)], 0xffffffff)
    m.expr('i32', 'return-multi-late-sum', '(i32.add (call $mv_ret {0}))', [('i32', 0)], 7)
    m.expr('f64', 'call-12-mixed-params',
           '(call $many {0} {1} {2} {3} {4} {5} {6} {7} {8} {9} {10} {11})',
           [('i32', 1), ('i64', 2), ('f32', '3.0'), ('f64', '4.0'), ('i32', 5), ('i64', 6),
            ('f32', '7.0'), ('f64', '8.0'), ('i32', 9), ('i64', 10), ('f32', '11.0'), ('f64', '12.0')],
           '650.0')
    return m
