from watgen import Module

Z16 = ' '.join(['0'] * 16)
SEQ_A = ' '.join(str(i) for i in range(16))        # bytes 0..15
SEQ_B = ' '.join(str(i) for i in range(16, 32))    # bytes 16..31


def rt(v):
    """`v` (a v128 expression) routed through $o_v128: only known at run time."""
    return '(call $o_v128 %s)' % v


def build():
    m = Module('simd.wat', header='''\
SIMD128 (0xfd prefix) in whole programs: v128 params/results/multi-value,
locals, block results and loop-carried values, mutable and immutable v128
globals, select, unaligned v128 memory access, extending/splat/zero/lane
loads and lane stores, and the operations whose wasm semantics differ from the
obvious LLVM instruction (masked shift counts, swizzle out of range, saturating
narrow/trunc_sat, min/max NaN and -0, pmin/pmax, q15mulr, dot, avgr_u).
Operands are constants or routed through $o_v128 (run-time values).''')
    m.field('''(global $gv (mut v128) (v128.const i32x4 1 2 3 4))
(global $cv v128 (v128.const i64x2 0x1111222233334444 0x5555666677778888))

(func $o_v128 (param v128) (result v128)
  (v128.xor (local.get 0) (i64x2.splat (i64.extend_i32_u (global.get $opaque_zero)))))
(func $addv (param v128 v128) (result v128) (i32x4.add (local.get 0) (local.get 1)))
(func $swap (param v128 v128) (result v128 v128) (local.get 1) (local.get 0))
;; sum of the n (multiple of 16) bytes at p, with a v128 accumulator in a loop
(func $sum_bytes (param $p i32) (param $n i32) (result i32) (local $acc v128)
  (loop $next
    (local.set $acc (i32x4.add (local.get $acc)
      (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (v128.load (local.get $p))))))
    (local.set $p (i32.add (local.get $p) (i32.const 16)))
    (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 16)))))
  (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
           (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))''')

    m.group('t_values', 'v128 through calls, blocks, select, globals')
    m.check('i64', 'const-lo', '(i64x2.extract_lane 0 (v128.const i64x2 0x0123456789abcdef 7))', 0x0123456789abcdef)
    m.check('i64', 'const-hi', '(i64x2.extract_lane 1 (v128.const i64x2 0x0123456789abcdef 7))', 7)
    m.check('i32', 'call-param-result',
            '(i32x4.extract_lane 2 (call $addv %s (v128.const i32x4 10 20 30 40)))' % rt('(v128.const i32x4 1 2 3 4)'), 33)
    m.check('i32', 'multi-value-swap',
            '(i32x4.extract_lane 0 (block (result v128) (call $swap (v128.const i32x4 1 0 0 0) (v128.const i32x4 2 0 0 0)) (drop)))', 2)
    m.check('i32', 'block-result-br_if',
            '(i32x4.extract_lane 1 (block (result v128) (drop (br_if 0 (v128.const i32x4 5 6 7 8) (call $o_i32 (i32.const 1)))) (v128.const i32x4 0 0 0 0)))', 6)
    m.check('i32', 'select',
            '(i8x16.extract_lane_u 15 (select (result v128) (v128.const i8x16 %s 0xaa) (v128.const i8x16 %s 0xbb) (call $o_i32 (i32.const 0))))'
            % (' '.join(['0'] * 15), ' '.join(['0'] * 15)), 0xbb)
    m.check('i64', 'global-immutable', '(i64x2.extract_lane 1 (global.get $cv))', 0x5555666677778888)
    m.check('i32', 'global-initial', '(i32x4.extract_lane 3 (global.get $gv))', 4)
    m.line('(global.set $gv (i32x4.mul (global.get $gv) %s))' % rt('(v128.const i32x4 2 2 2 2)'))
    m.check('i32', 'global-set', '(i32x4.extract_lane 3 (global.get $gv))', 8)
    m.line('(memory.fill (i32.const 0x10400) (i32.const 3) (i32.const 64))')
    m.check('i32', 'loop-accumulator', '(call $sum_bytes (i32.const 0x10400) (i32.const 64))', 192)

    m.group('t_memory', 'unaligned v128 accesses, extending/splat/zero/lane loads, lane stores')
    m.line('(v128.store (i32.const 0x10003) (v128.const i32x4 0xdeadbeef 1 2 3))')
    m.check('i32', 'store-unaligned', '(i32.load (i32.const 0x10003))', 0xdeadbeef)
    m.check('i32', 'load-unaligned', '(i32x4.extract_lane 3 (v128.load (i32.const 0x10003)))', 3)
    m.check('i32', 'load-offset', '(i32x4.extract_lane 1 (v128.load offset=0x10003 (call $o_i32 (i32.const 0))))', 1)
    m.line('(i64.store (i32.const 0x10100) (i64.const 0x80ff7f0102030405))')
    m.check('i32', 'load8x8_s', '(i16x8.extract_lane_s 7 (v128.load8x8_s (i32.const 0x10100)))', 0xffffff80)
    m.check('i32', 'load8x8_u', '(i16x8.extract_lane_u 7 (v128.load8x8_u (i32.const 0x10100)))', 0x80)
    m.check('i64', 'load32x2_s', '(i64x2.extract_lane 1 (v128.load32x2_s (i32.const 0x10100)))', 0xffffffff80ff7f01)
    m.check('i32', 'load32_zero-lane0', '(i32x4.extract_lane 0 (v128.load32_zero (i32.const 0x10100)))', 0x02030405)
    m.check('i64', 'load32_zero-hi', '(i64x2.extract_lane 1 (v128.load32_zero (i32.const 0x10100)))', 0)
    m.check('i32', 'load16_splat', '(i16x8.extract_lane_u 5 (v128.load16_splat (i32.const 0x10100)))', 0x0405)
    m.check('i64', 'load64_lane', '(i64x2.extract_lane 1 (v128.load64_lane 1 (i32.const 0x10100) (v128.const i64x2 7 9)))',
            0x80ff7f0102030405)
    m.check('i64', 'load64_lane-other', '(i64x2.extract_lane 0 (v128.load64_lane 1 (i32.const 0x10100) (v128.const i64x2 7 9)))', 7)
    m.line('(v128.store8_lane 14 (i32.const 0x10200) (v128.const i8x16 %s))' % SEQ_A)
    m.check('i32', 'store8_lane', '(i32.load8_u (i32.const 0x10200))', 14)
    m.check('i32', 'store8_lane-only-one-byte', '(i32.load8_u (i32.const 0x10201))', 0)

    m.group('t_integer', 'integer operations with wasm-specific semantics')
    m.check('i32', 'shl-count-masked', '(i32x4.extract_lane 0 (i32x4.shl %s (call $o_i32 (i32.const 33))))'
            % rt('(v128.const i32x4 1 1 1 1)'), 2)
    m.check('i32', 'i8-shr_s-count-masked', '(i8x16.extract_lane_s 0 (i8x16.shr_s (v128.const i8x16 0x80 %s) (i32.const 9)))'
            % ' '.join(['0'] * 15), 0xffffffc0)
    m.check('i64', 'i64-shr_u-count-masked', '(i64x2.extract_lane 1 (i64x2.shr_u %s (call $o_i32 (i32.const 65))))'
            % rt('(v128.const i64x2 0 0x8000000000000000)'), 0x4000000000000000)
    sw = '(i8x16.swizzle %s (v128.const i8x16 3 16 0x80 255 %s))' % (
        rt('(v128.const i8x16 %s)' % ' '.join(str(i) for i in range(10, 26))), ' '.join(['0'] * 12))
    m.check('i32', 'swizzle-in-range', '(i8x16.extract_lane_u 0 %s)' % sw, 13)
    m.check('i32', 'swizzle-16', '(i8x16.extract_lane_u 1 %s)' % sw, 0)
    m.check('i32', 'swizzle-128', '(i8x16.extract_lane_u 2 %s)' % sw, 0)
    m.check('i32', 'swizzle-255', '(i8x16.extract_lane_u 3 %s)' % sw, 0)
    sh = '(i8x16.shuffle 31 0 17 %s (v128.const i8x16 %s) %s)' % (' '.join(['1'] * 13), SEQ_A, rt('(v128.const i8x16 %s)' % SEQ_B))
    m.check('i32', 'shuffle-second', '(i8x16.extract_lane_u 0 %s)' % sh, 31)
    m.check('i32', 'shuffle-first', '(i8x16.extract_lane_u 1 %s)' % sh, 0)
    m.check('i32', 'shuffle-17', '(i8x16.extract_lane_u 2 %s)' % sh, 17)
    nw = rt('(v128.const i16x8 300 -300 5 0 0 0 0 0)')
    m.check('i32', 'narrow_s-hi', '(i8x16.extract_lane_s 0 (i8x16.narrow_i16x8_s %s (v128.const i16x8 0 0 0 0 0 0 0 0)))' % nw, 127)
    m.check('i32', 'narrow_s-lo', '(i8x16.extract_lane_s 1 (i8x16.narrow_i16x8_s %s (v128.const i16x8 0 0 0 0 0 0 0 0)))' % nw, 0xffffff80)
    m.check('i32', 'narrow_u-hi', '(i8x16.extract_lane_u 0 (i8x16.narrow_i16x8_u %s (v128.const i16x8 0 0 0 0 0 0 0 0)))' % nw, 255)
    m.check('i32', 'narrow_u-negative', '(i8x16.extract_lane_u 1 (i8x16.narrow_i16x8_u %s (v128.const i16x8 0 0 0 0 0 0 0 0)))' % nw, 0)
    m.check('i32', 'narrow_u-second-operand', '(i8x16.extract_lane_u 8 (i8x16.narrow_i16x8_u (v128.const i16x8 0 0 0 0 0 0 0 0) %s))' % nw, 255)
    m.check('i32', 'bitmask', '(i8x16.bitmask %s)' % rt('(v128.const i8x16 0x80 0 0x80 %s 0xff)' % ' '.join(['0'] * 12)), 0x8005)
    m.check('i32', 'all_true-false', '(i32x4.all_true %s)' % rt('(v128.const i32x4 1 2 3 0)'), 0)
    m.check('i32', 'all_true-true', '(i16x8.all_true %s)' % rt('(v128.const i16x8 1 2 3 4 5 6 7 0x8000)'), 1)
    m.check('i32', 'any_true', '(v128.any_true %s)' % rt('(v128.const i64x2 0 0x100)'), 1)
    m.check('i32', 'q15mulr-saturates', '(i16x8.extract_lane_s 0 (i16x8.q15mulr_sat_s %s (i16x8.splat (i32.const -32768))))'
            % rt('(v128.const i16x8 -32768 0 0 0 0 0 0 0)'), 32767)
    m.check('i32', 'avgr_u-no-overflow', '(i8x16.extract_lane_u 0 (i8x16.avgr_u %s (i8x16.splat (i32.const 254))))'
            % rt('(v128.const i8x16 255 %s)' % ' '.join(['0'] * 15)), 255)
    m.check('i32', 'dot-wraps', '(i32x4.extract_lane 0 (i32x4.dot_i16x8_s %s (i16x8.splat (i32.const -32768))))'
            % rt('(v128.const i16x8 -32768 -32768 0 0 0 0 0 0)'), 0x80000000)
    m.check('i32', 'popcnt', '(i8x16.extract_lane_u 0 (i8x16.popcnt %s))' % rt('(v128.const i8x16 0xf7 %s)' % ' '.join(['0'] * 15)), 7)
    m.check('i64', 'i64-abs-min', '(i64x2.extract_lane 0 (i64x2.abs %s))' % rt('(v128.const i64x2 0x8000000000000000 0)'),
            0x8000000000000000)
    m.check('i32', 'extmul_high_u', '(i16x8.extract_lane_u 0 (i16x8.extmul_high_i8x16_u %s (i8x16.splat (i32.const 255))))'
            % rt('(v128.const i8x16 %s 255 0 0 0 0 0 0 0)' % ' '.join(['0'] * 8)), 0xfe01)
    m.check('i32', 'add_sat_s', '(i8x16.extract_lane_s 0 (i8x16.add_sat_s %s (i8x16.splat (i32.const 100))))'
            % rt('(v128.const i8x16 100 %s)' % ' '.join(['0'] * 15)), 127)
    m.check('i32', 'sub_sat_u', '(i16x8.extract_lane_u 0 (i16x8.sub_sat_u %s (i16x8.splat (i32.const 2))))'
            % rt('(v128.const i16x8 1 0 0 0 0 0 0 0)'), 0)
    m.check('i32', 'min_u', '(i32x4.extract_lane 0 (i32x4.min_u %s (i32x4.splat (i32.const 1))))'
            % rt('(v128.const i32x4 -1 0 0 0)'), 1)
    m.check('i32', 'lt_s-mask', '(i32x4.extract_lane 0 (i32x4.lt_s %s (i32x4.splat (i32.const 1))))'
            % rt('(v128.const i32x4 -1 0 0 0)'), 0xffffffff)
    m.check('i64', 'i64-gt_s-mask', '(i64x2.extract_lane 1 (i64x2.gt_s %s (i64x2.splat (i64.const 0))))'
            % rt('(v128.const i64x2 0 -1)'), 0)

    m.group('t_float', 'float operations: NaN, -0, saturation, conversions')
    m.check('i32', 'trunc_sat-nan', '(i32x4.extract_lane 0 (i32x4.trunc_sat_f32x4_s %s))' % rt('(v128.const f32x4 nan 3e9 -3e9 -1.5)'), 0)
    m.check('i32', 'trunc_sat-pos', '(i32x4.extract_lane 1 (i32x4.trunc_sat_f32x4_s %s))' % rt('(v128.const f32x4 nan 3e9 -3e9 -1.5)'), 0x7fffffff)
    m.check('i32', 'trunc_sat-neg', '(i32x4.extract_lane 2 (i32x4.trunc_sat_f32x4_s %s))' % rt('(v128.const f32x4 nan 3e9 -3e9 -1.5)'), 0x80000000)
    m.check('i32', 'trunc_sat-frac', '(i32x4.extract_lane 3 (i32x4.trunc_sat_f32x4_s %s))' % rt('(v128.const f32x4 nan 3e9 -3e9 -1.5)'), 0xffffffff)
    m.check('i32', 'trunc_sat_u-neg', '(i32x4.extract_lane 3 (i32x4.trunc_sat_f32x4_u %s))' % rt('(v128.const f32x4 nan 3e9 -3e9 -1.5)'), 0)
    m.check('i32', 'trunc_sat_f64-zero-lanes', '(i32x4.extract_lane 2 (i32x4.trunc_sat_f64x2_s_zero %s))' % rt('(v128.const f64x2 1 2)'), 0)
    m.check('i32', 'min-neg-zero', '(i32x4.extract_lane 0 (f32x4.min %s (v128.const f32x4 -0 -0 -0 -0)))' % rt('(v128.const f32x4 0 0 0 0)'), 0x80000000)
    m.check('i32', 'max-pos-zero', '(i32x4.extract_lane 0 (f32x4.max %s (v128.const f32x4 -0 -0 -0 -0)))' % rt('(v128.const f32x4 0 0 0 0)'), 0)
    m.check('i32', 'min-snan-quieted', '(i32.and (i32x4.extract_lane 0 (f32x4.min %s (v128.const f32x4 1 1 1 1))) (i32.const 0x7fc00000))'
            % rt('(v128.const f32x4 nan:0x200000 0 0 0)'), 0x7fc00000)
    m.check('i64', 'f64-max-nan', '(i64.and (i64x2.extract_lane 1 (f64x2.max (v128.const f64x2 1 1) %s)) (i64.const 0x7ff8000000000000))'
            % rt('(v128.const f64x2 0 nan)'), 0x7ff8000000000000)
    m.check('i32', 'pmin-nan-first', '(i32x4.extract_lane 0 (f32x4.pmin %s (v128.const f32x4 1 1 1 1)))' % rt('(v128.const f32x4 nan:0x200000 0 0 0)'), 0x7fa00000)
    m.check('i32', 'pmin-nan-second', '(i32x4.extract_lane 0 (f32x4.pmin (v128.const f32x4 1 1 1 1) %s))' % rt('(v128.const f32x4 nan 0 0 0)'), 0x3f800000)
    m.check('i32', 'pmax-zeros', '(i32x4.extract_lane 0 (f32x4.pmax %s (v128.const f32x4 0 0 0 0)))' % rt('(v128.const f32x4 -0 0 0 0)'), 0x80000000)
    m.check('i64', 'convert_low_u', '(i64x2.extract_lane 0 (f64x2.convert_low_i32x4_u %s))' % rt('(v128.const i32x4 -1 0 0 0)'), 0x41efffffffe00000)
    m.check('i32', 'demote-zero-lanes', '(i32x4.extract_lane 3 (f32x4.demote_f64x2_zero %s))' % rt('(v128.const f64x2 1 1)'), 0)
    m.check('i32', 'demote', '(i32x4.extract_lane 1 (f32x4.demote_f64x2_zero %s))' % rt('(v128.const f64x2 1 -2)'), 0xc0000000)
    m.check('i32', 'nearest-even', '(i32x4.extract_lane 0 (f32x4.nearest %s))' % rt('(v128.const f32x4 2.5 0 0 0)'), 0x40000000)
    m.check('i32', 'neg-bits', '(i32x4.extract_lane 0 (f32x4.neg %s))' % rt('(v128.const f32x4 nan:0x200000 0 0 0)'), 0xffa00000)
    m.check('i32', 'fne-nan', '(i32x4.extract_lane 0 (f32x4.ne %s (v128.const f32x4 nan 0 0 0)))' % rt('(v128.const f32x4 nan 0 0 0)'), 0xffffffff)
    return m
