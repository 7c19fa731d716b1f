#!/bin/bash
# tests/targets/run.sh WASMC OUTDIR [CASE...]   (default: every case)
#
# Target-specific checks of code generation and linking (docs/targets.md).
#   far_calls (AArch64): far_calls.wat is compiled with --emit=obj and linked
#     the way wasmc links (clang-19 --target=aarch64-linux-gnu -static
#     -fuse-ld=lld ... libwasmc_rt.a), plus a 144 MiB filler section that an
#     lld --symbol-ordering-file places between the module's functions: every
#     call between them and into the runtime spans more than the +-128 MiB of
#     a `bl`.  The executable must contain lld range-extension thunks, print
#     the expected lines and trap in the right function (under WASMC_EMULATOR,
#     e.g. "qemu-aarch64", on a non-AArch64 host).  Skipped without the
#     AArch64 runtime library.
#   cpu_optin (AArch64): tests/lowering/{f64_arith,conversions,i64_arith}.wat
#     compiled with --cpu=neoverse-v1 (ARMv8.4-A + SVE; opt-in CPUs,
#     docs/targets.md) must still pass (qemu-aarch64's default CPU is "max").
#   segue (x86-64 host): tests/lowering/{memory,simd,bulk_memory,libc_memfns,
#     multi_memory}.wat pass with --memory-base=segment (linear memory through the
#     gs segment, docs/architecture.md) and =register, the first with %gs:
#     accesses in its code and the second without; under a seccomp filter
#     that refuses arch_prctl(ARCH_SET_GS) (deny_set_gs.c) the program stops
#     with one line; the flag's misuses fail with one line and leave no output;
#     (multi_memory.wat: memory 0 through gs, memories 1 and 2 off their own
#     bases, copies between them);
#     --memory-base=auto (the default; the same five pass) splits a generated module by
#     function size: its 1,500-store function (>= 3,500 IR instructions after
#     optimisation) stores through gs and loads no base from the instance, its
#     small loop has no gs access, and the program checks the sum it computes;
#     without the flag the IR and the executable are the same as with it;
#     with --memory-base=segment, segue_alias.wat's load is forwarded from a store past a store to another
#     constant gs address (alias analysis sees memory 0 as one object);
#     segue_memset.wat's loops become llvm.memset with a flat base read from
#     wasmc_rt_gs_memory0_base, and its checks of the bytes pass.
#   swizzle (x86-64 host): at the baseline CPU, i8x16.swizzle tests the CPU's
#     SSSE3 bit and runs paddusb + pshufb inline (docs/simd.md), or the scalar
#     SSE2 form.  tests/lowering/simd.wat must pass on this machine and under
#     `qemu-x86_64 -cpu qemu64`, a CPU without SSSE3, and its code must hold
#     pshufb in the module's functions, not in a helper function.  The same
#     two runs for tests/lowering/relaxed_simd.wat (i8x16.relaxed_swizzle
#     dispatches the same way), which must give the x86-64 results
#     ("relaxed choice: x86_64") on both.
# Prints PASS/FAIL/SKIP per case and, last, "N passed, N failed, N skipped".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ $# -ge 2 ] || { echo "usage: $0 WASMC OUTDIR [CASE...]" >&2; exit 2; }
WASMC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
OUT=$2; mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
shift 2
read -r -a EMU <<< "${WASMC_EMULATOR:-}"
pass=0 failn=0 skip=0
result() { # status name [detail file]
  echo "$1 $2"
  case $1 in PASS) pass=$((pass + 1)) ;; SKIP) skip=$((skip + 1)) ;;
    *) failn=$((failn + 1)); [ -n "${3:-}" ] && [ -s "$3" ] && sed -n '1,20p' "$3" | sed 's/^/    /' ;; esac
}

far_calls() {
  local d="$OUT/far_calls" rt
  rm -rf "$d"; mkdir -p "$d"
  rt=${WASMC_RT_LIB_AARCH64:-$(dirname "$WASMC")/aarch64-linux-gnu/libwasmc_rt.a}
  if [ ! -f "$rt" ]; then result SKIP "far_calls (no AArch64 runtime: $rt)"; return; fi
  if [ "$(uname -m)" != aarch64 ] && [ ${#EMU[@]} -eq 0 ]; then
    result SKIP "far_calls (not an AArch64 host and no WASMC_EMULATOR)"; return; fi
  wat2wasm --debug-names "$here/far_calls.wat" -o "$d/far_calls.wasm" 2> "$d/log" &&
    "$WASMC" -O2 --target=aarch64-linux-gnu --emit=obj "$d/far_calls.wasm" -o "$d/far_calls.o" >> "$d/log" 2>&1 ||
    { result FAIL "far_calls (compile)" "$d/log"; return; }
  # 144 MiB of zeros (never executed) in a section of its own
  printf '\t.section .text.wasmc_test_filler,"ax",@progbits\n\t.globl wasmc_test_filler\nwasmc_test_filler:\n\t.space 0x9000000\n' > "$d/filler.s"
  printf '%s\n' wasm_main wasm_near wasm_print wasmc_test_filler wasm_far wasm_far_trap > "$d/order.txt"
  clang-19 --target=aarch64-linux-gnu -c "$d/filler.s" -o "$d/filler.o" >> "$d/log" 2>&1 &&
    clang-19 --target=aarch64-linux-gnu -static -fuse-ld=lld -Wl,--symbol-ordering-file="$d/order.txt" \
      -o "$d/far_calls" "$d/far_calls.o" "$d/filler.o" "$rt" -lm -lpthread >> "$d/log" 2>&1 ||
    { result FAIL "far_calls (link)" "$d/log"; rm -f "$d/filler.o"; return; }
  rm -f "$d/filler.o" "$d/filler.s"
  # the layout really is far: near and far > 128 MiB apart, and lld made thunks
  llvm-nm-19 -n "$d/far_calls" > "$d/nm"
  local a_near a_far thunks
  a_near=$(awk '$3 == "wasm_near" {print $1}' "$d/nm")
  a_far=$(awk '$3 == "wasm_far" {print $1}' "$d/nm")
  thunks=$(grep -c 'Thunk' "$d/nm")
  echo "wasm_near at 0x$a_near, wasm_far at 0x$a_far, $thunks thunk symbols" >> "$d/log"
  if [ -z "$a_near" ] || [ -z "$a_far" ] || [ $(( 0x$a_far - 0x$a_near )) -le $((128 << 20)) ] || [ "$thunks" -lt 2 ]; then
    result FAIL "far_calls (layout: functions not > 128 MiB apart, or no thunks)" "$d/log"; rm -f "$d/far_calls"; return
  fi
  (cd "$d" && timeout 120 "${EMU[@]+"${EMU[@]}"}" ./far_calls > out 2> err; echo $? > status)
  printf 'near->far 42\nfar->near 7\n' > "$d/expect.out"
  echo 'wasm trap: unreachable in function far_trap' > "$d/expect.err"
  head -n 1 "$d/err" > "$d/err1"  # the trap line; the backtrace follows (tests/debug checks it)
  if cmp -s "$d/out" "$d/expect.out" && cmp -s "$d/err1" "$d/expect.err" && [ "$(cat "$d/status")" = 134 ]; then
    result PASS "far_calls (aarch64: $(( (0x$a_far - 0x$a_near) >> 20 )) MiB between caller and callee, $thunks thunks)"
  else
    { echo "status $(cat "$d/status") (expected 134)"; diff "$d/expect.out" "$d/out"; diff "$d/expect.err" "$d/err1"; } >> "$d/log"
    result FAIL "far_calls (run)" "$d/log"
  fi
  rm -f "$d/far_calls"  # 150 MB
}

cpu_optin() {
  local d="$OUT/cpu_optin" rt w n
  mkdir -p "$d"
  rt=${WASMC_RT_LIB_AARCH64:-$(dirname "$WASMC")/aarch64-linux-gnu/libwasmc_rt.a}
  if [ ! -f "$rt" ] || { [ "$(uname -m)" != aarch64 ] && [ ${#EMU[@]} -eq 0 ]; }; then
    result SKIP "cpu_optin (no AArch64 runtime or no way to run AArch64 code)"; return; fi
  for w in f64_arith conversions i64_arith; do
    n="cpu_optin $w.wat (aarch64 --cpu=neoverse-v1 -O2)"
    if ! { wat2wasm --debug-names "$here/../lowering/$w.wat" -o "$d/$w.wasm" &&
           "$WASMC" -O2 --target=aarch64-linux-gnu --cpu=neoverse-v1 "$d/$w.wasm" -o "$d/$w"; } > "$d/$w.log" 2>&1; then
      result FAIL "$n: compile" "$d/$w.log"; continue; fi
    (cd "$d" && timeout 120 "${EMU[@]+"${EMU[@]}"}" "./$w" > "$w.out" 2>> "$w.log")
    if [ $? -eq 0 ] && grep -Eq '^ok [0-9]+ checks$' "$d/$w.out"; then result PASS "$n"
    else cat "$d/$w.out" >> "$d/$w.log"; result FAIL "$n" "$d/$w.log"; fi
  done
}

segue() {
  local d="$OUT/segue" w n mode gs
  mkdir -p "$d"
  if [ "$(uname -m)" != x86_64 ]; then result SKIP "segue (not an x86-64 host)"; return; fi
  for w in memory simd bulk_memory libc_memfns multi_memory; do
    wat2wasm --debug-names --enable-multi-memory --enable-memory64 "$here/../lowering/$w.wat" -o "$d/$w.wasm" 2> "$d/$w.log" ||
      { result FAIL "segue $w.wat: wat2wasm" "$d/$w.log"; continue; }
    for mode in segment register auto; do
      n="segue $w.wat (x86-64 --memory-base=$mode -O2)"
      "$WASMC" -O2 --memory-base=$mode "$d/$w.wasm" -o "$d/$w.$mode" > "$d/$w.$mode.log" 2>&1 ||
        { result FAIL "$n: compile" "$d/$w.$mode.log"; continue; }
      # segment: the module's loads and stores are gs-relative; register: none is
      gs=$(objdump -d --no-show-raw-insn "$d/$w.$mode" | grep -c '%gs:')
      (cd "$d" && timeout 120 "./$w.$mode" > "$w.$mode.out" 2>> "$w.$mode.log")
      if [ $? -ne 0 ] || ! grep -Eq '^ok [0-9]+ checks$' "$d/$w.$mode.out"; then
        cat "$d/$w.$mode.out" >> "$d/$w.$mode.log"; result FAIL "$n" "$d/$w.$mode.log"
      elif { [ $mode = segment ] && [ "$gs" -lt 10 ]; } || { [ $mode = register ] && [ "$gs" -ne 0 ]; }; then
        echo "$gs instructions with %gs: in the executable" >> "$d/$w.$mode.log"; result FAIL "$n: addressing" "$d/$w.$mode.log"
      else result PASS "$n ($gs %gs accesses)"; fi
      rm -f "$d/$w.$mode"
    done
  done
  # --memory-base=auto: the big function through gs, the small loop off a base register
  n="segue: --memory-base=auto splits by function size"
  {
    echo '(module (memory (export "memory") 1)'
    echo ' (func $small (param i32 i32) (result i32) (local i32)'
    echo '  (loop $l (local.set 2 (i32.add (local.get 2) (i32.load (local.get 0))))'
    echo '   (local.set 0 (i32.add (local.get 0) (i32.const 4)))'
    echo '   (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1))))) (local.get 2))'
    echo ' (func $big (param i32 i32)'
    for i in $(seq 0 1499); do
      echo "  (i32.store offset=$((i * 4)) (local.get 1) (i32.mul (i32.load offset=$((i * 4)) (local.get 0)) (i32.const $((i + 1)))))"
    done
    echo ' )'
    echo ' (func (export "_start") (local i32)'
    echo '  (loop $f (i32.store (i32.shl (local.get 0) (i32.const 2)) (local.get 0))'
    echo '   (br_if $f (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 1500))))'
    echo '  (call $big (i32.const 0) (i32.const 8000))'
    echo '  ;; sum over i < 1500 of i * (i + 1) = 1,124,999,500'
    echo '  (if (i32.ne (call $small (i32.const 8000) (i32.const 1500)) (i32.const 1124999500)) (then unreachable))))'
  } > "$d/auto.wat"
  if wat2wasm --debug-names "$d/auto.wat" -o "$d/auto.wasm" > "$d/auto.log" 2>&1 &&
     "$WASMC" -O2 --memory-base=auto --emit=llvm-ir "$d/auto.wasm" -o "$d/auto.ll" >> "$d/auto.log" 2>&1 &&
     "$WASMC" -O2 --memory-base=auto "$d/auto.wasm" -o "$d/auto" >> "$d/auto.log" 2>&1; then
    "$d/auto" >> "$d/auto.log" 2>&1; local ast=$?
    awk '/^define.*@wasm_big\(/,/^}/' "$d/auto.ll" > "$d/auto.big"
    awk '/^define.*@wasm_small\(/,/^}/' "$d/auto.ll" > "$d/auto.small"
    if [ $ast = 0 ] && [ "$(grep -c 'store i32 .*, ptr addrspace(256)' "$d/auto.big")" -ge 1000 ] &&
       ! grep -q 'load ptr, ptr %0' "$d/auto.big" && [ -s "$d/auto.small" ] && ! grep -q 'addrspace(256)' "$d/auto.small"; then
      result PASS "$n"
    else { echo "status $ast"; grep -c 'addrspace(256)' "$d/auto.big" "$d/auto.small"; } >> "$d/auto.log"; result FAIL "$n" "$d/auto.log"; fi
  else result FAIL "$n: compile" "$d/auto.log"; fi
  rm -f "$d/auto"
  # the default is auto: the same IR without the flag, the same executable as with it
  n="segue: the default memory base is auto"
  if "$WASMC" -O2 --emit=llvm-ir "$d/auto.wasm" -o "$d/default.ll" > "$d/default.log" 2>&1 &&
     "$WASMC" -O2 --no-cache "$d/auto.wasm" -o "$d/default" >> "$d/default.log" 2>&1 &&
     "$WASMC" -O2 --no-cache --memory-base=auto "$d/auto.wasm" -o "$d/auto2" >> "$d/default.log" 2>&1; then
    if cmp -s "$d/auto.ll" "$d/default.ll" && cmp -s "$d/default" "$d/auto2" && "$d/default" >> "$d/default.log" 2>&1; then
      result PASS "$n"
    else echo "IR or executable differs from --memory-base=auto's, or the program failed" >> "$d/default.log"; result FAIL "$n" "$d/default.log"; fi
  else result FAIL "$n: compile" "$d/default.log"; fi
  rm -f "$d/default" "$d/auto2"
  # the optimiser still sees memory 0 as one object (segue_alias.wat)
  n="segue: alias analysis tells constant gs addresses apart"
  if wat2wasm --debug-names "$here/segue_alias.wat" -o "$d/alias.wasm" > "$d/alias.log" 2>&1 &&
     "$WASMC" -O2 --memory-base=segment --emit=llvm-ir "$d/alias.wasm" -o "$d/alias.ll" >> "$d/alias.log" 2>&1; then
    awk '/^define.*@wasm_forward\(/,/^}/' "$d/alias.ll" > "$d/alias.fn"
    if grep -q 'store i32 7, ptr addrspace(256)' "$d/alias.fn" && ! grep -q 'load' "$d/alias.fn"; then result PASS "$n"
    else cat "$d/alias.fn" >> "$d/alias.log"; result FAIL "$n" "$d/alias.log"; fi
  else result FAIL "$n: compile" "$d/alias.log"; fi
  # memory intrinsics formed on gs pointers take their flat base from the runtime (segue_memset.wat)
  n="segue: memset formed on gs pointers, base from wasmc_rt_gs_memory0_base"
  if wat2wasm --debug-names "$here/segue_memset.wat" -o "$d/ms.wasm" > "$d/ms.log" 2>&1 &&
     "$WASMC" -O2 --memory-base=segment --emit=llvm-ir "$d/ms.wasm" -o "$d/ms.ll" >> "$d/ms.log" 2>&1 &&
     "$WASMC" -O2 --memory-base=segment "$d/ms.wasm" -o "$d/ms" >> "$d/ms.log" 2>&1; then
    "$d/ms" >> "$d/ms.log" 2>&1; local mst=$?
    if [ $mst = 0 ] && grep -q 'call void @llvm.memset.p0' "$d/ms.ll" &&
       grep -q 'load ptr, ptr @wasmc_rt_gs_memory0_base' "$d/ms.ll" && ! grep -q 'mem0.base[0-9]* = load ptr, ptr %0' "$d/ms.ll"; then
      result PASS "$n"
    else { echo "status $mst"; grep -n 'memset\|mem0.base' "$d/ms.ll"; } >> "$d/ms.log"; result FAIL "$n" "$d/ms.log"; fi
  else result FAIL "$n: compile" "$d/ms.log"; fi
  rm -f "$d/ms"
  # a sandbox that refuses arch_prctl(ARCH_SET_GS): one clear line, status 1
  n="segue: ARCH_SET_GS refused at run time"
  if clang-19 -O2 "$here/deny_set_gs.c" -o "$d/deny_set_gs" > "$d/deny.log" 2>&1 &&
     "$WASMC" -O2 "$d/memory.wasm" -o "$d/memory.deny" >> "$d/deny.log" 2>&1; then
    "$d/deny_set_gs" "$d/memory.deny" > "$d/deny.out" 2> "$d/deny.err"; local dst=$?
    if [ $dst = 1 ] && [ ! -s "$d/deny.out" ] && [ "$(wc -l < "$d/deny.err")" = 1 ] &&
       grep -q "^wasmc: cannot set the gs segment base to linear memory: Operation not permitted$" "$d/deny.err"; then
      result PASS "$n"
    else { echo "status $dst"; cat "$d/deny.out" "$d/deny.err"; } >> "$d/deny.log"; result FAIL "$n" "$d/deny.log"; fi
  else result FAIL "$n: build" "$d/deny.log"; fi
  rm -f "$d/memory.deny"
  # what cannot work says so: one line, status 1, no output left
  local args
  for args in "--memory-base=segment --target=aarch64-linux-gnu|needs an x86-64 target" \
              "--memory-base=segment --emit=obj|needs --emit=exe" "--memory-base=fs|unknown --memory-base 'fs'"; do
    n="segue: wasmc ${args%%|*}"
    rm -f "$d/bad.out"
    # shellcheck disable=SC2086
    "$WASMC" ${args%%|*} "$d/memory.wasm" -o "$d/bad.out" > "$d/bad.log" 2>&1; local st=$?
    if [ $st = 1 ] && [ "$(wc -l < "$d/bad.log")" = 1 ] && grep -q -- "${args#*|}" "$d/bad.log" && [ ! -e "$d/bad.out" ]; then
      result PASS "$n"
    else echo "status $st" >> "$d/bad.log"; result FAIL "$n" "$d/bad.log"; fi
  done
}

swizzle() {
  local d="$OUT/swizzle" n fns
  mkdir -p "$d"
  if [ "$(uname -m)" != x86_64 ]; then result SKIP "swizzle (not an x86-64 host)"; return; fi
  if ! { wat2wasm --debug-names "$here/../lowering/simd.wat" -o "$d/simd.wasm" &&
         "$WASMC" -O2 "$d/simd.wasm" -o "$d/simd"; } > "$d/log" 2>&1; then
    result FAIL "swizzle: compile" "$d/log"; return; fi
  # the functions that contain pshufb (glibc's SSE4.2 string functions do too)
  fns=$(objdump -d --no-show-raw-insn "$d/simd" | awk '/^[0-9a-f]+ <.*>:$/ {f = $2} /\tpshufb / {print f}' | sort -u)
  echo "pshufb in: $fns" >> "$d/log"
  n="swizzle: pshufb inline in the module's functions"
  if grep -q '^<wasm_' <<< "$fns" && ! nm "$d/simd" | grep -q 'swizzle\.ssse3'; then result PASS "$n"
  else result FAIL "$n" "$d/log"; fi
  if ! { wat2wasm --debug-names --enable-relaxed-simd "$here/../lowering/relaxed_simd.wat" -o "$d/relaxed_simd.wasm" &&
         "$WASMC" -O2 "$d/relaxed_simd.wasm" -o "$d/relaxed_simd"; } >> "$d/log" 2>&1; then
    result FAIL "swizzle: compile relaxed_simd.wat" "$d/log"; return; fi
  local cpu m
  for m in simd relaxed_simd; do
    for cpu in host qemu64; do
      n="swizzle: $m.wat at the baseline CPU, run on $cpu"
      if [ $cpu = host ]; then (cd "$d" && timeout 120 ./$m > out.$m.$cpu 2>> log)
      elif ! command -v qemu-x86_64 > /dev/null; then result SKIP "$n (no qemu-x86_64)"; continue
      else (cd "$d" && timeout 300 qemu-x86_64 -cpu qemu64 ./$m > out.$m.$cpu 2>> log); fi
      if [ $? -eq 0 ] && grep -Eq '^ok [0-9]+ checks$' "$d/out.$m.$cpu" &&
         { [ $m = simd ] || grep -qx 'relaxed choice: x86_64' "$d/out.$m.$cpu"; }; then result PASS "$n"
      else cat "$d/out.$m.$cpu" >> "$d/log"; result FAIL "$n" "$d/log"; fi
    done
  done
  rm -f "$d/simd" "$d/relaxed_simd"
}

cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(far_calls cpu_optin segue swizzle)
for c in "${cases[@]}"; do
  case $c in far_calls|cpu_optin|segue|swizzle) "$c" ;; *) echo "unknown case $c" >&2; exit 2 ;; esac
done
echo "$pass passed, $failn failed, $skip skipped"
[ "$failn" -eq 0 ]
