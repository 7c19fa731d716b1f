#!/usr/bin/env python3
"""tests/scale/gen.py KIND N OUT.wat — modules whose size is one big count.

Writes OUT.wat and prints the exit status the module must give.

KIND (N of it), each a WASI command whose exit status says whether the
module's values arrived (tests/scale/run.sh checks it, and the IR's shape):
  data      N active data segments of one byte, at 5*i, byte (7*i+1) % 256;
            exits with the sum of the first and the last byte
  globals   N immutable i32 globals, global i = (i*3) % 1000 (extended
            constant expressions every 7th: i32.add of two constants);
            exits with global 0 + global N-1 (mod 256)
  elems     N active element segments of one function each, into a table
            of N; function k returns k % 200; exits with the result of
            call_indirect of entry N-1
  accesses  N/5 functions, each loading 5 words off an address that is a
            phi of two sums (argument + constant), the arms of an if that each call another
            function (GVN translates such addresses through the phi: with
            one base for all of memory, each translation scanned every
            access of the module); word i of memory holds i; exits with the
            sum of the first and the last function's results (mod 256)
  br_table  one br_table of N entries over 4 labels, (i % 3) and the
            default 3; exits with f(N-2) + f(N) (label (N-2) % 3 returns
            10, 20 or 30; the default 40)
  unwind    Binaryen Asyncify's shape (ruby.wasm): one function of N/50
            calls and UNWIND_LOCALS locals, each call followed by a branch
            to one shared block that saves every local to memory (N/50 x
            150 phi operands after mem2reg: the function LLVM's -O2 takes
            minutes on, which budget.c compiles with -O1's passes).  It runs
            once to the end (the sum of its locals) and once unwinding half
            way (the saved locals); exits with both sums (mod 256)
"""
import sys


def main():
    kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    w = []
    w.append('(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))')
    w.append(' (memory (export "memory") %d)' % max(1, (5 * n) // 65536 + 1))
    if kind == "data":
        w.append(' (func (export "_start") (call $exit (i32.add (i32.load8_u (i32.const 0))'
                 ' (i32.load8_u (i32.const %d)))))' % (5 * (n - 1)))
        for i in range(n):
            w.append('(data (i32.const %d) "\\%02x")' % (5 * i, (7 * i + 1) % 256))
    elif kind == "globals":
        for i in range(n):
            v = (i * 3) % 1000
            init = "(i32.add (i32.const %d) (i32.const %d))" % (v - 1, 1) if i % 7 == 0 else "(i32.const %d)" % v
            w.append('(global $g%d i32 %s)' % (i, init))
        w.append(' (func (export "_start") (call $exit (i32.and (i32.const 255)'
                 ' (i32.add (global.get $g0) (global.get $g%d)))))' % (n - 1))
    elif kind == "elems":
        w.append(' (type $r (func (result i32)))')
        w.append(' (table %d funcref)' % n)
        for k in range(200):
            w.append(' (func $f%d (result i32) (i32.const %d))' % (k, k))
        for i in range(n):
            w.append('(elem (i32.const %d) func $f%d)' % (i, i % 200))
        w.append(' (func (export "_start") (call $exit (call_indirect (type $r) (i32.const %d))))' % (n - 1))
    elif kind == "accesses":
        nf = max(1, n // 5)
        w.append(' (global $calls (mut i32) (i32.const 0))')
        w.append(' (func $left (global.set $calls (i32.add (global.get $calls) (i32.const 1))))')
        w.append(' (func $right (global.set $calls (i32.add (global.get $calls) (i32.const 2))))')
        for k in range(nf):
            w.append(' (func $a%d (param i32) (result i32) (local i32)' % k)
            w.append('  (if (local.get 0) (then (call $left) (local.set 1 (i32.add (local.get 0) (i32.const %d))))'
                     ' (else (call $right) (local.set 1 (i32.add (local.get 0) (i32.const %d)))))'
                     % (4 * k - 1, 4 * k + 4))
            w.append('  ' + ' '.join('(i32.load offset=%d (local.get 1))' % (4 * j) for j in range(5)) +
                     ' i32.add i32.add i32.add i32.add)')
        w.append(' (func $fill (local i32) (loop $l (i32.store (i32.shl (local.get 0) (i32.const 2)) (local.get 0))'
                 ' (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const %d)))))'
                 % (nf + 8))
        w.append(' (func (export "_start") (call $fill) (call $exit (i32.and (i32.const 255)'
                 ' (i32.add (call $a0 (i32.const 1)) (call $a%d (i32.const 0))))))' % (nf - 1))
    elif kind == "br_table":
        w.append(' (func $f (param i32) (result i32)')
        w.append('  (block $d (block (block (block')
        w.append('   (br_table ' + ' '.join(str(i % 3) for i in range(n)) + ' 3 (local.get 0))')
        w.append('  ) (return (i32.const 10))) (return (i32.const 20))) (return (i32.const 30))) (i32.const 40))')
        w.append(' (func (export "_start") (call $exit (i32.add (call $f (i32.const %d)) (call $f (i32.const %d)))))'
                 % (n - 2, n))
    elif kind == "unwind":
        ncalls, k = unwind_shape(n)
        w.append(' (global $state (mut i32) (i32.const 0))')
        w.append(' (global $countdown (mut i32) (i32.const 0))')
        # the callee: counts down to the unwind, returns 3a + 1 (not inlined
        # away: it writes globals, like Asyncify's runtime calls)
        w.append(' (func $leaf (param i32) (result i32)')
        w.append('  (global.set $countdown (i32.sub (global.get $countdown) (i32.const 1)))')
        w.append('  (if (i32.eqz (global.get $countdown)) (then (global.set $state (i32.const 1))))')
        w.append('  (i32.add (i32.mul (local.get 0) (i32.const 3)) (i32.const 1)))')
        w.append(' (func $big (param $n i32) (result i32)' + ' (local i32)' * k)
        for i in range(k):
            w.append('  (local.set %d (i32.add (local.get 0) (i32.const %d)))' % (i + 1, i))
        w.append('  (block $unwind')
        for j in range(ncalls):
            d, a = 1 + j % k, 1 + (j * 7) % k
            w.append('   (local.set %d (i32.add (local.get %d) (call $leaf (local.get %d))))' % (d, d, a))
            w.append('   (br_if $unwind (global.get $state))')
        w.append('   ' + ' '.join('(local.get %d)' % (i + 1) for i in range(k)) + ' i32.add' * (k - 1) + ' return)')
        for i in range(k):
            w.append('  (i32.store offset=%d (i32.const 0) (local.get %d))' % (1024 + 4 * i, i + 1))
        w.append('  (i32.const -1))')
        w.append(' (func $saved (result i32) (local i32) (local i32)')
        w.append('  (loop $l (local.set 1 (i32.add (local.get 1) (i32.load offset=1024 (local.get 0))))')
        w.append('   (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 4))) (i32.const %d))))'
                 % (4 * k))
        w.append('  (local.get 1))')
        w.append(' (func (export "_start") (local i32)')
        w.append('  (local.set 0 (call $big (i32.const 5)))')
        w.append('  (global.set $countdown (i32.const %d))' % (ncalls // 2 + 3))
        w.append('  (drop (call $big (i32.const 9)))')
        w.append('  (call $exit (i32.and (i32.const 255) (i32.add (local.get 0) (call $saved)))))')
    else:
        sys.exit("gen.py: unknown kind %s" % kind)
    w.append(')')
    with open(out, "w") as f:
        f.write("\n".join(w) + "\n")
    print(expected_exit(kind, n))


def unwind_shape(n):
    return max(2, n // 50), 150


def unwind_run(n, ncalls, k, countdown):
    """tests the generated $big(n): (result, the locals it saved or None)"""
    m = 0xffffffff
    loc = [(n + i) & m for i in range(k)]
    state = 0
    for j in range(ncalls):
        d, a = j % k, (j * 7) % k
        countdown = (countdown - 1) & m
        if countdown == 0:
            state = 1
        loc[d] = (loc[d] + loc[a] * 3 + 1) & m
        if state:
            return m, loc
    return sum(loc) & m, None


def expected_exit(kind, n):
    if kind == "unwind":
        ncalls, k = unwind_shape(n)
        r1, _ = unwind_run(5, ncalls, k, 0)
        _, saved = unwind_run(9, ncalls, k, ncalls // 2 + 3)
        return (r1 + sum(saved)) & 255
    if kind == "data":
        return (1 + (7 * (n - 1) + 1) % 256) % 256
    if kind == "globals":
        return ((n - 1) * 3 % 1000) % 256
    if kind == "elems":
        return (n - 1) % 200
    if kind == "accesses":
        nf = max(1, n // 5)
        # function k reads the 5 words from word k (argument 1) or k + 1 (0)
        return (sum(range(0, 5)) + sum(range(nf, nf + 5))) & 255
    return (10, 20, 30)[(n - 2) % 3] + 40


if __name__ == "__main__":
    main()
