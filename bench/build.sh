#!/bin/bash
# bench/build.sh — fetch and build every benchmark workload natively
# (clang-19 -O2) and for wasm32-wasi (clang-19 -O2), with results cached in
# ~/.cache/wasmc/bench/<hash of the inputs>/.  Prints NAME_native=PATH and
# NAME_wasm=PATH lines on stdout, one pair per program:
#   speedtest1 lua zlib bzip2 xz matmul nbody fannkuch spectralnorm hashtable sort
#   matmul-simd nbody-simd spectralnorm-simd meshopt-simd hello
# Lua 5.4 and SQLite (speedtest1) come from tests/real/build.sh (same recipes
# and cache as the test suite); zlib, bzip2, xz-utils and meshoptimizer are
# fetched with tests/real/fetch.sh (Debian bookworm source packages) and built
# here.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
CACHE="${WASMC_CACHE:-$HOME/.cache/wasmc}"
CC=${CC:-clang-19}
CXX=${CXX:-clang++-19}
JOBS=${JOBS:-$(nproc)}
log() { echo "bench/build: $*" >&2; }

# Lua + SQLite: reuse the test suite's builds.
real=$(bash "$repo/tests/real/build.sh")
echo "$real" | sed -n 's/^\(lua_native\|lua_wasm\|speedtest1_native\|speedtest1_wasm\)=/\1=/p'

mapfile -t dirs < <(bash "$repo/tests/real/fetch.sh" zlib bzip2 xz-utils meshoptimizer)
ZSRC=${dirs[0]} BSRC=${dirs[1]} XSRC=${dirs[2]} MSRC=${dirs[3]}
vers=$(for d in "${dirs[@]}"; do basename "$(dirname "$d")"; done | tr '\n' ' ')
key=$( (cat "$here/build.sh" "$here"/drivers/* "$here"/kernels/*.c "$here"/port/* "$repo/tests/programs/hello.c"; echo "$vers"; $CC --version | head -1; $CXX --version | head -1) | sha256sum | cut -c1-12)
O="$CACHE/bench/$key"

WASM_CC=(--target=wasm32-wasi -O2)
# Link without -O: clang would otherwise run wasm-opt on the result when it is
# on PATH (as tests/real/build.sh does; see docs/porting.md).
WASM_LINK=(--target=wasm32-wasi -Wl,-z,stack-size=1048576 -Wl,--strip-debug)

if [ ! -f "$O/.complete" ]; then
  log "building workloads in $O"
  rm -rf "$O"; mkdir -p "$O/native" "$O/wasm" "$O/obj"

  # ---- kernels of our own, and hello-world for the start-up test
  for src in "$here"/kernels/*.c "$repo/tests/programs/hello.c"; do
    b=$(basename "$src" .c)
    $CC -O2 "$src" -o "$O/native/$b" -lm &
    ( $CC "${WASM_CC[@]}" -c "$src" -o "$O/obj/$b.wasm.o" && $CC "${WASM_LINK[@]}" "$O/obj/$b.wasm.o" -o "$O/wasm/$b.wasm" -lm ) &
    wait
  done
  # ---- the same kernels with wasm SIMD128 (-msimd128: clang vectorises for
  # wasm as it does natively for SSE2); the native reference is the same binary
  for k in matmul nbody spectralnorm; do
    $CC "${WASM_CC[@]}" -msimd128 -c "$here/kernels/$k.c" -o "$O/obj/$k-simd.wasm.o"
    $CC "${WASM_LINK[@]}" "$O/obj/$k-simd.wasm.o" -o "$O/wasm/$k-simd.wasm" -lm
    ln -f "$O/native/$k" "$O/native/$k-simd"
  done

  # ---- zlib 1.2.13: the library sources minus gz* (file I/O), as is
  zs=(adler32 compress crc32 deflate infback inffast inflate inftrees trees uncompr zutil)
  zn=() zw=()
  for s in "${zs[@]}"; do
    $CC -O2 -w -I"$ZSRC" -c "$ZSRC/$s.c" -o "$O/obj/z-$s.n.o" &
    $CC "${WASM_CC[@]}" -w -I"$ZSRC" -c "$ZSRC/$s.c" -o "$O/obj/z-$s.w.o" &
    wait; zn+=("$O/obj/z-$s.n.o"); zw+=("$O/obj/z-$s.w.o")
  done
  $CC -O2 -I"$ZSRC" "$here/drivers/zlib_bench.c" "${zn[@]}" -o "$O/native/zlib"
  $CC "${WASM_CC[@]}" -I"$ZSRC" -c "$here/drivers/zlib_bench.c" -o "$O/obj/zlib_bench.w.o"
  $CC "${WASM_LINK[@]}" "$O/obj/zlib_bench.w.o" "${zw[@]}" -o "$O/wasm/zlib.wasm"

  # ---- bzip2 1.0.8: libbz2 sources, as is
  bs=(blocksort huffman crctable randtable compress decompress bzlib)
  bn=() bw=()
  for s in "${bs[@]}"; do
    $CC -O2 -w -D_FILE_OFFSET_BITS=64 -I"$BSRC" -c "$BSRC/$s.c" -o "$O/obj/b-$s.n.o" &
    $CC "${WASM_CC[@]}" -w -D_FILE_OFFSET_BITS=64 -I"$BSRC" -c "$BSRC/$s.c" -o "$O/obj/b-$s.w.o" &
    wait; bn+=("$O/obj/b-$s.n.o"); bw+=("$O/obj/b-$s.w.o")
  done
  $CC -O2 -I"$BSRC" "$here/drivers/bzip2_bench.c" "${bn[@]}" -o "$O/native/bzip2"
  $CC "${WASM_CC[@]}" -I"$BSRC" -c "$here/drivers/bzip2_bench.c" -o "$O/obj/bzip2_bench.w.o"
  $CC "${WASM_LINK[@]}" "$O/obj/bzip2_bench.w.o" "${bw[@]}" -o "$O/wasm/bzip2.wasm"

  # ---- xz-utils 5.4.1: liblzma through its own configure + make, once for
  # the host and once cross-compiled for wasm32-wasi (single-threaded, no
  # tools).  wasm32 needs bench/port/xz_wasi.h (sigset_t/sigprocmask) and is
  # told that unaligned access is fast (true of wasm; configure can't test it).
  xzconf=(--disable-threads --disable-shared --enable-static --disable-xz --disable-xzdec --disable-lzmadec
          --disable-lzmainfo --disable-lzma-links --disable-scripts --disable-doc --disable-nls --disable-rpath)
  mkdir -p "$O/xz-native" "$O/xz-wasm"
  (cd "$O/xz-native" && "$XSRC/configure" CC="$CC" CFLAGS="-O2" "${xzconf[@]}" > configure.log 2>&1 &&
     make -C src/liblzma -j"$JOBS" > make.log 2>&1) || { log "xz native build failed: see $O/xz-native"; exit 1; }
  (cd "$O/xz-wasm" && "$XSRC/configure" --host=wasm32-unknown-wasi CC="$CC" \
     CFLAGS="--target=wasm32-wasi -O2 -D_WASI_EMULATED_SIGNAL -include $here/port/xz_wasi.h -DTUKLIB_FAST_UNALIGNED_ACCESS=1" \
     "${xzconf[@]}" > configure.log 2>&1 &&
     make -C src/liblzma -j"$JOBS" > make.log 2>&1) || { log "xz wasm build failed: see $O/xz-wasm"; exit 1; }
  $CC -O2 -I"$XSRC/src/liblzma/api" "$here/drivers/xz_bench.c" "$O/xz-native/src/liblzma/.libs/liblzma.a" -o "$O/native/xz"
  $CC "${WASM_CC[@]}" -I"$XSRC/src/liblzma/api" -c "$here/drivers/xz_bench.c" -o "$O/obj/xz_bench.w.o"
  $CC "${WASM_LINK[@]}" "$O/obj/xz_bench.w.o" "$O/xz-wasm/src/liblzma/.libs/liblzma.a" -o "$O/wasm/xz.wasm"

  # ---- meshoptimizer 0.18: its vertex codec and vertex filters (C++), as is.
  # Both have their own SIMD paths, chosen by the preprocessor: for wasm,
  # -msimd128 defines __wasm_simd128__ and selects the wasm_simd128.h code;
  # natively on x86-64 the codec's SSSE3 code (compiled with a target("ssse3")
  # attribute, picked by cpuid at run time, as in Debian's libmeshoptimizer)
  # and the filters' SSE2 code.  The two files need no C++ runtime (no
  # exceptions, RTTI, new/delete or libstdc++ calls), so clang-19 links them
  # with our C driver and wasi-libc.  Everything of this workload, driver
  # included, is built with -msimd128 for wasm.
  mn=() mw=()
  for s in vertexcodec vertexfilter; do
    $CXX -O2 -fno-exceptions -fno-rtti -c "$MSRC/src/$s.cpp" -o "$O/obj/m-$s.n.o" &
    $CXX "${WASM_CC[@]}" -msimd128 -fno-exceptions -fno-rtti -c "$MSRC/src/$s.cpp" -o "$O/obj/m-$s.w.o" &
    wait; mn+=("$O/obj/m-$s.n.o"); mw+=("$O/obj/m-$s.w.o")
  done
  $CC -O2 -I"$MSRC/src" "$here/drivers/meshopt_bench.c" "${mn[@]}" -o "$O/native/meshopt-simd" -lm
  $CC "${WASM_CC[@]}" -msimd128 -I"$MSRC/src" -c "$here/drivers/meshopt_bench.c" -o "$O/obj/meshopt_bench.w.o"
  $CC "${WASM_LINK[@]}" "$O/obj/meshopt_bench.w.o" "${mw[@]}" -o "$O/wasm/meshopt-simd.wasm" -lm

  rm -rf "$O/obj"
  touch "$O/.complete"
fi
for f in "$O"/wasm/*.wasm; do
  b=$(basename "$f" .wasm)
  echo "${b}_native=$O/native/$b"
  echo "${b}_wasm=$f"
done
