#!/usr/bin/env bash
# Malformed / unsupported input cases for the compiler.
#
#   run.sh WASMC_BINARY OUTDIR
#
# Each case runs `WASMC -O0 case.wasm -o OUTDIR/case.out` and PASSES iff wasmc
# exits with status 1, prints exactly one line on stderr that mentions the
# problem (case-insensitive regex below), and leaves no OUTDIR/case.out behind.
# The inputs are made here at test time (no binaries are committed):
#   truncated-*      valid.wat assembled, then cut at several points
#   garbage, empty, bad-magic, bad-version: byte strings written by printf
#   type_mismatch    type_mismatch.wat assembled with `wat2wasm --no-check`
#   import_*         imports that wasmc cannot bind (non-WASI module, unknown
#                    WASI function, WASI function with the wrong signature)
#   memory_4gib      a valid memory of 65536 pages, beyond wasmc's run-time limit
#   unsupported_*    valid modules using proposals wasmc does not compile (typed
#                    function references, GC; multi-memory and memory64 with
#                    --disable-multi-memory / --disable-memory64),
#                    assembled with the proposal's wat2wasm flag (the GC case with
#                    Binaryen's wasm-as --all-features): the line must name the
#                    function as a trap would (name-section name "NAME (index N)",
#                    export name, or "$N"), the byte offset, the spec mnemonic and
#                    the proposal; module-level features name the memory or type.
#                    unsupported_call_ref's offset is checked against
#                    wasm-objdump's disassembly.
#   shared_memory_no_max, atomic_align: threads proposal validation errors
#                    (wat2wasm --no-check)
# several-inputs*: `wasmc --emit=obj a.wasm b.wasm ...` (docs/cli.md): bad
# inputs each get one message naming them and no output, the others their
# objects (named after the input, descriptor wasmc_module_FILE or NAME_FILE);
# several inputs with --emit=exe, with -o, or two inputs writing one output
# are refused with one line and nothing written.
# A control case compiles valid.wasm and expects success (exit 0, output
# file present, and the program prints "hello").
# Prints "PASS name" / "FAIL name (reason)" per case, then "N passed, N failed";
# exits 1 if any case failed.  Environment: WAT2WASM (default wat2wasm),
# WASM_AS (default wasm-as), WASM_OBJDUMP (default wasm-objdump).
set -u

[ $# -eq 2 ] || { echo "usage: $0 WASMC_BINARY OUTDIR" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
WASMC=$1
case $WASMC in */*) WASMC=$(cd "$(dirname "$WASMC")" && pwd)/$(basename "$WASMC") ;; esac
OUT=$2
mkdir -p "$OUT" || exit 2
OUT=$(cd "$OUT" && pwd)
WAT2WASM=${WAT2WASM:-wat2wasm}
WASM_AS=${WASM_AS:-wasm-as}
WASM_OBJDUMP=${WASM_OBJDUMP:-wasm-objdump}
TIMEOUT=${TIMEOUT:-120}

npass=0
nfail=0
pass() { echo "PASS $1"; npass=$((npass + 1)); }
fail() { echo "FAIL $1 ($2)"; nfail=$((nfail + 1)); }

# expect_reject name input.wasm regex
expect_reject() { # name in.wasm regex [wasmc flags...]
  local name=$1 in=$2 re=$3 out=$OUT/$1.out rc
  shift 3
  rm -f "$out"
  timeout "$TIMEOUT" "$WASMC" -O0 "$@" "$in" -o "$out" >"$OUT/$name.stdout" 2>"$OUT/$name.stderr" </dev/null
  rc=$?
  if [ $rc -ne 1 ]; then
    fail "malformed/$name" "exit status $rc, expected 1; stderr: $(head -n 1 "$OUT/$name.stderr" | cut -c1-200)"
  elif [ ! -s "$OUT/$name.stderr" ]; then
    fail "malformed/$name" "no error message on stderr"
  elif [ "$(wc -l <"$OUT/$name.stderr")" -ne 1 ]; then
    fail "malformed/$name" "$(wc -l <"$OUT/$name.stderr") lines on stderr, expected one: $(head -n 2 "$OUT/$name.stderr" | tr '\n' '|' | cut -c1-200)"
  elif ! grep -Eiq -- "$re" "$OUT/$name.stderr"; then
    fail "malformed/$name" "stderr does not mention /$re/: $(head -n 1 "$OUT/$name.stderr" | cut -c1-200)"
  elif [ -e "$out" ]; then
    fail "malformed/$name" "output file left behind"
  else
    pass "malformed/$name"
  fi
}

# --- inputs ----------------------------------------------------------------
W=$OUT/inputs
mkdir -p "$W"
ok=1
"$WAT2WASM" "$HERE/valid.wat" -o "$W/valid.wasm" || ok=0
"$WAT2WASM" --no-check "$HERE/type_mismatch.wat" -o "$W/type_mismatch.wasm" || ok=0
for f in import_env import_wasi_unknown import_wasi_bad_signature memory_4gib; do
  "$WAT2WASM" "$HERE/$f.wat" -o "$W/$f.wasm" || ok=0
done
# unsupported proposals: each needs its proposal enabled to assemble at all
wat() { local f=$1; shift; "$WAT2WASM" "$@" "$HERE/$f.wat" -o "$W/$f.wasm" || ok=0; }
wat unsupported_call_ref --enable-function-references --debug-names
wat unsupported_call_ref_unnamed --enable-function-references
wat relaxed_simd_withdrawn --enable-relaxed-simd --debug-names
# 0xfd 0x105 (relaxed_madd) -> 0xfd 0x114 (the withdrawn bf16 dot product)
python3 -c 'import sys; p = sys.argv[1]; b = open(p, "rb").read(); assert b.count(b"\xfd\x85\x02") == 1
open(p, "wb").write(b.replace(b"\xfd\x85\x02", b"\xfd\x94\x02"))' "$W/relaxed_simd_withdrawn.wasm" || ok=0
wat unsupported_multi_memory --enable-multi-memory
wat unsupported_memory64 --enable-memory64
# threads proposal validation (shared memories and atomics are compiled)
wat shared_memory_no_max --enable-threads --no-check
wat atomic_align --enable-threads --no-check --debug-names
"$WASM_AS" --all-features "$HERE/unsupported_gc_struct.wat" -o "$W/unsupported_gc_struct.wasm" >/dev/null || ok=0
# byte offset of the call_ref instruction, as wasm-objdump disassembles it
rc_hex=$("$WASM_OBJDUMP" -d "$W/unsupported_call_ref.wasm" 2>/dev/null | sed -n 's/^ *\([0-9a-f]*\):.*| call_ref$/\1/p' | head -n 1)
[ -n "$rc_hex" ] || ok=0
if [ $ok -ne 1 ]; then
  echo "FAIL malformed/setup (wat2wasm, wasm-as or wasm-objdump failed)"
  echo "0 passed, 1 failed"
  exit 1
fi

# truncation generator: first N bytes of the valid module
size=$(wc -c <"$W/valid.wasm")
truncate_to() { head -c "$2" "$W/valid.wasm" >"$W/$1.wasm"; }
truncate_to truncated-header 6                      # inside the 8-byte preamble
truncate_to truncated-section-id 9                  # preamble + section id, no size
truncate_to truncated-half $((size / 2))            # in the middle of a section
truncate_to truncated-last-byte $((size - 1))       # last section one byte short

printf '' >"$W/empty.wasm"
printf 'This is not a WebAssembly module.\n\377\376\000\001garbage\200\200\200' >"$W/garbage.wasm"
printf '\000ASM\001\000\000\000' >"$W/bad-magic.wasm"
printf '\000asm\002\000\000\000\001\004\001\140\000\000' >"$W/bad-version.wasm"

TRUNC='truncat|unexpected end|end of (file|input|data|module|section)|eof|too short|incomplete|malformed|invalid|length|size'

# --- control ----------------------------------------------------------------
rm -f "$OUT/valid.out"
if timeout "$TIMEOUT" "$WASMC" -O0 "$W/valid.wasm" -o "$OUT/valid.out" >"$OUT/valid.log" 2>&1; then
  if [ -x "$OUT/valid.out" ] && [ "$(timeout "$TIMEOUT" "$OUT/valid.out" </dev/null 2>/dev/null)" = hello ]; then
    pass "malformed/control-valid"
  else
    fail "malformed/control-valid" "valid module did not produce a working executable"
  fi
else
  fail "malformed/control-valid" "wasmc rejected the valid module: $(head -n 1 "$OUT/valid.log" | cut -c1-200)"
fi

# --- cases ------------------------------------------------------------------
for t in truncated-header truncated-section-id truncated-half truncated-last-byte; do
  expect_reject "$t" "$W/$t.wasm" "$TRUNC"
done
expect_reject empty "$W/empty.wasm" "empty|magic|$TRUNC"
expect_reject garbage "$W/garbage.wasm" 'magic|not a (wasm|webassembly)|header|malformed|invalid'
expect_reject bad-magic "$W/bad-magic.wasm" 'magic|not a (wasm|webassembly)|header|malformed|invalid'
expect_reject bad-version "$W/bad-version.wasm" 'version'
expect_reject type_mismatch "$W/type_mismatch.wasm" 'type|mismatch|expected|valid'
expect_reject import_env "$W/import_env.wasm" 'env|foo'
expect_reject import_wasi_unknown "$W/import_wasi_unknown.wasm" 'no_such_function'
expect_reject import_wasi_bad_signature "$W/import_wasi_bad_signature.wasm" 'fd_write'
expect_reject memory_4gib "$W/memory_4gib.wasm" '65536 pages.*not supported'

# unsupported proposals: function (or memory/type), byte offset, mnemonic, proposal
expect_reject unsupported_call_ref "$W/unsupported_call_ref.wasm" \
  "function ref_caller \(index 1\) at byte offset $((16#$rc_hex)): unsupported instruction call_ref \(typed function references proposal"
expect_reject unsupported_call_ref_unnamed "$W/unsupported_call_ref_unnamed.wasm" \
  'function \$1 at byte offset [0-9]+: unsupported instruction call_ref \(typed function references proposal'
expect_reject relaxed_simd_withdrawn "$W/relaxed_simd_withdrawn.wasm" \
  'function bf16 \(index 0\) at byte offset [0-9]+: illegal opcode 0xfd 276$'
expect_reject unsupported_multi_memory "$W/unsupported_multi_memory.wasm" \
  'memory 1 at byte offset [0-9]+: unsupported multiple memories \(multi-memory proposal\)' --disable-multi-memory
expect_reject unsupported_memory64 "$W/unsupported_memory64.wasm" \
  'memory 0 at byte offset [0-9]+: unsupported 64-bit memory \(memory64 proposal\)' --disable-memory64
expect_reject shared_memory_no_max "$W/shared_memory_no_max.wasm" 'memory 0: shared memory must have maximum'
expect_reject atomic_align "$W/atomic_align.wasm" \
  'function narrow \(index 0\) at byte offset [0-9]+: alignment must be equal to natural for atomic accesses'
expect_reject unsupported_gc_struct "$W/unsupported_gc_struct.wasm" \
  'type 0 at byte offset [0-9]+: unsupported type struct \(GC proposal'

# --- several inputs (`wasmc --emit=obj a.wasm b.wasm ...`, docs/cli.md) ------
# each output is named after its input in the current directory; a bad input
# gets its own message naming it, the others are still compiled
M=$OUT/multi
rm -rf "$M" && mkdir -p "$M/sub"
cp "$W/valid.wasm" "$M/sub/valid.wasm" && cp "$W/garbage.wasm" "$M/sub/garbage.wasm" && cp "$W/valid.wasm" "$M/sub/valid-2.wasm"
(cd "$M" && timeout "$TIMEOUT" "$WASMC" -O0 --emit=obj sub/valid.wasm sub/garbage.wasm sub/missing.wasm sub/valid-2.wasm \
  >stdout 2>stderr </dev/null)
rc=$?
syms=$(nm "$M/valid.o" "$M/valid-2.o" 2>/dev/null | grep -c ' D wasmc_module_valid\(_2\)\?$')
if [ $rc -ne 1 ]; then fail "malformed/several-inputs" "exit status $rc, expected 1"
elif [ "$(wc -l <"$M/stderr")" -ne 2 ] || ! grep -q '^wasmc: error: sub/garbage.wasm: .*magic' "$M/stderr" ||
  ! grep -q '^wasmc: error: sub/missing.wasm: cannot open' "$M/stderr"; then
  fail "malformed/several-inputs" "expected one line for each bad input: $(tr '\n' '|' <"$M/stderr" | cut -c1-300)"
elif [ "$syms" != 2 ] || [ -e "$M/garbage.o" ] || [ -e "$M/missing.o" ]; then
  fail "malformed/several-inputs" "objects: $(ls "$M" | tr '\n' ' '), descriptors found: $syms (want valid.o, valid-2.o)"
else
  pass "malformed/several-inputs"
fi
(cd "$M/sub" && "$WASMC" --emit=obj --module-symbol my_prefix valid.wasm valid-2.wasm 2>"$M/stderr2")
if [ $? -eq 0 ] && nm "$M/sub/valid-2.o" | grep -q ' D my_prefix_valid_2$'; then pass "malformed/several-inputs-module-symbol"
else fail "malformed/several-inputs-module-symbol" "no my_prefix_valid_2 in valid-2.o: $(head -c 200 "$M/stderr2")"; fi
# usage errors: one line, nothing written
multi_reject() { # name regex args...
  local name=$1 re=$2; shift 2
  rm -rf "$M/u" && mkdir -p "$M/u/d"
  cp "$W/valid.wasm" "$M/u/a.wasm" && cp "$W/valid.wasm" "$M/u/d/a.wasm" && cp "$W/valid.wasm" "$M/u/b.wasm"
  (cd "$M/u" && timeout "$TIMEOUT" "$WASMC" "$@" >/dev/null 2>"$M/$name.stderr" </dev/null)
  local rc=$? left; left=$(cd "$M/u" && find . -type f ! -name '*.wasm' | tr '\n' ' ')
  if [ $rc -ne 1 ] || [ "$(wc -l <"$M/$name.stderr")" -ne 1 ] || ! grep -Eq -- "$re" "$M/$name.stderr"; then
    fail "malformed/$name" "status $rc; stderr: $(tr '\n' '|' <"$M/$name.stderr" | cut -c1-200)"
  elif [ -n "$left" ]; then fail "malformed/$name" "left behind: $left"
  else pass "malformed/$name"; fi
}
multi_reject several-inputs-exe 'several input files need --emit=obj' a.wasm b.wasm
multi_reject several-inputs-dash-o '-o names one output' --emit=obj a.wasm b.wasm -o x.o
multi_reject several-inputs-same-output "inputs 'a.wasm' and 'd/a.wasm' would both write the output 'a.o'" --emit=obj a.wasm d/a.wasm

echo "$npass passed, $nfail failed"
[ $nfail -eq 0 ]
