from watgen import Module

OPS = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u']

# (a, b, expected results in the order of OPS), worked out by hand
I32 = [
    (0, -1,                   '0 1 0 1 1 0 0 1 1 0'),
    (0x80000000, 0x7fffffff,  '0 1 1 0 0 1 1 0 0 1'),
    (5, 5,                    '1 0 0 0 0 0 1 1 1 1'),
    (-2, -1,                  '0 1 1 1 0 0 1 1 0 0'),
    (1, 0x80000000,           '0 1 0 1 1 0 0 1 1 0'),
]
I64 = [
    (0, -1,                                  '0 1 0 1 1 0 0 1 1 0'),
    (0x8000000000000000, 0x7fffffffffffffff, '0 1 1 0 0 1 1 0 0 1'),
    (0x100000000, 0xffffffff,                '0 1 0 0 1 1 0 0 1 1'),
    (0xffffffff00000000, 0xffffffff,         '0 1 1 0 0 1 1 0 0 1'),
    (7, 7,                                   '1 0 0 0 0 0 1 1 1 1'),
    (0x100000001, 1,                         '0 1 0 0 1 1 0 0 1 1'),
]

def build():
    m = Module('compare.wat', header='''\
i32/i64 eq/ne/lt/gt/le/ge, signed and unsigned: as values (0/1) and as
branch conditions (if/br_if/select).  Float comparisons are in f32_arith/f64_arith.''')
    for t, table in (('i32', I32), ('i64', I64)):
        m.group('t_%s_values' % t)
        for a, b, exp in table:
            for o, e in zip(OPS, exp.split()):
                m.op('%s.%s' % (t, o), [a, b], int(e))
        m.group('t_%s_branches' % t)
        for a, b, exp in table:
            for o, e in zip(OPS, exp.split()):
                if o in ('lt_s', 'lt_u', 'ge_u', 'gt_s'):
                    m.expr('i32', '%s.%s-if(%s,%s)' % (t, o, hex(a), hex(b)),
                           '(if (result i32) (%s.%s {0} {1}) (then (i32.const 11)) (else (i32.const 22)))' % (t, o),
                           [(t, a), (t, b)], 11 if e == '1' else 22)
                if o in ('le_u', 'gt_u', 'ne'):
                    m.expr('i32', '%s.%s-br_if(%s,%s)' % (t, o, hex(a), hex(b)),
                           '(block (result i32) (drop (br_if 0 (i32.const 33) (%s.%s {0} {1}))) (i32.const 44))' % (t, o),
                           [(t, a), (t, b)], 33 if e == '1' else 44)
                if o in ('le_s', 'eq'):
                    m.expr('i32', '%s.%s-select(%s,%s)' % (t, o, hex(a), hex(b)),
                           '(select (i32.const 55) (i32.const 66) (%s.%s {0} {1}))' % (t, o),
                           [(t, a), (t, b)], 55 if e == '1' else 66)
    return m
