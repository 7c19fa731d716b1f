#!/usr/bin/env python3
"""Regenerate tests/lowering/*.wat from the hand-written check lists in this directory."""
import importlib
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
MODULES = ['i32_arith', 'i64_arith', 'shifts', 'bitcount', 'compare', 'extend',
           'f32_arith', 'f64_arith', 'conversions', 'memory', 'bulk_memory',
           'globals', 'control', 'tables', 'start', 'simd', 'relaxed_simd', 'libc_memfns', 'exceptions']

total = 0
for name in sys.argv[1:] or MODULES:
    mod = importlib.import_module(name).build()
    with open(os.path.join(HERE, '..', mod.file), 'w') as f:
        f.write(mod.render())
    print('%-20s %4d checks' % (mod.file, mod.nchecks))
    total += mod.nchecks
print('%-20s %4d checks' % ('total', total))
