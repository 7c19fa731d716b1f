#!/usr/bin/env python3
"""bench/bench.py — the benchmark driver behind bench/run.sh (run that).

Given the workload artifacts of bench/build.sh (NAME_native=PATH /
NAME_musl=PATH / NAME_wasm=PATH lines), it
  1. prepares each engine: wasmc -O2 (default bounds checking), wasmc with
     explicit bounds checks (only if `wasmc --help` mentions --bounds-checks),
     wasmc -O2 --libc=glibc (the executable's own C library is glibc's
     instead of the default, musl's: only if `wasmc --help` mentions
     --libc), wasmc -O2 --memory-base=register (linear memory addressed
     through a base register in every function; x86-64
     hosts, if `wasmc --help` mentions --memory-base) and with
     --memory-base=segment (every function through the gs segment; the
     default, auto, takes gs for big functions only), the native builds
     against musl (native-musl: the same-libc baseline, see bench/build.sh),
     Node 20 (node:wasi, through scripts/lib/wasmc-node-shim.sh) and wasm2c
     (Debian's wabt 1.0.32, compiled with clang-19 -O2, its WASI imports wired
     to wasmc's own WASI layer by bench/wasm2c/gen_glue.py);
  2. measures wasmc's compile time and peak RSS at -O0 and -O2, and the sizes;
  3. runs every (workload, engine) pair, interleaved: one untimed warm-up/check
     run, then RUNS timed rounds that each run every pair once;
     every run's stdout (normalised; plus the hash of the file a workload
     writes, OUTFILES) must equal the native build's and the exit status must
     be 0, otherwise the cell is reported as WRONG/FAIL and left out of the
     ratios.  A prebuilt module (no native build: flite) is checked against
     the first engine that runs it (wasmc) and its ratios are to wasmc;
     it is left out of the geomeans;
  4. times the start-up of a hello-world executable;
  5. writes docs/benchmarks/{results.md,results.csv,compile.csv,startup.csv,
     results.json} and PNG charts (gnuplot).
Wall time: time.perf_counter() around fork/exec/wait; peak RSS: /usr/bin/time's
%M ("Maximum resident set size" of -v).
"""
import argparse
import datetime
import hashlib
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
LUA_DIR = os.path.join(HERE, 'lua')
JS_DIR = os.path.join(HERE, 'js')
TEXT_DIR = os.path.join(HERE, 'text')

# name, program (artifact), full args, quick args, group
WORKLOADS = [
    ('speedtest1', 'speedtest1', ['--memdb', '--size', '60', '--verify'], ['--memdb', '--size', '8', '--verify'], 'Debian'),
    ('lua-binarytrees', 'lua', ['binarytrees.lua', '15'], ['binarytrees.lua', '11'], 'Debian'),
    ('lua-strings', 'lua', ['strings.lua', '40'], ['strings.lua', '6'], 'Debian'),
    ('lua-numeric', 'lua', ['numeric.lua', '14'], ['numeric.lua', '3'], 'Debian'),
    ('lua-coroutines', 'lua', ['coroutines.lua', '5'], ['coroutines.lua', '1'], 'Debian'),
    ('zlib', 'zlib', ['8', '2'], ['1', '2'], 'Debian'),
    ('bzip2', 'bzip2', ['6', '2'], ['1', '2'], 'Debian'),
    ('xz', 'xz', ['2', '2'], ['0.5', '2'], 'Debian'),
    ('matmul', 'matmul', ['512', '40'], ['256', '6'], 'kernel'),
    ('nbody', 'nbody', ['15000000'], ['1000000'], 'kernel'),
    ('fannkuch', 'fannkuch', ['11'], ['10'], 'kernel'),
    ('spectralnorm', 'spectralnorm', ['4800'], ['1000'], 'kernel'),
    ('hashtable', 'hashtable', ['3000000', '2'], ['400000', '1'], 'kernel'),
    ('sort', 'sort', ['4000000', '2'], ['500000', '1'], 'kernel'),
    ('crc32', 'crc32', ['8', '50'], ['1', '40'], 'kernel'),
    ('matmul-ikj', 'matmul-ikj', ['512', '8'], ['256', '4'], 'kernel'),
    ('matmul-simd', 'matmul-simd', ['512', '40'], ['256', '6'], 'simd'),
    ('nbody-simd', 'nbody-simd', ['15000000'], ['1000000'], 'simd'),
    ('spectralnorm-simd', 'spectralnorm-simd', ['4800'], ['1000'], 'simd'),
    ('meshopt-simd', 'meshopt-simd', ['512', '100'], ['64', '10'], 'simd'),
    # issue 19: code nobody here wrote and wasmc was never tuned on
    ('zstd', 'zstd', ['16', '3'], ['1', '2'], 'untuned'),
    ('brotli', 'brotli', ['3', '3'], ['0.25', '1'], 'untuned'),
    ('pcre2', 'pcre2', ['8', '6'], ['0.5', '1'], 'untuned'),
    ('png', 'png', ['1536', '12'], ['256', '4'], 'untuned'),
    ('quickjs', 'quickjs', ['bench.js', '12'], ['bench.js', '1'], 'untuned'),
    ('flite', 'flite', ['-f', 'flite-long.txt', '-o', 'flite.wav'], ['-f', 'flite-quick.txt', '-o', 'flite.wav'], 'prebuilt'),
    # issue 23: multi-threaded (wasi-threads); left out of the geomeans
    ('xz-T2', 'xz-threads', ['-T2', '-6', '--block-size=1MiB', '-c'], ['-T2', '-1', '--block-size=1MiB', '-c'], 'threads'),
]
# Workloads that read their input on stdin: the artifact (bench/build.sh
# line) naming the file.
STDIN = {'xz-T2': 'xz-threads_input'}
# Programs of the `threads` group run only where wasi-threads exists: not
# in Node's node:wasi nor in wasm2c 1.0.32 (n/a there).
THREADED_PROGS = {w[1] for w in WORKLOADS if w[4] == 'threads'}
# Workloads that write a file (in their working directory) instead of
# printing their result: its SHA-256 and size are appended to their stdout
# before the comparison.
OUTFILES = {'flite': 'flite.wav'}
# Programs that read files: their working directory (and, for the wasm
# engines, its grant through WASMC_FLAGS).  flite's is a scratch directory
# holding a copy of bench/text/ and flite-long.txt, bench/text/flite.txt
# 8 times (it writes its .wav there).
PROG_DIRS = {'lua': (LUA_DIR, '--dir-ro'), 'quickjs': (JS_DIR, '--dir-ro'), 'flite': (None, '--dir')}

ENGINES = ['native', 'native-musl', 'wasmc', 'wasmc-register', 'wasmc-segment', 'wasmc-glibc', 'wasmc-explicit', 'node', 'wasm2c']
ENGINE_TITLE = {
    'native': 'native',
    'native-musl': 'native musl',
    'wasmc': 'wasmc -O2',
    'wasmc-register': 'wasmc --memory-base=register',
    'wasmc-segment': 'wasmc --memory-base=segment',
    'wasmc-glibc': 'wasmc --libc=glibc',
    'wasmc-explicit': 'wasmc explicit bounds',
    'node': 'Node 20 (V8)',
    'wasm2c': 'wasm2c + clang -O2',
}


def log(msg):
    print(f'bench: {msg}', file=sys.stderr, flush=True)


def run_measured(cmd, cwd=None, env=None, stdout_path=None, timeout=900, stdin=subprocess.DEVNULL):
    """Run cmd under /usr/bin/time (for the peak RSS: ru_maxrss taken from a
    fork of this Python process would include Python's own pages); return
    dict(wall, rss_kb, rc, out) (out: bytes of stdout).  Wall time is measured
    here around the whole thing."""
    out_f = open(stdout_path, 'wb') if stdout_path else subprocess.DEVNULL
    rss_file = os.path.join(os.path.dirname(stdout_path) if stdout_path else '/tmp', f'.rss.{os.getpid()}')
    full = ['/usr/bin/time', '-q', '-f', '%M', '-o', rss_file, *cmd]
    t0 = time.perf_counter()
    p = subprocess.Popen(full, cwd=cwd, env=env, stdout=out_f, stderr=subprocess.DEVNULL, stdin=stdin,
                         start_new_session=True)
    # A blocking wait, with the timeout enforced by a timer thread: Popen.wait
    # (timeout=...) polls with sleeps of up to 50 ms, which quantised every
    # wall time to 50 ms steps (runs before 2026-11-22 14:30).
    killed = []

    def kill():
        killed.append(True)
        try:
            os.killpg(p.pid, 9)
        except ProcessLookupError:
            pass
    timer = threading.Timer(timeout, kill)
    timer.start()
    rc = p.wait()
    t1 = time.perf_counter()
    timer.cancel()
    if killed:
        rc = 'timeout'
    if stdout_path:
        out_f.close()
    out = open(stdout_path, 'rb').read() if stdout_path else b''
    try:
        rss = int(open(rss_file).read().strip().splitlines()[-1])
    except (OSError, ValueError, IndexError):
        rss = 0
    return {'wall': t1 - t0, 'rss_kb': rss, 'rc': rc, 'out': out}


def normalise(workload, out):
    if workload == 'speedtest1':  # strip the per-test timings
        out = re.sub(rb' +[0-9]+\.[0-9]+s$', b'', out, flags=re.M)
    return out


def sha(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def tool_version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
    except Exception:
        return 'unknown'


class Bench:
    def __init__(self, a):
        self.a = a
        self.art = {}
        for line in open(a.artifacts):
            if '=' in line:
                k, v = line.strip().split('=', 1)
                self.art[k] = v
        self.work = os.path.abspath(a.work)
        os.makedirs(self.work, exist_ok=True)
        self.out = os.path.abspath(a.out)
        os.makedirs(self.out, exist_ok=True)
        self.wasmc = os.path.abspath(a.wasmc)
        self.cache = os.path.join(os.environ.get('WASMC_CACHE', os.path.expanduser('~/.cache/wasmc')), 'bench', 'wasm2c')
        helptext = subprocess.run([self.wasmc, '--help'], capture_output=True, text=True).stdout
        self.explicit = 'bounds-checks' in helptext
        self.has_musl = '--libc' in helptext
        # the other memory base exists only for x86-64 executables
        self.has_membase = '--memory-base' in helptext and platform.machine() == 'x86_64'
        wanted = a.engines.split(',') if a.engines else ENGINES
        self.engines = [e for e in ENGINES if e in wanted]
        if 'native' not in self.engines:
            self.engines.insert(0, 'native')
        if not shutil.which('node'):
            self.engines = [e for e in self.engines if e != 'node']
        if not shutil.which('wasm2c'):
            self.engines = [e for e in self.engines if e != 'wasm2c']
        self.workloads = [w for w in WORKLOADS if not a.only or re.search(a.only, w[0])]
        self.notes = []
        # a workload bench/build.sh could not build (NAME_skip=REASON): skipped, saying why
        for w in self.workloads:
            if f'{w[1]}_wasm' not in self.art:
                why = self.art.get(f'{w[1]}_skip', 'bench/build.sh built no module for it')
                log(f'{w[0]}: SKIPPED: {why}')
                self.notes.append(f'{w[0]}: skipped: {why}')
        self.workloads = [w for w in self.workloads if f'{w[1]}_wasm' in self.art]
        self.progs = sorted({w[1] for w in self.workloads} | {'hello'})
        self.exe = {}        # (engine, prog) -> path or None
        self.compile = {}    # prog -> dict
        self.sizes = {}      # prog -> dict

    # ------------------------------------------------------------ engines
    def prepare(self):
        for e in self.engines:
            os.makedirs(os.path.join(self.work, e), exist_ok=True)
        os.makedirs(os.path.join(self.work, 'wasmc-O0'), exist_ok=True)
        for prog in self.progs:
            wasm = self.art[f'{prog}_wasm']
            self.exe[('native', prog)] = self.art.get(f'{prog}_native')
            self.exe[('native-musl', prog)] = self.art.get(f'{prog}_musl') if 'native-musl' in self.engines else None
            sz = {'wasm': os.path.getsize(wasm)}
            for e, k in (('native', 'native'), ('native-musl', 'native-musl')):
                if self.exe[(e, prog)]:
                    sz[k] = os.path.getsize(self.exe[(e, prog)])
            comp = {}
            # wasmc at -O0 and -O2 (measured; sequential, nothing else running)
            for opt, eng in (('-O0', 'wasmc-O0'), ('-O2', 'wasmc')):
                dst = os.path.join(self.work, eng, prog)
                log(f'wasmc {opt} {prog}')
                r = run_measured([self.wasmc, opt, wasm, '-o', dst], timeout=3600)
                ok = r['rc'] == 0 and os.path.exists(dst)
                comp[opt] = {'time': r['wall'], 'rss_kb': r['rss_kb'], 'ok': ok}
                if ok:
                    sz[f'wasmc{opt}'] = os.path.getsize(dst)
                if eng == 'wasmc':
                    self.exe[('wasmc', prog)] = dst if ok else None
            self.compile[prog] = comp
            if 'wasmc-explicit' in self.engines:
                dst = os.path.join(self.work, 'wasmc-explicit', prog)
                if self.explicit:
                    log(f'wasmc -O2 --bounds-checks=explicit {prog}')
                    r = run_measured([self.wasmc, '-O2', '--bounds-checks=explicit', wasm, '-o', dst], timeout=3600)
                    self.exe[('wasmc-explicit', prog)] = dst if r['rc'] == 0 else None
                    if r['rc'] == 0:
                        sz['wasmc-explicit'] = os.path.getsize(dst)
                else:
                    self.exe[('wasmc-explicit', prog)] = None
            for eng, base in (('wasmc-register', 'register'), ('wasmc-segment', 'segment')):
                if eng not in self.engines:
                    continue
                dst = os.path.join(self.work, eng, prog)
                self.exe[(eng, prog)] = None
                if self.has_membase:
                    log(f'wasmc -O2 --memory-base={base} {prog}')
                    r = run_measured([self.wasmc, '-O2', f'--memory-base={base}', wasm, '-o', dst], timeout=3600)
                    if r['rc'] == 0:
                        self.exe[(eng, prog)] = dst
                    else:
                        self.notes.append(f'wasmc --memory-base={base} failed on {prog}')
            if 'wasmc-glibc' in self.engines:
                dst = os.path.join(self.work, 'wasmc-glibc', prog)
                if self.has_musl:
                    log(f'wasmc -O2 --libc=glibc {prog}')
                    r = run_measured([self.wasmc, '-O2', '--libc=glibc', wasm, '-o', dst], timeout=3600)
                    self.exe[('wasmc-glibc', prog)] = dst if r['rc'] == 0 else None
                    if r['rc'] == 0:
                        sz['wasmc-glibc'] = os.path.getsize(dst)
                    else:
                        self.notes.append(f'wasmc --libc=glibc failed on {prog}')
                else:
                    self.exe[('wasmc-glibc', prog)] = None
            if prog in THREADED_PROGS:  # no wasi-threads in node:wasi or wasm2c
                self.exe[('node', prog)] = self.exe[('wasm2c', prog)] = None
                self.sizes[prog] = sz
                continue
            if 'node' in self.engines:
                dst = os.path.join(self.work, 'node', prog)
                subprocess.run([os.path.join(REPO, 'scripts/lib/wasmc-node-shim.sh'), wasm, '-o', dst], check=True)
                self.exe[('node', prog)] = dst
            if 'wasm2c' in self.engines:
                dst = self.build_wasm2c(prog, wasm)
                self.exe[('wasm2c', prog)] = dst
                if dst:
                    sz['wasm2c'] = os.path.getsize(dst)
            self.sizes[prog] = sz

    def build_wasm2c(self, prog, wasm):
        """wasm2c -n app; clang-19 -O2 (cached by module hash); link with the
        generated glue, Debian's libwasm-rt-impl.a and wasmc's libwasmc_rt.a."""
        rtlib = os.path.join(os.path.dirname(self.wasmc), 'libwasmc_rt.a')
        w2c_rt = '/usr/lib/x86_64-linux-gnu/libwasm-rt-impl.a'
        if not (os.path.exists(rtlib) and os.path.exists(w2c_rt)):
            self.notes.append('wasm2c: libwasmc_rt.a or libwasm-rt-impl.a missing: column skipped')
            return None
        glue_dir = os.path.join(self.work, 'wasm2c-glue')
        os.makedirs(glue_dir, exist_ok=True)
        glue_o = os.path.join(glue_dir, 'glue.o')
        if not os.path.exists(glue_o):
            subprocess.run([sys.executable, os.path.join(HERE, 'wasm2c/gen_glue.py'),
                            os.path.join(REPO, 'posix/px_wasi.h'), os.path.join(glue_dir, 'glue.c')], check=True)
            subprocess.run(['clang-19', '-O2', '-c', os.path.join(glue_dir, 'glue.c'), '-o', glue_o,
                            '-I', os.path.join(REPO, 'runtime/include'), '-I', os.path.join(REPO, 'posix')], check=True)
        key = hashlib.sha256((sha(wasm) + tool_version(['clang-19', '--version']) + tool_version(['wasm2c', '--version'])).encode()).hexdigest()[:16]
        cdir = os.path.join(self.cache, f'{prog}-{key}')
        objs = [os.path.join(cdir, 'app.o'), os.path.join(cdir, 'size.o')]
        if not os.path.exists(os.path.join(cdir, '.complete')):
            log(f'wasm2c {prog} (+ clang-19 -O2; cached in {cdir})')
            shutil.rmtree(cdir, ignore_errors=True)
            os.makedirs(cdir)
            try:
                subprocess.run(['wasm2c', '--enable-exceptions', '-n', 'app', wasm, '-o', os.path.join(cdir, 'app.c')], check=True)
                with open(os.path.join(cdir, 'size.c'), 'w') as f:
                    f.write('#include "app.h"\nconst unsigned long bench_app_instance_size = sizeof(Z_app_instance_t);\n')
                t0 = time.perf_counter()
                subprocess.run(['clang-19', '-O2', '-w', '-c', 'app.c', '-o', 'app.o'], cwd=cdir, check=True)
                subprocess.run(['clang-19', '-O2', '-c', 'size.c', '-o', 'size.o'], cwd=cdir, check=True)
                with open(os.path.join(cdir, 'clang-time'), 'w') as f:
                    f.write(f'{time.perf_counter() - t0:.2f}\n')
                os.remove(os.path.join(cdir, 'app.c'))
                open(os.path.join(cdir, '.complete'), 'w').close()
            except subprocess.CalledProcessError as e:
                self.notes.append(f'wasm2c build of {prog} failed: {e}')
                return None
        dst = os.path.join(self.work, 'wasm2c', prog)
        r = subprocess.run(['clang-19', *objs, glue_o, w2c_rt, rtlib, '-lm', '-o', dst], capture_output=True, text=True)
        if r.returncode != 0:
            self.notes.append(f'wasm2c link of {prog} failed: {r.stderr.strip()[:300]}')
            return None
        return dst

    # ------------------------------------------------------------ running
    def cmd_for(self, engine, prog, args):
        exe = self.exe.get((engine, prog))
        return [exe, *args] if exe else None

    def dir_for(self, prog):
        """The working directory of prog's runs (None: the scratch directory)."""
        if prog not in PROG_DIRS:
            return None
        d = PROG_DIRS[prog][0]
        if d is None:  # a scratch copy of bench/text/
            d = os.path.join(self.work, f'{prog}-dir')
            if not os.path.isdir(d):
                shutil.copytree(TEXT_DIR, d)
                with open(os.path.join(TEXT_DIR, 'flite.txt')) as f:
                    text = f.read()
                with open(os.path.join(d, 'flite-long.txt'), 'w') as f:
                    f.write('\n'.join([text] * 8))
        return d

    def env_for(self, prog):
        env = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'LC_ALL': 'C', 'HOME': '/nonexistent'}
        if prog in PROG_DIRS:
            env['WASMC_FLAGS'] = f'{PROG_DIRS[prog][1]} {self.dir_for(prog)}::.'
        return env

    def run_checked(self, name, cmd, cwd, env, tmp):
        """One run; its stdout plus the hash of the file it writes (OUTFILES)."""
        outfile = os.path.join(cwd, OUTFILES[name]) if name in OUTFILES else None
        if outfile and os.path.exists(outfile):
            os.remove(outfile)
        if name in STDIN:
            with open(self.art[STDIN[name]], 'rb') as inp:
                r = run_measured(cmd, cwd=cwd, env=env, stdout_path=tmp, timeout=self.a.timeout, stdin=inp)
        else:
            r = run_measured(cmd, cwd=cwd, env=env, stdout_path=tmp, timeout=self.a.timeout)
        if outfile:
            if os.path.exists(outfile):
                r['out'] += f'\n{OUTFILES[name]}: {os.path.getsize(outfile)} bytes, sha256 {sha(outfile)}\n'.encode()
            else:
                r['out'] += f'\n{OUTFILES[name]}: missing\n'.encode()
        return r

    def run_matrix(self):
        a = self.a
        sizes_key = 3 if a.quick else 2
        self.samples = {}  # (workload, engine) -> list of (wall, rss)
        self.status = {}   # (workload, engine) -> 'ok' | 'WRONG' | 'FAIL rc' | 'n/a'
        self.expected = {}
        tmp = os.path.join(self.work, 'stdout')
        pairs = []
        for w in self.workloads:
            name, prog, args = w[0], w[1], w[sizes_key]
            cwd = self.dir_for(prog) or self.work
            for e in self.engines:
                cmd = self.cmd_for(e, prog, args)
                if not cmd:
                    self.status[(name, e)] = 'n/a'
                    continue
                pairs.append((name, e, cmd, cwd, self.env_for(prog)))
        # warm-up + check run of every pair (native first: it defines the output)
        for name, e, cmd, cwd, env in pairs:
            r = self.run_checked(name, cmd, cwd, env, tmp)
            out = normalise(name, r['out'])
            if e == 'native' or (name not in self.expected and r['rc'] == 0):
                # native defines the output; without a native build (a
                # prebuilt module), the first engine that runs it does
                if e != 'native':
                    self.notes.append(f'{name}: no native build; output checked against {ENGINE_TITLE[e]}')
                if r['rc'] != 0:
                    log(f'{name}: {e} run failed (rc {r["rc"]}): its self-check failed')
                    self.status[(name, e)] = f'FAIL rc={r["rc"]}'
                else:
                    self.status[(name, e)] = 'ok'
                self.expected[name] = out
            elif r['rc'] != 0:
                self.status[(name, e)] = f'FAIL rc={r["rc"]}'
            elif out != self.expected.get(name):
                self.status[(name, e)] = 'WRONG'
                with open(os.path.join(self.work, f'{name}.{e}.wrong.out'), 'wb') as f:
                    f.write(r['out'])
            else:
                self.status[(name, e)] = 'ok'
            log(f'check {name:16} {e:15} {r["wall"]:8.3f} s  {self.status[(name, e)]}')
        live = [p for p in pairs if self.status[(p[0], p[1])] == 'ok']
        for rnd in range(a.runs):
            log(f'round {rnd + 1}/{a.runs} ({len(live)} runs)')
            for name, e, cmd, cwd, env in live:
                r = self.run_checked(name, cmd, cwd, env, tmp)
                if r['rc'] != 0 or normalise(name, r['out']) != self.expected[name]:
                    self.status[(name, e)] = 'WRONG' if r['rc'] == 0 else f'FAIL rc={r["rc"]}'
                self.samples.setdefault((name, e), []).append((r['wall'], r['rss_kb']))

    def run_startup(self):
        """hello-world start-up: wall time from hyperfine -N (no shell, no
        /usr/bin/time in between), peak RSS from one run under /usr/bin/time.
        Without hyperfine: interleaved direct runs timed here."""
        n = 10 if self.a.quick else 30
        tmp = os.path.join(self.work, 'stdout')
        engines = [e for e in self.engines if self.exe.get((e, 'hello'))]
        self.startup = {}
        self.startup_rss = {}
        want = None
        for e in engines:
            r = run_measured([self.exe[(e, 'hello')], 'bench'], cwd=self.work, env=self.env_for('hello'), stdout_path=tmp)
            if e == 'native':
                want = r['out']
            if r['rc'] != 0 or r['out'] != want:
                self.notes.append(f'start-up: {e} printed the wrong output; left out')
                continue
            self.startup_rss[e] = r['rss_kb']
        engines = [e for e in engines if e in self.startup_rss]
        if shutil.which('hyperfine'):
            js = os.path.join(self.work, 'startup-hyperfine.json')
            cmd = ['hyperfine', '-N', '--style', 'none', '--warmup', '5', '--runs', str(n), '--export-json', js]
            for e in engines:
                cmd += ['-n', e, f'{self.exe[(e, "hello")]} bench']
            subprocess.run(cmd, cwd=self.work, env=self.env_for('hello'), stdout=subprocess.DEVNULL, check=True)
            for res in json.load(open(js))['results']:
                self.startup[res['command']] = [(t, self.startup_rss[res['command']]) for t in res['times']]
            self.startup_method = f'hyperfine -N, 5 warm-up runs then {n} runs per engine'
        else:
            for i in range(n + 2):
                for e in engines:
                    t0 = time.perf_counter()
                    subprocess.run([self.exe[(e, 'hello')], 'bench'], cwd=self.work, env=self.env_for('hello'),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    if i >= 2:
                        self.startup.setdefault(e, []).append((time.perf_counter() - t0, self.startup_rss[e]))
            self.startup_method = f'2 warm-up rounds then {n} interleaved runs per engine (hyperfine not found)'

    # ------------------------------------------------------------ report
    def report(self):
        a = self.a
        med = {}
        for k, v in self.samples.items():
            if self.status.get(k) == 'ok' and v:
                med[k] = (statistics.median(x[0] for x in v), max(x[1] for x in v), min(x[0] for x in v), max(x[0] for x in v), len(v))
        names = [w[0] for w in self.workloads]
        # ratios to native (glibc); a workload without a native build
        # (prebuilt module) gets ratios to wasmc and stays out of the geomeans
        ref = {n: 'native' if self.exe.get(('native', w[1])) else 'wasmc' for w in self.workloads for n in [w[0]]}
        # multi-threaded workloads (group threads) have their ratio but stay
        # out of the geomeans, which remain single-threaded
        group = {w[0]: w[4] for w in self.workloads}
        names_nat = [n for n in names if ref[n] == 'native' and group[n] != 'threads']
        ratio, ratio_musl = {}, {}
        for (name, e), m in med.items():
            r = med.get((name, ref[name]))
            if r:
                ratio[(name, e)] = m[0] / r[0]
            rm = med.get((name, 'native-musl'))
            if rm:
                ratio_musl[(name, e)] = m[0] / rm[0]

        def geomean(rt):
            g = {}
            for e in self.engines:
                rs = [rt[(n, e)] for n in names_nat if (n, e) in rt]
                if rs:
                    g[e] = (math.exp(sum(map(math.log, rs)) / len(rs)), len(rs), len(rs) == len(names_nat))
            return g
        geo = geomean(ratio)
        geo_musl = geomean(ratio_musl)

        wasmc_rev = subprocess.run(['git', '-C', REPO, 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(['git', '-C', REPO, 'status', '--porcelain', '--', 'compiler', 'runtime', 'posix', 'vfs'],
                               capture_output=True, text=True).stdout.strip()
        cpu = 'unknown'
        for line in open('/proc/cpuinfo'):
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
        meta = {
            'date': datetime.datetime.now().strftime('%Y-%m-%d %H:%M'),
            'mode': 'quick' if a.quick else 'full',
            'runs': a.runs,
            'cpu': f'{cpu}, {os.cpu_count()} cores',
            'kernel': platform.release(),
            'wasmc': f'{wasmc_rev}{" + uncommitted changes" if dirty else ""} ({self.wasmc})',
            'clang': tool_version(['clang-19', '--version']),
            'node': tool_version(['node', '--version']),
            'wasm2c': 'wabt ' + tool_version(['wasm2c', '--version']),
            'explicit_bounds_flag': self.explicit,
            'musl': tool_version(['dpkg-query', '-W', '-f', 'musl-dev ${Version}', 'musl-dev']),
        }

        def cell_time(name, e):
            st = self.status.get((name, e), 'n/a')
            if st != 'ok':
                return st
            m = med[(name, e)]
            if e == ref[name] or (name, e) not in ratio:
                return f'{m[0]:.3f}'
            return f'{m[0]:.3f} ({ratio[(name, e)]:.2f}x{"" if ref[name] == "native" else " wasmc"})'

        def cell_rss(name, e):
            st = self.status.get((name, e), 'n/a')
            return f'{med[(name, e)][1] / 1024:.1f}' if st == 'ok' else st

        L = []
        L.append('# wasmc benchmark results\n')
        L.append('Generated by `bench/run.sh' + (' --quick' if a.quick else '') + '` (see [README.md](README.md) for what is measured and how).  '
                 + ('**Quick mode: small sizes and few runs; a smoke test, not a measurement.**' if a.quick else '') + '\n')
        L.append('| | |\n|---|---|')
        for k in ('date', 'mode', 'runs', 'cpu', 'kernel', 'wasmc', 'clang', 'musl', 'node', 'wasm2c'):
            L.append(f'| {k} | {meta[k]} |')
        L.append('')
        L.append('## Run time\n')
        L.append(f'Median wall time in seconds of {a.runs} interleaved runs (after one untimed check run), '
                 'and in parentheses the ratio to native (glibc; lower is better).  '
                 'WRONG: output differed from native; FAIL: non-zero exit; n/a: engine not available.  '
                 'A prebuilt module without a native build (group `prebuilt`) shows ratios to wasmc ("x wasmc") '
                 'and is left out of the geomeans, as are multi-threaded workloads (group `threads`, `xz-T2`: '
                 'wall time on a machine with few cores depends on the scheduler; see threads.md).\n')
        hdr = '| workload | ' + ' | '.join(ENGINE_TITLE[e] for e in self.engines) + ' |'
        L.append(hdr)
        L.append('|' + '---|' * (len(self.engines) + 1))
        for n in names:
            L.append(f'| {n} | ' + ' | '.join(cell_time(n, e) for e in self.engines) + ' |')
        def geo_cells(g, base):
            gl = []
            for e in self.engines:
                if e == base:
                    gl.append('1.00x')
                elif e in g:
                    v, k, full = g[e]
                    gl.append(f'**{v:.2f}x**' + ('' if full else f' ({k}/{len(names_nat)} workloads)'))
                else:
                    gl.append('n/a')
            return ' | '.join(gl)
        L.append('| **geomean ratio to native (glibc)** | ' + geo_cells(geo, 'native') + ' |')
        if 'native-musl' in self.engines:
            L.append('| **geomean ratio to native musl** | ' + geo_cells(geo_musl, 'native-musl') + ' |')
        L.append('')
        if 'native-musl' in self.engines:
            # code generation against the C library (issue 19)
            L.append('## Code generation and C library\n')
            L.append('The same medians as ratios that separate the two: **wasmc / native musl** is code generation '
                     '(both programs use a musl-derived C library: wasi-libc is musl\'s code compiled to wasm), '
                     '**native musl / native glibc** is the C library alone (the same clang-19 -O2 code, '
                     'linked statically against musl instead of dynamically against glibc), and '
                     '**wasmc --libc=glibc / wasmc** is the host C library under a wasmc executable '
                     '(the runtime and its WASI layer on glibc instead of the default, musl); '
                     'the last two columns are the default memory base on x86-64 (auto: a base register, the gs '
                     'segment in functions of at least 3,500 LLVM instructions) against each of the other two, '
                     '**--memory-base=register** and **--memory-base=segment** (above 1.00x: the default is the slower '
                     'one on this workload and machine).\n')
            L.append('| workload | wasmc / native musl | native musl / native glibc | wasmc --libc=glibc / wasmc '
                     '| wasmc / wasmc --memory-base=register | wasmc / wasmc --memory-base=segment |')
            L.append('|---|---|---|---|---|---|')
            pr = {}

            def q(n, num, den):
                if (n, num) in med and (n, den) in med and self.status.get((n, num)) == 'ok' and self.status.get((n, den)) == 'ok':
                    v = med[(n, num)][0] / med[(n, den)][0]
                    pr.setdefault((num, den), []).append(v)
                    return f'{v:.2f}x'
                return 'n/a'
            for n in names_nat:
                L.append(f'| {n} | {q(n, "wasmc", "native-musl")} | {q(n, "native-musl", "native")} | {q(n, "wasmc-glibc", "wasmc")} '
                         f'| {q(n, "wasmc", "wasmc-register")} | {q(n, "wasmc", "wasmc-segment")} |')
            gcells = []
            for num, den in (('wasmc', 'native-musl'), ('native-musl', 'native'), ('wasmc-glibc', 'wasmc'),
                             ('wasmc', 'wasmc-register'), ('wasmc', 'wasmc-segment')):
                v = pr.get((num, den), [])
                gcells.append(f'**{math.exp(sum(map(math.log, v)) / len(v)):.2f}x**' + ('' if len(v) == len(names_nat) else f' ({len(v)}/{len(names_nat)})')
                              if v else 'n/a')
            L.append('| **geomean** | ' + ' | '.join(gcells) + ' |')
            L.append('')
        if not self.explicit:
            L.append('`wasmc explicit bounds`: n/a because this wasmc has no `--bounds-checks` flag yet '
                     '(`wasmc --help | grep bounds-checks` is empty); the column fills in once it exists.\n')
        L.append('![run time relative to native](runtime-ratio.png)\n')
        L.append('## Peak RSS\n')
        L.append('Largest peak resident set size over the timed runs, MiB (GNU time\'s %M; for Node this includes V8 itself).\n')
        L.append(hdr)
        L.append('|' + '---|' * (len(self.engines) + 1))
        for n in names:
            L.append(f'| {n} | ' + ' | '.join(cell_rss(n, e) for e in self.engines) + ' |')
        L.append('')
        # furthest from native
        wr = sorted(((ratio[(n, 'wasmc')], n) for n in names_nat if (n, 'wasmc') in ratio), reverse=True)
        if wr:
            L.append('## Where wasmc is furthest from native\n')
            for r_, n in wr[:5]:
                extra = []
                for e in ('native-musl', 'node', 'wasm2c'):
                    if (n, e) in ratio:
                        extra.append(f'{ENGINE_TITLE[e]} {ratio[(n, e)]:.2f}x')
                L.append(f'1. **{n}**: {r_:.2f}x native' + (f' ({", ".join(extra)})' if extra else ''))
            L.append('')
        # compile
        L.append('## wasmc compile time, peak RSS and sizes\n')
        L.append('One compilation each, run alone (wall seconds, peak RSS of wasmc and its children in MiB).  '
                 'Sizes in KiB: the native executable (clang-19 -O2, dynamically linked against glibc; '
                 'n/a for a prebuilt module), the wasm module, '
                 'the wasmc executables (static, include the runtime), the wasm2c executable (dynamically linked).\n')
        L.append('| program | wasm KiB | -O0 time | -O0 RSS | -O2 time | -O2 RSS | native KiB | wasmc -O0 KiB | wasmc -O2 KiB | wasm2c KiB |')
        L.append('|---|---|---|---|---|---|---|---|---|---|')

        def kib(d, k):
            return f'{d[k] / 1024:.0f}' if k in d else 'n/a'

        def ct(c, o, k):
            if o not in c or not c[o]['ok']:
                return 'FAIL'
            return f'{c[o]["time"]:.2f}' if k == 'time' else f'{c[o]["rss_kb"] / 1024:.0f}'
        for p in self.progs:
            c, s = self.compile.get(p, {}), self.sizes.get(p, {})
            L.append(f'| {p} | {kib(s, "wasm")} | {ct(c, "-O0", "time")} | {ct(c, "-O0", "rss")} | {ct(c, "-O2", "time")} | '
                     f'{ct(c, "-O2", "rss")} | {kib(s, "native")} | {kib(s, "wasmc-O0")} | {kib(s, "wasmc-O2")} | {kib(s, "wasm2c")} |')
        L.append('')
        L.append('![wasmc compile time](compile-time.png)\n')
        # startup
        L.append('## Start-up\n')
        L.append('`tests/programs/hello.c` (prints a few lines): wall time in milliseconds '
                 f'({self.startup_method}) and peak RSS.\n')
        L.append('| engine | median ms | min ms | peak RSS MiB |')
        L.append('|---|---|---|---|')
        for e in self.engines:
            if e in self.startup:
                v = self.startup[e]
                L.append(f'| {ENGINE_TITLE[e]} | {statistics.median(x[0] for x in v) * 1000:.2f} | '
                         f'{min(x[0] for x in v) * 1000:.2f} | {max(x[1] for x in v) / 1024:.1f} |')
        L.append('')
        L.append('![start-up time](startup.png)\n')
        if self.notes:
            L.append('## Notes from this run\n')
            L.extend(f'* {n}' for n in self.notes)
            L.append('')
        L.append('Raw samples: [results.json](results.json); tables: [results.csv](results.csv), '
                 '[compile.csv](compile.csv), [startup.csv](startup.csv).\n')
        with open(os.path.join(self.out, 'results.md'), 'w') as f:
            f.write('\n'.join(L))

        with open(os.path.join(self.out, 'results.csv'), 'w') as f:
            f.write('workload,group,engine,status,runs,median_s,min_s,max_s,ratio_vs_native,peak_rss_kib,ratio_vs_native_musl\n')
            for w in self.workloads:
                for e in self.engines:
                    k = (w[0], e)
                    st = self.status.get(k, 'n/a')
                    if st == 'ok' and k in med:
                        m = med[k]
                        rn = f'{ratio[k]:.4f}' if k in ratio and ref[w[0]] == 'native' else ''
                        rm = f'{ratio_musl[k]:.4f}' if k in ratio_musl else ''
                        f.write(f'{w[0]},{w[4]},{e},ok,{m[4]},{m[0]:.4f},{m[2]:.4f},{m[3]:.4f},{rn},{m[1]},{rm}\n')
                    else:
                        f.write(f'{w[0]},{w[4]},{e},{st},0,,,,,,\n')
            for e in self.engines:
                if e in geo:
                    gm = f'{geo_musl[e][0]:.4f}' if e in geo_musl else ''
                    f.write(f'GEOMEAN,,{e},{"ok" if geo[e][2] else "partial"},{geo[e][1]},,,,{geo[e][0]:.4f},,{gm}\n')
        with open(os.path.join(self.out, 'compile.csv'), 'w') as f:
            f.write('program,wasm_bytes,o0_time_s,o0_rss_kib,o2_time_s,o2_rss_kib,native_bytes,wasmc_o0_bytes,wasmc_o2_bytes,wasm2c_bytes\n')
            for p in self.progs:
                c, s = self.compile.get(p, {}), self.sizes.get(p, {})
                g = lambda o, k: f'{c[o][k]:.3f}' if o in c and c[o]['ok'] and k == 'time' else (str(c[o][k]) if o in c and c[o]['ok'] else '')
                f.write(f'{p},{s.get("wasm", "")},{g("-O0", "time")},{g("-O0", "rss_kb")},{g("-O2", "time")},{g("-O2", "rss_kb")},'
                        f'{s.get("native", "")},{s.get("wasmc-O0", "")},{s.get("wasmc-O2", "")},{s.get("wasm2c", "")}\n')
        with open(os.path.join(self.out, 'startup.csv'), 'w') as f:
            f.write('engine,runs,median_ms,min_ms,peak_rss_kib\n')
            for e, v in self.startup.items():
                f.write(f'{e},{len(v)},{statistics.median(x[0] for x in v) * 1000:.3f},{min(x[0] for x in v) * 1000:.3f},{max(x[1] for x in v)}\n')
        raw = {'meta': meta, 'workloads': {w[0]: {'program': w[1], 'args': w[3 if a.quick else 2], 'group': w[4]} for w in self.workloads},
               'samples': {f'{n}|{e}': v for (n, e), v in self.samples.items()},
               'status': {f'{n}|{e}': s for (n, e), s in self.status.items()},
               'compile': self.compile, 'sizes': self.sizes,
               'startup': self.startup, 'notes': self.notes}
        with open(os.path.join(self.out, 'results.json'), 'w') as f:
            json.dump(raw, f, indent=1)
        self.charts(names_nat, ratio, geo)
        return ratio, geo

    def charts(self, names, ratio, geo):
        if not shutil.which('gnuplot'):
            self.notes.append('gnuplot not found: no charts')
            return
        engs = [e for e in self.engines if e != 'native']
        dat = os.path.join(self.work, 'ratio.dat')
        with open(dat, 'w') as f:
            f.write('workload ' + ' '.join(f'"{ENGINE_TITLE[e]}"' for e in engs) + '\n')
            for n in names + ['geomean']:
                vals = []
                for e in engs:
                    v = geo[e][0] if n == 'geomean' and e in geo else ratio.get((n, e))
                    vals.append(f'{v:.4f}' if v else '0')
                f.write(f'{n} ' + ' '.join(vals) + '\n')
        cols = len(engs)
        plots = ', '.join(f"'{dat}' using {i + 2}:xtic(1) title columnheader({i + 2})" for i in range(cols))
        gp = f"""set terminal pngcairo size 1300,560 font 'sans,10'
set output '{os.path.join(self.out, 'runtime-ratio.png')}'
set title 'Run time relative to native (clang-19 -O2); lower is better'
set style data histogram
set style histogram cluster gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set ylabel 'time / native time'
set xtics rotate by -35 scale 0
set grid ytics
set yrange [0:*]
set key top left
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lc rgb 'black'
plot {plots}
"""
        cdat = os.path.join(self.work, 'compile.dat')
        with open(cdat, 'w') as f:
            f.write('program O0 O2\n')
            for p in self.progs:
                c = self.compile.get(p, {})
                f.write(f'{p} ' + ' '.join(f'{c[o]["time"]:.3f}' if o in c and c[o]['ok'] else '0' for o in ('-O0', '-O2')) + '\n')
        gp += f"""
reset
set terminal pngcairo size 1000,480 font 'sans,10'
set output '{os.path.join(self.out, 'compile-time.png')}'
set title 'wasmc compile time per module (wall seconds)'
set style data histogram
set style histogram cluster gap 1
set style fill solid 0.85 border -1
set xtics rotate by -35 scale 0
set grid ytics
set yrange [0:*]
set ylabel 'seconds'
plot '{cdat}' using 2:xtic(1) title 'wasmc -O0', '' using 3 title 'wasmc -O2'
"""
        sdat = os.path.join(self.work, 'startup.dat')
        with open(sdat, 'w') as f:
            for e in self.engines:
                if e in self.startup:
                    f.write(f'"{ENGINE_TITLE[e]}" {statistics.median(x[0] for x in self.startup[e]) * 1000:.3f}\n')
        gp += f"""
reset
set terminal pngcairo size 800,400 font 'sans,10'
set output '{os.path.join(self.out, 'startup.png')}'
set title 'hello-world start-up, median wall time (ms); lower is better'
set style fill solid 0.85 border -1
set boxwidth 0.6
set grid ytics
set yrange [0:*]
set ylabel 'ms'
plot '{sdat}' using 0:2:xtic(1) with boxes notitle, '' using 0:2:(sprintf('%.1f', $2)) with labels offset 0,0.8 notitle
"""
        gpf = os.path.join(self.work, 'charts.gp')
        with open(gpf, 'w') as f:
            f.write(gp)
        r = subprocess.run(['gnuplot', gpf], capture_output=True, text=True)
        if r.returncode != 0:
            log('gnuplot failed: ' + r.stderr[-500:])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--artifacts', required=True, help='output of bench/build.sh')
    ap.add_argument('--wasmc', required=True)
    ap.add_argument('--work', required=True, help='scratch directory')
    ap.add_argument('--out', default=os.path.join(REPO, 'docs/benchmarks'))
    ap.add_argument('--quick', action='store_true')
    ap.add_argument('--runs', type=int)
    ap.add_argument('--only', help='regex of workload names')
    ap.add_argument('--engines', help='comma-separated subset of ' + ','.join(ENGINES))
    ap.add_argument('--timeout', type=int, default=900)
    a = ap.parse_args()
    if a.runs is None:
        a.runs = 2 if a.quick else 5
    b = Bench(a)
    log(f'engines: {", ".join(b.engines)}; workloads: {", ".join(w[0] for w in b.workloads)}; runs: {a.runs}')
    t0 = time.time()
    b.prepare()
    b.run_matrix()
    b.run_startup()
    ratio, geo = b.report()
    log(f'done in {time.time() - t0:.0f} s; results in {b.out}/results.md')
    for e, (g, k, full) in geo.items():
        log(f'geomean {e}: {g:.3f}x native' + ('' if full else f' (over {k} workloads)'))


if __name__ == '__main__':
    main()
