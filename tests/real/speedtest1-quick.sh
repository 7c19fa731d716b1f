#!/bin/bash
# tests/real/speedtest1-quick.sh [WASMC] [SIZE] — time SQLite's speedtest1
# (in-memory, --size SIZE, default 60) built natively (clang-19 -O2), with
# wasmc (-O2) and under Node 20 (node:wasi), median of 3 runs each, and print a
# small table.  Uses the cached builds of tests/real/build.sh.
# (Lives here because bench/ belongs to another part of the project; a
# bench/speedtest1-quick.sh wrapper can simply exec this script.)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
WASMC=${1:-$repo/build/wasmc}
SIZE=${2:-60}
RUNS=3
work=$(mktemp -d "${TMPDIR:-/tmp}/speedtest1-quick.XXXXXX")
trap 'rm -rf "$work"' EXIT
. <(bash "$here/build.sh" 2>/dev/null | sed 's/^\([a-z0-9_]*\)=\(.*\)$/\1="\2"/')
args=(--memdb --size "$SIZE" --verify)

declare -A cmd
cmd[native]="$speedtest1_native"
if [ -x "$WASMC" ] && "$WASMC" -O2 "$speedtest1_wasm" -o "$work/st.wasmc" 2> "$work/wasmc.log"; then
  cmd[wasmc]="$work/st.wasmc"
else
  echo "speedtest1-quick: wasmc unavailable or failed ($WASMC); skipping that row" >&2
fi
if command -v node > /dev/null; then
  "$repo/scripts/lib/wasmc-node-shim.sh" "$speedtest1_wasm" -o "$work/st.node"
  cmd[node]="$work/st.node"
fi

median() { sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"; }
declare -A med hash
for k in native wasmc node; do
  [ -n "${cmd[$k]:-}" ] || continue
  ts=()
  for _ in $(seq $RUNS); do
    s=$(date +%s.%N)
    "${cmd[$k]}" "${args[@]}" > "$work/$k.out" 2>&1
    e=$(date +%s.%N)
    ts+=("$(echo "$e - $s" | bc)")
  done
  med[$k]=$(printf '%s\n' "${ts[@]}" | median)
  hash[$k]=$(grep -o 'Verification Hash: .*' "$work/$k.out" | awk '{print $3, $4}' | cut -c1-20)
done
printf '\nspeedtest1 --memdb --size %s, wall time, median of %d\n' "$SIZE" "$RUNS"
printf '%-8s %10s %10s  %s\n' engine seconds vs-native "verification hash"
for k in native wasmc node; do
  [ -n "${med[$k]:-}" ] || continue
  printf '%-8s %10.3f %9.2fx  %s\n' "$k" "${med[$k]}" "$(echo "${med[$k]} / ${med[native]}" | bc -l)" "${hash[$k]}"
done
