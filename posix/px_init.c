/*
 * px_init.c — WASI process state: arguments, environment, preopens from the
 * compile-time sandbox config and the run-time WASMC_FLAGS overrides (directories,
 * then sockets); the
 * args_* / environ_* functions; shared guest-memory helpers.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "px_internal.h"
#include "wasmc_limits.h"

extern char **environ;

/* A string list: items[n], each malloc'd. */
typedef struct strv {
  char **items;
  size_t n, cap;
} strv;

typedef struct grant {
  char *host, *guest;  /* socket grants (is_socket): host = "HOST:PORT", guest = NULL */
  int readonly;
  int is_socket;
} grant;

static struct {
  strv args;
  strv env;
  uint64_t stack_override;
  /* resource limits in effect (baked in, lowered by WASMC_FLAGS), bytes and
   * elements; WASMC_NO_LIMIT: none */
  uint64_t max_memory, max_table_elements;
  /* --timeout (nanoseconds) and --fuel (instructions) in effect */
  uint64_t timeout_ns, fuel;
} g_px = {.max_memory = WASMC_NO_LIMIT,
          .max_table_elements = WASMC_NO_LIMIT,
          .timeout_ns = WASMC_NO_LIMIT,
          .fuel = WASMC_NO_LIMIT};

static int strv_push(strv *v, const char *s, size_t len) {
  if (v->n == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 16;
    char **p = realloc(v->items, cap * sizeof *p);
    if (!p)
      return -1;
    v->items = p;
    v->cap = cap;
  }
  char *c = malloc(len + 1);
  if (!c)
    return -1;
  memcpy(c, s, len);
  c[len] = '\0';
  v->items[v->n++] = c;
  return 0;
}

static void strv_free(strv *v) {
  for (size_t i = 0; i < v->n; i++)
    free(v->items[i]);
  free(v->items);
  memset(v, 0, sizeof *v);
}

/* Add "NAME=VALUE", replacing an earlier entry of the same NAME when
 * `replace`, else keeping the earlier one. */
static int env_add(const char *kv, int replace) {
  const char *eq = strchr(kv, '=');
  size_t nl = eq ? (size_t)(eq - kv) : strlen(kv);
  for (size_t i = 0; i < g_px.env.n; i++) {
    if (strncmp(g_px.env.items[i], kv, nl) == 0 && g_px.env.items[i][nl] == '=') {
      if (!replace)
        return 0;
      char *c = strdup(kv);
      if (!c)
        return -1;
      free(g_px.env.items[i]);
      g_px.env.items[i] = c;
      return 0;
    }
  }
  return strv_push(&g_px.env, kv, strlen(kv));
}

uint64_t px_stack_size_override(void) { return g_px.stack_override; }

void px_limits(uint64_t *out_max_memory, uint64_t *out_max_table_elements) {
  *out_max_memory = g_px.max_memory;
  *out_max_table_elements = g_px.max_table_elements;
}

void px_time_limits(uint64_t *out_timeout_ns, uint64_t *out_fuel) {
  *out_timeout_ns = g_px.timeout_ns;
  *out_fuel = g_px.fuel;
}

void px_interrupt(void) { vfs_set_interrupted(); }

void px_check_interrupt(wasmc_instance *inst, int e, const char *what) {
  if (e != WASI_EINTR || !px_interrupted(inst))
    return;
  /* name the import the guest called, as the module names it */
  const wasmc_module *m = inst->module;
  uint32_t index = UINT32_MAX;
  for (uint32_t i = 0; m && i < m->n_imports; i++)
    if (m->imports[i].kind == WASMC_EXTERN_FUNC && strcmp(m->imports[i].name, what) == 0)
      index = m->imports[i].index;
  wasmc_rt_trap(inst, WASMC_TRAP_INTERRUPT, index);
}

void px_fini(void) {
  vfs_fd_table_reset();
  strv_free(&g_px.args);
  strv_free(&g_px.env);
  g_px.stack_override = 0;
  g_px.max_memory = g_px.max_table_elements = WASMC_NO_LIMIT;
  g_px.timeout_ns = g_px.fuel = WASMC_NO_LIMIT;
}

uint64_t px_rights_for_type(uint8_t filetype) {
  switch (filetype) {
  case WASI_FILETYPE_DIRECTORY: return WASI_RIGHTS_DIR;
  case WASI_FILETYPE_REGULAR_FILE:
  case WASI_FILETYPE_BLOCK_DEVICE: return WASI_RIGHTS_FILE;
  case WASI_FILETYPE_SOCKET_STREAM:
  case WASI_FILETYPE_SOCKET_DGRAM: return WASI_RIGHTS_SOCKET;
  default: /* ttys, pipes: streams without a position (wasi-libc's isatty test) */
    return WASI_RIGHTS_FILE & ~(WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL);
  }
}

/* ---- WASMC_FLAGS -------------------------------------------------------- */

static int bad_flags(const char *msg, const char *arg) {
  fprintf(stderr, "wasmc: WASMC_FLAGS: %s%s%s%s\n", msg, arg ? " '" : "", arg ? arg : "",
          arg ? "'" : "");
  return 1;
}

/* Split "HOST[::GUEST]" (GUEST defaults to HOST). */
static int parse_dir(const char *spec, int readonly, grant *out) {
  const char *sep = strstr(spec, "::");
  size_t hl = sep ? (size_t)(sep - spec) : strlen(spec);
  const char *guest = sep ? sep + 2 : spec;
  if (hl == 0 || guest[0] == '\0')
    return -1;
  out->host = strndup(spec, hl);
  out->guest = strdup(guest);
  out->readonly = readonly;
  if (!out->host || !out->guest) {
    free(out->host);
    free(out->guest);
    return -2;
  }
  return 0;
}

/* "IPV4:PORT", "[IPV6]:PORT" or "localhost:PORT" -> socket address (no DNS:
 * the executable is static and the sandbox shouldn't depend on resolv.conf). */
static int parse_host_port(const char *spec, struct sockaddr_storage *ss, socklen_t *len) {
  const char *colon = strrchr(spec, ':');
  if (!colon || colon == spec || !colon[1] || strlen(colon + 1) > 5)
    return -1;
  unsigned port = 0;
  for (const char *p = colon + 1; *p; p++) {
    if (!isdigit((unsigned char)*p))
      return -1;
    port = port * 10 + (unsigned)(*p - '0');
  }
  if (port > 65535)
    return -1;
  char host[INET6_ADDRSTRLEN + 2];
  size_t hl = (size_t)(colon - spec);
  if (hl >= sizeof host)
    return -1;
  memcpy(host, spec, hl);
  host[hl] = '\0';
  memset(ss, 0, sizeof *ss);
  if (host[0] == '[') {
    if (hl < 3 || host[hl - 1] != ']')
      return -1;
    host[hl - 1] = '\0';
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((uint16_t)port);
    if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
      return -1;
    *len = sizeof *a6;
    return 0;
  }
  struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
  a4->sin_family = AF_INET;
  a4->sin_port = htons((uint16_t)port);
  if (strcmp(host, "localhost") == 0)
    a4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  else if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
    return -1;
  *len = sizeof *a4;
  return 0;
}

static int parse_size(const char *s, uint64_t *out) {
  if (!isdigit((unsigned char)s[0]))
    return -1;
  errno = 0;
  char *end;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno)
    return -1;
  uint64_t mul = 1;
  if (*end == 'k' || *end == 'K')
    mul = 1024, end++;
  else if (*end == 'm' || *end == 'M')
    mul = 1024 * 1024, end++;
  else if (*end == 'g' || *end == 'G')
    mul = 1024 * 1024 * 1024, end++;
  if (*end != '\0' || v == 0 || v > UINT64_MAX / mul)
    return -1;
  *out = (uint64_t)v * mul;
  return 0;
}

/* --max-memory, --max-table-elements, --timeout, --fuel VALUE: the limit
 * baked into cfg may be lowered, never raised; --timeout and --fuel need
 * code compiled with their checks (docs/sandbox.md "Limits"). */
static int parse_limit(const char *opt, const char *val, const wasmc_config *cfg) {
  static const struct {
    const char *opt, *syntax, *unit;
    uint32_t check;
  } kinds[] = {
      {"--max-memory", WASMC_MEMORY_SIZE_SYNTAX, "bytes", 0},
      {"--max-table-elements", WASMC_TABLE_ELEMENTS_SYNTAX, "elements", 0},
      {"--timeout", WASMC_DURATION_SYNTAX, "nanoseconds", WASMC_CHECK_INTERRUPT},
      {"--fuel", WASMC_FUEL_SYNTAX, "instructions", WASMC_CHECK_FUEL},
  };
  unsigned k = 0;
  while (strcmp(opt, kinds[k].opt) != 0)
    k++;
  uint64_t v;
  bool ok = k == 0   ? wasmc_parse_memory_size(val, &v)
            : k == 1 ? wasmc_parse_table_elements(val, &v)
            : k == 2 ? wasmc_parse_duration(val, &v)
                     : wasmc_parse_fuel(val, &v);
  if (!ok) {
    fprintf(stderr, "wasmc: WASMC_FLAGS: bad %s '%s' (%s)\n", opt, val, kinds[k].syntax);
    return 1;
  }
  uint32_t checks = cfg && cfg->abi_version >= 12 ? cfg->checks : 0;
  if (kinds[k].check && !(checks & kinds[k].check)) {
    fprintf(stderr,
            "wasmc: WASMC_FLAGS: %s needs an executable compiled with %s; this one has no %s "
            "checks, so the limit could not be enforced\n",
            opt, k == 2 ? "--interruptible, --timeout or --fuel" : "--interruptible=fuel or --fuel",
            k == 2 ? "interruption" : "fuel");
    return 1;
  }
  uint64_t *slot[] = {&g_px.max_memory, &g_px.max_table_elements, &g_px.timeout_ns, &g_px.fuel};
  uint64_t baked = WASMC_NO_LIMIT;
  if (cfg && cfg->abi_version >= 11)
    baked = k == 0 ? cfg->max_memory : k == 1 ? cfg->max_table_elements : baked;
  if (cfg && cfg->abi_version >= 12)
    baked = k == 2 ? (cfg->timeout_ns ? cfg->timeout_ns : WASMC_NO_LIMIT) /* 0: none */
            : k == 3 ? cfg->fuel
                     : baked;
  if (v > baked) {
    char shown[32];
    if (k == 2)
      wasmc_format_duration(baked, shown, sizeof shown);
    else
      snprintf(shown, sizeof shown, "%llu %s", (unsigned long long)baked, kinds[k].unit);
    fprintf(stderr,
            "wasmc: WASMC_FLAGS: %s '%s' would raise the limit of %s built into this "
            "executable; it can only be lowered at run time\n",
            opt, val, shown);
    return 1;
  }
  *slot[k] = v;
  return 0;
}

/* Parse WASMC_FLAGS; grants are appended to *gv (count *gn, capacity *gc). */
static int parse_flags(const char *flags, const wasmc_config *cfg, grant **gv, size_t *gn,
                       size_t *gc, int *inherit) {
  char *copy = strdup(flags);
  if (!copy)
    return bad_flags("out of memory", NULL);
  int rc = 0;
  char *save = NULL;
  for (char *tok = strtok_r(copy, " \t\n\r\f\v", &save); tok && !rc;
       tok = strtok_r(NULL, " \t\n\r\f\v", &save)) {
    /* "--name=value" is "--name value" (the value may be empty) */
    char *inl = strncmp(tok, "--", 2) == 0 ? strchr(tok, '=') : NULL;
    if (inl)
      *inl = '\0';
    int is_limit = strcmp(tok, "--max-memory") == 0 || strcmp(tok, "--max-table-elements") == 0 ||
                   strcmp(tok, "--timeout") == 0 || strcmp(tok, "--fuel") == 0;
    int is_dir = strcmp(tok, "--dir") == 0, is_ro = strcmp(tok, "--dir-ro") == 0;
    int is_sock = strcmp(tok, "--tcp-listen") == 0;
    if (!inl && strcmp(tok, "--inherit-env") == 0) {
      *inherit = 1;
      continue;
    }
    if (!inl && strcmp(tok, "--no-openat2") == 0) {
      vfs_resolve_force_fallback(1); /* testing: the component walk everywhere */
      continue;
    }
    if (!is_dir && !is_ro && !is_sock && !is_limit && strcmp(tok, "--env") != 0 &&
        strcmp(tok, "--stack-size") != 0) {
      if (inl)
        *inl = '=';
      rc = bad_flags("unknown option", tok);
      break;
    }
    char *val = inl ? inl + 1 : strtok_r(NULL, " \t\n\r\f\v", &save);
    if (!val) {
      rc = bad_flags("missing value after", tok);
      break;
    }
    if (is_limit) {
      rc = parse_limit(tok, val, cfg);
    } else if (is_dir || is_ro || is_sock) {
      if (*gn == *gc) {
        size_t cap = *gc ? *gc * 2 : 8;
        grant *p = realloc(*gv, cap * sizeof *p);
        if (!p) {
          rc = bad_flags("out of memory", NULL);
          break;
        }
        *gv = p;
        *gc = cap;
      }
      int e;
      if (is_sock) {
        struct sockaddr_storage ss;
        socklen_t sl;
        grant *g = &(*gv)[*gn];
        memset(g, 0, sizeof *g);
        g->is_socket = 1;
        e = parse_host_port(val, &ss, &sl) != 0 ? -3 : (g->host = strdup(val)) ? 0 : -2;
      } else {
        memset(&(*gv)[*gn], 0, sizeof **gv);
        e = parse_dir(val, is_ro, &(*gv)[*gn]);
      }
      if (e == -3)
        rc = bad_flags("expected HOST:PORT (IPv4, [IPv6] or localhost) after --tcp-listen, got",
                       val);
      else if (e == -1)
        rc = bad_flags("expected HOST[::GUEST] after --dir, got", val);
      else if (e == -2)
        rc = bad_flags("out of memory", NULL);
      else
        (*gn)++;
    } else if (tok[2] == 'e') { /* --env */
      char *eq = strchr(val, '=');
      if (!eq || eq == val)
        rc = bad_flags("expected NAME=VALUE after --env, got", val);
      else if (env_add(val, 1) != 0)
        rc = bad_flags("out of memory", NULL);
    } else { /* --stack-size */
      if (parse_size(val, &g_px.stack_override) != 0)
        rc = bad_flags("expected a positive byte count after --stack-size, got", val);
    }
  }
  free(copy);
  return rc;
}

/* ---- px_init ------------------------------------------------------------ */

static int install_stdio(void) {
  for (int fd = 0; fd < 3; fd++) {
    /* A duplicate: the guest closing its stdout must not close the runtime's
     * (trap messages go to stderr). A host fd that isn't open stays absent. */
    int dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    if (dup_fd < 0)
      continue;
    vfs_obj *o;
    if (vfs_host_wrap_fd(dup_fd, &o) != 0)
      continue;
    uint64_t rights = px_rights_for_type(o->filetype);
    if (vfs_fd_install_at((uint32_t)fd, o, rights, 0, NULL) != 0) {
      vfs_obj_release(o);
      return -1;
    }
  }
  return 0;
}

static int open_grant(uint32_t fd, const char *host, const char *guest, int readonly) {
  vfs_obj *o;
  int e = vfs_host_open_root(host, readonly, &o);
  if (e) {
    fprintf(stderr, "wasmc: cannot open granted directory '%s': %s\n", host, strerror(e));
    return 1;
  }
  uint64_t base = WASI_RIGHTS_DIR, inh = WASI_RIGHTS_DIR | WASI_RIGHTS_FILE;
  if (readonly) {
    base &= ~WASI_RIGHTS_MUTATING;
    inh &= ~WASI_RIGHTS_MUTATING;
  }
  if (vfs_fd_install_at(fd, o, base, inh, guest) != 0) {
    vfs_obj_release(o);
    fprintf(stderr, "wasmc: cannot preopen '%s': out of memory\n", host);
    return 1;
  }
  return 0;
}

/* An optional part of the runtime (wasmc_abi.h WASMC_RT_BOX_ENTRY): the box
 * file system is linked when the module's object has a box image. */
#pragma weak vfs_box_load
#pragma weak vfs_box_mount

/* Preopen every mount of the embedded box image from fd *fd on. */
static int open_box(uint32_t *fd, const uint8_t *image, uint64_t size) {
  if (!vfs_box_load || !vfs_box_mount) {
    fprintf(stderr, "wasmc: this executable has a box image but was linked without the box file system "
                    "(its object does not refer to " WASMC_RT_BOX_ENTRY ")\n");
    return 1;
  }
  uint32_t n;
  if (vfs_box_load(image, size, &n) != 0)
    return 1; /* vfs_box_load said why */
  for (uint32_t i = 0; i < n; i++) {
    vfs_obj *o;
    char *guest;
    int e = vfs_box_mount(i, &o, &guest);
    if (e) {
      fprintf(stderr, "wasmc: cannot mount box %u: WASI errno %d\n", i, e);
      return 1;
    }
    e = vfs_fd_install_at((*fd)++, o, WASI_RIGHTS_DIR, WASI_RIGHTS_DIR | WASI_RIGHTS_FILE, guest);
    free(guest);
    if (e) {
      vfs_obj_release(o);
      fprintf(stderr, "wasmc: cannot preopen box %u: out of memory\n", i);
      return 1;
    }
  }
  return 0;
}

/* A listening TCP socket bound to "HOST:PORT", installed at guest fd `fd`
 * with socket rights (sock_accept included); not a preopen (no prestat). */
static int open_socket_grant(uint32_t fd, const char *spec) {
  struct sockaddr_storage ss;
  socklen_t sl;
  if (parse_host_port(spec, &ss, &sl) != 0) {
    fprintf(stderr, "wasmc: bad socket grant '%s' (expected HOST:PORT)\n", spec);
    return 1;
  }
  int s = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
      bind(s, (struct sockaddr *)&ss, sl) != 0 || listen(s, 128) != 0) {
    fprintf(stderr, "wasmc: cannot listen on '%s': %s\n", spec, strerror(errno));
    if (s >= 0)
      close(s);
    return 1;
  }
  vfs_obj *o;
  if (vfs_host_wrap_fd(s, &o) != 0) { /* closes s */
    fprintf(stderr, "wasmc: cannot grant socket '%s'\n", spec);
    return 1;
  }
  if (vfs_fd_install_at(fd, o, WASI_RIGHTS_SOCKET, 0, NULL) != 0) {
    vfs_obj_release(o);
    fprintf(stderr, "wasmc: cannot grant socket '%s': out of memory\n", spec);
    return 1;
  }
  return 0;
}

int px_init(int argc, char **argv, const wasmc_config *cfg) {
  px_fini();
  int rc = 0;
  grant *gv = NULL;
  size_t gn = 0, gc = 0;

  /* argv (ABI v12): entry_args or argv[0], then the arguments or cmd_args */
  bool baked = cfg && cfg->abi_version >= 12 && (cfg->n_entry_args || cfg->n_cmd_args);
  uint32_t n_first = baked && cfg->n_entry_args ? cfg->n_entry_args : (argc > 0 ? 1 : 0);
  for (uint32_t i = 0; i < n_first; i++) {
    const char *a = baked && cfg->n_entry_args ? cfg->entry_args[i] : argv[0];
    if (strv_push(&g_px.args, a, strlen(a)) != 0) {
      fprintf(stderr, "wasmc: out of memory\n");
      return 1;
    }
  }
  bool defaults = baked && argc <= 1;
  uint32_t n_rest = defaults ? cfg->n_cmd_args : (argc > 1 ? (uint32_t)argc - 1 : 0);
  for (uint32_t i = 0; i < n_rest; i++) {
    const char *a = defaults ? cfg->cmd_args[i] : argv[i + 1];
    if (strv_push(&g_px.args, a, strlen(a)) != 0) {
      fprintf(stderr, "wasmc: out of memory\n");
      return 1;
    }
  }
  int inherit = cfg ? cfg->inherit_env != 0 : 0;
  if (cfg) {
    for (uint32_t i = 0; i < cfg->n_env; i++) {
      if (env_add(cfg->env[i], 1) != 0) {
        fprintf(stderr, "wasmc: out of memory\n");
        return 1;
      }
    }
  }
  if (cfg && cfg->abi_version >= 11) {
    g_px.max_memory = cfg->max_memory;
    g_px.max_table_elements = cfg->max_table_elements;
  }
  if (cfg && cfg->abi_version >= 12) {
    g_px.timeout_ns = cfg->timeout_ns ? cfg->timeout_ns : WASMC_NO_LIMIT; /* 0: none */
    g_px.fuel = cfg->fuel;
  }
  const char *flags = getenv("WASMC_FLAGS");
  if (flags && (rc = parse_flags(flags, cfg, &gv, &gn, &gc, &inherit)) != 0)
    goto done;
  if (inherit && environ) {
    /* Explicit --env entries win over inherited ones; WASMC_FLAGS itself is
     * the runner's configuration, not the guest's. */
    for (char **e = environ; *e; e++) {
      if (strncmp(*e, "WASMC_FLAGS=", 12) != 0 && strchr(*e, '=') && env_add(*e, 0) != 0) {
        rc = bad_flags("out of memory", NULL);
        goto done;
      }
    }
  }
  /* Writes to a closed pipe/socket must return EPIPE to the guest, not kill
   * the process (as wasmtime). */
  signal(SIGPIPE, SIG_IGN);
  if (install_stdio() != 0) {
    fprintf(stderr, "wasmc: out of memory\n");
    rc = 1;
    goto done;
  }
  uint32_t fd = 3;
  /* The box's mounts first (docs/boxes.md), then directory grants. */
  if (cfg && cfg->abi_version >= 5 && cfg->box_image && !rc)
    rc = open_box(&fd, cfg->box_image, cfg->box_image_size);
  if (cfg) {
    for (uint32_t i = 0; i < cfg->n_dirs && !rc; i++) {
      const wasmc_dir_grant *d = &cfg->dirs[i];
      rc = open_grant(fd++, d->host, d->guest ? d->guest : d->host,
                      (d->flags & WASMC_DIR_READONLY) != 0);
    }
  }
  for (size_t i = 0; i < gn && !rc; i++)
    if (!gv[i].is_socket)
      rc = open_grant(fd++, gv[i].host, gv[i].guest, gv[i].readonly);
  /* Sockets after every directory: compile-time grants, then run-time ones. */
  if (cfg && cfg->abi_version >= 4) {
    for (uint32_t i = 0; i < cfg->n_sockets && !rc; i++)
      rc = open_socket_grant(fd++, cfg->sockets[i].addr);
  }
  for (size_t i = 0; i < gn && !rc; i++)
    if (gv[i].is_socket)
      rc = open_socket_grant(fd++, gv[i].host);
done:
  for (size_t i = 0; i < gn; i++) {
    free(gv[i].host);
    free(gv[i].guest);
  }
  free(gv);
  if (rc)
    px_fini();
  return rc;
}

/* ---- shared helpers ----------------------------------------------------- */

int px_path_copy(wasmc_instance *inst, uint32_t ptr, uint32_t len, char **out) {
  *out = NULL;
  const uint8_t *p = px_mem(inst, ptr, len);
  if (!p)
    return WASI_EFAULT;
  if (len > VFS_PATH_MAX)
    return WASI_ENAMETOOLONG;
  if (memchr(p, '\0', len))
    return WASI_EILSEQ;
  char *s = malloc((size_t)len + 1);
  if (!s)
    return WASI_ENOMEM;
  memcpy(s, p, len);
  s[len] = '\0';
  *out = s;
  return 0;
}

int px_iovs(wasmc_instance *inst, uint32_t iovs, uint32_t iovs_len, struct iovec *out,
            int *out_n) {
  const uint8_t *arr = px_mem(inst, iovs, (uint64_t)iovs_len * WASI_IOVEC_SIZE);
  if (!arr)
    return WASI_EFAULT;
  uint32_t n = iovs_len < PX_IOV_MAX ? iovs_len : PX_IOV_MAX;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t buf = px_ld32(arr + (size_t)i * WASI_IOVEC_SIZE);
    uint32_t blen = px_ld32(arr + (size_t)i * WASI_IOVEC_SIZE + 4);
    uint8_t *p = px_mem(inst, buf, blen);
    if (!p)
      return WASI_EFAULT;
    out[i].iov_base = p;
    out[i].iov_len = blen;
  }
  *out_n = (int)n;
  return 0;
}

int px_fd(int32_t fd, uint64_t rights, int mutating, vfs_obj **out_obj, vfs_fd_entry *out_entry) {
  vfs_fd_entry en;
  vfs_obj *o;
  int e = vfs_fd_get(fd, 0, &o, &en);
  if (e)
    return e;
  if (mutating && o->readonly)
    e = WASI_EROFS;
  else if ((en.rights_base & rights) != rights)
    e = WASI_ENOTCAPABLE;
  if (e) {
    vfs_obj_release(o);
    return e;
  }
  *out_obj = o;
  if (out_entry)
    *out_entry = en;
  return 0;
}

/* ---- args / environ (wasi_snapshot_preview1) ---------------------------- */

/* Write the string list v as `ptrs` (u32 each) + NUL-terminated bytes at buf. */
static int32_t put_strv(wasmc_instance *inst, const strv *v, uint32_t ptrs, uint32_t buf) {
  uint8_t *pp = px_mem(inst, ptrs, (uint64_t)v->n * 4);
  if (!pp)
    return WASI_EFAULT;
  uint64_t total = 0;
  for (size_t i = 0; i < v->n; i++)
    total += strlen(v->items[i]) + 1;
  uint8_t *bp = px_mem(inst, buf, total);
  if (!bp)
    return WASI_EFAULT;
  uint32_t off = 0;
  for (size_t i = 0; i < v->n; i++) {
    size_t l = strlen(v->items[i]) + 1;
    px_st32(pp + i * 4, buf + off);
    memcpy(bp + off, v->items[i], l);
    off += (uint32_t)l;
  }
  return 0;
}

static int32_t put_sizes(wasmc_instance *inst, const strv *v, uint32_t count_ptr,
                         uint32_t size_ptr) {
  uint64_t total = 0;
  for (size_t i = 0; i < v->n; i++)
    total += strlen(v->items[i]) + 1;
  if (total > UINT32_MAX || v->n > UINT32_MAX)
    return WASI_EOVERFLOW;
  uint8_t *c = px_mem(inst, count_ptr, 4), *s = px_mem(inst, size_ptr, 4);
  if (!c || !s)
    return WASI_EFAULT;
  px_st32(c, (uint32_t)v->n);
  px_st32(s, (uint32_t)total);
  return 0;
}

int32_t wasmc_wasi_args_get(wasmc_instance *inst, int32_t argv, int32_t argv_buf) {
  return put_strv(inst, &g_px.args, (uint32_t)argv, (uint32_t)argv_buf);
}

int32_t wasmc_wasi_args_sizes_get(wasmc_instance *inst, int32_t argc, int32_t argv_buf_size) {
  return put_sizes(inst, &g_px.args, (uint32_t)argc, (uint32_t)argv_buf_size);
}

int32_t wasmc_wasi_environ_get(wasmc_instance *inst, int32_t environ_, int32_t environ_buf) {
  return put_strv(inst, &g_px.env, (uint32_t)environ_, (uint32_t)environ_buf);
}

int32_t wasmc_wasi_environ_sizes_get(wasmc_instance *inst, int32_t count, int32_t buf_size) {
  return put_sizes(inst, &g_px.env, (uint32_t)count, (uint32_t)buf_size);
}
