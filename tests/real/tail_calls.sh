#!/bin/bash
# tests/real/tail_calls.sh WASMC OUTDIR — tail calls from a real toolchain
# on a real program (by hand; docs/testing.md "Proposals on others'
# material"): Lua 5.4 from Debian's source built by tests/real/build.sh with
# REAL_WASM_CFLAGS=-mtail-call (clang-19 -O2 then emits return_call and
# return_call_indirect wherever a call is in tail position with the
# caller's result type; cached beside the default build), compiled by WASMC
# at each of $TAIL_CALLS_OPTS (default "-O0 -O2").
# Cases: the module has return_call (and the count of return_call_indirect
# is reported); wasmc lowers them to `musttail` calls between `tailcc`
# functions (--emit=llvm-ir at -O0); then, per level, each
# tests/real/lua/*.lua prints what the native build prints (stdout, stderr,
# status) and what the default (no tail calls) wasm build compiled at -O2
# prints.  WASMC_TARGET / WASMC_EMULATOR as in tests/real/run.sh.
# Last line "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WASMC=${1:?usage: tail_calls.sh WASMC OUTDIR}
OUT=${2:?usage: tail_calls.sh WASMC OUTDIR}
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
WASMC=$(cd "$(dirname "$WASMC")" && pwd)/$(basename "$WASMC")
read -r -a EMU <<< "${WASMC_EMULATOR:-}"
[ ${#EMU[@]} -gt 0 ] && EMU[0]=$(command -v "${EMU[0]}")
TFLAG=()
[ -n "${WASMC_TARGET:-}" ] && TFLAG=("--target=$WASMC_TARGET")
pass=0 failn=0
rec() { echo "$1 $2"; if [ "$1" = PASS ]; then pass=$((pass + 1)); else failn=$((failn + 1)); fi; }
finish() { echo "$pass passed, $failn failed"; [ "$failn" -eq 0 ]; exit $?; }

# 1. the two builds (cached by build.sh)
if ! REAL_WASM_CFLAGS=-mtail-call bash "$here/build.sh" lua > "$OUT/tail.txt" 2> "$OUT/build.log" ||
   ! bash "$here/build.sh" lua > "$OUT/plain.txt" 2>> "$OUT/build.log"; then
  rec FAIL "tail calls: build Lua: $(tail -3 "$OUT/build.log" | tr '\n' ' ')"; finish
fi
lua_native=$(sed -n 's/^lua_native=//p' "$OUT/tail.txt")
lua_tail=$(sed -n 's/^lua_wasm=//p' "$OUT/tail.txt")
lua_plain=$(sed -n 's/^lua_wasm=//p' "$OUT/plain.txt")

# 2. the module makes tail calls, and wasmc keeps them tail calls
wasm-objdump -d "$lua_tail" > "$OUT/lua-tail.dis" 2>&1
nrc=$(grep -cE '\breturn_call [0-9]' "$OUT/lua-tail.dis")
nrci=$(grep -cE '\breturn_call_indirect\b' "$OUT/lua-tail.dis")
if [ "$nrc" -gt 0 ]; then rec PASS "tail calls: Lua built with -mtail-call has $nrc return_call, $nrci return_call_indirect"
else rec FAIL "tail calls: Lua built with -mtail-call has no return_call ($nrci return_call_indirect)"; finish; fi
"$WASMC" -O0 "${TFLAG[@]+"${TFLAG[@]}"}" --emit=llvm-ir "$lua_tail" -o "$OUT/lua-tail.ll" > "$OUT/ir.log" 2>&1
nmt=$(grep -cE 'musttail call tailcc' "$OUT/lua-tail.ll")
if [ "$nmt" -gt 0 ]; then rec PASS "tail calls: wasmc -O0 lowers them to $nmt musttail calls between tailcc functions"
else rec FAIL "tail calls: no musttail call in wasmc's IR of Lua: $(head -1 "$OUT/ir.log")"; fi

# 3. run the Lua scripts: native, the default build, the tail-call build per level
run_lua() { # exe dir
  local exe=$1 d=$2 s b
  mkdir -p "$d"
  for s in "$here"/lua/*.lua; do
    b=$(basename "$s" .lua)
    (cd "$here/lua" && env -i WASMC_FLAGS="--dir-ro $here/lua::." timeout 600 "${EMU[@]+"${EMU[@]}"}" "$exe" \
       "$b.lua" > "$d/$b.out" 2> "$d/$b.err"; echo $? > "$d/$b.status")
  done
}
mkdir -p "$OUT/native"
for s in "$here"/lua/*.lua; do
  b=$(basename "$s" .lua)
  (cd "$here/lua" && env -i "$lua_native" "$b.lua" > "$OUT/native/$b.out" 2> "$OUT/native/$b.err"; echo $? > "$OUT/native/$b.status")
done
if "$WASMC" -O2 "${TFLAG[@]+"${TFLAG[@]}"}" "$lua_plain" -o "$OUT/lua-plain" > "$OUT/plain.log" 2>&1; then
  run_lua "$OUT/lua-plain" "$OUT/plain"
else rec FAIL "tail calls: wasmc -O2 of the default Lua build: $(head -1 "$OUT/plain.log")"; fi
for o in ${TAIL_CALLS_OPTS:--O0 -O2}; do
  if ! "$WASMC" "$o" "${TFLAG[@]+"${TFLAG[@]}"}" "$lua_tail" -o "$OUT/lua-tail$o" > "$OUT/tail$o.log" 2>&1; then
    rec FAIL "tail calls: wasmc $o of Lua built with -mtail-call: $(head -1 "$OUT/tail$o.log")"; continue
  fi
  run_lua "$OUT/lua-tail$o" "$OUT/tail$o"
  for s in "$here"/lua/*.lua; do
    b=$(basename "$s" .lua) bad=""
    for ext in out err status; do
      cmp -s "$OUT/native/$b.$ext" "$OUT/tail$o/$b.$ext" || bad="$bad native:$ext"
      [ -d "$OUT/plain" ] && { cmp -s "$OUT/plain/$b.$ext" "$OUT/tail$o/$b.$ext" || bad="$bad default-build:$ext"; }
    done
    if [ -z "$bad" ]; then rec PASS "tail calls: lua/$b.lua, -mtail-call build, wasmc $o: as native and the default build"
    else rec FAIL "tail calls: lua/$b.lua, -mtail-call build, wasmc $o differs from$bad (outputs in $OUT/tail$o)"; fi
  done
done
finish
