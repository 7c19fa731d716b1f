#!/bin/bash
# tests/sandbox/run.sh WASMC OUTDIR
#
# Adversarial sandbox suite.  attacks.c (a wasm guest) tries to leave its
# granted directory in every way we know (`..` chains, absolute paths,
# symlinks pointing out — absolute, relative, in the middle of a path,
# dangling, loops —, rename/link across the boundary, NUL bytes, over-long
# paths, huge iovecs, bad offsets, bad and reused fds) and checks that each
# attempt fails with the exact errno; then a race: a host helper swaps a
# directory of the grant with a symlink to the outside (renameat2
# RENAME_EXCHANGE) while the guest resolves paths through it.
# Everything runs twice: with openat2 (default) and with the component walk
# (WASMC_FLAGS --no-openat2).  After each run the HOST side is checked: the
# tree outside the grant is byte-for-byte and inode-for-inode unchanged
# (contents, sizes, modes, link counts, mtime, ctime), nothing was created
# outside the grant, and nothing inside the grant is a hard link to an
# outside file.  SANDBOX_RACE_SECONDS (default 3) bounds each race.
# One PASS/FAIL line per attack and check; last line "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ $# -lt 2 ]; then echo "usage: $0 WASMC OUTDIR" >&2; exit 2; fi
WASMC=$1 OUT=$2
[ -x "$WASMC" ] || { echo "sandbox: wasmc not found: $WASMC"; echo "0 passed, 1 failed"; exit 1; }
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
RACE=${SANDBOX_RACE_SECONDS:-3}
CC=${CC:-clang-19}
pass=0 failn=0
rec() { echo "$1 $2"; if [ "$1" = PASS ]; then pass=$((pass + 1)); else failn=$((failn + 1)); fi; }
finish() { echo "$pass passed, $failn failed"; [ "$failn" -eq 0 ]; exit $?; }

if ! $CC --target=wasm32-wasi -O2 -I"$here/../wasi" -w "$here/attacks.c" -o "$OUT/attacks.wasm" 2> "$OUT/cc.log" ||
   ! $CC -O2 -w "$here/race_helper.c" -o "$OUT/race_helper" 2>> "$OUT/cc.log"; then
  rec FAIL "sandbox: build failed: $(head -3 "$OUT/cc.log" | tr '\n' ' ')"; finish
fi
# Grants are given at run time (WASMC_FLAGS), so one executable serves every tree.
if ! "$WASMC" -O2 "$OUT/attacks.wasm" -o "$OUT/attacks" > "$OUT/wasmc.log" 2>&1; then
  rec FAIL "sandbox: wasmc failed: $(head -3 "$OUT/wasmc.log" | tr '\n' ' ')"; finish
fi

setup() { # T
  local T=$1 i
  rm -rf "$T"; mkdir -p "$T/outside/dir" "$T/grant/sub/deeper" "$T/grant/race/real" "$T/ro"
  printf 'SECRET\n' > "$T/outside/secret.txt"; printf 'VICTIM\n' > "$T/outside/victim.txt"
  : > "$T/outside/outside-marker"; printf 'ro\n' > "$T/ro/file.txt"
  printf 'inside\n' > "$T/grant/inside.txt"
  ln -s ../inside.txt "$T/grant/sub/ok"; ln -s ../../outside "$T/grant/sub/mid"
  ln -s "$T/outside" "$T/grant/abs_dir"; ln -s "$T/outside/secret.txt" "$T/grant/abs_file"
  ln -s /etc/passwd "$T/grant/etc_link"; ln -s ../outside "$T/grant/rel_out"
  ln -s ../outside/secret.txt "$T/grant/rel_file"; ln -s ../outside/created "$T/grant/dangling_out"
  ln -s "$T/abs-created" "$T/grant/dangling_abs"; ln -s /proc/self/root "$T/grant/proc_link"
  ln -s loop_b "$T/grant/loop_a"; ln -s loop_a "$T/grant/loop_b"; ln -s self "$T/grant/self"
  ln -s .. "$T/grant/climb"; ln -s ../outside "$T/grant/climb2"
  for i in $(seq 1 45); do ln -s "chain$((i + 1))" "$T/grant/chain$i"; done
  ln -s inside.txt "$T/grant/chain46"
  for i in $(seq 1 29); do ln -s "short$((i + 1))" "$T/grant/short$i"; done
  ln -s inside.txt "$T/grant/short30"
  printf 'inside-race\n' > "$T/grant/race/real/secret.txt"; printf 'inside-victim\n' > "$T/grant/race/real/victim.txt"
  ln -s ../../outside "$T/grant/race/swap"
}
snapshot() { # T -> stdout: everything outside T/grant
  local T=$1
  (cd "$T" && find . -path ./grant -prune -o -printf '%p|%y|%s|%m|%n|%i|%T@|%C@|%l\n' | LC_ALL=C sort
   find . -path ./grant -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}
host_checks() { # label T before-snapshot
  local label=$1 T=$2 before=$3
  snapshot "$T" > "$before.after"
  if cmp -s "$before" "$before.after"; then rec PASS "$label: host: nothing outside the grant changed"
  else rec FAIL "$label: host: the outside changed: $(diff "$before" "$before.after" | head -5 | tr '\n' ' ')"; fi
  if [ ! -e "$T/abs-created" ] && [ ! -e "$T/outside/created" ]; then rec PASS "$label: host: nothing created through dangling links"
  else rec FAIL "$label: host: a dangling link's target was created"; fi
  local outs ins bad=""
  outs=$(find "$T" -path "$T/grant" -prune -o -type f -printf '%i\n' | sort -u)
  ins=$(find "$T/grant" -type f -printf '%i\n' | sort -u)
  bad=$(comm -12 <(echo "$outs") <(echo "$ins"))
  if [ -z "$bad" ]; then rec PASS "$label: host: no file inside the grant is a hard link to an outside file"
  else rec FAIL "$label: host: inode(s) $bad shared between the grant and the outside"; fi
  if [ "$(cat "$T/outside/secret.txt")" = SECRET ] && [ "$(cat "$T/outside/victim.txt")" = VICTIM ]; then
    rec PASS "$label: host: secret.txt and victim.txt intact"
  else rec FAIL "$label: host: outside files damaged"; fi
}
run_guest() { # label flags out args...
  local label=$1 fl=$2 out=$3; shift 3
  (cd "$(dirname "$out")" && env -i PATH="$PATH" WASMC_FLAGS="$fl" timeout 120 "$OUT/attacks" "$@" < /dev/null > "$out" 2> "$out.err")
  local st=$?
  while IFS= read -r line; do
    case $line in
      "ok "*) rec PASS "$label: ${line#ok }" ;;
      "not ok "*) rec FAIL "$label: ${line#not ok }" ;;
      "# race"*) echo "    $label: ${line#\# }" ;;
    esac
  done < "$out"
  if [ $st = 0 ] && grep -q '^# [0-9]* checks, 0 failed' "$out"; then rec PASS "$label: guest exit status 0"
  else rec FAIL "$label: guest exit status $st: $(head -3 "$out.err" | tr '\n' ' ')"; fi
}

for mode in openat2 walk; do
  T="$OUT/$mode/T"
  mkdir -p "$OUT/$mode"
  extra=""; [ $mode = walk ] && extra="--no-openat2"
  setup "$T"
  snapshot "$T" > "$OUT/$mode/before"
  fl="--dir $T/grant::/sandbox --dir-ro $T/ro::/ro $extra"
  run_guest "sandbox[$mode]" "$fl" "$OUT/$mode/attacks.out"
  host_checks "sandbox[$mode]" "$T" "$OUT/$mode/before"
  # the race (fresh tree)
  setup "$T"
  snapshot "$T" > "$OUT/$mode/before-race"
  "$OUT/race_helper" "$T/grant/race" $((RACE + 1)) > "$OUT/$mode/helper.out" 2>&1 &
  hp=$!
  sleep 0.2
  run_guest "race[$mode]" "$fl" "$OUT/$mode/race.out" race "$RACE"
  if wait $hp; then echo "    race[$mode]: helper: $(cat "$OUT/$mode/helper.out")"
  else rec FAIL "race[$mode]: the helper failed: $(cat "$OUT/$mode/helper.out")"; fi
  host_checks "race[$mode]" "$T" "$OUT/$mode/before-race"
done
finish
