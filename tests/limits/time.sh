#!/bin/bash
# tests/limits/time.sh WASMC OUTDIR — time and instruction limits (issue 24
# parts 2-5; docs/sandbox.md "Limits"): --timeout, --fuel, --interruptible,
# baked in by wasmc or given through WASMC_FLAGS.
#
#   spin.wat       an infinite loop: the loop-header check must stop it
#   spin_inner.wat an infinite loop around a short (counted) loop of 3
#                  iterations: the outer loop's check must stop it
#   recurse.wat    2^48 calls and no loop: the function-entry check must
#                  stop it
#   spin_catch.wat an infinite loop through an exception handler (its back
#                  edge may leave a landing pad): its loop check must stop it
#   chain_loop.c   a loop leaving on either of two conditions (zlib's
#                  longest_match): with checks its latch keeps them as
#                  compare-and-branch pairs (no setcc); a loop into which a
#                  calling function is inlined gets no entry check of it;
#                  same output
#   blocked.wat    blocked in the host: fd_read of a pipe (r), poll_oneoff on
#                  a pipe (p), poll_oneoff on a 60 s clock (s), sock_accept
#                  on a granted listening socket nobody connects to (a)
#   fuel_count.c   (clang-19 --target=wasm32-wasi -O2) prints an iteration
#                  count per loop iteration, unbuffered, until it runs out of
#                  fuel: the output must be the same on every run, at -O0
#                  and -O2, baked in or given at run time
#
# Each --timeout 1s case must stop with "wasm trap: interrupt (time limit of
# 1s exceeded) in function NAME" and status 134 after 0.9..1.1 s of wall time:
# measured around the process, minus the time of the same executable
# stopping at start-up (a bad WASMC_FLAGS), measured just before.  Under an
# emulator (WASMC_EMULATOR, qemu-aarch64) everything is slower and noisier,
# so the upper bound is 1.3 s there; LIMITS_TIME_HI (seconds) overrides it.
#
# WASMC_TARGET / WASMC_EMULATOR as in the other suites.  One PASS/FAIL line
# per case; last line "N passed, N failed, 0 skipped".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# WASMC, OUT, EMU, TFLAG, rec
source "$here/../../scripts/lib/suite.sh"
LO=0.9
HI=${LIMITS_TIME_HI:-$([ ${#EMU[@]} -gt 0 ] && echo 1.3 || echo 1.1)}
summary() { echo "$pass passed, $failn failed, 0 skipped"; [ "$failn" -eq 0 ]; exit; }

# ---- build the modules and the executables --------------------------------
fatal=""
clang-19 --target=wasm32-wasi -O2 "$here/fuel_count.c" -o "$OUT/fuel_count.wasm" 2> "$OUT/cc.log" ||
  fatal="clang-19 fuel_count.c: $(head -1 "$OUT/cc.log")"
# compiled and linked separately: a one-step -O2 link runs wasm-opt, which drops the name section
{ clang-19 --target=wasm32-wasi -O2 -c "$here/vec_loop.c" -o "$OUT/vec_loop.o" &&
  clang-19 --target=wasm32-wasi "$OUT/vec_loop.o" -o "$OUT/vec_loop.wasm"; } 2>> "$OUT/cc.log" ||
  fatal="clang-19 vec_loop.c: $(head -1 "$OUT/cc.log")"
{ clang-19 --target=wasm32-wasi -O2 -c "$here/chain_loop.c" -o "$OUT/chain_loop.o" &&
  clang-19 --target=wasm32-wasi "$OUT/chain_loop.o" -o "$OUT/chain_loop.wasm"; } 2>> "$OUT/cc.log" ||
  fatal="clang-19 chain_loop.c: $(head -1 "$OUT/cc.log")"
for w in spin spin_inner recurse blocked spin_catch; do
  wat2wasm --enable-exceptions --debug-names "$here/$w.wat" -o "$OUT/$w.wasm" 2> "$OUT/$w.wat2wasm.log" ||
    fatal="wat2wasm $w.wat: $(head -1 "$OUT/$w.wat2wasm.log")"
done
if [ -n "$fatal" ]; then rec FAIL "limits/time: $fatal"; summary; fi

# exe NAME MODULE WASMC-FLAGS...: scripts/lib/suite.sh
exe spin_plain spin
exe spin_t1 spin --timeout 1s
exe spin_t10 spin --timeout=10s
exe spin_i spin --interruptible
exe spin_f spin --interruptible=fuel
exe inner_t1 spin_inner --timeout 1s
exe catch_t1 spin_catch --timeout 1s
exe catch_O0 spin_catch -O0 --timeout 1s
exe rec_t1 recurse --timeout 1s
exe rec_i recurse --interruptible
exe blk_t1 blocked --timeout 1s
exe blk_sock blocked --timeout 1s --tcp-listen 127.0.0.1:0
exe fuel_O2 fuel_count --fuel 3000000
exe fuel_O0 fuel_count -O0 --fuel=3000000
exe fuel_i fuel_count --interruptible=fuel
exe fuel_O2_other fuel_count --fuel 3000000 --bounds-checks=explicit
exe vec_plain vec_loop
exe vec_i vec_loop --interruptible
exe chain_plain chain_loop
exe chain_i chain_loop --interruptible

# run NAME FLAGS [ARGS...]: run $OUT/NAME with WASMC_FLAGS=FLAGS, stdin a
# pipe that stays open (and empty) for 20 s; sets st, out, err, secs
run() {
  local name=$1 flags=$2; shift 2
  local t0 t1
  t0=$(date +%s%N)
  env -i PATH="$PATH" WASMC_FLAGS="$flags" timeout 20 "${EMU[@]+"${EMU[@]}"}" "$OUT/$name" "$@" \
    < <(sleep 20) > "$OUT/run.out" 2> "$OUT/run.err"
  st=$?
  t1=$(date +%s%N)
  secs=$(awk -v n=$((t1 - t0)) 'BEGIN { printf "%.3f", n / 1e9 }')
  out=$(cat "$OUT/run.out") err=$(cat "$OUT/run.err")
}

# The trap line is stderr's first line; after it only the wasm backtrace
# (docs/debugging.md) may follow.  first_line sets err1; bt_only fails on
# anything else after the trap line.
first_line() { err1=$(head -n 1 <<< "$err"); }
bt_only() { ! tail -n +2 <<< "$err" | grep -qvE '^(wasm backtrace \(innermost first\):|  #[0-9]+ |  \.\.\. [0-9]+ more frames)'; }

# ---- --timeout: stops within 1 s +-10% --------------------------------------
# The time of a run that stops at start (a bad WASMC_FLAGS: process start-up,
# env, timeout, qemu) is measured just before and subtracted: the limit
# counts from the start of the program, and this machine's load varies.
# timed DESC NAME FLAGS FUNC [ARGS...]
timed() {
  local desc=$1 name=$2 flags=$3 func=$4; shift 4
  run "$name" "--no-such-flag"
  local base=$secs
  run "$name" "$flags" "$@"
  local gross=$secs
  secs=$(awk -v g="$gross" -v b="$base" 'BEGIN { printf "%.3f", g - b }')
  local want="wasm trap: interrupt (time limit of 1s exceeded) in function $func"
  first_line
  if [ "$st" != 134 ] || [ "$err1" != "$want" ] || ! bt_only || [ -n "$out" ]; then
    rec FAIL "$desc: status $st (want 134) after ${secs}s, stderr '$(head -2 <<< "$err" | tr '\n' ' ')' (want '$want'), stdout '$(head -c 60 <<< "$out")'"
  elif ! awk -v s="$secs" -v lo="$LO" -v hi="$HI" 'BEGIN { exit !(s >= lo && s <= hi) }'; then
    rec FAIL "$desc: stopped after ${secs}s (${gross}s - ${base}s start-up), not within ${LO}..${HI}s"
  else
    rec PASS "$desc: stopped after ${secs}s (${gross}s - ${base}s start-up; ${LO}..${HI}s)"
  fi
}
timed "timeout: infinite loop, compile-time --timeout 1s" spin_t1 "" spin
timed "timeout: recursion without loops (function-entry check), compile-time" rec_t1 "" tree
timed "timeout: infinite loop, --interruptible + WASMC_FLAGS --timeout=1s" spin_i "--timeout=1s" spin
timed "timeout: recursion, --interruptible + WASMC_FLAGS --timeout 1000ms" rec_i "--timeout 1000ms" tree
timed "timeout: run time lowers the baked 10s to 1s" spin_t10 "--timeout=1s" spin
timed "timeout: --interruptible=fuel code, WASMC_FLAGS --timeout 1s" spin_f "--timeout 1s" spin
timed "timeout: infinite loop around a short counted loop left before its 64th iteration" inner_t1 "" spin_inner
timed "timeout: infinite loop through an exception handler (-O2)" catch_t1 "" spin_catch
timed "timeout: infinite loop through an exception handler (-O0)" catch_O0 "" spin_catch
timed "timeout: blocked in fd_read of a pipe" blk_t1 "" fd_read r
timed "timeout: blocked in poll_oneoff on a pipe" blk_t1 "" poll_oneoff p
timed "timeout: blocked in poll_oneoff on a 60 s clock" blk_t1 "" poll_oneoff s
timed "timeout: blocked in sock_accept on a listening socket" blk_sock "" sock_accept a

# ---- the loop checks of an executable do not stop vectorisation -----------------
# (x86-64: packed SSE multiply and add in axpy, and the check of the runtime's
# wasmc_rt_interrupt_pending in it; the same result as without checks)
if [ ${#TFLAG[@]} -eq 0 ] && [ "$(uname -m)" = x86_64 ]; then
  fn_asm() { objdump -d --no-show-raw-insn "$OUT/$1" | awk '/<wasm_axpy>:/,/^$/'; }
  fn_asm vec_plain > "$OUT/vec_plain.s"; fn_asm vec_i > "$OUT/vec_i.s"
  vp=$(grep -cE 'mulps|addps' "$OUT/vec_plain.s"); vi=$(grep -cE 'mulps|addps' "$OUT/vec_i.s")
  ck=$(grep -c 'wasmc_rt_interrupt_pending' "$OUT/vec_i.s")
  if [ "$vp" -gt 0 ] && [ "$vi" -gt 0 ] && [ "$ck" -gt 0 ]; then
    rec PASS "interruptible: axpy stays vectorised ($vi packed ops, $vp without checks) and checked ($ck loop checks)"
  else rec FAIL "interruptible: axpy packed ops with checks $vi (without: $vp), loop checks $ck ($OUT/vec_i.s)"; fi
  # the vectorised loop is short: a counted loop (compiler/emit_limits.c),
  # its flag read out of line every 64th iteration, not in the loop
  python3 "$here/loop_span.py" "$OUT/vec_i.s" 'mulps|addps' > "$OUT/vec_i.loop.s"
  if [ -s "$OUT/vec_i.loop.s" ] && ! grep -q 'wasmc_rt_interrupt_pending' "$OUT/vec_i.loop.s"; then
    rec PASS "interruptible: axpy's vector loop is counted ($(wc -l < "$OUT/vec_i.loop.s") instructions, no flag load in it)"
  else rec FAIL "interruptible: axpy's vector loop reads the flag in every iteration, or was not found ($OUT/vec_i.loop.s)"; fi
  if [ "$("$OUT/vec_i" 50 2>&1)" = "$("$OUT/vec_plain" 50 2>&1)" ]; then rec PASS "interruptible: axpy computes what the unchecked build computes"
  else rec FAIL "interruptible: axpy's output differs from the unchecked build's"; fi
  # a latch that leaves on either of two conditions keeps them as compare
  # and branch pairs: the check is on the back edge, after both
  fn_walk() { objdump -d --no-show-raw-insn "$OUT/$1" | awk '/<wasm_walk>:/,/^$/'; }
  fn_walk chain_plain > "$OUT/chain_plain.s"; fn_walk chain_i > "$OUT/chain_i.s"
  sp=$(grep -cE '\bset[a-z]+\b' "$OUT/chain_plain.s"); si=$(grep -cE '\bset[a-z]+\b' "$OUT/chain_i.s")
  ck=$(grep -c 'wasmc_rt_interrupt_pending' "$OUT/chain_i.s")
  if [ -s "$OUT/chain_plain.s" ] && [ "$ck" -gt 0 ] && [ "$si" -le "$sp" ]; then
    rec PASS "interruptible: walk's two-condition latch stays two branches ($si setcc, $sp without checks; $ck checks)"
  else rec FAIL "interruptible: walk's latch conditions materialised: $si setcc with checks, $sp without, $ck checks ($OUT/chain_i.s)"; fi
  if [ "$("$OUT/chain_i" 50 2>&1)" = "$("$OUT/chain_plain" 50 2>&1)" ]; then rec PASS "interruptible: walk and tally compute what the unchecked build computes"
  else rec FAIL "interruptible: walk's or tally's output differs from the unchecked build's"; fi
  # bump, inlined into tally's loop, brings no entry check: every compare
  # with 0 in memory in tally reads the runtime's flag (entry and loop)
  objdump -d --no-show-raw-insn "$OUT/chain_i" | awk '/<wasm_tally>:/,/^$/' > "$OUT/tally_i.s"
  z=$(grep -cE 'cmpq +\$0x0,' "$OUT/tally_i.s"); fl=$(grep -cE 'cmpq +\$0x0,.*wasmc_rt_interrupt_pending' "$OUT/tally_i.s")
  if [ "$fl" -gt 0 ] && [ "$z" = "$fl" ]; then rec PASS "interruptible: tally's $fl checks all read the flag (no entry check of the inlined bump)"
  else rec FAIL "interruptible: tally has $z compares with 0 in memory, $fl of the flag ($OUT/tally_i.s)"; fi
fi

# ---- --fuel: the same stopping point every run --------------------------------
# fuel_run DESC NAME FLAGS: status 134, "out of fuel", some output; sets fout, last
fuel_run() {
  run "$2" "$3"
  fout=$out
  last=$(tail -1 <<< "$out" | cut -d' ' -f1)
  first_line
  if [ "$st" = 134 ] && grep -Eq '^wasm trap: out of fuel in function [^ ]+$' <<< "$err1" && bt_only &&
     [ -n "$out" ]; then return 0; fi
  rec FAIL "$1: status $st (want 134), stderr '$(head -2 <<< "$err" | tr '\n' ' ')', $(wc -l <<< "$out") lines of output"
  return 1
}
if fuel_run "fuel: --fuel 3000000 (-O2), first run" fuel_O2 ""; then
  ref=$fout ref_last=$last
  rec PASS "fuel: --fuel 3000000 stops after iteration $ref_last: $err1"
  same() { # DESC NAME FLAGS
    if fuel_run "$1" "$2" "$3"; then
      if [ "$fout" = "$ref" ]; then rec PASS "$1: same output, stops after iteration $last"
      else rec FAIL "$1: stops after iteration $last, not $ref_last (output differs)"; fi
    fi
  }
  same "fuel: second run, same stopping point" fuel_O2 ""
  same "fuel: third run, same stopping point" fuel_O2 ""
  same "fuel: -O0 stops at the same point as -O2" fuel_O0 ""
  same "fuel: --bounds-checks=explicit stops at the same point" fuel_O2_other ""
  same "fuel: --interruptible=fuel + WASMC_FLAGS --fuel=3000000, same point" fuel_i "--fuel=3000000"
  same "fuel: run time repeats the baked 3000000" fuel_O2 "--fuel 3000000"
  if fuel_run "fuel: run time lowers 3000000 to 1000000" fuel_O2 "--fuel 1000000"; then
    if [ "$last" -lt "$ref_last" ] && [ "$fout" = "$(head -n "$(wc -l <<< "$fout")" <<< "$ref")" ]; then
      rec PASS "fuel: run time lowers 3000000 to 1000000: stops earlier (iteration $last), same output up to there"
    else rec FAIL "fuel: --fuel 1000000 stopped after iteration $last (3000000: $ref_last) or the output differs"; fi
  fi
fi
run spin_f "--fuel=0"
first_line
if [ "$st" = 134 ] && [ "$err1" = "wasm trap: out of fuel in function spin" ] && bt_only; then rec PASS "fuel: --fuel=0 stops at the first check"
else rec FAIL "fuel: --fuel=0: status $st, stderr '$err'"; fi

# ---- refused: one 'wasmc: WASMC_FLAGS: ...' line, status 1, nothing ran -----
refused() { # DESC NAME FLAGS REGEX
  run "$2" "$3"
  if [ "$st" = 1 ] && [ -z "$out" ] && [ "$(wc -l < "$OUT/run.err")" = 1 ] && grep -Eq -- "$4" <<< "$err"; then
    rec PASS "$1"
  else
    rec FAIL "$1: status $st (want 1), stdout '$(head -c 80 <<< "$out")', stderr '$(head -2 <<< "$err" | tr '\n' ' ')'"
  fi
}
nochk="needs an executable compiled with"
refused "refused: run-time --timeout on code without checks" spin_plain "--timeout=1s" \
  "^wasmc: WASMC_FLAGS: --timeout $nochk --interruptible, --timeout or --fuel; this one has no interruption checks"
refused "refused: run-time --fuel on code without checks" spin_plain "--fuel 10" \
  "^wasmc: WASMC_FLAGS: --fuel $nochk --interruptible=fuel or --fuel; this one has no fuel checks"
refused "refused: run-time --fuel on --interruptible (time only) code" spin_i "--fuel=10" \
  "^wasmc: WASMC_FLAGS: --fuel $nochk .*no fuel checks"
refused "refused: raising the baked --timeout 10s to 11s" spin_t10 "--timeout 11s" \
  "^wasmc: WASMC_FLAGS: --timeout '11s' would raise the limit of 10s built into this executable; it can only be lowered at run time$"
refused "refused: raising the baked --fuel 3000000" fuel_O2 "--fuel=3000001" \
  "^wasmc: WASMC_FLAGS: --fuel '3000001' would raise the limit of 3000000 instructions built into"

dsyn="\(a number with a unit: ms, s, m or h, e.g. 500ms, 10s, 2m; not 0\)$"
fsyn="\(a number of wasm instructions, 0 to 9223372036854775807\)$"
bad_values=(
  "--timeout=abc|--timeout 'abc' $dsyn"
  "--timeout 0s|--timeout '0s' $dsyn"
  "--timeout 10|--timeout '10' $dsyn"
  "--timeout=1.5s|--timeout '1.5s' $dsyn"
  "--timeout -1s|--timeout '-1s' $dsyn"
  "--timeout 9999999999h|--timeout '9999999999h' $dsyn"
  "--fuel=-1|--fuel '-1' $fsyn"
  "--fuel 1e6|--fuel '1e6' $fsyn"
  "--fuel 9223372036854775808|--fuel '9223372036854775808' $fsyn"
)
for b in "${bad_values[@]}"; do
  flags=${b%%|*} re=${b#*|}
  refused "run time: WASMC_FLAGS '$flags' is refused" spin_f "$flags" "^wasmc: WASMC_FLAGS: bad $re"
  compile_refused "$flags" "$re" spin
done
"$WASMC" "$OUT/spin.wasm" -o "$OUT/bad.exe" --interruptible=sometimes > /dev/null 2> "$OUT/bad.err"
cst=$?
if [ "$cst" = 1 ] && grep -q "^wasmc: error: bad --interruptible value 'sometimes' (time or fuel)$" "$OUT/bad.err"; then
  rec PASS "compile time: --interruptible=sometimes is refused"
else rec FAIL "compile time: --interruptible=sometimes: status $cst, $(head -1 "$OUT/bad.err")"; fi

# ---- no checks unless asked: the IR of a plain compile reads no epoch/fuel ---
ir() { "$WASMC" -O2 "${TFLAG[@]+"${TFLAG[@]}"}" --emit=llvm-ir "$@" "$OUT/spin.wasm" -o "$OUT/spin.ll" 2> /dev/null; }
if ir && ! grep -Eq '%epoch|%fuel' "$OUT/spin.ll"; then rec PASS "plain compile: no epoch or fuel check in the IR"
else rec FAIL "plain compile: the IR has epoch/fuel checks (or --emit=llvm-ir failed)"; fi
if ir --interruptible && grep -Eq '%epoch[0-9]* = load volatile i64' "$OUT/spin.ll" && ! grep -q '%fuel' "$OUT/spin.ll"; then
  rec PASS "--interruptible: a volatile epoch load in the IR, no fuel"
else rec FAIL "--interruptible: no volatile epoch load in the IR (or a fuel charge)"; fi

summary
