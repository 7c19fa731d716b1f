#!/usr/bin/env bash
# tests/spec/run.sh WASMC OUTDIR [run.py options and files...]
# The spec testsuite in the calling convention of scripts/test.sh: WASMC is
# the compiler binary, libwasmc_rt.a is taken from the same build directory,
# OUTDIR is the work directory.  Last line: "N passed, N failed, N skipped".
set -u
[ $# -ge 2 ] || { echo "usage: $0 WASMC OUTDIR [run.py args...]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
wasmc=$1 out=$2
shift 2
# With WASMC_TARGET set (a cross target, see run.py --target), the library is
# that target's: <build>/<triple>/libwasmc_rt.a.
rtlib="$(dirname "$wasmc")/libwasmc_rt.a"
if [ -n "${WASMC_TARGET:-}" ] && [ -f "$(dirname "$wasmc")/$WASMC_TARGET/libwasmc_rt.a" ]; then
  rtlib="$(dirname "$wasmc")/$WASMC_TARGET/libwasmc_rt.a"
fi
exec python3 "$here/run.py" --wasmc "$wasmc" --rtlib "$rtlib" \
  --work "$out" "$@"
