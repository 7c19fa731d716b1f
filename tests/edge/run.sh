#!/bin/bash
# tests/edge/run.sh WASMC OUTDIR — the edge-case matrix (issue 17): tiny valid
# modules that other toolchains emit (no memory, a memory of 0 pages, a memory
# no instruction touches, only `_start`, zero-length data and element segments
# at the end of a memory or table, a start function only, imported memory and
# table, exports of every kind), each compiled in every mode and run against a
# reference.
#
#   exe/*.wat   command modules.  Reference: V8 through node-ref.mjs (exit
#               status and stdout); the first line `;; expect-exit: N` must
#               agree with it (that checks the test itself).  wasmc compiles
#               each at -O0..-O3 x --bounds-checks=guard|explicit x
#               --memory-base=segment|register (segment only on x86-64) as an
#               executable; each must exit and print as the reference did.
#   obj/*.wast  modules run through the embedding API (tests/spec/run.py
#               --wast: --emit=obj --allow-imports, the spec driver), at
#               -O0..-O3 x guard|explicit.  Reference: wabt's spectest-interp
#               must pass every command of the file first.
#
# EDGE_OPTS (default "0 1 2 3") lists the -O levels of the modes.
# WASMC_TARGET / WASMC_EMULATOR (as in the other suites) select the target
# and the command that runs its executables (qemu-aarch64).  One PASS/FAIL
# line per module and mode; last line "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
# WASMC, OUT, EMU, TFLAG and rec (its counts are redone from $RES below,
# as modes run in subshells)
source "$repo/scripts/lib/suite.sh"
bases="segment register"
case ${WASMC_TARGET:-$(uname -m)} in x86_64*) ;; *) bases="register" ;; esac

# Results go to numbered files under $RES (printed in order at the end), so
# that the modes of an executable test run JOBS (default: the CPUs) at a time.
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
RES="$OUT/.results"; rm -rf "$RES"; mkdir -p "$RES"
seq_n=0
next() { seq_n=$((seq_n + 1)); F=$(printf '%s/%06d' "$RES" "$seq_n"); } # sets $F
throttle() { while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done; }
run_mode() { # name wasm ref o bc mb
  local name=$1 wasm=$2 ref=$3 o=$4 bc=$5 mb=$6 mode exe rc
  mode="-O$o --bounds-checks=$bc --memory-base=$mb"
  exe="$OUT/$name.O$o.$bc.$mb"
  rm -f "$exe"
  if ! timeout 120 "$WASMC" "-O$o" "--bounds-checks=$bc" "--memory-base=$mb" "${TFLAG[@]+"${TFLAG[@]}"}" \
       "$wasm" -o "$exe" > "$exe.compile.log" 2>&1; then
    rec FAIL "edge $name ($mode): wasmc failed: $(head -1 "$exe.compile.log")"; return
  fi
  timeout 60 "${EMU[@]+"${EMU[@]}"}" "$exe" > "$exe.out" 2> "$exe.err"
  rc=$?
  if [ $rc != "$ref" ]; then
    rec FAIL "edge $name ($mode): exit $rc, the reference $ref ($(head -1 "$exe.err"))"
  elif ! cmp -s "$exe.out" "$OUT/$name.ref.out"; then
    rec FAIL "edge $name ($mode): stdout differs from the reference"
  elif [ $rc = 134 ] && ! grep -q '^wasm trap: ' "$exe.err"; then
    rec FAIL "edge $name ($mode): exit 134 without a 'wasm trap:' line"
  else
    rec PASS "edge $name ($mode): exit $rc as the reference"
  fi
  rm -f "$exe"
}

for wat in "$here"/exe/*.wat; do
  name=$(basename "$wat" .wat)
  wasm="$OUT/$name.wasm"
  if ! wat2wasm --enable-exceptions "$wat" -o "$wasm" 2> "$OUT/$name.wat2wasm.log"; then
    next; rec FAIL "edge $name: wat2wasm: $(head -1 "$OUT/$name.wat2wasm.log")" > "$F"; continue
  fi
  node --no-warnings "$here/node-ref.mjs" "$wasm" > "$OUT/$name.ref.out" 2> "$OUT/$name.ref.err"
  ref=$?
  want=$(sed -nE '1s/^;; expect-exit: ([0-9]+)$/\1/p' "$wat")
  if [ "$ref" != "$want" ]; then
    next; rec FAIL "edge $name: the reference exited $ref, the test says $want ($(head -1 "$OUT/$name.ref.err"))" > "$F"; continue
  fi
  for o in ${EDGE_OPTS:-0 1 2 3}; do
    for bc in guard explicit; do
      for mb in $bases; do
        throttle; next
        run_mode "$name" "$wasm" "$ref" "$o" "$bc" "$mb" > "$F" 2>&1 &
      done
    done
  done
done
wait

rtlib="$(dirname "$WASMC")/libwasmc_rt.a"
[ -n "${WASMC_TARGET:-}" ] && rtlib="$(dirname "$WASMC")/$WASMC_TARGET/libwasmc_rt.a"
for wast in "$here"/obj/*.wast; do
  name=$(basename "$wast" .wast)
  mkdir -p "$OUT/ref-$name"
  if ! (cd "$OUT/ref-$name" && wast2json --enable-exceptions --enable-tail-call "$wast" -o ref.json && \
        spectest-interp --enable-exceptions --enable-tail-call ref.json) > "$OUT/ref-$name.log" 2>&1; then
    next; rec FAIL "edge $name: the reference (spectest-interp) does not pass it: $(tail -1 "$OUT/ref-$name.log")" > "$F"; continue
  fi
  for o in ${EDGE_OPTS:-0 1 2 3}; do
    for bc in guard explicit; do
      log="$OUT/$name.O$o.$bc.log"
      python3 "$repo/tests/spec/run.py" --wasmc "$WASMC" --rtlib "$rtlib" --work "$OUT/work-$name-O$o-$bc" \
        "-O$o" "--wasmc-flag=--bounds-checks=$bc" --wast "$wast" > "$log" 2>&1
      last=$(tail -1 "$log")
      next
      if grep -qE '^[0-9]+ passed, 0 failed' <<< "$last"; then
        rec PASS "edge $name (obj -O$o --bounds-checks=$bc): $last"
      else
        rec FAIL "edge $name (obj -O$o --bounds-checks=$bc): $last; $(grep -E '^    ' "$log" | head -3 | tr '\n' ' ')"
      fi > "$F"
    done
  done
done
cat "$RES"/*
pass=$(cat "$RES"/* | grep -c '^PASS ')
failn=$(cat "$RES"/* | grep -c '^FAIL ')
echo "$pass passed, $failn failed"
[ "$failn" -eq 0 ]
