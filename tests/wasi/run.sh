#!/bin/bash
# tests/wasi/run.sh WASMC OUTDIR [NAME...]
#
# WASI preview1 conformance programs of our own: every tests/wasi/*.c is a
# self-checking C program (wt.h) calling the raw wasi_snapshot_preview1
# imports and checking exact results and errno values.  Each is built with
# clang-19 --target=wasm32-wasi -O2, compiled with WASMC and run with:
#   fd 3 = /sandbox  a fresh empty read-write directory (compile-time --dir)
#   fd 4 = /ro       a fixture directory, read-only (run-time WASMC_FLAGS --dir-ro):
#                    file.txt "hello ro\n", sub/inner.txt "inner\n", link -> file.txt
# Header lines in a program (all optional):
#   // args: WORDS            arguments (bash words)
#   // env: NAME=VALUE        compile-time --env (repeatable)
#   // wasmc: FLAGS           more wasmc flags (e.g. --inherit-env)
#   // flags: FLAGS           more run-time WASMC_FLAGS
#   // grants: none           no --dir/--dir-ro/--env at all (and none below)
#   // host-env: NAME=VALUE   host environment of the run (repeatable)
#   // stdin: SHELL-CMD       its stdout is piped into the program (default /dev/null)
#   // status: N              expected exit status (default 0)
#   // client: FILE           socket test: the program gets a listening TCP socket on
#                             127.0.0.1:PORT (fd 5; compile-time --tcp-listen, and a second
#                             run with WASMC_FLAGS --tcp-listen); python3 FILE PORT drives it
#   // check: SHELL-CMD       after the run, in the program's host directories
#                             ($RW = /sandbox, $RO = /ro): one more case, must exit 0
#   // variants: NAME...      run the program once more per NAME, as PROG.NAME:
#                             walk  adds --no-openat2 to WASMC_FLAGS (the resolver's
#                                   component walk instead of openat2)
#                             box   compiles with --box of an empty directory mounted
#                                   at /box: it becomes fd 3 and the grants move up, so
#                                   such a program finds its preopens by name
# Every "ok"/"not ok" line a program prints is one case (PASS/FAIL), plus one
# case per run for its exit status and completeness.  Last line: "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ "${1:-}" = "--case" ]; then
  shift
  WASMC=$1 OUT=$2 src=$3 variant=${4:-}
  name=$(basename "$src" .c)${variant:+.$variant}
  d="$OUT/$name"
  rm -rf "$d"; mkdir -p "$d"
  res="$d/result"; : > "$res"
  hdr() { sed -n "s|^// $1: \{0,1\}||p" "$src"; }
  rec() { echo "$1 $name: $2" >> "$res"; }
  CC=${CC:-clang-19}
  if ! $CC --target=wasm32-wasi -O2 -I"$here" -w "$src" -o "$d/prog.wasm" 2> "$d/cc.log"; then
    rec FAIL "wasm build failed: $(head -3 "$d/cc.log" | tr '\n' ' ')"; exit 0
  fi
  rw="$d/rw" ro="$d/ro"
  mkdir -p "$rw" "$ro/sub"
  printf 'hello ro\n' > "$ro/file.txt"; printf 'inner\n' > "$ro/sub/inner.txt"
  ln -s file.txt "$ro/link"
  read -r -a extra <<< "$(hdr wasmc | head -1)"
  grants=(); flags="$(hdr flags | head -1)"
  if [ "$(hdr grants | head -1)" != none ]; then
    grants=(--dir "$rw::/sandbox")
    while IFS= read -r e; do [ -n "$e" ] && grants+=(--env "$e"); done < <(hdr env)
    flags="--dir-ro $ro::/ro $flags"
  fi
  case $variant in
    walk) flags="$flags --no-openat2" ;;
    box) mkdir -p "$d/box"; grants+=(--box "$d/box::/box") ;;
  esac
  client=$(hdr client | head -1)
  port=""
  if [ -n "$client" ]; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    if [ "$variant" = flags ]; then flags="$flags --tcp-listen 127.0.0.1:$port"
    else grants+=(--tcp-listen "127.0.0.1:$port"); fi
  fi
  if ! "$WASMC" -O2 "${grants[@]+"${grants[@]}"}" "${extra[@]+"${extra[@]}"}" "$d/prog.wasm" -o "$d/prog" > "$d/wasmc.log" 2>&1; then
    rec FAIL "wasmc failed: $(head -3 "$d/wasmc.log" | tr '\n' ' ')"; exit 0
  fi
  eval "argv=($(hdr args | head -1))"
  henv=(); while IFS= read -r e; do [ -n "$e" ] && henv+=("$e"); done < <(hdr host-env)
  flags=${flags//__NOW__/$(date +%s)}
  stdin_cmd=$(hdr stdin | head -1); [ -n "$stdin_cmd" ] || stdin_cmd=":"
  want=$(hdr status | head -1); want=${want:-0}
  (cd "$d" && bash -c "$stdin_cmd" | env -i PATH="$PATH" HOME=/nonexistent "${henv[@]+"${henv[@]}"}" \
     WASMC_FLAGS="$flags" timeout 60 ./prog "${argv[@]+"${argv[@]}"}" > out.txt 2> err.txt; echo "${PIPESTATUS[1]}" > status) &
  runpid=$!
  if [ -n "$client" ]; then
    RW="$rw" timeout 30 python3 "$here/$client" "$port" > "$d/client.txt" 2>&1
    cst=$?
    if [ $cst = 0 ]; then rec PASS "client $(basename "$client") (port $port)"
    else rec FAIL "client $(basename "$client") exit $cst: $(tail -3 "$d/client.txt" | tr '\n' ' ')"; fi
  fi
  wait $runpid
  st=$(cat "$d/status")
  while IFS= read -r line; do
    case $line in
      "ok "*) rec PASS "${line#ok }" ;;
      "not ok "*) rec FAIL "${line#not ok }" ;;
    esac
  done < "$d/out.txt"
  if [ "$st" != "$want" ]; then
    rec FAIL "exit status $st, expected $want; stderr: $(head -3 "$d/err.txt" | tr '\n' ' ')"
  elif ! grep -q '^# [0-9]* checks, 0 failed' "$d/out.txt"; then
    rec FAIL "no final '# N checks, 0 failed' line (status $st)"
  else
    rec PASS "exit status $st, all checks reported"
  fi
  i=0
  while IFS= read -r chk; do
    i=$((i + 1))
    if (cd "$d" && RW="$rw" RO="$ro" bash -c "$chk") > "$d/check$i.log" 2>&1; then rec PASS "host check: $chk"
    else rec FAIL "host check: $chk: $(head -3 "$d/check$i.log" | tr '\n' ' ')"; fi
  done < <(hdr check)
  exit 0
fi

if [ $# -lt 2 ]; then echo "usage: $0 WASMC OUTDIR [NAME...]" >&2; exit 2; fi
WASMC=$1 OUT=$2; shift 2
[ -x "$WASMC" ] || { echo "wasi: wasmc not found: $WASMC" >&2; echo "0 passed, 1 failed"; exit 1; }
WASMC=$(cd "$(dirname "$WASMC")" && pwd)/$(basename "$WASMC")
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
srcs=()
if [ $# -gt 0 ]; then for n in "$@"; do srcs+=("$here/${n%.c}.c"); done
else srcs=("$here"/*.c); fi
jobs=()
for s in "${srcs[@]}"; do
  jobs+=("$s")
  # socket programs run twice: compile-time grant and WASMC_FLAGS grant
  grep -q '^// client:' "$s" && jobs+=("$s flags")
  for v in $(sed -n 's|^// variants: *||p' "$s" | head -1); do jobs+=("$s $v"); done
done
printf '%s\n' "${jobs[@]}" | xargs -P "${JOBS:-$(nproc)}" -L1 bash "$here/run.sh" --case "$WASMC" "$OUT"
# Grant-mechanism cases (no program output involved): bad WASMC_FLAGS and
# bad grants stop the executable before the guest runs, with status 1.
grant_case() { # description expected-status stderr-regex env-flags [exe]
  local desc=$1 want=$2 re=$3 fl=$4 exe=${5:-$OUT/no_grants/prog} st
  if [ ! -x "$exe" ]; then echo "FAIL grants: $desc: $exe missing" >> "$OUT/grants.result"; return; fi
  env -i PATH="$PATH" WASMC_FLAGS="$fl" timeout 20 "$exe" < /dev/null > "$OUT/grants.out" 2> "$OUT/grants.err"; st=$?
  if [ "$st" = "$want" ] && { if [ -z "$re" ]; then [ ! -s "$OUT/grants.err" ]; else grep -Eq -- "$re" "$OUT/grants.err"; fi; }; then echo "PASS grants: $desc" >> "$OUT/grants.result"
  else echo "FAIL grants: $desc: status $st (want $want), stderr: $(head -2 "$OUT/grants.err" | tr '\n' ' ')" >> "$OUT/grants.result"; fi
}
: > "$OUT/grants.result"
if [ -z "$*" ] || [[ " $* " == *" no_grants "* ]]; then
  grant_case "unknown WASMC_FLAGS option" 1 "WASMC_FLAGS: unknown option '--bogus'" "--bogus"
  grant_case "--dir without a value" 1 "WASMC_FLAGS: missing value after '--dir'" "--dir"
  grant_case "--env without '='" 1 "WASMC_FLAGS: expected NAME=VALUE" "--env NOEQUALS"
  grant_case "--dir of a missing host directory" 1 "cannot open granted directory '/nonexistent/x'" "--dir /nonexistent/x::/x"
  grant_case "--tcp-listen without a port" 1 "expected HOST:PORT" "--tcp-listen 127.0.0.1"
  grant_case "--tcp-listen with a host name (no DNS)" 1 "expected HOST:PORT" "--tcp-listen example.com:80"
  grant_case "--tcp-listen port 65536" 1 "expected HOST:PORT" "--tcp-listen 127.0.0.1:65536"
  rm -f "$OUT/holder.port"
  python3 -c 'import socket,sys,time
s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(1)
open(sys.argv[1],"w").write(str(s.getsockname()[1])); time.sleep(20)' "$OUT/holder.port" &
  holder=$!
  for _ in $(seq 100); do [ -s "$OUT/holder.port" ] && break; sleep 0.05; done
  hp=$(cat "$OUT/holder.port" 2> /dev/null)
  grant_case "--tcp-listen on a port in use" 1 "cannot listen on '127.0.0.1:$hp'" "--tcp-listen 127.0.0.1:$hp"
  kill "$holder" 2> /dev/null; wait "$holder" 2> /dev/null
  grant_case "valid WASMC_FLAGS: the guest runs" 44 "" "--env A=1 --tcp-listen 127.0.0.1:0 --dir-ro /::/root --no-openat2" "$OUT/proc_exit/prog"
  if "$WASMC" "$OUT/no_grants/prog.wasm" -o "$OUT/grants.exe" --tcp-listen nohostport > "$OUT/grants.wasmc" 2>&1; then
    echo "FAIL grants: wasmc --tcp-listen nohostport was accepted" >> "$OUT/grants.result"
  else echo "PASS grants: wasmc rejects --tcp-listen nohostport" >> "$OUT/grants.result"; fi
fi
pass=0 failn=0
while read -r status rest; do
  echo "$status $rest"
  if [ "$status" = PASS ]; then pass=$((pass + 1)); else failn=$((failn + 1)); fi
done < "$OUT/grants.result"
for j in "${jobs[@]}"; do
  read -r s v <<< "$j"
  n=$(basename "$s" .c)${v:+.$v}
  r="$OUT/$n/result"
  if [ ! -s "$r" ]; then echo "FAIL $n: runner produced no result"; failn=$((failn + 1)); continue; fi
  while read -r status rest; do
    echo "$status $rest"
    if [ "$status" = PASS ]; then pass=$((pass + 1)); else failn=$((failn + 1)); fi
  done < "$r"
done
echo "$pass passed, $failn failed"
[ "$failn" -eq 0 ]
