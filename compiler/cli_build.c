/*
 * cli_build.c — `wasmc build [-f Dockerfile] [--build-arg NAME=VALUE]...
 * [--target STAGE] [-o app] [--oci image.tar] [--tag NAME:TAG] [compile
 * options] CONTEXT` (docs/build.md): image/ runs the Dockerfile into a
 * directory and a run configuration, then the program it names is compiled
 * like `wasmc PROGRAM --box DIR::/ --env ... --entrypoint ... --cmd ...`.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static char *g_work; /* the build's temporary directory */

static void rm_tree(const char *path);

void wcc_cli_build_cleanup(void) {
  if (g_work) rm_tree(g_work);
}

static void rm_tree(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    chmod(path, 0700);
    DIR *d = opendir(path);
    struct dirent *de;
    while (d && (de = readdir(d))) {
      if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
      char sub[4096];
      if ((size_t)snprintf(sub, sizeof sub, "%s/%s", path, de->d_name) < sizeof sub) rm_tree(sub);
    }
    if (d) closedir(d);
    rmdir(path);
  } else {
    unlink(path);
  }
}

/* SIGINT/SIGTERM while the Dockerfile runs (the compile installs its own
 * handler, which calls wcc_cli_build_cleanup too) */
static void on_signal(int sig) {
  wcc_cli_build_cleanup();
  signal(sig, SIG_DFL);
  raise(sig);
}

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "wasmc: error: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n");
  return 2;
}

/* Options of the compile command that `wasmc build` passes on as they are:
 * the value-taking ones in separate-word form need their next word too. */
static const char *const pass_with_value[] = {"--cache-dir",  "--stack-size",
                                              "--max-memory", "--max-table-elements",
                                              "--dir",        "--dir-ro",
                                              "--tcp-listen", "--env",
                                              "--box",        NULL};

static bool takes_value(const char *a) {
  for (const char *const *p = pass_with_value; *p; p++)
    if (!strcmp(a, *p)) return true;
  return false;
}

int wcc_cli_build(int argc, char **argv) {
  const char *dockerfile = NULL, *target = NULL, *output = NULL, *oci = NULL, *tag = NULL, *context = NULL;
  const char **bargs = calloc((size_t)argc + 1, sizeof *bargs);
  const char **pass = calloc((size_t)argc + 1, sizeof *pass);
  char **owned = calloc((size_t)argc + 1, sizeof *owned);
  size_t n_bargs = 0, n_pass = 0, n_owned = 0;
  if (!bargs || !pass || !owned) {
    free(bargs);
    free(pass);
    free(owned);
    return usage_error("out of memory%s", "");
  }
  int status = 2;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
    const char **slot = NULL;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      printf("usage: wasmc build [-f Dockerfile] [--build-arg NAME=VALUE]... [--target STAGE]\n"
             "                   [-o app] [--oci image.tar] [--tag NAME:TAG] [compile options] CONTEXT\n"
             "\nBuild one boxed executable from a Dockerfile (docs/build.md).  --target names a\n"
             "stage, or a triple (x86_64-linux-gnu, aarch64-linux-gnu, x86_64-linux-musl,\n"
             "aarch64-linux-musl) to compile for; --platform=linux/amd64|linux/arm64 also picks\n"
             "the triple.  Other options (-O2, -j2, --dir, ...) are wasmc's compile options\n"
             "(wasmc --help).\n");
      status = 0;
      goto out;
    }
    if (!strcmp(a, "-f") || !strcmp(a, "--file"))
      slot = &dockerfile;
    else if (!strncmp(a, "--file=", 7))
      dockerfile = a + 7;
    else if (!strcmp(a, "--target") || !strncmp(a, "--target=", 9)) {
      const char *v = a[8] == '=' ? a + 9 : next;
      if (!v) {
        status = usage_error("--target needs a stage name or a triple%s", "");
        goto out;
      }
      if (a[8] != '=') i++;
      if (strstr(v, "-linux-")) { /* a triple: the compile target */
        size_t l = strlen(v) + 10;
        char *t = malloc(l);
        if (!t) {
          status = usage_error("out of memory%s", "");
          goto out;
        }
        snprintf(t, l, "--target=%s", v);
        pass[n_pass++] = t;
        owned[n_owned++] = t;
      } else
        target = v;
      continue;
    } else if (!strncmp(a, "--platform=", 11)) {
      const char *p = a + 11;
      if (!strcmp(p, "linux/amd64"))
        pass[n_pass++] = "--target=x86_64-linux-gnu";
      else if (!strcmp(p, "linux/arm64") || !strcmp(p, "linux/arm64/v8"))
        pass[n_pass++] = "--target=aarch64-linux-gnu";
      else {
        status = usage_error("--platform: linux/amd64 or linux/arm64, not '%s'", p);
        goto out;
      }
      continue;
    } else if (!strcmp(a, "-o"))
      slot = &output;
    else if (!strcmp(a, "--oci"))
      slot = &oci;
    else if (!strncmp(a, "--oci=", 6))
      oci = a + 6;
    else if (!strcmp(a, "--tag") || !strcmp(a, "-t"))
      slot = &tag;
    else if (!strncmp(a, "--tag=", 6))
      tag = a + 6;
    else if (!strcmp(a, "--build-arg")) {
      if (!next) {
        status = usage_error("--build-arg needs NAME=VALUE%s", "");
        goto out;
      }
      bargs[n_bargs++] = argv[++i];
      continue;
    } else if (!strncmp(a, "--build-arg=", 12)) {
      bargs[n_bargs++] = a + 12;
      continue;
    } else if (a[0] == '-' && a[1]) {
      pass[n_pass++] = a;
      if (takes_value(a) && next) pass[n_pass++] = argv[++i];
      continue;
    } else if (context) {
      status = usage_error("more than one build context ('%s')", a);
      goto out;
    } else {
      context = a;
    }
    if (slot) {
      if (!next) {
        status = usage_error("%s needs a value", a);
        goto out;
      }
      *slot = argv[++i];
    }
  }
  if (!context) {
    status = usage_error("wasmc build needs a CONTEXT directory (see wasmc build --help)%s", "");
    goto out;
  }
  if (!output && !oci) {
    status = usage_error("no output (-o FILE or --oci IMAGE.tar)%s", "");
    goto out;
  }
  char *repo = NULL, *ref = NULL;
  if (tag) {
    const char *colon = strrchr(tag, ':');
    if (colon && strchr(colon, '/')) colon = NULL;
    repo = colon ? strndup(tag, (size_t)(colon - tag)) : strdup(tag);
    ref = strdup(colon ? colon + 1 : "latest");
    if (!repo || !ref || !*repo || !*ref) {
      free(repo);
      free(ref);
      status = usage_error("--tag needs NAME[:TAG], got '%s'", tag);
      goto out;
    }
  }

  const char *tmp = getenv("TMPDIR");
  char templ[4096];
  snprintf(templ, sizeof templ, "%s/wasmc-build-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  g_work = mkdtemp(templ) ? templ : NULL;
  if (!g_work) {
    perror("wasmc: error: cannot create a temporary directory");
    status = 1;
    free(repo);
    free(ref);
    goto out;
  }
  img_build_opts bo = {.context = context,
                       .dockerfile = dockerfile,
                       .build_args = bargs,
                       .n_build_args = n_bargs,
                       .target = target,
                       .work_dir = g_work};
  img_build_result r;
  img_diag d = {0};
  if (!img_build(&bo, &r, &d)) {
    fprintf(stderr, "wasmc: error: %s\n", d.message);
    status = 1;
  } else {
    /* wasmc PROGRAM --box ROOT::/ --env .. --entrypoint .. --cmd .. -o .. --oci .. [passed options] */
    size_t cap = 8 + 2 * (r.n_env + r.n_entry + r.n_cmd) + n_pass;
    char **cv = calloc(cap + 1, sizeof *cv);
    char *box = malloc(strlen(r.rootfs) + 4);
    if (cv && box) {
      size_t n = 0;
      cv[n++] = argv[0];
      cv[n++] = r.program;
      sprintf(box, "%s::/", r.rootfs);
      cv[n++] = "--box";
      cv[n++] = box;
      for (size_t i = 0; i < r.n_env; i++)
        cv[n++] = "--env", cv[n++] = r.env[i];
      for (size_t i = 0; i < r.n_entry; i++)
        cv[n++] = "--entrypoint", cv[n++] = r.entry[i];
      for (size_t i = 0; i < r.n_cmd; i++)
        cv[n++] = "--cmd", cv[n++] = r.cmd[i];
      if (output) cv[n++] = "-o", cv[n++] = (char *)output;
      if (oci) cv[n++] = "--oci", cv[n++] = (char *)oci;
      for (size_t i = 0; i < n_pass; i++)
        cv[n++] = (char *)pass[i];
      r.oci.repo = repo;
      r.oci.ref_name = ref;
      status = wcc_cli_compile((int)n, cv, oci ? &r.oci : NULL);
    } else {
      fprintf(stderr, "wasmc: error: out of memory\n");
      status = 1;
    }
    free(cv);
    free(box);
    img_build_result_fini(&r);
  }
  free(repo);
  free(ref);
  rm_tree(g_work);
  g_work = NULL;
out:
  for (size_t i = 0; i < n_owned; i++)
    free(owned[i]);
  free(owned);
  free(bargs);
  free(pass);
  return status;
}
