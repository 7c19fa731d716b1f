#!/bin/bash
# bench/run.sh [--quick] [--runs N] [--only REGEX] [--engines LIST] [--wasmc PATH]
#
# The one command of the benchmark suite: builds wasmc (into build-bench/,
# unless --wasmc is given), fetches and builds every workload natively and to
# wasm32-wasi (bench/build.sh, cached in ~/.cache/wasmc/bench), prepares the
# engines, runs everything interleaved and writes the results table (markdown +
# CSV) and PNG charts into docs/benchmarks/.  See docs/benchmarks/README.md.
#
#   --quick        smoke test: small sizes, 2 runs (a few minutes)
#   --runs N       timed runs per (workload, engine) (default 5)
#   --only REGEX   only workloads whose name matches
#   --engines L    comma-separated subset of native,native-musl,wasmc,wasmc-glibc,
#                  wasmc-explicit,node,wasm2c (native is always run)
#   --wasmc PATH   use this wasmc (its directory must hold libwasmc_rt.a for wasm2c)
#   --out DIR      write results there instead of docs/benchmarks/ (--quick:
#                  build-bench/bench-quick/, so a smoke test never overwrites
#                  the published results)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
log() { echo "bench: $*" >&2; }

wasmc="" pass=() quick=0 out="" only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --wasmc) wasmc=$(realpath "$2"); shift ;;
    --quick) pass+=("$1"); quick=1 ;;
    --out) out=$(realpath -m "$2"); shift ;;
    --only) pass+=("$1" "$2"); only=$2; shift ;;
    --runs|--engines|--timeout) pass+=("$1" "$2"); shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# Tools: gnuplot for the charts (Debian package gnuplot-nox) if missing.
if ! command -v gnuplot > /dev/null; then
  log "installing gnuplot-nox"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q gnuplot-nox >&2 ||
    log "could not install gnuplot: results without charts"
fi
if [ ! -x /usr/bin/time ]; then
  log "installing time (GNU time, for peak RSS)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q time >&2
fi
for t in clang-19 wasm-opt wasm2c node python3; do
  command -v "$t" > /dev/null || log "warning: $t not found (run scripts/setup.sh)"
done

if [ -z "$wasmc" ]; then
  log "building wasmc in $repo/build-bench"
  cmake -S "$repo" -B "$repo/build-bench" -DCMAKE_C_COMPILER=clang-19 > /dev/null
  cmake --build "$repo/build-bench" -j"$(nproc)" --target wasmc wasmc_rt > /dev/null 2>&1 ||
    cmake --build "$repo/build-bench" -j"$(nproc)" > /dev/null
  wasmc="$repo/build-bench/wasmc"
fi
[ -x "$wasmc" ] || { echo "bench: no wasmc at $wasmc" >&2; exit 1; }

work="$repo/build-bench/bench-work"
rm -rf "$work"; mkdir -p "$work"
log "building workloads (bench/build.sh; cached)"
bash "$here/build.sh" > "$work/artifacts.txt"
# the multi-threaded xz -T2 (issue 23), or xz-threads_skip=REASON; a script
# of its own, so that its caching never changes bench/build.sh's key
bash "$here/build_threads.sh" >> "$work/artifacts.txt"
if [ -z "$out" ]; then
  if [ $quick = 1 ]; then out="$repo/build-bench/bench-quick"; else out="$repo/docs/benchmarks"; fi
fi
python3 "$here/bench.py" --out "$out" --artifacts "$work/artifacts.txt" --wasmc "$wasmc" --work "$work" "${pass[@]}"
# Start-up against box size (bench/box_startup.sh): full runs only.
if [ $quick = 0 ] && [ -z "$only" ]; then
  bash "$here/box_startup.sh" --wasmc "$wasmc" --out "$out" > /dev/null
fi
