/*
 * link.c — linking the static executable (and joining partitions with
 * `ld.lld -r`) through the target's linker driver, clang-19 with lld.
 *
 * The link plan.  The driver only turns its arguments into one ld.lld
 * command (crt1.o, crti.o, crtbeginT.o, the -L directories of libc and
 * libgcc, libc.a, libgcc.a, crtend.o, crtn.o: found from the triple), yet
 * starting it costs about 100 ms, as much as compiling a small module, and
 * a small module's build runs it once.  So the first link of each kind asks
 * the driver for that command (`clang-19 -### ...`), keeps it in the compile
 * cache with the arguments that change from one link to the next (the
 * output, the objects, the runtime library) replaced by placeholders, and
 * later links run ld.lld directly with the same arguments the driver would
 * have given it: the executable is the same byte for byte.
 *
 * A plan is keyed by the driver's arguments (placeholders for the variable
 * ones), the driver binary (resolved through PATH: device, inode, size,
 * mtime) and the environment variables the driver reads to find libraries;
 * it records the modification time of every file and directory it names
 * (and of the directories above its -L directories, where a newly installed
 * GCC would appear) and is used only while all of them are unchanged.
 * The same for `-r` links (a plan per object count).  Links that also
 * assemble (--box) and --no-cache run the driver as before.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wcc.h"

extern char **environ;

#define PLAN_MAGIC "wasmc link plan 1\n"
#define PLAN_VAR '\001' /* a plan argument "\001<k>": variable k */

typedef struct strv {
  char **v;
  uint32_t n, cap;
} strv;

static bool strv_push(strv *s, const char *str, size_t len) {
  if (s->n + 1 >= s->cap) {
    uint32_t cap = s->cap ? s->cap * 2 : 64;
    char **n = realloc(s->v, cap * sizeof *n);
    if (!n) return false;
    s->v = n;
    s->cap = cap;
  }
  char *c = malloc(len + 1);
  if (!c) return false;
  memcpy(c, str, len);
  c[len] = 0;
  s->v[s->n++] = c;
  s->v[s->n] = NULL;
  return true;
}

static void strv_free(strv *s) {
  for (uint32_t i = 0; i < s->n; i++) free(s->v[i]);
  free(s->v);
  *s = (strv){0};
}

/* Run argv (argv[0] looked up in PATH unless it has a slash) and wait;
 * with `capture`, its stderr is read into *capture (malloc'd, NUL-terminated)
 * and stdout goes to /dev/null.  Returns the exit status (128 + the signal
 * when killed by one), or -1 when it could not be run (the reason in *why). */
static int spawn_wait(const char *const *argv, char **capture, const char **why) {
  posix_spawn_file_actions_t fa, *fap = NULL;
  int pipefd[2] = {-1, -1};
  *why = NULL;
  if (capture) {
    *capture = NULL;
    if (pipe(pipefd) != 0) { *why = strerror(errno); return -1; }
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
    posix_spawn_file_actions_addclose(&fa, pipefd[0]);
    posix_spawn_file_actions_addclose(&fa, pipefd[1]);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1 /* O_WRONLY */, 0);
    fap = &fa;
  }
  pid_t pid;
  int rc = posix_spawnp(&pid, argv[0], fap, NULL, (char *const *)argv, environ);
  if (fap) {
    posix_spawn_file_actions_destroy(&fa);
    close(pipefd[1]);
  }
  if (rc != 0) {
    if (capture) close(pipefd[0]);
    *why = strerror(rc);
    return -1;
  }
  if (capture) {
    size_t len = 0, cap = 8192;
    char *buf = malloc(cap);
    for (;;) {
      if (buf && len + 4096 > cap) {
        char *n = realloc(buf, cap * 2);
        if (!n) { free(buf); buf = NULL; }
        else { buf = n; cap *= 2; }
      }
      char sink[4096];
      ssize_t r = read(pipefd[0], buf ? buf + len : sink, 4096);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) break;
      if (buf) len += (size_t)r;
    }
    close(pipefd[0]);
    if (buf) buf[len] = 0;
    *capture = buf;
  }
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) { *why = strerror(errno); return -1; }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void print_argv(const char *const *argv) {
  for (int i = 0; argv[i]; i++) fprintf(stderr, "%s%s", i ? " " : "", argv[i]);
  fputc('\n', stderr);
}

/* Run the linker (the driver or ld.lld) argv and wait for it. */
static bool run_linker(const wcc_options *o, const char *const *argv, wcc_diag *diag) {
  if (o->verbose) print_argv(argv);
  const char *why;
  int rc = spawn_wait(argv, NULL, &why);
  if (rc < 0) {
    wcc_error(diag, "cannot run linker '%s': %s", argv[0], why);
    return false;
  }
  if (rc != 0) {
    wcc_error(diag, "linking failed (%s exited with status %d)", argv[0], rc);
    return false;
  }
  return true;
}

/* ---- link plans ---------------------------------------------------------- */

/* The file PATH lookup would run for `name` (NULL if none). */
static char *resolve_in_path(const char *name) {
  if (strchr(name, '/')) return access(name, X_OK) == 0 ? strdup(name) : NULL;
  const char *path = getenv("PATH");
  if (!path) return NULL;
  for (const char *p = path;;) {
    const char *e = strchr(p, ':');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    char *cand = malloc(len + strlen(name) + 2);
    if (!cand) return NULL;
    snprintf(cand, len + strlen(name) + 2, "%.*s%s%s", (int)len, p, len ? "/" : "", name);
    struct stat st;
    if (access(cand, X_OK) == 0 && stat(cand, &st) == 0 && S_ISREG(st.st_mode)) return cand;
    free(cand);
    if (!e) return NULL;
    p = e + 1;
  }
}

static int64_t mtime_ns(const struct stat *st) { return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec; }

/* The key of the plan for driver argv, whose arguments argv[vars[k]] are
 * the variable ones; false if the driver cannot be found. */
static bool plan_key(const char *const *argv, const int *vars, int n_vars, uint8_t key[16]) {
  char *drv = resolve_in_path(argv[0]);
  struct stat st;
  if (!drv || stat(drv, &st) != 0) { free(drv); return false; }
  XXH3_state_t *s = XXH3_createState();
  if (!s) { free(drv); return false; }
  XXH3_128bits_reset(s);
  XXH3_128bits_update(s, PLAN_MAGIC, sizeof PLAN_MAGIC);
  XXH3_128bits_update(s, drv, strlen(drv) + 1);
  free(drv);
  int64_t id[4] = {(int64_t)st.st_dev, (int64_t)st.st_ino, (int64_t)st.st_size, mtime_ns(&st)};
  XXH3_128bits_update(s, id, sizeof id);
  for (int i = 0; argv[i]; i++) {
    bool var = false;
    for (int k = 0; k < n_vars; k++) var |= vars[k] == i;
    const char *a = var ? "\001" : argv[i];
    XXH3_128bits_update(s, a, strlen(a) + 1);
  }
  /* what clang reads from the environment to find crt files and libraries */
  static const char *const env[] = {"LIBRARY_PATH", "COMPILER_PATH", "GCC_EXEC_PREFIX", "CLANG_NO_DEFAULT_CONFIG",
                                    "PATH"};
  for (size_t i = 0; i < sizeof env / sizeof *env; i++) {
    const char *v = getenv(env[i]);
    XXH3_128bits_update(s, v ? "=" : "-", 1);
    if (v) XXH3_128bits_update(s, v, strlen(v) + 1);
  }
  XXH128_canonical_t c;
  XXH128_canonicalFromHash(&c, XXH3_128bits_digest(s));
  XXH3_freeState(s);
  memcpy(key, c.digest, 16);
  return true;
}

/* Parse the job lines of `clang -###` (each argument double-quoted, with
 * backslash before '"', '\\' and '$') into *job; false unless there is
 * exactly one job. */
static bool parse_jobs(const char *out, strv *job) {
  int jobs = 0;
  for (const char *line = out; *line;) {
    const char *eol = strchr(line, '\n');
    if (!eol) eol = line + strlen(line);
    if (line[0] == ' ' && line[1] == '"') {
      if (++jobs > 1) return false;
      const char *p = line;
      while (p < eol) {
        while (p < eol && *p == ' ') p++;
        if (p >= eol) break;
        if (*p != '"') return false;
        p++;
        char buf[4096];
        size_t len = 0;
        while (p < eol && *p != '"') {
          if (*p == '\\' && p + 1 < eol) p++;
          if (len + 1 >= sizeof buf) return false;
          buf[len++] = *p++;
        }
        if (p >= eol) return false;
        p++;
        if (!strv_push(job, buf, len)) return false;
      }
    }
    line = *eol ? eol + 1 : eol;
  }
  return jobs == 1 && job->n > 0;
}

/* Paths whose modification times a plan records: the absolute paths among
 * its arguments (also after -L), and the parent of each -L directory. */
static bool plan_checked_path(const char *arg, char *out, size_t cap, bool parent) {
  const char *p = arg;
  bool lib_dir = false;
  if (!strncmp(p, "-L", 2)) { p += 2; lib_dir = true; }
  if (*p != '/') return false;
  if (parent && !lib_dir) return false;
  size_t len = strlen(p);
  if (len + 1 > cap) return false;
  memcpy(out, p, len + 1);
  if (parent) {
    while (len > 1 && out[len - 1] == '/') out[--len] = 0;
    char *slash = strrchr(out, '/');
    if (!slash || slash == out) return false;
    *slash = 0;
  }
  return true;
}

/* Serialise plan `job` (variables already replaced by "\001<k>"). */
static char *plan_serialise(const strv *job, size_t *len) {
  size_t cap = 256;
  for (uint32_t i = 0; i < job->n; i++) cap += 2 * strlen(job->v[i]) + 64;
  char *buf = malloc(cap), *p = buf;
  if (!buf) return NULL;
  p += snprintf(p, cap, "%s", PLAN_MAGIC);
  for (uint32_t i = 0; i < job->n; i++) {
    for (int parent = 0; parent < 2; parent++) {
      char path[4096];
      struct stat st;
      if (plan_checked_path(job->v[i], path, sizeof path, parent) && stat(path, &st) == 0)
        p += snprintf(p, cap - (size_t)(p - buf), "check %lld %s\n", (long long)mtime_ns(&st), path);
    }
    p += snprintf(p, cap - (size_t)(p - buf), "arg %s\n", job->v[i]);
  }
  *len = (size_t)(p - buf);
  return buf;
}

/* Read plan text into *job; false if malformed or anything it checks changed. */
static bool plan_parse(const char *text, size_t len, strv *job) {
  if (len < sizeof PLAN_MAGIC - 1 || memcmp(text, PLAN_MAGIC, sizeof PLAN_MAGIC - 1)) return false;
  const char *p = text + sizeof PLAN_MAGIC - 1, *end = text + len;
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol) return false;
    if (!strncmp(p, "arg ", 4)) {
      if (!strv_push(job, p + 4, (size_t)(eol - p - 4))) return false;
    } else if (!strncmp(p, "check ", 6)) {
      char *sp;
      long long want = strtoll(p + 6, &sp, 10);
      if (*sp != ' ') return false;
      char path[4096];
      size_t plen = (size_t)(eol - sp - 1);
      if (plen + 1 > sizeof path) return false;
      memcpy(path, sp + 1, plen);
      path[plen] = 0;
      struct stat st;
      if (stat(path, &st) != 0 || mtime_ns(&st) != want) return false;
    } else {
      return false;
    }
    p = eol + 1;
  }
  return job->n > 0;
}

/* Ask the driver for its ld.lld command for argv (vars as in plan_key) and
 * make it a plan: *job with the variable arguments replaced.  false: the
 * driver printed more than one job, or a variable argument is not found
 * exactly once (then the driver is run as usual). */
static bool plan_make(const char *const *argv, const int *vars, int n_vars, strv *job) {
  int n = 0;
  while (argv[n]) n++;
  const char **probe = calloc((size_t)n + 2, sizeof *probe);
  if (!probe) return false;
  for (int i = 0; i < n; i++) probe[i] = argv[i];
  probe[n] = "-###";
  char *out = NULL;
  const char *why;
  int rc = spawn_wait(probe, &out, &why);
  free(probe);
  bool ok = rc == 0 && out && parse_jobs(out, job);
  free(out);
  if (!ok) return false;
  for (int k = 0; k < n_vars; k++) {
    int found = 0;
    for (uint32_t i = 0; i < job->n; i++) {
      if (strcmp(job->v[i], argv[vars[k]]) != 0) continue;
      char ph[16];
      snprintf(ph, sizeof ph, "%c%d", PLAN_VAR, k);
      char *c = strdup(ph);
      if (!c) return false;
      free(job->v[i]);
      job->v[i] = c;
      found++;
    }
    if (found != 1) return false;
  }
  for (uint32_t i = 0; i < job->n; i++)
    if (strchr(job->v[i], '\n')) return false;
  return true;
}

/* Run a plan's job with its variables taken from argv (argv[vars[k]] for
 * "\001<k>").  Returns 1 linked, 0 failed (diag set), -1 unusable (a
 * variable out of range, out of memory: run the driver).  job stays the
 * caller's. */
static int run_job(const wcc_options *o, const strv *job, const char *const *argv, const int *vars, int n_vars,
                   wcc_diag *diag) {
  const char **run = calloc(job->n + 1, sizeof *run);
  if (!run) return -1;
  for (uint32_t i = 0; i < job->n; i++) {
    run[i] = job->v[i];
    if (job->v[i][0] == PLAN_VAR) {
      int k = atoi(job->v[i] + 1);
      if (k < 0 || k >= n_vars) { free(run); return -1; }
      run[i] = argv[vars[k]];
    }
  }
  bool ok = run_linker(o, run, diag);
  free(run);
  return ok ? 1 : 0;
}

/* Link argv through a cached plan when possible.  Returns 1 linked, 0
 * failed (diag set), -1 no plan (run the driver). */
static int link_with_plan(const wcc_options *o, const char *const *argv, const int *vars, int n_vars,
                          wcc_diag *diag) {
  if (o->no_cache) return -1;
  uint8_t key[16];
  if (!plan_key(argv, vars, n_vars, key)) return -1;
  wcc_cache cache;
  if (!wcc_cache_open(o, &cache)) return -1;
  strv job = {0};
  size_t len;
  uint8_t *text = wcc_cache_get_manifest(&cache, key, &len);
  bool have = text && plan_parse((const char *)text, len, &job);
  free(text);
  if (!have) {
    strv_free(&job);
    if (plan_make(argv, vars, n_vars, &job)) {
      char *s = plan_serialise(&job, &len);
      if (s) wcc_cache_put_manifest(&cache, key, s, len);
      free(s);
      have = true;
    }
  }
  wcc_cache_close(&cache);
  int r = have ? run_job(o, &job, argv, vars, n_vars, diag) : -1;
  strv_free(&job);
  return r;
}

/* ---- the links ----------------------------------------------------------- */

/* A driver command under construction: argv, and which of its arguments
 * are the variable ones (a link plan's placeholders). */
typedef struct link_cmd {
  const char **argv;
  int *vars;
  int n, n_vars;
  char *owned[8]; /* arguments made here ("%/" expanded), freed with the command */
  int n_owned;
} link_cmd;

static bool cmd_init(link_cmd *c, size_t max_args, const wcc_target *t, wcc_diag *diag) {
  for (const char *const *a = t->link_args; *a; a++) max_args++;
  c->argv = calloc(max_args + 1, sizeof *c->argv);
  c->vars = calloc(max_args, sizeof *c->vars);
  c->n = c->n_vars = c->n_owned = 0;
  if (c->argv && c->vars) {
    c->argv[c->n++] = t->linker_driver;
    for (const char *const *a = t->link_args; *a; a++) c->argv[c->n++] = *a;
    return true;
  }
  free(c->argv);
  free(c->vars);
  wcc_error(diag, "out of memory");
  return false;
}

static void cmd_arg(link_cmd *c, const char *a) { c->argv[c->n++] = a; }

static void cmd_var(link_cmd *c, const char *a) {
  c->vars[c->n_vars++] = c->n;
  c->argv[c->n++] = a;
}

/* A start file or library of the target: "%/NAME" is NAME in the directory
 * of the runtime library rt_lib (wcc_target.start_files); false when out of
 * memory or of room for such arguments. */
static bool cmd_target_file(link_cmd *c, const char *a, const char *rt_lib) {
  if (strncmp(a, "%/", 2) != 0) {
    cmd_arg(c, a);
    return true;
  }
  const char *slash = strrchr(rt_lib, '/');
  size_t dir = slash ? (size_t)(slash - rt_lib) : 1;
  if (c->n_owned == (int)(sizeof c->owned / sizeof *c->owned)) return false;
  char *p = malloc(dir + strlen(a));
  if (!p) return false;
  snprintf(p, dir + strlen(a), "%.*s/%s", (int)dir, slash ? rt_lib : ".", a + 2);
  c->owned[c->n_owned++] = p;
  cmd_arg(c, p);
  return true;
}

static void cmd_free(link_cmd *c) {
  free(c->vars);
  free(c->argv);
  for (int i = 0; i < c->n_owned; i++) free(c->owned[i]);
}

/* Run c through a link plan when `plan` (else, or without one, the
 * driver), and free it. */
static bool cmd_run(const wcc_options *o, link_cmd *c, bool plan, wcc_diag *diag) {
  c->argv[c->n] = NULL;
  int r = plan ? link_with_plan(o, c->argv, c->vars, c->n_vars, diag) : -1;
  bool ok = r < 0 ? run_linker(o, c->argv, diag) : r == 1;
  cmd_free(c);
  return ok;
}

/* The driver command that links the executable: obj_path, the other
 * partitions' objects (wcc_codegen_object), the runtime library and the
 * target's files, to out_path.  false: diag set. */
static bool exe_cmd(link_cmd *c, const wcc_options *o, const wcc_target *t, const char *obj_path, const char *out_path,
                    wcc_diag *diag) {
  if (!*o->rt_lib) {
    wcc_error(diag, "no runtime library for target %s: this wasmc was built without it (see docs/targets.md), set %s",
              t->name, t->rt_lib_env);
    return false;
  }
  if (access(o->rt_lib, R_OK) != 0) {
    wcc_error(diag, "runtime library '%s' not found (set %s or WASMC_RT_LIB): %s", o->rt_lib, t->rt_lib_env,
              strerror(errno));
    return false;
  }
  uint32_t n_extra = wcc_codegen_n_objects();
  size_t cap = 32 + n_extra;
  for (const char *const *a = t->start_files; a && *a; a++) cap++;
  for (const char *const *a = t->libs; a && *a; a++) cap++;
  if (!cmd_init(c, cap, t, diag)) return false;
#if WASMC_SANITIZE_LINK
  /* a sanitizer build of the runtime cannot be linked statically */
  cmd_arg(c, "-fsanitize=address,undefined");
#else
  cmd_arg(c, "-static");
  /* Only what is used: the sections of the module, the runtime (both one
   * section per function) and libc (about one function per object file)
   * that nothing reachable from the entry point refers to are left out.  What the
   * runtime needs is reachable by symbol: main names the module descriptor
   * and the configuration, which name every function, table, segment and
   * the box image.  Not with the sanitizers: a dynamic link of their
   * instrumented runtime, where size does not matter. */
  cmd_arg(c, "-Wl,--gc-sections");
#endif
  /* The runtime library is compiled with debug information (CMake's
   * RelWithDebInfo: a third of an unstripped hello-world); generated code
   * has none.  By default the executable keeps its symbol table (gdb and
   * perf name functions) but not the DWARF; -g keeps both, -s neither. */
  if (o->strip)
    cmd_arg(c, "-Wl,--strip-all");
  else if (!o->debug_info)
    cmd_arg(c, "-Wl,--strip-debug");
  cmd_arg(c, "-fuse-ld=lld");
  if (t->start_files) cmd_arg(c, "-nostdlib"); /* the target names its C library's files itself */
  cmd_arg(c, "-o");
  cmd_var(c, out_path);
  bool files_ok = true;
  for (const char *const *a = t->start_files; a && *a; a++) files_ok &= cmd_target_file(c, *a, o->rt_lib);
  cmd_var(c, obj_path);
  for (uint32_t k = 0; k < n_extra; k++)
    if (wcc_codegen_object(k)) cmd_var(c, wcc_codegen_object(k));
  if (o->box_asm) cmd_arg(c, o->box_asm); /* --box: the image's section (assembled by the driver) */
  cmd_var(c, o->rt_lib);
  for (const char *const *a = t->libs; a && *a; a++) files_ok &= cmd_target_file(c, *a, o->rt_lib);
  if (!files_ok) {
    cmd_free(c);
    wcc_error(diag, "out of memory");
    return false;
  }
  c->argv[c->n] = NULL;
  return true;
}

/* ---- the driver asked while the module compiles (--no-cache) -------------
 * Without the compile cache there is no link plan to read, and the driver
 * (about 100 ms to start) ran after code generation, on the critical path.
 * wcc_link_probe_start asks it for its ld.lld command (-###, plan_make) on
 * a thread of its own as soon as the objects' names are known, so that the
 * question overlaps compilation; wcc_link then runs ld.lld with that
 * command, the variable arguments (output, objects, runtime library)
 * replaced, as a plan's link does: the same command, the same executable.
 * The driver checks that its inputs exist: the partitions' objects are
 * created empty first (code generation or the cache overwrites them). */
typedef struct link_probe {
  pthread_t th;
  bool started, ok;
  link_cmd cmd;
  int n_vars;
  strv job;
} link_probe;
static link_probe g_probe;

static void *probe_main(void *arg) {
  link_probe *p = arg;
  p->ok = plan_make(p->cmd.argv, p->cmd.vars, p->cmd.n_vars, &p->job);
  return NULL;
}

void wcc_link_probe_start(const wcc_options *o, const wcc_target *t, const char *obj_path) {
  if (g_probe.started || o->emit != WCC_EMIT_EXE || !o->no_cache || o->box_asm) return;
  wcc_diag diag = {0};
  /* the output's name is a placeholder: any name not otherwise used */
  if (!exe_cmd(&g_probe.cmd, o, t, obj_path, "wasmc-link-probe.out", &diag)) return;
  for (uint32_t k = 0; k < wcc_codegen_n_objects(); k++) {
    const char *path = wcc_codegen_object(k);
    int fd = path ? open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644) : -1;
    if (fd >= 0) close(fd);
  }
  g_probe.n_vars = g_probe.cmd.n_vars;
  g_probe.started = pthread_create(&g_probe.th, NULL, probe_main, &g_probe) == 0;
  if (!g_probe.started) cmd_free(&g_probe.cmd);
}

/* Link c with the probe's command.  1 linked, 0 failed (diag set), -1 no
 * usable probe (run the driver). */
static int link_with_probe(const wcc_options *o, const link_cmd *c, wcc_diag *diag) {
  if (!g_probe.started) return -1;
  pthread_join(g_probe.th, NULL);
  g_probe.started = false;
  cmd_free(&g_probe.cmd);
  int r = g_probe.ok && g_probe.n_vars == c->n_vars ? run_job(o, &g_probe.job, c->argv, c->vars, c->n_vars, diag) : -1;
  strv_free(&g_probe.job);
  return r;
}

bool wcc_link(const wcc_options *o, const wcc_target *t, const char *obj_path, const char *out_path, wcc_diag *diag) {
  link_cmd c;
  if (!exe_cmd(&c, o, t, obj_path, out_path, diag)) return false;
  int r = link_with_probe(o, &c, diag);
  if (r >= 0) {
    cmd_free(&c);
    return r == 1;
  }
  /* --box also assembles: two jobs, no plan */
  return cmd_run(o, &c, !o->box_asm, diag);
}

bool wcc_link_relocatable(const wcc_options *o, const wcc_target *t, const char *const *objs, uint32_t n_objs,
                          const char *out_path, wcc_diag *diag) {
  link_cmd c;
  if (!cmd_init(&c, 16 + (size_t)n_objs, t, diag)) return false;
  cmd_arg(&c, "-fuse-ld=lld");
  cmd_arg(&c, "-nostdlib");
  cmd_arg(&c, "-r");
  cmd_arg(&c, "-o");
  cmd_var(&c, out_path);
  for (uint32_t k = 0; k < n_objs; k++) cmd_var(&c, objs[k]);
  return cmd_run(o, &c, true, diag);
}
