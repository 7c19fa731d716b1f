#!/usr/bin/env python3
"""tests/fuzz/diff.py — differential fuzzing of wasmc against Binaryen's interpreter.

usage: diff.py --wasmc PATH --rtlib PATH/libwasmc_rt.a --work DIR
               [--seeds A:B | --count N [--first S]] [--seconds T] [--jobs N] [--batch N]
               [--target TRIPLE --emulator CMD] [--keep-going]
               [--optional-features reference-types,exception-handling,tail-call,memory64,multi-memory]

For every seed s (a module per seed, reproducible):
  1. s picks a size and random bytes; `wasm-opt -ttf` (Debian's binaryen 108)
     turns them into a valid module with MVP, SIMD, bulk memory, multi-value,
     sign extension and saturating conversions (FEATURES below), on some
     seeds reference types, exception handling, tail calls and memory64
     (OPTIONAL_FEATURES), and s picks some of -ttf's knobs.  Binaryen 108 has
     no multi-memory (its IR holds one memory), so -ttf cannot make such
     modules: on some seeds (REWRITES) the module it made gets a second
     memory without changing what it computes (multimem.py: its memory
     moved to index 1 behind an unused memory 0, or an unused memory 1
     added); Binaryen runs the module as made, wasmc compiles the rewritten
     one.  Its -ttf makes memory64 code only for a 64-bit memory it is
     given (`--initial-fuzz`), and then writes i32 offsets for that memory's
     active data segments, which its validator rejects: memory64 seeds are
     generated without validation and those offsets rewritten as i64
     (memory64_offsets()), after which wabt's validator checks them as every
     module;
  2. reference: `wasm-opt --fuzz-exec-before` runs every function export in
     Binaryen's interpreter (zero arguments, exports in order, the instance's
     state carried over) and prints results, `fuzzing-support` log calls,
     traps and uncaught exceptions.  The modules export `hashMemory`, so the
     memory's contents are compared too;
  3. wasmc compiles the module (`--emit=obj --allow-imports`) at the
     optimisation level and bounds-check mode that s picks (-O0..-O3 x
     guard|explicit), and diff_driver.c does what step 2 does through the
     embedding API, printing the same lines;
  4. both outputs are normalised (normalise()) and compared.

Normalisation, i.e. where the two legitimately differ:
  - NaN bits: the spec leaves the payload and sign of a NaN result
    nondeterministic (spec 4.3.3 "NaN propagation"), and Binaryen 108's
    interpreter itself is not consistent about them (it makes some results
    canonical and passes others through), so NaN bits are never compared: any
    NaN prints as `nan`, and a v128 lane that is a NaN on both sides (as f32
    or as f64) matches.  A program can also turn NaN bits into integers (a
    reinterpret, a v128 integer op on an f32x4 result): half of the modules
    (chosen by the seed) are compiled with `--canonical-nans`, which removes
    most such flows on wasmc's side; for the other half, a difference that
    disappears when the same module is compiled with `--canonical-nans` is
    counted as `NaN bits` instead of a mismatch, and the other way round for
    the first half (Binaryen passes some NaN payloads through).  Every other float is
    compared bit for bit (sign of zero included) through its decimal text,
    which both sides print exactly;
  - dead loads: by default wasmc lets LLVM delete a load whose value is
    unused unless wasm drops it (docs/architecture.md "Dead loads"), so an
    out-of-bounds load whose value is dead may not trap.  A difference where
    Binaryen traps on memory and the same module with `--strict-loads`
    agrees is counted as `dead load`, not as a mismatch;
  - references: Binaryen prints the type (`funcref`, `anyref`), we print `ref`;
  - traps: compared by kind (TRAP_KINDS maps either side's message);
    exceptions as `exception` (tag names are not in the binary);
  - Binaryen's interpreter stops at a call depth of its own choosing ("stack
    limit"); wasmc's native stack is far deeper.  That is an implementation
    limit, not semantics: the outputs are compared up to that line and the
    module is counted as `inconclusive`.
A wasmc crash (signal, exit status other than 0/1), a rejected valid module,
or a driver crash counts as a crash; any other difference is a mismatch.
Each finding is kept in WORK/findings/seed-S/ (module, both outputs, diff,
the wasmc command).  Last line: `N modules, N mismatches, N crashes`
(and `N inconclusive`); exit status 1 if there was a mismatch or a crash.
"""
import argparse
import concurrent.futures as cf
import difflib
import os
import random
import re
import shutil
import subprocess
import sys
import time
import types

import multimem  # noqa: E402  (tests/fuzz/, beside this file)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

FEATURES = ["--enable-simd", "--enable-bulk-memory", "--enable-multivalue", "--enable-sign-ext",
            "--enable-nontrapping-float-to-int", "--enable-mutable-globals"]
# Binaryen 108's reference types are the pre-standard ones (anyref, funcref a
# subtype of it), so many of the modules it makes with them are invalid under
# the standard: each seed enables them with some probability, and every
# module is checked with wabt's validator (the standard feature set) first.
# Tail calls and memory64 came later (issue 23): a seed draws every
# feature's chance in this order whatever --optional-features allows, so a
# seed run with the features of an earlier day makes that day's module.
OPTIONAL_FEATURES = [("--enable-reference-types", 0.35), ("--enable-exception-handling", 0.5),
                     ("--enable-tail-call", 0.3), ("--enable-memory64", 0.3)]
# Drawn after OPTIONAL_FEATURES: a seed's module rewritten with a second
# memory (multimem.py; Binaryen 108 has no multi-memory)
REWRITES = [("multi-memory", 0.3)]
# wabt's validator with every proposal the modules may use (a module that
# uses none of them validates the same without the flags)
WABT_FEATURES = ["--enable-exceptions", "--enable-tail-call", "--enable-memory64", "--enable-multi-memory"]
# -ttf's starting module for a memory64 seed: one 64-bit memory (limits flag
# 0x04 = index type i64, no maximum; -ttf sets the limits itself)
MEMORY64_INITIAL = b"\0asm\1\0\0\0" + bytes([5, 3, 1, 4, 1])

MODES = [(o, b) for o in ("-O0", "-O1", "-O2", "-O3") for b in ("guard", "explicit")]

# trap texts of both sides -> kind
TRAP_KINDS = [
    (r"^unreachable", "unreachable"),
    (r"out of bounds memory access|final > memory|highest > memory|offset > memory|"
     r"out of bounds segment access in memory|memory\.(fill|copy|init)|"
     r"out of bounds data segment|data segment|load out of bounds|store out of bounds|"
     r"memory access out of bounds|final > ", "memory"),
    (r"out of bounds table access|table (get|set|fill|copy|init)|"
     r"out of bounds segment access in table|elem segment|table out of bounds", "table"),
    (r"undefined element|callTable overflow|callIndirect: bad|out of bounds table index", "call_indirect_oob"),
    (r"uninitialized element|callIndirect: null|null target|null function", "call_indirect_null"),
    (r"indirect call type mismatch|callIndirect: (bad )?(function )?signature|callIndirect: func type|"
     r"callIndirect: function types don't match", "call_indirect_type"),
    (r"divide by zero|div(ision)? by 0|i(32|64)\.(div|rem)_[su] by 0", "div_by_zero"),
    (r"integer overflow|overflow", "int_overflow"),
    (r"invalid conversion|truncSFloat|truncUFloat|float.*to int|trunc", "invalid_conversion"),
    (r"call stack exhausted|stack limit", "stack"),
    (r"null ref", "null_ref"),
]


def trap_kind(msg):
    for rx, kind in TRAP_KINDS:
        if re.search(rx, msg):
            return kind
    return "?" + msg


NUM = re.compile(r"^-?(\d+(\.\d*)?([eE][-+]?\d+)?|inf(inity)?)$")


def norm_value(v, exact):
    v = v.strip()
    if "nan" in v:
        return v if exact else "nan"
    if re.match(r"^(funcref|anyref|externref|ref|exnref|eqref|null)\b", v):
        return "ref"
    if v.startswith("i32x4"):
        return " ".join(v.split())
    if NUM.match(v):
        if re.match(r"^-?\d+$", v):
            return v
        return repr(float(v))
    return v


def norm_values(text, exact):
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        parts = text[1:-1].split(",")
    else:
        parts = [text]
    return ", ".join(norm_value(p, exact) for p in parts)


def normalise(out, reference, exact):
    """Lines -> list of comparable events; (events, stopped_at_stack_limit)."""
    ev = []
    for line in out.splitlines():
        line = line.rstrip()
        if line.startswith("[fuzz-exec] calling "):
            ev.append(line)
        elif line.startswith("[fuzz-exec] note result: "):
            name, _, val = line[len("[fuzz-exec] note result: "):].partition(" => ")
            ev.append("result %s => %s" % (name, norm_values(val, exact)))
        elif line.startswith("[LoggingExternalInterface logging"):
            body = line[len("[LoggingExternalInterface logging"):].rstrip("]").strip()
            if body.startswith("i32x4"):
                ev.append("log " + norm_value(body, exact))
            else:
                ev.append("log " + " ".join(norm_value(x, exact) for x in body.split()))
        elif line.startswith("[trap "):
            kind = trap_kind(line[len("[trap "):-1])
            if reference and kind == "stack":
                return ev, True
            ev.append("trap " + kind)
        elif line.startswith("[exception thrown"):
            ev.append("exception")
        elif line.startswith("[fuzz-exec] comparing") or line == "[instantiation trapped]":
            continue
        elif line:
            ev.append("other " + line)
    return ev, False


def f32_nan(x):
    return (x >> 23) & 0xff == 0xff and x & 0x7fffff != 0


def f64_nan(x):
    return (x >> 52) & 0x7ff == 0x7ff and x & ((1 << 52) - 1) != 0


def same_v128(a, b):
    """i32x4 texts a and b hold the same value, a NaN lane (as f32x4 or as
    f64x2) matching any NaN: the spec leaves NaN results nondeterministic
    lane by lane, and the text does not say which shape the value had."""
    la = [int(x, 16) for x in a.split()[1:]]
    lb = [int(x, 16) for x in b.split()[1:]]
    if len(la) != 4 or len(lb) != 4:
        return a == b
    for half in (0, 2):
        da = la[half] | la[half + 1] << 32
        db = lb[half] | lb[half + 1] << 32
        if f64_nan(da) and f64_nan(db):
            continue
        for i in (half, half + 1):
            if la[i] != lb[i] and not (f32_nan(la[i]) and f32_nan(lb[i])):
                return False
    return True


V128 = re.compile(r"i32x4( 0x[0-9a-f]{8}){4}")


FLOAT = re.compile(r"^-?(\d+\.\d*([eE][-+]?\d+)?|\d+[eE][-+]?\d+|inf)$")
INT = re.compile(r"^-?\d+$")


def same_token(a, b):
    """Binaryen prints a float whose value is an integer in integer form
    (1.8446744073709552e+19 as 18446744073709551615): where one side is a
    float, the two compare as doubles (and must agree in sign, for -0)."""
    if a == b:
        return True
    if (FLOAT.match(a) and (FLOAT.match(b) or INT.match(b))) or (FLOAT.match(b) and INT.match(a)):
        fa, fb = float(a), float(b)
        return fa == fb and a.startswith("-") == b.startswith("-")
    return False


def same_event(a, b, exact):
    if a == b:
        return True
    ma = [m.group(0) for m in V128.finditer(a)]
    mb = [m.group(0) for m in V128.finditer(b)]
    if len(ma) != len(mb) or not all(x == y if exact else same_v128(x, y) for x, y in zip(ma, mb)):
        return False
    ta = re.split(r"[ ,()]+", V128.sub("V", a))
    tb = re.split(r"[ ,()]+", V128.sub("V", b))
    return len(ta) == len(tb) and all(same_token(x, y) for x, y in zip(ta, tb))


def run(cmd, timeout, **kw):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        return None


leb_u = multimem.leb_u  # unsigned LEB128 at b[i] -> (value, index after it)


def memory64_offsets(path):
    """Rewrites, in place, the `i32.const N` offset of every active data
    segment of the module at `path` as `i64.const N` (Binaryen 108's -ttf
    writes i32 offsets for a 64-bit memory; spec 3.4.8 wants the memory's
    index type).  The signed LEB128 of N is the same bytes for i64, so only
    the opcode changes.  Returns how many offsets were rewritten; raises
    ValueError on a data section this does not understand."""
    b = bytearray(open(path, "rb").read())
    i, n = 8, 0
    while i < len(b):
        sid = b[i]
        size, j = leb_u(b, i + 1)
        end = j + size
        if sid == 11:
            count, k = leb_u(b, j)
            for _ in range(count):
                flag, k = leb_u(b, k)
                if flag in (0, 2):
                    if flag == 2:
                        _, k = leb_u(b, k)
                    if b[k] not in (0x41, 0x42):
                        raise ValueError("data segment offset is not a constant")
                    if b[k] == 0x41:
                        b[k] = 0x42
                        n += 1
                    while b[k + 1] & 0x80:   # the LEB128 operand
                        k += 1
                    k += 2
                    if b[k] != 0x0b:
                        raise ValueError("data segment offset is not one constant")
                    k += 1
                elif flag != 1:
                    raise ValueError("data segment flag %d" % flag)
                ln, k = leb_u(b, k)
                k += ln
        i = end
    with open(path, "wb") as f:
        f.write(b)
    return n


class Case:
    def __init__(self, seed, work, allowed=None):
        self.seed = seed
        self.dir = os.path.join(work, "s%d" % seed)
        self.wasm = os.path.join(self.dir, "m.wasm")
        self.obj = os.path.join(self.dir, "m.o")
        rng = random.Random(seed)
        self.size = rng.choice([200, 500, 1000, 2000, 4000, 8000, 16000])
        self.data = bytes(rng.getrandbits(8) for _ in range(self.size))
        self.ttf_flags = []
        if rng.random() < 0.2:
            self.ttf_flags.append("--no-fuzz-oob")
        # (not --no-fuzz-memory: Binaryen 108 then calls a hashMemory it did not make)
        # Half of the modules are compiled with --canonical-nans (every NaN
        # result is then the canonical NaN, as most of Binaryen's
        # interpreter's are), the other half in the default mode, where NaN
        # bits are the CPU's; see finish() for how a difference in NaN bits
        # is told from a mismatch.
        self.canon = rng.random() < 0.5
        # every chance is drawn (left of `and`) before `allowed` filters
        self.features = FEATURES + [f for f, p in OPTIONAL_FEATURES
                                    if rng.random() < p and (allowed is None or f in allowed)]
        # multi-memory: (mode of multimem.transform, decoy memory 64-bit?)
        self.multimem = None
        if rng.random() < REWRITES[0][1] and (allowed is None or "multi-memory" in allowed):
            self.multimem = (rng.choice(["shift", "shift", "decoy"]), rng.random() < 0.5)
        self.ref_wasm = self.wasm  # the module Binaryen runs (before a rewrite)
        self.mode = MODES[seed % len(MODES)]
        self.ref = None
        self.status = None   # None ok, "mismatch", "crash", "inconclusive", "skip"
        self.why = ""
        self.compile_cmd = None


def prepare(opts, case):
    """Generate the module, run the reference, compile with wasmc."""
    shutil.rmtree(case.dir, ignore_errors=True)
    os.makedirs(case.dir)
    rb = os.path.join(case.dir, "random.bin")
    with open(rb, "wb") as f:
        f.write(case.data)
    extra = []
    if "--enable-memory64" in case.features:
        init = os.path.join(case.dir, "initial64.wasm")
        with open(init, "wb") as f:
            f.write(MEMORY64_INITIAL)
        extra = ["--initial-fuzz=" + init, "--no-validation"]
    p = run(["wasm-opt", "-ttf", rb] + case.features + case.ttf_flags + extra + ["-o", case.wasm], 60)
    if p is None or p.returncode != 0 or not os.path.exists(case.wasm):
        case.status, case.why = "skip", "wasm-opt -ttf failed"
        return case
    if extra:
        try:
            memory64_offsets(case.wasm)
        except (ValueError, IndexError) as e:
            case.status, case.why = "skip", "memory64 offsets: %s" % e
            return case
    if case.multimem:
        mm = os.path.join(case.dir, "mm.wasm")
        if rewrite(case, case.wasm, mm):
            case.ref_wasm, case.wasm = case.wasm, mm
    o, b = case.mode
    case.compile_cmd = [opts.wasmc, "--emit=obj", "--allow-imports", "--module-symbol",
                        "wasmc_fuzz_m%d" % case.k, o, "--bounds-checks=" + b] + opts.target_flags + \
                       (["--canonical-nans"] if case.canon else []) + [case.wasm, "-o", case.obj]
    p = run(["wasm-validate"] + WABT_FEATURES + [case.wasm], 60)
    if p is None or p.returncode != 0:
        # not a standard module: wasmc must reject it cleanly (or accept it)
        case.status, case.why = "nonstandard", "wabt rejects the module"
        p = run(case.compile_cmd, 300)
        if p is None or p.returncode not in (0, 1) or (p.returncode == 1 and not p.stderr.strip()):
            case.status = "crash"
            case.why = "wasmc on a module wabt rejects: %s" % (
                "timeout" if p is None else "exit %d: %s" % (p.returncode, p.stderr.decode("utf-8", "replace")[:300]))
        return case
    p = run(["wasm-opt", case.ref_wasm] + case.features + ["--fuzz-exec-before", "-q"], 60)
    if p is None:
        case.status, case.why = "skip", "reference timed out"
        return case
    case.ref = p.stdout.decode("utf-8", "replace")
    p = run(case.compile_cmd, 300)
    if p is None:
        case.status, case.why = "crash", "wasmc timed out"
    elif p.returncode == 1 and p.stderr.strip() and v8_rejects(case.ref_wasm, case.features):
        # wabt 1.0.32 is lax where the standard is not (it lets a funcref
        # flow where an externref is expected, from reference types' early
        # drafts: seed 1083233); V8 validating it too is the second opinion
        case.status = "nonstandard"
        case.why = "wabt accepts, V8 and wasmc reject: %s" % p.stderr.decode("utf-8", "replace").strip()[:300]
    elif p.returncode != 0:
        case.status = "crash"
        case.why = "wasmc exit %d on a valid module: %s" % (
            p.returncode, p.stderr.decode("utf-8", "replace").strip()[:300])
    return case


def rewrite(case, src, dst):
    """dst = src with the second memory of case.multimem (multimem.py);
    False (and case.multimem None) when the module cannot be rewritten
    (Binaryen's pre-standard reference types, which wabt rejects anyway)."""
    with open(src, "rb") as f:
        data = f.read()
    try:
        out = multimem.transform(data, *case.multimem)
    except (ValueError, IndexError):
        case.multimem = None
        return False
    with open(dst, "wb") as f:
        f.write(out)
    return True


def v8_rejects(wasm, features=()):
    """Node's V8 (the project's JIT peer) finds the module invalid (Node 20's
    V8 has tail calls; memory64 behind a flag)."""
    flags = ["--experimental-wasm-memory64"] if "--enable-memory64" in features else []
    p = run(["node"] + flags + ["-e", "try { new WebAssembly.Module(require('fs').readFileSync(process.argv[1])); }"
             " catch (e) { console.log(e.message); process.exit(3); }", wasm], 60)
    return p is not None and p.returncode == 3


def finish(opts, case, driver):
    if case.status:
        return case
    p = run(opts.emulator + [driver, str(case.k)], 120)
    if p is None:
        case.status, case.why = "crash", "driver timed out"
        return case
    got = p.stdout.decode("utf-8", "replace")
    with open(os.path.join(case.dir, "wasmc.txt"), "w") as f:
        f.write(got + p.stderr.decode("utf-8", "replace"))
    if p.returncode != 0:
        case.status = "crash"
        case.why = "driver exit %d: %s" % (p.returncode, p.stderr.decode("utf-8", "replace").strip()[:300])
        return case
    bad = compare(case, got)
    if bad and "trap memory" in normalise(case.ref, True, False)[0]:
        # Is it a load whose value the optimiser found dead (docs/architecture.md
        # "Dead loads": kept alive only when wasm drops it, or with
        # --strict-loads)?  The same module with --strict-loads must then match.
        # The reference's trap need not be missing from wasmc's output: when
        # the value is dead only on the path taken, LLVM sinks the load into
        # the path that uses it, and the program runs on, doing what follows
        # (stores, calls), until another access traps (seed 1019796).
        got2 = strict_rerun(opts, case, case.wasm, ["--strict-loads"])
        if got2 is not None and compare(case, got2) is None:
            case.status = "deadload"
            case.why = "an out-of-bounds load whose value is dead did not trap; it does with --strict-loads"
            return case
    if bad:
        # NaN bits are nondeterministic (spec 4.3.3) and a program can turn
        # them into integers (reinterpret, i8x16.all_true of an f64x2.div,
        # a store and a load): if the same module compiled with NaN
        # canonicalisation toggled agrees, the difference came from a NaN's
        # bits.  Both ways, since Binaryen 108 makes some NaN results
        # canonical and passes others' payloads through (f32.nearest of
        # -nan:0x7a3061 stays -nan:0x7a3061: diff.py seed 101265).
        got2 = strict_rerun(opts, case, case.wasm, [] if case.canon else ["--canonical-nans"],
                            drop=["--canonical-nans"] if case.canon else [])
        if got2 is not None and compare(case, got2) is None:
            case.status = "nanbits"
            case.why = "differs only where NaN bits flow into values; agrees with --canonical-nans"
            return case
    if bad:
        # NaN bits that toggling --canonical-nans cannot match, because the
        # reference itself is off: Binaryen 108 passes a signalling NaN
        # through f32.floor unquieted (the spec wants an arithmetic NaN;
        # seed 1082685 stores it and hashes memory).  Binaryen's --denan
        # (what its own fuzzer uses) turns every NaN a function computes into
        # 0: if both agree on that module, the difference was NaN bits.
        denan = os.path.join(case.dir, "denan.wasm")
        p = run(["wasm-opt", case.ref_wasm] + case.features + ["--denan", "-o", denan], 60)
        ref2 = run(["wasm-opt", denan] + case.features + ["--fuzz-exec-before", "-q"], 60) if p and p.returncode == 0 else None
        mine = denan
        if ref2 is not None and case.multimem:
            mine = os.path.join(case.dir, "denan-mm.wasm")
            if not rewrite(case, denan, mine):
                ref2 = None
        if ref2 is not None and ref2.returncode == 0:
            got2 = strict_rerun(opts, case, mine, [])
            d = types.SimpleNamespace(ref=ref2.stdout.decode("utf-8", "replace"))
            if got2 is not None and compare(d, got2) is None:
                case.status = "nanbits"
                case.why = "differs only through NaN bits: agrees on the module with Binaryen's --denan"
                return case
    if bad and "trap memory" in normalise(case.ref, True, False)[0]:
        # both at once: a dead load ran on into code where NaN bits flow
        # into a value (seed 1014778: it hashes memory that a NaN was stored to)
        got2 = strict_rerun(opts, case, case.wasm, ["--strict-loads"] + ([] if case.canon else ["--canonical-nans"]),
                            drop=["--canonical-nans"] if case.canon else [])
        if got2 is not None and compare(case, got2) is None:
            case.status = "deadload"
            case.why = ("an out-of-bounds load whose value is dead did not trap, and NaN bits flow into values; "
                        "agrees with --strict-loads and --canonical-nans toggled")
            return case
    if bad:
        case.status, case.why = "mismatch", bad
    elif case.status is None and normalise(case.ref, True, False)[1]:
        case.status, case.why = "inconclusive", "reference hit its stack limit"
    return case


def compare(case, got, exact=None):
    """None when the outputs agree (up to Binaryen's stack limit), else a diff.
    exact: NaNs must have the same bits (default: when compiled with
    --canonical-nans)."""
    # Binaryen 108's interpreter does not make every NaN result canonical
    # (some ops pass an operand's payload through, some quiet a signalling
    # NaN, some do not), so NaN bits are never compared, not even with
    # --canonical-nans (found by this fuzzer: seeds 101023, 101637).
    exact = False if exact is None else exact
    ref_ev, stopped = normalise(case.ref, True, exact)
    got_ev, _ = normalise(got, False, exact)
    if stopped:
        got_ev = got_ev[:len(ref_ev)]
    if len(ref_ev) == len(got_ev) and all(same_event(x, y, exact) for x, y in zip(ref_ev, got_ev)):
        return None
    d = list(difflib.unified_diff(ref_ev, got_ev, "binaryen", "wasmc", lineterm="", n=2))
    return "\n".join(d[2:40])


def strict_rerun(opts, case, wasm, flags, drop=()):
    """Compile module `wasm` of the case again with extra wasmc flags (and
    without those in `drop`) and run it alone."""
    obj = os.path.join(case.dir, "strict.o")
    cmd = [{case.obj: obj, case.wasm: wasm}.get(a, a) for a in case.compile_cmd if a not in drop] + flags
    p = run(cmd, 300)
    if p is None or p.returncode != 0:
        return None
    mc = os.path.join(case.dir, "strict-modules.c")
    with open(mc, "w") as f:
        f.write('#include "wasmc_abi.h"\nextern const wasmc_module wasmc_fuzz_m%d;\n'
                "const wasmc_module *const fuzz_modules[] = {&wasmc_fuzz_m%d, 0};\n"
                "const unsigned fuzz_n_modules = 1;\n" % (case.k, case.k))
    exe = os.path.join(case.dir, "strict-driver")
    p = run([opts.cc] + opts.link_flags + ["-o", exe, "-I", opts.include, mc, opts.driver_obj, obj,
             opts.rtlib, "-lm", "-lpthread"], 300)
    if p is None or p.returncode != 0:
        return None
    p = run(opts.emulator + [exe, "0"], 120)
    if p is None or p.returncode != 0:
        return None
    return p.stdout.decode("utf-8", "replace")


def keep(opts, case):
    fd = os.path.join(opts.work, "findings", "seed-%d" % case.seed)
    os.makedirs(fd, exist_ok=True)
    for f in ("m.wasm", "mm.wasm", "wasmc.txt"):
        if os.path.exists(os.path.join(case.dir, f)):
            shutil.copy(os.path.join(case.dir, f), fd)
    with open(os.path.join(fd, "binaryen.txt"), "w") as f:
        f.write(case.ref or "")
    with open(os.path.join(fd, "why.txt"), "w") as f:
        f.write("%s: %s\ncommand: %s\n" % (case.status, case.why, " ".join(case.compile_cmd or [])))
        if case.multimem:
            # wasmc compiled mm.wasm, m.wasm rewritten (reduce.py redoes it)
            f.write("multi-memory: %s %d\n" % (case.multimem[0], case.multimem[1]))


def run_batch(opts, pool, seeds):
    cases = []
    for k, s in enumerate(seeds):
        c = Case(s, opts.work, opts.allowed)
        c.k = k
        cases.append(c)
    cases = list(pool.map(lambda c: prepare(opts, c), cases))
    ok = [c for c in cases if not c.status]
    bdir = os.path.join(opts.work, "batch")
    os.makedirs(bdir, exist_ok=True)
    mc = os.path.join(bdir, "modules.c")
    with open(mc, "w") as f:
        f.write('#include "wasmc_abi.h"\n')
        for c in ok:
            f.write("extern const wasmc_module wasmc_fuzz_m%d;\n" % c.k)
        f.write("const wasmc_module *const fuzz_modules[] = {\n")
        byk = {c.k for c in ok}
        for c in cases:
            f.write("  %s,\n" % ("&wasmc_fuzz_m%d" % c.k if c.k in byk else "0"))
        f.write("  0\n};\nconst unsigned fuzz_n_modules = %d;\n" % len(cases))
    driver = os.path.join(bdir, "driver")
    if ok:
        p = run([opts.cc] + opts.link_flags + ["-o", driver, "-I", opts.include, mc, opts.driver_obj] +
                [c.obj for c in ok] + [opts.rtlib, "-lm", "-lpthread"], 300)
        if p is None or p.returncode != 0:
            msg = p.stderr.decode("utf-8", "replace").strip()[:300] if p else "timeout"
            for c in ok:
                c.status, c.why = "crash", "link failed: " + msg
    cases = list(pool.map(lambda c: finish(opts, c, driver), cases))
    for c in cases:
        if c.status in ("mismatch", "crash"):
            keep(opts, c)
        if not opts.keep:
            shutil.rmtree(c.dir, ignore_errors=True)
    return cases


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wasmc", required=True)
    ap.add_argument("--rtlib", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--seeds", default=None, help="A:B, the seeds A..B-1")
    ap.add_argument("--count", type=int, default=None,
                    help="seeds from --first until N modules were compared (the modules that a "
                         "generator failure or wabt's validator drops are not counted)")
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--seconds", type=float, default=None, help="stop starting batches after T s")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--batch", type=int, default=40)
    ap.add_argument("--cc", default="clang-19")
    ap.add_argument("--target", default=os.environ.get("WASMC_TARGET") or None)
    ap.add_argument("--emulator", default=os.environ.get("WASMC_EMULATOR", ""))
    ap.add_argument("--keep", action="store_true", help="keep every case's files")
    ap.add_argument("--optional-features", default=None,
                    help="comma-separated names of OPTIONAL_FEATURES (without --enable-) and "
                         "REWRITES a seed may enable (default all): a seed found before a feature was added makes "
                         "the same module with the features of that day")
    ap.add_argument("-v", "--verbose", action="store_true")
    opts = ap.parse_args()
    opts.wasmc = os.path.abspath(opts.wasmc)
    opts.rtlib = os.path.abspath(opts.rtlib)
    opts.work = os.path.abspath(opts.work)
    opts.include = os.path.join(REPO, "runtime", "include")
    opts.target_flags = ["--target=" + opts.target] if opts.target else []
    opts.link_flags = opts.target_flags + ["-static", "-fuse-ld=lld"] if opts.target else []
    opts.emulator = opts.emulator.split()
    opts.allowed = None
    if opts.optional_features is not None:
        names = [f for f in opts.optional_features.split(",") if f]
        unknown = set(names) - {f[len("--enable-"):] for f, _ in OPTIONAL_FEATURES} - {f for f, _ in REWRITES}
        if unknown:
            sys.exit("diff.py: unknown optional feature(s): %s" % ", ".join(sorted(unknown)))
        opts.allowed = ["--enable-" + f for f in names] + [f for f, _ in REWRITES if f in names]
    for tool in ("wasm-opt", opts.cc):
        if not shutil.which(tool):
            sys.exit("diff.py: %s not found" % tool)
    os.makedirs(opts.work, exist_ok=True)
    shutil.rmtree(os.path.join(opts.work, "findings"), ignore_errors=True)
    if opts.seeds:
        a, _, b = opts.seeds.partition(":")
        seeds = range(int(a), int(b))
    else:
        seeds = range(opts.first, 1 << 40)
    opts.driver_obj = os.path.join(opts.work, "diff_driver.o")
    p = subprocess.run([opts.cc] + opts.target_flags + ["-std=c17", "-O1", "-g", "-D_GNU_SOURCE", "-Wall",
                        "-Wextra", "-Werror", "-I", opts.include, "-c", os.path.join(HERE, "diff_driver.c"),
                        "-o", opts.driver_obj])
    if p.returncode != 0:
        sys.exit("diff.py: cannot compile diff_driver.c")
    t0 = time.time()
    counts = {"modules": 0, "mismatch": 0, "crash": 0, "inconclusive": 0, "skip": 0, "nonstandard": 0,
              "deadload": 0, "nanbits": 0}
    it = iter(seeds)
    last_seed = seeds.start - 1
    with cf.ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
        while True:
            if opts.seconds is not None and time.time() - t0 >= opts.seconds:
                break
            if opts.count is not None and counts["modules"] >= opts.count:
                break
            batch = [s for _, s in zip(range(opts.batch), it)]
            if not batch:
                break
            last_seed = batch[-1]
            for c in run_batch(opts, pool, batch):
                if c.status in ("skip", "nonstandard"):
                    counts[c.status] += 1
                    continue
                counts["modules"] += 1
                if c.status:
                    counts[c.status] += 1
                if c.status in ("mismatch", "crash"):
                    print("%s seed %d (%s %s): %s" % (c.status.upper(), c.seed, c.mode[0],
                                                      c.mode[1], c.why.splitlines()[0] if c.why else ""))
                    if opts.verbose:
                        print("    " + c.why.replace("\n", "\n    "))
                elif opts.verbose:
                    print("ok seed %d %s" % (c.seed, c.status or ""))
            print("progress: %d modules, %d mismatches, %d crashes, %.0fs" % (
                counts["modules"], counts["mismatch"], counts["crash"], time.time() - t0), flush=True)
    print("generator failures: %d; not standard (wabt rejects, or V8 rejects what wasmc rejects; wasmc must only exit cleanly): %d; "
          "inconclusive (reference stack limit): %d; time %.0fs"
          % (counts["skip"], counts["nonstandard"], counts["inconclusive"], time.time() - t0))
    print("dead out-of-bounds loads that did not trap (the documented default; they trap with "
          "--strict-loads): %d; NaN bits flowing into values (agree with --canonical-nans or under --denan): %d"
          % (counts["deadload"], counts["nanbits"]))
    print("seeds %d:%d" % (seeds.start, last_seed + 1))
    print("%d modules, %d mismatches, %d crashes" % (counts["modules"], counts["mismatch"], counts["crash"]))
    return 1 if counts["mismatch"] or counts["crash"] else 0


if __name__ == "__main__":
    sys.exit(main())
