/*
 * test-runtime-instance.c — instantiation (spec 4.5.4) of hand-written
 * module descriptors: imports between instances and from the host, import
 * matching (spec 4.5.2), global initialisation, segment order and the
 * effects that survive a trapping instantiation, start functions, exports.
 */
#include "test-runtime.h"

#if defined(__x86_64__) && defined(__linux__)
#include <asm/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

/* ---- module A: the exporter ------------------------------------------- */

static int32_t a_add(wasmc_instance *inst, int32_t x, int32_t y) {
  (void)inst;
  return x + y;
}
static wasmc_func_desc a_funcs[1];
/* (global i32 (i32.const 42)) (global (mut i32) (i32.const 7)) */
static const wasmc_global_desc a_globals[2] = {{WASMC_I32, 0, CONST_EXPR(0x41, 42)},
                                               {WASMC_I32, 1, CONST_EXPR(0x41, 7)}};
/* memory 1: a 64-bit memory (memory64, ABI v13) */
static const wasmc_memory_desc a_mems[2] = {{1, 2, 1, 0}, {1, 2, 1, WASMC_MEMORY_DESC_64}};
static const wasmc_table_desc a_tables[1] = {{WASMC_FUNCREF, 4, 8, 1}};
static const wasmc_export_desc a_exports[] = {
    {"add", WASMC_EXTERN_FUNC, 0, 0, 0},  {"mem", WASMC_EXTERN_MEMORY, 0, 0, 0},
    {"tab", WASMC_EXTERN_TABLE, 0, 0, 0}, {"g", WASMC_EXTERN_GLOBAL, 0, 0, 0},
    {"gm", WASMC_EXTERN_GLOBAL, 1, 0, 0}, {"mem64", WASMC_EXTERN_MEMORY, 1, 0, 0},
};
static wasmc_module mod_a;
static wasmc_instance *inst_a;

/* Resolver: module "A" is inst_a, "host" has one function bound to the
 * importer, and nothing else exists. */
static int32_t host_fn(wasmc_instance *importer, int32_t x) {
  return x * 2 + (importer ? 1 : 0);
}
static int resolve(void *ctx, const char *module, const char *name, uint32_t kind,
                   wasmc_extern *out) {
  (void)ctx;
  (void)kind;
  if (strcmp(module, "A") == 0) return wasmc_instance_export(inst_a, name, out);
  if (strcmp(module, "host") == 0 && strcmp(name, "fn") == 0) {
    memset(out, 0, sizeof *out);
    out->kind = WASMC_EXTERN_FUNC;
    out->host_code = (void *)host_fn;
    out->host_type_id = wasmc_type_id("i:i");
    return 0;
  }
  return 1;
}

/* ---- module B: imports everything from A -------------------------------- */

static int b_started;
static int32_t b_own(wasmc_instance *inst, int32_t x, int32_t y) {
  (void)inst;
  return x * y;
}
static void b_start(wasmc_instance *inst) {
  b_started++;
  inst->mem0_base[1] = 'b';  /* runs after the data segments */
}
static const uint8_t b_bytes[] = "B";
static wasmc_func_desc b_funcs[4];
/* (global i32 (i32.add (global.get $imported_g) (i32.const 1))) */
static const wasmc_global_desc b_globals[2] = {{WASMC_I32, 0, NO_EXPR},
                                               {WASMC_I32, 0, CONST_EXPR(0x23, 0, 0x41, 1, 0x6a)}};
static const wasmc_memory_desc b_mems[1] = {{1, 2, 1, 0}};
static const wasmc_table_desc b_tables[1] = {{WASMC_FUNCREF, 4, 0, 0}};
static const wasmc_import_desc b_imports[] = {
    {"A", "add", WASMC_EXTERN_FUNC, 0},   {"host", "fn", WASMC_EXTERN_FUNC, 1},
    {"A", "mem", WASMC_EXTERN_MEMORY, 0}, {"A", "tab", WASMC_EXTERN_TABLE, 0},
    {"A", "g", WASMC_EXTERN_GLOBAL, 0},
};
static const wasmc_export_desc b_exports[] = {{"own", WASMC_EXTERN_FUNC, 2, 0, 0},
                                                {"gb", WASMC_EXTERN_GLOBAL, 1, 0, 0}};
/* (elem (i32.const 1) $own $imported_add) (data (i32.const 0) "B"), the
 * elements as expressions (ref.func 2) (ref.func 0) */
static const wasmc_elem_desc b_elems[1] = {{WASMC_SEGMENT_ACTIVE, 0, 2, WASMC_FUNCREF, CONST_EXPR(0x41, 1), NULL,
                                            CONST_EXPR(0xd2, 2, 0x0b, 0xd2, 0, 0x0b)}};
static const wasmc_data_desc b_data[1] = {{b_bytes, 1, WASMC_SEGMENT_ACTIVE, 0, 0, CONST_EXPR(0x41, 0)}};
static wasmc_module mod_b;

static void setup(void) {
  a_funcs[0] = test_func((void *)a_add, "add", "ii:i");
  mod_a = test_blank_module();
  mod_a.name = "A";
  mod_a.instance_size = WASMC_INSTANCE_GLOBALS_OFFSET + 2 * WASMC_GLOBAL_CELL_SIZE;
  mod_a.n_funcs = 1, mod_a.funcs = a_funcs;
  mod_a.n_globals = 2, mod_a.globals = a_globals;
  mod_a.n_memories = 2, mod_a.memories = a_mems;
  mod_a.n_tables = 1, mod_a.tables = a_tables;
  mod_a.n_exports = 6, mod_a.exports = a_exports;

  b_funcs[0] = test_func(NULL, "A.add", "ii:i");
  b_funcs[1] = test_func(NULL, "host.fn", "i:i");
  b_funcs[2] = test_func((void *)b_own, "own", "ii:i");
  b_funcs[3] = test_func((void *)b_start, "start", ":");
  mod_b = test_blank_module();
  mod_b.name = "B";
  mod_b.instance_size = WASMC_INSTANCE_GLOBALS_OFFSET + WASMC_GLOBAL_CELL_SIZE;
  mod_b.n_funcs = 4, mod_b.n_imported_funcs = 2, mod_b.funcs = b_funcs;
  mod_b.n_globals = 2, mod_b.n_imported_globals = 1, mod_b.globals = b_globals;
  mod_b.n_memories = 1, mod_b.n_imported_memories = 1, mod_b.memories = b_mems;
  mod_b.n_tables = 1, mod_b.n_imported_tables = 1, mod_b.tables = b_tables;
  mod_b.n_imports = 5, mod_b.imports = b_imports;
  mod_b.n_exports = 2, mod_b.exports = b_exports;
  mod_b.n_elems = 1, mod_b.elems = b_elems;
  mod_b.n_data = 1, mod_b.data = b_data;
  mod_b.start_func = 3;
}

static void test_exporter(void) {
  inst_a = test_instantiate(&mod_a, NULL, NULL);
  CHECK_EQ(*(int32_t *)inst_a->globals[0], 42);
  CHECK((uint8_t *)inst_a->globals[0] == (uint8_t *)inst_a + WASMC_INSTANCE_GLOBALS_OFFSET);
  CHECK((uint8_t *)inst_a->globals[1] ==
        (uint8_t *)inst_a + WASMC_INSTANCE_GLOBALS_OFFSET + WASMC_GLOBAL_CELL_SIZE);
  wasmc_extern e;
  CHECK_EQ(wasmc_instance_export(inst_a, "gm", &e), 0);
  CHECK_EQ(e.kind, WASMC_EXTERN_GLOBAL);
  CHECK_EQ(e.global_type, WASMC_I32);
  CHECK_EQ(e.global_mutable, 1);
  CHECK(e.global == inst_a->globals[1]);
  CHECK_EQ(wasmc_instance_export(inst_a, "nope", &e), -1);
  CHECK(wasmc_instance_export_func(inst_a, "mem") == NULL);
  const wasmc_funcref *add = wasmc_instance_export_func(inst_a, "add");
  CHECK(add != NULL && add == inst_a->funcs[0]);
  if (add) CHECK_EQ(((int32_t(*)(wasmc_instance *, int32_t, int32_t))add->func)(add->instance, 2, 3), 5);
}

static void test_importer(void) {
  b_started = 0;
  wasmc_instance *b = test_instantiate(&mod_b, resolve, NULL);
  CHECK(b->funcs[0] == inst_a->funcs[0]);               /* the exporter's descriptor */
  CHECK(b->funcs[1]->instance == b);                    /* host code bound to B */
  CHECK_EQ(((int32_t(*)(wasmc_instance *, int32_t))b->funcs[1]->func)(b->funcs[1]->instance, 5), 11);
  CHECK(b->memories[0] == inst_a->memories[0]);
  CHECK(b->mem0_base == inst_a->mem0_base);
  CHECK(b->tables[0] == inst_a->tables[0]);
  CHECK(b->globals[0] == inst_a->globals[0]);
  CHECK_EQ(*(int32_t *)b->globals[1], 43);
  CHECK_EQ(b_started, 1);
  CHECK_EQ(inst_a->mem0_base[0], 'B');
  CHECK_EQ(inst_a->mem0_base[1], 'b');
  void **tab = inst_a->tables[0]->elems;
  CHECK(tab[1] == b->funcs[2] && tab[2] == inst_a->funcs[0]);
  const wasmc_funcref *own = tab[1];
  CHECK_EQ(((int32_t(*)(wasmc_instance *, int32_t, int32_t))own->func)(own->instance, 6, 7), 42);
  wasmc_instance_destroy(b);
  /* A's objects outlive B. */
  CHECK_EQ(inst_a->mem0_base[0], 'B');
  tab[1] = tab[2] = NULL;
}

/* Instantiate a one-import module importing (module, name) as `imp`. */
static int try_import(wasmc_import_desc imp, const wasmc_func_desc *fdesc,
                      const wasmc_memory_desc *mdesc, const wasmc_table_desc *tdesc,
                      const wasmc_global_desc *gdesc, wasmc_error *err) {
  wasmc_module m = test_blank_module();
  m.name = "probe";
  m.n_imports = 1;
  m.imports = &imp;
  switch (imp.kind) {
  case WASMC_EXTERN_FUNC: m.n_funcs = m.n_imported_funcs = 1, m.funcs = fdesc; break;
  case WASMC_EXTERN_MEMORY: m.n_memories = m.n_imported_memories = 1, m.memories = mdesc; break;
  case WASMC_EXTERN_TABLE: m.n_tables = m.n_imported_tables = 1, m.tables = tdesc; break;
  case WASMC_EXTERN_GLOBAL: m.n_globals = m.n_imported_globals = 1, m.globals = gdesc; break;
  }
  wasmc_instance *inst = NULL;
  int rc = wasmc_instance_create(&m, resolve, NULL, &inst, err);
  if (rc == WASMC_OK) wasmc_instance_destroy(inst);
  return rc;
}

#define EXPECT_IMPORT(rc_want, imp, f, mm, t, g)                          \
  do {                                                                    \
    wasmc_error err_;                                                     \
    int rc_ = try_import(imp, f, mm, t, g, &err_);                        \
    CHECK_EQ(rc_, rc_want);                                               \
    if (rc_want == WASMC_ERR_INCOMPATIBLE_IMPORT && rc_ == rc_want)       \
      CHECK_STR(err_.message, "incompatible import type");                \
  } while (0)

static void test_import_matching(void) {
  wasmc_import_desc f = {"A", "add", WASMC_EXTERN_FUNC, 0};
  wasmc_func_desc good = test_func(NULL, "add", "ii:i"), bad = test_func(NULL, "add", "i:i");
  EXPECT_IMPORT(WASMC_OK, f, &good, NULL, NULL, NULL);
  EXPECT_IMPORT(WASMC_ERR_INCOMPATIBLE_IMPORT, f, &bad, NULL, NULL, NULL);
  wasmc_func_desc host_bad = test_func(NULL, "fn", "I:i");
  EXPECT_IMPORT(WASMC_ERR_INCOMPATIBLE_IMPORT, ((wasmc_import_desc){"host", "fn", WASMC_EXTERN_FUNC, 0}),
                &host_bad, NULL, NULL, NULL);

  wasmc_import_desc m = {"A", "mem", WASMC_EXTERN_MEMORY, 0};
  wasmc_memory_desc m_ok1 = {1, 2, 1, 0}, m_ok2 = {0, WASMC_MAX_PAGES, 0, 0}, m_ok3 = {1, 3, 1, 0};
  wasmc_memory_desc m_min = {2, 2, 1, 0}, m_max = {1, 1, 1, 0};
  EXPECT_IMPORT(WASMC_OK, m, NULL, &m_ok1, NULL, NULL);
  EXPECT_IMPORT(WASMC_OK, m, NULL, &m_ok2, NULL, NULL);  /* no max wanted */
  EXPECT_IMPORT(WASMC_OK, m, NULL, &m_ok3, NULL, NULL);  /* max 2 <= 3 */
  EXPECT_IMPORT(WASMC_ERR_INCOMPATIBLE_IMPORT, m, NULL, &m_min, NULL, NULL);
  EXPECT_IMPORT(WASMC_ERR_INCOMPATIBLE_IMPORT, m, NULL, &m_max, NULL, NULL);
  /* index types must be equal (memory64): i32 "mem" and i64 "mem64" */
  wasmc_import_desc m64 = {"A", "mem64", WASMC_EXTERN_MEMORY, 0};
  wasmc_memory_desc m_ok64 = {1, 2, 1, WASMC_MEMORY_DESC_64}, m_nomax64 = {0, WASMC_MAX_PAGES64, 0, WASMC_MEMORY_DESC_64};
  wasmc_memory_desc m_max64 = {1, 1, 1, WASMC_MEMORY_DESC_64};
  EXPECT_IMPORT(WASMC_OK, m64, NULL, &m_ok64, NULL, NULL);
  EXPECT_IMPORT(WASMC_OK, m64, NULL, &m_nomax64, NULL, NULL);
  EXPECT_IMPORT(WASMC_ERR_INCOMPATIBLE_IMPORT, m64, NULL, &m_max64, NULL, NULL);
  EXPECT_IMPORT(WASMC_ERR_INCOMPATIBLE_IMPORT, m64, NULL, &m_ok1, NULL, NULL);
  EXPECT_IMPORT(WASMC_ERR_INCOMPATIBLE_IMPORT, m, NULL, &m_ok64, NULL, NULL);

  wasmc_import_desc t = {"A", "tab", WASMC_EXTERN_TABLE, 0};
  wasmc_table_desc t_ok = {WASMC_FUNCREF, 3, 8, 1}, t_type = {WASMC_EXTERNREF, 4, 8, 1};
  wasmc_table_desc t_min = {WASMC_FUNCREF, 5, 8, 1}, t_max = {WASMC_FUNCREF, 4, 7, 1};
  wasmc_table_desc t_nomax = {WASMC_FUNCREF, 0, UINT32_MAX, 0};
  EXPECT_IMPORT(WASMC_OK, t, NULL, NULL, &t_ok, NULL);
  EXPECT_IMPORT(WASMC_OK, t, NULL, NULL, &t_nomax, NULL);
  EXPECT_IMPORT(WASMC_ERR_INCOMPATIBLE_IMPORT, t, NULL, NULL, &t_type, NULL);
  EXPECT_IMPORT(WASMC_ERR_INCOMPATIBLE_IMPORT, t, NULL, NULL, &t_min, NULL);
  EXPECT_IMPORT(WASMC_ERR_INCOMPATIBLE_IMPORT, t, NULL, NULL, &t_max, NULL);

  wasmc_import_desc g = {"A", "g", WASMC_EXTERN_GLOBAL, 0}, gm = {"A", "gm", WASMC_EXTERN_GLOBAL, 0};
  wasmc_global_desc g_const = {WASMC_I32, 0, NO_EXPR}, g_mut = {WASMC_I32, 1, NO_EXPR},
                    g_i64 = {WASMC_I64, 0, NO_EXPR};
  EXPECT_IMPORT(WASMC_OK, g, NULL, NULL, NULL, &g_const);
  EXPECT_IMPORT(WASMC_OK, gm, NULL, NULL, NULL, &g_mut);
  EXPECT_IMPORT(WASMC_ERR_INCOMPATIBLE_IMPORT, g, NULL, NULL, NULL, &g_mut);
  EXPECT_IMPORT(WASMC_ERR_INCOMPATIBLE_IMPORT, gm, NULL, NULL, NULL, &g_const);
  EXPECT_IMPORT(WASMC_ERR_INCOMPATIBLE_IMPORT, g, NULL, NULL, NULL, &g_i64);

  /* Wrong kind: "add" imported as a memory. */
  EXPECT_IMPORT(WASMC_ERR_INCOMPATIBLE_IMPORT, ((wasmc_import_desc){"A", "add", WASMC_EXTERN_MEMORY, 0}),
                NULL, &m_ok2, NULL, NULL);

  wasmc_error err;
  CHECK_EQ(try_import((wasmc_import_desc){"A", "nope", WASMC_EXTERN_FUNC, 0}, &good, NULL, NULL, NULL, &err),
           WASMC_ERR_UNKNOWN_IMPORT);
  CHECK_STR(err.message, "unknown import");
  CHECK_STR(err.detail, "A.nope");
  CHECK_EQ(try_import((wasmc_import_desc){"Z", "add", WASMC_EXTERN_FUNC, 0}, &good, NULL, NULL, NULL, &err),
           WASMC_ERR_UNKNOWN_IMPORT);
}

/* ---- module C: a segment traps after an earlier one was applied ---------- */

static int32_t c_fn(wasmc_instance *inst) {
  (void)inst;
  return 77;
}
static int c_started;
static void c_start(wasmc_instance *inst) {
  (void)inst;
  c_started = 1;
}

/* two segments of c_fn, at 0 and at 4 (4 + 1 > size 4) */
static const uint32_t c_fn_index[1] = {2};
static const wasmc_elem_desc ce[2] = {
    {WASMC_SEGMENT_ACTIVE, 0, 1, WASMC_FUNCREF, CONST_EXPR(0x41, 0), c_fn_index, NO_EXPR},
    {WASMC_SEGMENT_ACTIVE, 0, 1, WASMC_FUNCREF, CONST_EXPR(0x41, 4), c_fn_index, NO_EXPR}};
static const uint8_t cbytes[] = "C";
static const wasmc_data_desc cd[1] = {{cbytes, 1, WASMC_SEGMENT_ACTIVE, 0, 0, CONST_EXPR(0x41, 0)}};

static void test_trap_keeps_earlier_effects(void) {
  static wasmc_func_desc cf[4];
  cf[0] = test_func(NULL, "A.add", "ii:i");
  cf[1] = test_func(NULL, "host.fn", "i:i");
  cf[2] = test_func((void *)c_fn, "c_fn", ":i");
  cf[3] = test_func((void *)c_start, "c_start", ":");
  /* Descriptors are static data in real use: the kept instance and the
   * function registry refer to it for the life of the process. */
  static wasmc_module c;
  c = mod_b;
  c.name = "C";
  c.instance_size = WASMC_INSTANCE_GLOBALS_OFFSET + WASMC_GLOBAL_CELL_SIZE;
  c.funcs = cf;
  c.n_exports = 0;
  c.elems = ce, c.n_elems = 2;
  c.data = cd, c.n_data = 1;
  c.start_func = 3;
  c_started = 0;

  inst_a->mem0_base[0] = 'x';
  wasmc_instance *inst = NULL;
  wasmc_error err;
  CHECK_EQ(wasmc_instance_create(&c, resolve, NULL, &inst, &err), WASMC_ERR_TRAP);
  CHECK(inst == NULL);
  CHECK_EQ(err.trap.code, WASMC_TRAP_ELEM_OOB);
  CHECK_STR(err.message, "out of bounds table access");
  CHECK_STR(err.trap.message, "out of bounds table access");
  /* First segment's effect is visible and callable; data and start never ran. */
  const wasmc_funcref *f = inst_a->tables[0]->elems[0];
  CHECK(f != NULL);
  if (f) {
    CHECK(f->func == (void *)c_fn);
    CHECK_EQ(((int32_t(*)(wasmc_instance *))f->func)(f->instance), 77);
    CHECK(f->instance != NULL && f->instance != inst_a && f->instance->module == &c);
  }
  CHECK_EQ(inst_a->mem0_base[0], 'x');
  CHECK_EQ(c_started, 0);
  inst_a->tables[0]->elems[0] = NULL;
}

/* ---- module D: data segment out of bounds; module E: start traps -------- */

static const uint8_t d0[] = "D", d1[] = "xy";
/* the second: 2 bytes at the last byte, (i32.const 65535) */
static const wasmc_data_desc dd[2] = {{d0, 1, WASMC_SEGMENT_ACTIVE, 0, 0, CONST_EXPR(0x41, 0)},
                                      {d1, 2, WASMC_SEGMENT_ACTIVE, 0, 0, CONST_EXPR(0x41, 0xff, 0xff, 0x03)}};

static void test_data_trap(void) {
  static const wasmc_import_desc di[1] = {{"A", "mem", WASMC_EXTERN_MEMORY, 0}};
  wasmc_module d = test_blank_module();
  d.name = "D";
  d.n_memories = d.n_imported_memories = 1, d.memories = b_mems;
  d.n_imports = 1, d.imports = di;
  d.n_data = 2, d.data = dd;
  wasmc_instance *inst = NULL;
  wasmc_error err;
  CHECK_EQ(inst_a->memories[0]->size, WASMC_PAGE_SIZE);
  CHECK_EQ(wasmc_instance_create(&d, resolve, NULL, &inst, &err), WASMC_ERR_TRAP);
  CHECK_EQ(err.trap.code, WASMC_TRAP_DATA_OOB);
  CHECK_STR(err.message, "out of bounds memory access");
  CHECK_EQ(inst_a->mem0_base[0], 'D');
  CHECK_EQ(inst_a->mem0_base[WASMC_PAGE_SIZE - 1], 0);  /* nothing of the failing segment */
}

static void e_start(wasmc_instance *inst) { wasmc_rt_trap(inst, WASMC_TRAP_UNREACHABLE, 0); }

static void test_start_trap(void) {
  static wasmc_func_desc ef[1];
  ef[0] = test_func((void *)e_start, "e_start", ":");
  wasmc_module e = test_blank_module();
  e.name = "E";
  e.n_funcs = 1, e.funcs = ef;
  e.start_func = 0;
  wasmc_instance *inst = NULL;
  wasmc_error err;
  CHECK_EQ(wasmc_instance_create(&e, NULL, NULL, &inst, &err), WASMC_ERR_TRAP);
  CHECK_EQ(err.trap.code, WASMC_TRAP_UNREACHABLE);
  CHECK_STR(err.trap.func_name, "e_start");
  CHECK_STR(err.message, "unreachable");
}

/* Constant expressions the descriptor check refuses (wrt_const_check), and
 * some it evaluates. */
static const wasmc_global_desc bad_globals[][1] = {
    {{WASMC_I32, 0, NO_EXPR}},                                /* no initialiser */
    {{WASMC_I32, 0, CONST_EXPR(0x42, 1)}},                    /* i64 for an i32 global */
    {{WASMC_I32, 0, CONST_EXPR(0x41, 0x80)}},                 /* LEB128 cut short */
    {{WASMC_I32, 0, CONST_EXPR(0x41, 1, 0x41, 2)}},           /* two values left */
    {{WASMC_I32, 0, CONST_EXPR(0x41, 1, 0x42, 2, 0x6a)}},     /* i32.add of an i64 */
    {{WASMC_I32, 0, CONST_EXPR(0x23, 5)}},                    /* global 5 of 1 */
    {{WASMC_FUNCREF, 0, CONST_EXPR(0xd2, 9)}},                /* function 9 of 0 */
    {{WASMC_FUNCREF, 0, CONST_EXPR(0xd0, 0x6f)}},             /* externref null for funcref */
    {{WASMC_I32, 0, CONST_EXPR(0x28, 2, 0)}},                 /* i32.load is not constant */
};
static wasmc_func_desc okf[1];
static const wasmc_global_desc ok_globals[4] = {
    {WASMC_V128, 0, CONST_EXPR(0xfd, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)},
    {WASMC_F64, 0, CONST_EXPR(0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f)},
    {WASMC_I64, 0, CONST_EXPR(0x42, 0x7f, 0x42, 3, 0x7e, 0x42, 1, 0x7d)}, /* -1 * 3 - 1 */
    {WASMC_FUNCREF, 0, CONST_EXPR(0xd2, 0)}};
static wasmc_module ok_module;

static void test_malformed(void) {
  wasmc_module m = test_blank_module();
  wasmc_instance *inst = NULL;
  wasmc_error err;
  m.abi_version = WASMC_ABI_VERSION + 1;
  CHECK_EQ(wasmc_instance_create(&m, NULL, NULL, &inst, &err), WASMC_ERR_MALFORMED);
  m = test_blank_module();
  m.n_globals = 1;
  m.globals = a_globals;
  m.instance_size = WASMC_INSTANCE_GLOBALS_OFFSET;  /* no room for the cell */
  CHECK_EQ(wasmc_instance_create(&m, NULL, NULL, &inst, &err), WASMC_ERR_MALFORMED);
  /* constant expressions the descriptor check refuses (wrt_const_check) */
  for (size_t k = 0; k < sizeof bad_globals / sizeof bad_globals[0]; k++) {
    m = test_blank_module();
    m.n_globals = 1, m.globals = bad_globals[k];
    m.instance_size = WASMC_INSTANCE_GLOBALS_OFFSET + WASMC_GLOBAL_CELL_SIZE;
    CHECK_EQ(wasmc_instance_create(&m, NULL, NULL, &inst, &err), WASMC_ERR_MALFORMED);
    CHECK_STR(err.detail, "bad global initialiser");
  }
  /* and the same evaluated: v128, f64, i64 arithmetic, a funcref */
  okf[0] = test_func((void *)a_add, "add", "ii:i");
  ok_module = test_blank_module();
  ok_module.name = "constexpr";
  ok_module.n_funcs = 1, ok_module.funcs = okf;
  ok_module.n_globals = 4, ok_module.globals = ok_globals;
  ok_module.instance_size = WASMC_INSTANCE_GLOBALS_OFFSET + 4 * WASMC_GLOBAL_CELL_SIZE;
  CHECK_EQ(wasmc_instance_create(&ok_module, NULL, NULL, &inst, &err), WASMC_OK);
  if (inst) {
    const uint8_t *v = inst->globals[0];
    CHECK_EQ(v[0], 1);
    CHECK_EQ(v[15], 16);
    CHECK(*(double *)inst->globals[1] == 1.0);
    CHECK_EQ(*(int64_t *)inst->globals[2], -4);
    CHECK(*(const wasmc_funcref **)inst->globals[3] == inst->funcs[0]);
    wasmc_instance_destroy(inst);
    inst = NULL;
  }
  m = test_blank_module();
  m.start_func = 3;
  CHECK_EQ(wasmc_instance_create(&m, NULL, NULL, &inst, &err), WASMC_ERR_MALFORMED);
  m = mod_b;
  m.n_imports = 4;  /* disagrees with the imported counts */
  CHECK_EQ(wasmc_instance_create(&m, resolve, NULL, &inst, &err), WASMC_ERR_MALFORMED);
  CHECK(inst == NULL);
  CHECK_EQ(wasmc_instance_create(&mod_b, NULL, NULL, &inst, &err), WASMC_ERR_UNKNOWN_IMPORT);
  /* A table too large to allocate fails closed. */
  static const wasmc_table_desc huge[1] = {{WASMC_FUNCREF, 0xF0000000u, 0, 0}};
  m = test_blank_module();
  m.n_tables = 1, m.tables = huge;
  CHECK_EQ(wasmc_instance_create(&m, NULL, NULL, &inst, &err), WASMC_ERR_RESOURCE);
}

/* ---- WASMC_MODULE_MEMORY0_GS (Segue): the gs base is memory 0 ----------- */

static void test_memory0_gs(void) {
  static const wasmc_memory_desc gm[1] = {{1, 1, 1, 0}};
  wasmc_module g = test_blank_module();
  g.name = "G";
  g.flags = WASMC_MODULE_MEMORY0_GS;
  g.n_memories = 1, g.memories = gm;
  wasmc_instance *inst = NULL;
  wasmc_error err;
#if defined(__x86_64__) && defined(__linux__)
  CHECK_EQ(wasmc_instance_create(&g, resolve, NULL, &inst, &err), WASMC_OK);
  unsigned long gs = 0;
  CHECK_EQ(syscall(SYS_arch_prctl, ARCH_GET_GS, &gs), 0);
  CHECK(inst != NULL && gs == (unsigned long)(uintptr_t)inst->mem0_base);
  CHECK(wasmc_rt_gs_memory0_base == inst->mem0_base); /* flat base for generated code (ABI v9) */
  if (inst) {
    /* what generated code does: wasm address 4660 is %gs:4660 */
    inst->mem0_base[4660] = 0x5a;
    unsigned char v = 0;
    __asm__ volatile("movb %%gs:4660, %0" : "=q"(v));
    CHECK_EQ(v, 0x5a);
    wasmc_instance_destroy(inst);
  }
  /* the flag without a memory 0 is a broken descriptor */
  wasmc_module h = test_blank_module();
  h.flags = WASMC_MODULE_MEMORY0_GS;
  inst = NULL;
  CHECK_EQ(wasmc_instance_create(&h, resolve, NULL, &inst, &err), WASMC_ERR_MALFORMED);
  CHECK(inst == NULL);
#else
  /* no gs segment: refused, never run with a wrong base */
  CHECK_EQ(wasmc_instance_create(&g, resolve, NULL, &inst, &err), WASMC_ERR_MALFORMED);
  CHECK(inst == NULL);
#endif
}

int main(void) {
  setup();
  RUN(test_exporter);
  RUN(test_importer);
  RUN(test_import_matching);
  RUN(test_trap_keeps_earlier_effects);
  RUN(test_data_trap);
  RUN(test_start_trap);
  RUN(test_malformed);
  RUN(test_memory0_gs);
  wasmc_instance_destroy(inst_a);
  return test_finish("test-runtime-instance");
}
