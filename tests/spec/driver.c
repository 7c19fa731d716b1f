/*
 * tests/spec/driver.c — generic spec-testsuite driver.
 *
 * Linked (by run.py) with one generated modules.c per .wast file, which
 * lists the descriptors of every module the file instantiates:
 *
 *   extern const wasmc_module *const spec_modules[];   // NULL: not compiled
 *   extern const unsigned spec_n_modules;
 *
 * and run as `driver COMMANDS_FILE`.  The command file (written by run.py)
 * has one command per line, tokens separated by one space; strings (module
 * names, export names, trap texts) are hex-encoded with an 'x' prefix, '-'
 * meaning "none" (the current module for actions):
 *
 *   module N LINE K NAME              instantiate module K, bind NAME
 *   register N LINE AS NAME           make module NAME importable as AS
 *   action N LINE ACTION              run ACTION, must not trap
 *   return N LINE ACTION NRES EXP...  ACTION returns EXP...
 *   trap N LINE ACTION TEXT           ACTION traps with TEXT
 *   exhaust N LINE ACTION TEXT        ACTION exhausts the call stack
 *   unlinkable N LINE K TEXT          instantiating K fails to link (TEXT)
 *   uninstantiable N LINE K TEXT      instantiating K traps (TEXT)
 *
 *   ACTION = invoke MOD FIELD NARGS VAL... | get MOD FIELD
 *   VAL    = i32:HEX | i64:HEX | f32:HEX | f64:HEX (bit patterns)
 *          | f32:canon | f32:arith | f64:canon | f64:arith (NaN classes)
 *          | null (ref.null) | ext:DEC (ref.extern DEC) | ext | func (any non-null)
 *          | v128:SHAPE:LANE,LANE,... (SHAPE i8 i16 i32 i64 f32 f64; LANE a hex
 *            bit pattern, or canon/arith for float lanes; lane 0 first)
 *   EXP    = VAL | either K VAL...    (K values: the result may be any of
 *            them, each compared whole; the spec's `either` of relaxed SIMD)
 *
 * A v128 argument/result takes two consecutive 8-byte slots of the
 * wasmc_call value array (wasmc_invoke_fn in wasmc_abi.h).
 *
 * For each command except `register` the driver prints one line,
 * `N ok` or `N FAIL <reason>`, and flushes it, so run.py can tell how far a
 * crashed driver got.  All wasm code runs on a wasmc_run_on_wasm_stack()
 * thread (stack exhaustion is a trap there); every call and instantiation is
 * guarded by the runtime's catch frames (wasmc_call, wasmc_instance_create).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasmc_runtime.h"

extern const wasmc_module *const spec_modules[];
extern const unsigned spec_n_modules;

#define MAX_VALS 64
#define MAX_EITHER 8 /* values of one `either` result */
#define MAX_NAMED 4096

/* ---- spectest host module ------------------------------------------------- */

static int spec_verbose;

static void sp_print(wasmc_instance *inst) {
  (void)inst;
  if (spec_verbose) fprintf(stderr, "spectest.print()\n");
}
static void sp_print_i32(wasmc_instance *inst, int32_t v) {
  (void)inst;
  if (spec_verbose) fprintf(stderr, "spectest.print_i32(%" PRId32 ")\n", v);
}
static void sp_print_i64(wasmc_instance *inst, int64_t v) {
  (void)inst;
  if (spec_verbose) fprintf(stderr, "spectest.print_i64(%" PRId64 ")\n", v);
}
static void sp_print_f32(wasmc_instance *inst, float v) {
  (void)inst;
  if (spec_verbose) fprintf(stderr, "spectest.print_f32(%g)\n", (double)v);
}
static void sp_print_f64(wasmc_instance *inst, double v) {
  (void)inst;
  if (spec_verbose) fprintf(stderr, "spectest.print_f64(%g)\n", v);
}
static void sp_print_i32_f32(wasmc_instance *inst, int32_t a, float b) {
  (void)inst;
  if (spec_verbose) fprintf(stderr, "spectest.print_i32_f32(%" PRId32 ", %g)\n", a, (double)b);
}
static void sp_print_f64_f64(wasmc_instance *inst, double a, double b) {
  (void)inst;
  if (spec_verbose) fprintf(stderr, "spectest.print_f64_f64(%g, %g)\n", a, b);
}

static const struct {
  const char *name;
  void *code;
  const char *sig;
} spectest_funcs[] = {
    {"print", (void *)sp_print, ":"},
    {"print_i32", (void *)sp_print_i32, "i:"},
    {"print_i64", (void *)sp_print_i64, "I:"},
    {"print_f32", (void *)sp_print_f32, "f:"},
    {"print_f64", (void *)sp_print_f64, "F:"},
    {"print_i32_f32", (void *)sp_print_i32_f32, "if:"},
    {"print_f64_f64", (void *)sp_print_f64_f64, "FF:"},
};

static _Alignas(16) uint8_t sp_global_i32[16], sp_global_i64[16], sp_global_f32[16],
    sp_global_f64[16];
static wasmc_table *sp_table;
static wasmc_memory *sp_memory;
static wasmc_memory *sp_shared_memory; /* threads proposal: (memory 1 2 shared) */

static int spectest_init(void) {
  int32_t i32 = 666;
  int64_t i64 = 666;
  float f32 = 666.6f;
  double f64 = 666.6;
  memcpy(sp_global_i32, &i32, sizeof i32);
  memcpy(sp_global_i64, &i64, sizeof i64);
  memcpy(sp_global_f32, &f32, sizeof f32);
  memcpy(sp_global_f64, &f64, sizeof f64);
  sp_table = wasmc_table_create(WASMC_FUNCREF, 10, 20, 1);
  sp_memory = wasmc_memory_create(1, 2, 1);
  sp_shared_memory = wasmc_shared_memory_create(1, 2);
  return sp_table && sp_memory && sp_shared_memory ? 0 : -1;
}

static int spectest_resolve(const char *name, wasmc_extern *out) {
  memset(out, 0, sizeof *out);
  for (size_t i = 0; i < sizeof spectest_funcs / sizeof spectest_funcs[0]; i++)
    if (strcmp(name, spectest_funcs[i].name) == 0) {
      out->kind = WASMC_EXTERN_FUNC;
      out->host_code = spectest_funcs[i].code;
      out->host_type_id = wasmc_type_id(spectest_funcs[i].sig);
      return 0;
    }
  static const struct {
    const char *name;
    uint8_t *cell;
    uint32_t type;
  } globals[] = {
      {"global_i32", sp_global_i32, WASMC_I32},
      {"global_i64", sp_global_i64, WASMC_I64},
      {"global_f32", sp_global_f32, WASMC_F32},
      {"global_f64", sp_global_f64, WASMC_F64},
  };
  for (size_t i = 0; i < sizeof globals / sizeof globals[0]; i++)
    if (strcmp(name, globals[i].name) == 0) {
      out->kind = WASMC_EXTERN_GLOBAL;
      out->global = globals[i].cell;
      out->global_type = globals[i].type;
      out->global_mutable = 0;
      return 0;
    }
  if (strcmp(name, "table") == 0) {
    out->kind = WASMC_EXTERN_TABLE;
    out->table = sp_table;
    return 0;
  }
  if (strcmp(name, "memory") == 0) {
    out->kind = WASMC_EXTERN_MEMORY;
    out->memory = sp_memory;
    return 0;
  }
  if (strcmp(name, "shared_memory") == 0) {
    out->kind = WASMC_EXTERN_MEMORY;
    out->memory = sp_shared_memory;
    return 0;
  }
  return -1;
}

/* ---- instances: named modules and registered ones ------------------------- */

typedef struct binding {
  char *name;
  wasmc_instance *inst;
} binding;

static binding named[MAX_NAMED], registered[MAX_NAMED];
static unsigned n_named, n_registered;
static wasmc_instance *current;

static wasmc_instance *lookup(binding *tab, unsigned n, const char *name) {
  for (unsigned i = n; i-- > 0;)
    if (strcmp(tab[i].name, name) == 0) return tab[i].inst;
  return NULL;
}

static int bind(binding *tab, unsigned *n, const char *name, wasmc_instance *inst) {
  for (unsigned i = 0; i < *n; i++)
    if (strcmp(tab[i].name, name) == 0) {
      tab[i].inst = inst;
      return 0;
    }
  if (*n >= MAX_NAMED) return -1;
  tab[*n].name = strdup(name);
  tab[*n].inst = inst;
  (*n)++;
  return 0;
}

static int resolve(void *ctx, const char *module, const char *name, uint32_t kind,
                   wasmc_extern *out) {
  (void)ctx;
  (void)kind;
  if (strcmp(module, "spectest") == 0) return spectest_resolve(name, out);
  wasmc_instance *inst = lookup(registered, n_registered, module);
  if (!inst) return -1;
  return wasmc_instance_export(inst, name, out);
}

/* ---- command parsing ------------------------------------------------------ */

static char *tok_next(char **p) {
  char *s = *p;
  if (!s || !*s) return NULL;
  char *e = strchr(s, ' ');
  if (e) {
    *e = '\0';
    *p = e + 1;
  } else {
    *p = s + strlen(s);
  }
  return s;
}

/* Decode "x<hex>" in place; "-" gives NULL.  Returns false on bad input.
 * The decoded bytes may contain NUL; their number goes to *out_len. */
static bool decode_str_len(char *t, char **out, size_t *out_len) {
  if (!t) return false;
  *out_len = 0;
  if (strcmp(t, "-") == 0) {
    *out = NULL;
    return true;
  }
  if (t[0] != 'x') return false;
  size_t n = strlen(t + 1);
  if (n % 2) return false;
  char *d = t;
  for (size_t i = 0; i < n; i += 2) {
    unsigned v;
    if (sscanf(t + 1 + i, "%2x", &v) != 1) return false;
    *d++ = (char)v;
  }
  *d = '\0';
  *out = t;
  *out_len = (size_t)(d - t);
  return true;
}

static bool decode_str(char *t, char **out) {
  size_t len;
  return decode_str_len(t, out, &len);
}

enum val_kind { V_BITS, V_CANON, V_ARITH, V_NULL, V_EXT, V_ANY_EXT, V_ANY_FUNC };

typedef struct val {
  char type;  /* 'i' i32, 'I' i64, 'f' f32, 'F' f64, 'r' reference, 'V' v128 */
  int kind;   /* enum val_kind */
  uint64_t bits;
  /* v128: lane shape and per-lane expectation; v[] the value (as argument) */
  char lane_type;  /* 'i' integer lanes, 'f' float lanes */
  uint8_t lane_bits, n_lanes;
  uint8_t lane_kind[16];
  uint64_t lane[16];
  uint64_t v[2];
} val;

static uint64_t v128_lane(const uint64_t *v, unsigned bits, unsigned i) {
  unsigned bit = i * bits;
  uint64_t w = v[bit / 64] >> (bit % 64);
  return bits == 64 ? w : w & ((1ull << bits) - 1);
}

static bool parse_v128(const char *t, val *v) {
  static const struct { const char *name; char lt; uint8_t bits; } shapes[] = {
      {"i8:", 'i', 8}, {"i16:", 'i', 16}, {"i32:", 'i', 32}, {"i64:", 'i', 64}, {"f32:", 'f', 32}, {"f64:", 'f', 64}};
  v->type = 'V';
  v->kind = V_BITS;
  for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
    size_t n = strlen(shapes[k].name);
    if (strncmp(t, shapes[k].name, n) != 0) continue;
    v->lane_type = shapes[k].lt;
    v->lane_bits = shapes[k].bits;
    v->n_lanes = (uint8_t)(128 / shapes[k].bits);
    const char *p = t + n;
    for (unsigned i = 0; i < v->n_lanes; i++) {
      if (i && *p++ != ',') return false;
      if (strncmp(p, "canon", 5) == 0) { v->lane_kind[i] = V_CANON; p += 5; continue; }
      if (strncmp(p, "arith", 5) == 0) { v->lane_kind[i] = V_ARITH; p += 5; continue; }
      char *end;
      errno = 0;
      uint64_t x = strtoull(p, &end, 16);
      if (errno || end == p) return false;
      p = end;
      v->lane_kind[i] = V_BITS;
      v->lane[i] = x;
      unsigned bit = i * v->lane_bits;
      uint64_t mask = v->lane_bits == 64 ? ~0ull : (1ull << v->lane_bits) - 1;
      v->v[bit / 64] |= (x & mask) << (bit % 64);
    }
    return *p == 0;
  }
  return false;
}

/* Host pointer standing for `ref.extern n` (distinct, non-null, never
 * dereferenced by the runtime). */
static uint64_t extern_ref(uint64_t n) { return n + 0x10000u; }

static bool parse_val(const char *t, val *v) {
  if (!t) return false;
  memset(v, 0, sizeof *v);
  if (strcmp(t, "null") == 0) {
    v->type = 'r';
    v->kind = V_NULL;
    return true;
  }
  if (strcmp(t, "ext") == 0) {
    v->type = 'r';
    v->kind = V_ANY_EXT;
    return true;
  }
  if (strcmp(t, "func") == 0) {
    v->type = 'r';
    v->kind = V_ANY_FUNC;
    return true;
  }
  if (strncmp(t, "ext:", 4) == 0) {
    v->type = 'r';
    v->kind = V_EXT;
    v->bits = extern_ref(strtoull(t + 4, NULL, 10));
    return true;
  }
  if (strncmp(t, "v128:", 5) == 0) return parse_v128(t + 5, v);
  if (strlen(t) < 5 || t[3] != ':') return false;
  if (strncmp(t, "i32", 3) == 0) v->type = 'i';
  else if (strncmp(t, "i64", 3) == 0) v->type = 'I';
  else if (strncmp(t, "f32", 3) == 0) v->type = 'f';
  else if (strncmp(t, "f64", 3) == 0) v->type = 'F';
  else return false;
  const char *p = t + 4;
  if (strcmp(p, "canon") == 0) v->kind = V_CANON;
  else if (strcmp(p, "arith") == 0) v->kind = V_ARITH;
  else {
    v->kind = V_BITS;
    errno = 0;
    char *end;
    v->bits = strtoull(p, &end, 16);
    if (errno || *end) return false;
  }
  return true;
}

typedef struct action {
  bool is_get;
  char *module;  /* NULL: current */
  char *field;
  size_t field_len;
  unsigned nargs;
  val args[MAX_VALS];
} action;

static bool parse_action(char **p, action *a) {
  char *kind = tok_next(p);
  if (!kind) return false;
  a->is_get = strcmp(kind, "get") == 0;
  if (!a->is_get && strcmp(kind, "invoke") != 0) return false;
  if (!decode_str(tok_next(p), &a->module) || !decode_str_len(tok_next(p), &a->field, &a->field_len) || !a->field)
    return false;
  a->nargs = 0;
  if (a->is_get) return true;
  char *n = tok_next(p);
  if (!n) return false;
  a->nargs = (unsigned)strtoul(n, NULL, 10);
  if (a->nargs > MAX_VALS) return false;
  for (unsigned i = 0; i < a->nargs; i++)
    if (!parse_val(tok_next(p), &a->args[i])) return false;
  return true;
}

/* ---- running actions ------------------------------------------------------ */

typedef struct outcome {
  int status;            /* 0 ok, >0 trap code, <0 harness error (msg) */
  const char *msg;
  uint64_t vals[2 * MAX_VALS]; /* slots: a v128 takes two */
  unsigned slot[MAX_VALS];     /* slot of result i */
  unsigned nres;
  char sig[128];
} outcome;

static void run_action(const action *a, outcome *o) {
  memset(o, 0, sizeof *o);
  wasmc_instance *inst = a->module ? lookup(named, n_named, a->module) : current;
  if (!inst) {
    o->status = -1;
    o->msg = "no such module instance";
    return;
  }
  wasmc_extern ext;
  if (wasmc_instance_export_n(inst, a->field, a->field_len, &ext) != 0) {
    o->status = -1;
    o->msg = "no such export";
    return;
  }
  if (a->is_get) {
    if (ext.kind != WASMC_EXTERN_GLOBAL) {
      o->status = -1;
      o->msg = "export is not a global";
      return;
    }
    const uint8_t *cell = ext.global;
    o->nres = 1;
    switch (ext.global_type) {
    case WASMC_I32:
    case WASMC_F32: {
      uint32_t v;
      memcpy(&v, cell, 4);
      o->vals[0] = v;
      snprintf(o->sig, sizeof o->sig, ":%c", ext.global_type == WASMC_I32 ? 'i' : 'f');
      break;
    }
    case WASMC_I64:
    case WASMC_F64:
      memcpy(&o->vals[0], cell, 8);
      snprintf(o->sig, sizeof o->sig, ":%c", ext.global_type == WASMC_I64 ? 'I' : 'F');
      break;
    case WASMC_V128:
      memcpy(&o->vals[0], cell, 16);
      snprintf(o->sig, sizeof o->sig, ":V");
      break;
    case WASMC_FUNCREF:
    case WASMC_EXTERNREF: {
      void *ref;
      memcpy(&ref, cell, sizeof ref);
      o->vals[0] = (uint64_t)(uintptr_t)ref;
      snprintf(o->sig, sizeof o->sig, ":%c", ext.global_type == WASMC_FUNCREF ? 'r' : 'e');
      break;
    }
    default:
      o->status = -1;
      o->msg = "unsupported global type";
    }
    return;
  }
  if (ext.kind != WASMC_EXTERN_FUNC) {
    o->status = -1;
    o->msg = "export is not a function";
    return;
  }
  const char *sig = wasmc_func_signature(ext.func);
  if (!sig || strlen(sig) >= sizeof o->sig) {
    o->status = -1;
    o->msg = "cannot get the function's signature";
    return;
  }
  snprintf(o->sig, sizeof o->sig, "%s", sig);
  const char *colon = strchr(sig, ':');
  size_t np = (size_t)(colon - sig), nr = strlen(colon + 1);
  if (np != a->nargs) {
    o->status = -1;
    o->msg = "argument count differs from the signature";
    return;
  }
  if (np > MAX_VALS || nr > MAX_VALS) {
    o->status = -1;
    o->msg = "too many values";
    return;
  }
  unsigned si = 0;
  for (unsigned i = 0; i < a->nargs; i++) {
    const val *v = &a->args[i];
    if (sig[i] == 'V') {
      if (v->type != 'V') {
        o->status = -1;
        o->msg = "v128 parameter given a non-v128 argument";
        return;
      }
      o->vals[si++] = v->v[0];
      o->vals[si++] = v->v[1];
    } else {
      o->vals[si++] = v->kind == V_NULL ? 0 : v->bits;
    }
  }
  si = 0;
  for (unsigned i = 0; i < nr; i++) {
    o->slot[i] = si;
    si += colon[1 + i] == 'V' ? 2 : 1;
  }
  wasmc_trap_info info;
  int rc = wasmc_call(ext.func, o->vals, &info);
  if (rc < 0) {
    o->status = -1;
    o->msg = "wasmc_call refused the function";
    return;
  }
  o->status = rc;
  o->msg = rc ? info.message : NULL;
  o->nres = (unsigned)nr;
}

static bool lane_matches(int kind, char t, uint64_t exp, uint64_t got);

/* Does result `got` (of signature type char t; for v128 got points at two
 * slots) match expectation `e`? */
static bool val_matches(const val *e, char t, const uint64_t *gotp) {
  uint64_t got = gotp[0];
  if (t == 'V' || e->type == 'V') {
    if (t != 'V' || e->type != 'V') return false;
    char lt = e->lane_type == 'f' ? (e->lane_bits == 32 ? 'f' : 'F') : (e->lane_bits == 64 ? 'I' : 'i');
    for (unsigned i = 0; i < e->n_lanes; i++) {
      uint64_t g = v128_lane(gotp, e->lane_bits, i);
      if (e->lane_kind[i] == V_BITS) {
        uint64_t mask = e->lane_bits == 64 ? ~0ull : (1ull << e->lane_bits) - 1;
        if ((g & mask) != (e->lane[i] & mask)) return false;
      } else if (!lane_matches(e->lane_kind[i], lt, 0, g)) {
        return false;
      }
    }
    return true;
  }
  switch (e->kind) {
  case V_BITS:
    if (e->type != t) return false;
    if (t == 'i' || t == 'f') return (uint32_t)got == (uint32_t)e->bits;
    return got == e->bits;
  case V_CANON:
    if (e->type != t) return false;
    if (t == 'f') return ((uint32_t)got & 0x7fffffffu) == 0x7fc00000u;
    return (got & 0x7fffffffffffffffull) == 0x7ff8000000000000ull;
  case V_ARITH:
    if (e->type != t) return false;
    if (t == 'f') return ((uint32_t)got & 0x7fc00000u) == 0x7fc00000u;
    return (got & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
  case V_NULL: return (t == 'r' || t == 'e') && got == 0;
  case V_EXT: return t == 'e' && got == e->bits;
  case V_ANY_EXT: return t == 'e' && got != 0;
  case V_ANY_FUNC: return t == 'r' && got != 0;
  }
  return false;
}

static bool lane_matches(int kind, char t, uint64_t exp, uint64_t got) {
  val e = {.type = t, .kind = kind, .bits = exp};
  return val_matches(&e, t, &got);
}

static void fmt_val(char *buf, size_t n, char t, const uint64_t *vp) {
  uint64_t v = vp[0];
  switch (t) {
  case 'V': snprintf(buf, n, "v128:0x%016" PRIx64 "%016" PRIx64, vp[1], vp[0]); break;
  case 'i': snprintf(buf, n, "i32:0x%08" PRIx32, (uint32_t)v); break;
  case 'f': snprintf(buf, n, "f32:0x%08" PRIx32, (uint32_t)v); break;
  case 'I': snprintf(buf, n, "i64:0x%016" PRIx64, v); break;
  case 'F': snprintf(buf, n, "f64:0x%016" PRIx64, v); break;
  default: snprintf(buf, n, "%c:0x%" PRIx64, t, v); break;
  }
}

/* Trap texts match as in the reference interpreter: the expected text is
 * a prefix of the actual message, or (for texts with a suffix such as
 * "uninitialized element 2") the actual message is a prefix of it. */
static bool text_matches(const char *expected, const char *actual) {
  if (!expected || !actual) return false;
  size_t ne = strlen(expected), na = strlen(actual);
  if (na == 0) return false;
  return strncmp(expected, actual, ne < na ? ne : na) == 0;
}

/* ---- the command loop ----------------------------------------------------- */

typedef struct driver {
  FILE *in;
  int status;
} driver;

static void result(unsigned long n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void result(unsigned long n, const char *fmt, ...) {
  printf("%lu ", n);
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
  fflush(stdout);
}

static const wasmc_module *module_at(const char *tok) {
  if (!tok) return NULL;
  unsigned long k = strtoul(tok, NULL, 10);
  if (k >= spec_n_modules) return NULL;
  return spec_modules[k];
}

static void run_line(char *line) {
  char *p = line;
  char *cmd = tok_next(&p), *ntok = tok_next(&p), *ltok = tok_next(&p);
  if (!cmd || !ntok || !ltok) return;
  unsigned long n = strtoul(ntok, NULL, 10);

  if (strcmp(cmd, "module") == 0 || strcmp(cmd, "unlinkable") == 0 ||
      strcmp(cmd, "uninstantiable") == 0) {
    char *ktok = tok_next(&p);
    const wasmc_module *m = module_at(ktok);
    char *arg = NULL;
    if (!decode_str(tok_next(&p), &arg)) {
      result(n, "FAIL bad command");
      return;
    }
    if (!m) {
      result(n, "FAIL module %s was not compiled", ktok ? ktok : "?");
      return;
    }
    wasmc_instance *inst = NULL;
    wasmc_error err;
    int rc = wasmc_instance_create(m, resolve, NULL, &inst, &err);
    if (strcmp(cmd, "module") == 0) {
      if (rc != WASMC_OK) {
        result(n, "FAIL instantiation: %s %s", err.message, err.detail);
        return;
      }
      current = inst;
      if (arg && bind(named, &n_named, arg, inst) != 0) {
        result(n, "FAIL too many named modules");
        return;
      }
      result(n, "ok");
    } else if (strcmp(cmd, "unlinkable") == 0) {
      if (rc == WASMC_ERR_UNKNOWN_IMPORT || rc == WASMC_ERR_INCOMPATIBLE_IMPORT) {
        if (text_matches(arg, err.message))
          result(n, "ok");
        else
          result(n, "FAIL link error \"%s\", expected \"%s\"", err.message, arg ? arg : "");
      } else if (rc == WASMC_OK) {
        result(n, "FAIL module linked and instantiated");
      } else {
        result(n, "FAIL instantiation error %d: %s %s", rc, err.message, err.detail);
      }
    } else {
      if (rc == WASMC_ERR_TRAP) {
        if (text_matches(arg, err.trap.message))
          result(n, "ok");
        else
          result(n, "FAIL trap \"%s\", expected \"%s\"", err.trap.message, arg ? arg : "");
      } else if (rc == WASMC_OK) {
        result(n, "FAIL module instantiated without trapping");
      } else {
        result(n, "FAIL instantiation error %d: %s %s", rc, err.message, err.detail);
      }
    }
    return;
  }

  if (strcmp(cmd, "register") == 0) {
    char *as = NULL, *name = NULL;
    if (!decode_str(tok_next(&p), &as) || !as || !decode_str(tok_next(&p), &name)) {
      result(n, "FAIL bad command");
      return;
    }
    wasmc_instance *inst = name ? lookup(named, n_named, name) : current;
    if (!inst || bind(registered, &n_registered, as, inst) != 0)
      result(n, "FAIL cannot register");
    else
      result(n, "ok");
    return;
  }

  static action a;
  if (!parse_action(&p, &a)) {
    result(n, "FAIL bad command");
    return;
  }
  static outcome o;
  if (strcmp(cmd, "action") == 0) {
    run_action(&a, &o);
    if (o.status < 0) result(n, "FAIL %s", o.msg);
    else if (o.status > 0) result(n, "FAIL trapped: %s", o.msg);
    else result(n, "ok");
    return;
  }
  if (strcmp(cmd, "return") == 0) {
    static val exp[MAX_VALS][MAX_EITHER];
    static unsigned nalt[MAX_VALS];
    char *ntok2 = tok_next(&p);
    unsigned nexp = ntok2 ? (unsigned)strtoul(ntok2, NULL, 10) : MAX_VALS + 1;
    if (nexp > MAX_VALS) {
      result(n, "FAIL bad command");
      return;
    }
    for (unsigned i = 0; i < nexp; i++) {
      char *t = tok_next(&p);
      nalt[i] = 1;
      if (t && strcmp(t, "either") == 0) {
        char *k = tok_next(&p);
        nalt[i] = k ? (unsigned)strtoul(k, NULL, 10) : 0;
        if (nalt[i] < 1 || nalt[i] > MAX_EITHER) {
          result(n, "FAIL bad command");
          return;
        }
        t = tok_next(&p);
      }
      for (unsigned j = 0; j < nalt[i]; j++) {
        if (j) t = tok_next(&p);
        if (!parse_val(t, &exp[i][j])) {
          result(n, "FAIL bad command");
          return;
        }
      }
    }
    run_action(&a, &o);
    if (o.status < 0) {
      result(n, "FAIL %s", o.msg);
      return;
    }
    if (o.status > 0) {
      result(n, "FAIL trapped: %s", o.msg);
      return;
    }
    if (o.nres != nexp) {
      result(n, "FAIL %u results, expected %u", o.nres, nexp);
      return;
    }
    const char *rt = strchr(o.sig, ':') + 1;
    for (unsigned i = 0; i < nexp; i++) {
      bool any = false;
      for (unsigned j = 0; j < nalt[i] && !any; j++) any = val_matches(&exp[i][j], rt[i], &o.vals[o.slot[i]]);
      if (!any) {
        char got[64];
        fmt_val(got, sizeof got, rt[i], &o.vals[o.slot[i]]);
        if (nalt[i] > 1) result(n, "FAIL result %u is %s, none of the %u allowed values", i, got, nalt[i]);
        else result(n, "FAIL result %u is %s", i, got);
        return;
      }
    }
    result(n, "ok");
    return;
  }
  if (strcmp(cmd, "trap") == 0 || strcmp(cmd, "exhaust") == 0) {
    char *text = NULL;
    if (!decode_str(tok_next(&p), &text)) {
      result(n, "FAIL bad command");
      return;
    }
    run_action(&a, &o);
    if (o.status < 0) {
      result(n, "FAIL %s", o.msg);
      return;
    }
    if (o.status == 0) {
      result(n, "FAIL returned without trapping");
      return;
    }
    if (strcmp(cmd, "exhaust") == 0 && o.status != WASMC_TRAP_STACK_EXHAUSTED) {
      result(n, "FAIL trapped \"%s\" instead of exhausting the stack", o.msg);
      return;
    }
    if (!text_matches(text, o.msg)) {
      result(n, "FAIL trapped \"%s\", expected \"%s\"", o.msg, text ? text : "");
      return;
    }
    result(n, "ok");
    return;
  }
  if (strcmp(cmd, "exception") == 0) { /* assert_exception: the call throws to the host */
    run_action(&a, &o);
    if (o.status < 0) {
      result(n, "FAIL %s", o.msg);
      return;
    }
    if (o.status != WASMC_TRAP_UNCAUGHT_EXCEPTION) {
      result(n, o.status ? "FAIL trapped \"%s\" instead of throwing" : "FAIL returned without throwing", o.msg);
      return;
    }
    result(n, "ok");
    return;
  }
  result(n, "FAIL unknown command %s", cmd);
}

static void run_all(void *arg) {
  driver *d = arg;
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, d->in)) > 0) {
    if (line[len - 1] == '\n') line[--len] = '\0';
    if (len == 0 || line[0] == '#') continue;
    run_line(line);
  }
  free(line);
  d->status = 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s COMMANDS [-v]\n", argv[0]);
    return 2;
  }
  spec_verbose = argc > 2 && strcmp(argv[2], "-v") == 0;
  driver d = {fopen(argv[1], "r"), 1};
  if (!d.in) {
    perror(argv[1]);
    return 2;
  }
  if (wasmc_runtime_init() != 0 || spectest_init() != 0) {
    fprintf(stderr, "driver: cannot initialise the runtime or the spectest module\n");
    return 2;
  }
  int err = wasmc_run_on_wasm_stack(run_all, &d, 0);
  if (err) {
    fprintf(stderr, "driver: cannot start the wasm thread: %s\n", strerror(err));
    return 2;
  }
  fclose(d.in);
  return d.status;
}
