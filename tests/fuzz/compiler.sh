#!/bin/bash
# tests/fuzz/compiler.sh WASMC OUTDIR [diff] [mutate] — the CI subset of the
# compiler fuzzers (issue 17), a fixed seed range each:
#   diff    differential fuzzing against Binaryen's interpreter (diff.py),
#           seeds $FUZZ_DIFF_SEEDS (default 0:400); honours WASMC_TARGET /
#           WASMC_EMULATOR (the AArch64 section runs a smaller range)
#   mutate  malformed-input fuzzing (mutate.py) of WASMC, meant to be the
#           ASan+UBSan build, inputs $FUZZ_MUTATE_SEEDS (default 0:1500)
# Long runs are separate commands (docs/testing.md "Fuzzing"):
#   python3 tests/fuzz/diff.py --wasmc build/wasmc --rtlib build/libwasmc_rt.a --work /tmp/fz --count 100000
#   python3 tests/fuzz/mutate.py --wasmc build-asan/wasmc --work /tmp/mut --seconds 3600
# One PASS/FAIL line per part; last line "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WASMC=${1:?usage: compiler.sh WASMC OUTDIR [diff] [mutate]}
OUT=${2:?usage: compiler.sh WASMC OUTDIR [diff] [mutate]}
shift 2
parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(diff mutate)
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
pass=0 failn=0
rec() { echo "$1 $2"; if [ "$1" = PASS ]; then pass=$((pass + 1)); else failn=$((failn + 1)); fi; }
rtlib="$(dirname "$WASMC")/libwasmc_rt.a"
[ -n "${WASMC_TARGET:-}" ] && rtlib="$(dirname "$WASMC")/$WASMC_TARGET/libwasmc_rt.a"
for part in "${parts[@]}"; do
  case $part in
    diff)
      # --canonical-nans: regress/canonical_*.wat exit 42 when every NaN
      # result is canonical (canonical_nan_folded.wat: diff.py seed 100057,
      # NaNs the IR builder folds; canonical_nans_ops.wat: every operation,
      # scalar and SIMD, and x86's expansions at the SSE2 baseline and with
      # SSE4.1/AVX2)
      read -r -a EMU <<< "${WASMC_EMULATOR:-}"
      TFLAG=(); [ -n "${WASMC_TARGET:-}" ] && TFLAG=("--target=$WASMC_TARGET")
      cpus=(""); case ${WASMC_TARGET:-$(uname -m)} in x86_64*) cpus=("" --cpu=x86-64-v3) ;; esac
      for wat in "$here"/regress/canonical_*.wat; do
        n=$(basename "$wat" .wat)
        for o in -O0 -O2; do
          for cpu in "${cpus[@]}"; do
            flags=($o --canonical-nans ${cpu:+"$cpu"} "${TFLAG[@]+"${TFLAG[@]}"}")
            if wat2wasm "$wat" -o "$OUT/$n.wasm" && \
               "$WASMC" "${flags[@]}" "$OUT/$n.wasm" -o "$OUT/$n" > "$OUT/$n.log" 2>&1; then
              "${EMU[@]+"${EMU[@]}"}" "$OUT/$n"; st=$?
              if [ $st = 42 ]; then rec PASS "fuzz regression: $n.wat, NaN results canonical (${flags[*]})"
              else rec FAIL "fuzz regression: $n.wat (${flags[*]}) exited $st, not 42 (the number of the failed check)"; fi
            else rec FAIL "fuzz regression: $n.wat (${flags[*]}) did not compile: $(head -1 "$OUT/$n.log")"; fi
          done
        done
      done
      # harness regressions (the 100,000-module run of 2026-12-03), each of
      # which must be told apart from a miscompile (no mismatch, no crash):
      #   1019796  a dead load sunk into the path that uses it: the program
      #            runs on and traps later;  1025384  the same at -O0 (the
      #            value dies with mem2reg);  1014778  a dead load and NaN bits
      #   1082685  NaN bits the reference gets wrong (Binaryen 108 keeps a
      #            signalling NaN through f32.floor; --denan agrees)
      #   1083233  not standard: a funcref returned as externref, which wabt
      #            1.0.32 accepts and V8 rejects as wasmc does
      # (--optional-features: the features of that day, so that each seed
      # makes the module it made then; tail calls and memory64 came later)
      for c in "1014778|^dead out-of-bounds loads.*: 1;|a dead load (documented)" \
               "1019796|^dead out-of-bounds loads.*: 1;|a dead load (documented)" \
               "1025384|^dead out-of-bounds loads.*: 1;|a dead load (documented)" \
               "1082685|^dead out-of-bounds loads.*NaN bits[^:]*: 1$|NaN bits only (Binaryen's --denan agrees)" \
               "1083233|not standard[^:]*: 1;|not standard (V8 rejects it too)"; do
        IFS='|' read -r s want what <<< "$c"
        python3 "$here/diff.py" --wasmc "$WASMC" --rtlib "$rtlib" --work "$OUT/diff-$s" --seeds "$s:$((s + 1))" \
          --optional-features reference-types,exception-handling --jobs 1 > "$OUT/diff-$s.log" 2>&1
        st=$?
        if [ $st = 0 ] && grep -qE "$want" "$OUT/diff-$s.log"; then rec PASS "fuzz regression: seed $s is $what"
        else rec FAIL "fuzz regression: seed $s, expected $what: $(grep -E '^(MISMATCH|CRASH|dead|generator)' "$OUT/diff-$s.log" | head -3 | tr '\n' ' ')"; fi
      done
      seeds=${FUZZ_DIFF_SEEDS:-0:400}
      python3 "$here/diff.py" --wasmc "$WASMC" --rtlib "$rtlib" --work "$OUT/diff" --seeds "$seeds" \
        > "$OUT/diff.log" 2>&1
      st=$?
      last=$(tail -1 "$OUT/diff.log")
      if [ $st = 0 ]; then rec PASS "fuzz diff (seeds $seeds): $last; $(grep -E '^dead' "$OUT/diff.log")"
      else rec FAIL "fuzz diff (seeds $seeds): $last: $(grep -E '^(MISMATCH|CRASH)|^diff.py' "$OUT/diff.log" | head -3 | tr '\n' ' ') (findings in $OUT/diff/findings)"; fi ;;
    mutate)
      # regression (mutate.py input 8209): an export name holding a newline
      # in an error message must not split the one-line message
      printf '\x00asm\x01\x00\x00\x00\x07\x07\x01\x03a\nb\x03\x1b' > "$OUT/name_newline.wasm"
      "$WASMC" --emit=obj "$OUT/name_newline.wasm" -o "$OUT/name_newline.o" 2> "$OUT/name_newline.err"
      st=$?
      if [ $st = 1 ] && [ "$(wc -l < "$OUT/name_newline.err")" = 1 ] && grep -qF 'export "a\x0ab"' "$OUT/name_newline.err" \
         && [ ! -e "$OUT/name_newline.o" ]; then
        rec PASS "fuzz regression: a newline in an export name prints as \\x0a, one line"
      else rec FAIL "fuzz regression: name with a newline: exit $st, stderr: $(head -c 200 "$OUT/name_newline.err")"; fi
      seeds=${FUZZ_MUTATE_SEEDS:-0:1500}
      python3 "$here/mutate.py" --wasmc "$WASMC" --work "$OUT/mutate" --seeds "$seeds" > "$OUT/mutate.log" 2>&1
      st=$?
      last=$(tail -1 "$OUT/mutate.log")
      if [ $st = 0 ]; then rec PASS "fuzz mutate (inputs $seeds): $last"
      else rec FAIL "fuzz mutate (inputs $seeds): $last: $(grep -E '^FINDING|^mutate.py' "$OUT/mutate.log" | head -3 | tr '\n' ' ')"; fi ;;
    *) rec FAIL "compiler.sh: unknown part '$part'" ;;
  esac
done
echo "$pass passed, $failn failed"
[ "$failn" -eq 0 ]
