#!/usr/bin/env bash
# Runs the lowering tests (tests/lowering/*.wat) and the trap tests
# (tests/traps/*.wat).
#
#   run.sh WASMC_BINARY OUTDIR   compile each module with wasmc at -O0 and -O2,
#                                run the executables, check the results
#   run.sh --node OUTDIR         run the same modules under Node's WASI (reference
#                                engine; validates the tests themselves)
#
# Lowering module x.wat:  PASS iff the program exits 0 and prints "ok <n> checks".
# Codegen checks (wasmc mode, -O2 only): a lowering module's header lines
#   ;; expect-asm-ARCH: FUNC MIN[-MAX] ERE   (ARCH: x86_64 or aarch64, the target's)
#   ;; expect-ir: FUNC MIN[-MAX] ERE
# disassemble the -O2 executable (llvm-objdump-19) or compile the module
# again with --emit=llvm-ir (the optimised IR), and count the lines of function FUNC
# (symbol wasm_FUNC) that match the extended regular expression ERE: the
# case fails unless the count is at least MIN (and at most MAX).  Like
# tests/programs' expect-vectorized: they check that an optimisation fires on
# its shape (docs/testing.md).  They describe the default compilation (guard
# pages): LOWERING_CODEGEN_CHECKS=0 leaves them out, for runs through a
# wrapper that adds flags such as --bounds-checks=explicit.
#   ;; expect-never-calls: SYMBOL
# runs the -O0 and -O2 executables once more under gdb with a breakpoint on
# SYMBOL (a runtime or library function): the case fails if it is hit, e.g.
# when a throw leaves the cached walk for libgcc's (runtime/src/wrt_unwind.c).
# Native runs only (not under WASMC_EMULATOR); without gdb it is skipped.
# Trap module x.wat:      PASS iff exit status 134, stderr is exactly the line
#                         "wasm trap: <expectation>" (first-line comment
#                         ";; expect-trap: <expectation>", or one of the
#                         ";; expect-trap-alt: ..." lines) followed by nothing
#                         but the backtrace's lines (docs/debugging.md), and
#                         stdout is "before".
#   --node: exit status 134 from node-run.mjs (a WebAssembly RuntimeError or a
#           stack-overflow RangeError) and stdout "before"; node's messages differ
#           from wasmc's, so stderr is not compared.
# Prints "PASS name" / "FAIL name (reason)" per case, then "N passed, N failed";
# exits 1 if any case failed.
#
# Environment: WAT2WASM (default wat2wasm), NODE (default node),
#              TIMEOUT seconds per compile/run (default 120), JOBS cases
#              at a time (default: the CPUs), LOWERING_OPTS the wasmc levels
#              (default "O0 O2"),
#              WASMC_TARGET (passed as --target to wasmc), WASMC_EMULATOR
#              (command prefix for the executables, e.g. "qemu-aarch64").
set -u

usage() { echo "usage: $0 WASMC_BINARY OUTDIR | $0 --node OUTDIR" >&2; exit 2; }
[ $# -eq 2 ] || usage

HERE=$(cd "$(dirname "$0")" && pwd)
TRAPS=$(cd "$HERE/../traps" && pwd)
WAT2WASM=${WAT2WASM:-wat2wasm}
NODE=${NODE:-node}
TIMEOUT=${TIMEOUT:-120}

if [ "$1" = --node ]; then
  MODE=node
  WASMC=
else
  MODE=wasmc
  WASMC=$1
  case $WASMC in */*) WASMC=$(cd "$(dirname "$WASMC")" && pwd)/$(basename "$WASMC") ;; esac
fi
OUT=$2
mkdir -p "$OUT" || exit 2
OUT=$(cd "$OUT" && pwd)

read -r -a EMU <<< "${WASMC_EMULATOR:-}"
TFLAG=()
[ -n "${WASMC_TARGET:-}" ] && TFLAG=("--target=$WASMC_TARGET")

# Cases run in parallel, up to JOBS (default: the CPUs) at a time; each
# prints its PASS/FAIL lines into its own file, printed in order at the end.
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1 ($2)"; }

# first line of a file, for failure reasons
first() { head -n 1 "$1" 2>/dev/null | cut -c1-200; }

# wat -> wasm; features used (multi-value, bulk memory, reference types,
# sign extension, saturating conversions) are on by default in wabt 1.0.32.
assemble() { # src.wat out.wasm
  "$WAT2WASM" --debug-names --enable-exceptions --enable-relaxed-simd --enable-tail-call --enable-multi-memory \
    --enable-memory64 "$1" -o "$2" 2>"$2.wat2wasm.log"
}

# relaxed_simd.wat prints which target's relaxed SIMD results it got
# ("relaxed choice: ARCH", docs/simd.md): it must be the target's
ARCH=${WASMC_TARGET:-$(uname -m)}
ARCH=${ARCH%%-*}

# compile with wasmc; sets $exe; returns non-zero (and reports) on failure
compile() { # case wasm opt exe
  rm -f "$4"
  timeout "$TIMEOUT" "$WASMC" "-$3" "${TFLAG[@]+"${TFLAG[@]}"}" "$2" -o "$4" >"$4.compile.log" 2>&1
  local rc=$?
  if [ $rc -ne 0 ]; then
    fail "$1" "wasmc -$3 exited $rc: $(first "$4.compile.log")"
    return 1
  fi
  if [ ! -x "$4" ]; then
    fail "$1" "wasmc -$3 produced no executable"
    return 1
  fi
}

# run a command with stdout/stderr captured in $base.stdout/$base.stderr; sets $rc
execute() { # base cmd...
  local base=$1
  shift
  (cd "$OUT" && timeout "$TIMEOUT" "$@" >"$base.stdout" 2>"$base.stderr" </dev/null)
  rc=$?
}

check_lowering() { # case base
  if [ $rc -eq 124 ]; then fail "$1" "timed out after ${TIMEOUT}s"; return; fi
  local fails
  fails=$(grep -c '^FAIL ' "$2.stdout")
  if [ $rc -ne 0 ]; then
    if [ "$fails" -gt 0 ]; then
      fail "$1" "exit status $rc, $fails failed checks, first: $(grep -m1 '^FAIL ' "$2.stdout")"
    else
      fail "$1" "exit status $rc: $(first "$2.stderr")"
    fi
    return
  fi
  if ! grep -Eq '^ok [0-9]+ checks$' "$2.stdout"; then
    fail "$1" "no 'ok <n> checks' line on stdout"
    return
  fi
  case $1 in lowering/relaxed_simd\ *)
    if ! grep -qx "relaxed choice: $ARCH" "$2.stdout"; then
      fail "$1" "not the $ARCH results: $(grep -m1 '^relaxed choice' "$2.stdout")"
      return
    fi ;;
  esac
  pass "$1"
}

# the lines of function FUNC in a disassembly (llvm-objdump -d) or an IR file
func_lines() { # kind(asm|ir) file func
  if [ "$1" = asm ]; then
    awk -v f="$3" '$0 ~ "^[0-9a-f]+ <([^>]*\\.)?wasm_" f ">:$" {p = 1; next} p && /^$/ {p = 0} p' "$2"
  else
    awk -v f="$3" '$0 ~ "^define .*@wasm_" f "\\(" {p = 1; next} p && /^}/ {p = 0} p' "$2"
  fi
}

# codegen checks of a lowering module (header above); prints nothing and
# returns 0 when they pass, else the reason
check_codegen() { # src.wat wasm exe
  local kind line func range re n lo hi file
  for kind in "asm-$ARCH" ir; do
    grep -q "^;; expect-$kind: " "$1" || continue
    if [ "$kind" = ir ]; then
      file=$3.ll
      timeout "$TIMEOUT" "$WASMC" -O2 "${TFLAG[@]+"${TFLAG[@]}"}" --emit=llvm-ir "$2" -o "$file" >/dev/null 2>&1 ||
        { echo "wasmc --emit=llvm-ir failed"; return 1; }
    else # the executable under test itself (Segue is for executables only)
      file=$3.dis
      llvm-objdump-19 -d --no-show-raw-insn "$3" > "$file" 2>/dev/null || { echo "llvm-objdump-19 failed"; return 1; }
    fi
    while read -r func range re; do
      lo=${range%-*}; hi=${range#*-}; [ "$hi" = "$range" ] && hi=
      n=$(func_lines "${kind%%-*}" "$file" "$func" | grep -cE -- "$re")
      if [ "$n" -lt "$lo" ] || { [ -n "$hi" ] && [ "$n" -gt "$hi" ]; }; then
        echo "expect-$kind: $func has $n lines matching '$re', expected $range (see $file)"
        return 1
      fi
    done < <(sed -n "s/^;; expect-$kind: //p" "$1")
  done
}

# expect-never-calls (header above): prints nothing and returns 0 when no
# such function is called, else the reason; prints SKIP lines on its own
check_never_calls() { # case src.wat exe
  local sym log
  grep -q '^;; expect-never-calls: ' "$2" || return 0
  if [ -n "${WASMC_EMULATOR:-}" ]; then echo "SKIP $1 expect-never-calls (under an emulator)" >&2; return 0; fi
  if ! command -v gdb > /dev/null; then echo "SKIP $1 expect-never-calls (no gdb)" >&2; return 0; fi
  while read -r sym; do
    log=$3.never-$sym.gdb
    # LeakSanitizer cannot run under ptrace (the asan build of run 'e')
    (cd "$OUT" && ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 timeout "$TIMEOUT" gdb -nx -batch -ex "break $sym" -ex run -ex bt --args "$3" \
      > "$log" 2>&1 < /dev/null)
    grep -q '^Breakpoint 1 at ' "$log" || { echo "gdb set no breakpoint on $sym (see $log)"; return 1; }
    if grep -qE '^(.* hit )?Breakpoint 1, ' "$log"; then echo "$sym was called (see $log)"; return 1; fi
    grep -q 'exited normally\]' "$log" || { echo "under gdb the program did not exit 0 (see $log)"; return 1; }
  done < <(sed -n 's/^;; expect-never-calls: //p' "$2")
}

check_trap() { # case base src.wat
  if [ $rc -eq 124 ]; then fail "$1" "timed out after ${TIMEOUT}s"; return; fi
  if [ $rc -ne 134 ]; then
    fail "$1" "exit status $rc, expected 134; stderr: $(first "$2.stderr")"
    return
  fi
  if ! printf 'before\n' | cmp -s - "$2.stdout"; then
    fail "$1" "stdout is not exactly 'before': $(head -c 100 "$2.stdout" | tr '\n' '|')"
    return
  fi
  [ "$MODE" = node ] && { pass "$1"; return; }
  # the trap line, then only the backtrace (docs/debugging.md)
  if tail -n +2 "$2.stderr" | grep -qvE '^(wasm backtrace \(innermost first\):|  #[0-9]+ |  \.\.\. [0-9]+ more frames)'; then
    fail "$1" "stderr has more than the trap line and a backtrace: $(head -c 300 "$2.stderr" | tr '\n' '|')"
    return
  fi
  head -n 1 "$2.stderr" > "$2.stderr1"
  local exp ok=0
  while IFS= read -r exp; do
    if printf 'wasm trap: %s\n' "$exp" | cmp -s - "$2.stderr1"; then ok=1; break; fi
    # Faults caught by the signal handler or inside a runtime call are named
    # after the function whose machine code contains them: at -O1+ that is
    # the caller (_start here) when the helper was inlined (docs/runtime.md).
    case "$1" in *-O0) ;; *)
      if printf 'wasm trap: %s\n' "${exp% in function *} in function _start" | cmp -s - "$2.stderr1"; then ok=1; break; fi ;;
    esac
  done < <(sed -n -e 's/^;; expect-trap: //p' -e 's/^;; expect-trap-alt: //p' "$3")
  if [ $ok -ne 1 ]; then
    fail "$1" "stderr '$(head -c 300 "$2.stderr" | tr '\n' '|')', expected 'wasm trap: $(sed -n 's/^;; expect-trap: //p' "$3")'"
    return
  fi
  pass "$1"
}

run_case() { # kind src
  local kind=$1 src=$2 name wasm exe opt case
    name=$(basename "$src" .wat)
    wasm=$OUT/$kind-$name.wasm
    if [ "$kind" = traps ] && ! head -n 1 "$src" | grep -q '^;; expect-trap: '; then
      fail "$kind/$name" "first line is not ';; expect-trap: ...'"
      return
    fi
    if ! assemble "$src" "$wasm"; then
      fail "$kind/$name" "wat2wasm failed: $(first "$wasm.wat2wasm.log")"
      return
    fi
    if [ "$MODE" = node ] && grep -q '^;; node: skip' "$src"; then
      echo "SKIP $kind/$name (node): $(sed -n 's/^;; node: skip //p' "$src" | head -n 1)"
      return
    fi
    if [ "$MODE" = node ]; then
      case="$kind/$name (node)"
      # V8 picks its own relaxed SIMD results (FMA where the CPU has it)
      [ "$name" = relaxed_simd ] && { echo "SKIP $case (relaxed SIMD results are the engine's choice)"; return; }
      execute "$kind-$name-node" "$NODE" --no-warnings "$HERE/node-run.mjs" "$wasm"
      if [ "$kind" = traps ]; then check_trap "$case" "$OUT/$kind-$name-node" "$src"
      else check_lowering "$case" "$OUT/$kind-$name-node"; fi
      return
    fi
    for opt in ${LOWERING_OPTS:-O0 O2}; do
      case="$kind/$name -$opt"
      exe=$OUT/$kind-$name-$opt
      compile "$case" "$wasm" "$opt" "$exe" || continue
      if [ "$kind" = lowering ] && [ "$opt" = O2 ] && [ "${LOWERING_CODEGEN_CHECKS:-1}" = 1 ]; then
        local why
        why=$(check_codegen "$src" "$wasm" "$exe") || { fail "$case" "$why"; continue; }
      fi
      execute "$kind-$name-$opt" "${EMU[@]+"${EMU[@]}"}" "$exe"
      if [ "$kind" = traps ]; then check_trap "$case" "$exe" "$src"
      else
        local why
        why=$(check_never_calls "$case" "$src" "$exe") || { fail "$case" "$why"; continue; }
        check_lowering "$case" "$exe"
      fi
    done
}

RES=$OUT/.results
rm -rf "$RES"; mkdir -p "$RES"
n=0
for kd in "lowering:$HERE" "traps:$TRAPS"; do
  for src in "${kd#*:}"/*.wat; do
    [ -e "$src" ] || continue
    # LOWERING_CASES: an extended regular expression on KIND/NAME (lowering/memory,
    # traps/load_oob, ...); only the cases it matches run
    [ -n "${LOWERING_CASES:-}" ] && ! grep -qxE "$LOWERING_CASES" <<< "${kd%%:*}/$(basename "$src" .wat)" && continue
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
    n=$((n + 1))
    run_case "${kd%%:*}" "$src" > "$RES/$(printf '%05d' $n)" 2>&1 &
  done
done
wait
cat "$RES"/* 2>/dev/null
npass=$(cat "$RES"/* 2>/dev/null | grep -c '^PASS ')
nfail=$(cat "$RES"/* 2>/dev/null | grep -c '^FAIL ')
echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
