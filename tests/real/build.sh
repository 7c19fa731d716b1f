#!/bin/bash
# tests/real/build.sh — fetch (tests/real/fetch.sh) and build the real programs,
# natively (clang-19 -O2) and for wasm32-wasi (clang-19 -O2), caching results
# in ~/.cache/wasmc/build/<name>-<source version>-<hash of this script and
# tests/real/port/>.  Prints "NAME=PATH" lines for the artifacts:
#   lua_native lua_wasm sqlite_native sqlite_wasm speedtest1_native speedtest1_wasm
# See docs/porting.md for what each wasm build needs and why.
#
#   tests/real/build.sh [lua] [sqlite]   build only these (default: both); prints
#                                        only their lines
#   REAL_WASM_CFLAGS="-g"                extra flags for every wasm compile (e.g. -g:
#                                        DWARF for wasmc -g, docs/debugging.md); a
#                                        non-empty value is part of the cache key
#                                        and builds in <name>-<version>-<key>-<hash
#                                        of the flags>, beside the default build
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE="${WASMC_CACHE:-$HOME/.cache/wasmc}"
CC=${CC:-clang-19}
P="$here/port"
JOBS=${JOBS:-$(nproc)}
log() { echo "real/build: $*" >&2; }

read -r -a EXTRA <<< "${REAL_WASM_CFLAGS:-}"
key=$(cat "$here/build.sh" "$P"/*.h "$P"/*.c "$P"/include/*.h | sha256sum | cut -c1-12)
[ ${#EXTRA[@]} -gt 0 ] && key="$key-$(printf '%s ' "${EXTRA[@]}" | sha256sum | cut -c1-8)"
want=" ${*:-lua sqlite} "
mapfile -t dirs < <("$here/fetch.sh" lua5.4 sqlite3)
LUA_SRC=${dirs[0]} SQL_SRC=${dirs[1]}
lua_ver=$(basename "$(dirname "$LUA_SRC")") sql_ver=$(basename "$(dirname "$SQL_SRC")")

WASM_FLAGS=(--target=wasm32-wasi -O2 "${EXTRA[@]+"${EXTRA[@]}"}")
WASM_LINK=(--target=wasm32-wasi -Wl,-z,stack-size=8388608)  # link without -O: no implicit wasm-opt

# ---------------------------------------------------------------- Lua 5.4
L="$CACHE/build/lua-$lua_ver-$key"
if [[ $want == *" lua "* ]]; then
if [ ! -f "$L/.complete" ]; then
  log "building Lua $lua_ver in $L"
  rm -rf "$L"; mkdir -p "$L/native" "$L/wasm"
  # Debian's luaconf.h patch includes a generated multiarch header.
  echo '#define DEB_HOST_MULTIARCH "x86_64-linux-gnu"' > "$L/lua5.4-deb-multiarch.h"
  srcs=$(ls "$LUA_SRC"/src/*.c | grep -v '/luac\.c$')
  # native: the reference build, as Debian's (LUA_USE_LINUX minus readline/dlopen
  # so that both builds offer the same library)
  (cd "$L/native" && printf '%s\n' $srcs | xargs -P "$JOBS" -I{} $CC -O2 -w -c -I"$L" -DLUA_USE_POSIX {} &&
     $CC *.o -o "$L/lua.native" -lm)
  # wasm: see docs/porting.md (setjmp/longjmp through the exception-handling
  # proposal, stubs, emulated libs)
  (cd "$L/wasm" && printf '%s\n' $srcs | xargs -P "$JOBS" -I{} $CC "${WASM_FLAGS[@]}" -mllvm -wasm-enable-sjlj -w -c \
       -I"$L" -I"$P" -I"$P/include" -include "$P/lua_wasi.h" -D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS {} &&
     $CC "${WASM_FLAGS[@]}" -mllvm -wasm-enable-sjlj -w -c -I"$P" "$P/wasm_sjlj.c" "$P/wasi_port.c" &&
     $CC "${WASM_LINK[@]}" *.o -o "$L/lua.wasm" -lm -lwasi-emulated-signal -lwasi-emulated-process-clocks)
  touch "$L/.complete"
fi
echo "lua_native=$L/lua.native"
echo "lua_wasm=$L/lua.wasm"
fi

# ---------------------------------------------------------------- SQLite
S="$CACHE/build/sqlite-$sql_ver-$key"
[[ $want == *" sqlite "* ]] || exit 0
if [ ! -f "$S/.complete" ]; then
  log "building SQLite $sql_ver in $S"
  rm -rf "$S"; mkdir -p "$S/amal"
  # Debian ships the canonical source tree, not the amalgamation: generate
  # sqlite3.c/shell.c with the upstream makefile (needs tclsh).
  (cd "$S/amal" && "$SQL_SRC/configure" CC="$CC" > configure.log 2>&1 && make -j"$JOBS" sqlite3.c shell.c > make.log 2>&1)
  common=(-DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_DEFAULT_MEMSTATUS=0 -DSQLITE_ENABLE_MATH_FUNCTIONS)
  wasmdefs=(-I"$P" -I"$P/include" -include "$P/wasi_port.h" -D_WASI_EMULATED_MMAN -D_WASI_EMULATED_PROCESS_CLOCKS
            -D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_GETPID -DSQLITE_OMIT_WAL -DSQLITE_NOHAVE_SYSTEM -DSQLITE_OMIT_POPEN)
  wasmlibs=(-lwasi-emulated-mman -lwasi-emulated-process-clocks -lwasi-emulated-signal -lwasi-emulated-getpid)
  A="$S/amal"
  (
    $CC -O2 -w "${common[@]}" -I"$A" -c "$A/sqlite3.c" -o "$S/sqlite3.native.o" &
    $CC "${WASM_FLAGS[@]}" -w "${common[@]}" "${wasmdefs[@]}" -I"$A" -c "$A/sqlite3.c" -o "$S/sqlite3.wasm.o" &
    wait
    $CC -O2 -w "${common[@]}" -I"$A" -c "$A/shell.c" -o "$S/shell.native.o" &
    $CC "${WASM_FLAGS[@]}" -w "${common[@]}" "${wasmdefs[@]}" -I"$A" -c "$A/shell.c" -o "$S/shell.wasm.o" &
    wait
    $CC -O2 -w "${common[@]}" -I"$A" -c "$SQL_SRC/test/speedtest1.c" -o "$S/speedtest1.native.o" &
    $CC "${WASM_FLAGS[@]}" -w "${common[@]}" "${wasmdefs[@]}" -I"$A" -c "$SQL_SRC/test/speedtest1.c" -o "$S/speedtest1.wasm.o" &
    $CC "${WASM_FLAGS[@]}" -w -c "$P/wasi_port.c" -o "$S/wasi_port.wasm.o" &
    wait
  )
  $CC "$S/sqlite3.native.o" "$S/shell.native.o" -o "$S/sqlite3.native" -lm
  $CC "$S/sqlite3.native.o" "$S/speedtest1.native.o" -o "$S/speedtest1.native" -lm
  $CC "${WASM_LINK[@]}" "$S/sqlite3.wasm.o" "$S/shell.wasm.o" "$S/wasi_port.wasm.o" -o "$S/sqlite3.wasm" -lm "${wasmlibs[@]}"
  $CC "${WASM_LINK[@]}" "$S/sqlite3.wasm.o" "$S/speedtest1.wasm.o" "$S/wasi_port.wasm.o" -o "$S/speedtest1.wasm" -lm "${wasmlibs[@]}"
  rm -f "$S"/*.o
  touch "$S/.complete"
fi
echo "sqlite_native=$S/sqlite3.native"
echo "sqlite_wasm=$S/sqlite3.wasm"
echo "speedtest1_native=$S/speedtest1.native"
echo "speedtest1_wasm=$S/speedtest1.wasm"
