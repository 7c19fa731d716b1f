#!/bin/bash
# bench/compile_time.sh [--wasmc PATH] [--only REGEX] [--out DIR] — how long
# wasmc takes to compile big modules that others built (issue 18).  Not part
# of CI: a cold -O2 -j1 compile of ruby.wasm alone takes minutes.
#
# Modules: bench/compile_modules.sh (ruby, flite, go-hello, lua, speedtest1).
# Each is compiled at -O0 and -O2, with -j1 and -j2, into an empty compile
# cache (cold) and then again (warm); /usr/bin/time gives wall, user and peak
# RSS.  Writes compile-time.md and compile-time.csv into DIR (default
# docs/benchmarks/).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
log() { echo "compile_time: $*" >&2; }
wasmc="$repo/build/wasmc" only="" out="$repo/docs/benchmarks"
while [ $# -gt 0 ]; do
  case "$1" in
    --wasmc) wasmc=$(realpath "$2"); shift ;;
    --only) only=$2; shift ;;
    --out) out=$(realpath -m "$2"); shift ;;
    *) echo "bench/compile_time.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -x "$wasmc" ] || { log "no wasmc at $wasmc (bash scripts/build.sh)"; exit 1; }
CACHE=${WASMC_CACHE:-$HOME/.cache/wasmc}
work=$(mktemp -d /tmp/wasmc-compile-time.XXXXXX)
trap 'rm -rf "$work"' EXIT

# ---- inputs ----------------------------------------------------------------------
# shellcheck source=compile_modules.sh
. "$here/compile_modules.sh"
compile_modules "$work"

# ---- measure -----------------------------------------------------------------------
csv="$work/compile-time.csv"
echo "module,wasm_bytes,code_bytes,functions,level,jobs,cache,wall_s,user_s,peak_rss_mib" > "$csv"
for name in "${NAMES[@]}"; do
  [ -n "$only" ] && ! [[ $name =~ $only ]] && continue
  w=${W[$name]}
  bytes=$(stat -c %s "$w")
  read -r code funcs < <(wasm-objdump -h "$w" | sed -n 's/.* Code .*size=\(0x[0-9a-f]*\)) count: \([0-9]*\).*/\1 \2/p' |
                        { read -r s c; echo "$((s)) $c"; })
  for lvl in O0 O2; do
    for j in 1 2; do
      cdir="$work/cache-$name-$lvl-$j"
      for state in cold warm; do
        log "$name -$lvl -j$j $state"
        # shellcheck disable=SC2086
        /usr/bin/time -f "%e %U %M" -o "$work/t" "$wasmc" -$lvl -j$j --cache-dir "$cdir" ${FLAGS[$name]} "$w" \
          -o "$work/out" 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
        read -r wall user rss < "$work/t"
        echo "$name,$bytes,$code,$funcs,-$lvl,$j,$state,$wall,$user,$((rss / 1024))" >> "$csv"
      done
      rm -rf "$cdir"
    done
  done
done

# ---- write -------------------------------------------------------------------------
mkdir -p "$out"
cp "$csv" "$out/compile-time.csv"
{
  echo "# Compile time of big modules (bench/compile_time.sh)"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"
  echo "wasmc $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?'); wall and user seconds and peak RSS"
  echo "from /usr/bin/time, one run each.  cold: an empty compile cache; warm: the same compile again."
  echo
  echo "| module | wasm MB | code MB | functions | level | -j | cache | wall s | user s | peak RSS MiB |"
  echo "|---|---:|---:|---:|---|---:|---|---:|---:|---:|"
  tail -n +2 "$csv" | while IFS=, read -r m b c f l j s wall user rss; do
    printf '| %s | %.1f | %.1f | %s | %s | %s | %s | %s | %s | %s |\n' "$m" "$(echo "$b / 1048576" | bc -l)" \
      "$(echo "$c / 1048576" | bc -l)" "$f" "$l" "$j" "$s" "$wall" "$user" "$rss"
  done
} > "$out/compile-time.md"
log "wrote $out/compile-time.md and compile-time.csv"
