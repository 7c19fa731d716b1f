#!/bin/bash
# bench/compile_identity.sh --ref REF_WASMC [--wasmc NEW_WASMC] [--only REGEX]
#                           [--targets "T1 T2"] [--opt -O2] [--exe] [--ruby]
# — proves that a change to the compiler that is meant to save compile time
# (the pass pipeline, codegen options, partitioning work) does not change the
# generated code: every module is compiled by both wasmc binaries and the
# outputs must be byte-identical.  Not part of CI (about 15 CPU-minutes for
# both targets); run by hand before landing such a change (issue 18;
# docs/benchmarks/compile-time.md).
#
# REF_WASMC is a build of the commit before the change, e.g.
#   git archive BASE | tar -x -C /tmp/ref && cmake -S /tmp/ref -B /tmp/ref/build \
#     -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build /tmp/ref/build --target wasmc
# Modules: bench/compile_modules.sh with BENCH_WASM=1 (Lua, SQLite's
# speedtest1, the Go hello-world, flite and every bench wasm file; ruby.wasm
# only with --ruby: 7 CPU-minutes per compile).  Each is compiled
# `--emit=obj --no-cache OPT` (default -O2; ruby with --allow-imports) for
# each target (default x86_64-linux-gnu and aarch64-linux-gnu); --exe also
# compiles executables (x86-64 only; they use Segue, objects do not), whose
# runtime library must then be the same for both (WASMC_RT_LIB).
# Prints SAME/DIFF per module and target, the user CPU seconds of each
# compile (/usr/bin/time; the sums compare the two compilers' cost), and
# ends with "N same, N different"; exits 1 if anything differs or fails.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
log() { echo "compile_identity: $*" >&2; }
new="$repo/build/wasmc" ref="" only="" opt=-O2 exe=0 ruby=0
targets="x86_64-linux-gnu aarch64-linux-gnu"
while [ $# -gt 0 ]; do
  case "$1" in
    --wasmc) new=$(realpath "$2"); shift ;;
    --ref) ref=$(realpath "$2"); shift ;;
    --only) only=$2; shift ;;
    --targets) targets=$2; shift ;;
    --opt) opt=$2; shift ;;
    --exe) exe=1 ;;
    --ruby) ruby=1 ;;
    *) echo "bench/compile_identity.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -x "$new" ] || { log "no wasmc at $new"; exit 1; }
[ -n "$ref" ] && [ -x "$ref" ] || { log "--ref REF_WASMC (a build of the base commit) is required"; exit 2; }
work=$(mktemp -d /tmp/wasmc-compile-identity.XXXXXX)
trap 'rm -rf "$work"' EXIT
JOBS=${JOBS:-2}

# shellcheck source=compile_modules.sh
. "$here/compile_modules.sh"
BENCH_WASM=1 compile_modules "$work"

same=0 diff=0 u_ref=0 u_new=0
# one NAME TARGET EMIT: compile with both, compare, add up user seconds
one() {
  local name=$1 target=$2 emit=$3 w=${W[$1]} flags=${FLAGS[$1]} out tag=$1/$2/$3
  local -a args=(-j"$JOBS" --no-cache "$opt" --target="$target")
  if [ "$emit" = obj ]; then
    args+=(--emit=obj)
    [ "$name" = ruby ] && args+=(--allow-imports)
  fi
  for which in ref new; do
    local bin=$ref
    [ $which = new ] && bin=$new
    out="$work/$which.out"
    # shellcheck disable=SC2086
    if ! /usr/bin/time -f "%U" -o "$work/$which.t" "$bin" "${args[@]}" "$w" -o "$out" 2> "$work/$which.err"; then
      log "$which wasmc failed on $tag:"; sed -n '1,5p' "$work/$which.err" >&2
      echo "FAIL $tag"; diff=$((diff + 1)); return
    fi
  done
  local ur un
  ur=$(cat "$work/ref.t"); un=$(cat "$work/new.t")
  u_ref=$(echo "$u_ref + $ur" | bc); u_new=$(echo "$u_new + $un" | bc)
  if cmp -s "$work/ref.out" "$work/new.out"; then
    echo "SAME $tag  (user s: ref $ur, new $un)"; same=$((same + 1))
  else
    echo "DIFF $tag  (user s: ref $ur, new $un)"; diff=$((diff + 1))
  fi
}

for name in "${NAMES[@]}"; do
  [ "$name" = ruby ] && [ $ruby = 0 ] && continue
  [ -n "$only" ] && ! [[ $name =~ $only ]] && continue
  for target in $targets; do
    # ruby is a reactor with non-WASI imports: objects only
    one "$name" "$target" obj
    if [ $exe = 1 ] && [ "$name" != ruby ] && [ "$target" = x86_64-linux-gnu ]; then one "$name" "$target" exe; fi
  done
done
echo "user CPU seconds, all compiles: ref $u_ref, new $u_new"
echo "$same same, $diff different"
[ $diff -eq 0 ]
