import os
from watgen import Module

HERE = os.path.dirname(os.path.abspath(__file__))
A, B, REGION = 0x10000, 0x14000, 0x400   # two scratch regions, same pattern
END = 0x20000                             # memory: 2 pages


def build():
    m = Module('libc_memfns.wat', header='''\
wasi-libc's memcpy, memset, memcmp and strcmp (musl's C code, byte-identical
to Debian's libc.a; see gen/wasi_libc_memfns.wat), which wasmc recognises and
calls through a fast path (llvm.memcpy / llvm.memset, word loops for
memcmp and strcmp, when the ranges are in bounds and, for memcpy, disjoint),
against $memcpy_ref / $memset_ref / $memcmp_ref / $strcmp_ref: the same code
with one more local,
so not recognised.  Each case runs both on equal
patterns (regions A and B) and compares all bytes and the results: disjoint
ranges at every alignment, overlapping memcpy both ways (musl's forward copy
must survive: the fast path must not take it), n = 0 beyond the end of
memory, copies and fills that end exactly at the end of memory.''')
    src = open(os.path.join(HERE, 'wasi_libc_memfns.wat')).read()
    funcs = '\n'.join(l for l in src.split('\n') if not l.startswith(';;'))
    m.field(funcs.replace('  (func ', '(func ').replace('\n  ', '\n'))
    ref = funcs.replace('(func $memcpy ', '(func $memcpy_ref ').replace('(func $memset ', '(func $memset_ref ')
    # one more local (declared last, so local indices do not move)
    ref = ref.replace('(local i32 i32 i32 i32 i32 i32)\n', '(local i32 i32 i32 i32 i32 i32 f64)\n')
    ref = ref.replace('(local i32 i32 i32 i64)\n', '(local i32 i32 i32 i64 f64)\n')
    ref = ref.replace('(func $memcmp ', '(func $memcmp_ref ').replace('(local i32 i32 i32)\n', '(local i32 i32 i32 f64)\n')
    ref = ref.replace('(func $strcmp ', '(func $strcmp_ref ').replace('(local i32 i32)\n', '(local i32 i32 f64)\n')
    assert ref.count(' f64)\n') == 4
    m.field(ref.replace('  (func ', '(func ').replace('\n  ', '\n'))
    m.field(r'''(func $pattern (param $p i32) (local $i i32)
  (loop $l
    (i32.store8 (i32.add (local.get $p) (local.get $i))
      (i32.add (i32.mul (local.get $i) (i32.const 7)) (i32.const 3)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $l (i32.lt_u (local.get $i) (i32.const 0x%x)))))
(func $differ (param $p i32) (param $q i32) (param $n i32) (result i32) (local $i i32) (local $d i32)
  (block $done
    (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (if (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $i)))
                  (i32.load8_u (i32.add (local.get $q) (local.get $i))))
        (then (local.set $d (i32.add (local.get $d) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
  (local.get $d))
(func $fresh (call $pattern (i32.const 0x%x)) (call $pattern (i32.const 0x%x)))
(global $cmp_memcmp (mut i32) (i32.const 0))
(global $cmp_memcmp_ref (mut i32) (i32.const 0))
(global $cmp_strcmp (mut i32) (i32.const 0))
(global $cmp_strcmp_ref (mut i32) (i32.const 0))
;; region A+0x400.. as a string of `n` bytes 0x41.. and a NUL, at p
(func $str (param $p i32) (param $n i32) (local $i i32)
  (block $done
    (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (i32.store8 (i32.add (local.get $p) (local.get $i)) (i32.add (i32.const 0x41) (i32.rem_u (local.get $i) (i32.const 23))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
  (i32.store8 (i32.add (local.get $p) (local.get $n)) (i32.const 0)))''' % (REGION, A, B))

    sizes = [0, 1, 2, 3, 4, 5, 7, 8, 12, 15, 16, 17, 31, 32, 33, 63, 64, 100, 255]
    k = 0

    def case(fn, d, s, n, label):
        nonlocal k
        rt = k % 2 == 1   # every other case with run-time operands
        k += 1
        o = (lambda x: '(call $o_i32 (i32.const 0x%x))' % x) if rt else (lambda x: '(i32.const 0x%x)' % x)
        m.line('(call $fresh)')
        m.check('i32', '%s %s ret' % (label, '[rt]' if rt else ''),
                '(call $%s %s %s %s)' % (fn, o(A + d), o(s if fn == 'memset' else A + s), o(n)), A + d)
        m.line('(drop (call $%s_ref (i32.const 0x%x) (i32.const 0x%x) (i32.const %d)))'
               % (fn, B + d, s if fn == 'memset' else B + s, n))
        m.check('i32', '%s bytes' % label, '(call $differ (i32.const 0x%x) (i32.const 0x%x) (i32.const 0x%x))'
                % (A, B, REGION), 0)

    m.group('t_memcpy_disjoint', 'disjoint ranges, every alignment of dst and src')
    for da in range(4):
        for sa in range(4):
            for n in (sizes if (da, sa) in ((0, 0), (1, 3)) else [0, 3, 5, 16, 33, 255]):
                case('memcpy', 0x40 + da, 0x200 + sa, n, 'memcpy(A+%d,A+%d,%d)' % (0x40 + da, 0x200 + sa, n))
    m.group('t_memcpy_overlap', 'overlapping ranges: the original (forward) copy must run')
    for delta in (1, 2, 3, 4, 5, 8, 16, -1, -3, -4, -8, 0):
        for n in (1, 4, 8, 17, 64, 255):
            s = 0x100
            case('memcpy', s + delta, s, n, 'memcpy(A+%d,A+%d,%d)' % (s + delta, s, n))
    m.group('t_memset')
    for da in range(4):
        for n in sizes:
            for v in (0, 0x1ab):
                case('memset', 0x40 + da, v, n, 'memset(A+%d,0x%x,%d)' % (0x40 + da, v, n))
    m.group('t_memcmp', 'memcmp: equal prefixes of every length, the first difference in each byte of a word')
    m.line('(call $fresh)')
    # region A: the pattern; a copy of it at A+0x200 (B is not used here)
    m.line('(drop (call $memcpy_ref (i32.const 0x%x) (i32.const 0x%x) (i32.const 0x100)))' % (A + 0x200, A))
    for n in [0, 1, 2, 7, 8, 9, 15, 16, 17, 24, 31, 40, 64, 100, 255]:
        for at in sorted({-1, 0, n // 2, n - 1, n - 8 if n >= 8 else -1}):
            if at >= n or (at < 0 and at != -1):
                continue
            for sa in (0, 3):
                # make byte `at` differ (A+0x200 side larger, then smaller); -1: equal
                for bump in ((0x7f, 0x81) if at >= 0 else (0,)):
                    l, r = A + sa, A + 0x200 + sa
                    if at >= 0:
                        m.line('(i32.store8 (i32.const 0x%x) (i32.add (i32.load8_u (i32.const 0x%x)) (i32.const 0x%x)))'
                               % (r + at, r + at, bump))
                    label = 'memcmp(A+%d,A+%d,%d) diff@%d+0x%x' % (sa, 0x200 + sa, n, at, bump)
                    for fn, opq in (('memcmp', k % 2 == 1), ('memcmp_ref', False)):
                        o = (lambda x: '(call $o_i32 (i32.const 0x%x))' % x) if opq else (lambda x: '(i32.const 0x%x)' % x)
                        m.line('(global.set $cmp_%s (call $%s %s %s %s))' % (fn, fn, o(l), o(r), o(n)))
                    k += 1
                    m.check('i32', label, '(i32.sub (global.get $cmp_memcmp) (global.get $cmp_memcmp_ref))', 0)
                    if at >= 0:
                        m.line('(i32.store8 (i32.const 0x%x) (i32.load8_u (i32.const 0x%x)))' % (r + at, l + at))
    m.group('t_strcmp', 'strcmp: equal strings of every length and alignment, the first difference (or NUL) in each byte of a word, bytes above 0x7f, garbage after the NUL')
    L0, R0 = A + 0x400, A + 0x800

    def scmp(l, r, label, expect=None):
        nonlocal k
        for fn, opq in (('strcmp', k % 2 == 1), ('strcmp_ref', False)):
            o = (lambda x: '(call $o_i32 (i32.const 0x%x))' % x) if opq else (lambda x: '(i32.const 0x%x)' % x)
            m.line('(global.set $cmp_%s (call $%s %s %s))' % (fn, fn, o(l), o(r)))
        k += 1
        # the fast path's result equals the original code's and the expected value
        m.check('i32', label, '(i32.or (i32.sub (global.get $cmp_strcmp) (global.get $cmp_strcmp_ref)) '
                '(i32.xor (global.get $cmp_strcmp) (i32.const 0x%x)))' % (expect & 0xffffffff), 0)

    for n in [0, 1, 7, 8, 9, 16, 17, 24, 40]:
        for la, ra in ((0, 0), (1, 5), (7, 2)):
            l, r = L0 + la, R0 + ra
            m.line('(call $str (i32.const 0x%x) (i32.const %d)) (call $str (i32.const 0x%x) (i32.const %d))' % (l, n, r, n))
            scmp(l, r, 'strcmp(len %d, align %d/%d) equal' % (n, la, ra), 0)
            for at in sorted({0, n // 2, n - 1, n - 8 if n >= 8 else 0}):
                if at < 0 or at >= n:
                    continue
                base = 0x41 + at % 23
                for new_b in ((base + 1, base - 1, 0x80, 0xff) if at == n // 2 else (base + 1, 0xff)):
                    m.line('(i32.store8 (i32.const 0x%x) (i32.const 0x%x))' % (r + at, new_b))
                    scmp(l, r, 'strcmp(len %d, align %d/%d) r[%d]=0x%x' % (n, la, ra, at, new_b), base - new_b)
                m.line('(i32.store8 (i32.const 0x%x) (i32.const 0))' % (r + at))
                scmp(l, r, 'strcmp(len %d, align %d/%d) r ends at %d' % (n, la, ra, at), base)
                scmp(r, l, 'strcmp(len %d, align %d/%d) l ends at %d' % (n, la, ra, at), -base)
                m.line('(i32.store8 (i32.const 0x%x) (i32.const 0x%x))' % (r + at, base))
            # bytes after the terminators differ: still equal
            m.line('(i32.store (i32.const 0x%x) (i32.const 0x01020304))' % (l + n + 1))
            scmp(l, r, 'strcmp(len %d, align %d/%d) garbage after NUL' % (n, la, ra), 0)

    m.group('t_edges', 'the end of memory; n = 0 anywhere')
    m.line('(call $fresh)')
    m.check('i32', 'memcpy-to-end-of-memory ret', '(call $memcpy (call $o_i32 (i32.const 0x%x)) (i32.const 0x%x) (call $o_i32 (i32.const 48)))' % (END - 48, A), END - 48)
    m.check('i32', 'memcpy-to-end-of-memory bytes', '(call $differ (i32.const 0x%x) (i32.const 0x%x) (i32.const 48))' % (END - 48, A), 0)
    m.check('i32', 'memcpy-from-end-of-memory ret', '(call $memcpy (call $o_i32 (i32.const 0x%x)) (i32.const 0x%x) (call $o_i32 (i32.const 48)))' % (B, END - 48), B)
    m.check('i32', 'memcpy-from-end-of-memory bytes', '(call $differ (i32.const 0x%x) (i32.const 0x%x) (i32.const 48))' % (END - 48, A), 0)
    m.check('i32', 'memset-to-end-of-memory ret', '(call $memset (call $o_i32 (i32.const 0x%x)) (i32.const 0x5a) (call $o_i32 (i32.const 21)))' % (END - 21), END - 21)
    m.check('i32', 'memset-to-end-of-memory bytes', '(i32.load (i32.const 0x%x))' % (END - 4), 0x5a5a5a5a)
    for d in (END, END + 1, 0xffffff00, 0xffffffff):
        m.check('i32', 'memcpy(0x%x,A,0)' % d, '(call $memcpy (call $o_i32 (i32.const 0x%x)) (i32.const 0x%x) (call $o_i32 (i32.const 0)))' % (d, A), d)
        m.check('i32', 'memcpy(A,0x%x,0)' % d, '(call $memcpy (i32.const 0x%x) (call $o_i32 (i32.const 0x%x)) (i32.const 0))' % (A, d), A)
        m.check('i32', 'memset(0x%x,1,0)' % d, '(call $memset (call $o_i32 (i32.const 0x%x)) (i32.const 1) (call $o_i32 (i32.const 0)))' % d, d)
        m.check('i32', 'memcmp(0x%x,A,0)' % d, '(call $memcmp (call $o_i32 (i32.const 0x%x)) (i32.const 0x%x) (call $o_i32 (i32.const 0)))' % (d, A), 0)
    m.line('(call $fresh)')
    m.line('(drop (call $memcpy_ref (i32.const 0x%x) (i32.const 0x%x) (i32.const 40)))' % (END - 40, A))
    m.check('i32', 'memcmp-at-end-of-memory equal', '(call $memcmp (call $o_i32 (i32.const 0x%x)) (i32.const 0x%x) (call $o_i32 (i32.const 40)))' % (END - 40, A), 0)
    m.line('(i32.store8 (i32.const 0x%x) (i32.const 0))' % (END - 1))
    m.check('i32', 'memcmp-at-end-of-memory last byte', '(call $memcmp (call $o_i32 (i32.const 0x%x)) (i32.const 0x%x) (call $o_i32 (i32.const 40)))' % (END - 40, A), (0 - ((39 * 7 + 3) & 0xff)) & 0xffffffff)
    for n in (0, 3, 7, 8, 9, 20):
        m.line('(call $str (i32.const 0x%x) (i32.const %d)) (call $str (i32.const 0x%x) (i32.const %d))' % (END - 1 - n, n, A + 0x400, n))
        m.check('i32', 'strcmp-string-ending-at-end-of-memory len %d' % n, '(call $strcmp (call $o_i32 (i32.const 0x%x)) (i32.const 0x%x))' % (END - 1 - n, A + 0x400), 0)
        m.check('i32', 'strcmp-string-ending-at-end-of-memory len %d swapped' % n, '(call $strcmp (i32.const 0x%x) (call $o_i32 (i32.const 0x%x)))' % (A + 0x400, END - 1 - n), 0)
    m.line('(call $str (i32.const 0x%x) (i32.const 12))' % (END - 13))
    m.line('(call $str (i32.const 0x%x) (i32.const 12))' % (A + 0x400))
    m.line('(i32.store8 (i32.const 0x%x) (i32.const 0x30))' % (A + 0x400 + 10))
    m.check('i32', 'strcmp-difference-near-end-of-memory', '(call $strcmp (call $o_i32 (i32.const 0x%x)) (i32.const 0x%x))' % (END - 13, A + 0x400), (0x41 + 10) - 0x30)
    return m
