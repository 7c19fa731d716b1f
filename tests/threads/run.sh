#!/usr/bin/env bash
# tests/threads/run.sh WASMC OUTDIR — wasi-threads executables
# (docs/testing.md).  stress.wat is assembled, compiled by wasmc and run
# THREADS_RUNS times in a row (default 100; the AArch64 section of
# scripts/test.sh asks for fewer under qemu): every run must print
# "threads: ok" and exit 0.  Then one spawned thread that traps must end the
# whole process (status 134, the trap line) and one that calls proc_exit(7)
# must exit the process with 7 while _start still waits; several threads
# ending the process at once (exit_race.wat, trap_exit_race.wat) leave the
# first one's status and output; another thread's memory.grow is seen by
# explicit bounds checks in a loop (grow_explicit.wat, and an IR check);
# and --timeout 1s must stop a memory.atomic.wait32 that nobody notifies.
# pthreads.c, built
# for wasm32-wasip1-threads against tests/threads/sysroot.sh's wasi-libc
# (only when already cached, or with THREADS_SYSROOT_BUILD=1; else SKIP
# with the reason), must print what the same
# program built natively prints, PTHREADS_RUNS times in a row (default 5).
# xz -T2 (tests/threads/xz.sh, the same caching rule) must produce the
# bytes the native xz 5.4.1 does and decompress them back.
# With WASMC_TARGET set, compiles for that target and runs under
# $WASMC_EMULATOR.
# Last line: "N passed, N failed, N skipped".
set -u
[ $# -ge 2 ] || { echo "usage: $0 WASMC OUTDIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
WASMC=$1 OUT=$2
RUNS=${THREADS_RUNS:-100}
mkdir -p "$OUT"
pass=0 fail=0
ok() { echo "PASS threads/$1"; pass=$((pass + 1)); }
bad() { echo "FAIL threads/$1: $2"; fail=$((fail + 1)); }
target=()
[ -n "${WASMC_TARGET:-}" ] && target=(--target="$WASMC_TARGET")
read -r -a emu <<< "${WASMC_EMULATOR:-}"

build() { # NAME WAT [WASMC FLAGS...]
  local name=$1 wat=$2; shift 2
  wat2wasm --enable-threads --debug-names "$wat" -o "$OUT/$name.wasm" 2>"$OUT/$name.err" &&
    "$WASMC" "${target[@]}" "$@" "$OUT/$name.wasm" -o "$OUT/$name" 2>>"$OUT/$name.err"
}

if build stress "$here/stress.wat"; then
  n=0 first=""
  for ((i = 1; i <= RUNS; i++)); do
    out=$("${emu[@]}" "$OUT/stress" 2>&1); rc=$?
    if [ $rc -ne 0 ] || [ "$out" != "threads: ok" ]; then first="run $i: status $rc: $(echo "$out" | head -n 2 | tr '\n' '|')"; break; fi
    n=$((n + 1))
  done
  if [ $n -eq "$RUNS" ]; then ok "stress ($RUNS runs)"; else bad "stress" "$first"; fi
else
  bad stress "build failed: $(head -n 1 "$OUT/stress.err")"
fi

# a trap or proc_exit in a spawned thread ends the process
for kind in trap exit; do
  body='(unreachable)'
  [ $kind = exit ] && body='(call $exit (i32.const 7))'
  cat > "$OUT/$kind.wat" <<WAT
(module
  (import "wasi" "thread-spawn" (func \$spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func \$exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  (func \$in_thread $body)
  (func (export "wasi_thread_start") (param i32 i32) (call \$in_thread))
  (func (export "_start")
    (drop (call \$spawn (i32.const 0)))
    ;; wait forever: only the thread can end the process
    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))))
WAT
  if ! build "$kind" "$OUT/$kind.wat"; then bad "$kind" "build failed: $(head -n 1 "$OUT/$kind.err")"; continue; fi
  out=$(timeout 60 "${emu[@]}" "$OUT/$kind" 2>&1); rc=$?
  if [ $kind = trap ]; then
    if [ $rc -eq 134 ] && echo "$out" | head -n 1 | grep -q '^wasm trap: unreachable in function in_thread'; then ok "trap-ends-process"
    else bad "trap-ends-process" "status $rc: $(echo "$out" | head -n 1)"; fi
  else
    if [ $rc -eq 7 ] && [ -z "$out" ]; then ok "proc_exit-ends-process"
    else bad "proc_exit-ends-process" "status $rc: $(echo "$out" | head -n 1)"; fi
  fi
done
# Several threads end the process at once (runtime/src/wrt_exit.c: the
# first one wins, the others block until the process is gone), each module
# EXIT_RACE_RUNS times (default 50): exit_race.wat's nine proc_exits give
# one of their statuses and print nothing; in trap_exit_race.wat two traps
# (unreachable, a guard-page fault), two proc_exits and _start returning
# give 134 with exactly one trap report, or 7, 8 or 0 with no output.  The
# PASS line lists the statuses seen (the winners vary from run to run).
RACE_RUNS=${EXIT_RACE_RUNS:-50}
race() { # NAME CHECK-FUNCTION
  local name=$1 check=$2 i out rc seen=""
  if ! build "$name" "$here/$name.wat"; then bad "$name" "build failed: $(head -n 1 "$OUT/$name.err")"; return; fi
  for ((i = 1; i <= RACE_RUNS; i++)); do
    out=$(timeout 60 "${emu[@]}" "$OUT/$name" 2>&1); rc=$?
    if ! "$check" "$rc" "$out"; then
      bad "$name" "run $i: status $rc: $(echo "$out" | head -n 3 | tr '\n' '|')"; return
    fi
    case " $seen " in *" $rc "*) ;; *) seen="$seen $rc" ;; esac
  done
  ok "$name ($RACE_RUNS runs, statuses seen:$seen)"
}
exit_race_ok() { [ "$1" -ge 10 ] && [ "$1" -le 18 ] && [ -z "$2" ]; }
trap_exit_race_ok() {
  case $1 in
    0|7|8) [ -z "$2" ] ;;
    134) [ "$(grep -c '^wasm trap: ' <<< "$2")" -eq 1 ] &&
         head -n 1 <<< "$2" | grep -Eq '^wasm trap: (unreachable in function trap_unreachable|out of bounds memory access in function (trap_oob|wasi_thread_start))$' ;;
    *) false ;;
  esac
}
race exit_race exit_race_ok
race trap_exit_race trap_exit_race_ok

# Another thread's memory.grow under --bounds-checks=explicit at -O2
# (grow_explicit.wat: thread B's loop without calls stores to the new page
# once thread A has grown the memory and said so atomically; a size kept
# from before the grow would trap), 5 runs.  And the mechanism, in the
# optimised IR of a loop without calls or atomics ($sum): for the shared
# memory the size load stays in the loop as a monotonic atomic load
# (compiler/emit_bulk.c); the same function on an unshared memory has it
# hoisted out (no i64 load in the loop), which is also what shows this
# check can fail.
if build grow_explicit "$here/grow_explicit.wat" -O2 --bounds-checks=explicit; then
  n=0 first=""
  for ((i = 1; i <= 5; i++)); do
    out=$(timeout 60 "${emu[@]}" "$OUT/grow_explicit" 2>&1); rc=$?
    if [ $rc -ne 0 ] || [ -n "$out" ]; then first="run $i: status $rc: $(echo "$out" | head -n 1)"; break; fi
    n=$((n + 1))
  done
  if [ $n -eq 5 ]; then ok "grow-seen-by-explicit-checks (5 runs)"; else bad "grow-seen-by-explicit-checks" "$first"; fi
else
  bad "grow-seen-by-explicit-checks" "build failed: $(head -n 1 "$OUT/grow_explicit.err")"
fi
for sh in shared unshared; do
  cat > "$OUT/sum_$sh.wat" <<WAT
(module
  (memory 1 2 $([ $sh = shared ] && echo shared))
  $(sed -n '/^  (func \$sum/,/^    (local.get \$s))$/p' "$here/grow_explicit.wat")
  (func (export "_start") (drop (call \$sum (i32.const 0) (i32.const 16)))))
WAT
  if ! wat2wasm --enable-threads --debug-names "$OUT/sum_$sh.wat" -o "$OUT/sum_$sh.wasm" 2>"$OUT/sum_$sh.err" ||
     ! "$WASMC" "${target[@]}" -O2 --bounds-checks=explicit --emit=llvm-ir "$OUT/sum_$sh.wasm" -o "$OUT/sum_$sh.ll" 2>>"$OUT/sum_$sh.err"; then
    bad "size-load-in-loop-$sh" "build failed: $(head -n 1 "$OUT/sum_$sh.err")"; continue
  fi
  python3 "$here/loop_loads.py" "$OUT/sum_$sh.ll" wasm_sum > "$OUT/sum_$sh.loads"
  loads=$(sed -n 's/^loads: //p' "$OUT/sum_$sh.loads")
  atomic=$(grep -c ': atomic monotonic: ' "$OUT/sum_$sh.loads")
  if [ $sh = shared ] && [ "${loads:-0}" -ge 1 ] && [ "$atomic" -eq "$loads" ]; then
    ok "size-load-in-loop-shared (monotonic, not hoisted)"
  elif [ $sh = unshared ] && [ "${loads:-x}" = 0 ]; then
    ok "size-load-hoisted-unshared"
  else
    bad "size-load-in-loop-$sh" "$(tr '\n' '|' < "$OUT/sum_$sh.loads")"
  fi
done

# --timeout stops a memory.atomic.wait32 that nobody will notify
cat > "$OUT/waitforever.wat" <<'WAT'
(module
  (memory 1 1 shared)
  (func (export "_start") (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))))
WAT
if wat2wasm --enable-threads "$OUT/waitforever.wat" -o "$OUT/waitforever.wasm" 2>"$OUT/wf.err" &&
   "$WASMC" "${target[@]}" --timeout 1s "$OUT/waitforever.wasm" -o "$OUT/waitforever" 2>>"$OUT/wf.err"; then
  out=$(timeout 30 "${emu[@]}" "$OUT/waitforever" 2>&1); rc=$?
  if [ $rc -eq 134 ] && echo "$out" | head -n 1 | grep -q '^wasm trap: interrupt (time limit of 1s exceeded)'; then ok "timeout-stops-wait"
  else bad "timeout-stops-wait" "status $rc: $(echo "$out" | head -n 1)"; fi
else
  bad "timeout-stops-wait" "build failed: $(head -n 1 "$OUT/wf.err")"
fi

# pthreads.c: wasi-libc's pthreads (sysroot.sh builds and caches it)
skip=0
PRUNS=${PTHREADS_RUNS:-5}
# the cold build takes minutes: only THREADS_SYSROOT_BUILD=1 runs it here
only=(--cached-only)
[ "${THREADS_SYSROOT_BUILD:-0}" = 1 ] && only=()
sysroot=$(bash "$here/sysroot.sh" "${only[@]}" 2>"$OUT/sysroot.err"); src=$?
if [ $src -eq 2 ]; then
  echo "SKIP threads/pthreads: $(tail -n 1 "$OUT/sysroot.err")"; skip=1
elif [ $src -ne 0 ]; then
  bad pthreads "sysroot.sh failed: $(tail -n 1 "$OUT/sysroot.err")"
elif ! cc -O2 -pthread "$here/pthreads.c" -o "$OUT/pthreads-native" 2>"$OUT/pthreads.err" ||
     ! clang-19 --target=wasm32-wasip1-threads --sysroot="$sysroot" -resource-dir="$(dirname "$sysroot")/resource" \
       -O2 -pthread "$here/pthreads.c" -o "$OUT/pthreads.wasm" \
       -Wl,--import-memory,--export-memory,--max-memory=67108864 2>>"$OUT/pthreads.err" ||
     ! "$WASMC" "${target[@]}" "$OUT/pthreads.wasm" -o "$OUT/pthreads" 2>>"$OUT/pthreads.err"; then
  bad pthreads "build failed: $(head -n 1 "$OUT/pthreads.err")"
else
  want=$("$OUT/pthreads-native")
  n=0 first=""
  for ((i = 1; i <= PRUNS; i++)); do
    out=$("${emu[@]}" "$OUT/pthreads" 2>&1); rc=$?
    if [ $rc -ne 0 ] || [ "$out" != "$want" ]; then first="run $i: status $rc: '$out', native '$want'"; break; fi
    n=$((n + 1))
  done
  if [ $n -eq "$PRUNS" ]; then ok "pthreads ($PRUNS runs, as native)"; else bad pthreads "$first"; fi
fi

# xz -T2 (xz-utils 5.4.1, built by xz.sh against the same sysroot): its
# compressed bytes (8 blocks over two threads) and its -T2 decompression
# must equal the native xz's of the same version
if [ $src -eq 0 ]; then
  xzonly=(--cached-only)
  [ "${THREADS_SYSROOT_BUILD:-0}" = 1 ] && xzonly=()
  xzw=$(bash "$here/xz.sh" "$sysroot" "${xzonly[@]}" 2>"$OUT/xz.err"); xrc=$?
  if [ $xrc -eq 2 ]; then
    echo "SKIP threads/xz-T2: $(tail -n 1 "$OUT/xz.err")"; skip=$((skip + 1))
  elif [ $xrc -ne 0 ]; then
    bad xz-T2 "xz.sh failed: $(tail -n 1 "$OUT/xz.err")"
  elif ! command -v xz >/dev/null || [ "$(xz --version | head -n 1)" != "xz (XZ Utils) 5.4.1" ]; then
    echo "SKIP threads/xz-T2: the native xz is not 5.4.1"; skip=$((skip + 1))
  elif ! "$WASMC" "${target[@]}" "$xzw" -o "$OUT/xz" 2>"$OUT/xz.err"; then
    bad xz-T2 "wasmc: $(head -n 1 "$OUT/xz.err")"
  else
    # 400 KB of words, deterministic
    awk 'BEGIN { srand(7); split("alpha beta gamma delta thread atomic wasm memory shared notify", w, " ");
                 for (i = 0; i < 45000; i++) printf "%s%d ", w[int(rand() * 10) + 1], int(rand() * 1000) }' > "$OUT/xz.in"
    xz -T2 --block-size=65536 -6 -c < "$OUT/xz.in" > "$OUT/xz.native.xz"
    if ! "${emu[@]}" "$OUT/xz" -T2 --block-size=65536 -6 -c < "$OUT/xz.in" > "$OUT/xz.wasmc.xz" 2>"$OUT/xz.err"; then
      bad xz-T2 "compression failed: $(head -n 1 "$OUT/xz.err")"
    elif ! cmp -s "$OUT/xz.native.xz" "$OUT/xz.wasmc.xz"; then
      bad xz-T2 "compressed output differs from the native xz -T2's"
    elif ! "${emu[@]}" "$OUT/xz" -T2 -dc < "$OUT/xz.native.xz" 2>"$OUT/xz.err" | cmp -s - "$OUT/xz.in"; then
      bad xz-T2 "-T2 decompression differs: $(head -n 1 "$OUT/xz.err")"
    else
      ok "xz-T2 (same bytes as native xz 5.4.1, both ways)"
    fi
  fi
else
  echo "SKIP threads/xz-T2: no wasm32-wasip1-threads sysroot"; skip=$((skip + 1))
fi
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
