"""Boilerplate generator for the tests/lowering/*.wat check modules.

The checks themselves (operations, operands and expected values) are written by
hand in the per-module files next to this one; this module only wraps them in a
WASI command: a string table of case names, the check/report helpers and
`_start`.  Expected values are written by hand from the spec; float literals
given as expected values are only *encoded* here (and must be exactly
representable, which is asserted).

Each operator check `op(...)` is emitted twice:
  * with constant operands (exercises wasmc/LLVM constant folding), and
  * with operands routed through $o_<type> (xor with an exported mutable
    global that stays 0), so the operation is really executed at run time.
A failure prints `FAIL <file>:<case>`; the run-time variant adds ` [rt]`.

Regenerate all modules:  python3 tests/lowering/gen/gen_all.py
"""
import math
import re
import struct

NAME_BASE = 1024      # case-name strings live in [NAME_BASE, NAME_LIMIT)
NAME_LIMIT = 0xF000   # page 1 and above are free for the tests themselves

CMP = {'eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u',
       'lt', 'gt', 'le', 'ge'}
UNARY = {'clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s', 'extend32_s', 'neg',
         'abs', 'sqrt', 'ceil', 'floor', 'trunc', 'nearest'}
BINARY = {'add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'and', 'or', 'xor',
          'shl', 'shr_s', 'shr_u', 'rotl', 'rotr', 'div', 'min', 'max', 'copysign'}


def sig(op):
    t, name = op.split('.', 1)
    if name == 'eqz':
        return [t], 'i32'
    if name in CMP:
        return [t, t], 'i32'
    if name in UNARY:
        return [t], t
    if name in BINARY:
        return [t, t], t
    m = re.match(r'(trunc_sat|trunc|convert|extend|wrap|demote|promote|reinterpret)_([if](?:32|64))(?:_[su])?$', name)
    if m:
        return [m.group(2)], t
    raise ValueError(op)


def parse_float(lit, bits):
    """Encode a wat float literal as its IEEE bit pattern (exactly)."""
    s = lit.replace('_', '')
    neg = s.startswith('-')
    if s[0] in '+-':
        s = s[1:]
    mant = 23 if bits == 32 else 52
    sign = (1 << (bits - 1)) if neg else 0
    expmask = ((1 << (bits - 1)) - 1) ^ ((1 << mant) - 1)
    if s == 'inf':
        return sign | expmask
    if s.startswith('nan'):
        payload = int(s[4:], 16) if s.startswith('nan:') else (1 << (mant - 1))
        assert 0 < payload < (1 << mant), lit
        return sign | expmask | payload
    v = float.fromhex(s) if s.startswith('0x') else float(s)
    if neg:
        v = -v
    if bits == 64:
        return struct.unpack('<Q', struct.pack('<d', v))[0]
    b = struct.unpack('<I', struct.pack('<f', v))[0]
    assert struct.unpack('<f', struct.pack('<I', b))[0] == v, 'not exact in f32: ' + lit
    return b


def fmt_int(v, bits):
    v &= (1 << bits) - 1
    return '0x%x' % v if v > 9 else str(v)


def wat_string(s):
    out = []
    for ch in s.encode():
        if 32 <= ch < 127 and ch not in (34, 92):
            out.append(chr(ch))
        else:
            out.append('\\%02x' % ch)
    return ''.join(out)


class Module:
    def __init__(self, file, memory='(memory (export "memory") 2)', header='', directives=()):
        self.file = file               # e.g. "i32_arith.wat"
        self.directives = list(directives)  # run.sh header lines: "expect-ir: ...", ...
        self.memory = memory
        self.header = header           # comment block describing the module
        self.fields = []               # extra module fields (wat text)
        self.groups = []               # (func name, [lines])
        self.names = {}                # case name -> address
        self.next_name = NAME_BASE
        self.nchecks = 0

    # -- structure ---------------------------------------------------------
    def field(self, text):
        self.fields.append(text.strip('\n'))

    def group(self, fname, comment=None):
        self.groups.append((fname, []))
        if comment:
            self.line(';; ' + comment)

    def line(self, text):
        self.groups[-1][1].append(text)

    def name(self, case):
        if case in self.names:
            k = 2
            while '%s#%d' % (case, k) in self.names:
                k += 1
            case = '%s#%d' % (case, k)
        addr = self.next_name
        self.names[case] = addr
        self.next_name += len(case.encode()) + 1
        assert self.next_name < NAME_LIMIT, 'too many case names'
        return addr, case

    # -- checks --------------------------------------------------------------
    def _check(self, rty, addr, expr, expected, rt=False):
        """One check of `expr` (result type rty) against `expected`.
        expected: int for i32/i64; for f32/f64 a float literal string (exact
        bits), an int (raw bits), 'anynan' (any NaN accepted) or 'arithnan'
        (an arithmetic NaN: any NaN with the quiet bit set, spec 4.3.3)."""
        tag = addr | (0x80000000 if rt else 0)
        n = '(i32.const 0x%x)' % tag
        self.nchecks += 1
        if rty in ('i32', 'i64'):
            bits = 32 if rty == 'i32' else 64
            return '(call $ck_%s %s %s (%s.const %s))' % (rty, n, expr, rty, fmt_int(expected, bits))
        bits = 32 if rty == 'f32' else 64
        if expected == 'anynan':
            return '(call $ck_nan_%s %s %s)' % (rty, n, expr)
        if expected == 'arithnan':
            return '(call $ck_qnan_%s %s %s)' % (rty, n, expr)
        b = expected if isinstance(expected, int) else parse_float(expected, bits)
        it = 'i32' if bits == 32 else 'i64'
        return '(call $ck_%s %s %s (%s.const 0x%x))' % (rty, n, expr, it, b)

    def expr(self, rty, case, template, args, expected, both=True):
        """template uses {0}, {1}, ... for the typed operands args=[(type, literal)]."""
        addr, case = self.name(case)
        self.line(';; ' + case)
        const = [self._lit(t, v) for t, v in args]
        self.line('  ' + self._check(rty, addr, template.format(*const), expected))
        if both and args:
            opaque = ['(call $o_%s %s)' % (t, c) for (t, _), c in zip(args, const)]
            self.line('  ' + self._check(rty, addr, template.format(*opaque), expected, rt=True))

    def op(self, op, args, expected, case=None):
        ptys, rty = sig(op)
        assert len(ptys) == len(args), op
        if case is None:
            case = '%s(%s)' % (op, ','.join(str(a) if not isinstance(a, int) or -9 <= a <= 9
                                             else fmt_int(a, int(p[1:])) for a, p in zip(args, ptys)))
        tmpl = '(%s %s)' % (op, ' '.join('{%d}' % i for i in range(len(args))))
        self.expr(rty, case, tmpl, list(zip(ptys, args)), expected)

    def check(self, rty, case, expr, expected):
        """A single check of an arbitrary expression (no run-time twin)."""
        addr, case = self.name(case)
        self.line(';; ' + case)
        self.line('  ' + self._check(rty, addr, expr, expected))

    @staticmethod
    def _lit(t, v):
        if t in ('i32', 'i64'):
            if isinstance(v, int):
                v = str(v) if -9 <= v <= 9 else ('-0x%x' % -v if v < 0 else '0x%x' % v)
            return '(%s.const %s)' % (t, v)
        return '(%s.const %s)' % (t, v)

    # -- output --------------------------------------------------------------
    def render(self):
        prefix = 'FAIL %s:' % self.file
        out = []
        out.append(';; GENERATED by tests/lowering/gen/%s.py (checks written by hand); do not edit.'
                   % self.file[:-4])
        for l in self.header.strip('\n').split('\n'):
            out.append(';; ' + l if l else ';;')
        out.append(';; %d checks.' % self.nchecks)
        for d in self.directives:
            out.append(';; ' + d)
        out.append('(module')
        out.append(HELPERS_IMPORTS)
        out.append('  ' + self.memory)
        out.append('  (data (i32.const 64) "%s")' % wat_string(prefix))
        out.append(HELPERS.replace('PREFIXLEN', str(len(prefix.encode()))))
        names = sorted(self.names.items(), key=lambda kv: kv[1])
        out.append('  ;; case names (NUL-terminated)')
        for case, addr in names:
            out.append('  (data (i32.const 0x%x) "%s\\00")' % (addr, wat_string(case)))
        for f in self.fields:
            out.append('')
            out.append('\n'.join('  ' + l if l else '' for l in f.split('\n')))
        for fname, lines in self.groups:
            out.append('')
            out.append('  (func $%s (local i32 i32 i64 f32 f64)' % fname)
            for l in lines:
                out.append('    ' + l)
            out.append('  )')
        out.append('')
        out.append('  (func $_start (export "_start")')
        for fname, _ in self.groups:
            out.append('    (call $%s)' % fname)
        out.append('    (call $report)')
        out.append('    (call $proc_exit (global.get $failures)))')
        out.append(')')
        return '\n'.join(out) + '\n'


HELPERS_IMPORTS = '''\
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))'''

# Memory 0..1023 belongs to the helpers: iovec at 0, nwritten at 8, decimal
# buffer at 16..47, FAIL prefix at 64, fixed strings at 512.
HELPERS = r'''
  (data (i32.const 512) " [rt]\nok  checks\n")
  (global $checks (mut i32) (i32.const 0))
  (global $failures (mut i32) (i32.const 0))
  ;; Always 0; exported and mutable so the compiler cannot assume its value.
  (global $opaque_zero (export "opaque_zero") (mut i32) (i32.const 0))

  (func $o_i32 (param i32) (result i32) (i32.xor (local.get 0) (global.get $opaque_zero)))
  (func $o_i64 (param i64) (result i64) (i64.xor (local.get 0) (i64.extend_i32_u (global.get $opaque_zero))))
  (func $o_f32 (param f32) (result f32)
    (f32.reinterpret_i32 (i32.xor (i32.reinterpret_f32 (local.get 0)) (global.get $opaque_zero))))
  (func $o_f64 (param f64) (result f64)
    (f64.reinterpret_i64 (i64.xor (i64.reinterpret_f64 (local.get 0)) (i64.extend_i32_u (global.get $opaque_zero)))))

  (func $write (param $p i32) (param $n i32)
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (local.get $n))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $strlen (param $p i32) (result i32) (local $q i32)
    (local.set $q (local.get $p))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (local.get $q))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $next)))
    (i32.sub (local.get $q) (local.get $p)))
  ;; name: address of the case name; bit 31 set = run-time-operand variant
  (func $fail (param $name i32) (local $p i32)
    (global.set $failures (i32.add (global.get $failures) (i32.const 1)))
    (local.set $p (i32.and (local.get $name) (i32.const 0x7fffffff)))
    (call $write (i32.const 64) (i32.const PREFIXLEN))
    (call $write (local.get $p) (call $strlen (local.get $p)))
    (if (i32.lt_s (local.get $name) (i32.const 0))
      (then (call $write (i32.const 512) (i32.const 5))))
    (call $write (i32.const 517) (i32.const 1)))
  (func $count (global.set $checks (i32.add (global.get $checks) (i32.const 1))))
  (func $ck_i32 (param $name i32) (param $got i32) (param $exp i32)
    (call $count)
    (if (i32.ne (local.get $got) (local.get $exp)) (then (call $fail (local.get $name)))))
  (func $ck_i64 (param $name i32) (param $got i64) (param $exp i64)
    (call $count)
    (if (i64.ne (local.get $got) (local.get $exp)) (then (call $fail (local.get $name)))))
  (func $ck_f32 (param $name i32) (param $got f32) (param $exp i32)
    (call $ck_i32 (local.get $name) (i32.reinterpret_f32 (local.get $got)) (local.get $exp)))
  (func $ck_f64 (param $name i32) (param $got f64) (param $exp i64)
    (call $ck_i64 (local.get $name) (i64.reinterpret_f64 (local.get $got)) (local.get $exp)))
  ;; any NaN: exponent all ones, mantissa non-zero, either sign
  (func $ck_nan_f32 (param $name i32) (param $got f32) (local $b i32)
    (call $count)
    (local.set $b (i32.reinterpret_f32 (local.get $got)))
    (if (i32.or (i32.ne (i32.and (local.get $b) (i32.const 0x7f800000)) (i32.const 0x7f800000))
                (i32.eqz (i32.and (local.get $b) (i32.const 0x007fffff))))
      (then (call $fail (local.get $name)))))
  (func $ck_nan_f64 (param $name i32) (param $got f64) (local $b i64)
    (call $count)
    (local.set $b (i64.reinterpret_f64 (local.get $got)))
    (if (i32.or (i64.ne (i64.and (local.get $b) (i64.const 0x7ff0000000000000)) (i64.const 0x7ff0000000000000))
                (i64.eqz (i64.and (local.get $b) (i64.const 0x000fffffffffffff))))
      (then (call $fail (local.get $name)))))
  ;; arithmetic NaN: exponent all ones and the quiet (top mantissa) bit set
  (func $ck_qnan_f32 (param $name i32) (param $got f32)
    (call $count)
    (if (i32.ne (i32.and (i32.reinterpret_f32 (local.get $got)) (i32.const 0x7fc00000)) (i32.const 0x7fc00000))
      (then (call $fail (local.get $name)))))
  (func $ck_qnan_f64 (param $name i32) (param $got f64)
    (call $count)
    (if (i64.ne (i64.and (i64.reinterpret_f64 (local.get $got)) (i64.const 0x7ff8000000000000)) (i64.const 0x7ff8000000000000))
      (then (call $fail (local.get $name)))))
  ;; prints "ok <checks> checks"
  (func $report (local $n i32) (local $p i32)
    (call $write (i32.const 518) (i32.const 3))
    (local.set $n (global.get $checks))
    (local.set $p (i32.const 48))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digit (local.get $n)))
    (call $write (local.get $p) (i32.sub (i32.const 48) (local.get $p)))
    (call $write (i32.const 521) (i32.const 8)))'''
