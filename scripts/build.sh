#!/bin/bash
# scripts/build.sh [--sanitize] — configure and build wasmc with CMake.
#   default:     build/       (-DWASMC_WERROR=ON)
#   --sanitize:  build-asan/  (-DWASMC_WERROR=ON -DWASMC_SANITIZE=ON: ASan+UBSan)
# WASMC_BUILD_DIR / WASMC_ASAN_BUILD_DIR override the directories.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dir=${WASMC_BUILD_DIR:-build}
opts=(-DWASMC_WERROR=ON)
for a in "$@"; do
  case $a in
    --sanitize) dir=${WASMC_ASAN_BUILD_DIR:-build-asan}; opts+=(-DWASMC_SANITIZE=ON) ;;
    *) echo "usage: $0 [--sanitize]" >&2; exit 2 ;;
  esac
done
gen=()
command -v ninja > /dev/null && gen=(-G Ninja)
# A configure that failed (clang-19 not installed yet) or picked another
# compiler leaves a cache that later runs would reuse: configure afresh then
# (the cache only: the directory may already hold test results).
if ! grep -qs '^CMAKE_C_COMPILER:FILEPATH=.*clang-19$' "$dir/CMakeCache.txt"; then
  rm -rf "$dir/CMakeCache.txt" "$dir/CMakeFiles"
  CC=clang-19 cmake -S . -B "$dir" "${gen[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${opts[@]}"
else
  cmake -S . -B "$dir" "${opts[@]}" > /dev/null
fi
cmake --build "$dir" -j"$(nproc)"
