#!/bin/bash
# tests/determinism/run.sh WASMC OUTDIR — the output does not depend on -j,
# on the order threads take partitions, or on the directory the input is
# named from (issue 18, partition.c).
#
# Modules: tests/programs/{interp,compress,mathlib}.c built by clang-19 for
# wasm32-wasi (-O2, as tests/programs/run.sh builds them).  Each is compiled
# with a small --partition-size (so that it is cut into many partitions,
# checked in --time-report's output) at -j1, -j2 and -j3, twice at -j2, and
# once from another working directory with a relative input path; every
# executable must be byte-identical to the -j1 one.  The same for the whole-
# module path (no --partition-size), for --emit=obj and for the AArch64
# target (objects and executables are compared, not run).  The partitioned
# executable must also print what the whole-module one prints.
# Prints PASS/FAIL per check and, last, "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
[ $# -eq 2 ] || { echo "usage: $0 WASMC OUTDIR" >&2; exit 2; }
WASMC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
OUT=$2
rm -rf "$OUT"; mkdir -p "$OUT/elsewhere"
OUT=$(cd "$OUT" && pwd)
CC=${CC:-clang-19}
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; [ -n "${2:-}" ] && [ -f "$2" ] && sed -n '1,15p' "$2" | sed 's/^/    /'; fail=$((fail + 1)); }

# same NAME REF FILE...: every FILE has REF's bytes
same() {
  local name=$1 ref=$2; shift 2
  for f in "$@"; do
    if ! cmp -s "$ref" "$f"; then bad "$name: $(basename "$f") differs from $(basename "$ref")"; return; fi
  done
  ok "$name: $(($# + 1)) outputs identical"
}

for prog in interp compress mathlib; do
  d="$OUT/$prog"; mkdir -p "$d"
  if ! { $CC --target=wasm32-wasi -O2 -w -c "$repo/tests/programs/$prog.c" -o "$d/$prog.o" &&
         $CC --target=wasm32-wasi -O2 "$d/$prog.o" -o "$d/$prog.wasm" -lm; } > "$d/cc.log" 2>&1; then
    bad "$prog: wasm build" "$d/cc.log"; continue
  fi
  w="$d/$prog.wasm"
  # partitioned: -j1, -j2 (twice), -j3, and from another directory
  P=(--partition-size=2048)
  for j in 1 2 3; do "$WASMC" -O2 "${P[@]}" -j$j --time-report "$w" -o "$d/p.j$j" 2> "$d/p.j$j.log" || bad "$prog: -j$j compile" "$d/p.j$j.log"; done
  "$WASMC" -O2 "${P[@]}" -j2 "$w" -o "$d/p.j2b" 2> "$d/p.j2b.log" || bad "$prog: second -j2 compile" "$d/p.j2b.log"
  cp "$w" "$OUT/elsewhere/$prog.wasm"
  (cd "$OUT/elsewhere" && "$WASMC" -O2 "${P[@]}" -j2 "$prog.wasm" -o "$d/p.cwd") 2> "$d/p.cwd.log" || bad "$prog: compile elsewhere" "$d/p.cwd.log"
  n=$(sed -n 's/^wasmc: time report: \([0-9]*\) partition.*/\1/p' "$d/p.j1.log")
  if [ "${n:-0}" -ge 3 ]; then ok "$prog: --partition-size=2048 makes $n partitions"
  else bad "$prog: expected at least 3 partitions, --time-report says '${n:-nothing}'" "$d/p.j1.log"; fi
  same "$prog partitioned exe" "$d/p.j1" "$d/p.j2" "$d/p.j2b" "$d/p.j3" "$d/p.cwd"
  # whole module (one partition; code generation may still be split)
  for j in 1 2; do "$WASMC" -O2 -j$j "$w" -o "$d/w.j$j" 2> "$d/w.j$j.log" || bad "$prog: whole -j$j" "$d/w.j$j.log"; done
  same "$prog whole-module exe" "$d/w.j1" "$d/w.j2"
  # the partitioned program behaves as the whole one
  (cd "$d" && ./w.j1 < /dev/null > w.out 2>&1; echo "status $?" >> w.out)
  (cd "$d" && ./p.j1 < /dev/null > p.out 2>&1; echo "status $?" >> p.out)
  if cmp -s "$d/w.out" "$d/p.out"; then ok "$prog: partitioned executable prints what the whole-module one prints"
  else diff "$d/w.out" "$d/p.out" > "$d/out.diff"; bad "$prog: partitioned output differs" "$d/out.diff"; fi
  # --emit=obj (partitions joined by a relocatable link)
  for j in 1 2; do "$WASMC" -O2 "${P[@]}" -j$j --emit=obj "$w" -o "$d/o.j$j.o" 2> "$d/o.j$j.log" || bad "$prog: obj -j$j" "$d/o.j$j.log"; done
  same "$prog partitioned object" "$d/o.j1.o" "$d/o.j2.o"
  # AArch64
  for j in 1 2; do "$WASMC" -O2 "${P[@]}" -j$j --target=aarch64-linux-gnu "$w" -o "$d/a.j$j" 2> "$d/a.j$j.log" || bad "$prog: aarch64 -j$j" "$d/a.j$j.log"; done
  same "$prog partitioned aarch64 exe" "$d/a.j1" "$d/a.j2"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
