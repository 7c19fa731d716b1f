#!/bin/bash
# tests/box/run.sh WASMC OUTDIR — boxed executables (`wasmc --box`, docs/boxes.md).
#
#   overlay   tests/box/overlay.c on a tree boxed from a directory, from a tar
#             and from a tar.gz: the same output as native Linux on a copy of
#             the tree (write, append, truncate, unlink, rename, mkdir, rmdir,
#             links, readdir merging, errors); the host tree stays untouched
#   lua       the Lua interpreter (tests/real) with its modules in the box,
#             require()-ing them, and --dir layered next to the box
#   sqlite    the SQLite shell on a database file in the box: read, write (to
#             the overlay), integrity check; the host file stays untouched
#   sandbox   read-only files, `..` and symlinks out of the box, absolute paths
#   corrupt   one flipped byte in a file, a directory, the header -> a message
#             naming the path, EIO / exit status 1, never wrong data
#   image     deduplication, a 10,000-file box, bad --box arguments
#   aarch64   the overlay test again for --target=aarch64-linux-gnu under qemu
# BOX_OPT (e.g. -O0) is passed to the Lua and SQLite compiles: the
# ASan+UBSan run (scripts/test.sh (e)) checks the box code, not LLVM's
# optimiser, which the sanitizer allocator makes several times slower.
# Prints PASS/FAIL per case and, last, "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
[ $# -ge 2 ] || { echo "usage: $0 WASMC OUTDIR" >&2; exit 2; }
WASMC=$(realpath "$1"); OUT=$2
rm -rf "$OUT"; mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
OPT=(${BOX_OPT:+"$BOX_OPT"})
pass=0 failn=0
result() { # status name [detail files...]
  local st=$1 n=$2; shift 2
  echo "$st $n"
  if [ "$st" = PASS ]; then pass=$((pass + 1)); else
    failn=$((failn + 1))
    for f in "$@"; do [ -s "$f" ] && sed -n '1,25p' "$f" | sed 's/^/    /'; done
  fi
}
check() { # name command... : PASS when the command succeeds
  local n=$1; shift
  if "$@" > "$OUT/check.log" 2>&1; then result PASS "$n"; else result FAIL "$n" "$OUT/check.log"; fi
}
same() { # name expected actual
  if cmp -s "$2" "$3"; then result PASS "$1"; else diff -u "$2" "$3" > "$3.diff"; result FAIL "$1" "$3.diff"; fi
}
# snapshot of a host tree: names, types, modes, sizes, times, link targets, contents
snap() { (cd "$1" && find . -printf '%p %y %m %s %T@ %l %n\n' | sort && find . -type f -exec sha256sum {} + | sort); }

WASI=(clang-19 --target=wasm32-wasi -O2)

# ---- the test tree ----------------------------------------------------------
T=$OUT/tree
mkdir -p "$T/sub/empty" "$T/sub/deep"
printf 'hello\n' > "$T/a.txt"; ln "$T/a.txt" "$T/hard.txt"
printf '0123456789abc\n' > "$T/b2.txt"; cp "$T/b2.txt" "$T/dup.txt"
printf 'world\n' > "$T/sub/c.txt"; ln -s ../a.txt "$T/sub/link"
printf 'abcdefgh\n' > "$T/sub/deep/d.txt"
touch -d '2001-02-03 04:05:06.123456789' "$T/a.txt" "$T/sub/deep/d.txt" "$T/sub/empty"
snap "$T" > "$OUT/tree.before"
tar --format=posix -C "$T" -cf "$OUT/tree.tar" .
tar --format=posix -C "$T" -czf "$OUT/tree.tar.gz" .

# ---- overlay ------------------------------------------------------------------
if "${WASI[@]}" "$here/overlay.c" -o "$OUT/overlay.wasm" 2> "$OUT/overlay.build" &&
   clang-19 -O2 "$here/overlay.c" -o "$OUT/overlay.native" 2>> "$OUT/overlay.build"; then
  cp -a "$T" "$OUT/copy"
  "$OUT/overlay.native" "$OUT/copy" > "$OUT/overlay.native.out" 2>&1
  for src in "$T" "$OUT/tree.tar" "$OUT/tree.tar.gz"; do
    k=$(basename "$src")
    if "$WASMC" "$OUT/overlay.wasm" --box "$src::/box" -o "$OUT/overlay-$k" > "$OUT/overlay-$k.log" 2>&1; then
      "$OUT/overlay-$k" /box > "$OUT/overlay-$k.out" 2>&1
      same "overlay: box from ${k/tree/directory} behaves as Linux on a copy" "$OUT/overlay.native.out" "$OUT/overlay-$k.out"
    else result FAIL "overlay: wasmc --box $k" "$OUT/overlay-$k.log"; fi
  done
  snap "$T" > "$OUT/tree.after"
  same "overlay: host tree untouched" "$OUT/tree.before" "$OUT/tree.after"
else result FAIL "overlay: build tests/box/overlay.c" "$OUT/overlay.build"; fi

# ---- Lua and SQLite from tests/real ------------------------------------------------
if bash "$repo/tests/real/build.sh" > "$OUT/artifacts.txt" 2> "$OUT/real-build.log"; then
  # shellcheck disable=SC1090
  . <(sed 's/^\([a-z0-9_]*\)=\(.*\)$/\1="\2"/' "$OUT/artifacts.txt")
else
  result FAIL "build Lua and SQLite (tests/real/build.sh)" "$OUT/real-build.log"
fi

if [ -n "${lua_wasm:-}" ]; then
  L=$OUT/lua; cp -a "$here/lua" "$L"; chmod 444 "$L/util.lua"
  ln -s /etc/passwd "$L/abs-escape"; ln -s ../../../../../../../etc/passwd "$L/rel-escape"
  ln -s /lua/pkg/deep.lua "$L/abs-inside"
  snap "$L" > "$OUT/lua.before"
  cp -a "$L" "$OUT/lua-copy"
  (cd "$OUT" && env -i LUA_PATH="$OUT/lua-copy/?.lua;$OUT/lua-copy/?/init.lua" "$lua_native" "$OUT/lua-copy/main.lua" "$OUT/lua-copy" \
     > "$OUT/lua.native.out" 2>&1)
  mkdir -p "$OUT/host"
  if "$WASMC" "${OPT[@]+"${OPT[@]}"}" "$lua_wasm" --box "$L::/lua" --dir "$OUT/host::/host" --env 'LUA_PATH=/lua/?.lua;/lua/?/init.lua' \
       -o "$OUT/lua.exe" > "$OUT/lua.log" 2>&1; then
    env -i "$OUT/lua.exe" /lua/main.lua /lua > "$OUT/lua.out" 2>&1
    same "lua: require() of boxed modules, files read and written in the box" "$OUT/lua.native.out" "$OUT/lua.out"
    env -i "$OUT/lua.exe" -e '
      local f = assert(io.open("/host/from-guest.txt", "w")); f:write("layered\n"); f:close()
      local g = assert(io.open("/lua/data/overlay-only.txt", "w")); g:write("x"); g:close()
      print(io.open("/lua/data/overlay-only.txt"):read("a"))' > "$OUT/layer.out" 2>&1
    check "lua: --dir layered next to the box writes to the host, box writes stay in memory" \
      bash -c "[ \"\$(cat '$OUT/host/from-guest.txt')\" = layered ] && [ \"\$(cat '$OUT/layer.out')\" = x ] &&
               ! find '$L' '$OUT/host' -name overlay-only.txt | grep -q ."
    env -i "$OUT/lua.exe" -e '
      local function try(p, m) local f, err = io.open(p, m); print(p, m, f and "opened" or err) if f then f:close() end end
      try("/lua/util.lua", "r")
      try("/lua/util.lua", "w")
      try("/lua/util.lua", "a")
      try("/lua/main.lua", "a")
      try("/lua/../etc/passwd", "r")
      try("/lua/abs-escape", "r")
      try("/lua/rel-escape", "r")
      try("/etc/passwd", "r")
      print("abs-inside", io.open("/lua/abs-inside"):read("l"))' > "$OUT/sandbox.out" 2>&1
    cat > "$OUT/sandbox.expected" <<'EXP'
/lua/util.lua	r	opened
/lua/util.lua	w	/lua/util.lua: Permission denied
/lua/util.lua	a	/lua/util.lua: Permission denied
/lua/main.lua	a	opened
/lua/../etc/passwd	r	/lua/../etc/passwd: Capabilities insufficient
/lua/abs-escape	r	/lua/abs-escape: Capabilities insufficient
/lua/rel-escape	r	/lua/rel-escape: Capabilities insufficient
/etc/passwd	r	/etc/passwd: Capabilities insufficient
abs-inside	local M = {}
EXP
    same "sandbox: read-only files, escapes by .., absolute and relative symlinks" "$OUT/sandbox.expected" "$OUT/sandbox.out"
    snap "$L" > "$OUT/lua.after"
    same "lua: host tree untouched" "$OUT/lua.before" "$OUT/lua.after"
  else result FAIL "lua: wasmc --box" "$OUT/lua.log"; fi
fi

if [ -n "${sqlite_wasm:-}" ]; then
  D=$OUT/db; mkdir -p "$D"
  { echo "CREATE TABLE t(name TEXT, v INTEGER);"
    for i in $(seq 1 200); do echo "INSERT INTO t VALUES ('row$i', $((i * 7 % 101)));"; done
    echo "INSERT INTO t VALUES ('a', 1);"; } | env -i "$sqlite_native" -batch "$D/test.db"
  snap "$D" > "$OUT/db.before"
  cp -a "$D" "$OUT/db-copy"
  env -i HOME=/nonexistent "$sqlite_native" -batch "$OUT/db-copy/test.db" < "$here/db.sql" > "$OUT/db.native.out" 2>&1
  echo "status $?" >> "$OUT/db.native.out"
  if "$WASMC" "${OPT[@]+"${OPT[@]}"}" "$sqlite_wasm" --box "$D::/data" --env HOME=/nonexistent -o "$OUT/sqlite.exe" > "$OUT/sqlite.log" 2>&1; then
    env -i "$OUT/sqlite.exe" -batch /data/test.db < "$here/db.sql" > "$OUT/db.out" 2>&1
    echo "status $?" >> "$OUT/db.out"
    same "sqlite: database file in the box read, written (overlay), checked" "$OUT/db.native.out" "$OUT/db.out"
    snap "$D" > "$OUT/db.after"
    same "sqlite: host database untouched" "$OUT/db.before" "$OUT/db.after"
  else result FAIL "sqlite: wasmc --box" "$OUT/sqlite.log"; fi
fi

# ---- corruption -------------------------------------------------------------------
if [ -x "$OUT/overlay-tree" ]; then
  flip() { python3 "$here/flip.py" "$OUT/overlay-tree" "$OUT/$1" "$2" && chmod +x "$OUT/$1"; }
  if flip bad-file 0123456789abc; then
    "$OUT/bad-file" /box > "$OUT/bad-file.out" 2> "$OUT/bad-file.err"
    check "corrupt: flipped file byte -> message naming the file, EIO" bash -c "
      grep -q 'wasmc: box image corrupted: /box/b2.txt: file contents do not match their hash' '$OUT/bad-file.err' &&
      grep -qE '^cat b2.txt +EIO' '$OUT/bad-file.out' && ! grep -q '0123456789abC' '$OUT/bad-file.out'"
  else result FAIL "corrupt: flip a file byte"; fi
  if flip bad-dir deep; then
    "$OUT/bad-dir" /box > "$OUT/bad-dir.out" 2> "$OUT/bad-dir.err"
    check "corrupt: flipped directory entry -> message naming the directory, EIO" bash -c "
      grep -q 'wasmc: box image corrupted: /box/sub: directory does not match its hash' '$OUT/bad-dir.err' &&
      grep -qE '^ls sub +EIO' '$OUT/bad-dir.out'"
  else result FAIL "corrupt: flip a directory byte"; fi
  if flip bad-header @0x30; then
    "$OUT/bad-header" /box > "$OUT/bad-header.out" 2> "$OUT/bad-header.err"; st=$?
    check "corrupt: flipped header byte -> start-up error, status 1" bash -c "
      [ $st = 1 ] && grep -q 'wasmc: box image corrupted: header' '$OUT/bad-header.err' && [ ! -s '$OUT/bad-header.out' ]"
  else result FAIL "corrupt: flip a header byte"; fi
fi

# ---- the image --------------------------------------------------------------------
boxsize() { local h; h=$(readelf -SW "$1" | awk '{ for (i = 1; i < NF; i++) if ($i == ".wasmc_box") print $(i + 4) }'); echo $((16#${h:-0})); }
mkdir -p "$OUT/dedup"
head -c 1048576 /dev/urandom > "$OUT/dedup/one.bin"
cp "$OUT/dedup/one.bin" "$OUT/dedup/two.bin"; mkdir "$OUT/dedup/d"; cp "$OUT/dedup/one.bin" "$OUT/dedup/d/three.bin"
if "$WASMC" "$OUT/overlay.wasm" --box "$OUT/dedup" -o "$OUT/dedup.exe" > "$OUT/dedup.log" 2>&1; then
  sz=$(boxsize "$OUT/dedup.exe")
  check "image: 3 identical 1 MiB files stored once ($sz bytes)" test "$sz" -gt 1048576 -a "$sz" -lt 1100000
else result FAIL "image: wasmc --box dedup" "$OUT/dedup.log"; fi

B=$OUT/big
for d in $(seq -w 0 99); do mkdir -p "$B/d$d"; for f in $(seq -w 0 99); do echo "file $d/$f" > "$B/d$d/f$f.txt"; done; done
if "$WASMC" "${OPT[@]+"${OPT[@]}"}" "$lua_wasm" --box "$B::/big" -o "$OUT/big.exe" > "$OUT/big.log" 2>&1; then
  env -i "$OUT/big.exe" -e 'print(io.open("/big/d57/f42.txt"):read("l")); print(io.open("/big/d99/f99.txt"):read("l"))' > "$OUT/big.out" 2>&1
  printf 'file 57/42\nfile 99/99\n' > "$OUT/big.expected"
  same "image: a 10,000-file box" "$OUT/big.expected" "$OUT/big.out"
else result FAIL "image: wasmc --box of 10,000 files" "$OUT/big.log"; fi

# bad arguments: one message, status 1, no output file left
badarg() { # name expected-message-regex args...
  local n=$1 re=$2; shift 2
  rm -f "$OUT/bad.exe"
  "$WASMC" "$OUT/overlay.wasm" "$@" -o "$OUT/bad.exe" > "$OUT/bad.log" 2>&1; local st=$?
  if [ $st = 1 ] && grep -qE -- "$re" "$OUT/bad.log" && [ "$(wc -l < "$OUT/bad.log")" = 1 ] && [ ! -e "$OUT/bad.exe" ]; then
    result PASS "bad argument: $n"
  else echo "status $st" >> "$OUT/bad.log"; result FAIL "bad argument: $n" "$OUT/bad.log"; fi
}
mkdir -p "$OUT/withfifo"; mkfifo "$OUT/withfifo/pipe"
badarg "missing source" "box: cannot open '$OUT/nope'" --box "$OUT/nope"
badarg "FIFO in the tree" "withfifo/pipe' is a device, FIFO or socket" --box "$OUT/withfifo"
badarg "relative guest path" "--box needs SOURCE" --box "$T::box"
badarg "'..' in the guest path" "--box needs SOURCE" --box "$T::/a/../b"
badarg "two boxes at one path" "two boxes mounted at '/x'" --box "$T::/x" --box "$T::/x/"
badarg "--emit=obj" "--box needs --emit=exe" --box "$T" --emit=obj
"$WASMC" "$OUT/overlay.wasm" --box "$T" -o "$OUT/no-such-dir/x.exe" > "$OUT/bad.log" 2>&1; st=$?
check "bad argument: -o in a missing directory -> one clear line" bash -c "[ $st = 1 ] &&
  [ \"\$(wc -l < '$OUT/bad.log')\" = 1 ] && grep -q \"cannot write '$OUT/no-such-dir/x.exe': No such file\" '$OUT/bad.log'"
printf 'not a tar' > "$OUT/junk.tar"
badarg "not an archive" "box: cannot read archive" --box "$OUT/junk.tar"

# ---- AArch64 --------------------------------------------------------------------------
if [ "${TEST_SKIP_AARCH64:-0}" != 1 ] && command -v qemu-aarch64 > /dev/null; then
  if "$WASMC" --target=aarch64-linux-gnu "$OUT/overlay.wasm" --box "$T::/box" -o "$OUT/overlay-arm64" > "$OUT/arm64.log" 2>&1; then
    qemu-aarch64 "$OUT/overlay-arm64" /box > "$OUT/overlay-arm64.out" 2>&1
    same "aarch64: overlay test under qemu-aarch64" "$OUT/overlay.native.out" "$OUT/overlay-arm64.out"
  else result FAIL "aarch64: wasmc --box --target=aarch64-linux-gnu" "$OUT/arm64.log"; fi
fi

echo "$pass passed, $failn failed"
[ "$failn" -eq 0 ]
