#!/usr/bin/env python3
"""tests/fuzz/mutate.py — malformed-input fuzzing of the wasmc compiler.

usage: mutate.py --wasmc PATH --work DIR [--seeds A:B | --count N] [--seconds T]
                 [--jobs N] [--exe-share P]

The corpus is real modules made by other people's tools: every .wat of
tests/lowering and tests/traps assembled by wabt, modules from Binaryen's
`wasm-opt -ttf`, and tests/programs/hello.c and tests/programs/strings.c built by
clang-19 for wasm32-wasi (wasi-libc, so a real libc's code and data).  Input s
(reproducible from s alone) takes one of them and applies one to four byte-level
mutations: bit flips, interesting bytes (0, 0x7f, 0x80, 0xff), LEB128s made
huge, inserted or deleted runs, and section splices (a section deleted,
duplicated, moved, or taken from another module).  Each input is compiled with
the wasmc under test (meant to be the ASan+UBSan build, build-asan/wasmc),
mostly as `--emit=obj --allow-imports`, a share (--exe-share) as executables.

Every outcome must be one of:
  - exit 0 and the output file exists (nothing else left in the output folder);
  - exit 1, exactly one line on stderr, starting `wasmc: error: `, and the
    output folder empty (no partial output, no temporary files).
Anything else is a finding: a signal, a sanitizer report (ASAN_OPTIONS /
UBSAN_OPTIONS make them exit 99 / 98), another exit status, a time-out, a
second line, a missing output, or a leaked file.  Findings are kept in
WORK/findings/input-S/ (the input, stderr, what went wrong).
Last line: `N inputs, N crashes, N leaked files`; exit status 1 on any finding.
"""
import argparse
import concurrent.futures as cf
import glob
import os
import random
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TIMEOUT = 120
ENV = dict(os.environ, ASAN_OPTIONS="exitcode=99:detect_leaks=0:abort_on_error=0",
           UBSAN_OPTIONS="halt_on_error=1:exitcode=98:print_stacktrace=1")


def run(cmd, timeout, **kw):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        return None


def build_corpus(work):
    """The seed modules, built once into WORK/corpus (cached)."""
    cdir = os.path.join(work, "corpus")
    os.makedirs(cdir, exist_ok=True)
    for wat in sorted(glob.glob(os.path.join(REPO, "tests", "lowering", "*.wat")) +
                      glob.glob(os.path.join(REPO, "tests", "traps", "*.wat"))):
        out = os.path.join(cdir, os.path.basename(os.path.dirname(wat)) + "-" +
                           os.path.basename(wat)[:-4] + ".wasm")
        if not os.path.exists(out):
            run(["wat2wasm", "--debug-names", "--enable-exceptions", wat, "-o", out], 60)
    for s in range(8):
        out = os.path.join(cdir, "ttf%d.wasm" % s)
        if not os.path.exists(out):
            rb = os.path.join(cdir, "ttf%d.bin" % s)
            with open(rb, "wb") as f:
                f.write(random.Random(s).randbytes(1000 + 3000 * s))
            run(["wasm-opt", "-ttf", rb, "--enable-simd", "--enable-bulk-memory", "--enable-sign-ext",
                 "--enable-nontrapping-float-to-int", "--enable-multivalue", "-o", out], 60)
    for prog in ("hello", "strings"):
        out = os.path.join(cdir, "clang-%s.wasm" % prog)
        if not os.path.exists(out):
            run(["clang-19", "--target=wasm32-wasi", "-O2", os.path.join(REPO, "tests", "programs", prog + ".c"),
                 "-o", out], 120)
    corpus = []
    for f in sorted(glob.glob(os.path.join(cdir, "*.wasm"))):
        with open(f, "rb") as fh:
            b = fh.read()
        if b[:4] == b"\0asm":
            corpus.append((os.path.basename(f), b))
    return corpus


def read_leb(b, i):
    v = shift = 0
    while i < len(b):
        x = b[i]
        i += 1
        v |= (x & 0x7f) << shift
        shift += 7
        if not x & 0x80:
            return v, i
        if shift > 35:
            break
    return None, i


def sections(b):
    """[(start, end)] of each section of a module (as far as it parses)."""
    out, i = [], 8
    while i < len(b):
        start = i
        i += 1
        size, i = read_leb(b, i)
        if size is None or i + size > len(b):
            break
        i += size
        out.append((start, i))
    return out


def mutate(rng, data, corpus):
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(8)
        n = len(b)
        if n <= 8:
            b += rng.randbytes(rng.randint(1, 16))
            continue
        pos = rng.randrange(8, n) if rng.random() < 0.9 else rng.randrange(n)
        if op == 0:  # flip bits
            for _ in range(rng.randint(1, 8)):
                p = rng.randrange(8, n)
                b[p] ^= 1 << rng.randrange(8)
        elif op == 1:  # interesting byte
            b[pos] = rng.choice([0, 0x7f, 0x80, 0xff, 0x01, 0x40, 0x60, 0x70, 0x7b, 0x0b])
        elif op == 2:  # a huge LEB128 (a length or an index)
            b[pos:pos + 1] = rng.choice([b"\xff\xff\xff\xff\x0f", b"\x80\x80\x80\x80\x10", b"\xff\xff\xff\x7f",
                                         b"\x81\x80\x80\x80\x00", b"\xc0\xbb\x78"])
        elif op == 3:  # insert random bytes
            b[pos:pos] = rng.randbytes(rng.randint(1, 32))
        elif op == 4:  # delete a run
            del b[pos:pos + rng.randint(1, 64)]
        else:  # splice sections
            secs = sections(bytes(b))
            if not secs:
                b[pos] = rng.randrange(256)
                continue
            s, e = rng.choice(secs)
            if op == 5:
                del b[s:e]
            elif op == 6:
                t, _ = rng.choice(secs)
                piece = bytes(b[s:e])
                b[t:t] = piece
            else:
                other = rng.choice(corpus)[1]
                osecs = sections(other)
                if osecs:
                    os_, oe = rng.choice(osecs)
                    b[s:e] = other[os_:oe] if rng.random() < 0.5 else b[s:e] + other[os_:oe]
    return bytes(b)


def one(opts, corpus, s):
    rng = random.Random(s)
    name, data = rng.choice(corpus)
    inp = mutate(rng, data, corpus)
    d = os.path.join(opts.work, "run", "i%d" % s)
    shutil.rmtree(d, ignore_errors=True)
    outdir = os.path.join(d, "out")
    os.makedirs(outdir)
    src = os.path.join(d, "in.wasm")
    with open(src, "wb") as f:
        f.write(inp)
    exe = rng.random() < opts.exe_share
    out = os.path.join(outdir, "prog" if exe else "prog.o")
    cmd = [opts.wasmc, "-O%d" % rng.randrange(4)] + \
          ([] if exe else ["--emit=obj", "--allow-imports"]) + [src, "-o", out]
    p = run(cmd, TIMEOUT, env=ENV)
    problem = None
    left = sorted(os.listdir(outdir))
    err = p.stderr.decode("utf-8", "replace") if p else ""
    if p is None:
        problem = "timed out after %ds" % TIMEOUT
    elif p.returncode == 0:
        if left != [os.path.basename(out)]:
            problem = "exit 0, output folder holds %s" % left
    elif p.returncode == 1:
        lines = err.strip("\n").split("\n")
        if left:
            problem = "leaked: exit 1 left %s" % left
        elif len(lines) != 1 or not lines[0].startswith("wasmc: error: "):
            problem = "exit 1 without exactly one 'wasmc: error:' line: %r" % err[:300]
    else:
        problem = "exit %d (%s): %s" % (p.returncode, "signal" if p.returncode < 0 else "status",
                                        err.strip()[-400:])
    result = (s, name, exe, p.returncode if p else None, problem)
    if problem:
        fd = os.path.join(opts.work, "findings", "input-%d" % s)
        os.makedirs(fd, exist_ok=True)
        shutil.copy(src, fd)
        with open(os.path.join(fd, "why.txt"), "w") as f:
            f.write("%s\nfrom %s\ncommand: %s\nstderr:\n%s\n" % (problem, name, " ".join(cmd), err))
    shutil.rmtree(d, ignore_errors=True)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wasmc", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--seeds", default=None, help="A:B, the inputs A..B-1")
    ap.add_argument("--count", type=int, default=None)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--seconds", type=float, default=None)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--exe-share", type=float, default=0.1)
    opts = ap.parse_args()
    opts.wasmc = os.path.abspath(opts.wasmc)
    opts.work = os.path.abspath(opts.work)
    for tool in ("wat2wasm", "wasm-opt", "clang-19"):
        if not shutil.which(tool):
            sys.exit("mutate.py: %s not found" % tool)
    os.makedirs(opts.work, exist_ok=True)
    shutil.rmtree(os.path.join(opts.work, "findings"), ignore_errors=True)
    corpus = build_corpus(opts.work)
    if len(corpus) < 10:
        sys.exit("mutate.py: the corpus has only %d modules (wat2wasm, wasm-opt, clang-19 failed?)" % len(corpus))
    if opts.seeds:
        a, _, b = opts.seeds.partition(":")
        seeds = iter(range(int(a), int(b)))
    else:
        seeds = iter(range(opts.first, opts.first + (opts.count if opts.count is not None else 1 << 40)))
    t0 = time.time()
    n = crashes = leaks = accepted = 0
    with cf.ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
        while True:
            if opts.seconds is not None and time.time() - t0 >= opts.seconds:
                break
            batch = [s for _, s in zip(range(200), seeds)]
            if not batch:
                break
            for s, name, exe, rc, problem in pool.map(lambda s: one(opts, corpus, s), batch):
                n += 1
                accepted += rc == 0
                if problem:
                    if problem.startswith("leaked") or "output folder holds" in problem:
                        leaks += 1
                    else:
                        crashes += 1
                    print("FINDING input %d (from %s, %s): %s" % (s, name, "exe" if exe else "obj", problem))
            print("progress: %d inputs, %d crashes, %d leaked files, %.0fs" % (n, crashes, leaks, time.time() - t0),
                  flush=True)
    print("corpus: %d modules; accepted (compiled): %d; rejected with one clean line: %d; time %.0fs"
          % (len(corpus), accepted, n - accepted - crashes - leaks, time.time() - t0))
    print("%d inputs, %d crashes, %d leaked files" % (n, crashes, leaks))
    return 1 if crashes or leaks else 0


if __name__ == "__main__":
    sys.exit(main())
