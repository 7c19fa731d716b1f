#!/usr/bin/env python3
"""tests/threads/loop_loads.py IR FUNC — the i64 loads inside loops of one
function of wasmc's optimised IR (--emit=llvm-ir), for run.sh's check that
an explicit bounds check of a shared memory reloads the memory's size in
every iteration.

A block is inside a loop when it can reach itself through the successors
named by its terminator (br, switch, indirectbr).  Prints one line per i64
load in such blocks ("atomic monotonic" when also `align 8`, else "atomic
other" or "plain"), then "loads: N"; exit 2 if FUNC is not in the file.  In the loops of a wasm function whose memory
accesses are i32 loads, the i64 loads are the size loads of the checks.
"""
import re
import sys


def blocks_of(lines):
    """[(label, [instruction lines])] of one function body, in order."""
    blocks, label, body = [], None, []
    for ln in lines:
        m = re.match(r'^([-\w.$]+):', ln)
        if m:
            if label is not None or body:
                blocks.append((label, body))
            label, body = m.group(1), []
        else:
            body.append(ln)
    blocks.append((label, body))
    # the entry block may have no label: LLVM numbers it %0 or leaves it unnamed
    return blocks


def main():
    ir, func = sys.argv[1], sys.argv[2]
    text = open(ir).read().splitlines()
    start = next((i for i, l in enumerate(text)
                  if l.startswith('define ') and re.search(r'@"?' + re.escape(func) + r'"?\(', l)), None)
    if start is None:
        print(f'no function {func} in {ir}')
        sys.exit(2)
    end = next(i for i in range(start, len(text)) if text[i] == '}')
    blocks = blocks_of(text[start + 1:end])
    succ = {}
    for label, body in blocks:
        # only terminators name labels (phis name their blocks without `label`)
        succ[label] = set(re.findall(r'label %([-\w.$"]+)', ' '.join(body)))
    n = 0
    for label, body in blocks:
        seen, todo = set(), list(succ.get(label, ()))
        while todo:
            b = todo.pop()
            if b in seen:
                continue
            seen.add(b)
            todo.extend(succ.get(b, ()))
        if label not in seen:
            continue
        for ins in body:
            if re.search(r'= load (atomic )?i64, ', ins):
                if 'load atomic' not in ins:
                    kind = 'plain'
                elif 'monotonic' in ins and 'align 8' in ins:
                    kind = 'atomic monotonic'  # align 8: not an __atomic_load call
                else:
                    kind = 'atomic other'
                print(f'{label}: {kind}: {ins.strip()}')
                n += 1
    print(f'loads: {n}')


if __name__ == '__main__':
    main()
