/*
 * main.c — the `wasmc` command: parse flags, then run the pipeline
 *   read -> validate module -> bind imports -> lower + validate functions
 *   -> module descriptor -> optimise -> emit object -> link.
 * Output is written to a temporary file and renamed at the end, so a failed
 * compilation never leaves a partial output behind.
 */
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef WASMC_MIMALLOC
#include <mimalloc.h>
#endif

#include "cli.h"
#include "image.h"
#include "targets.h"
#include "wasmc_limits.h"
#include "wcc.h"

#ifndef WASMC_VERSION /* CMake passes the project's version */
#define WASMC_VERSION "0.1.0"
#endif

static void usage(FILE *f) {
  fprintf(f,
          "usage: wasmc [options] input.wasm -o output\n"
          "       wasmc --emit=obj|llvm-ir [options] input.wasm... (each output named after its input)\n"
          "       wasmc build [-f Dockerfile] [--build-arg NAME=VALUE]... [--target STAGE]\n"
          "                   [-o app] [--oci image.tar] [--tag NAME:TAG] [options] CONTEXT\n"
          "\n"
          "Compile a WebAssembly module (a WASI preview1 command) ahead of time into a\n"
          "standalone native executable; `wasmc build` makes one from a Dockerfile, its\n"
          "files boxed, argv/env from ENTRYPOINT, CMD and ENV (docs/build.md).\n"
          "\n"
          "options:\n"
          "  -o FILE               output file (required unless --oci is given)\n"
          "  -O0 | -O1 | -O2 | -O3 optimisation level (default -O2)\n"
          "  --emit=exe|obj|llvm-ir\n"
          "                        exe: static executable (default); obj: object file with\n"
          "                        the module descriptor; llvm-ir: optimised LLVM IR text\n"
          "  --target=TRIPLE       x86_64, aarch64 (default: the host's architecture), or with the C\n"
          "                        library: x86_64-linux-musl, aarch64-linux-musl, x86_64-linux-gnu,\n"
          "                        aarch64-linux-gnu (glibc)\n"
          "  --libc=musl|glibc     C library the executable is linked with, statically (default musl\n"
          "                        when its runtime is installed: a fifth of glibc's size; docs/cli.md)\n"
          "  --cpu=NAME            target CPU (default: the target's baseline; 'native' = this machine)\n"
          "  --dir HOST[::GUEST]   grant the guest read-write access to host directory HOST,\n"
          "                        visible to the guest as GUEST (default: HOST)\n"
          "  --dir-ro HOST[::GUEST] the same, read-only\n"
          "  --box SOURCE[::GUEST] embed directory or archive SOURCE (tar, tar.gz, ...) read-only in the\n"
          "                        executable, mounted at GUEST (default /); writes go to an in-memory\n"
          "                        overlay, never to the host (repeatable; docs/boxes.md)\n"
          "  --env NAME=VALUE      give the guest an environment variable\n"
          "  --inherit-env         pass the host environment through at run time\n"
          "  --entrypoint WORD     the guest's argv starts with WORD instead of the executable's argv[0]\n"
          "                        (repeatable: one word each, like Docker's exec-form ENTRYPOINT)\n"
          "  --cmd WORD            default argument, after the entrypoint, when the executable is run\n"
          "                        without arguments (repeatable; like Docker's CMD)\n"
          "  --tcp-listen HOST:PORT give the guest a listening TCP socket (an fd after the\n"
          "                        directory grants; HOST: IPv4, [IPv6] or localhost)\n"
          "  --stack-size BYTES    native stack for wasm code (default 64 MiB)\n"
          "  --max-memory SIZE     cap of each linear memory (bytes, K/M/G = KiB/MiB/GiB, or Np =\n"
          "                        N pages of 64 KiB): memory.grow beyond it returns -1, a larger\n"
          "                        initial memory stops the program at start (default: no cap)\n"
          "  --max-table-elements N\n"
          "                        the same for each table and table.grow (default: no cap)\n"
          "  --timeout DURATION    stop the program after DURATION of wall-clock time (500ms, 10s, 2m,\n"
          "                        1h): 'wasm trap: interrupt'; implies --interruptible\n"
          "  --fuel N              stop the program after about N wasm instructions, at the same\n"
          "                        point every run: 'wasm trap: out of fuel'; implies --interruptible=fuel\n"
          "  --interruptible[=time|fuel]\n"
          "                        compile in the checks that let WASMC_FLAGS set --timeout (time, the\n"
          "                        default) or --timeout and --fuel (fuel) at run time (default: no checks)\n"
          "  --module-symbol NAME  symbol of the module descriptor (--emit=obj; default %s;\n"
          "                        with several inputs NAME_FILE, default wasmc_module_FILE)\n"
          "  --allow-imports       allow imports other than WASI (--emit=obj: resolved by the embedder)\n"
          "  --bounds-checks=guard|explicit\n"
          "                        guard (default): out-of-bounds accesses fault in a guard region\n"
          "                        of the 8 GiB reservation; explicit: compare every access with\n"
          "                        the memory's current size\n"
          "  --memory-base=segment|register|auto\n"
          "                        x86-64 executables: address linear memory through the gs segment\n"
          "                        (segment: frees a register), a base register, or (auto, the\n"
          "                        default) gs in big functions and a base register in the others\n"
          "  -jN                   threads that compile partitions of the module (default: the CPUs\n"
          "                        this process may use); the output does not depend on N\n"
          "  --strict-loads        never let the optimiser delete a load whose value is unused\n"
          "                        (its out-of-bounds trap is kept; slower: blocks vectorisation)\n"
          "  --canonical-nans      every NaN a float operation returns is the canonical NaN\n"
          "                        (bit-reproducible results on every CPU; a compare per float op)\n"
          "  --disable-multi-memory, --disable-memory64\n"
          "                        reject modules that use these proposals (default: accepted), as\n"
          "                        the WebAssembly 1.0/2.0 rules do\n"
          "  --oci IMAGE.tar       also write an OCI image (image layout tar) whose only layer is the\n"
          "                        executable, run as its entrypoint (-o is then optional; exe only)\n"
          "  -s, --strip           leave the symbol table out of the executable (smaller; by default\n"
          "                        it is kept, so that gdb and perf name functions)\n"
          "  -g                    debug information: the module's DWARF line tables become the\n"
          "                        generated code's (gdb: break prog.c:LINE), and the runtime\n"
          "                        library's is kept (default: left out)\n"
          "  -v, --verbose         print the link command\n"
          "  -q, --quiet           no progress line (shown on a terminal for compiles over 2 s)\n"
          "  --time-report         print each phase's time and the peak memory (stderr)\n"
          "  --no-cache            neither read nor write the compile cache\n"
          "  --cache-dir DIR       compile cache directory (default $XDG_CACHE_HOME/wasmc, else\n"
          "                        ~/.cache/wasmc): one object per partition, reused when nothing\n"
          "                        it is made of changed\n"
          "  --cache-size=SIZE     cap of the cache (bytes, or K/M/G; default 4G); least recently\n"
          "                        used objects are removed beyond it\n"
          "  --partition-size=BYTES\n"
          "                        wasm code per partition (default 65536; a module with less than\n"
          "                        twice that is compiled whole)\n"
          "  --big-function-limit=N\n"
          "                        a function with more than N phi operands after mem2reg (wasm\n"
          "                        locals live into joins of many edges) is optimised with -O1's\n"
          "                        function passes instead of -O2's, which take time far beyond\n"
          "                        its size (default 15000; 0: never)\n"
          "  -h, --help            this help\n"
          "  --version             print the versions of wasmc, LLVM and the ABI, and where each\n"
          "                        target's runtime library was found\n"
          "\n"
          "Nothing is granted by default.  At run time, more grants can be given through the\n"
          "WASMC_FLAGS environment variable (same --dir/--dir-ro/--env/--tcp-listen syntax), never through\n"
          "the program's own arguments; WASMC_FLAGS may lower --max-memory/--max-table-elements/\n"
          "--timeout/--fuel, never raise them.  A trap prints 'wasm trap: <kind> in function <name>'\n"
          "and the wasm backtrace, and exits with status %d; proc_exit(n) exits with n.\n",
          WASMC_MAIN_MODULE_SYMBOL, WASMC_TRAP_EXIT_STATUS);
}

/* --version: wasmc's, LLVM's and the ABI's versions, and each target's
 * runtime library (where it was found, or where it was looked for). */
static void print_version(void) {
  unsigned major, minor, patch;
  LLVMGetVersion(&major, &minor, &patch);
  printf("wasmc %s\nLLVM %u.%u.%u\nABI version %u\n", WASMC_VERSION, major, minor, patch, WASMC_ABI_VERSION);
  for (size_t i = 0; wcc_target_at(i); i++) {
    const wcc_target *t = wcc_target_at(i);
    wcc_rt_lookup rt;
    wcc_rt_source s = wcc_rt_lib_find(t, &rt);
    printf("runtime %s: ", t->name);
    if (s == WCC_RT_MISSING) {
      printf("missing (looked for %s", rt.installed[0] ? rt.installed : "<no /proc/self/exe>");
      if (rt.build_tree) printf(" and %s", rt.build_tree);
      printf("; set %s)\n", t->rt_lib_env);
    } else if (access(rt.path, R_OK) != 0) {
      printf("%s (%s; cannot be read: %s)\n", rt.path, wcc_rt_source_name(t, s), strerror(errno));
    } else {
      printf("%s (%s)\n", rt.path, wcc_rt_source_name(t, s));
    }
  }
  const wcc_target *d = wcc_target_default_libc(wcc_target_host());
  printf("default target: %s (%s)\n", d->name,
         strstr(d->name, "musl") ? "musl" : "glibc: no musl runtime found, or a sanitizer build");
}

static int die(const char *fmt, const char *arg) {
  fprintf(stderr, "wasmc: error: ");
  fprintf(stderr, fmt, arg);
  fputc('\n', stderr);
  return 1;
}

static bool parse_dir(wcc_options *o, const char *spec, uint32_t flags) {
  wasmc_dir_grant g = {0};
  const char *sep = strstr(spec, "::");
  if (sep) {
    g.host = strndup(spec, (size_t)(sep - spec));
    g.guest = strdup(sep + 2);
  } else {
    g.host = strdup(spec);
    g.guest = strdup(spec);
  }
  if (!*g.host || !*g.guest) return false;
  g.flags = flags;
  o->dirs = realloc(o->dirs, (o->n_dirs + 1) * sizeof *o->dirs);
  o->dirs[o->n_dirs++] = g;
  return true;
}

/* The --box list (static: freed at exit whichever way main returns). */
static img_box_spec *g_boxes;
static uint32_t g_n_boxes;
static void free_boxes(void) {
  for (uint32_t i = 0; i < g_n_boxes; i++) {
    free((void *)g_boxes[i].source);
    free((void *)g_boxes[i].guest);
  }
  free(g_boxes);
  g_boxes = NULL;
  g_n_boxes = 0;
}

/* --box SOURCE[::GUEST]: GUEST defaults to "/"; it is normalised (no '.',
 * '..' or empty components, no trailing '/') and must be absolute. */
static bool parse_box(const char *spec) {
  const char *sep = strstr(spec, "::");
  char *src = sep ? strndup(spec, (size_t)(sep - spec)) : strdup(spec);
  const char *g = sep ? sep + 2 : "/";
  char *guest = malloc(strlen(g) + 2);
  size_t n = 0;
  bool ok = *src && g[0] == '/';
  for (const char *p = g; ok && *p;) {
    while (*p == '/') p++;
    size_t len = strcspn(p, "/");
    if (!len) break;
    if ((len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.')) ok = false;
    guest[n++] = '/';
    memcpy(guest + n, p, len);
    n += len;
    p += len;
  }
  if (n == 0) guest[n++] = '/';
  guest[n] = 0;
  if (!ok) { free(src); free(guest); return false; }
  if (!g_boxes) atexit(free_boxes);
  img_box_spec *nb = realloc(g_boxes, (g_n_boxes + 1) * sizeof *nb);
  if (!nb) { free(src); free(guest); return false; }
  g_boxes = nb;
  g_boxes[g_n_boxes++] = (img_box_spec){src, guest};
  return true;
}

/* "HOST:PORT" of --tcp-listen: syntax only (the runtime binds it). */
static bool valid_host_port(const char *v) {
  const char *colon = strrchr(v, ':');
  if (!colon || colon == v || !colon[1] || strlen(colon + 1) > 5) return false;
  for (const char *p = colon + 1; *p; p++)
    if (*p < '0' || *p > '9') return false;
  if (atoi(colon + 1) > 65535) return false;
  if (v[0] == '[') return colon[-1] == ']' && colon - v > 2;
  return memchr(v, ':', (size_t)(colon - v)) == NULL;
}

/* --oci: the executable's name in the image: the basename of -o, else of the
 * input without ".wasm" (into buf; img_write_oci rejects unusable names). */
static const char *oci_entry_name(const wcc_options *o, char *buf, size_t size) {
  const char *p = o->output ? o->output : o->input, *slash = strrchr(p, '/');
  snprintf(buf, size, "%s", slash ? slash + 1 : p);
  size_t n = strlen(buf);
  if (!o->output && n > 5 && !strcmp(buf + n - 5, ".wasm")) buf[n - 5] = 0;
  return buf;
}

/* -j's default: the CPUs this process may run on (sched_getaffinity, as
 * nproc counts them; a cgroup's CPU quota is not counted), at most 64. */
static uint32_t usable_cpus(void) {
  cpu_set_t set;
  long n = 0;
  if (sched_getaffinity(0, sizeof set, &set) == 0) n = CPU_COUNT(&set);
  if (n < 1) n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 64 ? 64 : (uint32_t)n;
}

/* the process's peak resident set so far, KiB (getrusage) */
static long peak_rss_kib(void) {
  struct rusage ru;
  return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
}

static uint8_t *read_file(const char *path, size_t *out_size, wcc_diag *d) {
  FILE *f = fopen(path, "rb");
  if (!f) { wcc_error(d, "cannot open '%s': %s", path, strerror(errno)); return NULL; }
  size_t cap = 1 << 16, n = 0;
  uint8_t *buf = malloc(cap);
  for (;;) {
    if (n == cap) {
      cap *= 2;
      uint8_t *nb = realloc(buf, cap);
      if (!nb) { free(buf); fclose(f); wcc_error(d, "out of memory reading '%s'", path); return NULL; }
      buf = nb;
    }
    size_t k = fread(buf + n, 1, cap - n, f);
    n += k;
    if (k == 0) break;
  }
  if (ferror(f)) { wcc_error(d, "cannot read '%s': %s", path, strerror(errno)); free(buf); fclose(f); return NULL; }
  fclose(f);
  *out_size = n;
  return buf;
}

static char *g_tmp_out, *g_tmp_obj, *g_tmp_box, *g_tmp_box_asm;
static void cleanup_tmp(void) {
  wcc_codegen_cleanup();
  wcc_cache_cleanup();
  if (g_tmp_box) unlink(g_tmp_box);
  if (g_tmp_box_asm) unlink(g_tmp_box_asm);
  img_oci_cleanup();
  if (g_tmp_out) unlink(g_tmp_out);
  if (g_tmp_obj) unlink(g_tmp_obj);
  wcc_cli_build_cleanup();
}
static void on_signal(int sig) {
  cleanup_tmp();
  signal(sig, SIG_DFL);
  raise(sig);
}

/* One input of several (`wasmc --emit=obj a.wasm b.wasm`): its output, the
 * input's file name without ".wasm" plus ".o" (or ".ll") in the current
 * directory, and its descriptor symbol, PREFIX + that name with every
 * character other than [A-Za-z0-9_] as '_' (PREFIX: --module-symbol NAME
 * and '_', default "wasmc_module_"). */
typedef struct wcc_input {
  const char *path;
  char *output, *symbol;
} wcc_input;

/* the command line's inputs (argv strings) and, for several, their plan;
 * globals so that an early error exit leaves them reachable, not leaked */
static const char **g_input_paths;
static wcc_input *g_inputs;

static void free_inputs(wcc_input *in, uint32_t n) {
  for (uint32_t k = 0; in && k < n; k++) { free(in[k].output); free(in[k].symbol); }
  free(in);
}

/* NULL (after one message) when two inputs would share an output or a symbol */
static wcc_input *plan_inputs(const char **paths, uint32_t n, const char *ext, const char *prefix) {
  wcc_input *in = calloc(n, sizeof *in);
  if (!in) { die("out of memory", ""); return NULL; }
  for (uint32_t k = 0; k < n; k++) {
    const char *base = strrchr(paths[k], '/');
    base = base ? base + 1 : paths[k];
    size_t bl = strlen(base);
    if (bl > 5 && !strcmp(base + bl - 5, ".wasm")) bl -= 5;
    size_t pl = prefix ? strlen(prefix) + 1 : strlen("wasmc_module_");
    in[k].path = paths[k];
    in[k].output = malloc(bl + strlen(ext) + 1);
    in[k].symbol = malloc(pl + bl + 1);
    if (!in[k].output || !in[k].symbol) { free_inputs(in, n); die("out of memory", ""); return NULL; }
    snprintf(in[k].output, bl + strlen(ext) + 1, "%.*s%s", (int)bl, base, ext);
    if (prefix) snprintf(in[k].symbol, pl + 1, "%s_", prefix);
    else strcpy(in[k].symbol, "wasmc_module_");
    for (size_t i = 0; i < bl; i++) {
      char ch = base[i];
      bool ident = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
      in[k].symbol[pl + i] = ident ? ch : '_';
    }
    in[k].symbol[pl + bl] = 0;
    for (uint32_t j = 0; j < k; j++) {
      if (!strcmp(in[j].output, in[k].output) || !strcmp(in[j].symbol, in[k].symbol)) {
        fprintf(stderr, "wasmc: error: inputs '%s' and '%s' would both write %s '%s'\n", paths[j], paths[k],
                strcmp(in[j].output, in[k].output) ? "the module symbol" : "the output",
                strcmp(in[j].output, in[k].output) ? in[k].symbol : in[k].output);
        free_inputs(in, n);
        return NULL;
      }
    }
  }
  return in;
}

/* Compiles o->input into o->output (or the --oci image): read, validate,
 * compile, link, rename into place.  Prints one "wasmc: error: INPUT: ..."
 * line on failure and leaves no output.  Returns the exit status (0 or 1). */
static int compile_input(wcc_options *o, const wcc_target *target, bool segue, const char *oci_path,
                         const img_oci_config *oci_cfg) {
  wcc_diag diag = {0};
  size_t size = 0;
  double t_start = wcc_wall();
  uint8_t *bytes = read_file(o->input, &size, &diag);
  wcc_module *m = NULL;
  wcc_features features = {.extended_const = true, .multi_memory = !o->no_multi_memory,
                           .memory64 = !o->no_memory64};
  if (bytes) m = wcc_module_read(bytes, size, &features, &diag);
  if (!m) {
    fprintf(stderr, "wasmc: error: %s: %s\n", o->input, diag.message);
    free(bytes);
    return 1;
  }

  if (g_n_boxes) { /* the box image, before the config that points at it */
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    g_tmp_box = strdup("/tmp/wasmc-XXXXXX.box");
    g_tmp_box_asm = strdup("/tmp/wasmc-XXXXXX.s");
    int f1 = mkstemps(g_tmp_box, 4), f2 = f1 < 0 ? -1 : mkstemps(g_tmp_box_asm, 2);
    if (f1 >= 0) close(f1);
    if (f2 >= 0) close(f2);
    bool bok = f1 >= 0 && f2 >= 0;
    if (!bok) {
      if (f1 < 0) { free(g_tmp_box); g_tmp_box = NULL; }
      if (f2 < 0) { free(g_tmp_box_asm); g_tmp_box_asm = NULL; }
      wcc_error(&diag, "cannot create a temporary file: %s", strerror(errno));
    }
    img_diag idiag = {0};
    if (bok) bok = img_box_build(g_boxes, g_n_boxes, g_tmp_box, &o->box_image_size, &idiag) &&
                   img_box_write_asm(g_tmp_box_asm, g_tmp_box, &idiag);
    if (idiag.failed) wcc_error(&diag, "%s", idiag.message);
    if (!bok) {
      fprintf(stderr, "wasmc: error: %s\n", diag.message);
      cleanup_tmp();
      wcc_module_destroy(m);
      free(bytes);
      return 1;
    }
    o->box_asm = g_tmp_box_asm;
  }

  bool ok = true;
  int status = 1;
  if (ok) {
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    if (o->output) {
      size_t ol = strlen(o->output);
      g_tmp_out = malloc(ol + 32);
      snprintf(g_tmp_out, ol + 32, "%s.wasmc-tmp-%d", o->output, (int)getpid());
      /* an unwritable output directory: say so now, not through the linker */
      int fd = open(g_tmp_out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
      if (fd < 0) { wcc_error(&diag, "cannot write '%s': %s", o->output, strerror(errno)); ok = false; }
      else close(fd);
    } else { /* --oci alone: the executable is temporary */
      g_tmp_out = strdup("/tmp/wasmc-exe-XXXXXX");
      int fd = mkstemp(g_tmp_out);
      if (fd < 0) { wcc_error(&diag, "cannot create a temporary file: %s", strerror(errno)); ok = false; }
      else close(fd);
      if (fd < 0) { free(g_tmp_out); g_tmp_out = NULL; }
    }
    const char *emit_path = g_tmp_out;
    if (o->emit == WCC_EMIT_EXE) {
      g_tmp_obj = strdup("/tmp/wasmc-XXXXXX.o");
      int fd = mkstemps(g_tmp_obj, 2);
      if (fd < 0) { wcc_error(&diag, "cannot create a temporary file: %s", strerror(errno)); ok = false; }
      else close(fd);
      emit_path = g_tmp_obj;
    }
    double t_read = wcc_wall();
    long rss_read = peak_rss_kib();
    if (ok) ok = wcc_compile(o, m, target, segue, emit_path, &diag);
    double t_compiled = wcc_wall();
    long rss_compiled = peak_rss_kib();
    if (ok && o->emit == WCC_EMIT_EXE) ok = wcc_link(o, target, g_tmp_obj, g_tmp_out, &diag);
    if (ok && o->time_report)
      fprintf(stderr,
              "wasmc: time report: read+validate %.2f s (peak RSS %ld MiB), compile %.2f s wall (peak RSS %ld MiB), "
              "link %.2f s, total %.2f s\n",
              t_read - t_start, rss_read >> 10, t_compiled - t_read, rss_compiled >> 10, wcc_wall() - t_compiled,
              wcc_wall() - t_start);
    if (ok && oci_path) {
      char entry[256];
      img_diag idiag = {0};
      ok = img_write_oci(g_tmp_out, oci_path, oci_entry_name(o, entry, sizeof entry),
                         !strncmp(target->name, "aarch64", 7) ? "arm64" : "amd64", oci_cfg, &idiag);
      if (!ok) wcc_error(&diag, "%s", idiag.message);
    }
    if (ok && o->output && rename(g_tmp_out, o->output) != 0) {
      wcc_error(&diag, "cannot write '%s': %s", o->output, strerror(errno));
      if (oci_path) unlink(oci_path);
      ok = false;
    }
    if (ok && o->output) { free(g_tmp_out); g_tmp_out = NULL; }
    if (ok) status = 0;
    cleanup_tmp();
  }
  if (!ok) fprintf(stderr, "wasmc: error: %s: %s\n", o->input, diag.message);
  wcc_module_destroy(m);
  free(bytes);
  free(g_tmp_out);
  free(g_tmp_obj);
  free(g_tmp_box);
  free(g_tmp_box_asm);
  g_tmp_out = g_tmp_obj = g_tmp_box = g_tmp_box_asm = NULL;
  return status;
}

/* The compile command; `oci_cfg` (NULL for plain --oci) is what `wasmc
 * build` records in the image's config. */
int wcc_cli_compile(int argc, char **argv, const img_oci_config *oci_cfg) {
  wcc_options o = {.opt_level = 2, .emit = WCC_EMIT_EXE, .jobs = usable_cpus(), .big_function_limit = UINT64_MAX,
                   .max_memory = WASMC_NO_LIMIT, .max_table_elements = WASMC_NO_LIMIT,
                   .timeout_ns = WASMC_NO_LIMIT, .fuel = WASMC_NO_LIMIT};
  const char *target_name = NULL;
  const char *libc = NULL;     /* --libc: glibc or musl (NULL: the target's, glibc for *-linux-gnu) */
  const char *oci_path = NULL; /* --oci */
  uint32_t n_inputs = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *next = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); return 0; }
    else if (i == 1 && !strcmp(a, "build")) return wcc_cli_build(argc - 1, argv + 1);
    else if (!strcmp(a, "--version")) { print_version(); return 0; }
    else if (!strcmp(a, "-o")) { if (!next) return die("-o needs a file name", ""); o.output = argv[++i]; }
    else if (!strncmp(a, "-O", 2) && a[2] >= '0' && a[2] <= '3' && !a[3]) o.opt_level = a[2] - '0';
    else if (!strcmp(a, "-Os") || !strcmp(a, "-Oz")) o.opt_level = 2;
    else if (!strncmp(a, "--emit=", 7)) {
      if (!strcmp(a + 7, "exe")) o.emit = WCC_EMIT_EXE;
      else if (!strcmp(a + 7, "obj")) o.emit = WCC_EMIT_OBJ;
      else if (!strcmp(a + 7, "llvm-ir")) o.emit = WCC_EMIT_LLVM_IR;
      else return die("unknown --emit kind '%s' (exe, obj, llvm-ir)", a + 7);
    } else if (!strncmp(a, "--target=", 9)) target_name = a + 9;
    else if (!strcmp(a, "--target")) { if (!next) return die("--target needs a value", ""); target_name = argv[++i]; }
    else if (!strncmp(a, "--libc=", 7)) libc = a + 7;
    else if (!strcmp(a, "--libc")) { if (!next) return die("--libc needs a value", ""); libc = argv[++i]; }
    else if (!strncmp(a, "--cpu=", 6)) o.cpu = a + 6;
    else if (!strcmp(a, "--dir") || !strcmp(a, "--dir-ro")) {
      if (!next || !parse_dir(&o, next, !strcmp(a, "--dir-ro") ? WASMC_DIR_READONLY : 0))
        return die("%s needs HOST[::GUEST]", a);
      i++;
    } else if (!strncmp(a, "--dir=", 6) || !strncmp(a, "--dir-ro=", 9)) {
      bool ro = a[5] == '-';
      if (!parse_dir(&o, a + (ro ? 9 : 6), ro ? WASMC_DIR_READONLY : 0)) return die("bad directory grant '%s'", a);
    } else if (!strcmp(a, "--env") || !strncmp(a, "--env=", 6)) {
      const char *v = a[5] == '=' ? a + 6 : next;
      if (!v || !strchr(v, '=') || v[0] == '=') return die("--env needs NAME=VALUE", "");
      if (a[5] != '=') i++;
      o.env = realloc(o.env, (o.n_env + 1) * sizeof *o.env);
      o.env[o.n_env++] = v;
    } else if (!strcmp(a, "--tcp-listen") || !strncmp(a, "--tcp-listen=", 13)) {
      const char *v = a[12] == '=' ? a + 13 : next;
      if (!v || !valid_host_port(v)) return die("--tcp-listen needs HOST:PORT (IPv4, [IPv6] or localhost; port 0-65535), got '%s'", v ? v : "");
      if (a[12] != '=') i++;
      o.sockets = realloc(o.sockets, (o.n_sockets + 1) * sizeof *o.sockets);
      o.sockets[o.n_sockets++] = (wasmc_socket_grant){.addr = v, .kind = WASMC_SOCK_TCP_LISTEN};
    } else if (!strcmp(a, "--entrypoint") || !strncmp(a, "--entrypoint=", 13) || !strcmp(a, "--cmd") ||
               !strncmp(a, "--cmd=", 6)) {
      bool entry = a[2] == 'e';
      size_t len = entry ? 12 : 5;
      const char *v = a[len] == '=' ? a + len + 1 : next;
      if (!v) return die("%s needs a word", a);
      if (a[len] != '=') i++;
      const char ***list = entry ? &o.entry_args : &o.cmd_args;
      uint32_t *n = entry ? &o.n_entry_args : &o.n_cmd_args;
      const char **nl = realloc(*list, (*n + 1) * sizeof *nl);
      if (!nl) return die("out of memory", "");
      *list = nl;
      nl[(*n)++] = v;
    } else if (!strcmp(a, "--inherit-env")) o.inherit_env = true;
    else if (!strcmp(a, "--stack-size") || !strncmp(a, "--stack-size=", 13)) {
      const char *v = a[12] == '=' ? a + 13 : next;
      if (!v) return die("--stack-size needs a byte count", "");
      if (a[12] != '=') i++;
      char *end;
      unsigned long long n = strtoull(v, &end, 0);
      if (*end || n < 65536) return die("bad --stack-size '%s' (bytes, at least 65536)", v);
      o.stack_size = n;
    } else if (!strcmp(a, "--max-memory") || !strncmp(a, "--max-memory=", 13) ||
               !strcmp(a, "--max-table-elements") || !strncmp(a, "--max-table-elements=", 21)) {
      bool mem = a[6] == 'm';
      size_t len = mem ? 12 : 20;
      const char *v = a[len] == '=' ? a + len + 1 : next;
      if (!v) return die("%s needs a value", a);
      if (a[len] != '=') i++;
      if (mem ? !wasmc_parse_memory_size(v, &o.max_memory) : !wasmc_parse_table_elements(v, &o.max_table_elements)) {
        fprintf(stderr, "wasmc: error: bad %.*s '%s' (%s)\n", (int)len, a, v,
                mem ? WASMC_MEMORY_SIZE_SYNTAX : WASMC_TABLE_ELEMENTS_SYNTAX);
        return 1;
      }
    } else if (!strcmp(a, "--timeout") || !strncmp(a, "--timeout=", 10) || !strcmp(a, "--fuel") ||
               !strncmp(a, "--fuel=", 7)) {
      bool time = a[2] == 't';
      size_t len = time ? 9 : 6;
      const char *v = a[len] == '=' ? a + len + 1 : next;
      if (!v) return die("%s needs a value", a);
      if (a[len] != '=') i++;
      if (time ? !wasmc_parse_duration(v, &o.timeout_ns) : !wasmc_parse_fuel(v, &o.fuel)) {
        fprintf(stderr, "wasmc: error: bad %.*s '%s' (%s)\n", (int)len, a, v,
                time ? WASMC_DURATION_SYNTAX : WASMC_FUEL_SYNTAX);
        return 1;
      }
      o.checks |= time ? WASMC_CHECK_INTERRUPT : WASMC_CHECK_INTERRUPT | WASMC_CHECK_FUEL;
    } else if (!strcmp(a, "--interruptible") || !strcmp(a, "--interruptible=time")) {
      o.checks |= WASMC_CHECK_INTERRUPT;
    } else if (!strcmp(a, "--interruptible=fuel")) {
      o.checks |= WASMC_CHECK_INTERRUPT | WASMC_CHECK_FUEL;
    } else if (!strncmp(a, "--interruptible=", 16)) {
      return die("bad --interruptible value '%s' (time or fuel)", a + 16);
    } else if (!strcmp(a, "--module-symbol")) { if (!next) return die("--module-symbol needs a name", ""); o.module_symbol = argv[++i]; }
    else if (!strcmp(a, "--allow-imports")) o.allow_unknown_imports = true;
    else if (!strcmp(a, "-s") || !strcmp(a, "--strip")) o.strip = true;
    else if (!strcmp(a, "-g")) o.debug_info = true;
    else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) o.verbose = true;
    else if (!strcmp(a, "--time-report")) o.time_report = true;
    else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) o.quiet = true;
    else if (!strcmp(a, "--no-cache")) o.no_cache = true;
    else if (!strcmp(a, "--cache-dir") || !strncmp(a, "--cache-dir=", 12)) {
      const char *v = a[11] == '=' ? a + 12 : next;
      if (!v || !*v) return die("--cache-dir needs a directory", "");
      if (a[11] != '=') i++;
      o.cache_dir = v;
    } else if (!strncmp(a, "--cache-size=", 13)) {
      char *end;
      unsigned long long n = strtoull(a + 13, &end, 10);
      unsigned long long mul = 1;
      if (*end == 'K' || *end == 'k') mul = 1ull << 10, end++;
      else if (*end == 'M') mul = 1ull << 20, end++;
      else if (*end == 'G') mul = 1ull << 30, end++;
      if (end == a + 13 || *end || a[13] == '-' || n == 0 || n > (1ull << 50) / mul)
        return die("bad --cache-size '%s' (bytes, or a number with K, M or G)", a + 13);
      o.cache_bytes = n * mul;
    }
    else if (!strncmp(a, "--partition-size=", 17)) {
      char *end;
      unsigned long long n = strtoull(a + 17, &end, 10);
      if (*end || a[17] == '-' || n < 1 || n > (1ull << 32)) return die("bad --partition-size '%s' (bytes of function bodies, 1..4294967296)", a + 17);
      o.partition_bytes = n;
    }
    else if (!strncmp(a, "--big-function-limit=", 21)) {
      char *end;
      unsigned long long n = strtoull(a + 21, &end, 10);
      if (end == a + 21 || *end || a[21] == '-' || n >= UINT64_MAX)
        return die("bad --big-function-limit '%s' (phi operands; 0: never)", a + 21);
      o.big_function_limit = n;
    }
    else if (!strcmp(a, "--strict-loads")) o.strict_loads = true;
    else if (!strcmp(a, "--canonical-nans")) o.canonical_nans = true;
    else if (!strcmp(a, "--disable-multi-memory")) o.no_multi_memory = true;
    else if (!strcmp(a, "--disable-memory64")) o.no_memory64 = true;
    else if (!strcmp(a, "--box") || !strncmp(a, "--box=", 6)) {
      const char *v = a[5] == '=' ? a + 6 : next;
      if (!v || !parse_box(v))
        return die("--box needs SOURCE[::GUEST] (a directory or archive; GUEST absolute, without '.' or '..'), got '%s'", v ? v : "");
      if (a[5] != '=') i++;
    }
    else if (!strcmp(a, "--oci") || !strncmp(a, "--oci=", 6)) {
      const char *v = a[5] == '=' ? a + 6 : next;
      if (!v || !*v) return die("--oci needs a file name (the image archive to write)", "");
      if (a[5] != '=') i++;
      oci_path = v;
    }
    else if (!strncmp(a, "-j", 2) && a[2]) {
      char *end;
      long j = strtol(a + 2, &end, 10);
      if (*end || j < 1 || j > 64) return die("bad job count '%s' (-jN, 1..64)", a);
      o.jobs = (uint32_t)j;
    }
    else if (!strncmp(a, "--memory-base=", 14)) {
      if (!strcmp(a + 14, "segment")) o.memory_base = WCC_BASE_SEGMENT;
      else if (!strcmp(a + 14, "register")) o.memory_base = WCC_BASE_REGISTER;
      else if (!strcmp(a + 14, "auto")) o.memory_base = WCC_BASE_AUTO;
      else return die("unknown --memory-base '%s' (segment, register, auto)", a + 14);
    }
    else if (!strncmp(a, "--bounds-checks=", 16)) {
      if (!strcmp(a + 16, "guard")) o.explicit_bounds = false;
      else if (!strcmp(a + 16, "explicit")) o.explicit_bounds = true;
      else return die("unknown --bounds-checks mode '%s' (guard, explicit)", a + 16);
    }
    else if (a[0] == '-' && a[1]) return die("unknown option '%s' (see wasmc --help)", a);
    else {
      const char **ni = realloc(g_input_paths, (n_inputs + 1) * sizeof *ni);
      if (!ni) return die("out of memory", "");
      g_input_paths = ni;
      g_input_paths[n_inputs++] = a;
      o.input = a;
    }
  }
  if (!o.input) { usage(stderr); return die("no input file", ""); }
  if (n_inputs > 1) {
    /* like `clang -c a.c b.c`: each output named after its input */
    if (o.emit == WCC_EMIT_EXE) return die("several input files need --emit=obj or --emit=llvm-ir (an executable holds one module)", "");
    if (o.output) return die("-o names one output; with several input files each output is named after its input (docs/cli.md)", "");
    g_inputs = plan_inputs(g_input_paths, n_inputs, o.emit == WCC_EMIT_OBJ ? ".o" : ".ll", o.module_symbol);
    if (!g_inputs) return 1;
  }
  if (!o.output && !oci_path && n_inputs == 1) return die("no output file (-o FILE or --oci IMAGE.tar)", "");
  if (oci_path && o.emit != WCC_EMIT_EXE) return die("--oci needs --emit=exe (the image holds the executable)", "");
  if (oci_path && o.output && !strcmp(oci_path, o.output)) return die("--oci and -o name the same file '%s'", oci_path);
  if (o.allow_unknown_imports && o.emit == WCC_EMIT_EXE) return die("--allow-imports needs --emit=obj", "");
  if (g_n_boxes && o.emit != WCC_EMIT_EXE) return die("--box needs --emit=exe (the box is linked into the executable)", "");
  const wcc_target *target = target_name ? wcc_target_find(target_name) : wcc_target_host();
  if (!target)
    return die("unknown target '%s' (supported: x86_64-linux-gnu, aarch64-linux-gnu, x86_64-linux-musl, "
               "aarch64-linux-musl)", target_name);
  if (libc && !wcc_target_with_libc(target, libc)) return die("unknown --libc '%s' (glibc or musl)", libc);
  if (libc) target = wcc_target_with_libc(target, libc);
  else if (!target_name || !wcc_target_names_libc(target_name)) target = wcc_target_default_libc(target);
  o.target = target->name;
  /* runtime library: WASMC_RT_LIB_<ARCH>, then WASMC_RT_LIB, then next to
   * this executable (installed), then the build tree (targets.c); an
   * executable needs it, so say now, before compiling, that it is missing */
  wcc_rt_lookup rt;
  wcc_rt_source rt_source = wcc_rt_lib_find(target, &rt);
  o.rt_lib = rt.path;
  if (o.emit == WCC_EMIT_EXE && rt_source == WCC_RT_MISSING) {
    fprintf(stderr, "wasmc: error: no runtime library for target %s: ", target->name);
    if (rt.build_tree)
      fprintf(stderr, "neither %s nor %s exists", rt.installed[0] ? rt.installed : "the installed one", rt.build_tree);
    else
      fprintf(stderr, "%s does not exist and this wasmc was built without one (docs/targets.md)",
              rt.installed[0] ? rt.installed : "the installed one");
    fprintf(stderr, "; set %s or WASMC_RT_LIB\n", target->rt_lib_env);
    return 1;
  }
  if (o.emit == WCC_EMIT_EXE && access(rt.path, R_OK) != 0) {
    fprintf(stderr, "wasmc: error: runtime library '%s' (from %s) cannot be read: %s\n", rt.path,
            wcc_rt_source_name(target, rt_source), strerror(errno));
    return 1;
  }
  if (o.memory_base == WCC_BASE_SEGMENT && !target->segment_base)
    return die("--memory-base=segment needs an x86-64 target (the gs segment), not %s", target->name);
  if (o.memory_base == WCC_BASE_SEGMENT && o.emit == WCC_EMIT_OBJ)
    return die("--memory-base=segment needs --emit=exe: an embedder may run several instances on one thread", "");
  /* Segue (docs/architecture.md): executables hold one instance, run by one thread */
  bool segue = target->segment_base && o.emit != WCC_EMIT_OBJ && o.memory_base != WCC_BASE_REGISTER;
  /* the default where Segue can work: gs for the big functions only (docs/cli.md) */
  if (segue && o.memory_base == WCC_BASE_DEFAULT) o.memory_base = WCC_BASE_AUTO;
  if (o.cpu && !strcmp(o.cpu, "native") && target != wcc_target_host())
    return die("--cpu=native needs the host target (%s); name a CPU instead (see docs/targets.md)",
               wcc_target_host()->name);

  int status = 0;
  if (n_inputs == 1) status = compile_input(&o, target, segue, oci_path, oci_cfg);
  for (uint32_t k = 0; n_inputs > 1 && k < n_inputs; k++) {
    o.input = g_inputs[k].path;
    o.output = g_inputs[k].output;
    o.module_symbol = g_inputs[k].symbol;
    status |= compile_input(&o, target, segue, NULL, NULL);
  }
  free_inputs(g_inputs, n_inputs);
  free(g_input_paths);
  g_inputs = NULL; /* `wasmc build` may compile again in this process */
  g_input_paths = NULL;
  for (uint32_t i = 0; i < o.n_dirs; i++) { free((void *)o.dirs[i].host); free((void *)o.dirs[i].guest); }
  free(o.dirs);
  free(o.env);
  free(o.entry_args);
  free(o.cmd_args);
  free(o.sockets);
  return status;
}

/* mimalloc (CMakeLists.txt) gives memory back to the kernel as soon as a
 * segment is free (madvise), and every partition's LLVM context frees tens
 * of MB that the next partition allocates again: each page comes back
 * through a page fault, and each madvise flushes the TLBs of the process's
 * other threads.  Keeping freed memory committed costs a little peak RSS
 * (Lua at -O2 -j2: 88 -> 98 MB) and saves a fifth to a half of the page
 * faults and 40-50% of the system time (docs/benchmarks/compile-time.md).
 * The environment variable MIMALLOC_ALLOW_DECOMMIT still decides when set. */
static void tune_allocator(void) {
#ifdef WASMC_MIMALLOC
  if (!getenv("MIMALLOC_ALLOW_DECOMMIT")) mi_option_disable(mi_option_allow_decommit);
#endif
}

int main(int argc, char **argv) {
  tune_allocator();
  return wcc_cli_compile(argc, argv, NULL);
}
