#!/bin/bash
# tests/limits/run.sh WASMC OUTDIR — resource limits (issue 24 part 1):
# --max-memory and --max-table-elements baked in by wasmc, given at run time
# through WASMC_FLAGS, lowered at run time, refused when raised at run time,
# and bad values at compile time and at run time (docs/sandbox.md "Limits").
#
#   malloc_loop.c    (clang-19 --target=wasm32-wasi -O2) mallocs 16 KiB blocks
#                    until malloc returns NULL and prints the memory's final
#                    size: it must be the cap in whole pages (or one page
#                    less), and the bytes it got below the cap and within
#                    one page, one block and the initial memory of it.
#   grow_memory.wat  memory.grow by 1 page from 1 page: exit status = pages
#                    reached (41 without a cap); traps if a grow returns
#                    anything but the old size or -1.
#   grow_table.wat   table.grow likewise from 2 elements (42 without a cap).
#   grow_multi.wat   the same for three memories at once (two i32, one i64
#                    starting at 2 pages; multi-memory, memory64): the cap
#                    applies to each; exit status = the sum of their sizes.
#   big_initial.wat  20 pages and 10 elements at start (exit 7): under a
#                    smaller cap it must not start (one 'wasmc: ...' line,
#                    status 1, no output).
#
# WASMC_TARGET / WASMC_EMULATOR (as in the other suites) select the target
# and the command that runs its executables (qemu-aarch64).  One PASS/FAIL
# line per case; last line "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# WASMC, OUT, EMU, TFLAG, rec
source "$here/../../scripts/lib/suite.sh"

# ---- build the modules and the executables --------------------------------
fatal=""
clang-19 --target=wasm32-wasi -O2 "$here/malloc_loop.c" -o "$OUT/malloc_loop.wasm" 2> "$OUT/cc.log" ||
  fatal="clang-19 malloc_loop.c: $(head -1 "$OUT/cc.log")"
for w in grow_memory grow_table big_initial grow_multi; do
  wat2wasm --enable-multi-memory --enable-memory64 "$here/$w.wat" -o "$OUT/$w.wasm" 2> "$OUT/$w.wat2wasm.log" ||
    fatal="wat2wasm $w.wat: $(head -1 "$OUT/$w.wat2wasm.log")"
done
if [ -n "$fatal" ]; then rec FAIL "limits: $fatal"; echo "$pass passed, $failn failed"; exit 1; fi

# exe NAME MODULE WASMC-FLAGS...: scripts/lib/suite.sh
exe malloc_nocap malloc_loop
exe malloc_1M malloc_loop --max-memory 1M
exe malloc_3000K malloc_loop --max-memory=3000K
exe grow_nocap grow_memory
exe grow_4p grow_memory --max-memory 4p
exe grow_3p grow_memory --max-memory 3p
exe grow_explicit grow_memory --max-memory 256K --bounds-checks=explicit
exe multi_nocap grow_multi
exe multi_3p grow_multi --max-memory 3p
exe table_nocap grow_table
exe table_5 grow_table --max-table-elements=5
exe big_nocap big_initial
exe big_16p big_initial --max-memory 16p
exe big_t9 big_initial --max-table-elements 9

# run NAME FLAGS: run $OUT/NAME with WASMC_FLAGS=FLAGS; sets st, out, err
run() {
  local name=$1 flags=$2
  env -i PATH="$PATH" WASMC_FLAGS="$flags" timeout 60 "${EMU[@]+"${EMU[@]}"}" "$OUT/$name" \
    < /dev/null > "$OUT/run.out" 2> "$OUT/run.err"
  st=$?
  out=$(cat "$OUT/run.out") err=$(cat "$OUT/run.err")
}

# ---- malloc until NULL ------------------------------------------------------
# malloc_case DESC NAME FLAGS CAP-BYTES
malloc_case() {
  local desc=$1 name=$2 flags=$3 cap=$4
  run "$name" "$flags"
  local p0 bytes pages capp
  p0=$(sed -n 's/^initial-pages //p' <<< "$out")
  bytes=$(sed -nE 's/^malloc-null-after [0-9]+ blocks \(([0-9]+) bytes\)$/\1/p' <<< "$out")
  pages=$(sed -n 's/^final-pages //p' <<< "$out")
  capp=$((cap / 65536))
  if [ "$st" != 0 ] || [ -z "$p0" ] || [ -z "$bytes" ] || [ -z "$pages" ]; then
    rec FAIL "malloc: $desc: status $st, output '$(tr '\n' ' ' <<< "$out")' $(head -1 <<< "$err")"
  elif [ "$pages" -gt "$capp" ] || [ "$pages" -lt $((capp - 1)) ]; then
    rec FAIL "malloc: $desc: memory grew to $pages pages, the cap is $capp pages ($cap bytes)"
  elif [ "$bytes" -ge "$cap" ] || [ "$bytes" -le $((cap - (p0 + 1) * 65536 - 16384)) ]; then
    rec FAIL "malloc: $desc: malloc gave $bytes bytes before NULL, the cap is $cap bytes"
  else
    rec PASS "malloc: $desc: NULL after $bytes bytes, memory $pages pages (cap $cap bytes)"
  fi
}
malloc_case "compile-time --max-memory 1M" malloc_1M "" 1048576
malloc_case "compile-time --max-memory=3000K (not whole pages)" malloc_3000K "" 3072000
malloc_case "run-time WASMC_FLAGS --max-memory 2M" malloc_nocap "--max-memory 2M" 2097152
malloc_case "run-time WASMC_FLAGS --max-memory=40p" malloc_nocap "--max-memory=40p" 2621440
malloc_case "run time lowers the baked 1M to 512K" malloc_1M "--max-memory 512K" 524288
malloc_case "run time repeats the baked 1M" malloc_1M "--max-memory 1048576" 1048576

# refused DESC NAME FLAGS REGEX: status 1, exactly one stderr line, no stdout
refused() {
  local desc=$1 name=$2 flags=$3 re=$4
  run "$name" "$flags"
  if [ "$st" = 1 ] && [ -z "$out" ] && [ "$(wc -l < "$OUT/run.err")" = 1 ] && grep -Eq -- "$re" <<< "$err"; then
    rec PASS "$desc"
  else
    rec FAIL "$desc: status $st (want 1), stdout '$(head -c 80 <<< "$out")', stderr '$(head -2 <<< "$err" | tr '\n' ' ')'"
  fi
}
refused "malloc: raising the baked 1M to 2M at run time is refused" malloc_1M "--max-memory 2M" \
  "^wasmc: WASMC_FLAGS: --max-memory '2M' would raise the limit of 1048576 bytes built into this executable; it can only be lowered"

# ---- memory.grow and table.grow ---------------------------------------------
# status_case DESC NAME FLAGS WANT-STATUS
status_case() {
  run "$2" "$3"
  if [ "$st" = "$4" ] && [ -z "$err" ]; then rec PASS "$1: exit $st"
  else rec FAIL "$1: exit $st (want $4) $(head -1 <<< "$err")"; fi
}
status_case "memory.grow: no cap (41 pages)" grow_nocap "" 41
status_case "memory.grow: compile-time --max-memory 4p" grow_4p "" 4
status_case "memory.grow: a second compile with 3p is not served from the cache" grow_3p "" 3
status_case "memory.grow: --bounds-checks=explicit, --max-memory 256K" grow_explicit "" 4
status_case "memory.grow: run-time --max-memory=3p" grow_nocap "--max-memory=3p" 3
status_case "memory.grow: run-time cap of the initial size (every grow fails)" grow_nocap "--max-memory 65536" 1
status_case "memory.grow: run-time cap 200000 bytes = 3 pages" grow_nocap "--max-memory 200000" 3
status_case "memory.grow: run time lowers the baked 4p to 131072" grow_4p "--max-memory 131072" 2
refused "memory.grow: raising the baked 4p to 5p is refused" grow_4p "--max-memory 5p" \
  "^wasmc: WASMC_FLAGS: --max-memory '5p' would raise the limit of 262144 bytes"
status_case "memory.grow, 3 memories: no cap (41 + 41 + 42 pages)" multi_nocap "" 124
status_case "memory.grow, 3 memories: compile-time --max-memory 3p caps each" multi_3p "" 9
status_case "memory.grow, 3 memories: run-time --max-memory=5p caps each" multi_nocap "--max-memory=5p" 15
refused "start: memory 2 (i64, 2 pages) under run-time --max-memory 1p" multi_nocap "--max-memory 1p" \
  "^wasmc: the initial memory is larger than --max-memory: memory 2 starts at 2 pages \(131072 bytes\), the cap is 65536 bytes \(1 pages\)$"
status_case "table.grow: no cap (42 elements)" table_nocap "" 42
status_case "table.grow: compile-time --max-table-elements=5" table_5 "" 5
status_case "table.grow: run-time --max-table-elements 7" table_nocap "--max-table-elements 7" 7
status_case "table.grow: run time lowers the baked 5 to 3" table_5 "--max-table-elements=3" 3
status_case "table.grow: run-time cap of the initial size" table_nocap "--max-table-elements 2" 2
refused "table.grow: raising the baked 5 to 6 is refused" table_5 "--max-table-elements 6" \
  "^wasmc: WASMC_FLAGS: --max-table-elements '6' would raise the limit of 5 elements"

# ---- initial sizes above the cap --------------------------------------------
mem_msg="^wasmc: the initial memory is larger than --max-memory: memory 0 starts at 20 pages \(1310720 bytes\), the cap is 1048576 bytes \(16 pages\)$"
status_case "start: no cap" big_nocap "" 7
status_case "start: caps exactly the initial sizes" big_nocap "--max-memory 20p --max-table-elements 10" 7
refused "start: 20 pages under compile-time --max-memory 16p" big_16p "" "$mem_msg"
refused "start: 20 pages under run-time --max-memory 1M" big_nocap "--max-memory 1M" "$mem_msg"
refused "start: 20 pages under run-time --max-memory 1310719" big_nocap "--max-memory 1310719" \
  "^wasmc: the initial memory is larger than --max-memory: memory 0 starts at 20 pages"
refused "start: 10 elements under compile-time --max-table-elements 9" big_t9 "" \
  "^wasmc: the initial table is larger than --max-table-elements: table 0 starts with 10 elements, the cap is 9$"
refused "start: 10 elements under run-time --max-table-elements 0" big_nocap "--max-table-elements 0" \
  "^wasmc: the initial table is larger than --max-table-elements: table 0 starts with 10 elements, the cap is 0$"

# ---- bad values ---------------------------------------------------------------
msyn="\(bytes, or a number with K, M or G \(x1024\) or p \(64 KiB pages\)\)$"
tsyn="\(a number of elements, 0 to 4294967295\)$"
bad_values=(
  "--max-memory=12Q|--max-memory '12Q' $msyn"
  "--max-memory=|--max-memory '' $msyn"
  "--max-memory 99999999999999999999|--max-memory '99999999999999999999' $msyn"
  "--max-memory 17179869184G|--max-memory '17179869184G' $msyn"
  "--max-memory 1.5M|--max-memory '1.5M' $msyn"
  "--max-memory -1|--max-memory '-1' $msyn"
  "--max-memory 4P|--max-memory '4P' $msyn"
  "--max-table-elements 4294967296|--max-table-elements '4294967296' $tsyn"
  "--max-table-elements=5K|--max-table-elements '5K' $tsyn"
)
for b in "${bad_values[@]}"; do
  flags=${b%%|*} re=${b#*|}
  refused "run time: WASMC_FLAGS '$flags' is refused" grow_nocap "$flags" "^wasmc: WASMC_FLAGS: bad $re"
  compile_refused "$flags" "$re" grow_memory
done
refused "run time: WASMC_FLAGS '--max-memory' without a value" grow_nocap "--max-memory" \
  "^wasmc: WASMC_FLAGS: missing value after '--max-memory'$"
rm -f "$OUT/bad.exe"
"$WASMC" "$OUT/grow_memory.wasm" -o "$OUT/bad.exe" --max-table-elements > "$OUT/bad.out" 2> "$OUT/bad.err"
cst=$?
if [ "$cst" = 1 ] && [ ! -e "$OUT/bad.exe" ] && grep -q "^wasmc: error: --max-table-elements needs a value$" "$OUT/bad.err"; then
  rec PASS "compile time: --max-table-elements without a value"
else rec FAIL "compile time: --max-table-elements without a value: status $cst, $(head -1 "$OUT/bad.err")"; fi

echo "$pass passed, $failn failed"
[ "$failn" -eq 0 ]
