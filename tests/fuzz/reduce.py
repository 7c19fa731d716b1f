#!/usr/bin/env python3
"""tests/fuzz/reduce.py — reduce a diff.py finding with Binaryen's wasm-reduce.

usage: reduce.py --wasmc PATH --rtlib PATH/libwasmc_rt.a FINDING_DIR [-o OUT.wasm]
       reduce.py --check ... WASM      (the test command wasm-reduce runs)

FINDING_DIR is a WORK/findings/seed-S folder of diff.py (m.wasm, why.txt with
the wasmc command).  The module is shrunk while it still shows a difference
between Binaryen's interpreter and wasmc compiled with the finding's flags
(plus --strict-loads, so that a reduction cannot turn the difference into a
dead out-of-bounds load, the documented default deviation), compared the way
diff.py compares (diff.compare).  The check prints exactly `MISMATCH` or
`same`: wasm-reduce keeps a reduction when the output stays the same.
The reduced module is written to OUT.wasm (default FINDING_DIR/reduced.wasm);
`wasm-dis` it to make the regression test.  A finding on a module that
diff.py gave a second memory (why.txt `multi-memory: MODE DECOY64`) is
reduced the same way: Binaryen reduces and runs m.wasm, and every candidate
is rewritten (multimem.py) before wasmc compiles it; OUT-mm.wasm is the
rewritten reduced module.
"""
import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import diff  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
INCLUDE = os.path.join(REPO, "runtime", "include")


def wasmc_flags(why):
    """The optimisation and bounds-check flags of the finding's command."""
    for line in open(why):
        if line.startswith("command: "):
            argv = shlex.split(line[len("command: "):])
            keep = [a for a in argv[1:] if a.startswith("-O") or a.startswith("--bounds-checks=") or
                    a in ("--canonical-nans", "--strict-loads") or a.startswith("--target=")]
            return keep
    sys.exit("reduce.py: no command in %s" % why)


def multimem_of(why):
    """(mode, decoy64) of a finding whose module diff.py rewrote, else None."""
    for line in open(why):
        if line.startswith("multi-memory: "):
            mode, d64 = line.split()[1:3]
            return (mode, d64 == "1")
    return None


def check(opts, wasm):
    case = diff.Case(0, opts.tmp)
    case.k = 0
    p = subprocess.run(["wasm-opt", wasm] + diff.FEATURES + [f for f, _ in diff.OPTIONAL_FEATURES] +
                       ["--fuzz-exec-before", "-q"], capture_output=True, timeout=60)
    if p.returncode != 0:
        return "same"
    case.ref = p.stdout.decode("utf-8", "replace")
    obj = os.path.join(opts.tmp, "m.o")
    if opts.multimem:
        with open(wasm, "rb") as f:
            data = f.read()
        try:
            data = diff.multimem.transform(data, *opts.multimem)
        except (ValueError, IndexError):
            return "same"
        wasm = os.path.join(opts.tmp, "mm.wasm")
        with open(wasm, "wb") as f:
            f.write(data)
    p = subprocess.run([opts.wasmc, "--emit=obj", "--allow-imports", "--module-symbol", "wasmc_fuzz_m0"] +
                       opts.flags + ["--strict-loads", wasm, "-o", obj], capture_output=True, timeout=300)
    if p.returncode != 0:
        return "same"
    mc = os.path.join(opts.tmp, "modules.c")
    with open(mc, "w") as f:
        f.write('#include "wasmc_abi.h"\nextern const wasmc_module wasmc_fuzz_m0;\n'
                "const wasmc_module *const fuzz_modules[] = {&wasmc_fuzz_m0, 0};\n"
                "const unsigned fuzz_n_modules = 1;\n")
    drv_obj = os.path.join(opts.tmp, "diff_driver.o")
    if not os.path.exists(drv_obj):
        subprocess.run(["clang-19", "-std=c17", "-O1", "-D_GNU_SOURCE", "-I", INCLUDE, "-c",
                        os.path.join(HERE, "diff_driver.c"), "-o", drv_obj], check=True)
    exe = os.path.join(opts.tmp, "d")
    p = subprocess.run(["clang-19", "-o", exe, "-I", INCLUDE, mc, drv_obj, obj, opts.rtlib, "-lm", "-lpthread"],
                       capture_output=True)
    if p.returncode != 0:
        return "same"
    try:
        p = subprocess.run([exe, "0"], capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "same"
    if p.returncode != 0:
        return "same"
    return "MISMATCH" if diff.compare(case, p.stdout.decode("utf-8", "replace")) else "same"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wasmc", required=True)
    ap.add_argument("--rtlib", required=True)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--flags", default="", help="with --check: the wasmc flags")
    ap.add_argument("--multi-memory", default="", help="with --check: MODE,DECOY64 of multimem.transform")
    ap.add_argument("-o", dest="out")
    ap.add_argument("what")
    opts = ap.parse_args()
    opts.wasmc = os.path.abspath(opts.wasmc)
    opts.rtlib = os.path.abspath(opts.rtlib)
    if opts.check:
        opts.flags = shlex.split(opts.flags)
        mode, _, d64 = opts.multi_memory.partition(",")
        opts.multimem = (mode, d64 == "1") if mode else None
        opts.tmp = tempfile.mkdtemp(prefix="wasmc-reduce-")
        try:
            print(check(opts, opts.what))
        finally:
            shutil.rmtree(opts.tmp, ignore_errors=True)
        return 0
    fd = os.path.abspath(opts.what)
    flags = wasmc_flags(os.path.join(fd, "why.txt"))
    mm = multimem_of(os.path.join(fd, "why.txt"))
    out = os.path.abspath(opts.out or os.path.join(fd, "reduced.wasm"))
    work = tempfile.mkdtemp(prefix="wasmc-reduce-")
    script = os.path.join(work, "check.sh")
    with open(script, "w") as f:
        f.write("#!/bin/sh\nexec %s %s --wasmc %s --rtlib %s --check --flags %s --multi-memory %s %s\n" % (
            shlex.quote(sys.executable), shlex.quote(os.path.abspath(__file__)), shlex.quote(opts.wasmc),
            shlex.quote(opts.rtlib), shlex.quote(" ".join(flags)),
            shlex.quote("%s,%d" % (mm[0], mm[1]) if mm else ""), shlex.quote(os.path.join(work, "t.wasm"))))
    os.chmod(script, 0o755)
    shutil.copy(os.path.join(fd, "m.wasm"), os.path.join(work, "t.wasm"))
    opts.flags, opts.tmp, opts.multimem = flags, work, mm
    if check(opts, os.path.join(work, "t.wasm")) != "MISMATCH":
        sys.exit("reduce.py: the finding does not reproduce with %s --strict-loads" % " ".join(flags))
    p = subprocess.run(["wasm-reduce", os.path.join(fd, "m.wasm"), "--command=" + script,
                        "-b", os.path.dirname(shutil.which("wasm-opt")), "-t", os.path.join(work, "t.wasm"), "-w", os.path.join(work, "w.wasm")] +
                       diff.FEATURES + [f for f, _ in diff.OPTIONAL_FEATURES], cwd=work)
    if p.returncode != 0 or not os.path.exists(os.path.join(work, "w.wasm")):
        sys.exit("reduce.py: wasm-reduce failed")
    shutil.copy(os.path.join(work, "w.wasm"), out)
    if mm:
        with open(out, "rb") as f:
            data = diff.multimem.transform(f.read(), *mm)
        with open(os.path.splitext(out)[0] + "-mm.wasm", "wb") as f:
            f.write(data)
    shutil.rmtree(work, ignore_errors=True)
    print("reduced: %s (%d bytes, flags %s)" % (out, os.path.getsize(out), " ".join(flags)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
