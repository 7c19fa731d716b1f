#!/bin/bash
# tests/programs/go/run.sh WASMC OUTDIR [NAME...] — Go programs (wasip1).
#
# Every tests/programs/go/*.go is built by Debian 13's Go 1.24
# (scripts/lib/fetch-go.sh; GOOS=wasip1 GOARCH=wasm go build) into a 3 MB
# command module of another toolchain's shape: ~2,000 functions, Go's
# resumable-function dispatch, ~36,000 data segments.  The reference is Node
# (V8, node:wasi) through scripts/lib/node-wasi-run.mjs; WASMC compiles the
# module at each of GO_LEVELS (default "O0 O2") and the executable must give
# the reference's stdout, stderr and exit status.  Header lines as in
# tests/programs/*.c: `// args: A B`, `// env: NAME=VALUE` (granted with
# --env), `// dir: yes` (a fresh directory preopened as /sandbox and passed as
# the first argument), `// stdin: FILE`.
# Cross targets: WASMC_TARGET / WASMC_EMULATOR as in tests/programs/run.sh.
# Prints PASS/FAIL per program and level and, last, "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)

# The header lines of program $1 (tests/programs/go/NAME.go): sets argv,
# envs, usedir and stdin_path.
read_headers() {
  local src="$here/$1.go" s
  hdr() { sed -n "s|^// $1: \{0,1\}||p" "$src"; }
  eval "argv=($(hdr args | head -1))"
  mapfile -t envs < <(hdr env)
  usedir=$(hdr dir | head -1)
  stdin_path=/dev/null; s=$(hdr stdin | head -1); [ -n "$s" ] && stdin_path="$here/$s"
}

if [ "${1:-}" = "--case" ]; then
  # ---- one program at one level (internal; runs in parallel) ------------------
  WASMC=$2 OUT=$3 name=$4 lvl=$5
  d="$OUT/$name"
  res="$d/result.$lvl"
  read_headers "$name"
  read -r -a emu <<< "${WASMC_EMULATOR:-}"
  tflag=(); [ -n "${WASMC_TARGET:-}" ] && tflag=("--target=$WASMC_TARGET")
  fail() { { echo "FAIL go/$name [$lvl]: $1"; [ -f "${2:-}" ] && sed -n '1,25p' "$2" | sed 's/^/    /'; } > "$res"; exit 0; }
  grants=()
  for e in "${envs[@]+"${envs[@]}"}"; do grants+=(--env "$e"); done
  exe="$d/$name.$lvl"
  t0=$(date +%s.%N)
  if ! timeout 900 "$WASMC" "-$lvl" "${tflag[@]+"${tflag[@]}"}" "${grants[@]+"${grants[@]}"}" "$d/$name.wasm" -o "$exe" \
       > "$exe.wasmc.log" 2>&1; then
    fail "wasmc failed" "$exe.wasmc.log"
  fi
  secs=$(printf %.1f "$(echo "$(date +%s.%N) - $t0" | bc)")
  wtmp=$(mktemp -d "$d/tmp.$lvl.XXXX")
  a=("${argv[@]+"${argv[@]}"}"); flags=""
  if [ "$usedir" = yes ]; then a=(/sandbox "${a[@]+"${a[@]}"}"); flags="--dir $wtmp::/sandbox"; fi
  (cd "$wtmp" && timeout 120 env -i PATH="$PATH" HOME="${HOME:-/}" WASMC_FLAGS="$flags" "${emu[@]+"${emu[@]}"}" \
     "$exe" "${a[@]+"${a[@]}"}" < "$stdin_path" > "$exe.out" 2> "$exe.err")
  st=$?
  ref=$(cat "$d/ref.status")
  [ "$st" = "$ref" ] || { echo "node status $ref, wasmc status $st" > "$exe.diff"; cat "$exe.err" >> "$exe.diff"; fail "exit status differs" "$exe.diff"; }
  cmp -s "$d/ref.out" "$exe.out" || { diff -u "$d/ref.out" "$exe.out" > "$exe.diff"; fail "stdout differs from node" "$exe.diff"; }
  cmp -s "$d/ref.err" "$exe.err" || { diff -u "$d/ref.err" "$exe.err" > "$exe.diff"; fail "stderr differs from node" "$exe.diff"; }
  echo "PASS go/$name [$lvl] (compile ${secs}s)" > "$res"
  rm -f "$exe"
  exit 0
fi

# ---- driver -------------------------------------------------------------------
WASMC=${1:?usage: run.sh WASMC OUTDIR [NAME...]}
OUT=${2:?usage: run.sh WASMC OUTDIR [NAME...]}
shift 2
case $WASMC in */*) WASMC=$(cd "$(dirname "$WASMC")" && pwd)/$(basename "$WASMC") ;; esac
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
names=("$@")
[ ${#names[@]} -gt 0 ] || for s in "$here"/*.go; do names+=("$(basename "$s" .go)"); done
LEVELS=${GO_LEVELS:-"O0 O2"}
CACHE="${WASMC_CACHE:-$HOME/.cache/wasmc}"

if ! GOROOT=$(bash "$repo/scripts/lib/fetch-go.sh" 2> "$OUT/fetch-go.log"); then
  echo "FAIL go: cannot fetch Go (scripts/lib/fetch-go.sh):"; tail -5 "$OUT/fetch-go.log" | sed 's/^/    /'
  echo "0 passed, 1 failed"; exit 1
fi
export GOROOT GOOS=wasip1 GOARCH=wasm GOTOOLCHAIN=local GOFLAGS=-trimpath GO111MODULE=off
export GOCACHE="$CACHE/go-build" GOPATH="$OUT/gopath"

pass=0 failn=0
cases=()
for n in "${names[@]}"; do
  d="$OUT/$n"; rm -rf "$d"; mkdir -p "$d"
  if ! "$GOROOT/bin/go" build -o "$d/$n.wasm" "$here/$n.go" > "$d/go.log" 2>&1; then
    echo "FAIL go/$n: go build failed"; sed -n 1,10p "$d/go.log" | sed 's/^/    /'; failn=$((failn + 1)); continue
  fi
  read_headers "$n"
  nflags=()
  for e in "${envs[@]+"${envs[@]}"}"; do nflags+=(--env "$e"); done
  ntmp=$(mktemp -d "$d/tmp.node.XXXX")
  a=("${argv[@]+"${argv[@]}"}")
  if [ "$usedir" = yes ]; then nflags+=(--dir "$ntmp::/sandbox"); a=(/sandbox "${a[@]+"${a[@]}"}"); fi
  (cd "$ntmp" && timeout 120 env -i PATH="$PATH" node --no-warnings "$repo/scripts/lib/node-wasi-run.mjs" \
     "${nflags[@]+"${nflags[@]}"}" -- "$d/$n.wasm" "${a[@]+"${a[@]}"}" < "$stdin_path" > "$d/ref.out" 2> "$d/ref.err")
  echo $? > "$d/ref.status"
  for l in $LEVELS; do cases+=("$n $l"); done
done
jobs=${JOBS:-$(nproc)}
printf '%s\n' "${cases[@]+"${cases[@]}"}" | xargs -P "$jobs" -L1 bash "$here/run.sh" --case "$WASMC" "$OUT"
for c in "${cases[@]+"${cases[@]}"}"; do
  read -r n l <<< "$c"
  r="$OUT/$n/result.$l"
  if [ -f "$r" ] && grep -q '^PASS' "$r"; then cat "$r"; pass=$((pass + 1))
  else [ -f "$r" ] && cat "$r" || echo "FAIL go/$n [$l]: no result"; failn=$((failn + 1)); fi
done
echo "$pass passed, $failn failed"
[ $failn = 0 ]
