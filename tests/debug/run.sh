#!/bin/bash
# tests/debug/run.sh WASMC OUTDIR — debuggable executables (issue 21,
# docs/debugging.md): function names from the name section, DWARF or exports
# in the symbol table and in trap messages; the backtrace printed on a trap.
#
#   trap3.c  (clang-19 --target=wasm32-wasi -O1, compiled with -c then linked
#            without wasm-opt, which would drop the name section and zero the
#            DWARF addresses) traps three calls deep: main -> level1 -> level2
#            -> level3 (unreachable; "oob": a fault; "stack": recursion until
#            the stack is exhausted; "spin": a loop until --timeout 300ms (1 s under qemu)
#            interrupts it, at the latch check placed after optimisation,
#            which must keep every frame).  Four modules: with and without -g, each
#            with its name section and without it (llvm-objcopy-19
#            --remove-section=name).
#
# Backtrace cases check the frames after the trap line: level3, level2,
# level1, main in that order, each with its function index and the body's
# module offset as wasm-objdump prints it; with -g also " at
# /…/trap3.c:LINE:COLUMN" (the trap's line, then the calls' lines).
#
# -g cases: the module's DWARF line table becomes the executable's; gdb
# `break trap3.c:LINE` and `break level3` stop in the right function, `bt`
# gives each frame's source name (level2, not wasm_level2) and file:line; partitioned -g output is byte-identical at -j1 and
# -j2 (uncached).
#
# vars.c (clang -O0 and -O2, wasmc -O0 -g): gdb `info args`, `info locals` in
# a lexical block, `print` of an int and of a struct (debuginfo_vars.c).
#
# Lua (Debian's source, built -g by tests/real/build.sh with REAL_WASM_CFLAGS=-g,
# compiled by wasmc -O2 -g): gdb `break luaV_execute` and `break lvm.c:LINE`,
# `bt` with luaV_execute/luaD_pcall/lua_pcallk at lvm.c/ldo.c/lapi.c lines;
# perf record + report put wasm_luaV_execute in the top 3 symbols of a
# CPU-bound script (SKIP with perf's own reason when it may not sample).
#
# WASMC_TARGET / WASMC_EMULATOR (as in the other suites) select the target and
# the command that runs its executables (qemu-aarch64); the gdb cases need the
# host target.  One PASS/FAIL/SKIP line per case; last line
# "N passed, N failed, N skipped".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# WASMC, OUT, EMU, TFLAG, rec
source "$here/../../scripts/lib/suite.sh"
skipn=0
skip() { echo "SKIP $1"; skipn=$((skipn + 1)); }
finish() { echo "$pass passed, $failn failed, $skipn skipped"; [ "$failn" = 0 ]; exit; }

# ---- modules ------------------------------------------------------------------
fatal=""
for g in g nog; do
  gflag=(); [ $g = g ] && gflag=(-g)
  if ! { clang-19 --target=wasm32-wasi -O1 "${gflag[@]+"${gflag[@]}"}" -c "$here/trap3.c" -o "$OUT/trap3-$g.o" &&
         clang-19 --target=wasm32-wasi "$OUT/trap3-$g.o" -o "$OUT/trap3-$g.wasm" &&
         llvm-objcopy-19 --remove-section=name "$OUT/trap3-$g.wasm" "$OUT/trap3-$g-noname.wasm"; } \
       2> "$OUT/cc-$g.log"; then
    fatal="building trap3.c ($g): $(head -1 "$OUT/cc-$g.log")"
  fi
done
if [ -n "$fatal" ]; then rec FAIL "debug: $fatal"; finish; fi
if llvm-objdump-19 -h "$OUT/trap3-g-noname.wasm" | grep -qw name ||
   ! llvm-objdump-19 -h "$OUT/trap3-g-noname.wasm" | grep -q debug_info; then
  rec FAIL "debug: trap3-g-noname.wasm should have DWARF and no name section"; finish
fi

# exe NAME MODULE WASMC-FLAGS...: scripts/lib/suite.sh
exe names trap3-g                          # name section
exe dwarf trap3-g-noname                   # DWARF only
exe plain trap3-nog                        # name section, no DWARF
exe bare trap3-nog-noname                  # neither: $index
exe dwarf-parts trap3-g-noname --partition-size=4096 -j2   # partitioned
exe dwarf-O0 trap3-g-noname -O0
exe gline trap3-g-noname -g                # -g: line tables
exe gline-nodwarf trap3-nog -g             # -g without DWARF: symbols only
exe gline-p2 trap3-g-noname -g --partition-size=4096 -j2 --no-cache
exe gline-p1 trap3-g-noname -g --partition-size=4096 -j1 --no-cache
# interrupted at a loop check placed after optimisation; the limit counts from the start, so
# under qemu (slow to start) it is longer, or it would end before main (docs/debugging.md)
spin_to=300ms; [ ${#EMU[@]} -gt 0 ] && spin_to=1s
exe spin trap3-g-noname --timeout $spin_to
exe gspin trap3-g-noname -g -O0 --timeout $spin_to

# run NAME: run $OUT/NAME; sets st, out, err
run() {
  local exe=$1; shift
  env -i PATH="$PATH" timeout 60 "${EMU[@]+"${EMU[@]}"}" "$OUT/$exe" "$@" < /dev/null > "$OUT/$exe.out" 2> "$OUT/$exe.err"
  st=$?
  out=$(cat "$OUT/$exe.out") err=$(cat "$OUT/$exe.err")
}

# ---- names: symbols and the trap line ----------------------------------------
# symbols NAME: the executable's symbol table has wasm_level1..3 and wasm_main
symbols() {
  local syms missing=""
  syms=$(nm "$OUT/$1" 2> /dev/null)
  for f in level1 level2 level3 main; do grep -Eq " [tT] wasm_$f\$" <<< "$syms" || missing="$missing wasm_$f"; done
  if [ -z "$missing" ]; then rec PASS "names: $1: symbols wasm_level1..3, wasm_main"
  else rec FAIL "names: $1: missing symbols:$missing"; fi
}
# first_line NAME REGEX [ARGS]: exit 134, stdout "start", first stderr line matches
first_line() {
  run "$1" "${@:3}"
  local l1
  l1=$(head -1 <<< "$err")
  if [ "$st" = 134 ] && [ "$out" = start ] && grep -Eq -- "$2" <<< "$l1"; then rec PASS "trap line: $1: $l1"
  else rec FAIL "trap line: $1: status $st (want 134), stdout '$out', first line '$l1' (want /$2/)"; fi
}
for e in names dwarf plain dwarf-parts dwarf-O0 gline gline-nodwarf gline-p2; do
  [ -f "$OUT/$e" ] || continue
  symbols "$e"
  first_line "$e" '^wasm trap: unreachable in function level3$'
done
if [ -f "$OUT/bare" ]; then
  first_line bare '^wasm trap: unreachable in function \$[0-9]+$'
  if grep -Eq ' [tT] wasm_level3$' <<< "$(nm "$OUT/bare")"; then rec FAIL "names: bare: wasm_level3 without a name section or DWARF"
  else rec PASS "names: bare: no wasm_level3 symbol without names or DWARF"; fi
fi
# a module whose DWARF was left with zero addresses (wasm-opt without -g) names nothing
if clang-19 --target=wasm32-wasi -O1 -g "$here/trap3.c" -o "$OUT/trap3-opt.wasm" 2> "$OUT/cc-opt.log" &&
   llvm-objcopy-19 --remove-section=name "$OUT/trap3-opt.wasm" "$OUT/trap3-opt-noname.wasm"; then
  exe zeroed trap3-opt-noname
  [ -f "$OUT/zeroed" ] && first_line zeroed '^wasm trap: unreachable in function \$[0-9]+$'
else rec FAIL "building trap3.c through wasm-opt: $(head -1 "$OUT/cc-opt.log")"; fi

# ---- backtraces -----------------------------------------------------------------
# body offsets of level1..3 and main, as wasm-objdump prints them ("0001c9 func[8] <level3>:")
declare -A idx off
while read -r o i n; do idx[$n]=$i off[$n]=$((16#$o)); done < <(
  wasm-objdump -d "$OUT/trap3-g.wasm" | sed -nE 's/^([0-9a-f]+) func\[([0-9]+)\] <(level[123]|main)>:$/\1 \2 \3/p')
if [ "${#idx[@]}" != 4 ]; then rec FAIL "backtrace: wasm-objdump found ${#idx[@]} of level1..3, main"; finish; fi
# the module offset of the call each outer frame is in: the (only) call_indirect of level2, level1, main
declare -A callo
while read -r n o; do callo[$n]=$((16#$o)); done < <(
  wasm-objdump -d "$OUT/trap3-g.wasm" | awk '/^[0-9a-f]+ func\[/ {fn = $3; gsub(/[<>:]/, "", fn); next}
    /call_indirect/ && (fn == "level2" || fn == "level1" || fn == "main") && !seen[fn]++ {sub(/:$/, "", $1); print fn, $1}')
if [ "${#callo[@]}" != 3 ]; then rec FAIL "backtrace: wasm-objdump found ${#callo[@]} of the calls in level2, level1, main"; finish; fi
line_of() { grep -n "/\* $1 \*/" "$here/trap3.c" | cut -d: -f1; }
declare -A srcline=([level3]=$(line_of TRAP_LINE) [level2]=$(line_of CALL2_LINE) [level1]=$(line_of CALL1_LINE)
                    [main]=$(line_of MAIN_LINE))
# frames NAME LABEL NAMED ARGS...: after the trap line, "wasm backtrace (innermost first):"
# then level3, level2, level1, main (by name when NAMED=1, else by $index; NAMED=g: by
# name, each ending in " at <dir>/trap3.c:LINE:COLUMN", the unreachable's and the calls' lines);
# with -g (NAMED=g), the outer three with ", call at OFFSET", the module offset of
# their call_indirect (the call-site table is written with -g only)
frames() {
  local exe=$1 label=$2 named=$3; shift 3
  [ -f "$OUT/$exe" ] || return
  run "$exe" "$@"
  # a time limit counts from the start: on a loaded machine it may run out before main
  if [ "${EARLY_SKIP:-}" = 1 ] && [ "$out" != start ]; then
    skip "backtrace: $exe $label: the time limit ran out before main started (a slow or loaded machine)"; return
  fi
  local want="wasm backtrace \(innermost first\):" k=0 f n
  for f in level3 level2 level1 main; do
    n=$f; [ "$named" = 0 ] && n="\\\$${idx[$f]}"
    want="$want
  #$k $n \(function ${idx[$f]}, body at module offset $(printf 0x%x "${off[$f]}")$([ $k -gt 0 ] && [ "$named" = g ] && printf ', call at 0x%x' "${callo[$f]}")\)"
    [ "$named" = g ] && want="$want at /.*/trap3\.c:${srcline[$f]}:[0-9]+"
    k=$((k + 1))
  done
  local got
  got=$(sed -n '2,6p' <<< "$err")
  if [ "$st" = 134 ] && [ "$(grep -cE -f <(echo "$want" | sed 's/^/^/; s/$/$/') <<< "$got")" = 5 ] &&
     paste -d '\n' <(echo "$want") <(echo "$got") | awk 'NR % 2 == 1 {re = "^" $0 "$"; next} $0 !~ re {bad = 1} END {exit bad}'; then
    rec PASS "backtrace: $exe $label"
  else rec FAIL "backtrace: $exe $label: status $st, got '$(tr '\n' '|' <<< "$got")' want /$(tr '\n' '|' <<< "$want")/"; fi
}
frames names "unreachable (name section)" 1
frames dwarf "unreachable (DWARF names)" 1
frames dwarf-parts "unreachable (partitioned)" 1
frames dwarf-O0 "unreachable (-O0)" 1
frames gline "unreachable (-g: file:line:column)" g
srcline[level3]=$(line_of OOB_LINE)
frames gline "out of bounds load (-g, signal handler)" g oob
srcline[level3]=$(line_of TRAP_LINE)
# --timeout: the loop check's trap keeps every frame (and, -g -O0, the loop's line)
EARLY_SKIP=1 frames spin "interrupted loop (--timeout)" 1 spin
srcline[level3]=$(line_of SPIN_LINE)
EARLY_SKIP=1 frames gspin "interrupted loop (--timeout, -g -O0: the loop's line)" g spin
srcline[level3]=$(line_of TRAP_LINE)
frames bare "unreachable (no names: \$index)" 0
frames dwarf "out of bounds load (signal handler)" 1 oob
[ -f "$OUT/dwarf" ] && first_line dwarf '^wasm trap: out of bounds memory access in function level3$' oob
# stack exhaustion: the innermost frames are level3's, the walk is cut and says so
if [ -f "$OUT/dwarf" ]; then
  run dwarf stack
  n3=$(grep -c '^  #[0-9]* level3 (function' <<< "$err")
  if [ "$st" = 134 ] && [ "$(head -1 <<< "$err")" = "wasm trap: call stack exhausted in function level3" ] &&
     [ "$n3" = 32 ] && grep -Eq '^  \.\.\. [0-9]+ more frames' <<< "$err"; then
    rec PASS "backtrace: dwarf stack exhaustion: 32 level3 frames, then '$(tail -1 <<< "$err")'"
  else rec FAIL "backtrace: dwarf stack exhaustion: status $st, $n3 level3 frames, '$(head -1 <<< "$err")' .. '$(tail -1 <<< "$err")'"; fi
fi

# ---- gdb: bt at the fault shows the guest's function names ----------------------
if [ ${#EMU[@]} -gt 0 ]; then skip "gdb: executables run under ${EMU[*]}"
elif ! command -v gdb > /dev/null; then skip "gdb: not installed"
elif [ -f "$OUT/dwarf" ]; then
  timeout 120 gdb -nx -batch -ex run -ex bt --args "$OUT/dwarf" oob > "$OUT/gdb-bt.log" 2>&1
  got=$(grep -oE '^#[0-9]+ +(0x[0-9a-f]+ in )?wasm_[A-Za-z0-9_]+' "$OUT/gdb-bt.log" | sed -E 's/.* //' | head -4 | tr '\n' ' ')
  if [ "$got" = "wasm_level3 wasm_level2 wasm_level1 wasm_main " ]; then rec PASS "gdb: bt at the fault: $got"
  else rec FAIL "gdb: bt at the fault: '$got' (want wasm_level3 wasm_level2 wasm_level1 wasm_main), see $OUT/gdb-bt.log"; fi
fi

# ---- -g: the executable's DWARF has the guest's lines ----------------------------
L0=$(line_of OOB_LINE) L2=$(line_of CALL2_LINE) L1=$(line_of CALL1_LINE)
if [ -f "$OUT/gline-p1" ] && [ -f "$OUT/gline-p2" ]; then
  if cmp -s "$OUT/gline-p1" "$OUT/gline-p2"; then rec PASS "-g: partitioned output identical at -j1 and -j2"
  else rec FAIL "-g: partitioned output differs between -j1 and -j2"; fi
fi
# the line table names trap3.c with the call lines (llvm-dwarfdump: no need to run the target)
if [ -f "$OUT/gline" ]; then
  lt=$(llvm-dwarfdump-19 --debug-line "$OUT/gline" 2> /dev/null)
  if grep -q 'name: "trap3.c"' <<< "$lt" && grep -Eq "^0x[0-9a-f]+ +$L2 " <<< "$lt" && grep -Eq "^0x[0-9a-f]+ +$L1 " <<< "$lt"; then
    rec PASS "-g: the executable's line table has trap3.c lines $L2 and $L1"
  else rec FAIL "-g: the executable's line table lacks trap3.c or lines $L2/$L1"; fi
  syms=$(nm "$OUT/gline-nodwarf" 2> /dev/null) lt=$(llvm-dwarfdump-19 --debug-line "$OUT/gline-nodwarf" 2> /dev/null)
  if grep -q ' wasm_level3$' <<< "$syms" && ! grep -q 'trap3.c' <<< "$lt"; then
    rec PASS "-g without DWARF in the module: symbols, no guest lines"
  else rec FAIL "-g without DWARF in the module: wrong symbols or guest lines"; fi
fi
if [ ${#EMU[@]} -gt 0 ] || ! command -v gdb > /dev/null; then skip "gdb -g: no host gdb for this target"
elif [ -f "$OUT/gline" ]; then
  timeout 120 gdb -nx -batch -ex "break trap3.c:$L2" -ex run -ex bt --args "$OUT/gline" > "$OUT/gdb-break.log" 2>&1
  if grep -Eq "hit Breakpoint 1, level2 \([^)]*\) at .*trap3.c:$L2\$" "$OUT/gdb-break.log" &&
     grep -Eq "^#1 .* level1 \([^)]*\) at .*trap3.c:$L1\$" "$OUT/gdb-break.log"; then
    rec PASS "gdb -g: break trap3.c:$L2 stops in level2; bt: level1 at trap3.c:$L1"
  else rec FAIL "gdb -g: break trap3.c:$L2 (want level2 at :$L2, caller level1 at :$L1), see $OUT/gdb-break.log"; fi
  # the subprograms carry the source names (no wasm_ prefix, no linkage name): break by name
  timeout 120 gdb -nx -batch -ex "break level3" -ex run -ex bt --args "$OUT/gline" > "$OUT/gdb-name.log" 2>&1
  if grep -Eq "hit Breakpoint 1(\.[0-9]+)?, level3 \([^)]*\) at .*trap3.c:[0-9]+\$" "$OUT/gdb-name.log" &&
     grep -Eq "^#1 .* level2 \([^)]*\) at .*trap3.c:$L2\$" "$OUT/gdb-name.log"; then
    rec PASS "gdb -g: break level3 (a source name) stops in level3; bt: level2 at trap3.c:$L2"
  else rec FAIL "gdb -g: break level3 (want level3, caller level2 at trap3.c:$L2), see $OUT/gdb-name.log"; fi
  timeout 120 gdb -nx -batch -ex run -ex bt --args "$OUT/gline" oob > "$OUT/gdb-fault.log" 2>&1
  if grep -Eq "^#0 .* level3 \([^)]*\) at .*trap3.c:$L0\$" "$OUT/gdb-fault.log"; then
    rec PASS "gdb -g: the fault is in level3 at trap3.c:$L0"
  else rec FAIL "gdb -g: the fault (want level3 at trap3.c:$L0), see $OUT/gdb-fault.log"; fi
fi

# ---- -g variables: gdb info args / info locals / print ------------------------------
# vars.c built by clang -O0 (variables in linear memory, at the frame pointer
# local + an offset) and -O2 (parameters in wasm locals, other variables in
# location lists), compiled by wasmc -O0 -g
vline() { grep -n "/\* $1 \*/" "$here/vars.c" | cut -d: -f1; }
VB=$(vline BLOCK_LINE) VC=$(vline CALL_LINE)
[ ${#EMU[@]} -gt 0 ] || ! command -v gdb > /dev/null || for o in 0 2; do
  if ! { clang-19 --target=wasm32-wasi -g -O$o -c "$here/vars.c" -o "$OUT/vars-O$o.o" &&
         clang-19 --target=wasm32-wasi "$OUT/vars-O$o.o" -o "$OUT/vars-O$o.wasm"; } 2> "$OUT/cc-vars-O$o.log"; then
    rec FAIL "gdb -g vars: building vars.c -O$o: $(head -1 "$OUT/cc-vars-O$o.log")"
  else exe "vars-O$o" "vars-O$o" -O0 -g; fi
done
if [ ${#EMU[@]} -gt 0 ] || ! command -v gdb > /dev/null; then skip "gdb -g vars: no host gdb for this target"
else
  if [ -f "$OUT/vars-O0" ]; then
    timeout 120 gdb -nx -batch -ex 'break combine' -ex "break vars.c:$VB" -ex run -ex 'info args' -ex continue \
      -ex 'info locals' -ex 'print s' -ex up -ex 'print p' -ex 'print p.y' -ex 'info args' --args "$OUT/vars-O0" \
      > "$OUT/gdb-vars-O0.log" 2>&1
    g=$(grep -vE '^\[' "$OUT/gdb-vars-O0.log")
    # break combine stops after the wasm prologue, where the parameters have their values
    if grep -Eq "hit Breakpoint 1, combine \(a=3, b=4\) at .*vars.c:[0-9]+\$" <<< "$g" &&
       grep -Pzq '\na = 3\nb = 4\n' <<< "$g"; then
      rec PASS "gdb -g vars (clang -O0): break combine: combine (a=3, b=4); info args"
    else rec FAIL "gdb -g vars (clang -O0): break combine (want a=3, b=4), see $OUT/gdb-vars-O0.log"; fi
    # in the lexical block: t (the block's) then s; print s; main's struct and its members
    if grep -Eq "hit Breakpoint 2, combine \(a=3, b=4\) at .*vars.c:$VB\$" <<< "$g" &&
       grep -Pzq "\nt = 14\ns = 7\n\\\$1 = 7\n" <<< "$g" &&
       grep -Eq "^#1 .* in main \(argc=1, argv=[0-9]+\) at .*vars.c:$VC\$" <<< "$g" &&
       grep -Pzq '\n\$2 = \{x = 3, y = 4\}\n\$3 = 4\nargc = 1\nargv = [0-9]+\n' <<< "$g"; then
      rec PASS "gdb -g vars (clang -O0): info locals in a block: t = 14, s = 7; print p (struct) in main"
    else rec FAIL "gdb -g vars (clang -O0): block locals t = 14, s = 7, print s, main's p = {x = 3, y = 4}, see $OUT/gdb-vars-O0.log"; fi
  fi
  if [ -f "$OUT/vars-O2" ]; then
    timeout 120 gdb -nx -batch -ex 'break combine' -ex run -ex 'info args' -ex 'info locals' --args "$OUT/vars-O2" \
      > "$OUT/gdb-vars-O2.log" 2>&1
    # parameters in wasm locals have values; s has a location list: listed, without a value
    if grep -Eq "hit Breakpoint 1, combine \(a=3, b=4\) at .*vars.c:[0-9]+\$" "$OUT/gdb-vars-O2.log" &&
       grep -Pzq '\na = 3\nb = 4\ns = <optimized out>\n' "$OUT/gdb-vars-O2.log"; then
      rec PASS "gdb -g vars (clang -O2): parameters in wasm locals: a=3, b=4; s (a location list) <optimized out>"
    else rec FAIL "gdb -g vars (clang -O2): want combine (a=3, b=4), s = <optimized out>, see $OUT/gdb-vars-O2.log"; fi
  fi
fi

# ---- Lua 5.4 built with -g: gdb and perf name the guest's functions ---------------
# Debian's Lua, built for wasm32-wasi by tests/real/build.sh with REAL_WASM_CFLAGS=-g
# (cached in ~/.cache/wasmc/build/lua-<version>-<key>-<flags hash>), compiled by
# wasmc -O2 -g (about 8 s on two cores; -O1 would save under a second).
lua_fib='local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end print(fib(29))'
if [ ${#EMU[@]} -gt 0 ]; then
  skip "lua -g: gdb: executables run under ${EMU[*]} (gdb cannot debug a qemu-user guest here)"
  skip "lua -g: perf: executables run under ${EMU[*]} (perf would profile qemu, not the guest's code)"
elif ! lua_wasm=$(REAL_WASM_CFLAGS=-g bash "$here/../real/build.sh" lua 2> "$OUT/lua-g-build.log" |
                  sed -n 's/^lua_wasm=//p') || [ ! -f "$lua_wasm" ]; then
  rec FAIL "lua -g: REAL_WASM_CFLAGS=-g tests/real/build.sh lua: $(tail -1 "$OUT/lua-g-build.log")"
else
  ln -sf "$lua_wasm" "$OUT/lua-g.wasm"
  exe lua-g lua-g -g
  if [ ! -f "$OUT/lua-g" ]; then :
  elif ! command -v gdb > /dev/null; then skip "lua -g: gdb: not installed"
  else
    # break by the function's source name; bt: luaV_execute in lvm.c under lua_pcallk
    timeout 120 gdb -nx -batch -ex 'break luaV_execute' -ex run -ex bt --args "$OUT/lua-g" -e 'print(1+1)' \
      > "$OUT/gdb-lua.log" 2>&1
    frames=$(grep -E '^#[0-9]+ ' "$OUT/gdb-lua.log")
    n0=$(grep -nE '^#0 +luaV_execute \([^)]*\) at /.*/src/lvm\.c:[0-9]+$' <<< "$frames" | head -1 | cut -d: -f1)
    n1=$(grep -nE '^#[0-9]+ +0x[0-9a-f]+ in luaD_pcall \([^)]*\) at /.*/src/ldo\.c:[0-9]+$' <<< "$frames" | head -1 | cut -d: -f1)
    n2=$(grep -nE '^#[0-9]+ +0x[0-9a-f]+ in lua_pcallk \([^)]*\) at /.*/src/lapi\.c:[0-9]+$' <<< "$frames" | head -1 | cut -d: -f1)
    if grep -Eq 'hit Breakpoint 1, luaV_execute \([^)]*\) at /.*/src/lvm\.c:[0-9]+$' "$OUT/gdb-lua.log" &&
       [ "${n0:-0}" = 1 ] && [ "${n1:-0}" -gt 1 ] && [ "${n2:-0}" -gt "${n1:-0}" ]; then
      rec PASS "lua -g: gdb break luaV_execute; bt: luaV_execute at lvm.c, luaD_pcall at ldo.c, lua_pcallk at lapi.c"
    else rec FAIL "lua -g: gdb break luaV_execute (want #0 luaV_execute at lvm.c:N, then luaD_pcall at ldo.c:N, lua_pcallk at lapi.c:N), see $OUT/gdb-lua.log"; fi
    # break FILE:LINE in Lua: OP_ADD's case of luaV_execute
    lvm=$(sed -nE 's/^Breakpoint 1 at .*: file (\/.*\/lvm\.c), line [0-9]+\.$/\1/p' "$OUT/gdb-lua.log")
    ladd=$([ -f "$lvm" ] && grep -n -A1 'vmcase(OP_ADD) {' "$lvm" | sed -nE 's/^([0-9]+)-.*op_arith\(.*/\1/p')
    if [ -z "$ladd" ]; then rec FAIL "lua -g: gdb break lvm.c:LINE: OP_ADD's line not found in '$lvm'"
    else
      timeout 120 gdb -nx -batch -ex "break lvm.c:$ladd" -ex run -ex 'bt 2' --args "$OUT/lua-g" -e "$lua_fib" \
        > "$OUT/gdb-lua-line.log" 2>&1
      if grep -Eq "hit Breakpoint 1(\.[0-9]+)?, luaV_execute \([^)]*\) at /.*/src/lvm\.c:$ladd\$" "$OUT/gdb-lua-line.log" &&
         grep -Eq "^#0 +luaV_execute \([^)]*\) at /.*/src/lvm\.c:$ladd\$" "$OUT/gdb-lua-line.log"; then
        rec PASS "lua -g: gdb break lvm.c:$ladd (OP_ADD) stops in luaV_execute at that line"
      else rec FAIL "lua -g: gdb break lvm.c:$ladd (OP_ADD), see $OUT/gdb-lua-line.log"; fi
    fi
  fi
  # perf: sampling a CPU-bound script puts wasm_luaV_execute (the ELF symbol) on top
  if [ ! -f "$OUT/lua-g" ]; then :
  elif ! command -v perf > /dev/null; then skip "lua -g: perf: not installed"
  else
    rm -f "$OUT/perf.data"
    timeout 120 perf record -q -F 1000 -o "$OUT/perf.data" -- "$OUT/lua-g" -e "$lua_fib" > "$OUT/perf-lua.out" 2> "$OUT/perf-record.log"
    pst=$?
    if [ "$pst" != 0 ] && grep -Eqi 'paranoid|permission|not permitted|not supported|no such device|no access|not found for kernel' "$OUT/perf-record.log"; then
      skip "lua -g: perf: perf record cannot sample here (status $pst): $(grep -Ei -m1 'paranoid|permission|not permitted|not supported|no such device|no access|not found for kernel' "$OUT/perf-record.log" | sed 's/^ *//')"
    elif [ "$pst" != 0 ] || [ "$(cat "$OUT/perf-lua.out")" != 514229 ]; then
      rec FAIL "lua -g: perf record: status $pst, output '$(head -c 80 "$OUT/perf-lua.out")' (want 514229), see $OUT/perf-record.log"
    else
      top=$(perf report -i "$OUT/perf.data" --stdio --no-children --sort symbol 2> "$OUT/perf-report.log" |
            grep -E '^ +[0-9.]+%' | head -3 | tee "$OUT/perf-top.txt")
      if grep -Eq '\[\.\] wasm_luaV_execute( |$)' <<< "$top"; then
        rec PASS "lua -g: perf report: wasm_luaV_execute in the top 3 ($(grep -m1 wasm_luaV_execute <<< "$top" | awk '{print $1}'))"
      else rec FAIL "lua -g: perf report: wasm_luaV_execute not in the top 3: '$(tr -s ' \n' ' |' <<< "$top")', see $OUT/perf.data"; fi
    fi
  fi
fi

finish
