#!/bin/bash
# bench/box_startup.sh [--wasmc PATH] [--out DIR] [--runs N]
#
# Does the size of a box slow start-up?  Builds bench/box/startup.c to wasm
# and compiles it with wasmc four ways: no box, an empty box, a box of 10,000
# files (10 MiB) and a box of 30,000 files (300 MiB of distinct contents), then
# times, with hyperfine -N (N runs after warm-up), the executable printing a
# line, and printing a line after reading one file deep in the box.  Writes
# box-startup.md and box-startup.csv into DIR (default docs/benchmarks/).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
wasmc="$repo/build-bench/wasmc" out="$repo/docs/benchmarks" runs=200
while [ $# -gt 0 ]; do
  case "$1" in
    --wasmc) wasmc=$(realpath "$2"); shift ;;
    --out) out=$(realpath -m "$2"); shift ;;
    --runs) runs=$2; shift ;;
    *) echo "bench/box_startup.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -x "$wasmc" ] || { echo "bench/box_startup.sh: no wasmc at $wasmc (build it or pass --wasmc)" >&2; exit 1; }
if ! command -v hyperfine > /dev/null; then
  echo "box_startup: installing hyperfine" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q hyperfine >&2 ||
    { echo "bench/box_startup.sh: needs hyperfine (Debian package hyperfine)" >&2; exit 1; }
fi
work=${TMPDIR:-/tmp}/wasmc-box-startup.$$
trap 'rm -rf "$work"' EXIT
mkdir -p "$work" "$out"
log() { echo "box_startup: $*" >&2; }

# trees: N files of S bytes each, 100 per directory, distinct contents
mktree() { # dir files bytes
  python3 - "$@" <<'PY'
import os, sys
d, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(d, exist_ok=True)
for i in range(n):
    sub = os.path.join(d, 'd%03d' % (i // 100))
    if i % 100 == 0: os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, 'f%02d.txt' % (i % 100)), 'wb') as f:
        f.write(b'file %d\n' % i + os.urandom(max(0, size - 16)))
PY
}
log "generating trees"
mkdir -p "$work/empty"
mktree "$work/t10k" 10000 1024
mktree "$work/t30k" 30000 10240
clang-19 --target=wasm32-wasi -O2 "$here/box/startup.c" -o "$work/startup.wasm"
declare -A exe
for v in none empty t10k t30k; do
  args=(); [ $v != none ] && args=(--box "$work/$v::/box")
  t0=$(date +%s.%N)
  "$wasmc" "$work/startup.wasm" "${args[@]}" -o "$work/$v.exe"
  t1=$(date +%s.%N)
  log "$v: compiled in $(printf '%.2f' "$(echo "$t1 - $t0" | bc)") s, $(stat -c %s "$work/$v.exe") bytes"
  echo "$v $(echo "$t1 - $t0" | bc) $(stat -c %s "$work/$v.exe")" >> "$work/build.txt"
done
deep=/box/d042/f17.txt
hyperfine -N -w 20 -r "$runs" --export-json "$work/plain.json" \
  -n none "$work/none.exe" -n empty "$work/empty.exe" -n t10k "$work/t10k.exe" -n t30k "$work/t30k.exe" > /dev/null
hyperfine -N -w 20 -r "$runs" --export-json "$work/open.json" \
  -n t10k "$work/t10k.exe $deep" -n t30k "$work/t30k.exe $deep" > /dev/null
python3 - "$work" "$out" "$runs" <<'PY'
import json, sys, os, statistics, platform
work, out, runs = sys.argv[1], sys.argv[2], sys.argv[3]
build = {l.split()[0]: (float(l.split()[1]), int(l.split()[2])) for l in open(os.path.join(work, 'build.txt'))}
plain = {r['command']: r['times'] for r in json.load(open(os.path.join(work, 'plain.json')))['results']}
opened = {r['command']: r['times'] for r in json.load(open(os.path.join(work, 'open.json')))['results']}
names = {'none': 'no box', 'empty': 'empty box', 't10k': '10,000 files, 10 MiB', 't30k': '30,000 files, 300 MiB'}
ms = lambda v: statistics.median(v) * 1000
L = ['# Start-up of boxed executables\n',
     f'`bash bench/box_startup.sh` on {platform.node()} ({os.cpu_count()} cores): bench/box/startup.c '
     f'compiled by wasmc with each box; wall time from `hyperfine -N`, 20 warm-up runs then {runs} runs, medians.\n',
     '| box | executable bytes | compile s | start, print a line (ms) | start, read one boxed file (ms) |',
     '|---|---:|---:|---:|---:|']
rows = []
for k in ('none', 'empty', 't10k', 't30k'):
    o = f'{ms(opened[k]):.2f}' if k in opened else '-'
    L.append(f'| {names[k]} | {build[k][1]:,} | {build[k][0]:.1f} | {ms(plain[k]):.2f} | {o} |')
    rows.append(f'{k},{build[k][1]},{build[k][0]:.2f},{ms(plain[k]):.3f},{ms(opened[k]) if k in opened else ""}')
L.append('\nThe index is read lazily: start-up reads the image header and its mount table only, '
         'and opening a file reads the directories on its path (docs/boxes.md).\n')
open(os.path.join(out, 'box-startup.md'), 'w').write('\n'.join(L))
open(os.path.join(out, 'box-startup.csv'), 'w').write('box,exe_bytes,compile_s,start_ms,start_open_ms\n' + '\n'.join(rows) + '\n')
print('\n'.join(L))
PY
