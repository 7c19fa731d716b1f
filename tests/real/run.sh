#!/bin/bash
# tests/real/run.sh WASMC OUTDIR
#
# Real programs from Debian bookworm sources (fetched and built by
# tests/real/build.sh, cached in ~/.cache/wasmc): Lua 5.4 running
# tests/real/lua/*.lua, the SQLite shell running tests/real/sql/*.sql (in
# memory, and on a database file in a granted directory) and speedtest1.  The
# native build (clang-19 -O2) defines the expected stdout, stderr and status;
# the wasm build (clang-19 -O2, compiled with WASMC -O2, or WASMC_OPT) must
# match.  WASMC_TEST_ENGINE=node uses the Node shim instead of WASMC.
# Last, tests/real/memory64.sh (memory64: zlib built for wasm64 by clang-19)
# runs, unless WASMC_TARGET is set or the engine is Node.
# Cross targets: WASMC_TARGET (passed as --target to WASMC) and WASMC_EMULATOR
# (command prefix for the wasmc executables, e.g. "qemu-aarch64"); the native
# reference stays the host build.  SPEEDTEST_SIZE (default 60) sizes speedtest1.
# Prints PASS/FAIL per case and, last, "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
if [ $# -lt 2 ]; then echo "usage: $0 WASMC OUTDIR" >&2; exit 2; fi
WASMC=$1 OUT=$2
if [ "${WASMC_TEST_ENGINE:-wasmc}" = node ]; then
  WASMC="$repo/scripts/lib/wasmc-node-shim.sh"
  echo "real: WASMC_TEST_ENGINE=node: using $WASMC"
fi
[ -x "$WASMC" ] || { echo "real: wasmc not found or not executable: $WASMC" >&2; echo "0 passed, 1 failed"; exit 1; }
WASMC=$(cd "$(dirname "$WASMC")" && pwd)/$(basename "$WASMC")
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
OPT=${WASMC_OPT:--O2}
SPEEDTEST_SIZE=${SPEEDTEST_SIZE:-60}
read -r -a EMU <<< "${WASMC_EMULATOR:-}"
# (absolute: the runs below start from an empty environment, without PATH)
[ ${#EMU[@]} -gt 0 ] && EMU[0]=$(command -v "${EMU[0]}")
TFLAG=()
[ -n "${WASMC_TARGET:-}" ] && TFLAG=("--target=$WASMC_TARGET")

pass=0 failn=0
result() { # status name [detail files...]
  local st=$1 n=$2; shift 2
  echo "$st $n"
  if [ "$st" = PASS ]; then pass=$((pass + 1)); else
    failn=$((failn + 1))
    for f in "$@"; do [ -s "$f" ] && sed -n '1,25p' "$f" | sed 's/^/    /'; done
  fi
}

# 1. fetch + build (cached)
if ! bash "$here/build.sh" > "$OUT/artifacts.txt" 2> "$OUT/build.log"; then
  result FAIL "build (fetch/compile of lua5.4, sqlite3)" "$OUT/build.log"
  tail -20 "$OUT/build.log"
  echo "$pass passed, $failn failed"; exit 1
fi
# shellcheck disable=SC1090
. <(sed 's/^\([a-z0-9_]*\)=\(.*\)$/\1="\2"/' "$OUT/artifacts.txt")

# 2. wasmc each module (in parallel)
declare -A exe
compile() { # name wasm extra-args...
  local n=$1 w=$2; shift 2
  "$WASMC" $OPT "${TFLAG[@]+"${TFLAG[@]}"}" "$@" "$w" -o "$OUT/$n.exe" > "$OUT/$n.wasmc.log" 2>&1
}
t0=$(date +%s)
compile lua "$lua_wasm" & p1=$!
compile sqlite3 "$sqlite_wasm" --env HOME=/nonexistent & p2=$!
compile speedtest1 "$speedtest1_wasm" & p3=$!
for n in lua:$p1 sqlite3:$p2 speedtest1:$p3; do
  if wait "${n#*:}"; then exe[${n%%:*}]="$OUT/${n%%:*}.exe"
  else result FAIL "wasmc $OPT ${n%%:*}" "$OUT/${n%%:*}.wasmc.log"; fi
done
echo "real: wasmc $OPT of lua, sqlite3, speedtest1 took $(( $(date +%s) - t0 )) s"

compare() { # name native-prefix wasm-prefix
  local n=$1 a=$2 b=$3 st=0
  for s in out err status; do
    if ! cmp -s "$a.$s" "$b.$s"; then
      diff -u "$a.$s" "$b.$s" > "$b.diff.$s" 2>&1; st=1
      result FAIL "$n ($s differs from native)" "$b.diff.$s"; return
    fi
  done
  result PASS "$n"
}

# 3. Lua scripts: both run with cwd/preopen = tests/real/lua and a relative path.
if [ -n "${exe[lua]:-}" ]; then
  for s in "$here"/lua/*.lua; do
    b=$(basename "$s" .lua) d="$OUT/lua-$b"; mkdir -p "$d"
    (cd "$here/lua" && env -i "$lua_native" "$b.lua" > "$d/n.out" 2> "$d/n.err"; echo $? > "$d/n.status")
    (cd "$here/lua" && env -i WASMC_FLAGS="--dir-ro $here/lua::." timeout 600 "${EMU[@]+"${EMU[@]}"}" "${exe[lua]}" "$b.lua" > "$d/w.out" 2> "$d/w.err"; echo $? > "$d/w.status")
    compare "lua/$b.lua" "$d/n" "$d/w"
  done
fi

# 4. SQLite shell: in-memory scripts on stdin; then file-*.sql in order on one
#    database file in a granted temporary directory (the files must match too).
if [ -n "${exe[sqlite3]:-}" ]; then
  for s in "$here"/sql/*.sql; do
    b=$(basename "$s" .sql); case $b in file-*) continue ;; esac
    d="$OUT/sql-$b"; mkdir -p "$d"
    env -i HOME=/nonexistent "$sqlite_native" -batch < "$s" > "$d/n.out" 2> "$d/n.err"; echo $? > "$d/n.status"
    env -i timeout 600 "${EMU[@]+"${EMU[@]}"}" "${exe[sqlite3]}" -batch < "$s" > "$d/w.out" 2> "$d/w.err"; echo $? > "$d/w.status"
    compare "sql/$b.sql (in-memory)" "$d/n" "$d/w"
  done
  d="$OUT/sql-filedb"; rm -rf "$d"; mkdir -p "$d/native" "$d/wasm"
  : > "$d/n.out"; : > "$d/n.err"; : > "$d/w.out"; : > "$d/w.err"; : > "$d/n.status"; : > "$d/w.status"
  for s in "$here"/sql/file-*.sql; do
    env -i HOME=/nonexistent "$sqlite_native" -batch "$d/native/test.db" < "$s" >> "$d/n.out" 2>> "$d/n.err"; echo $? >> "$d/n.status"
    env -i WASMC_FLAGS="--dir $d/wasm::/data" timeout 600 "${EMU[@]+"${EMU[@]}"}" "${exe[sqlite3]}" -batch /data/test.db < "$s" >> "$d/w.out" 2>> "$d/w.err"; echo $? >> "$d/w.status"
  done
  compare "sql/file-*.sql (database file in a granted dir)" "$d/n" "$d/w"
  if cmp -s "$d/native/test.db" "$d/wasm/test.db"; then result PASS "sql/test.db byte-identical to native"
  else echo "native $(stat -c %s "$d/native/test.db") bytes, wasm $(stat -c %s "$d/wasm/test.db" 2>/dev/null) bytes" > "$d/dbdiff"
       result FAIL "sql/test.db differs from native" "$d/dbdiff"; fi
  ls "$d/wasm" > "$d/leftover"
  if [ "$(cat "$d/leftover")" = test.db ]; then result PASS "sql/no leftover journal files"
  else result FAIL "sql/leftover files in the granted dir" "$d/leftover"; fi
fi

# 5. speedtest1 (in-memory, --verify prints a hash of all results); the timing
#    column is stripped before comparing.
if [ -n "${exe[speedtest1]:-}" ]; then
  d="$OUT/speedtest1"; mkdir -p "$d"
  args=(--memdb --size "$SPEEDTEST_SIZE" --verify)
  strip() { sed -E 's/ +[0-9]+\.[0-9]+s$//' "$1" > "$1.stripped"; mv "$1.stripped" "$1"; }
  ts=$(date +%s.%N)
  env -i "$speedtest1_native" "${args[@]}" > "$d/n.out" 2> "$d/n.err"; echo $? > "$d/n.status"
  tn=$(date +%s.%N)
  env -i timeout 900 "${EMU[@]+"${EMU[@]}"}" "${exe[speedtest1]}" "${args[@]}" > "$d/w.out" 2> "$d/w.err"; echo $? > "$d/w.status"
  tw=$(date +%s.%N)
  grep TOTAL "$d/n.out" "$d/w.out" | sed 's/^/real: speedtest1 /'
  strip "$d/n.out"; strip "$d/w.out"
  compare "speedtest1 --size $SPEEDTEST_SIZE --verify" "$d/n" "$d/w"
  printf 'real: speedtest1 wall time: native %.2fs, wasm %.2fs\n' "$(echo "$tn - $ts" | bc)" "$(echo "$tw - $tn" | bc)"
fi

# 6. memory64 on real code (tests/real/memory64.sh): Debian's zlib built by
#    clang-19 for wasm64, through --emit=obj and a driver, against its native
#    build; x86-64 only (the driver is linked for the host)
if [ -z "${WASMC_TARGET:-}" ] && [ "${WASMC_TEST_ENGINE:-wasmc}" != node ]; then
  bash "$here/memory64.sh" "$WASMC" "$OUT/memory64" > "$OUT/memory64.log" 2>&1
  while read -r st rest; do
    case $st in PASS|FAIL) result "$st" "$rest" ;; esac
  done < "$OUT/memory64.log"
fi

echo "$pass passed, $failn failed"
[ "$failn" -eq 0 ]
