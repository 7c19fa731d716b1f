#!/usr/bin/env python3
"""tests/limits/time.sh: print the innermost loop of a function's objdump
(`objdump -d --no-show-raw-insn`, one function) that contains an
instruction matching PATTERN: the instructions from the target of a
backward conditional branch to that branch, the shortest such span.
A branch right after a compare of wasmc_rt_interrupt_pending is no loop's:
it is an out-of-line check going back into its loop (compiler/
emit_limits.c, counted loops).  Nothing when there is none.
usage: loop_span.py FUNC.s PATTERN"""
import re
import sys

ins = []
for line in open(sys.argv[1]):
    m = re.match(r'\s*([0-9a-f]+):\t(.*)', line)
    if m:
        ins.append((int(m.group(1), 16), m.group(2).strip()))
best = None
for k, (addr, text) in enumerate(ins):
    m = re.match(r'j(?!mp)[a-z]+\s+([0-9a-f]+)\b', text)
    if not m or int(m.group(1), 16) >= addr or (k and 'wasmc_rt_interrupt_pending' in ins[k - 1][1]):
        continue
    body = [t for a, t in ins[:k + 1] if a >= int(m.group(1), 16)]
    if any(re.search(sys.argv[2], t) for t in body) and (best is None or len(body) < len(best)):
        best = body
print('\n'.join(best or []))
