#!/bin/bash
# tests/embed/run.sh WASMC OUTDIR — generated code inside an embedder's
# program (docs/embedding.md): nested.wat compiled with --emit=obj
# --allow-imports at EMBED_OPTS (default "-O0 -O2"), linked with host.c and
# the runtime library beside WASMC, run; host.c prints the checks (catch
# frames that nest through a host import: a wasm exception ends the
# innermost call into wasm as trap 15 and never reaches the handlers of
# the wasm frames outside it, docs/exceptions.md).
# WASMC_TARGET / WASMC_EMULATOR: cross target and the command that runs its
# executables (qemu-aarch64), as in the other suites.
# One PASS/FAIL line per check; last line "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
WASMC=${1:?usage: run.sh WASMC OUTDIR}
OUT=${2:?usage: run.sh WASMC OUTDIR}
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
WASMC=$(cd "$(dirname "$WASMC")" && pwd)/$(basename "$WASMC")
CC=${CC:-clang-19}
read -r -a EMU <<< "${WASMC_EMULATOR:-}"
TFLAG=() CFLAG=() LFLAG=()
rtlib="$(dirname "$WASMC")/libwasmc_rt.a"
if [ -n "${WASMC_TARGET:-}" ]; then
  TFLAG=("--target=$WASMC_TARGET") CFLAG=("--target=$WASMC_TARGET") LFLAG=("--target=$WASMC_TARGET" -static -fuse-ld=lld)
  rtlib="$(dirname "$WASMC")/$WASMC_TARGET/libwasmc_rt.a"
fi
pass=0 failn=0
rec() { echo "$1 $2"; if [ "$1" = PASS ]; then pass=$((pass + 1)); else failn=$((failn + 1)); fi; }
finish() { echo "$pass passed, $failn failed"; [ "$failn" -eq 0 ]; exit $?; }

if ! wat2wasm --enable-exceptions "$here/nested.wat" -o "$OUT/nested.wasm" > "$OUT/wat2wasm.log" 2>&1; then
  rec FAIL "wat2wasm nested.wat: $(head -1 "$OUT/wat2wasm.log")"; finish
fi
if ! $CC "${CFLAG[@]+"${CFLAG[@]}"}" -std=c17 -O1 -Wall -Wextra -Werror -I"$repo/runtime/include" -c "$here/host.c" \
     -o "$OUT/host.o" > "$OUT/host.log" 2>&1; then
  rec FAIL "compile host.c: $(head -3 "$OUT/host.log")"; finish
fi
for o in ${EMBED_OPTS:--O0 -O2}; do
  d="$OUT/wasmc$o"; mkdir -p "$d"
  if ! "$WASMC" "$o" "${TFLAG[@]+"${TFLAG[@]}"}" --emit=obj --allow-imports --module-symbol nested_module \
       "$OUT/nested.wasm" -o "$d/nested.o" > "$d/wasmc.log" 2>&1; then
    rec FAIL "nested.wat $o: wasmc: $(head -1 "$d/wasmc.log")"; continue
  fi
  if ! $CC "${LFLAG[@]+"${LFLAG[@]}"}" -o "$d/host" "$OUT/host.o" "$d/nested.o" "$rtlib" -lm -lpthread \
       > "$d/link.log" 2>&1; then
    rec FAIL "nested.wat $o: link: $(head -1 "$d/link.log")"; continue
  fi
  "${EMU[@]+"${EMU[@]}"}" "$d/host" > "$d/out" 2>&1; st=$?
  while read -r res rest; do
    case $res in PASS | FAIL) rec "$res" "nested.wat $o: $rest" ;; esac
  done < "$d/out"
  [ $st = 0 ] || rec FAIL "nested.wat $o: host exited $st: $(grep -v '^PASS' "$d/out" | head -3 | tr '\n' ' ')"
done
finish
