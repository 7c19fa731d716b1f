#!/bin/bash
# scripts/demo.sh — set up, build wasmc, and compile + run a small C program:
#   C --clang-19--> wasm32-wasi --wasmc--> native executable
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
bash scripts/build.sh
src=tests/programs/hello.c
out=$(mktemp -d "${TMPDIR:-/tmp}/wasmc-demo.XXXXXX")
WASMC=${WASMC:-${WASMC_BUILD_DIR:-build}/wasmc}
if [ "${WASMC_TEST_ENGINE:-wasmc}" = node ]; then WASMC=scripts/lib/wasmc-node-shim.sh; fi
echo "== clang-19 --target=wasm32-wasi -O2 $src -o $out/hello.wasm"
clang-19 --target=wasm32-wasi -O2 "$src" -o "$out/hello.wasm"
echo "== $WASMC -O2 $out/hello.wasm -o $out/hello"
"$WASMC" -O2 "$out/hello.wasm" -o "$out/hello"
file "$out/hello" 2> /dev/null || true
echo "== $out/hello world"
"$out/hello" world
echo "== a trap: exit status and message"
cat > "$out/trap.c" <<'C'
#include <stdio.h>
int main(void) { volatile int n = 100, z = 0; printf("dividing by zero...\n"); fflush(stdout); return n / z; }
C
clang-19 --target=wasm32-wasi -O2 "$out/trap.c" -o "$out/trap.wasm"
"$WASMC" -O2 "$out/trap.wasm" -o "$out/trap"
set +e; "$out/trap"; st=$?; set -e
echo "(exit status $st)"
