#!/bin/bash
# tests/fuzz/run.sh WASMC OUTDIR — fuzz the path resolver (vfs/vfs_resolve.c)
# with libFuzzer (clang-19 -fsanitize=fuzzer,address,undefined; Debian's
# libclang-rt-19-dev) for FUZZ_SECONDS (default 30).  WASMC is unused (the
# suite calling convention).  The target (fuzz_resolve.c) aborts on any
# escape; a crash leaves its input in OUTDIR/crash-*.
# Cases: build, seed replay, the timed run.  Last line "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
OUT=${2:?usage: run.sh WASMC OUTDIR}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
SECS=${FUZZ_SECONDS:-30}
CC=${CC:-clang-19}
pass=0 failn=0
rec() { echo "$1 $2"; if [ "$1" = PASS ]; then pass=$((pass + 1)); else failn=$((failn + 1)); fi; }
finish() { echo "$pass passed, $failn failed"; [ "$failn" -eq 0 ]; exit $?; }

if $CC -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -D_GNU_SOURCE \
     -I"$repo/vfs" "$here/fuzz_resolve.c" "$repo/vfs/vfs_resolve.c" "$repo/vfs/vfs_errno.c" \
     -o "$OUT/fuzz_resolve" > "$OUT/build.log" 2>&1; then
  rec PASS "fuzz: build fuzz_resolve (libFuzzer + ASan + UBSan)"
else
  rec FAIL "fuzz: build failed (is libclang-rt-19-dev installed?): $(head -3 "$OUT/build.log" | tr '\n' ' ')"; finish
fi

# Seeds: flag byte + [target '\n'] + path (written here: no binary files in git).
seeds="$OUT/seeds"; rm -rf "$seeds"; mkdir -p "$seeds" "$OUT/corpus"
i=0
seed() { i=$((i + 1)); printf "$1" > "$seeds/seed$i"; }
for f in '\x00' '\x01' '\x03' '\x05' '\x07' '\x11' '\x13'; do
  for p in '..' '../outside/secret' 'a/b/c/../../..' 'up/outside' 'a/up2/x' 'abs/etc/passwd' \
           'a/b/rel/secret' 'relf' 'loop' 'ok/c/../g' 'dang' 'a/dd/b/c' 'a/tof' 'proc/etc' \
           'a/b/self/self/c' 'fslash' 'f/' 'a//b///c/' './a/./b/.' '/etc' 'a/b/c/../../../..' 'up' 's/fz'; do
    seed "$f$p"
  done
done
seed '\x09../outside\ns/fz/secret'; seed '\x0b/\ns/fz/etc'; seed '\x09fz\ns/fz'; seed '\x0d..\ns/fz'
seed '\x0f../../a/b\ns/fz/rel/secret'; seed '\x19a/../../..\ns/fz/x'
if "$OUT/fuzz_resolve" -runs=0 "$seeds" > "$OUT/seeds.log" 2>&1; then rec PASS "fuzz: $i seeds replay without an escape"
else rec FAIL "fuzz: seed replay failed: $(grep -E 'ESCAPE|ERROR|bad|disagree' "$OUT/seeds.log" | head -3 | tr '\n' ' ')"; fi

cat > "$OUT/dict" <<'D'
"/"
".."
"."
"../"
"/.."
"up"
"up2"
"abs"
"abs2"
"rel"
"relf"
"loop"
"ok"
"dang"
"dd"
"tof"
"proc"
"self"
"fslash"
"a/b/c"
"s/fz"
"outside"
"secret"
"//"
"\x0a"
D
(cd "$OUT" && timeout $((SECS + 60)) ./fuzz_resolve -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
   -max_len=600 -dict="$OUT/dict" -artifact_prefix="$OUT/" -print_final_stats=1 corpus "$seeds" > fuzz.log 2>&1)
st=$?
stats=$(grep -E '^#[0-9]+.*DONE' "$OUT/fuzz.log" | tail -1)
[ -n "$stats" ] || stats=$(grep -E '^#[0-9]+' "$OUT/fuzz.log" | tail -1)
if [ $st = 0 ]; then rec PASS "fuzz: ${SECS}s of libFuzzer, no escape: $stats"
else rec FAIL "fuzz: libFuzzer exit $st: $(grep -E 'ESCAPE|ERROR|bad|disagree|follow left' "$OUT/fuzz.log" | head -3 | tr '\n' ' ') (artifact: $(ls "$OUT"/crash-* 2>/dev/null | head -1))"; fi
finish
