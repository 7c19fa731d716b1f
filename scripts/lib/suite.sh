# scripts/lib/suite.sh — the common start of a suite runner "run.sh WASMC
# OUTDIR": source it after `set -uo pipefail`.  It sets
#   WASMC   absolute path of the wasmc to test ($1)
#   OUT     absolute output directory ($2, created)
#   EMU     array: the command that runs the target's executables
#           (WASMC_EMULATOR, e.g. qemu-aarch64; empty for the host)
#   TFLAG   array: --target=$WASMC_TARGET, or empty
# and defines rec PASS|FAIL TEXT, which prints the line and counts it in
# $pass / $failn (the runner ends with: echo "$pass passed, $failn failed").
# New suites use it (tests/limits); older ones still spell it out.
WASMC=${1:?usage: run.sh WASMC OUTDIR}
OUT=${2:?usage: run.sh WASMC OUTDIR}
case $WASMC in */*) WASMC=$(cd "$(dirname "$WASMC")" && pwd)/$(basename "$WASMC") ;; esac
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
read -r -a EMU <<< "${WASMC_EMULATOR:-}"
TFLAG=()
[ -n "${WASMC_TARGET:-}" ] && TFLAG=("--target=$WASMC_TARGET")
pass=0 failn=0
rec() { echo "$1 $2"; if [ "$1" = PASS ]; then pass=$((pass + 1)); else failn=$((failn + 1)); fi; }

# exe NAME MODULE WASMC-FLAGS...: compile $OUT/MODULE.wasm (-O2 unless the
# flags say otherwise; the target of WASMC_TARGET; a private compile cache,
# $OUT/cache, shared by the suite) to $OUT/NAME; one PASS/FAIL record.
# EXE_TIMEOUT: seconds per compile (default 300).
exe() {
  local name=$1 mod=$2; shift 2
  rm -f "$OUT/$name"
  if timeout "${EXE_TIMEOUT:-300}" "$WASMC" -O2 --cache-dir "$OUT/cache" "${TFLAG[@]+"${TFLAG[@]}"}" "$@" \
       "$OUT/$mod.wasm" -o "$OUT/$name" > "$OUT/$name.compile.log" 2>&1; then rec PASS "compile $name ($mod $*)"
  else rec FAIL "compile $name ($mod $*): $(head -1 "$OUT/$name.compile.log")"; fi
}

# compile_refused FLAGS REGEX MODULE: `wasmc $OUT/MODULE.wasm FLAGS` must
# exit 1 with one stderr line matching "^wasmc: error: bad REGEX", print
# nothing on stdout and leave no output file.
compile_refused() {
  local flags=$1 re=$2 mod=$3 args cst
  read -r -a args <<< "$flags"
  rm -f "$OUT/bad.exe"
  "$WASMC" "${TFLAG[@]+"${TFLAG[@]}"}" "$OUT/$mod.wasm" -o "$OUT/bad.exe" "${args[@]}" > "$OUT/bad.out" 2> "$OUT/bad.err"
  cst=$?
  if [ "$cst" = 1 ] && [ ! -e "$OUT/bad.exe" ] && [ ! -s "$OUT/bad.out" ] && [ "$(wc -l < "$OUT/bad.err")" = 1 ] &&
     grep -Eq -- "^wasmc: error: bad $re" "$OUT/bad.err"; then
    rec PASS "compile time: wasmc $flags is refused"
  else
    rec FAIL "compile time: wasmc $flags: status $cst, output $([ -e "$OUT/bad.exe" ] && echo left || echo none), stderr '$(head -2 "$OUT/bad.err" | tr '\n' ' ')'"
  fi
}
