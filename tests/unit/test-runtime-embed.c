/*
 * test-runtime-embed.c — the generic embedding calls used by hosts and the
 * spec-test harness (docs/embedding.md): export lookup by name with length
 * (names may contain NUL bytes, ABI v3 name_len), wasmc_func_signature,
 * wasmc_invoke / wasmc_call through the signature's invoke trampoline
 * (multi-value results, traps caught, instance usable afterwards), and host
 * code bound to the importer being callable the same way.
 */
#include "test-runtime.h"

/* ---- generated-code stand-ins --------------------------------------------- */

/* (func (param i32 i32) (result i32 i64)) : x/y, and x * 2^32 as i64 */
typedef struct pair { int32_t a; int64_t b; } pair;
static pair f_divpair(wasmc_instance *inst, int32_t x, int32_t y) {
  if (y == 0) wasmc_rt_trap(inst, WASMC_TRAP_DIV_BY_ZERO, 1);
  return (pair){x / y, (int64_t)x * 4294967296LL};
}
/* What the compiler emits for "ii:iI". */
static void invoke_ii_iI(void *fn, wasmc_instance *inst, uint64_t *vals) {
  pair r = ((pair(*)(wasmc_instance *, int32_t, int32_t))fn)(inst, (int32_t)vals[0], (int32_t)vals[1]);
  vals[0] = (uint32_t)r.a;
  vals[1] = (uint64_t)r.b;
}

static float f_neg(wasmc_instance *inst, float x) {
  (void)inst;
  return -x;
}
static void invoke_f_f(void *fn, wasmc_instance *inst, uint64_t *vals) {
  float x;
  uint32_t bits = (uint32_t)vals[0];
  memcpy(&x, &bits, 4);
  float r = ((float (*)(wasmc_instance *, float))fn)(inst, x);
  memcpy(&bits, &r, 4);
  vals[0] = bits;
}

/* Host function imported as "host"."twice" (i:i), bound to the importer. */
static wasmc_instance *seen_importer;
static int32_t host_twice(wasmc_instance *importer, int32_t x) {
  seen_importer = importer;
  return 2 * x;
}
static void invoke_i_i(void *fn, wasmc_instance *inst, uint64_t *vals) {
  vals[0] = (uint32_t)((int32_t(*)(wasmc_instance *, int32_t))fn)(inst, (int32_t)vals[0]);
}

static int resolve(void *ctx, const char *module, const char *name, uint32_t kind,
                   wasmc_extern *out) {
  (void)ctx;
  (void)kind;
  if (strcmp(module, "host") || strcmp(name, "twice")) return 1;
  memset(out, 0, sizeof *out);
  out->kind = WASMC_EXTERN_FUNC;
  out->host_code = (void *)host_twice;
  out->host_type_id = wasmc_type_id("i:i");
  return 0;
}

static wasmc_func_desc funcs[3];
static const wasmc_import_desc imports[] = {{"host", "twice", WASMC_EXTERN_FUNC, 0}};
/* "\0a" and "" are different names; so are "neg" and "neg\0". */
static const wasmc_export_desc exports[] = {
    {"divpair", WASMC_EXTERN_FUNC, 1, 0, 0},
    {"\0a", WASMC_EXTERN_FUNC, 2, 2, 0},
    {"", WASMC_EXTERN_FUNC, 1, 0, 0},
    {"neg\0", WASMC_EXTERN_FUNC, 1, 4, 0},
    {"neg", WASMC_EXTERN_FUNC, 2, 0, 0},
    {"twice", WASMC_EXTERN_FUNC, 0, 0, 0},
};
static wasmc_module mod;

static void setup(void) {
  funcs[0] = test_func(NULL, "host.twice", "i:i");
  funcs[0].invoke = invoke_i_i;
  funcs[1] = test_func((void *)f_divpair, "divpair", "ii:iI");
  funcs[1].invoke = invoke_ii_iI;
  funcs[2] = test_func((void *)f_neg, "neg", "f:f");
  funcs[2].invoke = invoke_f_f;
  mod = test_blank_module();
  mod.n_funcs = 3, mod.n_imported_funcs = 1, mod.funcs = funcs;
  mod.n_imports = 1, mod.imports = imports;
  mod.n_exports = 6, mod.exports = exports;
}

static void test_export_names_with_nul(wasmc_instance *inst) {
  wasmc_extern e;
  CHECK_EQ(wasmc_instance_export_n(inst, "\0a", 2, &e), 0);
  CHECK(e.func == inst->funcs[2]);
  CHECK_EQ(wasmc_instance_export(inst, "", &e), 0);
  CHECK(e.func == inst->funcs[1]);
  CHECK_EQ(wasmc_instance_export_n(inst, "neg\0", 4, &e), 0);
  CHECK(e.func == inst->funcs[1]);
  CHECK_EQ(wasmc_instance_export(inst, "neg", &e), 0);
  CHECK(e.func == inst->funcs[2]);
  CHECK_EQ(wasmc_instance_export_n(inst, "\0", 1, &e), -1);
  CHECK_EQ(wasmc_instance_export_n(inst, "\0ab", 3, &e), -1);
}

static void test_call(wasmc_instance *inst) {
  const wasmc_funcref *dp = wasmc_instance_export_func(inst, "divpair");
  CHECK(dp != NULL);
  CHECK_STR(wasmc_func_signature(dp), "ii:iI");
  uint64_t vals[2] = {(uint32_t)-7, 2};
  wasmc_trap_info info;
  CHECK_EQ(wasmc_call(dp, vals, &info), 0);
  CHECK_EQ(vals[0], (uint32_t)-3);
  CHECK_EQ(vals[1], (uint64_t)(-7LL * 4294967296LL));
  CHECK_EQ(info.code, WASMC_TRAP_NONE);

  /* A trap is caught, reported, and the instance stays usable. */
  vals[0] = 1, vals[1] = 0;
  CHECK_EQ(wasmc_call(dp, vals, &info), WASMC_TRAP_DIV_BY_ZERO);
  CHECK_EQ(info.code, WASMC_TRAP_DIV_BY_ZERO);
  CHECK_STR(info.message, "integer divide by zero");
  CHECK_STR(info.func_name, "divpair");
  vals[0] = 9, vals[1] = 3;
  CHECK_EQ(wasmc_call(dp, vals, NULL), 0);
  CHECK_EQ(vals[0], 3);

  /* wasmc_invoke inside the caller's own wasmc_try. */
  const wasmc_funcref *neg = wasmc_instance_export_func(inst, "neg");
  float x = 1.5f;
  uint32_t bits;
  memcpy(&bits, &x, 4);
  vals[0] = bits;
  CHECK_EQ(wasmc_invoke(neg, vals), 0);
  memcpy(&x, &vals[0], 4);
  CHECK(x == -1.5f);

  /* Host code bound to the importer: its descriptor's instance is the
   * importer, and the importer's module provides the trampoline. */
  const wasmc_funcref *tw = wasmc_instance_export_func(inst, "twice");
  CHECK_STR(wasmc_func_signature(tw), "i:i");
  vals[0] = 21;
  seen_importer = NULL;
  CHECK_EQ(wasmc_call(tw, vals, NULL), 0);
  CHECK_EQ(vals[0], 42);
  CHECK(seen_importer == inst);
}

static void test_refused(wasmc_instance *inst) {
  uint64_t vals[2] = {0, 0};
  wasmc_trap_info info;
  CHECK_EQ(wasmc_call(NULL, vals, &info), -1);
  CHECK_EQ(info.code, WASMC_TRAP_NONE);
  CHECK(wasmc_func_signature(NULL) == NULL);
  /* A descriptor the runtime did not make (no instance). */
  wasmc_funcref foreign = {(void *)f_neg, NULL, wasmc_type_id("f:f"), 2, 0, NULL};
  CHECK_EQ(wasmc_invoke(&foreign, vals), -1);
  /* A type id that does not match the module's function. */
  wasmc_funcref wrong = {(void *)f_neg, inst, wasmc_type_id("i:i"), 2, 0, NULL};
  CHECK_EQ(wasmc_call(&wrong, vals, NULL), -1);
}

static wasmc_instance *the_inst;
static void run_export_names(void) { test_export_names_with_nul(the_inst); }
static void run_call(void) { test_call(the_inst); }
static void run_refused(void) { test_refused(the_inst); }

int main(void) {
  setup();
  the_inst = test_instantiate(&mod, resolve, NULL);
  RUN(run_export_names);
  RUN(run_call);
  RUN(run_refused);
  wasmc_instance_destroy(the_inst);
  return test_finish("test-runtime-embed");
}
