#!/bin/bash
# bench/build_threads.sh — the multi-threaded workload of the benchmarks
# (issue 23), run by bench/run.sh after bench/build.sh (a script of its own
# so that its caching never changes build.sh's cache key); runnable alone
# (docs/benchmarks/threads.md measures with it by hand).  Prints, as
# bench/build.sh does,
#   xz-threads_native=PATH  xz-threads_wasm=PATH  xz-threads_input=PATH
# for `xz -T2`: the xz tool of Debian 12's xz-utils 5.4.1 built with
# --enable-threads=posix natively (clang-19 -O2, glibc, liblzma static)
# and for wasm32-wasip1-threads by tests/threads/xz.sh (the same configure
# options, against tests/threads/sysroot.sh's wasi-libc), and its input,
# 8 MiB of generated text.  Only when that sysroot is cached (its cold build
# takes minutes; the benchmarks never start it): otherwise the one line
#   xz-threads_skip=REASON
# and bench.py skips the workload saying why.  Cached in
# ~/.cache/wasmc/bench/xz-threads-<hash of this script, the source version
# and clang's>/; xz.wasm in tests/threads/xz.sh's cache.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
CACHE="${WASMC_CACHE:-$HOME/.cache/wasmc}"
CC=${CC:-clang-19}
JOBS=${JOBS:-$(nproc)}
log() { echo "bench/build_threads: $*" >&2; }

if ! tsys=$(bash "$repo/tests/threads/sysroot.sh" --cached-only 2>/dev/null); then
  echo "xz-threads_skip=no wasm32-wasip1-threads sysroot in the cache (build it: bash tests/threads/sysroot.sh, about 3 min)"
  exit 0
fi
txz=$(bash "$repo/tests/threads/xz.sh" "$tsys") || { log "tests/threads/xz.sh failed"; exit 1; }
XSRC=$(bash "$repo/tests/real/fetch.sh" xz-utils)
key=$( (cat "$here/build_threads.sh"; basename "$(dirname "$XSRC")"; $CC --version | head -1) | sha256sum | cut -c1-12)
T="$CACHE/bench/xz-threads-$key"
if [ ! -f "$T/.complete" ]; then
  log "building the native xz 5.4.1 with threads in $T"
  rm -rf "$T"; mkdir -p "$T/build"
  (cd "$T/build" && "$XSRC/configure" CC="$CC" CFLAGS=-O2 --disable-shared --enable-threads=posix --disable-xzdec \
     --disable-lzmadec --disable-lzmainfo --disable-scripts --disable-doc --disable-nls --disable-lzma-links \
     > configure.log 2>&1 && make -j"$JOBS" > make.log 2>&1) || { log "native build failed: see $T/build"; exit 1; }
  cp "$T/build/src/xz/xz" "$T/xz"
  # words of a 4,000-word vocabulary drawn with Zipf-like weights, some
  # numbers, line breaks: compresses about as well as prose.  python3's
  # random.Random(seed).random() is the same sequence in every version.
  python3 - "$T/input.txt" <<'PY'
import random, sys
r = random.Random(23)
letters = 'etaoinshrdlucmfwypvbgkqjxz'
vocab = [''.join(letters[min(int(r.random() ** 2 * 26), 25)] for _ in range(2 + int(r.random() * 8)))
         for _ in range(4000)]
out, n = [], 0
while n < 8 << 20:
    w = vocab[int(len(vocab) * r.random() ** 3)]
    if r.random() < 0.08:
        w += str(int(r.random() * 100000))
    w += '\n' if r.random() < 0.07 else ' '
    out.append(w)
    n += len(w)
open(sys.argv[1], 'w').write(''.join(out)[:8 << 20])
PY
  rm -rf "$T/build"
  touch "$T/.complete"
fi
echo "xz-threads_native=$T/xz"
echo "xz-threads_wasm=$txz"
echo "xz-threads_input=$T/input.txt"
