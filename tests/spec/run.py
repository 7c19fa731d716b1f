#!/usr/bin/env python3
"""tests/spec/run.py — run the WebAssembly core spec testsuite against wasmc.

usage: run.py --wasmc PATH --rtlib PATH/libwasmc_rt.a [--work DIR] [--jobs N] [--batch N]
              [-O0|-O2] [--spec-dir DIR] [--proposal P]... [-v] [files...]

Per .wast file (default: every row of the manifest whose proposal is in
DEFAULT_PROPOSALS, each converted with its row's wast2json flags):
  1. wast2json (Debian wabt 1.0.32) with the manifest's flags, into WORK/<file>/;
  2. every binary module that a command instantiates (module,
     assert_unlinkable, assert_uninstantiable) is compiled with
     `wasmc --emit=obj --allow-imports --module-symbol wasmc_spec F.wasm...`,
     --batch modules per process (their objects F.o, descriptors
     wasmc_spec_F); every binary assert_invalid / assert_malformed module
     must make wasmc exit 1 with a message naming it.  A batch that crashes
     or times out is compiled again one module per process, so that the
     failure is attributed to one module (--batch 1: always);
  3. a tiny modules.c listing the descriptors is linked with driver.c (built
     once) and libwasmc_rt.a into ONE executable per file, which runs all of
     the file's module/register/action/assert_* commands in one process
     (see driver.c for the command file format and semantics);
  4. commands whose module is in the text format ("module_type": "text")
     test a text parser, not wasmc: like the reference interpreter they
     count as passed without running anything, and are reported separately.

`register` commands are not counted (neither does the reference interpreter,
whose per-file totals are the bar in MANIFEST.tsv).  core(simd) files run
by default only when listed in SIMD_ENABLED (they pass completely); the
others are reported as skipped with the reason from SIMD_PENDING, their
commands counted as skipped (naming files, or --run-pending, runs them).

Prints per file `PASS|FAIL FILE: P/T passed (text-module commands: K; ...)`,
the failing commands (indented), one `SKIP FILE: N commands (reason)` line per
skipped file, then (unless files are named) one line per proposal folder of
the manifest, `PROPOSAL NAME: P/T passed (wabt 1.0.32: W/T) PASS|FAIL`, or
`... SKIP` with its commands counted as skipped when the proposal is not
selected, and as last line `N passed, N failed, N skipped`.  Exit status 1 if
anything failed.
"""
import argparse
import concurrent.futures as cf
import csv
import json
import re
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# Proposals that wasmc does not implement yet: files skipped with a reason.
SKIP_PROPOSALS = {}

# core(simd) files that pass completely: run (and counted) by default.  Every
# other core(simd) file is reported as skipped with the reason in SIMD_PENDING
# (or "SIMD: not enabled yet").  Naming a file on the command line, or
# --run-pending, runs it regardless.
SIMD_ENABLED = {
    "simd_address", "simd_align", "simd_bit_shift", "simd_bitwise", "simd_boolean", "simd_const",
    "simd_conversions", "simd_f32x4", "simd_f32x4_arith", "simd_f32x4_cmp", "simd_f32x4_pmin_pmax",
    "simd_f32x4_rounding", "simd_f64x2", "simd_f64x2_arith", "simd_f64x2_cmp",
    "simd_f64x2_pmin_pmax", "simd_f64x2_rounding", "simd_i16x8_arith", "simd_i16x8_arith2",
    "simd_i16x8_cmp", "simd_i16x8_extadd_pairwise_i8x16", "simd_i16x8_extmul_i8x16",
    "simd_i16x8_q15mulr_sat_s", "simd_i16x8_sat_arith", "simd_i32x4_arith", "simd_i32x4_arith2",
    "simd_i32x4_cmp", "simd_i32x4_dot_i16x8", "simd_i32x4_extadd_pairwise_i16x8",
    "simd_i32x4_extmul_i16x8", "simd_i32x4_trunc_sat_f32x4", "simd_i32x4_trunc_sat_f64x2",
    "simd_i64x2_arith", "simd_i64x2_arith2", "simd_i64x2_cmp", "simd_i64x2_extmul_i32x4",
    "simd_i8x16_arith", "simd_i8x16_arith2", "simd_i8x16_cmp", "simd_i8x16_sat_arith",
    "simd_int_to_int_extend", "simd_lane", "simd_load", "simd_load16_lane", "simd_load32_lane",
    "simd_load64_lane", "simd_load8_lane", "simd_load_extend", "simd_load_splat", "simd_load_zero",
    "simd_splat", "simd_store", "simd_store16_lane", "simd_store32_lane", "simd_store64_lane",
    "simd_store8_lane",
}
SIMD_PENDING = {}


def skip_reason(r):
    if r.get("ok", "yes") != "yes":  # wast2json 1.0.32 cannot convert it: no bar (interp '-')
        return "wast2json 1.0.32 cannot convert it: " + r["ok"].split("error: ")[-1]
    if r["proposal"] in SKIP_PROPOSALS:
        return SKIP_PROPOSALS[r["proposal"]]
    if r["proposal"] == "core(simd)":
        base = os.path.basename(r["file"])[:-len(".wast")]
        if base not in SIMD_ENABLED:
            return SIMD_PENDING.get(base, "SIMD: not enabled yet")
    return None
# Proposals run by default (every manifest row of each).  A proposal of the
# manifest that is not listed is reported on its summary line as not run; to
# enable one once it passes, add its manifest name here.
DEFAULT_PROPOSALS = ["core", "core(simd)", "exception-handling", "relaxed-simd", "extended-const", "tail-call",
                     "multi-memory", "memory64", "threads"]

# Commands whose expectation predates a merged proposal, by file and line:
# reported and counted as skipped, not failed.  The reference interpreter
# fails them too (MANIFEST.tsv's bar).
STALE_COMMANDS = {
    # threads' imports.wast predates reference types: two tables are valid
    "proposals/threads/imports.wast": {310: "multiple tables are valid with reference types",
                                       314: "multiple tables are valid with reference types",
                                       318: "multiple tables are valid with reference types"},
}

DRIVER_TIMEOUT = 600  # seconds for one file's driver
COMPILE_TIMEOUT = 120


def find_spec_dir(arg):
    cands = [arg, os.environ.get("WASMC_SPEC_DIR"), os.path.join(REPO, "..", "shared", "spec"),
             "/work/shared/spec"]
    for c in cands:
        if c and os.path.isfile(os.path.join(c, "MANIFEST.tsv")):
            return os.path.abspath(c)
    sys.exit("run.py: cannot find the spec data (MANIFEST.tsv); use --spec-dir or WASMC_SPEC_DIR")


def read_manifest(spec_dir):
    with open(os.path.join(spec_dir, "MANIFEST.tsv")) as f:
        lines = [l for l in f if not l.startswith("# ")]
    return list(csv.DictReader(lines, delimiter="\t"))


def hexstr(s):
    return "-" if s is None else "x" + s.encode("utf-8").hex()


def val_token(v, where):
    """JSON value -> driver token (see driver.c)."""
    t = v["type"]
    x = v.get("value")
    if t in ("i32", "f32", "i64", "f64"):
        if x == "nan:canonical":
            return t + ":canon"
        if x == "nan:arithmetic":
            return t + ":arith"
        bits = int(x)
        width = 32 if t in ("i32", "f32") else 64
        return "%s:%x" % (t, bits & ((1 << width) - 1))
    if t == "v128":
        lt = v["lane_type"]
        bits = {"i8": 8, "i16": 16, "i32": 32, "i64": 64, "f32": 32, "f64": 64}[lt]
        lanes = []
        for l in x:
            if l == "nan:canonical":
                lanes.append("canon")
            elif l == "nan:arithmetic":
                lanes.append("arith")
            else:
                lanes.append("%x" % (int(l) & ((1 << bits) - 1)))
        return "v128:%s:%s" % (lt, ",".join(lanes))
    if t == "externref":
        if x is None:
            return "ext"
        if x == "null":
            return "null"
        return "ext:%d" % int(x)
    if t == "funcref":
        if x is None:
            return "func"
        if x == "null":
            return "null"
    raise ValueError("unsupported %s value %r" % (where, v))


def action_tokens(a):
    if a["type"] == "get":
        return ["get", hexstr(a.get("module")), hexstr(a["field"])]
    if a["type"] != "invoke":
        raise ValueError("unsupported action %r" % a["type"])
    args = [val_token(x, "argument") for x in a.get("args", [])]
    return ["invoke", hexstr(a.get("module")), hexstr(a["field"]), str(len(args))] + args


def describe(c):
    d = c["type"]
    a = c.get("action")
    if a:
        d += " %s %s" % (a["type"], json.dumps(a.get("field")))
        if a.get("args"):
            d += "(" + ", ".join(str(x.get("value")) for x in a["args"]) + ")"
    elif c.get("filename"):
        d += " " + c["filename"]
    return d


def is_text(c):
    return c.get("module_type") == "text" or (c.get("filename", "").endswith(".wat"))


class FileResult:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0
        self.text = 0
        self.failures = []  # (line, description, reason)
        self.stale = []     # (line, description, why): STALE_COMMANDS that failed
        self.seconds = 0.0
        self.error = None

    def fail(self, c, reason):
        why = STALE_COMMANDS.get(self.name, {}).get(c.get("line", 0))
        if why:
            self.stale.append((c.get("line", 0), describe(c), why))
            return
        self.failed += 1
        self.failures.append((c.get("line", 0), describe(c), reason))


def run(cmd, timeout, **kw):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        return None


def spec_symbol(src):
    """The descriptor symbol of module file src: what `wasmc --module-symbol
    wasmc_spec a.wasm b.wasm` names it (docs/cli.md)."""
    stem = os.path.basename(src)[:-len(".wasm")]
    return "wasmc_spec_" + re.sub(r"[^A-Za-z0-9_]", "_", stem)


def first_line(b):
    s = b.decode("utf-8", "replace").strip().splitlines()
    return s[0] if s else ""


def run_file(opts, row, driver_obj):
    wast = os.path.join(opts.spec_dir, row["file"])
    base = os.path.basename(wast)[:-len(".wast")]
    rel = row["file"][:-len(".wast")]
    if rel.startswith("testsuite/"):
        rel = rel[len("testsuite/"):]
    res = FileResult(rel + ".wast")
    t0 = time.time()
    wd = os.path.join(opts.work, rel.replace("/", "__"))
    shutil.rmtree(wd, ignore_errors=True)
    os.makedirs(wd)
    flags = [] if row["wast2json_flags"] in ("", "(default)") else row["wast2json_flags"].split()
    jpath = os.path.join(wd, base + ".json")
    p = run(["wast2json"] + flags + [wast, "-o", jpath], COMPILE_TIMEOUT)
    if p is None or p.returncode != 0:
        res.error = "wast2json failed: " + (first_line(p.stderr) if p else "timeout")
        res.failed = max(1, int(row["commands"]) - int(row["register"] or 0))
        return res
    with open(jpath) as f:
        commands = json.load(f)["commands"]

    def wasm(c):
        return os.path.join(wd, c["filename"])

    # Modules that a command instantiates, numbered in command order.
    mod_index = {}
    compile_jobs = []  # (k, wasm path, obj path)
    reject_jobs = []   # (command, wasm path)
    for i, c in enumerate(commands):
        if c["type"] in ("module", "assert_unlinkable", "assert_uninstantiable") and not is_text(c):
            k = len(compile_jobs)
            mod_index[i] = k
            compile_jobs.append((k, wasm(c), os.path.join(wd, c["filename"][:-len(".wasm")] + ".o")))
        elif c["type"] in ("assert_invalid", "assert_malformed") and not is_text(c):
            reject_jobs.append((c, wasm(c)))

    olevel = opts.olevel
    compile_err = {}
    # wasmc accepts multi-memory and memory64 by default; a file converted
    # without them follows the rules without them (core: "multiple memories")
    features = [f"--disable-{p}" for p in ("multi-memory", "memory64") if f"--enable-{p}" not in flags]
    base_cmd = [opts.wasmc, "--emit=obj", "--allow-imports", olevel] + opts.target_flags + features + opts.wasmc_flags

    def compile_one(job):
        k, src, obj = job
        p = run(base_cmd + ["--module-symbol", spec_symbol(src), src, "-o", obj], COMPILE_TIMEOUT)
        if p is None:
            return k, "wasmc timed out"
        if p.returncode != 0:
            return k, "wasmc exit %d: %s" % (p.returncode, first_line(p.stderr))
        return k, None

    def reject_one(job):
        c, src = job
        p = run(base_cmd + ["--module-symbol", "wasmc_spec_bad", src, "-o", os.path.join(wd, "rejected.%d.o" % c["line"])],
                COMPILE_TIMEOUT)
        if p is None:
            return c, "wasmc timed out"
        if p.returncode == 0:
            return c, "wasmc accepted the module (expected: %s)" % c.get("text")
        if p.returncode != 1:
            return c, "wasmc exit %d (crash?): %s" % (p.returncode, first_line(p.stderr))
        if not p.stderr.strip():
            return c, "wasmc exit 1 without a message"
        return c, None

    def batch(jobs, src_of, one, reject):
        """Compiles several modules in one wasmc process (`wasmc --emit=obj
        a.wasm b.wasm ...`, outputs and symbols named after the inputs): one
        process start instead of one per module.  A crash or a timeout of the
        batch falls back to one process per module, so that it is attributed
        exactly.  Returns [(job key, error or None)]."""
        names = [os.path.basename(src_of(j)) for j in jobs]
        p = run(base_cmd + ["--module-symbol", "wasmc_spec"] + names, COMPILE_TIMEOUT + 5 * len(jobs), cwd=wd)
        if p is None or p.returncode not in (0, 1):
            return [one(j) for j in jobs]
        errs = {}
        for l in p.stderr.decode("utf-8", "replace").splitlines():
            for n in names:
                if l.startswith("wasmc: error: %s: " % n):
                    errs[n] = l[len("wasmc: error: "):]
        out = []
        for j, n in zip(jobs, names):
            key = j[0]
            if reject:
                out.append((key, None if n in errs else "wasmc accepted the module (expected: %s)" % key.get("text")))
            else:
                out.append((key, None if n not in errs else "wasmc exit 1: %s" % errs[n]))
        if p.returncode == 1 and not errs:
            return [one(j) for j in jobs]  # an error nobody claimed: ask each module
        return out

    pool = opts.pool
    reject_results = {}
    B = opts.batch
    if B > 1:
        futs = [pool.submit(batch, compile_jobs[i:i + B], lambda j: j[1], compile_one, False)
                for i in range(0, len(compile_jobs), B)]
        rfuts = [pool.submit(batch, reject_jobs[i:i + B], lambda j: j[1], reject_one, True)
                 for i in range(0, len(reject_jobs), B)]
        for fu in futs:
            for k, err in fu.result():
                if err:
                    compile_err[k] = err
        for fu in rfuts:
            for c, err in fu.result():
                reject_results[id(c)] = err
    else:
        futs = [pool.submit(compile_one, j) for j in compile_jobs]
        rfuts = [pool.submit(reject_one, j) for j in reject_jobs]
        for fu in futs:
            k, err = fu.result()
            if err:
                compile_err[k] = err
        for fu in rfuts:
            c, err = fu.result()
            reject_results[id(c)] = err

    # Command file for the driver.
    lines = []
    prepared = {}  # command index -> error while preparing
    for i, c in enumerate(commands):
        t = c["type"]
        ln = str(c.get("line", 0))
        try:
            if t == "module":
                if is_text(c):
                    continue
                lines.append(" ".join(["module", str(i), ln, str(mod_index[i]), hexstr(c.get("name"))]))
            elif t == "register":
                lines.append(" ".join(["register", str(i), ln, hexstr(c["as"]), hexstr(c.get("name"))]))
            elif t == "action":
                lines.append(" ".join(["action", str(i), ln] + action_tokens(c["action"])))
            elif t == "assert_return":
                exp = [val_token(v, "result") for v in c.get("expected", [])]
                if "either" in c:  # one result, any of these values (relaxed SIMD)
                    exp = ["either", str(len(c["either"]))] + [val_token(v, "result") for v in c["either"]]
                lines.append(" ".join(["return", str(i), ln] + action_tokens(c["action"]) +
                                      [str(1 if "either" in c else len(exp))] + exp))
            elif t == "assert_exception":
                lines.append(" ".join(["exception", str(i), ln] + action_tokens(c["action"])))
            elif t in ("assert_trap", "assert_exhaustion"):
                kind = "trap" if t == "assert_trap" else "exhaust"
                lines.append(" ".join([kind, str(i), ln] + action_tokens(c["action"]) +
                                      [hexstr(c.get("text", ""))]))
            elif t in ("assert_unlinkable", "assert_uninstantiable"):
                if is_text(c):
                    continue
                kind = "unlinkable" if t == "assert_unlinkable" else "uninstantiable"
                lines.append(" ".join([kind, str(i), ln, str(mod_index[i]), hexstr(c.get("text", ""))]))
        except (ValueError, KeyError) as e:
            prepared[i] = "cannot express the command: %s" % e
    cmd_path = os.path.join(wd, "commands.txt")
    with open(cmd_path, "w") as f:
        f.write("\n".join(lines) + "\n")

    # modules.c + link + run.
    driver_out = {}
    driver_note = None
    if any(not l.startswith("#") for l in lines):
        mc = os.path.join(wd, "modules.c")
        with open(mc, "w") as f:
            f.write('#include "wasmc_abi.h"\n')
            for k, src, _ in compile_jobs:
                if k not in compile_err:
                    f.write("extern const wasmc_module %s;\n" % spec_symbol(src))
            f.write("const wasmc_module *const spec_modules[] = {\n")
            for k, src, _ in compile_jobs:
                f.write("  %s,\n" % ("0" if k in compile_err else "&" + spec_symbol(src)))
            f.write("  0\n};\nconst unsigned spec_n_modules = %d;\n" % len(compile_jobs))
        exe = os.path.join(wd, "driver")
        objs = [o for k, _, o in compile_jobs if k not in compile_err]
        p = run([opts.cc] + opts.link_flags + ["-o", exe, "-I", opts.include, mc, driver_obj] + objs +
                [opts.rtlib, "-lm", "-lpthread"], COMPILE_TIMEOUT)
        if p is None or p.returncode != 0:
            driver_note = "link failed: " + (first_line(p.stderr) if p else "timeout")
        else:
            p = run(opts.emulator + [exe, cmd_path] + (["-v"] if opts.verbose else []), DRIVER_TIMEOUT, cwd=wd)
            out = p.stdout if p else b""
            for l in out.decode("utf-8", "replace").splitlines():
                n, _, rest = l.partition(" ")
                if n.isdigit():
                    driver_out[int(n)] = rest
            if p is None:
                driver_note = "driver timed out after %ds" % DRIVER_TIMEOUT
            elif p.returncode != 0:
                driver_note = "driver exit %d: %s" % (p.returncode, first_line(p.stderr)[:200])

    for i, c in enumerate(commands):
        t = c["type"]
        if t == "register":
            r = driver_out.get(i)
            if r is not None and r != "ok":
                res.failures.append((c.get("line", 0), describe(c), r + " (not counted)"))
            continue
        if is_text(c):
            res.passed += 1
            res.text += 1
            continue
        if t in ("assert_invalid", "assert_malformed"):
            err = reject_results.get(id(c))
            if err:
                res.fail(c, err)
            else:
                res.passed += 1
            continue
        if i in prepared:
            res.fail(c, prepared[i])
            continue
        if i in mod_index and mod_index[i] in compile_err:
            res.fail(c, compile_err[mod_index[i]])
            continue
        r = driver_out.get(i)
        if r == "ok":
            res.passed += 1
        elif r is None:
            res.fail(c, "no result (%s)" % (driver_note or "driver stopped"))
        else:
            res.fail(c, r[5:] if r.startswith("FAIL ") else r)
    res.seconds = time.time() - t0
    if not opts.keep:
        for k, _, o in compile_jobs:
            if os.path.exists(o) and res.failed == 0:
                os.unlink(o)
    return res


def num(x):
    return int(x) if x and x.isdigit() else 0


def proposal_summary(rows, proposals, todo, results, default_set):
    """One line per proposal folder of the manifest, in manifest order:
    `PROPOSAL NAME: P/T passed (wabt 1.0.32: W/T) PASS|FAIL`, T the commands
    the reference interpreter counts, W those it passes.  A run proposal
    passes when it passes at least W commands with no failure (threads: 5
    more, wait/notify and spectest's shared memory, which wabt 1.0.32's
    interpreter does not implement).  With the
    default set (`default_set`), a proposal not in DEFAULT_PROPOSALS gets a
    `... SKIP` line and its commands count as skipped; with --proposal, only
    the named ones get a line.  Returns the skipped commands that no file
    line counted."""
    run = {r["file"] for r in todo}
    order, stats = [], {}
    for r in rows:
        name = r["proposal"]
        if name not in stats:
            order.append(name)
            stats[name] = {"p": 0, "f": 0, "w": 0, "t": 0, "files": 0, "skip": 0}
        st = stats[name]
        st["files"] += 1
        st["w"] += num(r.get("interp_passed"))
        n = num(r.get("interp_total")) if num(r.get("interp_total")) else num(r["commands"]) - num(r["register"])
        st["t"] += n
        if r["file"] in run:
            fr = results[r["file"]]
            st["p"] += fr.passed
            st["f"] += fr.failed
        elif r["proposal"] not in proposals:
            st["skip"] += n
    extra = 0
    for name in order:
        st = stats[name]
        if name not in proposals:
            if not default_set:
                continue
            extra += st["skip"]
            print("PROPOSAL %s: not run (not in DEFAULT_PROPOSALS; --proposal %s runs it), %d commands skipped "
                  "(wabt 1.0.32: %d/%d) SKIP" % (name, name, st["skip"], st["w"], st["t"]))
            continue
        # more than wabt: commands its interpreter cannot run (threads: wait
        # and notify, spectest's shared memory), never a failure
        ok = st["f"] == 0 and st["p"] >= st["w"]
        beyond = "; %d beyond wabt's" % (st["p"] - st["w"]) if st["p"] > st["w"] else ""
        print("PROPOSAL %s: %d/%d passed (wabt 1.0.32: %d/%d%s) %s" % (
            name, st["p"], st["p"] + st["f"], st["w"], st["t"], beyond, "PASS" if ok else "FAIL"))
    return extra


def main():
    ap = argparse.ArgumentParser(description="Run the WebAssembly spec testsuite against wasmc.")
    ap.add_argument("--wasmc", required=True)
    ap.add_argument("--rtlib", required=True, help="path of libwasmc_rt.a")
    ap.add_argument("--work", default=None, help="work directory (default: build-spec-work in cwd)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--batch", type=int, default=32,
                    help="modules per wasmc process (default 32; 1: one process per module)")
    ap.add_argument("-O0", dest="O0", action="store_true", help="compile modules at -O0")
    ap.add_argument("-O2", dest="O2", action="store_true", help="compile modules at -O2 (default)")
    ap.add_argument("-O1", dest="O1", action="store_true", help="compile modules at -O1")
    ap.add_argument("-O3", dest="O3", action="store_true", help="compile modules at -O3")
    ap.add_argument("--wasmc-flag", action="append", default=[], metavar="FLAG",
                    help="one more wasmc option for every module (repeatable), e.g. --bounds-checks=explicit")
    ap.add_argument("--wast", action="append", default=[], metavar="FILE",
                    help="run this .wast file (not from the manifest; repeatable): tests/edge uses it")
    ap.add_argument("--spec-dir", default=None)
    ap.add_argument("--proposal", action="append", default=None,
                    help="manifest proposal to run (repeatable; default: DEFAULT_PROPOSALS)")
    ap.add_argument("--cc", default=os.environ.get("CC_SPEC", "clang-19"))
    ap.add_argument("--target", default=os.environ.get("WASMC_TARGET") or None,
                    help="cross target, e.g. aarch64-linux-gnu (wasmc --target, static link; "
                         "default $WASMC_TARGET; --rtlib must be that target's library)")
    ap.add_argument("--emulator", default=os.environ.get("WASMC_EMULATOR", ""),
                    help="command prefix that runs the driver, e.g. 'qemu-aarch64' "
                         "(default $WASMC_EMULATOR)")
    ap.add_argument("--keep", action="store_true", help="keep object files")
    ap.add_argument("--run-pending", action="store_true",
                    help="also run the core(simd) files not yet in SIMD_ENABLED")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("files", nargs="*", help="file names (i32, i32.wast, testsuite/i32.wast)")
    opts = ap.parse_args()

    opts.wasmc = os.path.abspath(opts.wasmc)
    opts.rtlib = os.path.abspath(opts.rtlib)
    opts.olevel = "-O0" if opts.O0 else "-O1" if opts.O1 else "-O3" if opts.O3 else "-O2"
    opts.wasmc_flags = opts.wasmc_flag
    opts.spec_dir = "/" if opts.wast else find_spec_dir(opts.spec_dir)
    opts.work = os.path.abspath(opts.work or "build-spec-work")
    opts.include = os.path.join(REPO, "runtime", "include")
    # Cross target: modules, driver.c and the link use the triple, the driver
    # is linked statically (no target libc needed at run time) and runs under
    # the emulator (docs/targets.md).
    opts.target_flags = ["--target=" + opts.target] if opts.target else []
    opts.link_flags = opts.target_flags + ["-static", "-fuse-ld=lld"] if opts.target else []
    opts.emulator = opts.emulator.split()
    os.makedirs(opts.work, exist_ok=True)
    for tool in ("wast2json", opts.cc):
        if not shutil.which(tool):
            sys.exit("run.py: %s not found" % tool)

    rows = [] if opts.wast else read_manifest(opts.spec_dir)
    proposals = opts.proposal or DEFAULT_PROPOSALS
    if opts.wast:
        # files outside the manifest: every proposal wabt knows, no bar to meet
        sel = [{"file": os.path.abspath(w), "wast2json_flags": "--enable-exceptions --enable-tail-call", "commands": "1",
                "register": "0", "proposal": "edge", "module": "0", "interp_passed": "-"} for w in opts.wast]
    elif opts.files:
        sel = []
        for f in opts.files:
            f = f if f.endswith(".wast") else f + ".wast"
            exact = [r for r in rows if r["file"] == f or r["file"] == "testsuite/" + f]
            if not exact:
                # A bare name: the row of the selected proposals (core first).
                exact = [r for r in rows if os.path.basename(r["file"]) == os.path.basename(f)
                         and r["proposal"] in proposals][:1]
            if not exact:
                sys.exit("run.py: not in the manifest: " + f)
            sel += [r for r in exact if r not in sel]
    else:
        sel = [r for r in rows if r["proposal"] in proposals]

    t_start = time.time()
    driver_obj = os.path.join(opts.work, "driver.o")
    p = subprocess.run([opts.cc] + opts.target_flags + ["-std=c17", "-O1", "-g", "-D_GNU_SOURCE", "-Wall", "-Wextra", "-Werror",
                        "-I", opts.include, "-c", os.path.join(HERE, "driver.c"), "-o", driver_obj])
    if p.returncode != 0:
        sys.exit("run.py: cannot compile driver.c")

    def skipped_row(r):
        if opts.files or opts.run_pending:  # explicitly asked for: run pending SIMD files
            return r["proposal"] in SKIP_PROPOSALS or r.get("ok", "yes") != "yes"
        return skip_reason(r) is not None

    skipped = [r for r in sel if skipped_row(r)]
    todo = [r for r in sel if not skipped_row(r)]
    # Largest files first keeps the workers busy until the end.
    todo.sort(key=lambda r: -(int(r["module"]) * 4 + int(r["commands"])))

    results = {}
    jobs = max(1, opts.jobs)
    with cf.ThreadPoolExecutor(max_workers=jobs) as pool, \
            cf.ThreadPoolExecutor(max_workers=jobs) as file_pool:
        opts.pool = pool
        futs = {file_pool.submit(run_file, opts, r, driver_obj): r for r in todo}
        for fu in cf.as_completed(futs):
            r = futs[fu]
            try:
                results[r["file"]] = fu.result()
            except Exception as e:  # a harness bug must not hide the other files
                fr = FileResult(os.path.basename(r["file"]))
                fr.error = "harness error: %r" % e
                fr.failed = int(r["commands"]) - int(r["register"] or 0)
                results[r["file"]] = fr

    P = F = S = T = 0
    for r in sorted(todo, key=lambda r: r["file"]):
        fr = results[r["file"]]
        P += fr.passed
        F += fr.failed
        S += len(fr.stale)
        T += fr.text
        total = fr.passed + fr.failed
        status = "PASS" if fr.failed == 0 else "FAIL"
        bar = r.get("interp_passed", "")
        print("%s %s: %d/%d passed (text-module commands: %d; reference interpreter: %s) %.1fs"
              % (status, fr.name, fr.passed, total, fr.text, bar, fr.seconds))
        if fr.error:
            print("    " + fr.error)
        for line, what, why in fr.stale:
            print("    line %d: %s: skipped, stale expectation (%s)" % (line, what, why))
        for line, what, why in sorted(fr.failures)[:50]:
            print("    line %d: %s: %s" % (line, what, why))
        if len(fr.failures) > 50:
            print("    ... %d more" % (len(fr.failures) - 50))
    for r in sorted(skipped, key=lambda r: r["file"]):
        n = int(r["commands"]) - int(r["register"] or 0)
        S += n
        print("SKIP %s: %d commands (%s)" % (os.path.basename(r["file"]), n, skip_reason(r)))
    if not opts.files and not opts.wast:
        S += proposal_summary(rows, proposals, todo, results, opts.proposal is None)
    print("files: %d run, %d skipped; text-module commands counted as passed: %d; "
          "passed without them: %d; time %.1fs"
          % (len(todo), len(skipped), T, P - T, time.time() - t_start))
    print("%d passed, %d failed, %d skipped" % (P, F, S))
    return 1 if F else 0


if __name__ == "__main__":
    sys.exit(main())
