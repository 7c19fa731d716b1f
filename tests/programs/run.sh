#!/bin/bash
# tests/programs/run.sh WASMC OUTDIR [NAME...]
#
# End-to-end programs: every tests/programs/*.c is built natively (clang-19 -O2,
# the reference) and to wasm32-wasi (clang-19 -O0 and -O2), each wasm is compiled
# with WASMC (-O0/-O2), and every executable runs with the same arguments, stdin,
# environment and a fresh temp directory.  stdout, stderr and exit status must
# equal the native run's (see docs/testing.md for trap programs).
#
# Combinations (wasm opt / wasmc opt): O0/O0, O2/O2, O2/O0.  Override with
# PROGRAMS_COMBOS="O0:O0 O2:O2".  NAME... restricts to some programs.
# WASMC_TEST_ENGINE=node replaces WASMC with the Node (node:wasi) shim.
# Cross targets: WASMC_TARGET=aarch64-linux-gnu adds --target to every wasmc
# run, and WASMC_EMULATOR (e.g. "qemu-aarch64") prefixes every run of a wasmc
# executable; the reference stays the native (host) build (docs/targets.md).
# Prints PASS/FAIL per case and, last, "N passed, N failed".
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

if [ "${1:-}" = "--case" ]; then
  # ---- one program (internal; runs in parallel) -------------------------------
  shift
  WASMC=$1 OUT=$2 src=$3
  name=$(basename "$src" .c)
  d="$OUT/$name"
  rm -rf "$d"; mkdir -p "$d"
  res="$d/result"
  : > "$res"
  hdr() { sed -n "s|^// $1: \{0,1\}||p" "$src"; }
  args=$(hdr args | head -1)
  stdin_file=$(hdr stdin | head -1)
  mapfile -t envs < <(hdr env)
  usedir=$(hdr dir | head -1)
  trap_expected=$(hdr trap | head -1)
  expect_stderr=$(hdr expect-stderr | head -1)
  merge=$(hdr merge-output | head -1)
  min_vec=$(hdr expect-vectorized | head -1)
  eval "argv=($args)"
  stdin_path=/dev/null
  [ -n "$stdin_file" ] && stdin_path="$here/$stdin_file"
  CC=${CC:-clang-19}
  read -r -a emu <<< "${WASMC_EMULATOR:-}"
  tflag=(); [ -n "${WASMC_TARGET:-}" ] && tflag=("--target=$WASMC_TARGET")
  WASM_CFLAGS=(--target=wasm32-wasi -Wl,-z,stack-size=16777216 -Wl,--stack-first)

  record() { echo "$1 $name${2:+ [$2]}" >> "$res"; }
  fail() { # combo, message, detail-file...
    local c=$1 m=$2; shift 2
    { echo "FAIL $name [$c]: $m"; for f in "$@"; do [ -f "$f" ] && sed -n '1,25p' "$f" | sed 's/^/    /'; done; } >> "$d/log"
    record FAIL "$c"
  }

  if ! $CC -O2 -w "$src" -o "$d/native" -lm 2> "$d/native.cc.log"; then
    fail native "native build failed" "$d/native.cc.log"; exit 0
  fi
  # -O2 wasm: clang -O2, then wasm-opt -O2 as clang's driver would, but with -g
  # so the name section (function names in trap messages) survives.
  for o in O0 O2; do
    # (compile and link separately: a link without -O does not run wasm-opt;
    # clang-19's --no-wasm-opt silently skips the whole link)
    if ! { $CC "${WASM_CFLAGS[@]}" -$o -w -c "$src" -o "$d/$o.o" &&
           $CC "${WASM_CFLAGS[@]}" "$d/$o.o" -o "$d/$o.wasm" -lm; } 2> "$d/wasm.$o.cc.log"; then
      fail "wasm-$o" "wasm build failed" "$d/wasm.$o.cc.log"; exit 0
    fi
    if [ $o = O2 ] && ! { wasm-opt -O2 -g "$d/$o.wasm" -o "$d/$o.opt.wasm" && mv "$d/$o.opt.wasm" "$d/$o.wasm"; } 2>> "$d/wasm.$o.cc.log"; then
      fail "wasm-$o" "wasm-opt failed" "$d/wasm.$o.cc.log"; exit 0
    fi
  done

  run() { # dir_host dir_arg_prefix stdout stderr cmd...  -> echoes status
    local tdir=$1 darg=$2 so=$3 se=$4; shift 4
    local a=("${argv[@]+"${argv[@]}"}")
    [ -n "$darg" ] && a=("$darg" "${a[@]+"${a[@]}"}")
    if [ "$merge" = yes ]; then
      (cd "$tdir" && timeout 120 "$@" "${a[@]+"${a[@]}"}" < "$stdin_path" > "$so" 2>&1) 2>/dev/null; echo $? ; : > "$se"
    else
      (cd "$tdir" && timeout 120 "$@" "${a[@]+"${a[@]}"}" < "$stdin_path" > "$so" 2> "$se") 2>/dev/null; echo $?
    fi
  }

  # Native reference: only the listed variables in the environment.
  ntmp=$(mktemp -d "$d/tmp.native.XXXX")
  ndarg=""; [ "$usedir" = yes ] && ndarg="$ntmp"
  nstatus=$(run "$ntmp" "$ndarg" "$d/native.out" "$d/native.err" env -i "${envs[@]+"${envs[@]}"}" "$d/native")

  combos=${PROGRAMS_COMBOS:-"O0:O0 O2:O2 O2:O0"}
  for combo in $combos; do
    wo=${combo%%:*} co=${combo##*:}
    c="wasm-$wo/wasmc-$co"
    exe="$d/$wo.$co.exe"
    grants=()
    for e in "${envs[@]+"${envs[@]}"}"; do grants+=(--env "$e"); done
    if ! "$WASMC" -$co "${tflag[@]+"${tflag[@]}"}" "${grants[@]+"${grants[@]}"}" "$d/$wo.wasm" -o "$exe" > "$d/$wo.$co.wasmc.log" 2>&1; then
      fail "$c" "wasmc failed" "$d/$wo.$co.wasmc.log"; continue
    fi
    if [ -n "$min_vec" ] && [ "$co" = O2 ]; then
      # codegen check: at least N loops vectorised by wasmc -O2 (LLVM's
      # `vector.body` blocks in the optimised IR)
      "$WASMC" -O2 "${tflag[@]+"${tflag[@]}"}" --emit=llvm-ir "$d/$wo.wasm" -o "$d/$wo.$co.ll" > /dev/null 2>&1
      nvec=$(grep -c '^vector\.body[0-9]*:' "$d/$wo.$co.ll" 2>/dev/null)
      if [ "${nvec:-0}" -lt "$min_vec" ]; then
        echo "vectorised loops: ${nvec:-0}, expected at least $min_vec" > "$d/$wo.$co.diff"
        fail "$c" "loops not vectorised" "$d/$wo.$co.diff"; continue
      fi
    fi
    wtmp=$(mktemp -d "$d/tmp.$wo.$co.XXXX")
    wdarg=""; flags=""
    if [ "$usedir" = yes ]; then wdarg=/sandbox; flags="--dir $wtmp::/sandbox"; fi
    so="$d/$wo.$co.out" se="$d/$wo.$co.err"
    # Run from an empty environment too: the wasm side must not need any host variable.
    wstatus=$(run "$wtmp" "$wdarg" "$so" "$se" env -i PATH="$PATH" HOME="${HOME:-/}" WASMC_FLAGS="$flags" "${emu[@]+"${emu[@]}"}" "$exe")
    if [ "$trap_expected" = yes ]; then
      # stdout equals native's; stderr = native stderr + one trap line + the backtrace; status 134.
      if ! cmp -s "$d/native.out" "$so"; then
        diff -u "$d/native.out" "$so" > "$d/$wo.$co.diff"; fail "$c" "stdout differs from native" "$d/$wo.$co.diff"; continue
      fi
      if [ "$wstatus" != 134 ]; then
        fail "$c" "exit status $wstatus, expected 134 (trap)" "$se"; continue
      fi
      # the trap line is the last 'wasm trap: ' line; after it only the backtrace (docs/debugging.md)
      tl=$(grep -n '^wasm trap: ' "$se" | tail -n 1 | cut -d: -f1)
      tl=${tl:-$(($(wc -l < "$se") + 1))}
      head -n $((tl - 1)) "$se" > "$d/$wo.$co.err.head"
      if ! cmp -s "$d/native.err" "$d/$wo.$co.err.head"; then
        diff -u "$d/native.err" "$d/$wo.$co.err.head" > "$d/$wo.$co.diff"; fail "$c" "stderr before the trap line differs" "$d/$wo.$co.diff"; continue
      fi
      if tail -n +$((tl + 1)) "$se" | grep -qvE '^(wasm backtrace \(innermost first\):|  #[0-9]+ |  \.\.\. [0-9]+ more frames)'; then
        fail "$c" "stderr after the trap line is not a backtrace" "$se"; continue
      fi
      last=$(sed -n "${tl}p" "$se")
      if ! printf '%s\n' "$last" | grep -Eqx -- "$expect_stderr"; then
        echo "expected: $expect_stderr" > "$d/$wo.$co.diff"; echo "got:      $last" >> "$d/$wo.$co.diff"
        fail "$c" "wrong trap line" "$d/$wo.$co.diff"; continue
      fi
    else
      if [ "$wstatus" != "$nstatus" ]; then
        echo "native status $nstatus, wasm status $wstatus" > "$d/$wo.$co.diff"
        fail "$c" "exit status differs" "$d/$wo.$co.diff" "$se"; continue
      fi
      if ! cmp -s "$d/native.out" "$so"; then
        diff -u "$d/native.out" "$so" > "$d/$wo.$co.diff"; fail "$c" "stdout differs from native" "$d/$wo.$co.diff"; continue
      fi
      if ! cmp -s "$d/native.err" "$se"; then
        diff -u "$d/native.err" "$se" > "$d/$wo.$co.diff"; fail "$c" "stderr differs from native" "$d/$wo.$co.diff"; continue
      fi
    fi
    record PASS "$c"
  done
  exit 0
fi

# ---- driver -------------------------------------------------------------------
if [ $# -lt 2 ]; then echo "usage: $0 WASMC OUTDIR [NAME...]" >&2; exit 2; fi
WASMC=$1 OUT=$2; shift 2
if [ "${WASMC_TEST_ENGINE:-wasmc}" = node ]; then
  WASMC="$repo/scripts/lib/wasmc-node-shim.sh"
  echo "programs: WASMC_TEST_ENGINE=node: using $WASMC"
fi
[ -x "$WASMC" ] || { echo "programs: wasmc not found or not executable: $WASMC" >&2; echo "0 passed, 1 failed"; exit 1; }
WASMC=$(cd "$(dirname "$WASMC")" && pwd)/$(basename "$WASMC")
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)

srcs=()
if [ $# -gt 0 ]; then for n in "$@"; do srcs+=("$here/${n%.c}.c"); done
else srcs=("$here"/*.c); fi

jobs=${JOBS:-$(nproc)}
printf '%s\n' "${srcs[@]}" | xargs -P "$jobs" -I{} bash "$here/run.sh" --case "$WASMC" "$OUT" {}

pass=0 failn=0
for s in "${srcs[@]}"; do
  n=$(basename "$s" .c)
  r="$OUT/$n/result"
  if [ ! -s "$r" ]; then echo "FAIL $n: runner produced no result"; failn=$((failn + 1)); continue; fi
  while read -r status rest; do
    echo "$status $rest"
    if [ "$status" = PASS ]; then pass=$((pass + 1)); else failn=$((failn + 1)); fi
  done < "$r"
  [ -f "$OUT/$n/log" ] && cat "$OUT/$n/log"
done
echo "$pass passed, $failn failed"
[ "$failn" -eq 0 ]
