#!/bin/bash
# bench/size.sh WASMC OUTDIR — executable sizes (docs/benchmarks/size.md).
#
# hello-world (tests/programs/hello.c) and Lua 5.4 (tests/real/build.sh) are
# compiled by WASMC with --libc=glibc (the default before musl), -s and -g;
# prints one line per executable: "NAME bytes".  If WASMC has the
# x86_64-linux-musl runtime (musl-dev at build time; then musl is the
# default), the same with --libc=musl, and for both C
# libraries the start-up time (mean of RUNS runs of hello, default 300) and
# the run time of bench/lua's scripts (best of 3).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
[ $# -eq 2 ] || { echo "usage: $0 WASMC OUTDIR" >&2; exit 2; }
WASMC=$(realpath "$1")
OUT=$2
RUNS=${RUNS:-300}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
cd "$OUT"

clang-19 --target=wasm32-wasi -O2 "$repo/tests/programs/hello.c" -o hello.wasm
lua_wasm=$(bash "$repo/tests/real/build.sh" | sed -n 's/^lua_wasm=//p')
cp "$lua_wasm" lua.wasm
for p in hello lua; do
  "$WASMC" -q --libc=glibc "$p.wasm" -o "$p"
  "$WASMC" -q --libc=glibc -s "$p.wasm" -o "$p-s"
  "$WASMC" -q --libc=glibc -g "$p.wasm" -o "$p-g"
  for v in "$p" "$p-s" "$p-g"; do echo "$v $(stat -c %s "$v")"; done
done

if [ "$("$WASMC" --version | grep -c '^runtime x86_64-linux-musl: /')" -eq 0 ]; then
  echo "musl: skipped (this wasmc has no x86_64-linux-musl runtime: musl-dev, x86-64 hosts)"
  exit 0
fi
for p in hello lua; do
  "$WASMC" -q --libc=musl "$p.wasm" -o "$p-musl"
  "$WASMC" -q --libc=musl -s "$p.wasm" -o "$p-musl-s"
  for v in "$p-musl" "$p-musl-s"; do echo "$v $(stat -c %s "$v")"; done
done
cmp <(./hello) <(./hello-musl) && echo "hello-musl prints what hello prints"

# start-up: RUNS runs each, interleaved in blocks of 50 (the machine may be busy)
tg=0 tm=0
for ((k = 0; k < RUNS; k += 50)); do
  for exe in hello hello-musl; do
    t0=$(date +%s%N)
    for ((i = 0; i < 50; i++)); do ./$exe > /dev/null; done
    t=$(($(date +%s%N) - t0))
    if [ $exe = hello ]; then tg=$((tg + t)); else tm=$((tm + t)); fi
  done
done
echo "startup glibc $((tg / RUNS / 1000)) us/run"
echo "startup musl $((tm / RUNS / 1000)) us/run"

# run time: bench/lua's scripts at bench/bench.py's sizes, best of 3
for s in "binarytrees.lua 15" "strings.lua 40" "numeric.lua 14"; do
  for exe in lua lua-musl; do
    best=""
    for r in 1 2 3; do
      t0=$(date +%s%N)
      (cd "$repo/bench/lua" && WASMC_FLAGS="--dir-ro ." "$OUT/$exe" $s > /dev/null)
      t=$((($(date +%s%N) - t0) / 1000000))
      if [ -z "$best" ] || [ $t -lt "$best" ]; then best=$t; fi
    done
    echo "run $exe ${s%%.lua*} $best ms"
  done
done
