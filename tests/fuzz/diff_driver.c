/*
 * tests/fuzz/diff_driver.c — the wasmc side of the differential fuzzer
 * (tests/fuzz/diff.py).
 *
 * Linked with the objects of a batch of modules (wasmc --emit=obj
 * --allow-imports --module-symbol wasmc_fuzz_m<k>) and a generated
 * modules.c that lists their descriptors:
 *
 *   extern const wasmc_module *const fuzz_modules[];   // NULL: not compiled
 *   extern const unsigned fuzz_n_modules;
 *
 * `diff_driver K` instantiates module K and does what Binaryen's
 * `wasm-opt --fuzz-exec-before` does with it (src/tools/execution-results.h):
 * for every function export, in export order, print
 * `[fuzz-exec] calling NAME`, call `hangLimitInitializer` first when the
 * module exports it, call the function with zero arguments, and print
 * `[fuzz-exec] note result: NAME => VALUE` for a function with results.
 * The imports `fuzzing-support` `log-i32/i64/f32/f64/v128` print
 * `[LoggingExternalInterface logging V...]` (an i64 as its low and high
 * 32-bit halves, as Binaryen does).  A trap prints `[trap MESSAGE]` (wasmc's
 * text: diff.py maps both sides' texts to trap kinds), an uncaught wasm
 * exception `[exception thrown]`.  The state of the instance carries from
 * one export to the next, as in Binaryen's interpreter.
 *
 * Value formats: integers in decimal, signed; f32/f64 with 17 significant
 * digits (%.17g: diff.py compares the numbers, not the text), a NaN as
 * Binaryen prints it, `[-]nan:0xMANTISSA`; v128 as
 * `i32x4 0xAAAAAAAA ...`; references as `ref` (Binaryen prints the type).
 * Exit status 0 when the module ran (whatever it trapped), 2 when it could
 * not be instantiated by the runtime for a reason other than a trap.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasmc_runtime.h"

extern const wasmc_module *const fuzz_modules[];
extern const unsigned fuzz_n_modules;

typedef uint64_t v128_t __attribute__((vector_size(16)));

/* Binaryen's text for a float: a NaN as [-]nan:0xMANTISSA, else %.17g */
static void print_f32(float f) {
  uint32_t b;
  memcpy(&b, &f, 4);
  if (f != f) printf("%snan:0x%" PRIx32, b >> 31 ? "-" : "", b & 0x7fffffu);
  else printf("%.17g", (double)f);
}
static void print_f64(double d) {
  uint64_t b;
  memcpy(&b, &d, 8);
  if (d != d) printf("%snan:0x%" PRIx64, b >> 63 ? "-" : "", b & UINT64_C(0xfffffffffffff));
  else printf("%.17g", d);
}

static void log_i32(wasmc_instance *inst, int32_t v) {
  (void)inst;
  printf("[LoggingExternalInterface logging %" PRId32 "]\n", v);
}
static void log_i64(wasmc_instance *inst, int64_t v) {
  (void)inst;
  uint64_t u = (uint64_t)v;
  printf("[LoggingExternalInterface logging %" PRId32 " %" PRId32 "]\n", (int32_t)(uint32_t)u,
         (int32_t)(uint32_t)(u >> 32));
}
static void log_f32(wasmc_instance *inst, float v) {
  (void)inst;
  fputs("[LoggingExternalInterface logging ", stdout);
  print_f32(v);
  fputs("]\n", stdout);
}
static void log_f64(wasmc_instance *inst, double v) {
  (void)inst;
  fputs("[LoggingExternalInterface logging ", stdout);
  print_f64(v);
  fputs("]\n", stdout);
}
static void print_v128(const uint64_t *v) {
  fputs("i32x4", stdout);
  for (int i = 0; i < 4; i++) printf(" 0x%08" PRIx32, (uint32_t)(v[i / 2] >> (32 * (i % 2))));
}
static void log_v128(wasmc_instance *inst, v128_t v) {
  (void)inst;
  uint64_t w[2];
  memcpy(w, &v, sizeof w);
  fputs("[LoggingExternalInterface logging ", stdout);
  print_v128(w);
  fputs("]\n", stdout);
}

static const struct {
  const char *name;
  void *code;
  const char *sig;
} logs[] = {
    {"log-i32", (void *)log_i32, "i:"}, {"log-i64", (void *)log_i64, "I:"},
    {"log-f32", (void *)log_f32, "f:"}, {"log-f64", (void *)log_f64, "F:"},
    {"log-v128", (void *)log_v128, "V:"},
};

static int resolve(void *ctx, const char *module, const char *name, uint32_t kind,
                   wasmc_extern *out) {
  (void)ctx;
  (void)kind;
  if (strcmp(module, "fuzzing-support") != 0) return -1;
  memset(out, 0, sizeof *out);
  for (size_t i = 0; i < sizeof logs / sizeof logs[0]; i++)
    if (strcmp(name, logs[i].name) == 0) {
      out->kind = WASMC_EXTERN_FUNC;
      out->host_code = logs[i].code;
      out->host_type_id = wasmc_type_id(logs[i].sig);
      return 0;
    }
  return -1;
}

/* One value of signature character t from slots vp. */
static void print_val(char t, const uint64_t *vp) {
  switch (t) {
  case 'i': printf("%" PRId32, (int32_t)(uint32_t)vp[0]); break;
  case 'I': printf("%" PRId64, (int64_t)vp[0]); break;
  case 'f': {
    float f;
    uint32_t b = (uint32_t)vp[0];
    memcpy(&f, &b, 4);
    print_f32(f);
    break;
  }
  case 'F': {
    double d;
    memcpy(&d, vp, 8);
    print_f64(d);
    break;
  }
  case 'V': print_v128(vp); break;
  default: fputs("ref", stdout);
  }
}

#define MAX_SLOTS 256

/* Calls f with zero arguments; prints the outcome.  Returns the trap code. */
static int call_zero(const char *name, const wasmc_funcref *f, int print) {
  const char *sig = wasmc_func_signature(f);
  uint64_t vals[MAX_SLOTS] = {0};
  const char *colon = sig ? strchr(sig, ':') : NULL;
  if (!colon || strlen(sig) * 2 > MAX_SLOTS) {
    printf("[driver: cannot call %s]\n", name);
    return -1;
  }
  wasmc_trap_info info;
  int rc = wasmc_call(f, vals, &info);
  if (rc < 0) {
    printf("[driver: wasmc_call refused %s]\n", name);
    return rc;
  }
  if (rc == WASMC_TRAP_UNCAUGHT_EXCEPTION) {
    printf("[exception thrown]\n");
    return rc;
  }
  if (rc) {
    printf("[trap %s]\n", info.message);
    return rc;
  }
  size_t nr = strlen(colon + 1);
  if (!print || nr == 0) return 0;
  printf("[fuzz-exec] note result: %s => ", name);
  if (nr > 1) putchar('(');
  unsigned slot = 0;
  for (size_t i = 0; i < nr; i++) {
    char t = colon[1 + i];
    if (i) fputs(", ", stdout);
    print_val(t, &vals[slot]);
    slot += t == 'V' ? 2 : 1;
  }
  if (nr > 1) putchar(')');
  putchar('\n');
  return 0;
}

typedef struct run_arg {
  unsigned k;
  int status;
} run_arg;

static void run_module(void *p) {
  run_arg *a = p;
  const wasmc_module *m = fuzz_modules[a->k];
  wasmc_instance *inst = NULL;
  wasmc_error err;
  int rc = wasmc_instance_create(m, resolve, NULL, &inst, &err);
  if (rc == WASMC_ERR_TRAP) {
    /* Binaryen's ExecutionResults stops silently when instantiation traps */
    printf("[instantiation trapped]\n");
    a->status = 0;
    return;
  }
  if (rc) {
    fprintf(stderr, "diff_driver: cannot instantiate module %u: error %d\n", a->k, rc);
    a->status = 2;
    return;
  }
  const wasmc_funcref *hang = wasmc_instance_export_func(inst, "hangLimitInitializer");
  for (uint32_t i = 0; i < m->n_exports; i++) {
    const wasmc_export_desc *e = &m->exports[i];
    if (e->kind != WASMC_EXTERN_FUNC) continue;
    size_t len = e->name_len ? e->name_len : strlen(e->name);
    wasmc_extern ext;
    if (wasmc_instance_export_n(inst, e->name, len, &ext) != 0) continue;
    printf("[fuzz-exec] calling %.*s\n", (int)len, e->name);
    if (hang && call_zero("hangLimitInitializer", hang, 0) != 0) continue;
    char name[512];
    snprintf(name, sizeof name, "%.*s", (int)len, e->name);
    call_zero(name, ext.func, 1);
    fflush(stdout);
  }
  a->status = 0;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s MODULE_INDEX\n", argv[0]);
    return 2;
  }
  unsigned k = (unsigned)strtoul(argv[1], NULL, 10);
  if (k >= fuzz_n_modules || !fuzz_modules[k]) {
    fprintf(stderr, "diff_driver: no module %u\n", k);
    return 2;
  }
  if (wasmc_runtime_init() != 0) {
    fprintf(stderr, "diff_driver: cannot initialise the runtime\n");
    return 2;
  }
  run_arg a = {k, 1};
  int err = wasmc_run_on_wasm_stack(run_module, &a, 0);
  if (err) {
    fprintf(stderr, "diff_driver: cannot start the wasm thread: %s\n", strerror(err));
    return 2;
  }
  fflush(stdout);
  return a.status;
}
