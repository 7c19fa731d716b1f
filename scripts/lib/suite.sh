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
