#!/bin/bash
# tests/real/memory64.sh WASMC OUTDIR — memory64 from a real toolchain on
# real code: Debian's zlib 1.2.13 (tests/real/fetch.sh zlib), built by
# clang-19 for wasm64-unknown-unknown (-O2 -mbulk-memory, Z_SOLO: no libc;
# there is no wasm64 wasi-libc) with the test code of memory64/zlib64.c, and
# the same sources built natively (clang-19 -O2), which is the reference.
# The wasm64 module is compiled by WASMC at each of $MEMORY64_OPTS (default
# "-O0 -O2") with --emit=obj --allow-imports, linked with
# memory64/zlib64_driver.c and the runtime library, and must print what the
# native build prints (70 cases: deflate/inflate round trips over levels,
# strategies, window sizes, zlib/raw/gzip wrappers, chunked streaming,
# flushes and deflateParams; adler32/crc32 and their _combine).
# wasm-ld 19 gives a wasm64 module a 64-bit function table (call_indirect
# with an i64 index: zlib calls its allocator and deflate's strategies
# through function pointers), which wasmc rejects with one line naming it;
# memory64/table32.py makes that table 32-bit (an i32.wrap_i64 before each
# call_indirect), leaving every memory access as clang made it.
# Cases: the module is a 64-bit memory whose code uses i64 addresses and
# 64-bit memory.copy/fill; wasmc rejects it as it comes from wasm-ld, naming
# the 64-bit table; then one per level.  Builds are cached in
# ~/.cache/wasmc/build/zlib64-<version>-<hash of this script and memory64/>.
# WASMC_TARGET / WASMC_EMULATOR as in tests/real/run.sh (the reference stays
# the host build).  Last line "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
WASMC=${1:?usage: memory64.sh WASMC OUTDIR}
OUT=${2:?usage: memory64.sh WASMC OUTDIR}
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
WASMC=$(cd "$(dirname "$WASMC")" && pwd)/$(basename "$WASMC")
CACHE="${WASMC_CACHE:-$HOME/.cache/wasmc}"
CC=${CC:-clang-19}
M="$here/memory64"
read -r -a EMU <<< "${WASMC_EMULATOR:-}"
TFLAG=() LFLAG=()
rtlib="$(dirname "$WASMC")/libwasmc_rt.a"
if [ -n "${WASMC_TARGET:-}" ]; then
  TFLAG=("--target=$WASMC_TARGET") LFLAG=("--target=$WASMC_TARGET" -static -fuse-ld=lld)
  rtlib="$(dirname "$WASMC")/$WASMC_TARGET/libwasmc_rt.a"
fi
pass=0 failn=0
rec() { echo "$1 $2"; if [ "$1" = PASS ]; then pass=$((pass + 1)); else failn=$((failn + 1)); fi; }
finish() { echo "$pass passed, $failn failed"; [ "$failn" -eq 0 ]; exit $?; }

# 1. fetch + build (cached): the wasm64 module and the native reference
if ! src=$(bash "$here/fetch.sh" zlib 2> "$OUT/fetch.log"); then
  rec FAIL "memory64: fetch zlib: $(tail -1 "$OUT/fetch.log")"; finish
fi
ver=$(basename "$(dirname "$src")")
key=$(cat "$here/memory64.sh" "$M"/* | sha256sum | cut -c1-12)
B="$CACHE/build/zlib64-${ver//[^A-Za-z0-9.+-]/_}-$key"
zsrcs=()
for f in adler32 crc32 deflate inflate inftrees inffast trees zutil; do zsrcs+=("$src/$f.c"); done
if [ ! -f "$B/.complete" ]; then
  rm -rf "$B" && mkdir -p "$B"
  # (compile, then link without -O: clang would run wasm-opt, which cannot
  # read 64-bit tables)
  if ! { (cd "$B" && $CC --target=wasm64-unknown-unknown -O2 -mbulk-memory -DZ_SOLO -w -c -I"$src" \
            "$M/zlib64.c" "${zsrcs[@]}") &&
         $CC --target=wasm64-unknown-unknown -nostdlib -Wl,--no-entry -Wl,-z,stack-size=1048576 "$B"/*.o \
           -o "$B/zlib64-table64.wasm" && rm -f "$B"/*.o &&
         python3 "$M/table32.py" "$B/zlib64-table64.wasm" "$B/zlib64.wasm" &&
         $CC -O2 -DZ_SOLO -DZ64_NATIVE -w -I"$src" "$M/zlib64_driver.c" "$M/zlib64.c" "${zsrcs[@]}" \
           -o "$B/zlib64.native"; } > "$OUT/build.log" 2>&1; then
    rec FAIL "memory64: build zlib64 (wasm64 and native): $(head -3 "$OUT/build.log" | tr '\n' ' ')"; finish
  fi
  touch "$B/.complete"
fi

# 2. the module is what it should be: a 64-bit memory, i64 addresses, and
#    zlib's copies as memory.copy/fill (of 64-bit lengths)
wasm-objdump -x "$B/zlib64.wasm" > "$OUT/zlib64.x" 2>&1
wasm-objdump -d "$B/zlib64.wasm" > "$OUT/zlib64.dis" 2>&1
nimp=$(grep -cE '^ - func\[[0-9]+\] sig=[0-9]+ <[^>]*> <- ' "$OUT/zlib64.x")
loads=$(grep -cE '\b(i32|i64)\.(load|store)[0-9a-z_]*\b' "$OUT/zlib64.dis")
bulk=$(grep -cE '\bmemory\.(copy|fill)\b' "$OUT/zlib64.dis")
if grep -qE '^ - memory\[0\] pages: initial=[0-9]+.* i64' "$OUT/zlib64.x" && [ "$nimp" = 0 ] &&
   [ "$loads" -gt 1000 ] && [ "$bulk" -gt 0 ]; then
  rec PASS "memory64: zlib64.wasm has a 64-bit memory, no imports, $loads loads/stores, $bulk memory.copy/fill"
else
  rec FAIL "memory64: zlib64.wasm: $(grep -E '^ - memory' "$OUT/zlib64.x"), $nimp imports, $loads loads/stores, $bulk memory.copy/fill"
fi
"$WASMC" --emit=obj --allow-imports "$B/zlib64-table64.wasm" -o "$OUT/table64.o" 2> "$OUT/table64.err"; st=$?
if [ $st = 1 ] && [ "$(wc -l < "$OUT/table64.err")" = 1 ] && [ ! -e "$OUT/table64.o" ] &&
   grep -q 'table 0 at byte offset [0-9]*: unsupported 64-bit table (memory64 proposal)' "$OUT/table64.err"; then
  rec PASS "memory64: wasm-ld's module (64-bit function table) rejected in one line naming the 64-bit table"
else rec FAIL "memory64: wasm-ld's module with a 64-bit table: exit $st, $(head -c 300 "$OUT/table64.err")"; fi

# 3. the reference, then each level
"$B/zlib64.native" > "$OUT/native.out" 2>&1
if [ $? != 0 ] || [ "$(grep -c ' => 0x' "$OUT/native.out")" != 70 ] || grep -q '=> 0xfa11' "$OUT/native.out"; then
  rec FAIL "memory64: the native build does not run its 70 cases cleanly: $(grep -m1 -E 'fa11|^[^z]' "$OUT/native.out")"; finish
fi
$CC "${LFLAG[@]+"${LFLAG[@]}"}" -std=c17 -O1 -Wall -Wextra -Werror -I"$repo/runtime/include" -c "$M/zlib64_driver.c" \
  -o "$OUT/zlib64_driver.o" > "$OUT/driver.log" 2>&1 || { rec FAIL "memory64: compile zlib64_driver.c: $(head -3 "$OUT/driver.log")"; finish; }
for o in ${MEMORY64_OPTS:--O0 -O2}; do
  d="$OUT/wasmc$o"; mkdir -p "$d"
  if ! "$WASMC" "$o" "${TFLAG[@]+"${TFLAG[@]}"}" --emit=obj --allow-imports --module-symbol wasmc_zlib64 \
       "$B/zlib64.wasm" -o "$d/zlib64.o" > "$d/wasmc.log" 2>&1; then
    rec FAIL "memory64: wasmc $o zlib64.wasm: $(head -1 "$d/wasmc.log")"; continue
  fi
  if ! $CC "${LFLAG[@]+"${LFLAG[@]}"}" -o "$d/zlib64" "$OUT/zlib64_driver.o" "$d/zlib64.o" "$rtlib" -lm -lpthread \
       > "$d/link.log" 2>&1; then
    rec FAIL "memory64: link $o: $(head -1 "$d/link.log")"; continue
  fi
  "${EMU[@]+"${EMU[@]}"}" "$d/zlib64" > "$d/wasm.out" 2>&1; st=$?
  if [ $st = 0 ] && cmp -s "$OUT/native.out" "$d/wasm.out"; then
    rec PASS "memory64: zlib 1.2.13 for wasm64, wasmc $o: 70 cases print what the native build prints"
  else
    diff "$OUT/native.out" "$d/wasm.out" > "$d/diff"
    rec FAIL "memory64: zlib64 wasmc $o: exit $st, $(grep -c '^[<>]' "$d/diff") lines differ: $(head -3 "$d/diff" | tr '\n' ' ')"
  fi
done
finish
