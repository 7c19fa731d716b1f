#!/bin/bash
# tests/scale/run.sh WASMC OUTDIR — modules whose size is one big count (issue
# 18): many data segments (a Go program has ~36,000), many globals, many
# element segments, one huge br_table, many memory accesses whose addresses
# GVN translates through phis (a Go program's loops).  Each kind is generated with
# SCALE_N (default 100000) of it by gen.py and
#   1. compiled at -O2 under a timeout of SCALE_TIMEOUT s (default 120; the
#      per-segment switch this replaced took > 600 s on 36,000 segments), and
#      run: its exit status says whether the values arrived;
#   2. compiled again with --emit=llvm-ir: no function of the optimised IR may
#      hold more than SCALE_MAX_INSNS (default 2000) instructions, i.e. the
#      count is data (constant tables), not code.
# unwind instead checks --time-report's count of functions optimised on the
# budget (1), and a small unwind module (N/2500 calls: 6,000 phi operands):
# not budgeted by default, budgeted with --big-function-limit=1000, the same
# exit status both ways.
# One PASS/FAIL line per check; last line "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WASMC=${1:?usage: run.sh WASMC OUTDIR}
OUT=${2:?usage: run.sh WASMC OUTDIR}
case $WASMC in */*) WASMC=$(cd "$(dirname "$WASMC")" && pwd)/$(basename "$WASMC") ;; esac
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
N=${SCALE_N:-100000}
TMO=${SCALE_TIMEOUT:-120}
MAXI=${SCALE_MAX_INSNS:-2000}
read -r -a EMU <<< "${WASMC_EMULATOR:-}"
TFLAG=()
[ -n "${WASMC_TARGET:-}" ] && TFLAG=("--target=$WASMC_TARGET")

pass=0 failn=0
rec() { echo "$1 $2"; if [ "$1" = PASS ]; then pass=$((pass + 1)); else failn=$((failn + 1)); fi; }

# budgeted KIND N LOG: the count --time-report gives in LOG
budgeted() { sed -nE 's/^wasmc: time report: ([0-9]+) functions? optimised with -O1.*/\1/p' "$1"; }

for kind in data globals elems br_table accesses unwind; do
  wat="$OUT/$kind.wat" wasm="$OUT/$kind.wasm" exe="$OUT/$kind"
  want=$(python3 "$here/gen.py" "$kind" "$N" "$wat")
  if ! wat2wasm --enable-extended-const "$wat" -o "$wasm" > "$OUT/$kind.wat2wasm.log" 2>&1; then
    rec FAIL "scale $kind $N: wat2wasm: $(head -1 "$OUT/$kind.wat2wasm.log")"; continue
  fi
  rm -f "$exe"
  t0=$(date +%s.%N)
  timeout "$TMO" "$WASMC" -O2 --time-report "${TFLAG[@]+"${TFLAG[@]}"}" "$wasm" -o "$exe" > "$OUT/$kind.compile.log" 2>&1
  rc=$?
  secs=$(echo "$(date +%s.%N) - $t0" | bc)
  if [ $rc = 124 ]; then
    rec FAIL "scale $kind $N: compiling at -O2 took more than ${TMO}s"; continue
  elif [ $rc != 0 ]; then
    rec FAIL "scale $kind $N: wasmc failed: $(head -1 "$OUT/$kind.compile.log")"; continue
  fi
  timeout 60 "${EMU[@]+"${EMU[@]}"}" "$exe" > "$OUT/$kind.out" 2>&1
  got=$?
  if [ "$got" = "$want" ]; then
    rec PASS "scale $kind $N: -O2 in $(printf %.1f "$secs")s, exit $got"
  else
    rec FAIL "scale $kind $N: exit $got, expected $want ($(head -1 "$OUT/$kind.out"))"
  fi
  if [ "$kind" = unwind ]; then
    rm -f "$exe"
    nb=$(budgeted "$OUT/$kind.compile.log")
    if [ "$nb" = 1 ]; then rec PASS "scale unwind $N: 1 function optimised on the budget"
    else rec FAIL "scale unwind $N: $nb functions optimised on the budget, expected 1"; fi
    small=$((N / 50))
    want=$(python3 "$here/gen.py" unwind "$small" "$OUT/unwind-small.wat")
    if ! wat2wasm "$OUT/unwind-small.wat" -o "$OUT/unwind-small.wasm" > "$OUT/unwind-small.log" 2>&1; then
      rec FAIL "scale unwind $small: wat2wasm: $(head -1 "$OUT/unwind-small.log")"; continue
    fi
    for limit in default 1000; do
      lf=(); [ $limit != default ] && lf=("--big-function-limit=$limit")
      expect_nb=1; [ $limit = default ] && expect_nb=0
      log="$OUT/unwind-small-$limit.log"
      if ! "$WASMC" -O2 --time-report "${lf[@]+"${lf[@]}"}" "${TFLAG[@]+"${TFLAG[@]}"}" "$OUT/unwind-small.wasm" \
           -o "$OUT/unwind-small" > "$log" 2>&1; then
        rec FAIL "scale unwind $small (limit $limit): wasmc failed: $(head -1 "$log")"; continue
      fi
      timeout 60 "${EMU[@]+"${EMU[@]}"}" "$OUT/unwind-small" > /dev/null 2>&1
      got=$? nb=$(budgeted "$log")
      if [ "$got" = "$want" ] && [ "$nb" = "$expect_nb" ]; then
        rec PASS "scale unwind $small (limit $limit): exit $got, $nb function(s) on the budget"
      else
        rec FAIL "scale unwind $small (limit $limit): exit $got (expected $want), $nb on the budget (expected $expect_nb)"
      fi
    done
    rm -f "$OUT/unwind-small"
    continue
  fi
  # (accesses: the count is in the functions; each one is small by construction)
  if [ "$kind" = accesses ]; then rm -f "$exe"; continue; fi
  if ! timeout "$TMO" "$WASMC" -O2 --emit=llvm-ir "${TFLAG[@]+"${TFLAG[@]}"}" "$wasm" -o "$OUT/$kind.ll" \
       > "$OUT/$kind.ir.log" 2>&1; then
    rec FAIL "scale $kind $N: --emit=llvm-ir failed: $(head -1 "$OUT/$kind.ir.log")"; continue
  fi
  # Instructions per function: the lines of a define's body that are neither
  # labels nor blank nor comments.
  big=$(awk -v max="$MAXI" '
    /^define / { name = $0; sub(/\(.*/, "", name); sub(/.* @/, "@", name); n = 0; inside = 1; next }
    inside && /^}/ { if (n > max) printf "%s has %d instructions\n", name, n; inside = 0; next }
    inside && !/^[ \t]*$/ && !/^[A-Za-z0-9_.$"-]+:/ && !/^[ \t]*;/ { n++ }
  ' "$OUT/$kind.ll" | head -3)
  if [ -z "$big" ]; then
    rec PASS "scale $kind $N: no function of the -O2 IR above $MAXI instructions"
  else
    rec FAIL "scale $kind $N: $(tr '\n' ';' <<< "$big")"
  fi
  rm -f "$OUT/$kind.ll" "$exe"
done
echo "$pass passed, $failn failed"
[ $failn = 0 ]
