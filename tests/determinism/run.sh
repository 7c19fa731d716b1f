#!/bin/bash
# tests/determinism/run.sh WASMC OUTDIR — the output does not depend on -j,
# on the order threads take partitions, or on the directory the input is
# named from (issue 18, partition.c).
#
# Modules: tests/programs/{interp,compress,mathlib}.c built by clang-19 for
# wasm32-wasi (-O2, as tests/programs/run.sh builds them).  Each is compiled
# with a small --partition-size (so that it is cut into many partitions,
# checked in --time-report's output) at -j1, -j2 and -j3, twice at -j2, and
# once from another working directory with a relative input path; every
# executable must be byte-identical to the -j1 one.  The same for the whole-
# module path (no --partition-size), for --emit=obj and for the AArch64
# target (objects and executables are compared, not run).  The partitioned
# executable must also print what the whole-module one prints.
# The compile cache: cold, warm and --no-cache executables are identical; a
# warm compile lowers nothing (manifests); a same-length change to a function
# that another partition inlined is not served stale; a one-function change
# recompiles one or two partitions; a same-length change to memcpy
# recompiles memmove's partition (libc recognition); --env (partition 0's
# configuration) is never served stale; concurrent compiles share a cache;
# --cache-size trims it; stale temporaries are removed.  Link plans: the
# driver is asked once, then ld.lld runs alone, until the key or a named
# directory changes; same executables.  The progress line: on a terminal only, not with -q.  Every compile here names its cache (--cache-dir in
# OUTDIR) or --no-cache... except the first checks, which use the default.
# Prints PASS/FAIL per check and, last, "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
[ $# -eq 2 ] || { echo "usage: $0 WASMC OUTDIR" >&2; exit 2; }
WASMC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
OUT=$2
rm -rf "$OUT"; mkdir -p "$OUT/elsewhere"
OUT=$(cd "$OUT" && pwd)
CC=${CC:-clang-19}
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; [ -n "${2:-}" ] && [ -f "$2" ] && sed -n '1,15p' "$2" | sed 's/^/    /'; fail=$((fail + 1)); }

# same NAME REF FILE...: every FILE has REF's bytes
same() {
  local name=$1 ref=$2; shift 2
  for f in "$@"; do
    if ! cmp -s "$ref" "$f"; then bad "$name: $(basename "$f") differs from $(basename "$ref")"; return; fi
  done
  ok "$name: $(($# + 1)) outputs identical"
}

for prog in interp compress mathlib; do
  d="$OUT/$prog"; mkdir -p "$d"
  if ! { $CC --target=wasm32-wasi -O2 -w -c "$repo/tests/programs/$prog.c" -o "$d/$prog.o" &&
         $CC --target=wasm32-wasi -O2 "$d/$prog.o" -o "$d/$prog.wasm" -lm; } > "$d/cc.log" 2>&1; then
    bad "$prog: wasm build" "$d/cc.log"; continue
  fi
  w="$d/$prog.wasm"
  # partitioned: -j1, -j2 (twice), -j3, and from another directory
  P=(--partition-size=2048)
  for j in 1 2 3; do "$WASMC" -O2 "${P[@]}" -j$j --time-report "$w" -o "$d/p.j$j" 2> "$d/p.j$j.log" || bad "$prog: -j$j compile" "$d/p.j$j.log"; done
  "$WASMC" -O2 "${P[@]}" -j2 "$w" -o "$d/p.j2b" 2> "$d/p.j2b.log" || bad "$prog: second -j2 compile" "$d/p.j2b.log"
  cp "$w" "$OUT/elsewhere/$prog.wasm"
  (cd "$OUT/elsewhere" && "$WASMC" -O2 "${P[@]}" -j2 "$prog.wasm" -o "$d/p.cwd") 2> "$d/p.cwd.log" || bad "$prog: compile elsewhere" "$d/p.cwd.log"
  n=$(sed -n 's/^wasmc: time report: \([0-9]*\) partition.*/\1/p' "$d/p.j1.log")
  if [ "${n:-0}" -ge 3 ]; then ok "$prog: --partition-size=2048 makes $n partitions"
  else bad "$prog: expected at least 3 partitions, --time-report says '${n:-nothing}'" "$d/p.j1.log"; fi
  same "$prog partitioned exe" "$d/p.j1" "$d/p.j2" "$d/p.j2b" "$d/p.j3" "$d/p.cwd"
  # whole module (one partition; code generation may still be split)
  for j in 1 2; do "$WASMC" -O2 -j$j "$w" -o "$d/w.j$j" 2> "$d/w.j$j.log" || bad "$prog: whole -j$j" "$d/w.j$j.log"; done
  same "$prog whole-module exe" "$d/w.j1" "$d/w.j2"
  # the partitioned program behaves as the whole one
  (cd "$d" && ./w.j1 < /dev/null > w.out 2>&1; echo "status $?" >> w.out)
  (cd "$d" && ./p.j1 < /dev/null > p.out 2>&1; echo "status $?" >> p.out)
  if cmp -s "$d/w.out" "$d/p.out"; then ok "$prog: partitioned executable prints what the whole-module one prints"
  else diff "$d/w.out" "$d/p.out" > "$d/out.diff"; bad "$prog: partitioned output differs" "$d/out.diff"; fi
  # --emit=obj (partitions joined by a relocatable link)
  for j in 1 2; do "$WASMC" -O2 "${P[@]}" -j$j --emit=obj "$w" -o "$d/o.j$j.o" 2> "$d/o.j$j.log" || bad "$prog: obj -j$j" "$d/o.j$j.log"; done
  same "$prog partitioned object" "$d/o.j1.o" "$d/o.j2.o"
  # AArch64
  for j in 1 2; do "$WASMC" -O2 "${P[@]}" -j$j --target=aarch64-linux-gnu "$w" -o "$d/a.j$j" 2> "$d/a.j$j.log" || bad "$prog: aarch64 -j$j" "$d/a.j$j.log"; done
  same "$prog partitioned aarch64 exe" "$d/a.j1" "$d/a.j2"
done
# ---- the compile cache ----------------------------------------------------------
# A program of 48 functions (noinline), in two versions that differ in one
# function's body; it prints each function's result and $WASMC_DET_X.
c="$OUT/cache"; mkdir -p "$c"
gen() { # variant
  echo '#include <stdio.h>'; echo '#include <stdlib.h>'
  for i in $(seq 0 47); do
    k=$i; [ "$1" = b ] && [ "$i" = 17 ] && k=1017
    echo "__attribute__((noinline)) unsigned f$i(unsigned x) { unsigned s = $k; for (unsigned j = 0; j < x; j++) s = s * 31 + (j ^ $i) + (s >> 7); return s; }"
  done
  echo 'int main(int argc, char **argv) { unsigned n = (unsigned)argc + 99;'
  for i in $(seq 0 47); do echo "  printf(\"%u\\n\", f$i(n));"; done
  echo '  const char *x = getenv("WASMC_DET_X"); printf("X=%s\n", x ? x : "unset"); return 0; }'
}
for v in a b; do
  gen $v > "$c/$v.c"
  $CC --target=wasm32-wasi -O2 -w "$c/$v.c" -o "$c/$v.wasm" > "$c/$v.cc.log" 2>&1 || bad "cache: build $v.wasm" "$c/$v.cc.log"
  $CC -O2 -w "$c/$v.c" -o "$c/$v.native" > /dev/null 2>&1 || bad "cache: build $v natively"
done
C=(--cache-dir "$c/dir" --partition-size=1024)
parts() { sed -n 's/^wasmc: time report: \([0-9]*\) of \([0-9]*\) partition objects from the compile cache.*/\1 \2/p' "$1"; }
"$WASMC" "${C[@]}" --time-report "$c/a.wasm" -o "$c/a.cold" 2> "$c/a.cold.log" || bad "cache: cold compile" "$c/a.cold.log"
"$WASMC" "${C[@]}" --time-report "$c/a.wasm" -o "$c/a.warm" 2> "$c/a.warm.log" || bad "cache: warm compile" "$c/a.warm.log"
"$WASMC" --no-cache --partition-size=1024 "$c/a.wasm" -o "$c/a.nocache" 2> "$c/a.nocache.log" || bad "cache: --no-cache" "$c/a.nocache.log"
read -r hit n <<< "$(parts "$c/a.cold.log")"
read -r whit wn <<< "$(parts "$c/a.warm.log")"
if [ "${hit:-x}" = 0 ] && [ "${wn:-0}" -ge 4 ] && [ "$whit" = "$wn" ]; then ok "cache: cold compile hits 0 of $n partitions, warm compile $whit of $wn"
else bad "cache: cold '$hit of $n', warm '$whit of $wn' (want 0, then all of at least 4)" "$c/a.warm.log"; fi
same "cache: cold, warm and --no-cache executables" "$c/a.cold" "$c/a.warm" "$c/a.nocache"
man=$(sed -n 's/^wasmc: time report: .* from the compile cache, \([0-9]*\) without lowering.*/\1/p' "$c/a.warm.log")
if [ -n "$wn" ] && [ "${man:-x}" = "$wn" ]; then ok "cache: the warm compile lowers nothing (manifests: $man of $wn partitions)"
else bad "cache: the warm compile found ${man:-no} of $wn partitions by manifest (want all)" "$c/a.warm.log"; fi
# A body a manifest records changes, its length does not: in a module of 40
# loops and a tiny function, _start (in the last partition) calls them all
# and exits with tiny(3) = 3 * 7 + K; tiny is copied into _start's partition
# and inlined there.  K = 5, then 6: _start's partition must be lowered and
# compiled again, not served from its manifest.
genwat() { # K
  echo '(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32))) (memory 1)'
  echo "(func \$tiny (param i32) (result i32) local.get 0 i32.const 7 i32.mul i32.const $1 i32.add)"
  for i in $(seq 0 39); do
    echo "(func \$f$i (param i32) (result i32) (local i32) (loop \$l local.get 1 local.get 0 i32.const $i i32.xor i32.const 31 i32.mul i32.add local.set 1 local.get 0 i32.const 1 i32.sub local.tee 0 br_if \$l) local.get 1 i32.const 1023 i32.and i32.const $((i * 7)) i32.store local.get 1 i32.const $i i32.add i32.const 1023 i32.and i32.load offset=16 local.get 1 i32.add)"
  done
  echo '(func (export "_start") (local i32)'
  for i in $(seq 0 39); do echo "i32.const $i call \$f$i local.get 0 i32.add local.set 0"; done
  echo 'i32.const 3 call $tiny call $exit))'
}
for k in 5 6; do
  genwat $k > "$c/tiny$k.wat"
  wat2wasm "$c/tiny$k.wat" -o "$c/tiny$k.wasm" 2> "$c/tiny$k.log" || bad "cache: wat2wasm tiny$k" "$c/tiny$k.log"
  "$WASMC" "${C[@]}" --time-report "$c/tiny$k.wasm" -o "$c/tiny$k.exe" 2> "$c/tiny$k.log" || bad "cache: compile tiny$k" "$c/tiny$k.log"
done
"$WASMC" --no-cache --partition-size=1024 "$c/tiny6.wasm" -o "$c/tiny6.nocache" 2> /dev/null || bad "cache: --no-cache compile of tiny6"
read -r thit tn <<< "$(parts "$c/tiny6.log")"
"$c/tiny5.exe"; s5=$?; "$c/tiny6.exe"; s6=$?
if [ "$s5" = 26 ] && [ "$s6" = 27 ] && [ "${tn:-0}" -ge 3 ] && [ "$thit" -lt "$tn" ]; then
  ok "cache: a same-length change to an inlined copy is compiled again (exit $s5, then $s6; $thit of $tn partitions cached)"
else bad "cache: after a same-length change to an inlined copy: exit $s5 then $s6 (want 26, 27), $thit of $tn partitions cached" "$c/tiny6.log"; fi
same "cache: the same-length change, cached and --no-cache" "$c/tiny6.nocache" "$c/tiny6.exe"
# libc recognition reads a callee's body: wasi-libc's memmove is recognised
# only when the memcpy it calls is (libc_fast.c, depth 1), so memmove's
# partition depends on memcpy's body.  A same-length change to memcpy (its
# first `i32.const 3`, patch_body.py; 1296 bytes in Debian's wasi-libc) must
# not leave memmove's fast path in the cached build: cached and --no-cache
# executables identical.  (Found in review: this body was not in the key.)
cat > "$c/mv.c" << 'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
  (void)argv;
  size_t n = 1000 * (size_t)argc;
  unsigned char *p = malloc(n + 64);
  for (size_t i = 0; i < n + 64; i++) p[i] = (unsigned char)(i * 7);
  memmove(p + argc, p, n);
  memmove(p, p + 3 * argc, n);
  unsigned s = 0;
  for (size_t i = 0; i < n + 64; i++) s = s * 31 + p[i];
  printf("%u\n", s);
  return 0;
}
EOF
if $CC --target=wasm32-wasi -O2 -c "$c/mv.c" -o "$c/mv.o" && $CC --target=wasm32-wasi "$c/mv.o" -o "$c/mv.wasm" &&
   python3 "$here/patch_body.py" "$c/mv.wasm" "$c/mvp.wasm" 1296; then
  "$WASMC" --no-cache -O2 --emit=llvm-ir "$c/mv.wasm" -o "$c/mv.ll" 2> /dev/null
  "$WASMC" --no-cache -O2 --emit=llvm-ir "$c/mvp.wasm" -o "$c/mvp.ll" 2> /dev/null
  "$WASMC" "${C[@]}" "$c/mv.wasm" -o "$c/mv.exe" 2> "$c/mv.log" || bad "cache: compile mv" "$c/mv.log"
  "$WASMC" "${C[@]}" --time-report "$c/mvp.wasm" -o "$c/mvp.exe" 2> "$c/mvp.log" || bad "cache: compile mvp" "$c/mvp.log"
  "$WASMC" --no-cache --partition-size=1024 "$c/mvp.wasm" -o "$c/mvp.nocache" 2> /dev/null || bad "cache: --no-cache mvp"
  read -r mhit mn <<< "$(parts "$c/mvp.log")"
  if ! grep -q 'llvm.memmove' "$c/mv.ll" || grep -q 'llvm.memmove' "$c/mvp.ll"; then
    bad "cache: memmove should be recognised before the memcpy change and not after (wasi-libc changed?)"
  elif [ "${mhit:-0}" -ge 1 ] && cmp -s "$c/mvp.exe" "$c/mvp.nocache"; then
    ok "cache: a same-length change to memcpy recompiles memmove's partition ($mhit of $mn partitions cached)"
  else bad "cache: after a same-length change to memcpy: cached build differs from --no-cache ($mhit of $mn cached)" "$c/mvp.log"; fi
else bad "cache: build and patch mv.wasm (no 1296-byte memcpy with i32.const 3?)"; fi
# one function changed: the other partitions come from the cache
"$WASMC" "${C[@]}" --time-report "$c/b.wasm" -o "$c/b.exe" 2> "$c/b.log" || bad "cache: compile of the changed program" "$c/b.log"
read -r bhit bn <<< "$(parts "$c/b.log")"
if [ -n "${bhit:-}" ] && [ "$bn" -ge 4 ] && [ $((bn - bhit)) -ge 1 ] && [ $((bn - bhit)) -le 2 ]; then
  ok "cache: a one-function change recompiles $((bn - bhit)) of $bn partitions"
else bad "cache: after a one-function change $bhit of $bn partitions came from the cache (want all but 1 or 2)" "$c/b.log"; fi
"$c/b.exe" > "$c/b.out" 2>&1; "$c/b.native" > "$c/b.ref" 2>&1
if cmp -s "$c/b.out" "$c/b.ref"; then ok "cache: the changed program prints what its native build prints"
else diff "$c/b.ref" "$c/b.out" > "$c/b.diff"; bad "cache: the changed program's output differs from native" "$c/b.diff"; fi
# the sandbox configuration is part of partition 0's key
for x in one two; do "$WASMC" "${C[@]}" --env WASMC_DET_X=$x "$c/a.wasm" -o "$c/env.$x" 2> "$c/env.$x.log" || bad "cache: --env compile" "$c/env.$x.log"; done
if [ "$("$c/env.one" | tail -1)" = X=one ] && [ "$("$c/env.two" | tail -1)" = X=two ]; then ok "cache: --env WASMC_DET_X=one, then =two: each executable prints its own"
else bad "cache: a cached object kept another compile's --env: $("$c/env.one" | tail -1), $("$c/env.two" | tail -1)"; fi
# four compiles at once into one new cache
pids=()
for k in 1 2 3 4; do "$WASMC" --cache-dir "$c/dir2" --partition-size=1024 "$c/b.wasm" -o "$c/conc.$k" 2> "$c/conc.$k.log" & pids+=($!); done
cst=0; for p in "${pids[@]}"; do wait "$p" || cst=1; done
[ $cst = 0 ] || bad "cache: a concurrent compile failed" "$c/conc.1.log"
same "cache: four concurrent compiles" "$c/b.exe" "$c/conc.1" "$c/conc.2" "$c/conc.3" "$c/conc.4"
left=$(find "$c/dir2" -name '*.tmp-*' | wc -l)
[ "$left" = 0 ] && ok "cache: no temporary files left" || bad "cache: $left temporary files left in the cache"
# the size cap: least recently used objects go
"$WASMC" --cache-dir "$c/dir3" --cache-size=1M "$c/a.wasm" -o "$c/cap.a" 2> /dev/null
"$WASMC" --cache-dir "$c/dir3" --cache-size=1M --partition-size=1024 "$c/b.wasm" -o "$c/cap.b" 2> /dev/null
before=$(du -sb "$c/dir3" | cut -f1)
"$WASMC" --cache-dir "$c/dir3" --cache-size=8K --partition-size=1024 "$c/a.wasm" -o "$c/cap.c" 2> "$c/cap.log" || bad "cache: compile with --cache-size=8K" "$c/cap.log"
after=$(find "$c/dir3" -name '*.o' -printf '%s\n' | awk '{s += $1} END {print s + 0}')
if [ "$after" -le 8192 ] && [ "$before" -gt 8192 ]; then ok "cache: --cache-size=8K trims $before bytes of cache to $after"
else bad "cache: --cache-size=8K left $after bytes of objects (before: $before)"; fi
same "cache: the executable compiled while trimming" "$c/a.cold" "$c/cap.c"
# temporaries a killed compile left (never renamed): the cache scan removes
# those older than an hour and keeps a running compile's
"$WASMC" --cache-dir "$c/dir4" --partition-size=1024 "$c/a.wasm" -o "$c/tmp.a" 2> /dev/null || bad "cache: compile into dir4"
sub=$(find "$c/dir4" -name '*.o' -printf '%h\n' | head -1)
stale="$sub/0123456789abcdef0123456789abcd.o.tmp-99999-1" fresh="$sub/0123456789abcdef0123456789abcd.o.tmp-99999-2"
echo partial > "$stale"; echo partial > "$fresh"; touch -d '2 hours ago' "$stale"
# the scan runs only once an eighth of the cap was stored since the last one
# (4 GiB: not by these compiles; 8K: by the next compile that stores)
"$WASMC" --cache-dir "$c/dir4" --partition-size=1024 "$c/b.wasm" -o "$c/tmp.b" 2> /dev/null || bad "cache: compile into dir4 (b)"
if [ -n "$sub" ] && [ -e "$stale" ] && [ -e "$fresh" ]; then ok "cache: a compile that stored far less than an eighth of the cap does not scan the cache (stale temporary still there)"
else bad "cache: the stale temporary went after a compile that stored a few KiB of a 4 GiB cap (in '$sub')"; fi
"$WASMC" --cache-dir "$c/dir4" --cache-size=8K --partition-size=2048 "$c/b.wasm" -o "$c/tmp.c" 2> /dev/null || bad "cache: compile into dir4 (c)"
if [ -n "$sub" ] && [ ! -e "$stale" ] && [ -e "$fresh" ]; then ok "cache: the scan removes a stale temporary (2 hours old), keeps a fresh one"
else bad "cache: stale temporary $( [ -e "$stale" ] && echo kept || echo removed), fresh one $( [ -e "$fresh" ] && echo kept || echo removed) (in '$sub')"; fi
# SIGTERM (or SIGINT) while an object is being stored: the compile removes
# its cache temporary and its output (WASMC_TEST_CACHE_STALL holds the
# writer for 30 s once the temporary is written)
for sig in TERM INT; do
  d5="$c/dir5.$sig"
  WASMC_TEST_CACHE_STALL=1 "$WASMC" --cache-dir "$d5" --partition-size=1024 -j1 "$c/a.wasm" -o "$c/sig.$sig" \
    2> /dev/null &
  pid=$!
  seen=0
  for _ in $(seq 1 200); do
    [ -n "$(find "$d5" -name '*.tmp-*' 2> /dev/null | head -1)" ] && { seen=1; break; }
    sleep 0.1
  done
  kill -"$sig" "$pid"
  wait "$pid"
  st=$?
  left=$(find "$d5" -name '*.tmp-*' 2> /dev/null | wc -l)
  outs=$(ls "$c"/sig."$sig"* 2> /dev/null | wc -l)
  if [ $seen = 1 ] && [ "$left" = 0 ] && [ "$outs" = 0 ] && [ $st -gt 128 ]; then
    ok "cache: SIG$sig while storing an object removes the cache temporary and the output (status $st)"
  else
    bad "cache: SIG$sig while storing: temporary seen $seen, $left temporaries and $outs outputs left, status $st"
  fi
done
# ---- link plans (compiler/link.c) -------------------------------------------------
# A clang-19 on PATH that logs each call and runs the real one: the first
# link asks it for the ld.lld command (-###), later ones do not call it; a
# change to LIBRARY_PATH (part of the key), or to a directory the plan names
# (its mtime), asks again; --no-cache asks it (-###) while the module
# compiles, then runs ld.lld; an unusable plan runs the driver;
# every executable is the same bytes and a plan's link prints the ld.lld
# command with -v.
lp="$OUT/linkplan"; mkdir -p "$lp/bin" "$lp/ld/libdir"
real_clang=$(command -v clang-19)
printf '#!/bin/sh\necho "$*" >> "%s/calls"\nexec "%s" "$@"\n' "$lp" "$real_clang" > "$lp/bin/clang-19"
chmod +x "$lp/bin/clang-19"
calls() { [ -f "$lp/calls" ] && wc -l < "$lp/calls" || echo 0; }
lpc() { PATH="$lp/bin:$PATH" "$WASMC" --cache-dir "$lp/dir" --partition-size=1024 "$@"; }
lpc "$c/a.wasm" -o "$lp/e1" 2> "$lp/e1.log" || bad "link plan: first link" "$lp/e1.log"
n1=$(calls); probe=$(grep -c -- '-###' "$lp/calls" 2> /dev/null)
lpc -v "$c/a.wasm" -o "$lp/e2" 2> "$lp/e2.log" || bad "link plan: second link" "$lp/e2.log"
n2=$(calls)
if [ "$n1" = 1 ] && [ "$probe" = 1 ] && [ "$n2" = 1 ] && grep -q '^/[^ ]*ld\.lld .* -o [^ ]*e2\.wasmc-tmp-' "$lp/e2.log"; then
  ok "link plan: the first link asks clang-19 -### once, the second runs ld.lld without the driver"
else bad "link plan: driver calls $n1 (-###: $probe) then $n2 (want 1, 1, 1; ld.lld in -v)" "$lp/e2.log"; fi
LIBRARY_PATH="$lp/ld/libdir" lpc "$c/a.wasm" -o "$lp/e3" 2> /dev/null || bad "link plan: LIBRARY_PATH link"
n3=$(calls)
LIBRARY_PATH="$lp/ld/libdir" lpc "$c/a.wasm" -o "$lp/e4" 2> /dev/null || bad "link plan: LIBRARY_PATH link again"
n4=$(calls)
touch -d '1 minute ago' "$lp/ld/libdir"
LIBRARY_PATH="$lp/ld/libdir" lpc "$c/a.wasm" -o "$lp/e5" 2> /dev/null || bad "link plan: link after touching a -L directory"
n5=$(calls)
if [ "$n3" = 2 ] && [ "$n4" = 2 ] && [ "$n5" = 3 ]; then
  ok "link plan: a new LIBRARY_PATH asks the driver again, a changed -L directory too (calls $n2, $n3, $n4, $n5)"
else bad "link plan: driver calls after LIBRARY_PATH $n3, again $n4, after touch $n5 (want 2, 2, 3)"; fi
lpc --no-cache -v "$c/a.wasm" -o "$lp/e6" 2> "$lp/e6.log" || bad "link plan: --no-cache link" "$lp/e6.log"
n6=$(calls)
# --no-cache: the driver is asked (-###) while the module compiles, then ld.lld runs alone
if tail -1 "$lp/calls" | grep -q -- '-###' && grep -q '^/[^ ]*ld\.lld .* -o [^ ]*e6\.wasmc-tmp-' "$lp/e6.log"; then
  ok "link plan: --no-cache asks clang-19 -### beside compilation and runs ld.lld"
else bad "link plan: --no-cache did not link through its -### probe (last call: $(tail -1 "$lp/calls" | cut -c1-80))" "$lp/e6.log"; fi
for f in "$lp/dir"/objects/*/*.m; do grep -q '^wasmc link plan' "$f" && sed -i 's/^arg /argx /' "$f"; done
lpc "$c/a.wasm" -o "$lp/e7" 2> /dev/null || bad "link plan: link with a damaged plan"
n7=$(calls)
if [ "$n6" = 4 ] && [ "$n7" = 5 ]; then ok "link plan: --no-cache asks the driver once; a damaged plan is asked for again"
else bad "link plan: driver calls with --no-cache $n6, with a damaged plan $n7 (want 4, 5)"; fi
same "link plan: executables linked by the driver and by plans" "$c/a.cold" "$lp/e1" "$lp/e2" "$lp/e3" "$lp/e5" "$lp/e6" "$lp/e7"
# ---- the progress line (a terminal from script(1); WASMC_PROGRESS_DELAY=0
# instead of 2 s, these compiles are short) --------------------------------------
pw="$OUT/interp/interp.wasm"
for q in "" -q; do
  WASMC_PROGRESS_DELAY=0 script -qec "$WASMC -O2 -j1 --no-cache --partition-size=2048 $q $pw -o $OUT/progress.exe" \
    "$OUT/progress$q.tty" > /dev/null 2>&1 || bad "progress: compile on a terminal ($q)"
done
if grep -qaE 'wasmc: \[[#.]{20}\] [0-9]+/[0-9]+ partitions, [0-9]+/[0-9]+ functions lowered' "$OUT/progress.tty"; then
  ok "progress: a terminal shows the progress line"
else bad "progress: no progress line on a terminal" "$OUT/progress.tty"; fi
if grep -qa 'functions lowered' "$OUT/progress-q.tty"; then bad "progress: -q still shows the progress line"
else ok "progress: -q shows none"; fi
WASMC_PROGRESS_DELAY=0 "$WASMC" -O2 -j1 --no-cache --partition-size=2048 "$pw" -o "$OUT/progress.exe" 2> "$OUT/progress.pipe"
if [ -s "$OUT/progress.pipe" ]; then bad "progress: stderr that is not a terminal got output" "$OUT/progress.pipe"
else ok "progress: nothing when stderr is not a terminal"; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
