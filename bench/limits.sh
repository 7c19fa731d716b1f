#!/bin/bash
# bench/limits.sh [--runs N] [--only REGEX] [--wasmc PATH] [OUTDIR]
#
# Run-time cost of the limit checks (issue 24; docs/benchmarks/limits.md):
# every workload of bench/bench.py (full sizes) compiled by wasmc -O2 three
# ways, run interleaved N times (default 3), median wall time per mode:
#   plain          no flag (no checks)
#   interruptible  --interruptible (epoch checks at function entries and
#                  loop headers), run without a limit
#   timeout        the same executable run with WASMC_FLAGS=--timeout=1h
#                  (adds the timer thread, which sleeps)
#   fuel           --interruptible=fuel (epoch checks + fuel counting), run
#                  without a limit
# Prints one line per workload (seconds, and the ratio to plain) and the
# geomean of the ratios, of wall time (median of the runs) and of user+system
# CPU time (minimum of the runs: on a shared VM noise only adds time); CSV in
# OUTDIR (default build-bench/limits).  Programs that read files (Lua,
# QuickJS, flite) run where bench/bench.py runs them, with the same grant;
# the multi-threaded group (xz-T2) is left out, as from bench.py's geomeans.
# Output of every run is compared with the plain run's (WRONG otherwise).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
runs=3 only="" wasmc="$repo/build/wasmc" out="$repo/build-bench/limits"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift ;;
    --only) only=$2; shift ;;
    --wasmc) wasmc=$(realpath "$2"); shift ;;
    -*) echo "bench/limits.sh: unknown option $1" >&2; exit 2 ;;
    *) out=$(realpath -m "$1") ;;
  esac
  shift
done
mkdir -p "$out/exe" "$out/runs"
declare -A art
while IFS='=' read -r k v; do art[$k]=$v; done < <(bash "$here/build.sh" 2> /dev/null)
# name|program|args|working directory|grant flag (full sizes of bench/bench.py)
workloads=$(python3 - "$here" "$out" << 'PY'
import os, shutil, sys; sys.path.insert(0, sys.argv[1]); import bench
for w in bench.WORKLOADS:
    if w[4] == 'threads': continue
    d, flag = bench.PROG_DIRS.get(w[1], (None, ''))
    if w[1] in bench.PROG_DIRS and d is None:  # a scratch copy of bench/text/, as bench.py makes it
        d = os.path.join(sys.argv[2], w[1] + '-dir')
        if not os.path.isdir(d):
            shutil.copytree(bench.TEXT_DIR, d)
            text = open(os.path.join(bench.TEXT_DIR, 'flite.txt')).read()
            open(os.path.join(d, 'flite-long.txt'), 'w').write('\n'.join([text] * 8))
    print('|'.join([w[0], w[1], ' '.join(w[2]), d or '', flag]))
PY
)
modes=(plain interruptible timeout fuel)
csv="$out/limits.csv"
echo "workload,mode,run,seconds,cpu_seconds" > "$csv"
while IFS='|' read -r name prog args dir grant; do
  [ -n "$only" ] && ! [[ $name =~ $only ]] && continue
  wasm=${art[${prog}_wasm]}
  for m in plain interruptible fuel; do
    f=(); [ $m = interruptible ] && f=(--interruptible); [ $m = fuel ] && f=(--interruptible=fuel)
    [ -x "$out/exe/$prog-$m" ] || "$wasmc" -O2 -j2 "${f[@]+"${f[@]}"}" "$wasm" -o "$out/exe/$prog-$m" >&2
  done
  cwd=$out/runs; env_extra=""
  [ -n "$dir" ] && cwd=$dir && env_extra="$grant $dir::."
  read -r -a argv <<< "$args"
  declare -A t=()
  for r in $(seq 0 "$runs"); do      # run 0: untimed check run
    for m in "${modes[@]}"; do
      e=$m; [ $m = timeout ] && e=interruptible
      fl=$env_extra; [ $m = timeout ] && fl="$fl --timeout=1h"
      s=$(date +%s%N)
      (cd "$cwd" && WASMC_FLAGS="$fl" /usr/bin/time -f '%U %S' -o "$out/runs/$name.$m.cpu" \
         "$out/exe/$prog-$e" "${argv[@]}" > "$out/runs/$name.$m.out" 2>&1) ||
        { echo "$name $m: FAIL (status $?)" >&2; }
      el=$(( $(date +%s%N) - s ))
      cpu=$(awk 'END { printf "%.4f", $1 + $2 }' "$out/runs/$name.$m.cpu")
      if [ "$m" != plain ] && ! cmp -s <(grep -v '^ *[0-9.]*s\?$' "$out/runs/$name.plain.out" | sed 's/[0-9.]*s$//') \
                                      <(grep -v '^ *[0-9.]*s\?$' "$out/runs/$name.$m.out" | sed 's/[0-9.]*s$//'); then
        [ "$r" = 0 ] && echo "$name $m: output differs from plain (timings?)" >&2
      fi
      [ "$r" = 0 ] && continue
      t[$m]+="$el "
      echo "$name,$m,$r,$(awk -v n="$el" 'BEGIN { printf "%.4f", n / 1e9 }'),$cpu" >> "$csv"
    done
  done
  unset t
done <<< "$workloads"
python3 - "$csv" << 'PY'
import csv, statistics, math, sys
rows = list(csv.DictReader(open(sys.argv[1])))
wall, cpu = {}, {}
for r in rows:
    wall.setdefault(r['workload'], {}).setdefault(r['mode'], []).append(float(r['seconds']))
    cpu.setdefault(r['workload'], {}).setdefault(r['mode'], []).append(float(r['cpu_seconds']))
modes = ['plain', 'interruptible', 'timeout', 'fuel']
geo = lambda xs: math.exp(sum(map(math.log, xs)) / len(xs))
print('wall: median of the runs, ratio to plain, spread (max - min) / median;')
print('CPU: user + system, minimum of the runs, ratio to plain')
print()
print('| workload | ' + ' | '.join(f'{m} wall' for m in modes) + ' | ' + ' | '.join(f'{m} CPU' for m in modes) + ' |')
print('|---|' + '---|' * (2 * len(modes)))
rw = {m: [] for m in modes}; rc = {m: [] for m in modes}
for w, d in wall.items():
    med = {m: statistics.median(d[m]) for m in modes}
    mn = {m: min(cpu[w][m]) for m in modes}
    cells = []
    for m in modes:
        q = med[m] / med['plain']; rw[m].append(q)
        spread = (max(d[m]) - min(d[m])) / med[m] * 100
        cells.append(f'{med[m]:.3f}' + ('' if m == 'plain' else f' ({q:.3f}x)') + f' ±{spread:.0f}%')
    for m in modes:
        q = mn[m] / mn['plain'] if mn['plain'] > 0 else 1.0; rc[m].append(q)
        cells.append(f'{mn[m]:.3f}' + ('' if m == 'plain' else f' ({q:.3f}x)'))
    print(f'| {w} | ' + ' | '.join(cells) + ' |')
print('| **geomean ratio** | 1.000x | ' + ' | '.join(f'**{geo(rw[m]):.3f}x**' for m in modes[1:]) +
      ' | 1.000x | ' + ' | '.join(f'**{geo(rc[m]):.3f}x**' for m in modes[1:]) + ' |')
PY
