/*
 * build_copy.c — COPY and ADD of `wasmc build` (docs/build.md): sources from
 * the context (minus .dockerignore) or an earlier stage, globs expanded per
 * path component, directories copied by their contents, ADD's local tar
 * archives extracted (layers.c).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "build_int.h"

/* ---- COPY / ADD --------------------------------------------------------------------- */
static bool has_glob(const char *s) { return strpbrk(s, "*?[") != NULL; }

/* Expand glob `pat` (relative, cleaned) under `base` segment by segment; the
 * matches (relative paths) are appended to out. */
static bool expand(builder *b, const char *base, const char *done, const char *pat, strv *out) {
  const char *slash = strchr(pat, '/');
  size_t len = slash ? (size_t)(slash - pat) : strlen(pat);
  char seg[256];
  if (len >= sizeof seg) return bd_fail(b, "source pattern component too long");
  memcpy(seg, pat, len);
  seg[len] = '\0';
  if (!strcmp(seg, "**") || strstr(seg, "**")) return bd_fail(b, "'**' in a COPY/ADD source is not supported");
  char *dir = *done ? bd_join(base, done) : strdup(base);
  if (!dir) return bd_oom(b);
  bool ok = true;
  if (!has_glob(seg)) {
    char *rel = *done ? bd_join(done, seg) : strdup(seg);
    char *full = rel ? bd_join(base, rel) : NULL;
    struct stat st;
    if (!full)
      ok = bd_oom(b);
    else if (lstat(full, &st) == 0)
      ok = slash ? expand(b, base, rel, slash + 1, out) : bd_sv_push(out, rel);
    free(rel);
    free(full);
  } else {
    DIR *dh = opendir(dir);
    struct dirent *de;
    while (ok && dh && (de = readdir(dh))) {
      if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || !df_match(seg, de->d_name)) continue;
      char *rel = *done ? bd_join(done, de->d_name) : strdup(de->d_name);
      if (!rel)
        ok = bd_oom(b);
      else
        ok = slash ? expand(b, base, rel, slash + 1, out) : bd_sv_push(out, rel);
      free(rel);
    }
    if (dh) closedir(dh);
  }
  free(dir);
  return ok;
}

bool bd_do_copy(builder *b, stage *s, bool add) {
  const df_instr *in = b->in;
  if (!bd_only_flags(b, add ? (const char *[]){"--chown", "--chmod", "--link", NULL}
                            : (const char *[]){"--from", "--chown", "--chmod", "--link", NULL}))
    return false;
  if (in->n_args < 2) return bd_fail(b, "%s needs at least one source and a destination", add ? "ADD" : "COPY");
  unsigned mode = 0;
  const char *chmod_v = bd_flag_value(in, "--chmod");
  if (chmod_v) { /* octal only, as Docker's first --chmod */
    char *end;
    unsigned long m = strtoul(chmod_v, &end, 8);
    if (!*chmod_v || *end || m > 07777 || m == 0)
      return bd_fail(b, "%s --chmod=%s: an octal mode (1-7777) is expected", bd_kw(b), chmod_v);
    mode = (unsigned)m;
  }
  df_vars vars;
  if (!bd_stage_vars(s, &vars)) return bd_oom(b);
  const char *from = bd_flag_value(in, "--from");
  const char *base = b->o->context;
  const df_ignore *ig = &b->ig;
  if (from) {
    stage *fs = bd_find_stage(b, from);
    if (fs == s) fs = NULL;
    if (!fs) {
      df_vars_fini(&vars);
      return bd_fail(b,
                     "COPY --from=%s: no earlier stage of that name (images by path: use a stage 'FROM PATH AS "
                     "name')",
                     from);
    }
    base = fs->root;
    ig = NULL;
  }
  char *dest_w = bd_word(b, in->args[in->n_args - 1], &vars);
  bool ok = dest_w != NULL;
  if (ok && !*dest_w) ok = bd_fail(b, "%s: empty destination", bd_kw(b));
  char *dest = ok ? bd_clean_abs(s->workdir, dest_w) : NULL;
  if (ok && !dest) ok = bd_oom(b);
  bool dest_dir = ok && (dest_w[strlen(dest_w) - 1] == '/' || in->n_args > 2 || !strcmp(dest, "/"));
  strv srcs = {0};
  for (size_t i = 0; ok && i + 1 < in->n_args; i++) {
    char *w = bd_word(b, in->args[i], &vars);
    if (!w) {
      ok = false;
      break;
    }
    if (!*w) {
      ok = bd_fail(b, "%s: empty source", bd_kw(b));
      free(w);
      break;
    }
    if (strstr(w, "://")) {
      ok = bd_fail(b, "%s of a URL ('%s') is not supported: nothing is downloaded at build time", add ? "ADD" : "COPY",
                   w);
      free(w);
      break;
    }
    char *c = bd_clean_abs("/", w);
    size_t before = srcs.n;
    ok = c && expand(b, base, "", c[1] ? c + 1 : ".", &srcs);
    if (ok && !strcmp(c, "/") && srcs.n == before) ok = bd_sv_push(&srcs, ".");
    if (ok && srcs.n == before)
      ok = bd_fail(b, "%s source '%s' not found in %s", add ? "ADD" : "COPY", w,
                   from ? "the stage" : "the build context");
    if (ok && has_glob(w)) dest_dir = true;
    free(c);
    free(w);
  }
  if (ok && srcs.n > 1) dest_dir = true;
  for (size_t i = 0; ok && i < srcs.n; i++) {
    const char *rel = srcs.v[i];
    if (ig && strcmp(rel, ".") != 0 && df_ignore_excluded(ig, rel)) {
      if (srcs.n == 1) ok = bd_fail(b, "source '%s' is excluded by .dockerignore", rel);
      continue;
    }
    char *src = strcmp(rel, ".") ? bd_join(base, rel) : strdup(base);
    struct stat st;
    if (!src) {
      ok = bd_oom(b);
      break;
    }
    if (lstat(src, &st) != 0) {
      ok = bd_fail(b, "cannot stat '%s': %s", src, strerror(errno));
    } else if (S_ISDIR(st.st_mode)) { /* a directory: its contents go into dest */
      ok = bd_mkdirs(s->root, dest, b->d);
      char *to = ok ? bd_join(s->root, dest) : NULL;
      ok = ok && to && bd_copy_tree(src, to, ig ? (strcmp(rel, ".") ? rel : "") : NULL, ig, mode, b->d);
      free(to);
    } else {
      bool is_arc = false;
      if (add && S_ISREG(st.st_mode)) {
        ok = bd_extract_tar(src, s->root, dest, &is_arc, b->d); /* not an archive: copied below */
      }
      if (ok && !is_arc) {
        struct stat dst;
        char *droot = bd_join(s->root, dest);
        bool into = dest_dir || (droot && stat(droot, &dst) == 0 && S_ISDIR(dst.st_mode));
        const char *bn = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
        char *target = into ? bd_clean_abs(dest, bn) : strdup(dest);
        char *parent = target ? strdup(target) : NULL;
        if (parent) *strrchr(parent, '/') = '\0';
        char *to = target ? bd_join(s->root, target) : NULL;
        ok = droot && target && parent && to && bd_mkdirs(s->root, *parent ? parent : "/", b->d) &&
             bd_copy_tree(src, to, NULL, NULL, mode, b->d);
        if (!droot || !target || !parent || !to) bd_oom(b);
        free(droot);
        free(target);
        free(parent);
        free(to);
      }
    }
    free(src);
  }
  if (!ok && !b->d->failed) bd_oom(b);
  bd_sv_free(&srcs);
  free(dest_w);
  free(dest);
  df_vars_fini(&vars);
  return ok;
}
