#!/bin/bash
# scripts/setup.sh — install what building and testing wasmc needs on Debian 12.
# Idempotent: only packages that `dpkg -s` reports missing are installed, with
# one `apt-get update` first.  Works as root (CI) or through sudo.
set -euo pipefail

PKGS=(
  cmake make clang-19 lld-19 llvm-19-dev binaryen libxxhash-dev wabt
  # wasmc links LLVM's static archives (CMakeLists.txt), which need libzstd's
  libzstd-dev
  wasi-libc libclang-rt-19-dev-wasm32 qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross
  # --libc=musl: the x86_64-linux-musl runtime (CMakeLists.txt) and its link
  musl-dev
  # tests/fuzz: libFuzzer + sanitizer runtimes for clang-19
  libclang-rt-19-dev
  # tests/real: apt-get source (dpkg-source), SQLite's amalgamation (tclsh), timings (bc)
  dpkg-dev tcl bc xz-utils ca-certificates
  # tests/spec/run.py (wast2json comes with wabt)
  python3
  # the image side (image/: --box, --oci, wasmc build: libarchive, libcrypto, jansson);
  # tests/box/oci.sh and tests/build validate images with umoci + skopeo
  libarchive-dev libssl-dev libjansson-dev umoci skopeo
  # the compiler's allocator (LLVM allocates much: 14% less CPU than glibc's malloc on a Go module)
  libmimalloc-dev
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo > /dev/null; then SUDO="sudo"; else
    echo "setup: not root and no sudo: cannot install packages" >&2; exit 1
  fi
fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg -s "$p" > /dev/null 2>&1 || missing+=("$p")
done

node_ok() {
  command -v node > /dev/null || return 1
  local major
  major=$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/')
  [ -n "$major" ] && [ "$major" -ge 20 ]
}
need_node=0
node_ok || need_node=1
[ $need_node = 1 ] && ! dpkg -s nodejs > /dev/null 2>&1 && missing+=(nodejs)

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi

if ! node_ok; then
  echo "setup: WARNING: Node.js >= 20 not found ($(node --version 2>/dev/null || echo none))." >&2
  echo "setup: WARNING: only the optional WASMC_TEST_ENGINE=node shim needs it (and scripts/lib/node-wasi-run.mjs)." >&2
fi

# --libc=musl for AArch64: Debian's musl-dev:arm64, downloaded and unpacked
# into ~/.cache/wasmc/musl-arm64 (not installed: no dpkg architecture is
# added), where CMake finds it for the aarch64-linux-musl runtime
if ! bash "$(dirname "${BASH_SOURCE[0]}")/lib/fetch-musl-arm64.sh" > /dev/null; then
  echo "setup: WARNING: could not fetch musl-dev:arm64: no aarch64-linux-musl target" >&2
fi
