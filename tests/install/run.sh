#!/bin/bash
# tests/install/run.sh OUTDIR [BUILD]  — the installed toolchain (issue 22):
# `cmake --install` and the Debian package give a wasmc that works without
# the build tree, for both targets.
#
# BUILD (or $WASMC_BUILD_DIR): a configured and built build directory to
# reuse; it is moved aside while the installed trees are tested and moved
# back at the end.  Without it, the plain CMake build (`cmake -S . -B
# OUTDIR/build`, the default generator and CC, usually gcc: the AArch64
# runtime must still be built, by clang-19) is configured and built (JOBS
# jobs, default nproc) and deleted after `cmake --install` and cpack.
#
# Checks, one PASS/FAIL/SKIP line each:
#   the build (both runtime libraries; the AArch64 one holds AArch64 objects);
#   `cmake --install BUILD --prefix OUTDIR/p`: bin/wasmc, lib/wasmc/<triple>/
#   libwasmc_rt.a for both targets, include/wasmc/*.h, share/man/man1/wasmc.1,
#   share/doc/wasmc/; `cpack -G DEB`: the package's Depends names the packages
#   of every shared library wasmc needs, clang-19, lld-19 and the AArch64 cross
#   libc and libgcc, all known to apt; then, with the build tree gone:
#   - the prefix: `wasmc --version` reports both runtimes installed under it;
#     hello.c (clang-19 --target=wasm32-wasi) compiled by the installed wasmc
#     prints what its native build prints, on x86-64 and, for
#     --target=aarch64-linux-gnu, under qemu-aarch64; the same after moving
#     the prefix elsewhere; without the AArch64 library --target=aarch64 fails
#     with one line and leaves no output; WASMC_RT_LIB_<ARCH> still wins;
#     the default hello is below a size bound, -s/--strip is smaller, without
#     a symbol table and prints the same, -g keeps debug information;
#     hello_check also compiles --libc=musl --target=aarch64-linux-gnu -s
#     (when that runtime was built: musl-dev:arm64 fetched) and runs it under
#     qemu: <= 200,000 bytes, linked with the musl files installed beside it;
#     with the default C library, musl, -s makes it <= 200,000 bytes (if the
#     musl runtime was built; --libc=glibc links and prints the same;
#     the optional parts of the runtime, box, timer and line reader, only
#     where asked for: none in hello, the timer with --interruptible, the line
#     reader with -g; docs/benchmarks/size.md);
#     the man page renders, `man wasmc` finds it with the prefix's bin in PATH, it names
#     every option of `wasmc --help` and wasmc's version;
#   - the .deb: installed with dpkg -i when CI=true and running as root (and
#     removed afterwards if it was not installed before), otherwise unpacked
#     with dpkg-deb -x; its layout, --version, and hello for both targets;
#   scripts/build.sh in a scratch directory whose CMakeCache.txt names cc
#   (a configure before clang-19 was installed) and which holds a
#   test-results/ file: it configures afresh with clang-19, builds, and the
#   file is still there.
# Last line: "N passed, N failed, N skipped"; exit status non-zero on failure.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 OUTDIR [BUILD]" >&2; exit 2; }
OUT=$1
BUILD=${2:-${WASMC_BUILD_DIR:-}}
rm -rf "$OUT"; mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd -P)
TRIPLES=(x86_64-linux-gnu aarch64-linux-gnu)
pass=0 fail=0 skip=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; [ -n "${2:-}" ] && [ -s "$2" ] && sed -n '1,15p' "$2" | sed 's/^/    /'; fail=$((fail + 1)); }
skipped() { echo "SKIP $1"; skip=$((skip + 1)); }
finish() { echo "$pass passed, $fail failed, $skip skipped"; [ "$fail" -eq 0 ]; exit; }

if [ "$(uname -m)" != x86_64 ]; then
  skipped "install: written for an x86-64 host (AArch64 under qemu-user)"; finish
fi

# ---- the build ------------------------------------------------------------------
hidden=""
restore() { if [ -n "$hidden" ] && [ -d "$hidden" ] && [ ! -e "$BUILD" ]; then mv "$hidden" "$BUILD"; fi; }
trap restore EXIT
trap 'restore; exit 130' INT TERM
if [ -n "$BUILD" ]; then
  BUILD=$(cd "$BUILD" && pwd) || { bad "build directory '$BUILD' does not exist"; finish; }
  if [ -x "$BUILD/wasmc" ]; then ok "reusing the build in $BUILD"
  else bad "$BUILD/wasmc does not exist (build it first, or give no BUILD)"; finish; fi
  fresh=false
else
  BUILD=$OUT/build
  fresh=true
  if cmake -S "$repo" -B "$BUILD" > "$OUT/configure.log" 2>&1 &&
     cmake --build "$BUILD" -j"${JOBS:-$(nproc)}" > "$OUT/build.log" 2>&1; then
    cc=$(sed -n 's/^CMAKE_C_COMPILER:FILEPATH=//p' "$BUILD/CMakeCache.txt")
    ok "plain cmake configure + build (CC: $cc)"
  else
    cat "$OUT/configure.log" "$OUT/build.log" 2> /dev/null | grep -iE 'error|warning' > "$OUT/build.err"
    bad "plain cmake configure + build" "$OUT/build.err"; finish
  fi
fi
# the runtime libraries the build made, and the AArch64 one's machine
rt_ok=true
for f in "$BUILD/libwasmc_rt.a" "$BUILD/aarch64-linux-gnu/libwasmc_rt.a"; do
  [ -f "$f" ] || { bad "build: $f was not built"; rt_ok=false; }
done
if $rt_ok; then
  m=$(readelf -h "$BUILD/aarch64-linux-gnu/libwasmc_rt.a" 2> /dev/null | sed -n 's/^ *Machine: *//p' | sort -u | tr '\n' ' ')
  if [ "$m" = "AArch64 " ]; then ok "build: both runtime libraries, the aarch64-linux-gnu one of AArch64 objects"
  else bad "build: the aarch64-linux-gnu runtime's objects are for '$m'"; fi
fi

# ---- cmake --install and the layout ---------------------------------------------
P=$OUT/p
if cmake --install "$BUILD" --prefix "$P" > "$OUT/install.log" 2>&1; then ok "cmake --install --prefix $P"
else bad "cmake --install" "$OUT/install.log"; fi
# layout ROOT WHAT [noshare]: the installed files every tree must have
# (noshare: not the man page and documents, which dpkg was told to exclude)
layout() {
  local root=$1 what=$2 missing=() files
  files=(bin/wasmc lib/wasmc/x86_64-linux-gnu/libwasmc_rt.a lib/wasmc/aarch64-linux-gnu/libwasmc_rt.a
         include/wasmc/wasmc_abi.h include/wasmc/wasmc_runtime.h include/wasmc/wasmc_box.h)
  [ "${3:-}" = noshare ] || files+=(share/man/man1/wasmc.1 share/doc/wasmc/README.md share/doc/wasmc/cli.md
                                    share/doc/wasmc/targets.md)
  for f in "${files[@]}"; do [ -f "$root/$f" ] || missing+=("$f"); done
  [ -x "$root/bin/wasmc" ] || missing+=("bin/wasmc (executable)")
  if [ ${#missing[@]} -eq 0 ]; then
    ok "$what: layout (bin, lib/wasmc/<triple>, include/wasmc$([ "${3:-}" = noshare ] || echo ', man1, doc'))"
  else bad "$what: missing ${missing[*]}"; fi
}
layout "$P" "prefix"

# ---- the Debian package -----------------------------------------------------------
deb=""
if ! command -v cpack > /dev/null || ! command -v dpkg-deb > /dev/null; then skipped "cpack -G DEB (no cpack or dpkg-deb)"
elif (cd "$BUILD" && rm -f wasmc_*.deb && cpack -G DEB) > "$OUT/cpack.log" 2>&1 &&
     deb=$(ls "$BUILD"/wasmc_*.deb 2> /dev/null | head -1) && [ -n "$deb" ]; then
  cp "$deb" "$OUT/" && deb=$OUT/$(basename "$deb")
  ok "cpack -G DEB: $(basename "$deb")"
else bad "cpack -G DEB" "$OUT/cpack.log"; deb=""; fi
if [ -n "$deb" ]; then
  depends=$(dpkg-deb -f "$deb" Depends)
  echo "$depends" > "$OUT/depends.txt"
  names=" $(sed -E 's/ *\([^)]*\)//g; s/,/ /g' <<< "$depends") "
  # every package that owns a shared library wasmc needs (libc6 is essential)
  missing=()
  for lib in $(readelf -d "$P/bin/wasmc" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    # "libx.so.1 => /path (addr)", or "/path/ld-linux-x86-64.so.2 (addr)" for the loader
    path=$(ldd "$P/bin/wasmc" | awk -v l="$lib" '$1 == l { print $3; exit } substr($1, 1, 1) == "/" && substr($1, length($1) - length(l)) == "/" l { print $1; exit }')
    [ -z "$path" ] && { missing+=("$lib(not found by ldd)"); continue; }
    pkg=""
    for f in "$(readlink -f "$path")" "$path" "/usr$path"; do
      pkg=$(dpkg -S "$f" 2> /dev/null | head -1 | cut -d: -f1) && [ -n "$pkg" ] && break
    done
    [ -z "$pkg" ] && { missing+=("$lib(no package)"); continue; }
    [ "$pkg" = libc6 ] && continue
    [[ $names == *" $pkg "* ]] || missing+=("$pkg($lib)")
  done
  for pkg in clang-19 lld-19 libc6-dev-arm64-cross libgcc-12-dev-arm64-cross; do
    [[ $names == *" $pkg "* ]] || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then ok "deb: Depends has every library's package, clang-19, lld-19, the arm64 cross libc + libgcc"
  else bad "deb: Depends lacks ${missing[*]} (Depends: $depends)"; fi
  unknown=()
  for pkg in $names; do apt-cache show "$pkg" > /dev/null 2>&1 || unknown+=("$pkg"); done
  if ! apt-cache show libc6 > /dev/null 2>&1; then skipped "deb: Depends known to apt (no apt package lists)"
  elif [ ${#unknown[@]} -eq 0 ]; then ok "deb: every package in Depends is known to apt"
  else bad "deb: packages unknown to apt: ${unknown[*]}"; fi
fi

# ---- from here on, no build tree ----------------------------------------------------
if $fresh; then rm -rf "$BUILD"
else hidden="$BUILD.hidden-by-install-test.$$"; mv "$BUILD" "$hidden"; fi
if [ ! -e "$BUILD" ]; then ok "build tree $BUILD $($fresh && echo deleted || echo moved aside)"
else bad "build tree $BUILD is still there"; fi

W=$OUT/w
mkdir -p "$W"
if clang-19 --target=wasm32-wasi -O2 "$repo/tests/programs/hello.c" -o "$W/hello.wasm" > "$W/cc.log" 2>&1 &&
   clang-19 -O2 "$repo/tests/programs/hello.c" -o "$W/hello-native" >> "$W/cc.log" 2>&1 &&
   "$W/hello-native" world > "$W/expected.txt"; then :
else bad "clang-19: hello.c for wasm32-wasi and native" "$W/cc.log"; finish; fi
QEMU=$(command -v qemu-aarch64 || command -v qemu-aarch64-static || true)

# version_check NAME WASMC ROOT: --version names both runtimes, installed under ROOT
version_check() {
  local name=$1 wasmc=$2 root=$3 v="$OUT/$1.version" t bad_lines=()
  if ! "$wasmc" --version > "$v" 2>&1; then bad "$name: wasmc --version" "$v"; return; fi
  for t in "${TRIPLES[@]}"; do
    grep -qxF "runtime $t: $root/lib/wasmc/$t/libwasmc_rt.a (installed)" "$v" || bad_lines+=("$t")
  done
  grep -qE '^wasmc [0-9]+\.[0-9]+\.[0-9]+$' "$v" || bad_lines+=("wasmc version")
  grep -qE '^LLVM 19\.' "$v" || bad_lines+=("LLVM version")
  grep -qE '^ABI version [0-9]+$' "$v" || bad_lines+=("ABI version")
  if [ ${#bad_lines[@]} -eq 0 ]; then ok "$name: --version: both runtimes installed under $root"
  else bad "$name: --version is wrong about: ${bad_lines[*]}" "$v"; fi
}
# hello_check NAME WASMC: hello.wasm compiled for both targets prints the native output
hello_check() {
  local name=$1 wasmc=$2 d="$OUT/$1"
  mkdir -p "$d"
  if (cd "$d" && "$wasmc" --no-cache "$W/hello.wasm" -o hello && ./hello world > out.txt) > "$d/x86.log" 2>&1 &&
     cmp -s "$d/out.txt" "$W/expected.txt"; then ok "$name: x86_64 hello prints what the native build prints"
  else diff "$W/expected.txt" "$d/out.txt" >> "$d/x86.log" 2>&1; bad "$name: x86_64 hello" "$d/x86.log"; fi
  if ! (cd "$d" && "$wasmc" --no-cache --target=aarch64-linux-gnu "$W/hello.wasm" -o hello-a64) > "$d/a64.log" 2>&1; then
    bad "$name: aarch64 compile" "$d/a64.log"
  elif [ -z "$QEMU" ]; then skipped "$name: aarch64 hello (no qemu-aarch64)"
  elif "$QEMU" "$d/hello-a64" world > "$d/out-a64.txt" 2>> "$d/a64.log" && cmp -s "$d/out-a64.txt" "$W/expected.txt"; then
    ok "$name: aarch64 hello under qemu-aarch64 prints what the native build prints"
  else diff "$W/expected.txt" "$d/out-a64.txt" >> "$d/a64.log" 2>&1; bad "$name: aarch64 hello under qemu" "$d/a64.log"; fi
  # aarch64-linux-musl: musl's crt1.o and libc.a are installed beside its
  # runtime library (nothing of musl is installed on the system), -s <= 200,000
  local root=${wasmc%/bin/wasmc} szm
  local lib=$root/lib/wasmc/aarch64-linux-musl
  if [ ! -f "$lib/libwasmc_rt.a" ]; then
    skipped "$name: aarch64 musl hello (no $lib/libwasmc_rt.a: musl-dev:arm64 not fetched at build time)"
  elif [ ! -f "$lib/crt1.o" ] || [ ! -f "$lib/libc.a" ] || [ ! -f "$lib/musl-copyright" ]; then
    bad "$name: $lib lacks musl's crt1.o, libc.a or musl-copyright: $(ls "$lib" | tr '\n' ' ')"
  elif ! (cd "$d" && "$wasmc" --no-cache -v --libc=musl --target=aarch64-linux-gnu -s "$W/hello.wasm" -o hello-a64m) \
         > "$d/a64m.log" 2>&1 || ! grep -qF "$lib/crt1.o" "$d/a64m.log"; then
    bad "$name: aarch64 musl compile (linked with $lib/crt1.o)" "$d/a64m.log"
  elif [ -z "$QEMU" ]; then skipped "$name: aarch64 musl hello (no qemu-aarch64)"
  elif "$QEMU" "$d/hello-a64m" world > "$d/out-a64m.txt" 2>> "$d/a64m.log" &&
       cmp -s "$d/out-a64m.txt" "$W/expected.txt" && szm=$(stat -c %s "$d/hello-a64m") && [ "$szm" -le 200000 ]; then
    ok "$name: aarch64 musl -s hello ($szm bytes, <= 200,000) under qemu-aarch64 prints what the native build prints"
  else diff "$W/expected.txt" "$d/out-a64m.txt" >> "$d/a64m.log" 2>&1
    bad "$name: aarch64 musl -s hello under qemu ($(stat -c %s "$d/hello-a64m" 2> /dev/null) bytes)" "$d/a64m.log"; fi
}

# ---- the installed prefix ------------------------------------------------------------
version_check prefix "$P/bin/wasmc" "$P"
hello_check prefix "$P/bin/wasmc"

# executable size (docs/benchmarks/size.md): the default hello keeps its symbol
# table but no debug information and only what it uses (--gc-sections), below a
# bound measured on Debian 12 with a margin (1,098,000 bytes with glibc, the
# default until musl; before --gc-sections and --strip-debug it was
# 1,458,000); -s/--strip is smaller, has
# no symbol table and prints the same; -g keeps the runtime's DWARF.
HELLO_MAX_BYTES=${HELLO_MAX_BYTES:-1200000}
# has_section FILE NAME: the ELF file has section NAME (grep reads all of
# readelf's output: grep -q would end the pipe early, and pipefail fail it)
has_section() { [ "$(readelf -SW "$1" 2> /dev/null | grep -cF " $2 ")" -gt 0 ]; }
size_check() {
  local wasmc=$1 d="$OUT/size" sz szs szg
  mkdir -p "$d"
  if ! (cd "$d" && "$wasmc" --no-cache "$W/hello.wasm" -o hello && "$wasmc" --no-cache -s "$W/hello.wasm" -o hello-s &&
        "$wasmc" --no-cache --strip "$W/hello.wasm" -o hello-strip && "$wasmc" --no-cache -g "$W/hello.wasm" -o hello-g) > "$d/cc.log" 2>&1; then
    bad "size: compiling hello with default, -s, --strip and -g" "$d/cc.log"; return
  fi
  sz=$(stat -c %s "$d/hello") szs=$(stat -c %s "$d/hello-s") szg=$(stat -c %s "$d/hello-g")
  if [ "$sz" -le "$HELLO_MAX_BYTES" ]; then ok "size: default x86_64 hello is $sz bytes (<= $HELLO_MAX_BYTES)"
  else bad "size: default x86_64 hello is $sz bytes, more than $HELLO_MAX_BYTES"; fi
  if "$d/hello-s" world > "$d/out-s.txt" 2> "$d/s.log" && cmp -s "$d/out-s.txt" "$W/expected.txt" &&
     cmp -s "$d/hello-s" "$d/hello-strip" && [ "$szs" -lt "$sz" ] &&
     ! has_section "$d/hello-s" .symtab && has_section "$d/hello" .symtab; then
    ok "size: -s/--strip: $szs bytes, no .symtab (default: $sz, with), prints the same"
  else diff "$W/expected.txt" "$d/out-s.txt" >> "$d/s.log" 2>&1
    bad "size: -s/--strip ($szs bytes, default $sz; same file for -s and --strip, no .symtab, same output)" "$d/s.log"; fi
  if has_section "$d/hello-g" .debug_info && ! has_section "$d/hello" .debug_info &&
     [ "$szg" -gt "$sz" ]; then ok "size: -g keeps the runtime's debug information ($szg bytes), the default does not"
  else bad "size: -g ($szg bytes) should have .debug_info and the default ($sz bytes) not"; fi
  # the optional parts of the runtime (wasmc_abi.h WASMC_RT_*_ENTRY) are linked
  # only when asked for: the box file system, the --timeout timer, the line reader
  local parts="vfs_box_load wasmc_timeout_start wrt_lines_lookup"
  defined_parts() { nm "$1" 2> /dev/null | awk '$2 ~ /^[TtWw]$/ {print $3}' | grep -xE "${parts// /|}" | sort | tr '\n' ' '; }
  if (cd "$d" && "$wasmc" --no-cache --interruptible "$W/hello.wasm" -o hello-int) >> "$d/cc.log" 2>&1 &&
     [ -z "$(defined_parts "$d/hello")" ] && [ "$(defined_parts "$d/hello-int")" = "wasmc_timeout_start " ] &&
     [ "$(defined_parts "$d/hello-g")" = "wrt_lines_lookup " ]; then
    ok "size: optional runtime parts: none in hello, the timer with --interruptible, the line reader with -g"
  else bad "size: optional runtime parts: hello has '$(defined_parts "$d/hello")', --interruptible '$(defined_parts "$d/hello-int")', -g '$(defined_parts "$d/hello-g")'" "$d/cc.log"; fi
  # the default C library is musl when its runtime was built and installed
  # (docs/cli.md "C library"): the issue's bound, 200 KB stripped (measured:
  # 188,872 bytes; 222,536 before the optional parts); --libc=glibc still
  # links (about 970,000 bytes) and prints the same
  local musl_rt=${wasmc%/bin/wasmc}/lib/wasmc/x86_64-linux-musl/libwasmc_rt.a szgl
  if [ ! -f "$musl_rt" ]; then skipped "size: musl default (no $musl_rt: musl-dev missing at build time)"; return; fi
  if "$wasmc" --version | grep -q '^default target: x86_64-linux-musl ' && [ "$szs" -le 200000 ]; then
    ok "size: the default C library is musl: -s hello is $szs bytes (<= 200,000)"
  else bad "size: default -s hello is $szs bytes (<= 200,000 with musl the default: $("$wasmc" --version | grep '^default target'))"; fi
  if (cd "$d" && "$wasmc" --no-cache --libc=glibc -s "$W/hello.wasm" -o hello-glibc &&
      ./hello-glibc world > out-glibc.txt) > "$d/glibc.log" 2>&1 && cmp -s "$d/out-glibc.txt" "$W/expected.txt" &&
     szgl=$(stat -c %s "$d/hello-glibc") && [ "$szgl" -gt "$szs" ] && [ "$szgl" -le "$HELLO_MAX_BYTES" ]; then
    ok "size: --libc=glibc -s hello is $szgl bytes, prints the same"
  else diff "$W/expected.txt" "$d/out-glibc.txt" >> "$d/glibc.log" 2>&1
    bad "size: --libc=glibc -s hello ($(stat -c %s "$d/hello-glibc" 2> /dev/null) bytes; same output)" "$d/glibc.log"; fi
}
size_check "$P/bin/wasmc"

# moved elsewhere: the runtime is found relative to the executable
P2=$OUT/moved/prefix
mkdir -p "$OUT/moved" && cp -a "$P" "$P2"
version_check moved "$P2/bin/wasmc" "$P2"
hello_check moved "$P2/bin/wasmc"

# no AArch64 runtime: one error line, exit status 1, no output file
P3=$OUT/noa64
cp -a "$P" "$P3" && rm "$P3/lib/wasmc/aarch64-linux-gnu/libwasmc_rt.a"
(cd "$W" && "$P3/bin/wasmc" --no-cache --target=aarch64-linux-gnu hello.wasm -o noa64) > "$W/noa64.log" 2>&1
st=$?
if [ $st -eq 1 ] && [ "$(wc -l < "$W/noa64.log")" -eq 1 ] &&
   grep -q "^wasmc: error: no runtime library for target aarch64-linux-gnu: .*$P3/lib/wasmc/aarch64-linux-gnu/libwasmc_rt.a" "$W/noa64.log" &&
   ! ls "$W"/noa64* 2> /dev/null | grep -v 'noa64.log$' > /dev/null; then
  ok "missing aarch64 runtime: one error line naming where it was looked for, status 1, no output"
else echo "(exit status $st; files: $(ls "$W"))" >> "$W/noa64.log"; bad "missing aarch64 runtime" "$W/noa64.log"; fi
if "$P3/bin/wasmc" --version 2>&1 | grep -q '^runtime aarch64-linux-gnu: missing (looked for '; then
  ok "missing aarch64 runtime: --version says missing"
else bad "missing aarch64 runtime: --version does not say missing"; fi

# the environment still wins over the installed library (the glibc runtime
# named for x86_64-linux-gnu: --libc=glibc, musl being the default)
cp "$P/lib/wasmc/x86_64-linux-gnu/libwasmc_rt.a" "$W/rt-copy.a"
v=$(WASMC_RT_LIB_X86_64=$W/rt-copy.a "$P/bin/wasmc" --version 2>&1 | grep '^runtime x86_64-linux-gnu:')
v2=$(WASMC_RT_LIB=$W/rt-copy.a "$P/bin/wasmc" --version 2>&1 | grep '^runtime aarch64-linux-gnu:')
if [ "$v" = "runtime x86_64-linux-gnu: $W/rt-copy.a (WASMC_RT_LIB_X86_64)" ] &&
   [ "$v2" = "runtime aarch64-linux-gnu: $W/rt-copy.a (WASMC_RT_LIB)" ] &&
   (cd "$W" && WASMC_RT_LIB_X86_64=$W/rt-copy.a "$P/bin/wasmc" -v --no-cache --libc=glibc hello.wasm -o env-hello 2>&1) |
     grep -qF " $W/rt-copy.a -lm"; then
  ok "WASMC_RT_LIB_X86_64 and WASMC_RT_LIB win over the installed library (--version, link command)"
else bad "environment overrides: got '$v' and '$v2'"; fi

# the man page
man1=$P/share/man/man1/wasmc.1
if ! command -v man > /dev/null; then skipped "man page (no man)"
else
  MANWIDTH=100 man -l "$man1" 2> "$OUT/man.err" | col -b > "$OUT/man.txt"
  if grep -q '^NAME' "$OUT/man.txt" && grep -q 'wasmc - compile a WebAssembly module' "$OUT/man.txt" &&
     ! grep -q . "$OUT/man.err"; then ok "man page renders without warnings"
  else bad "man page does not render cleanly" "$OUT/man.err"; fi
  # man-db searches ../share/man of every PATH directory (unless MANPATH is set)
  found=$(env -u MANPATH PATH="$P/bin:$PATH" man -w wasmc 2> /dev/null)
  if [ "$found" = "$man1" ]; then ok "man wasmc finds $man1 (with $P/bin in PATH)"
  else bad "man -w wasmc with $P/bin in PATH gives '$found'"; fi
  absent=()
  for o in $("$P/bin/wasmc" --help | sed -nE 's/^  (-[^ ]*)( |$).*/\1/p' | sed -E 's/[=|,].*//'); do
    grep -qE -- "(^|[^A-Za-z0-9-])$o([^A-Za-z0-9-]|$)" "$OUT/man.txt" || absent+=("$o")
  done
  n=$("$P/bin/wasmc" --help | grep -cE '^  -')
  if [ ${#absent[@]} -eq 0 ] && [ "$n" -ge 25 ]; then ok "man page names all $n options of wasmc --help"
  else bad "man page lacks options of wasmc --help: ${absent[*]} ($n options read)"; fi
  ver=$("$P/bin/wasmc" --version | head -1)
  if grep -q "^\.TH WASMC 1 .*\"$ver\"" "$man1" 2> /dev/null; then ok "man page is for $ver"
  else bad "man page's .TH line is not for '$ver': $(grep '^\.TH' "$man1" 2>&1)"; fi
fi

# ---- the .deb ----------------------------------------------------------------------------
if [ -z "$deb" ]; then skipped "deb: installed package (no .deb)"
elif [ "${CI:-}" = true ] && [ "$(id -u)" = 0 ]; then
  was_installed=false
  dpkg -s wasmc > /dev/null 2>&1 && was_installed=true
  if dpkg -i "$deb" > "$OUT/dpkg.log" 2>&1; then
    ok "deb: dpkg -i $(basename "$deb")"
    # slim container images tell dpkg not to install man pages and documents
    if cat /etc/dpkg/dpkg.cfg /etc/dpkg/dpkg.cfg.d/* 2> /dev/null | grep -qE '^path-exclude[= ]*/usr/share/(man|doc)/'; then
      layout /usr "deb (dpkg -i)" noshare
      skipped "deb: man wasmc (dpkg's path-exclude leaves out /usr/share/man or /usr/share/doc)"
    else
      layout /usr "deb (dpkg -i)"
      if command -v man > /dev/null && [ "$(env -u MANPATH man -w wasmc 2> /dev/null)" = /usr/share/man/man1/wasmc.1 ]; then
        ok "deb: man wasmc finds /usr/share/man/man1/wasmc.1"
      else bad "deb: man -w wasmc gives '$(env -u MANPATH man -w wasmc 2>&1)'"; fi
    fi
    version_check deb-installed /usr/bin/wasmc /usr
    hello_check deb-installed /usr/bin/wasmc
  else bad "deb: dpkg -i" "$OUT/dpkg.log"; fi
  # leave the system as it was (also after a dpkg -i that failed half way)
  if ! $was_installed && dpkg -s wasmc > /dev/null 2>&1; then
    dpkg -r wasmc > "$OUT/dpkg-r.log" 2>&1 || bad "deb: dpkg -r wasmc" "$OUT/dpkg-r.log"
  fi
else
  D=$OUT/deb-root
  if dpkg-deb -x "$deb" "$D" 2> "$OUT/dpkg-deb.log"; then
    ok "deb: unpacked with dpkg-deb -x (dpkg -i only with CI=true as root)"
    layout "$D/usr" "deb"
    version_check deb "$D/usr/bin/wasmc" "$D/usr"
    hello_check deb "$D/usr/bin/wasmc"
  else bad "deb: dpkg-deb -x" "$OUT/dpkg-deb.log"; fi
fi

# ---- scripts/build.sh over a stale cache ------------------------------------------
# A first run before setup.sh had installed clang-19 left a cache naming cc,
# which later runs reused (gcc 12 then failed -Werror); scripts/test.sh puts
# test-results/ in the build directory before it builds, so the fresh
# configure must keep the directory's other files.
S=$OUT/stale-build
rm -rf "$S"; mkdir -p "$S/test-results"
echo "CMAKE_C_COMPILER:FILEPATH=/usr/bin/cc" > "$S/CMakeCache.txt"
echo kept > "$S/test-results/marker"
if WASMC_BUILD_DIR=$S bash "$repo/scripts/build.sh" > "$OUT/stale-build.log" 2>&1 &&
   grep -q '^CMAKE_C_COMPILER:FILEPATH=.*clang-19$' "$S/CMakeCache.txt" && [ -x "$S/wasmc" ] &&
   [ "$(cat "$S/test-results/marker" 2> /dev/null)" = kept ]; then
  ok "scripts/build.sh: a cache naming cc is configured afresh with clang-19, the directory's other files kept"
else
  grep -n 'CMAKE_C_COMPILER:FILEPATH' "$S/CMakeCache.txt" >> "$OUT/stale-build.log" 2>&1
  bad "scripts/build.sh over a stale cache" "$OUT/stale-build.log"
fi
rm -rf "$S"
finish
