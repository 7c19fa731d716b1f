#!/bin/bash
# scripts/test.sh — set up, build, and run every test suite of wasmc:
#   (a) ctest unit tests (build/)            (b) tests/lowering, tests/malformed,
#                                                tests/embed (generated code in a host
#                                                program: nested catch frames),
#                                                tests/spec (WebAssembly spec testsuite),
#                                                tests/edge, tests/scale (huge counts),
#                                                tests/determinism (-j, partitions),
#                                                tests/install (cmake --install, .deb),
#                                                tests/wasi, tests/sandbox, tests/limits
#                                                (--max-memory etc.; time.sh: --timeout,
#                                                --fuel), tests/fuzz (path
#                                                resolver; compiler: differential),
#                                                tests/box (wasmc --box: overlay, Lua,
#                                                SQLite, corruption; --oci images),
#                                                tests/build (wasmc build: Dockerfile
#                                                syntax, examples/ vs node, errors)
#   (c) tests/programs (C vs native; Go vs Node)         (d) tests/real (Lua, SQLite)
#   (e) ASan+UBSan build (build-asan/): (a), (b) and a subset of (c) again
#   (f) AArch64 on an x86-64 host: wasmc --target=aarch64-linux-gnu, every
#       executable run under qemu-user (qemu-aarch64): unit tests, lowering +
#       traps, far calls, limits, (c) with Go, (d) with a smaller speedtest1, the spec core
#       files; outputs compared with the native x86-64 results (docs/targets.md)
#   (g) the other C library: (a)-(d) run with the default, musl; here glibc
#       (x86_64-linux-gnu): lowering + traps, (c) and the time limits, at -O2;
#       aarch64-linux-musl (Debian's musl-dev:arm64; (f) is glibc) under qemu:
#       lowering + traps at -O2
# Prints a summary and, last, exactly "N passed, N failed, N skipped";
# exits non-zero if anything failed.  Results: $WASMC_TEST_OUT (default
# build/test-results).  WASMC_TEST_ENGINE=node runs (c)/(d) on the Node shim.
# TEST_SKIP_SANITIZE=1 skips (e); TEST_SKIP_REAL=1 skips (d) (and (d) in (f));
# TEST_SKIP_AARCH64=1 skips (f); AARCH64_SPEEDTEST_SIZE (default 8),
# AARCH64_EDGE_OPTS (default "0 2"), AARCH64_PROGRAMS_COMBOS (default
# "O2:O2"), AARCH64_GO_LEVELS (default "O0"); TEST_SKIP_MUSL=1 skips (g).  Fuzzers: FUZZ_SECONDS (15),
# FUZZ_DIFF_SEEDS (0:250), FUZZ_MUTATE_SEEDS (0:750, under ASan); longer runs:
# tests/fuzz/compiler.sh and tests/fuzz/run.sh by hand.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)
BUILD=${WASMC_BUILD_DIR:-build}
ASAN=${WASMC_ASAN_BUILD_DIR:-build-asan}
case $BUILD in /*) ;; *) BUILD="$repo/$BUILD" ;; esac
case $ASAN in /*) ;; *) ASAN="$repo/$ASAN" ;; esac
OUT=${WASMC_TEST_OUT:-$BUILD/test-results}
export JOBS=${JOBS:-$(nproc)}

P=0 F=0 S=0
summary=()
add() { # suite passed failed skipped seconds
  P=$((P + $2)); F=$((F + $3)); S=$((S + $4))
  summary+=("$(printf '%-34s %4d passed %4d failed %3d skipped %5ds' "$1" "$2" "$3" "$4" "$5")")
}
hr() { echo; echo "=== $* ==="; }
now() { date +%s; }

# Runs a suite script whose last line is "N passed, N failed[, N skipped]".
run_suite() { # label log cmd...
  local label=$1 log=$2; shift 2
  local t0; t0=$(now)
  "$@" 2>&1 | tee "$log" | grep -E '^(FAIL|SKIP)|^    ' | head -200
  local last; last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  if [ -z "$last" ]; then
    echo "$label: no summary line (crashed?); last lines:"; tail -5 "$log"
    add "$label" 0 1 0 $(( $(now) - t0 )); return
  fi
  local p f s
  p=$(sed -E 's/^([0-9]+) passed.*/\1/' <<< "$last")
  f=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<< "$last")
  s=$(sed -nE 's/.*, ([0-9]+) skipped.*/\1/p' <<< "$last"); s=${s:-0}
  echo "$label: $last"
  add "$label" "$p" "$f" "$s" $(( $(now) - t0 ))
}

run_ctest() { # label builddir [tag ctest-args...]
  local label=$1 dir=$2 tag=${3:-} t0; t0=$(now)
  shift 2; [ $# -gt 0 ] && shift
  local log="$OUT/$(basename "$dir")-ctest${tag:+-$tag}.log"
  if [ ! -f "$dir/CTestTestfile.cmake" ]; then
    echo "$label: $dir not configured"; add "$label" 0 1 0 0; return
  fi
  (cd "$dir" && ctest --output-on-failure -j"$JOBS" --timeout 300 "$@") > "$log" 2>&1
  local line; line=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -1)
  if grep -q "No tests were found" "$log"; then
    echo "$label: no unit tests yet"; add "$label" 0 0 0 $(( $(now) - t0 )); return
  fi
  if [ -z "$line" ]; then
    echo "$label: ctest produced no summary"; tail -20 "$log"; add "$label" 0 1 0 $(( $(now) - t0 )); return
  fi
  local failed total
  failed=$(sed -E 's/.*tests passed, ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<< "$line")
  total=$(sed -E 's/.*tests failed out of ([0-9]+).*/\1/' <<< "$line")
  grep -E '^\s*[0-9]+ - |Failed|\*\*\*' "$log" | grep -v Passed | head -30
  echo "$label: $line"
  add "$label" $((total - failed)) "$failed" 0 $(( $(now) - t0 ))
}

run_external() { # label script wasmc outdir [script args...]
  local label=$1 script=$2 wasmc=$3 out=$4
  shift 4
  if [ ! -f "$script" ]; then
    echo "$label: SKIP: $script does not exist yet"
    add "$label (missing)" 0 0 1 0; return
  fi
  mkdir -p "$out"
  run_suite "$label" "$out.log" bash "$script" "$wasmc" "$out" "$@"
}

# The spec runner's line per proposal (tests/spec/run.py: "PROPOSAL NAME:
# P/T passed (wabt 1.0.32: W/T) PASS|FAIL|SKIP"), shown under its suite's
# summary line; counted once, by the suite's own last line.
proposal_lines() { # log
  local l
  while IFS= read -r l; do summary+=("    ${l#PROPOSAL }"); done < <(grep '^PROPOSAL ' "$1" 2>/dev/null)
}

T0=$(now)
hr "setup"
bash scripts/setup.sh || { echo "setup failed"; add setup 0 1 0 0; }
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)

hr "build ($BUILD)"
t=$(now)
if bash scripts/build.sh > "$OUT/build.log" 2>&1; then add "build" 1 0 0 $(( $(now) - t )); else
  tail -30 "$OUT/build.log"; add "build" 0 1 0 $(( $(now) - t )); fi
WASMC="$BUILD/wasmc"

hr "(a) unit tests"
run_ctest "(a) ctest" "$BUILD" "" -LE cross

hr "(b) lowering + malformed"
run_external "(b) tests/lowering" tests/lowering/run.sh "$WASMC" "$OUT/lowering"
run_external "(b) tests/malformed" tests/malformed/run.sh "$WASMC" "$OUT/malformed"
run_external "(b) tests/embed (catch frames nested through a host import)" tests/embed/run.sh "$WASMC" "$OUT/embed"
# the same lowering and trap tests with explicit bounds checks instead of guard pages
mkdir -p "$OUT"
printf '#!/bin/sh\nexec "%s" --bounds-checks=explicit "$@"\n' "$WASMC" > "$OUT/wasmc-explicit"
chmod +x "$OUT/wasmc-explicit"
# (the codegen checks describe guard-page addressing: not with this wrapper)
LOWERING_CODEGEN_CHECKS=0 run_external "(b) tests/lowering (explicit bounds)" tests/lowering/run.sh "$OUT/wasmc-explicit" "$OUT/lowering-explicit"
run_external "(b) tests/targets (x86-64 segue, swizzle)" tests/targets/run.sh "$WASMC" "$OUT/targets" segue swizzle
run_external "(b) tests/edge (edge-case matrix)" tests/edge/run.sh "$WASMC" "$OUT/edge"
run_external "(b) tests/scale (100,000 segments)" tests/scale/run.sh "$WASMC" "$OUT/scale"
FUZZ_DIFF_SEEDS=${FUZZ_DIFF_SEEDS:-0:250} run_external "(b) tests/fuzz/compiler.sh diff" tests/fuzz/compiler.sh "$WASMC" \
  "$OUT/fuzz-compiler" diff

hr "(b) spec testsuite (core, core(simd) and the proposals of tests/spec/run.py DEFAULT_PROPOSALS)"
run_external "(b) tests/spec" tests/spec/run.sh "$WASMC" "$OUT/spec"
proposal_lines "$OUT/spec.log"
# the loop, branch, call and exception files with --interruptible, -O0 and
# -O2: the interruption checks placed after optimisation (compiler/
# emit_limits.c) on every loop shape they have, the IR verified after them
for lvl in O0 O2; do
  run_external "(b) tests/spec, --interruptible -$lvl (loops, calls, exceptions)" tests/spec/run.sh "$WASMC" \
    "$OUT/spec-interruptible-$lvl" --wasmc-flag=--interruptible --wasmc-flag=-$lvl loop br br_table block labels \
    switch fac call call_indirect return_call return_call_indirect if left-to-right local_tee try_catch \
    try_delegate rethrow throw
done
# modules cut into partitions of about one function (compiler/partition.c):
# cross-partition calls, copies for the inliner, the relocatable join
run_external "(b) tests/spec, partitioned (--partition-size=64)" tests/spec/run.sh "$WASMC" "$OUT/spec-partitioned" \
  --wasmc-flag=--partition-size=64 address call call_indirect elem exports func global imports linking \
  memory_grow start table_copy traps return_call return_call_indirect
hr "(b) determinism (-j, partition schedule, working directory)"
run_external "(b) tests/determinism" tests/determinism/run.sh "$WASMC" "$OUT/determinism"
hr "(b) install (plain cmake build with the default CC, cmake --install, the .deb, no build tree)"
# its own build (not $BUILD, which it would move aside while it runs)
run_suite "(b) tests/install" "$OUT/install.log" env -u WASMC_BUILD_DIR bash tests/install/run.sh "$OUT/install"

hr "(b) WASI preview1 programs, sandbox attacks, resource limits, resolver fuzzer (FUZZ_SECONDS, default 15)"
run_external "(b) tests/wasi" tests/wasi/run.sh "$WASMC" "$OUT/wasi"
run_external "(b) tests/sandbox" tests/sandbox/run.sh "$WASMC" "$OUT/sandbox"
run_external "(b) tests/limits (--max-memory, --max-table-elements)" tests/limits/run.sh "$WASMC" "$OUT/limits"
run_external "(b) tests/debug (names, backtraces, -g, gdb)" tests/debug/run.sh "$WASMC" "$OUT/debug"
run_external "(b) tests/limits/time.sh (--timeout, --fuel, --interruptible)" tests/limits/time.sh "$WASMC" "$OUT/limits-time"
run_external "(b) tests/threads (wasi-threads, 100 stress runs)" tests/threads/run.sh "$WASMC" "$OUT/threads"
FUZZ_SECONDS=${FUZZ_SECONDS:-15} run_external "(b) tests/fuzz (path resolver)" tests/fuzz/run.sh "$WASMC" "$OUT/fuzz"

hr "(b) boxed executables (wasmc --box) and OCI images (--oci: skopeo + umoci, empty chroot)"
run_external "(b) tests/box (--box)" tests/box/run.sh "$WASMC" "$OUT/box"
run_external "(b) tests/box/oci.sh" tests/box/oci.sh "$WASMC" "$OUT/box-oci"
run_external "(b) tests/build (wasmc build: Dockerfile syntax, examples/ vs node, OCI in a chroot, errors)" \
  tests/build/run.sh "$WASMC" "$OUT/build"

hr "(c) tests/programs"
run_suite "(c) tests/programs" "$OUT/programs.log" bash tests/programs/run.sh "$WASMC" "$OUT/programs"
run_suite "(c) tests/programs/go (Go 1.24, wasip1)" "$OUT/programs-go.log" bash tests/programs/go/run.sh "$WASMC" "$OUT/programs-go"

hr "(d) tests/real"
if [ "${TEST_SKIP_REAL:-0}" = 1 ]; then add "(d) tests/real (TEST_SKIP_REAL)" 0 0 1 0
else run_suite "(d) tests/real" "$OUT/real.log" bash tests/real/run.sh "$WASMC" "$OUT/real"; fi

hr "(e) ASan+UBSan ($ASAN)"
if [ "${TEST_SKIP_SANITIZE:-0}" = 1 ]; then add "(e) sanitize (TEST_SKIP_SANITIZE)" 0 0 1 0
else
  t=$(now)
  if bash scripts/build.sh --sanitize > "$OUT/build-asan.log" 2>&1; then
    add "(e) build --sanitize" 1 0 0 $(( $(now) - t ))
    AWASMC="$ASAN/wasmc"
    run_ctest "(e) ctest (asan)" "$ASAN"
    # -O2: the whole pass pipeline and code generation run under the sanitizers
    LOWERING_OPTS=O2 run_external "(e) tests/lowering (asan, -O2)" tests/lowering/run.sh "$AWASMC" "$OUT/asan-lowering"
    run_external "(e) tests/malformed (asan)" tests/malformed/run.sh "$AWASMC" "$OUT/asan-malformed"
    BOX_OPT=-O0 TEST_SKIP_AARCH64=1 run_external "(e) tests/box (asan, -O0)" tests/box/run.sh "$AWASMC" "$OUT/asan-box"
    FUZZ_MUTATE_SEEDS=${FUZZ_MUTATE_SEEDS:-0:750} run_external "(e) tests/fuzz/compiler.sh mutate (asan)" \
      tests/fuzz/compiler.sh "$AWASMC" "$OUT/asan-fuzz" mutate
    PROGRAMS_COMBOS="O0:O0 O2:O2" run_suite "(e) tests/programs subset (asan)" "$OUT/asan-programs.log" \
      bash tests/programs/run.sh "$AWASMC" "$OUT/asan-programs" \
      hello printf_formats fileio argv_env callbacks int64 interp bigmalloc trap_div0 trap_oob trap_null_fp trap_stack
  else
    tail -30 "$OUT/build-asan.log"; add "(e) build --sanitize" 0 1 0 $(( $(now) - t ))
  fi
fi

hr "(f) AArch64 (cross-compiled, run under qemu-user)"
if [ "${TEST_SKIP_AARCH64:-0}" = 1 ]; then add "(f) aarch64 (TEST_SKIP_AARCH64)" 0 0 1 0
elif [ "$(uname -m)" = aarch64 ]; then
  echo "(f): the host is AArch64: sections (a)-(e) already ran AArch64 code natively"
  add "(f) aarch64 (native host: see (a)-(e))" 0 0 1 0
elif ! command -v qemu-aarch64 > /dev/null; then
  echo "(f): qemu-aarch64 not found (scripts/setup.sh installs qemu-user)"; add "(f) aarch64 (no qemu-aarch64)" 0 1 0 0
elif [ ! -f "$BUILD/aarch64-linux-gnu/libwasmc_rt.a" ]; then
  echo "(f): $BUILD/aarch64-linux-gnu/libwasmc_rt.a was not built (see $OUT/build.log)"; add "(f) aarch64 runtime" 0 1 0 0
else
  tf=$(now)
  export WASMC_TARGET=aarch64-linux-gnu WASMC_EMULATOR=qemu-aarch64
  run_ctest "(f) ctest (aarch64, qemu)" "$BUILD" aarch64 -L cross
  run_external "(f) tests/lowering (aarch64)" tests/lowering/run.sh "$WASMC" "$OUT/aarch64-lowering"
  run_external "(f) tests/targets (aarch64)" tests/targets/run.sh "$WASMC" "$OUT/aarch64-targets" far_calls cpu_optin
  EDGE_OPTS=${AARCH64_EDGE_OPTS:-0 2} run_external "(f) tests/edge (aarch64, -O0 and -O2)" tests/edge/run.sh "$WASMC" \
    "$OUT/aarch64-edge"
  run_external "(f) tests/limits (aarch64)" tests/limits/run.sh "$WASMC" "$OUT/aarch64-limits"
  run_external "(f) tests/embed (aarch64)" tests/embed/run.sh "$WASMC" "$OUT/aarch64-embed"
  run_external "(f) tests/debug (aarch64)" tests/debug/run.sh "$WASMC" "$OUT/aarch64-debug"
  run_external "(f) tests/limits/time.sh (aarch64)" tests/limits/time.sh "$WASMC" "$OUT/aarch64-limits-time"
  THREADS_RUNS=${AARCH64_THREADS_RUNS:-10} PTHREADS_RUNS=${AARCH64_PTHREADS_RUNS:-2} EXIT_RACE_RUNS=${AARCH64_EXIT_RACE_RUNS:-10} run_external "(f) tests/threads (aarch64)" tests/threads/run.sh "$WASMC" "$OUT/aarch64-threads"
  FUZZ_DIFF_SEEDS=${AARCH64_FUZZ_DIFF_SEEDS:-0:80} run_external "(f) tests/fuzz/compiler.sh diff (aarch64)" \
    tests/fuzz/compiler.sh "$WASMC" "$OUT/aarch64-fuzz" diff
  PROGRAMS_COMBOS=${AARCH64_PROGRAMS_COMBOS:-O2:O2} run_suite "(f) tests/programs (aarch64, O2:O2)" \
    "$OUT/aarch64-programs.log" bash tests/programs/run.sh "$WASMC" "$OUT/aarch64-programs"
  # Go at -O0 only under qemu: -O2 of the two 3 MB modules is ~75 s of CPU
  # (x86-64's (c) runs both levels; AArch64 -O2 code is covered by the rest of (f))
  GO_LEVELS=${AARCH64_GO_LEVELS:-O0} run_suite "(f) tests/programs/go (aarch64, -O0)" "$OUT/aarch64-programs-go.log" \
    bash tests/programs/go/run.sh "$WASMC" "$OUT/aarch64-programs-go"
  if [ "${TEST_SKIP_REAL:-0}" = 1 ]; then add "(f) tests/real (TEST_SKIP_REAL)" 0 0 1 0
  else SPEEDTEST_SIZE=${AARCH64_SPEEDTEST_SIZE:-8} run_suite "(f) tests/real (aarch64)" "$OUT/aarch64-real.log" \
    bash tests/real/run.sh "$WASMC" "$OUT/aarch64-real"; fi
  run_external "(f) tests/spec (aarch64)" tests/spec/run.sh "$WASMC" "$OUT/aarch64-spec"
  proposal_lines "$OUT/aarch64-spec.log"
  unset WASMC_TARGET WASMC_EMULATOR
  summary+=("$(printf '%-34s %50ds' "(f) AArch64 section, total" $(( $(now) - tf )))")
fi

# (g) the other C library.  The sections above use wasmc's default, musl
# (x86_64-linux-musl, Debian's musl-dev; docs/cli.md "C library"); here the
# glibc runtime: lowering + traps and the C programs, compared with the
# native results, and the time limits
if [ "${TEST_SKIP_MUSL:-0}" = 1 ]; then add "(g) other C library (TEST_SKIP_MUSL)" 0 0 1 0
elif [ "$(uname -m)" != x86_64 ]; then add "(g) other C library (x86-64 hosts only)" 0 0 1 0
elif [ ! -f "$BUILD/x86_64-linux-musl/libwasmc_rt.a" ]; then
  echo "(g): $BUILD/x86_64-linux-musl/libwasmc_rt.a was not built (musl-dev missing? see $OUT/build.log)"
  add "(g) musl runtime (the default C library)" 0 1 0 0
elif ! "$WASMC" --version | grep -q '^default target: x86_64-linux-musl '; then
  "$WASMC" --version | sed 's/^/(g): /'
  add "(g) musl is the default C library" 0 1 0 0
else
  hr "(g) the other C library: --libc=glibc (x86_64-linux-gnu)"
  export WASMC_TARGET=x86_64-linux-gnu
  # the C library is what differs: one optimisation level (-O2) is enough, and
  # the cases that reach it (memory reservations and growth, memcpy/memset of
  # bulk memory and the libc fast paths, table growth, the unwinder of
  # exceptions, every trap's signal handling and message); the arithmetic,
  # SIMD and control-flow cases test code generation, the same for both
  MUSL_CASES='lowering/(bulk_memory|exceptions|globals|libc_memfns|memory|multi_memory|start|tables|tail_calls)|traps/.*'
  LOWERING_OPTS=O2 LOWERING_CASES=$MUSL_CASES run_external "(g) tests/lowering (glibc, -O2, C-library cases)" \
    tests/lowering/run.sh "$WASMC" "$OUT/glibc-lowering"
  PROGRAMS_COMBOS="O2:O2" run_suite "(g) tests/programs (glibc, O2:O2)" "$OUT/glibc-programs.log" \
    bash tests/programs/run.sh "$WASMC" "$OUT/glibc-programs"
  # the timer thread, signals and EINTR are the C library's too
  run_external "(g) tests/limits/time.sh (glibc)" tests/limits/time.sh "$WASMC" "$OUT/glibc-limits-time"
  unset WASMC_TARGET
  # AArch64 with musl (musl-dev:arm64 fetched by scripts/setup.sh): lowering +
  # traps at -O2 under qemu (musl's signals, libgcc_eh's unwinding of wasm
  # exceptions and backtraces)
  if [ "${TEST_SKIP_AARCH64:-0}" = 1 ]; then add "(g) aarch64 musl (TEST_SKIP_AARCH64)" 0 0 1 0
  elif [ ! -f "$BUILD/aarch64-linux-musl/libwasmc_rt.a" ]; then
    echo "(g): $BUILD/aarch64-linux-musl/libwasmc_rt.a was not built (musl-dev:arm64 not fetched? see $OUT/build.log)"
    add "(g) aarch64 musl runtime" 0 1 0 0
  elif ! command -v qemu-aarch64 > /dev/null; then add "(g) aarch64 musl (no qemu-aarch64)" 0 1 0 0
  else
    export WASMC_TARGET=aarch64-linux-musl WASMC_EMULATOR=qemu-aarch64
    LOWERING_OPTS=O2 LOWERING_CASES=$MUSL_CASES run_external "(g) tests/lowering (aarch64 musl, -O2, C-library cases)" \
      tests/lowering/run.sh "$WASMC" "$OUT/musl-aarch64-lowering"
    unset WASMC_TARGET WASMC_EMULATOR
  fi
fi

hr "summary (results in $OUT)"
printf '%s\n' "${summary[@]}"
echo "total time: $(( $(now) - T0 ))s"
echo "$P passed, $F failed, $S skipped"
[ "$F" -eq 0 ]
