/*
 * build.c — `wasmc build`: run a Dockerfile's instructions (docs/build.md)
 * against a build context, into the files of the final stage (a directory
 * that becomes the box) and its run configuration (argv, env, workdir, and
 * what the OCI config records).  Stages are directories under the caller's
 * work directory; nothing else is written.  Syntax is dockerfile.c's job,
 * FROM an image and ADD of an archive layers.c's, copies fsops.c's.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build_int.h"

/* ---- string lists ------------------------------------------------------------ */
bool bd_sv_push(strv *s, const char *x) {
  char **nv = realloc(s->v, (s->n + 2) * sizeof *nv);
  if (!nv) return false;
  s->v = nv;
  if (!(s->v[s->n] = strdup(x))) return false;
  s->n++;
  s->v[s->n] = NULL;
  return true;
}
void bd_sv_free(strv *s) {
  for (size_t i = 0; i < s->n; i++)
    free(s->v[i]);
  free(s->v);
  s->v = NULL;
  s->n = 0;
}
static bool sv_copy(strv *to, char *const *from, size_t n) {
  bd_sv_free(to);
  for (size_t i = 0; i < n; i++)
    if (!bd_sv_push(to, from[i])) return false;
  return true;
}

void bd_config_fini(bd_config *c) {
  strv l[] = {{c->env, c->n_env},       {c->entry, c->n_entry}, {c->cmd, c->n_cmd},
              {c->labels, c->n_labels}, {c->ports, c->n_ports}, {c->volumes, c->n_volumes}};
  for (size_t i = 0; i < sizeof l / sizeof *l; i++)
    bd_sv_free(&l[i]);
  free(c->workdir);
  free(c->user);
  free(c->stop_signal);
  memset(c, 0, sizeof *c);
}

/* ---- stages ----------------------------------------------------------------------- */
bool bd_fail(builder *b, const char *fmt, ...) {
  char msg[900];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (b->in)
    img_error(b->d, "%s:%u: %s", b->f->path, b->in->line, msg);
  else
    img_error(b->d, "%s: %s", b->f->path, msg);
  return false;
}
bool bd_oom(builder *b) { return bd_fail(b, "out of memory"); }

/* The current instruction's keyword in upper case, for messages. */
const char *bd_kw(const builder *b) {
  static char up[32];
  size_t i = 0;
  for (; b->in->cmd[i] && i < sizeof up - 1; i++)
    up[i] = (char)(b->in->cmd[i] - 'a' + 'A');
  up[i] = '\0';
  return up;
}

static void stage_fini(stage *s) {
  free(s->name);
  free(s->root);
  df_vars_fini(&s->env);
  df_vars_fini(&s->args);
  free(s->workdir);
  bd_sv_free(&s->entry);
  bd_sv_free(&s->cmd);
  bd_sv_free(&s->labels);
  bd_sv_free(&s->ports);
  bd_sv_free(&s->volumes);
  free(s->user);
  free(s->stop_signal);
  free(s->healthcheck);
}

/* The variables a word of stage s sees: its ARGs, overridden by its ENV. */
bool bd_stage_vars(const stage *s, df_vars *out) {
  memset(out, 0, sizeof *out);
  for (size_t i = 0; i < s->args.n; i++)
    if (!df_vars_set(out, s->args.name[i], s->args.value[i])) return false;
  for (size_t i = 0; i < s->env.n; i++)
    if (!df_vars_set(out, s->env.name[i], s->env.value[i])) return false;
  return true;
}

/* One word of the current instruction through the word rules. */
char *bd_word(builder *b, const char *w, const df_vars *vars) {
  const char *err = NULL;
  char *r = df_word(w, b->f->escape, vars, &err);
  if (!r) bd_fail(b, "%s in '%s'", err, w);
  return r;
}

const char *bd_flag_value(const df_instr *in, const char *name) {
  size_t n = strlen(name);
  for (size_t i = 0; i < in->n_flags; i++)
    if (!strncmp(in->flags[i], name, n) && in->flags[i][n] == '=') return in->flags[i] + n + 1;
  return NULL;
}

/* Refuse flags other than `allowed` (NULL-terminated "--name" list). */
bool bd_only_flags(builder *b, const char *const *allowed) {
  for (size_t i = 0; i < b->in->n_flags; i++) {
    bool ok = false;
    for (const char *const *a = allowed; *a && !ok; a++) {
      size_t n = strlen(*a);
      ok = !strncmp(b->in->flags[i], *a, n) && (b->in->flags[i][n] == '=' || !b->in->flags[i][n]);
    }
    if (!ok) return bd_fail(b, "%s: flag '%s' is not supported (docs/build.md)", bd_kw(b), b->in->flags[i]);
  }
  return true;
}

/* ---- ARG ---------------------------------------------------------------------------- */
static bool do_arg(builder *b, df_vars *into, const df_vars *vars) {
  if (!b->in->n_args) return bd_fail(b, "ARG needs a name");
  for (size_t i = 0; i < b->in->n_args; i++) {
    char *w = bd_word(b, b->in->args[i], vars);
    if (!w) return false;
    char *eq = strchr(w, '=');
    if (eq) *eq = '\0';
    if (!*w) {
      free(w);
      return bd_fail(b, "ARG needs a name");
    }
    const char *val = eq ? eq + 1 : NULL;
    for (size_t k = 0; k < b->build_args.n; k++)
      if (!strcmp(b->build_args.name[k], w)) {
        val = b->build_args.value[k];
        b->arg_used[k] = true;
      }
    if (!val && into != &b->global_args) val = df_vars_get(&b->global_args, w); /* re-declared global */
    bool ok = !val || df_vars_set(into, w, val);
    free(w);
    if (!ok) return bd_oom(b);
  }
  return true;
}

/* ---- FROM ----------------------------------------------------------------------------- */
stage *bd_find_stage(builder *b, const char *name) {
  for (size_t i = 0; i < b->n_st; i++)
    if (b->st[i].name && !strcasecmp(b->st[i].name, name)) return &b->st[i];
  char *end;
  unsigned long k = strtoul(name, &end, 10);
  if (!*end && end != name && k < b->n_st) return &b->st[k];
  return NULL;
}

static bool config_to_stage(builder *b, stage *s, bd_config *c) {
  for (size_t i = 0; i < c->n_env; i++) {
    char *eq = strchr(c->env[i], '=');
    if (!eq) continue;
    *eq = '\0';
    bool ok = df_vars_set(&s->env, c->env[i], eq + 1);
    *eq = '=';
    if (!ok) return bd_oom(b);
  }
  if (c->workdir && *c->workdir) {
    free(s->workdir);
    s->workdir = strdup(c->workdir);
  }
  s->user = c->user ? strdup(c->user) : NULL;
  s->stop_signal = c->stop_signal ? strdup(c->stop_signal) : NULL;
  if (!sv_copy(&s->entry, c->entry, c->n_entry) || !sv_copy(&s->cmd, c->cmd, c->n_cmd) ||
      !sv_copy(&s->labels, c->labels, c->n_labels) || !sv_copy(&s->ports, c->ports, c->n_ports) ||
      !sv_copy(&s->volumes, c->volumes, c->n_volumes) || !s->workdir)
    return bd_oom(b);
  return true;
}

static bool do_from(builder *b) {
  if (!bd_only_flags(b, (const char *[]){"--platform", NULL})) return false;
  const df_instr *in = b->in;
  if (in->n_args != 1 && !(in->n_args == 3 && !strcasecmp(in->args[1], "as")))
    return bd_fail(b, "FROM needs IMAGE [AS NAME]");
  char *image = bd_word(b, in->args[0], &b->global_args);
  if (!image) return false;
  stage *ns = realloc(b->st, (b->n_st + 1) * sizeof *ns);
  if (!ns) {
    free(image);
    return bd_oom(b);
  }
  b->st = ns;
  stage *s = &b->st[b->n_st];
  memset(s, 0, sizeof *s);
  char num[32];
  snprintf(num, sizeof num, "stage-%zu", b->n_st);
  s->root = bd_join(b->o->work_dir, num);
  s->workdir = strdup("/");
  if (in->n_args == 3) s->name = strdup(in->args[2]);
  b->n_st++;
  if (!s->root || !s->workdir || (in->n_args == 3 && !s->name)) {
    free(image);
    return bd_oom(b);
  }
  if (in->n_args == 3 && bd_find_stage(b, s->name) != s) {
    free(image);
    return bd_fail(b, "FROM ... AS %s: a stage of that name already exists", s->name);
  }
  if (mkdir(s->root, 0755) != 0) {
    free(image);
    return bd_fail(b, "cannot create '%s': %s", s->root, strerror(errno));
  }
  bool ok = true;
  stage *base = strcasecmp(image, "scratch") ? NULL : s;
  if (!base) base = bd_find_stage(b, image);
  if (base == s) {
    /* scratch: an empty file system, no configuration */
  } else if (base) { /* an earlier stage: its files and configuration */
    bd_config c = {.env = NULL};
    ok = bd_copy_tree(base->root, s->root, NULL, NULL, 0, b->d);
    df_vars tmp = {0};
    for (size_t i = 0; ok && i < base->env.n; i++)
      ok = df_vars_set(&tmp, base->env.name[i], base->env.value[i]);
    s->env = tmp;
    free(s->workdir);
    s->workdir = strdup(base->workdir);
    ok = ok && s->workdir && sv_copy(&s->entry, base->entry.v, base->entry.n) &&
         sv_copy(&s->cmd, base->cmd.v, base->cmd.n) && sv_copy(&s->labels, base->labels.v, base->labels.n) &&
         sv_copy(&s->ports, base->ports.v, base->ports.n) && sv_copy(&s->volumes, base->volumes.v, base->volumes.n);
    bd_config_fini(&c);
    if (!ok && !b->d->failed) bd_oom(b);
  } else { /* a path: an OCI image layout (directory or archive) or a docker-save archive */
    char *path = image[0] == '/' ? strdup(image) : bd_join(b->o->context, image);
    struct stat stt;
    if (!path)
      ok = bd_oom(b);
    else if (stat(path, &stt) != 0)
      ok = bd_fail(b,
                   "bad FROM '%s': not scratch, an earlier stage, nor an image layout or archive at '%s' (%s; "
                   "registries are not reached: docs/build.md)",
                   image, path, strerror(errno));
    else {
      char scratch[64];
      snprintf(scratch, sizeof scratch, "from-%zu", b->n_st - 1);
      char *sd = bd_join(b->o->work_dir, scratch);
      bd_config c = {.env = NULL};
      img_diag sub = {0};
      ok = sd && mkdir(sd, 0700) == 0 && bd_from_image(path, s->root, sd, &c, &sub);
      if (!ok) bd_fail(b, "bad FROM '%s': %s", image, sub.failed ? sub.message : "out of memory");
      ok = ok && config_to_stage(b, s, &c);
      bd_config_fini(&c);
      if (sd) bd_remove(sd);
      free(sd);
    }
    free(path);
  }
  free(image);
  return ok;
}

/* ---- ENV / LABEL ---------------------------------------------------------------------- */
/* name=value pairs (or ENV's legacy "NAME value") into `into` (and `list` as
 * "NAME=VALUE" when not NULL), words expanded with `vars`. */
static bool name_values(builder *b, const df_vars *vars, df_vars *into, strv *list, bool legacy_ok) {
  const char *err = NULL;
  size_t n = 0;
  char **w = df_split_quoted(b->in->rest, b->f->escape, &n, &err);
  if (!w) return bd_fail(b, "%s", err);
  bool ok = n > 0 || bd_fail(b, "%s needs NAME=VALUE", bd_kw(b));
  if (ok && !strchr(w[0], '=')) {
    if (!legacy_ok || n < 2)
      ok = bd_fail(b, "%s needs NAME=VALUE", bd_kw(b));
    else { /* ENV NAME value with blanks: the rest of the line */
      const char *r = b->in->rest + strlen(w[0]);
      while (*r == ' ' || *r == '\t')
        r++;
      char *v = bd_word(b, r, vars), *name = bd_word(b, w[0], vars);
      ok = v && name && df_vars_set(into, name, v);
      if (ok && list) {
        char *kv = malloc(strlen(name) + strlen(v) + 2);
        if (kv) sprintf(kv, "%s=%s", name, v);
        ok = kv && bd_sv_push(list, kv);
        free(kv);
      }
      if (!ok && !b->d->failed) bd_oom(b);
      free(v);
      free(name);
      n = 0;
    }
  }
  for (size_t i = 0; ok && i < n; i++) {
    char *x = bd_word(b, w[i], vars);
    char *eq = x ? strchr(x, '=') : NULL;
    if (!x)
      ok = false;
    else if (!eq || eq == x)
      ok = bd_fail(b, "%s: '%s' is not NAME=VALUE", bd_kw(b), w[i]);
    else {
      if (list) ok = bd_sv_push(list, x);
      *eq = '\0';
      ok = ok && df_vars_set(into, x, eq + 1);
      if (!ok) bd_oom(b);
    }
    free(x);
  }
  for (size_t i = 0; i < n; i++)
    free(w[i]);
  free(w);
  return ok;
}

/* ---- ENTRYPOINT / CMD ------------------------------------------------------------------- */
/* The words: exec form as is; shell form split like a shell would (quotes,
 * escapes, $VAR from ENV), without a shell: operators are refused. */
static bool argv_words(builder *b, stage *s, strv *out) {
  bd_sv_free(out);
  if (b->in->json) return sv_copy(out, b->in->args, b->in->n_args) || bd_oom(b);
  const char *r = b->in->rest;
  char q = 0;
  for (const char *p = r; *p; p++) {
    if (!q && *p == b->f->escape && p[1]) {
      p++;
      continue;
    }
    if (!q && (*p == '"' || *p == '\''))
      q = *p;
    else if (q && *p == q)
      q = 0;
    else if (!q && strchr("|&;<>()`", *p))
      return bd_fail(b,
                     "%s: shell form with '%c' needs a shell, which the executable does not have; use the exec "
                     "form [\"program.wasm\", \"arg\"] (docs/build.md)",
                     bd_kw(b), *p);
  }
  df_vars vars;
  if (!bd_stage_vars(s, &vars)) return bd_oom(b);
  const char *err = NULL;
  size_t n = 0;
  char **w = df_split_quoted(r, b->f->escape, &n, &err);
  bool ok = w || bd_fail(b, "%s", err);
  for (size_t i = 0; ok && i < n; i++) {
    char *x = bd_word(b, w[i], &vars);
    ok = x && bd_sv_push(out, x);
    if (x && !ok) bd_oom(b);
    free(x);
  }
  for (size_t i = 0; w && i < n; i++)
    free(w[i]);
  free(w);
  df_vars_fini(&vars);
  return ok;
}

/* ---- one instruction ---------------------------------------------------------------------- */
static bool record_word(builder *b, stage *s, char **field) {
  if (b->in->n_args != 1) return bd_fail(b, "%s needs one argument", bd_kw(b));
  df_vars vars;
  if (!bd_stage_vars(s, &vars)) return bd_oom(b);
  char *w = bd_word(b, b->in->args[0], &vars);
  df_vars_fini(&vars);
  if (!w) return false;
  free(*field);
  *field = w;
  return true;
}

static bool run_instr(builder *b, stage *s) {
  const df_instr *in = b->in;
  const char *c = in->cmd;
  if (strcmp(c, "copy") && strcmp(c, "add") && strcmp(c, "from") && strcmp(c, "healthcheck") &&
      !bd_only_flags(b, (const char *[]){NULL}))
    return false;
  if (!strcmp(c, "copy") || !strcmp(c, "add")) return bd_do_copy(b, s, c[0] == 'a');
  if (!strcmp(c, "env")) {
    df_vars vars;
    if (!bd_stage_vars(s, &vars)) return bd_oom(b);
    bool ok = name_values(b, &vars, &s->env, NULL, true);
    df_vars_fini(&vars);
    return ok;
  }
  if (!strcmp(c, "label") || !strcmp(c, "maintainer")) {
    df_vars vars, labels = {0};
    if (!bd_stage_vars(s, &vars)) return bd_oom(b);
    bool ok;
    if (c[0] == 'm') {
      char *kv = malloc(strlen(in->rest) + 12);
      if (kv) sprintf(kv, "maintainer=%s", in->rest);
      ok = kv && bd_sv_push(&s->labels, kv);
      free(kv);
    } else
      ok = name_values(b, &vars, &labels, &s->labels, false);
    df_vars_fini(&vars);
    df_vars_fini(&labels);
    return ok;
  }
  if (!strcmp(c, "arg")) {
    df_vars vars;
    if (!bd_stage_vars(s, &vars)) return bd_oom(b);
    bool ok = do_arg(b, &s->args, &vars);
    df_vars_fini(&vars);
    return ok;
  }
  if (!strcmp(c, "workdir")) {
    char *w = NULL;
    if (!record_word(b, s, &w)) return false;
    char *abs = bd_clean_abs(s->workdir, w);
    free(w);
    if (!abs) return bd_oom(b);
    free(s->workdir);
    s->workdir = abs;
    return bd_mkdirs(s->root, abs, b->d);
  }
  if (!strcmp(c, "entrypoint")) {
    if (!s->cmd_here) bd_sv_free(&s->cmd); /* Docker: ENTRYPOINT resets a CMD inherited from the base */
    s->entry_in = in;
    return argv_words(b, s, &s->entry);
  }
  if (!strcmp(c, "cmd")) {
    s->cmd_here = true;
    s->cmd_in = in;
    return argv_words(b, s, &s->cmd);
  }
  if (!strcmp(c, "expose") || !strcmp(c, "volume")) {
    df_vars vars;
    if (!bd_stage_vars(s, &vars)) return bd_oom(b);
    bool ok = in->n_args > 0 || bd_fail(b, "%s needs an argument", bd_kw(b));
    for (size_t i = 0; ok && i < in->n_args; i++) {
      char *w = bd_word(b, in->args[i], &vars);
      if (!w) {
        ok = false;
        break;
      }
      if (c[0] == 'e' && !strchr(w, '/')) {
        char *p = malloc(strlen(w) + 5);
        if (p) sprintf(p, "%s/tcp", w);
        free(w);
        w = p;
      }
      ok = w && bd_sv_push(c[0] == 'e' ? &s->ports : &s->volumes, w);
      free(w);
    }
    df_vars_fini(&vars);
    return ok;
  }
  if (!strcmp(c, "user")) return record_word(b, s, &s->user);
  if (!strcmp(c, "stopsignal")) return record_word(b, s, &s->stop_signal);
  if (!strcmp(c, "healthcheck")) {
    if (in->n_args == 1 && !strcasecmp(in->args[0], "none")) {
      free(s->healthcheck);
      s->healthcheck = NULL;
      return true;
    }
    const char *r = in->rest;
    if (strncasecmp(r, "cmd", 3) || (r[3] != ' ' && r[3] != '\t'))
      return bd_fail(b, "HEALTHCHECK needs [OPTIONS] CMD command, or NONE");
    free(s->healthcheck);
    s->healthcheck = strdup(r + 4);
    return s->healthcheck || bd_oom(b);
  }
  if (!strcmp(c, "shell")) return in->json || bd_fail(b, "SHELL needs the JSON form [\"executable\", \"parameters\"]");
  if (!strcmp(c, "run"))
    return bd_fail(b, "RUN cannot be built: wasmc build runs no command at build time (the image has no shell and no "
                      "native programs); produce the files before the build and COPY them (docs/build.md)");
  if (!strcmp(c, "onbuild")) return bd_fail(b, "ONBUILD is not supported (docs/build.md)");
  return bd_fail(b, "unknown instruction '%s'", bd_kw(b));
}

/* ---- the program and the result ------------------------------------------------------------ */
/* The .wasm that argv[0] names: in the image (absolute, relative to WORKDIR,
 * or on the image's PATH), else in the context. */
static char *find_program1(builder *b, stage *s, const char *name);
static char *find_program(builder *b, stage *s, const char *name) {
  img_diag quiet = {0};
  img_diag *d = b->d;
  b->d = &quiet;
  char *r = find_program1(b, s, name);
  size_t n = strlen(name);
  if (!r && !quiet.failed && (n < 5 || strcmp(name + n - 5, ".wasm") != 0)) { /* NAME.wasm for NAME */
    char *w = malloc(n + 6);
    if (w) sprintf(w, "%s.wasm", name);
    r = w ? find_program1(b, s, w) : NULL;
    free(w);
  }
  b->d = d;
  if (!r)
    bd_fail(b, "the program '%s' (the first word of ENTRYPOINT/CMD) is neither in the image nor in the context%s", name,
            n < 5 || strcmp(name + n - 5, ".wasm") ? " (nor as NAME.wasm)" : "");
  return r;
}

static char *find_program1(builder *b, stage *s, const char *name) {
  strv cand = {0};
  bool ok = true;
  if (strchr(name, '/')) {
    char *g = bd_clean_abs(s->workdir, name);
    ok = g && bd_sv_push(&cand, g);
    free(g);
  } else {
    const char *path = df_vars_get(&s->env, "PATH");
    char *dirs = strdup(path ? path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    char *g = bd_clean_abs(s->workdir, name);
    ok = dirs && g && bd_sv_push(&cand, g);
    free(g);
    for (char *save = NULL, *d = dirs ? strtok_r(dirs, ":", &save) : NULL; ok && d; d = strtok_r(NULL, ":", &save)) {
      char *x = bd_clean_abs(d, name);
      ok = x && bd_sv_push(&cand, x);
      free(x);
    }
    free(dirs);
  }
  char *found = NULL;
  for (size_t i = 0; ok && !found && i < cand.n; i++) {
    char *h = bd_join(s->root, cand.v[i]);
    struct stat st;
    if (h && lstat(h, &st) == 0 && S_ISREG(st.st_mode))
      found = h;
    else
      free(h);
  }
  if (ok && !found) { /* the context, relative to its root */
    char *c = bd_clean_abs("/", name);
    char *h = c ? bd_join(b->o->context, c) : NULL;
    struct stat st;
    if (h && stat(h, &st) == 0 && S_ISREG(st.st_mode))
      found = h;
    else
      free(h);
    free(c);
  }
  bd_sv_free(&cand);
  if (!ok) bd_oom(b);
  return found;
}

static char *read_text(const char *path, size_t *out_len, img_diag *d, bool missing_ok) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    if (!(missing_ok && errno == ENOENT)) img_error(d, "cannot read '%s': %s", path, strerror(errno));
    return NULL;
  }
  char *buf = NULL;
  size_t n = 0, cap = 0;
  for (;;) {
    if (n + 4096 + 1 > cap) {
      cap = cap ? cap * 2 : 8192;
      char *nb = realloc(buf, cap);
      if (!nb) {
        free(buf);
        fclose(f);
        img_error(d, "out of memory");
        return NULL;
      }
      buf = nb;
    }
    size_t k = fread(buf + n, 1, 4096, f);
    n += k;
    if (k < 4096) break;
  }
  bool err = ferror(f);
  fclose(f);
  if (err) {
    free(buf);
    img_error(d, "cannot read '%s'", path);
    return NULL;
  }
  buf[n] = '\0';
  *out_len = n;
  return buf;
}

void img_build_result_fini(img_build_result *r) {
  strv l[] = {{r->entry, r->n_entry},   {r->cmd, r->n_cmd},     {r->env, r->n_env},
              {r->labels, r->n_labels}, {r->ports, r->n_ports}, {r->volumes, r->n_volumes}};
  for (size_t i = 0; i < sizeof l / sizeof *l; i++)
    bd_sv_free(&l[i]);
  free(r->rootfs);
  free(r->program);
  free(r->workdir);
  free(r->user);
  free(r->stop_signal);
  free(r->healthcheck);
  memset(r, 0, sizeof *r);
}

static bool finish(builder *b, stage *s, img_build_result *out) {
  b->in = NULL;
  memset(out, 0, sizeof *out);
  strv entry = {0}, cmd = {0}, env = {0};
  bool ok = sv_copy(&entry, s->entry.v, s->entry.n) && sv_copy(&cmd, s->cmd.v, s->cmd.n);
  if (ok && !entry.n && cmd.n) { /* no ENTRYPOINT: CMD's first word is the program */
    ok = bd_sv_push(&entry, cmd.v[0]);
    free(cmd.v[0]);
    memmove(cmd.v, cmd.v + 1, cmd.n * sizeof *cmd.v);
    cmd.n--;
  }
  if (ok && !entry.n) {
    bd_sv_free(&entry);
    bd_sv_free(&cmd);
    return bd_fail(b, "the image has neither ENTRYPOINT nor CMD: nothing names the program to compile");
  }
  for (size_t i = 0; ok && i < s->env.n; i++) {
    char *kv = malloc(strlen(s->env.name[i]) + strlen(s->env.value[i]) + 2);
    if (kv) sprintf(kv, "%s=%s", s->env.name[i], s->env.value[i]);
    ok = kv && bd_sv_push(&env, kv);
    free(kv);
  }
  out->entry = entry.v, out->n_entry = entry.n;
  out->cmd = cmd.v, out->n_cmd = cmd.n;
  out->env = env.v, out->n_env = env.n;
  if (!ok) return bd_oom(b);
  b->in = s->entry.n ? s->entry_in : s->cmd_in; /* messages about the program name its line */
  out->program = find_program(b, s, entry.v[0]);
  if (!out->program) return false;
  FILE *pf = fopen(out->program, "rb");
  unsigned char magic[4] = {0};
  bool wasm = pf && fread(magic, 1, 4, pf) == 4 && !memcmp(magic, "\0asm", 4);
  if (pf) fclose(pf);
  if (!wasm) return bd_fail(b, "the program '%s' is not a WebAssembly module (no \\0asm header)", entry.v[0]);
  b->in = NULL;
  out->rootfs = strdup(s->root);
  out->workdir = strdup(s->workdir);
  strv labels = {0}, ports = {0}, volumes = {0};
  ok = out->rootfs && out->workdir && sv_copy(&labels, s->labels.v, s->labels.n) &&
       sv_copy(&ports, s->ports.v, s->ports.n) && sv_copy(&volumes, s->volumes.v, s->volumes.n);
  out->labels = labels.v, out->n_labels = labels.n;
  out->ports = ports.v, out->n_ports = ports.n;
  out->volumes = volumes.v, out->n_volumes = volumes.n;
  out->user = s->user ? strdup(s->user) : NULL;
  out->stop_signal = s->stop_signal ? strdup(s->stop_signal) : NULL;
  out->healthcheck = s->healthcheck ? strdup(s->healthcheck) : NULL;
  out->oci = (img_oci_config){.env = (const char *const *)out->env,
                              .n_env = out->n_env,
                              .workdir = out->workdir,
                              .user = out->user,
                              .stop_signal = out->stop_signal,
                              .labels = (const char *const *)out->labels,
                              .n_labels = out->n_labels,
                              .ports = (const char *const *)out->ports,
                              .n_ports = out->n_ports,
                              .volumes = (const char *const *)out->volumes,
                              .n_volumes = out->n_volumes,
                              .healthcheck = out->healthcheck};
  return ok || bd_oom(b);
}

bool img_build(const img_build_opts *o, img_build_result *out, img_diag *d) {
  memset(out, 0, sizeof *out);
  builder b = {.o = o, .d = d};
  char *df_path = o->dockerfile ? strdup(o->dockerfile) : bd_join(o->context, "Dockerfile");
  struct stat cst;
  if (!df_path) {
    img_error(d, "out of memory");
    return false;
  }
  if (stat(o->context, &cst) != 0 || !S_ISDIR(cst.st_mode)) {
    img_error(d, "build context '%s' is not a directory", o->context);
    free(df_path);
    return false;
  }
  size_t len = 0;
  char *text = read_text(df_path, &len, d, false);
  if (text) b.f = df_parse(text, len, df_path, d);
  free(text);
  free(df_path);
  if (!b.f) return false;
  char *ig_path = bd_join(o->context, ".dockerignore");
  size_t ig_len = 0;
  char *ig_text = ig_path ? read_text(ig_path, &ig_len, d, true) : NULL;
  free(ig_path);
  bool ok = !d->failed;
  if (ok && !df_ignore_parse(&b.ig, ig_text ? ig_text : "", ig_text ? ig_len : 0)) ok = bd_oom(&b);
  free(ig_text);
  b.arg_used = calloc(o->n_build_args + 1, sizeof *b.arg_used);
  if (ok && !b.arg_used) ok = bd_oom(&b);
  for (size_t i = 0; ok && i < o->n_build_args; i++) {
    const char *eq = strchr(o->build_args[i], '=');
    char *name = eq ? strndup(o->build_args[i], (size_t)(eq - o->build_args[i])) : NULL;
    if (!eq || eq == o->build_args[i])
      ok = bd_fail(&b, "--build-arg needs NAME=VALUE, got '%s'", o->build_args[i]);
    else
      ok = (name && df_vars_set(&b.build_args, name, eq + 1)) || bd_oom(&b);
    free(name);
  }
  for (size_t i = 0; ok && i < b.f->n; i++) {
    b.in = &b.f->v[i];
    if (!b.n_st) {
      if (!strcmp(b.in->cmd, "arg"))
        ok = do_arg(&b, &b.global_args, &b.global_args);
      else if (!strcmp(b.in->cmd, "from"))
        ok = do_from(&b);
      else
        ok = bd_fail(&b, "%s before the first FROM (only ARG may come before it)", bd_kw(&b));
    } else if (!strcmp(b.in->cmd, "from"))
      ok = do_from(&b);
    else
      ok = run_instr(&b, &b.st[b.n_st - 1]);
  }
  b.in = NULL;
  if (ok && !b.n_st) ok = bd_fail(&b, "no FROM instruction");
  stage *last = ok ? &b.st[b.n_st - 1] : NULL;
  if (ok && o->target) {
    last = NULL;
    for (size_t i = 0; i < b.n_st && !last; i++)
      if (b.st[i].name && !strcasecmp(b.st[i].name, o->target)) last = &b.st[i];
    if (!last) ok = bd_fail(&b, "--target=%s: no stage of that name", o->target);
  }
  if (ok) ok = finish(&b, last, out);
  if (!ok) img_build_result_fini(out);
  for (size_t i = 0; i < b.n_st; i++)
    stage_fini(&b.st[i]);
  free(b.st);
  free(b.arg_used);
  df_vars_fini(&b.global_args);
  df_vars_fini(&b.build_args);
  df_ignore_fini(&b.ig);
  df_file_destroy(b.f);
  return ok;
}
