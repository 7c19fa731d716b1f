from watgen import Module

def build():
    m = Module('extend.wat', header='''\
Sign-extension operators (extend8_s/16_s/32_s: only the low bits of the input
matter) and i32.wrap_i64 / i64.extend_i32_s / i64.extend_i32_u.''')
    op = m.op
    m.group('t_i32_signext')
    op('i32.extend8_s', [0x7f], 0x7f)
    op('i32.extend8_s', [0x80], 0xffffff80)
    op('i32.extend8_s', [0x12345680], 0xffffff80)
    op('i32.extend8_s', [0xffffff7f], 0x7f)
    op('i32.extend8_s', [0], 0)
    op('i32.extend8_s', [0xff], 0xffffffff)
    op('i32.extend16_s', [0x7fff], 0x7fff)
    op('i32.extend16_s', [0x8000], 0xffff8000)
    op('i32.extend16_s', [0x12348000], 0xffff8000)
    op('i32.extend16_s', [0xffff7fff], 0x7fff)
    op('i32.extend16_s', [0xffff], 0xffffffff)
    m.group('t_i64_signext')
    op('i64.extend8_s', [0x80], 0xffffffffffffff80)
    op('i64.extend8_s', [0x0123456789abcd7f], 0x7f)
    op('i64.extend8_s', [0xff], 0xffffffffffffffff)
    op('i64.extend16_s', [0x8000], 0xffffffffffff8000)
    op('i64.extend16_s', [0x123456789abc7fff], 0x7fff)
    op('i64.extend16_s', [0x000000000000ffff], 0xffffffffffffffff)
    op('i64.extend32_s', [0x80000000], 0xffffffff80000000)
    op('i64.extend32_s', [0x7fffffff], 0x7fffffff)
    op('i64.extend32_s', [0x123456789abcdef0], 0xffffffff9abcdef0)
    op('i64.extend32_s', [0xffffffff7fffffff], 0x7fffffff)
    op('i64.extend32_s', [0xffffffff], 0xffffffffffffffff)
    m.group('t_wrap_extend')
    op('i32.wrap_i64', [0x0123456789abcdef], 0x89abcdef)
    op('i32.wrap_i64', [-1], 0xffffffff)
    op('i32.wrap_i64', [0x100000000], 0)
    op('i32.wrap_i64', [0xffffffff00000001], 1)
    op('i32.wrap_i64', [0x8000000000000000], 0)
    op('i64.extend_i32_s', [0x80000000], 0xffffffff80000000)
    op('i64.extend_i32_s', [0x7fffffff], 0x7fffffff)
    op('i64.extend_i32_s', [-1], 0xffffffffffffffff)
    op('i64.extend_i32_s', [0], 0)
    op('i64.extend_i32_u', [0x80000000], 0x80000000)
    op('i64.extend_i32_u', [-1], 0xffffffff)
    op('i64.extend_i32_u', [0], 0)
    # round trips and combinations
    m.expr('i64', 'extend_i32_u(wrap(0xffffffff80000000))',
           '(i64.extend_i32_u (i32.wrap_i64 {0}))', [('i64', 0xffffffff80000000)], 0x80000000)
    m.expr('i64', 'extend_i32_s(wrap(0x12345678ffffffff))',
           '(i64.extend_i32_s (i32.wrap_i64 {0}))', [('i64', 0x12345678ffffffff)], 0xffffffffffffffff)
    m.expr('i64', 'extend_i32_u(add(0xffffffff,1))',
           '(i64.extend_i32_u (i32.add {0} {1}))', [('i32', 0xffffffff), ('i32', 1)], 0)
    m.expr('i64', 'mul(extend_i32_s(-2),extend_i32_u(-2))',
           '(i64.mul (i64.extend_i32_s {0}) (i64.extend_i32_u {0}))', [('i32', -2)], 0xfffffffe00000004)
    return m
