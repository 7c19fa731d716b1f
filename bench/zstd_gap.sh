#!/bin/bash
# bench/zstd_gap.sh [RUNS] [WASMC] — split zstd's ratio to native musl into
# what the C source does differently when it is compiled for wasm32 and what
# is left for code generation (docs/benchmarks.md, "zstd").
#
# Builds the native-musl zstd workload of bench/build.sh again (same sources,
# driver, clang-19 -O2, static musl through the same wrapper) in variants that
# turn off, one after another, what zstd's source only does natively:
#   noasm     -DZSTD_DISABLE_ASM: no BMI2 Huffman decoder in assembly
#   nobmi2    + -DDYNAMIC_BMI2=0: no BMI2 copies of the C decoders/encoders
#             chosen by cpuid at run time
#   nobmi2pf  + -DNO_PREFETCH: no __builtin_prefetch (PREFETCH_L1), which
#             clang drops for wasm32 (WebAssembly has no prefetch)
#   nopf      -DNO_PREFETCH alone
# then runs them, the unchanged native-musl build and wasmc -O2's executable
# of the bench's zstd.wasm interleaved, RUNS rounds (default 7) of
# `zstd 16 3` (the full bench's arguments), checks that every output is the
# same, and prints each one's median user and wall time.  Work files go to
# ${ZSTD_GAP_DIR:-/tmp/wasmc-zstd-gap}; one compile job at a time.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
RUNS=${1:-7}
WASMC=${2:-$repo/build/wasmc}
W=${ZSTD_GAP_DIR:-/tmp/wasmc-zstd-gap}
mkdir -p "$W"

art=$(bash "$here/build.sh")
musl=$(echo "$art" | sed -n 's/^zstd_musl=//p')
wasm=$(echo "$art" | sed -n 's/^zstd_wasm=//p')
MCC=$(dirname "$(dirname "$musl")")/musl-cc/cc # the wrapper bench/build.sh made
ZSTDSRC=$(bash "$repo/tests/real/fetch.sh" libzstd)

variant() { # NAME ASM(0|1) CFLAGS...
  local name=$1 asm=$2 out="$W/$1" src i=0 objs=()
  shift 2
  [ -x "$W/zstd-$name" ] && return
  mkdir -p "$out"
  for src in "$ZSTDSRC"/lib/common/*.c "$ZSTDSRC"/lib/compress/*.c "$ZSTDSRC"/lib/decompress/*.c; do
    objs+=("$out/$((i++))-$(basename "$src" .c).o")
    "$MCC" -O2 -w "$@" -I"$ZSTDSRC/lib" -I"$ZSTDSRC/lib/common" -c "$src" -o "${objs[-1]}"
  done
  if [ "$asm" = 1 ]; then
    "$MCC" -O2 -c "$ZSTDSRC/lib/decompress/huf_decompress_amd64.S" -o "$out/huf.o"
    objs+=("$out/huf.o")
  fi
  "$MCC" -O2 "$@" -I"$ZSTDSRC/lib" "$here/drivers/zstd_bench.c" "${objs[@]}" -o "$W/zstd-$name"
}
variant noasm 0 -DZSTD_DISABLE_ASM
variant nobmi2 0 -DZSTD_DISABLE_ASM -DDYNAMIC_BMI2=0
variant nobmi2pf 0 -DZSTD_DISABLE_ASM -DDYNAMIC_BMI2=0 -DNO_PREFETCH
variant nopf 1 -DNO_PREFETCH
"$WASMC" -O2 -j1 "$wasm" -o "$W/zstd-wasmc"

exes=("$musl" "$W/zstd-noasm" "$W/zstd-nobmi2" "$W/zstd-nopf" "$W/zstd-nobmi2pf" "$W/zstd-wasmc")
names=(native-musl noasm nobmi2 nopf nobmi2pf wasmc)
rm -f "$W"/times.* "$W"/out.*
for _ in $(seq "$RUNS"); do
  for i in "${!exes[@]}"; do
    /usr/bin/time -f '%U %e' -a -o "$W/times.$i" "${exes[$i]}" 16 3 > "$W/out.$i"
  done
done
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for i in "${!exes[@]}"; do
  cmp -s "$W/out.0" "$W/out.$i" || { echo "zstd_gap: ${names[$i]} printed something else" >&2; exit 1; }
  printf '%-12s user %s s  wall %s s  (medians of %s runs)\n' "${names[$i]}" \
    "$(cut -d' ' -f1 "$W/times.$i" | median)" "$(cut -d' ' -f2 "$W/times.$i" | median)" "$RUNS"
done
