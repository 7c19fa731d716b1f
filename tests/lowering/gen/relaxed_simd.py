"""Relaxed SIMD: every instruction against the one result wasmc documents per
target (docs/simd.md "Relaxed SIMD").  Each check names the x86-64 result
and the AArch64 result, computed below from that table (models of pshufb,
minps, pmulhrsw, pmaddubsw and of tbl, fmin, sqrdmulh, smull+addp); a result
that is neither fails, and so does a program that gives some checks the
x86-64 result and others the AArch64 one.  The module prints
`relaxed choice: x86_64` or `relaxed choice: aarch64`, which run.sh compares
with the target."""
import struct

from watgen import Module

ARCHES = ('x86_64', 'aarch64')
MSGS = ('relaxed choice: x86_64', 'relaxed choice: aarch64', 'FAIL relaxed_simd.wat: mixed choices')


def s8(v):
    return v - 256 if v >= 128 else v


def wrap(v, bits):
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def sat(v, bits):
    return max(-(1 << (bits - 1)), min((1 << (bits - 1)) - 1, v))


# ---- the documented choices --------------------------------------------------
def swizzle(arch, a, idx):
    if arch == 'x86_64':  # pshufb
        return [0 if i & 0x80 else a[i & 15] for i in idx]
    return [a[i] if i < 16 else 0 for i in idx]  # tbl


def q15mulr(arch, a, b):
    r = [(x * y + 0x4000) >> 15 for x, y in zip(a, b)]
    return [wrap(v, 16) if arch == 'x86_64' else sat(v, 16) for v in r]  # pmulhrsw / sqrdmulh


def dot16(arch, a, b):
    """a, b: 16 bytes (0..255); a is signed, b unsigned on x86-64 (pmaddubsw,
    sums saturated), signed on AArch64 (sums wrap)."""
    out = []
    for i in range(0, 16, 2):
        if arch == 'x86_64':
            out.append(sat(s8(a[i]) * b[i] + s8(a[i + 1]) * b[i + 1], 16))
        else:
            out.append(wrap(s8(a[i]) * s8(b[i]) + s8(a[i + 1]) * s8(b[i + 1]), 16))
    return out


def dot32(arch, a, b, c):
    d = dot16(arch, a, b)
    return [wrap(d[2 * i] + d[2 * i + 1] + c[i], 32) for i in range(4)]


F32_NAN, F32_NZ, F64_NAN, F64_NZ = 0x7fc00000, 0x80000000, 0x7ff8000000000000, 1 << 63


def fminmax(arch, bits, is_max, a, b):
    """Lanes as bit patterns.  x86-64: minps/maxps (a < b ? a : b, a > b ? a :
    b; the second operand for NaN or two zeros).  AArch64: wasm's min/max."""
    fmt = '<f' if bits == 32 else '<d'
    ifmt = '<I' if bits == 32 else '<Q'
    nan, nz = (F32_NAN, F32_NZ) if bits == 32 else (F64_NAN, F64_NZ)

    def val(x):
        return struct.unpack(fmt, struct.pack(ifmt, x))[0]
    out = []
    for x, y in zip(a, b):
        fx, fy = val(x), val(y)
        if arch == 'x86_64':
            out.append(x if (fx > fy if is_max else fx < fy) else y)
        elif fx != fx or fy != fy:
            out.append(nan)
        elif fx == fy == 0:
            out.append((x & y) if is_max else (x | y))  # +0 wins max, -0 wins min
        else:
            out.append(x if (fx > fy if is_max else fx < fy) else y)
    return out


# ---- v128 literals -----------------------------------------------------------
def lit(shape, lanes):
    bits = int(shape[1:shape.index('x')])
    return '(v128.const %s %s)' % (shape, ' '.join('0x%x' % (v & ((1 << bits) - 1)) for v in lanes))


def rt(v):
    return '(call $o_v128 %s)' % v


def check(m, case, op, args, results):
    """op applied to args (v128 literals), constant and at run time; results:
    {arch: v128 literal}."""
    ex, ea = results['x86_64'], results['aarch64']
    addr, case = m.name(case)
    for variant, ops in (('', args), (' [rt]', [rt(a) for a in args])):
        tag = addr | (0x80000000 if variant else 0)
        m.nchecks += 1
        m.line(';; %s%s' % (case, variant))
        m.line('  (call $ck_v (i32.const 0x%x) (%s %s) %s %s)' % (tag, op, ' '.join(ops), ex, ea))


def same(v):
    return {'x86_64': v, 'aarch64': v}


def per_arch(f):
    return {arch: f(arch) for arch in ARCHES}


def build():
    m = Module('relaxed_simd.wat', header=__doc__.strip('\n'))
    m.field('''(data (i32.const 0x10000) "%s\\0a")
(data (i32.const 0x10020) "%s\\0a")
(data (i32.const 0x10040) "%s\\0a")
(global $n_x86 (mut i32) (i32.const 0))
(global $n_a64 (mut i32) (i32.const 0))

(func $o_v128 (param v128) (result v128)
  (v128.xor (local.get 0) (i64x2.splat (i64.extend_i32_u (global.get $opaque_zero)))))
(func $v_eq (param v128 v128) (result i32) (i64x2.all_true (i64x2.eq (local.get 0) (local.get 1))))
;; got must be the x86-64 result ex or the AArch64 result ea; counts which
;; one when they differ
(func $ck_v (param $name i32) (param $got v128) (param $ex v128) (param $ea v128)
  (call $count)
  (if (call $v_eq (local.get $ex) (local.get $ea))
    (then (if (i32.eqz (call $v_eq (local.get $got) (local.get $ex))) (then (call $fail (local.get $name)))))
    (else (if (call $v_eq (local.get $got) (local.get $ex))
      (then (global.set $n_x86 (i32.add (global.get $n_x86) (i32.const 1))))
      (else (if (call $v_eq (local.get $got) (local.get $ea))
        (then (global.set $n_a64 (i32.add (global.get $n_a64) (i32.const 1))))
        (else (call $fail (local.get $name)))))))))''' % MSGS)

    m.group('t_swizzle', 'i8x16.relaxed_swizzle: indices 16..127 differ (pshufb: a[i & 15]; tbl: 0)')
    a = list(range(10, 26))
    idx = [3, 16, 0x80, 255, 17, 0x7f, 31, 0, 15, 0x90, 64, 1, 2, 3, 4, 5]
    check(m, 'relaxed_swizzle', 'i8x16.relaxed_swizzle', [lit('i8x16', a), lit('i8x16', idx)],
          per_arch(lambda t: lit('i8x16', swizzle(t, a, idx))))

    m.group('t_trunc', 'i32x4.relaxed_trunc_*: the saturating result on both targets')
    check(m, 'relaxed_trunc_f32x4_s', 'i32x4.relaxed_trunc_f32x4_s', ['(v128.const f32x4 nan 3e9 -3e9 -1.5)'],
          same(lit('i32x4', [0, 0x7fffffff, 0x80000000, 0xffffffff])))
    check(m, 'relaxed_trunc_f32x4_u', 'i32x4.relaxed_trunc_f32x4_u', ['(v128.const f32x4 -nan 3e9 -1.5 0x1p32)'],
          same(lit('i32x4', [0, 3000000000, 0, 0xffffffff])))
    check(m, 'relaxed_trunc_f64x2_s_zero', 'i32x4.relaxed_trunc_f64x2_s_zero', ['(v128.const f64x2 nan -3e9)'],
          same(lit('i32x4', [0, 0x80000000, 0, 0])))
    check(m, 'relaxed_trunc_f64x2_u_zero', 'i32x4.relaxed_trunc_f64x2_u_zero', ['(v128.const f64x2 -1 5e9)'],
          same(lit('i32x4', [0, 0xffffffff, 0, 0])))

    m.group('t_madd', 'relaxed_madd/nmadd: a*b rounded, then + c rounded, on both targets')
    check(m, 'f32x4.relaxed_madd', 'f32x4.relaxed_madd',
          ['(v128.const f32x4 0x1.fffffep+127 0x1.000004p+0 1.5 -2)', '(v128.const f32x4 2 0x1.0002p+0 2 3)',
           '(v128.const f32x4 -0x1.fffffep+127 -0x1.000204p+0 0.5 1)'],
          same('(v128.const f32x4 inf 0 3.5 -5)'))
    check(m, 'f32x4.relaxed_nmadd', 'f32x4.relaxed_nmadd',
          ['(v128.const f32x4 0x1.000004p+0 0x1.fffffep+127 2 -2)', '(v128.const f32x4 0x1.0002p+0 2 3 3)',
           '(v128.const f32x4 0x1.000204p+0 0x1.fffffep+127 1 1)'],
          same('(v128.const f32x4 0 -inf -5 7)'))
    check(m, 'f64x2.relaxed_madd', 'f64x2.relaxed_madd',
          ['(v128.const f64x2 0x1.fffffffffffffp+1023 0x1.00000004p+0)', '(v128.const f64x2 2 0x1.000002p+0)',
           '(v128.const f64x2 -0x1.fffffffffffffp+1023 -0x1.00000204p+0)'],
          same('(v128.const f64x2 inf 0)'))
    check(m, 'f64x2.relaxed_nmadd', 'f64x2.relaxed_nmadd',
          ['(v128.const f64x2 0x1.00000004p+0 1.5)', '(v128.const f64x2 0x1.000002p+0 2)',
           '(v128.const f64x2 0x1.00000204p+0 0.25)'],
          same('(v128.const f64x2 0 -2.75)'))

    m.group('t_laneselect', 'relaxed_laneselect: bitselect on both targets, also for masks that are not all ones or zeros')
    check(m, 'i8x16.relaxed_laneselect', 'i8x16.relaxed_laneselect',
          [lit('i8x16', [0x12] * 16), lit('i8x16', [0x34] * 16), lit('i8x16', [0xff, 0, 0xf0, 0x0f, 0x80] + [0x7f] * 11)],
          same(lit('i8x16', [0x12, 0x34, 0x14, 0x32, 0x34] + [0x12] * 11)))
    check(m, 'i16x8.relaxed_laneselect', 'i16x8.relaxed_laneselect',
          [lit('i16x8', [0x1234] * 8), lit('i16x8', [0x5678] * 8), lit('i16x8', [0xffff, 0, 0xff00, 0x8000] + [0x00ff] * 4)],
          same(lit('i16x8', [0x1234, 0x5678, 0x1278, 0x5678] + [0x5634] * 4)))
    check(m, 'i32x4.relaxed_laneselect', 'i32x4.relaxed_laneselect',
          [lit('i32x4', [0x12341234] * 4), lit('i32x4', [0x56785678] * 4), lit('i32x4', [0xffffffff, 0, 0x80000000, 0xffff0000])],
          same(lit('i32x4', [0x12341234, 0x56785678, 0x56785678, 0x12345678])))
    check(m, 'i64x2.relaxed_laneselect', 'i64x2.relaxed_laneselect',
          [lit('i64x2', [0x1234123412341234] * 2), lit('i64x2', [0x5678567856785678] * 2),
           lit('i64x2', [1 << 63, 0xffffffff00000000])],
          same(lit('i64x2', [0x5678567856785678, 0x1234123456785678])))

    m.group('t_minmax', 'relaxed_min/max: NaN and zeros of both signs differ (minps: second operand; fmin: exact)')
    for bits, shape, lanes_a, lanes_b in (
            (32, 'i32x4', [F32_NAN, 0, 0, 0x3f800000], [0, F32_NAN, F32_NZ, 0x40000000]),
            (64, 'i64x2', [F64_NAN, 0], [0x3ff0000000000000, F64_NZ]),
            (64, 'i64x2', [0, F64_NZ], [F64_NAN, 0])):
        fs = 'f32x4' if bits == 32 else 'f64x2'
        for is_max in (False, True):
            op = '%s.relaxed_%s' % (fs, 'max' if is_max else 'min')
            check(m, op, op, [lit(shape, lanes_a), lit(shape, lanes_b)],
                  per_arch(lambda t: lit(shape, fminmax(t, bits, is_max, lanes_a, lanes_b))))

    m.group('t_q15mulr', 'i16x8.relaxed_q15mulr_s: -32768 * -32768 wraps (pmulhrsw) or saturates (sqrdmulh)')
    qa = [-32768, -32767, 32767, 16384, -16384, 1, 0, 100]
    qb = [-32768, -32768, 32767, 16384, 16384, 1, 5, -200]
    check(m, 'i16x8.relaxed_q15mulr_s', 'i16x8.relaxed_q15mulr_s', [lit('i16x8', qa), lit('i16x8', qb)],
          per_arch(lambda t: lit('i16x8', q15mulr(t, qa, qb))))

    m.group('t_dot', 'relaxed_dot_i8x16_i7x16: b with its top bit set is unsigned and sums saturate (pmaddubsw) or signed and wrap')
    da = [127, 127, 0x80, 0x80, 0x80, 0x81, 1, 2, 0xfd, 4, 100, 0x9c, 0, 0, 5, 6]
    db = [0xff, 0xff, 0x80, 0x80, 0x80, 0x80, 1, 2, 3, 4, 127, 127, 0, 0, 0xfe, 1]
    # wabt 1.0.32 spells the two dot products without "relaxed_" (their
    # names before the proposal was finished); the opcodes are the final ones
    check(m, 'i16x8.relaxed_dot_i8x16_i7x16_s', 'i16x8.dot_i8x16_i7x16_s', [lit('i8x16', da), lit('i8x16', db)],
          per_arch(lambda t: lit('i16x8', dot16(t, da, db))))
    dc = [1, 0xffffffff, 0x7fffffff, 100]
    check(m, 'i32x4.relaxed_dot_i8x16_i7x16_add_s', 'i32x4.dot_i8x16_i7x16_add_s',
          [lit('i8x16', da), lit('i8x16', db), lit('i32x4', dc)],
          per_arch(lambda t: lit('i32x4', dot32(t, da, db, dc))))

    m.group('t_choice', 'which target\'s results: all the same one')
    m.line('(if (i32.and (i32.ne (global.get $n_x86) (i32.const 0)) (i32.ne (global.get $n_a64) (i32.const 0)))')
    m.line('  (then (global.set $failures (i32.add (global.get $failures) (i32.const 1)))')
    m.line('        (call $write (i32.const 0x10040) (i32.const %d))))' % (len(MSGS[2]) + 1))
    m.line('(if (global.get $n_x86) (then (call $write (i32.const 0x10000) (i32.const %d))))' % (len(MSGS[0]) + 1))
    m.line('(if (global.get $n_a64) (then (call $write (i32.const 0x10020) (i32.const %d))))' % (len(MSGS[1]) + 1))
    return m
