/*
 * test-runtime-table.c — tables: element segments at instantiation,
 * table.get/set/size/grow/fill/copy/init, elem.drop, bounded growth.
 */
#include "test-runtime.h"

static wasmc_instance *g_inst;

static int32_t gen_f0(wasmc_instance *inst) { (void)inst; return 100; }
static int32_t gen_f1(wasmc_instance *inst) { (void)inst; return 101; }
static int32_t gen_f2(wasmc_instance *inst) { (void)inst; return 102; }

static wasmc_func_desc funcs[3];
static wasmc_table_desc tables[2] = {
    {WASMC_FUNCREF, 2, 10, 1},
    {WASMC_EXTERNREF, 0, 0, 0},  /* no maximum */
};
/* (elem (i32.const 0) func 0 1) (elem funcref (ref.func 2) (ref.null func)
 * (ref.func 0)) (elem declare func 1) */
static const uint32_t elem0_funcs[2] = {0, 1}, elem2_funcs[1] = {1};
static wasmc_elem_desc elems[3] = {
    {WASMC_SEGMENT_ACTIVE, 0, 2, WASMC_FUNCREF, CONST_EXPR(0x41, 0), elem0_funcs, NO_EXPR},
    {WASMC_SEGMENT_PASSIVE, 0, 3, WASMC_FUNCREF, NO_EXPR, NULL,
     CONST_EXPR(0xd2, 2, 0x0b, 0xd0, 0x70, 0x0b, 0xd2, 0, 0x0b)},
    {WASMC_SEGMENT_DECLARATIVE, 0, 1, WASMC_FUNCREF, NO_EXPR, elem2_funcs, NO_EXPR},
};
static wasmc_module module;


typedef struct op_args {
  int op;
  uint32_t t, a, b, c, d;
  void *ref;
} op_args;

static void call_op(void *p) {
  op_args *x = p;
  switch (x->op) {
  case 0: (void)wasmc_rt_table_get(g_inst, x->t, x->a); break;
  case 1: wasmc_rt_table_set(g_inst, x->t, x->a, x->ref); break;
  case 2: wasmc_rt_table_fill(g_inst, x->t, x->a, x->ref, x->b); break;
  case 3: wasmc_rt_table_copy(g_inst, x->t, x->d, x->a, x->b, x->c); break;
  case 4: wasmc_rt_table_init(g_inst, x->t, x->d, x->a, x->b, x->c); break;
  }
}

static int op(int which, uint32_t t, uint32_t a, uint32_t b, uint32_t c, uint32_t d, void *ref) {
  op_args x = {which, t, a, b, c, d, ref};
  wasmc_trap_info info;
  int code = wasmc_try(call_op, &x, &info);
  if (code) CHECK_STR(info.message, "out of bounds table access");
  return code;
}

static void **elems0(void) { return g_inst->tables[0]->elems; }

static void test_descriptors(void) {
  for (uint32_t i = 0; i < 3; i++) {
    const wasmc_funcref *f = g_inst->funcs[i];
    CHECK(f->func == funcs[i].func);
    CHECK(f->instance == g_inst);
    CHECK_EQ(f->type_id, wasmc_type_id(":i"));
    CHECK_EQ(f->func_index, i);
  }
  const wasmc_funcref *f = g_inst->funcs[1];
  CHECK_EQ(((int32_t(*)(wasmc_instance *))f->func)(f->instance), 101);
}

static void test_active_segments(void) {
  CHECK_EQ(g_inst->tables[0]->size, 2);
  CHECK_EQ(g_inst->tables[0]->max, 10);
  CHECK_EQ(g_inst->tables[0]->elem_type, WASMC_FUNCREF);
  CHECK(elems0()[0] == g_inst->funcs[0]);
  CHECK(elems0()[1] == g_inst->funcs[1]);
  /* Active and declarative segments are dropped after instantiation. */
  CHECK_EQ(op(4, 0, 0, 0, 0, 0, NULL), 0);
  CHECK_EQ(op(4, 0, 0, 0, 1, 0, NULL), WASMC_TRAP_TABLE_OOB);
  CHECK_EQ(op(4, 0, 0, 0, 1, 2, NULL), WASMC_TRAP_TABLE_OOB);
  CHECK_EQ(g_inst->tables[1]->size, 0);
  CHECK_EQ(g_inst->tables[1]->max, UINT32_MAX);
}

static void test_get_set(void) {
  CHECK(wasmc_rt_table_get(g_inst, 0, 1) == g_inst->funcs[1]);
  CHECK_EQ(op(0, 0, 2, 0, 0, 0, NULL), WASMC_TRAP_TABLE_OOB);
  CHECK_EQ(op(0, 0, UINT32_MAX, 0, 0, 0, NULL), WASMC_TRAP_TABLE_OOB);
  CHECK_EQ(op(1, 0, 2, 0, 0, 0, (void *)g_inst->funcs[0]), WASMC_TRAP_TABLE_OOB);
  wasmc_rt_table_set(g_inst, 0, 1, NULL);
  CHECK(wasmc_rt_table_get(g_inst, 0, 1) == NULL);
  wasmc_rt_table_set(g_inst, 0, 1, (void *)g_inst->funcs[1]);
  CHECK_EQ(wasmc_rt_table_size(g_inst, 0), 2);
}

static void test_grow(void) {
  void *f2 = (void *)g_inst->funcs[2];
  CHECK_EQ(wasmc_rt_table_grow(g_inst, 0, f2, 3), 2);
  CHECK_EQ(wasmc_rt_table_size(g_inst, 0), 5);
  for (int i = 2; i < 5; i++) CHECK(elems0()[i] == f2);
  CHECK_EQ(wasmc_rt_table_grow(g_inst, 0, NULL, 6), UINT32_MAX);  /* 11 > max 10 */
  CHECK_EQ(wasmc_rt_table_grow(g_inst, 0, NULL, UINT32_MAX), UINT32_MAX);
  CHECK_EQ(wasmc_rt_table_grow(g_inst, 0, NULL, 0), 5);
  CHECK_EQ(wasmc_rt_table_size(g_inst, 0), 5);
  /* Externref table without maximum: growth is capped by the runtime. */
  void *host = &module;
  CHECK_EQ(wasmc_rt_table_grow(g_inst, 1, host, 100), 0);
  CHECK(g_inst->tables[1]->elems[99] == host);
  CHECK_EQ(wasmc_rt_table_grow(g_inst, 1, NULL, WASMC_TABLE_ELEMS_LIMIT), UINT32_MAX);
  CHECK_EQ(wasmc_rt_table_grow(g_inst, 1, NULL, UINT32_MAX), UINT32_MAX);
  CHECK_EQ(wasmc_rt_table_size(g_inst, 1), 100);
  for (int i = 0; i < 1000; i++) CHECK_EQ(wasmc_rt_table_grow(g_inst, 1, NULL, 1), 100 + i);
  CHECK(g_inst->tables[1]->elems[99] == host);
  CHECK(g_inst->tables[1]->elems[1099] == NULL);
}

static void test_fill(void) {
  void *f0 = (void *)g_inst->funcs[0];
  void *f2 = (void *)g_inst->funcs[2];
  CHECK_EQ(op(2, 0, 1, 3, 0, 0, NULL), 0);
  CHECK(elems0()[0] == f0);
  CHECK(elems0()[1] == NULL && elems0()[2] == NULL && elems0()[3] == NULL);
  CHECK(elems0()[4] == f2);
  /* Straddling the end: nothing written. */
  CHECK_EQ(op(2, 0, 4, 2, 0, 0, f0), WASMC_TRAP_TABLE_OOB);
  CHECK(elems0()[4] == f2);
  CHECK_EQ(op(2, 0, 5, 0, 0, 0, f0), 0);
  CHECK_EQ(op(2, 0, 6, 0, 0, 0, f0), WASMC_TRAP_TABLE_OOB);
}

static void test_copy(void) {
  void **e = elems0();
  void *a = (void *)g_inst->funcs[0], *b = (void *)g_inst->funcs[1], *c = (void *)g_inst->funcs[2];
  e[0] = a, e[1] = b, e[2] = c, e[3] = NULL, e[4] = NULL;
  CHECK_EQ(op(3, 0, 1, 0, 3, 0, NULL), 0);  /* overlapping forward: a a b c */
  CHECK(e[0] == a && e[1] == a && e[2] == b && e[3] == c && e[4] == NULL);
  CHECK_EQ(op(3, 0, 0, 1, 3, 0, NULL), 0);  /* backward: a b c c */
  CHECK(e[0] == a && e[1] == b && e[2] == c && e[3] == c);
  CHECK_EQ(op(3, 0, 0, 3, 3, 0, NULL), WASMC_TRAP_TABLE_OOB);  /* source past end */
  CHECK(e[0] == a && e[1] == b && e[2] == c);
  CHECK_EQ(op(3, 0, 3, 0, 3, 0, NULL), WASMC_TRAP_TABLE_OOB);  /* dest past end */
  CHECK(e[3] == c && e[4] == NULL);
  CHECK_EQ(op(3, 0, 5, 5, 0, 0, NULL), 0);
  CHECK_EQ(op(3, 0, 6, 0, 0, 0, NULL), WASMC_TRAP_TABLE_OOB);
}

static void test_init_and_drop(void) {
  void **e = elems0();
  CHECK_EQ(op(4, 0, 2, 0, 3, 1, NULL), 0);
  CHECK(e[2] == g_inst->funcs[2] && e[3] == NULL && e[4] == g_inst->funcs[0]);
  CHECK_EQ(op(4, 0, 0, 1, 2, 1, NULL), 0);
  CHECK(e[0] == NULL && e[1] == g_inst->funcs[0]);
  CHECK_EQ(op(4, 0, 0, 2, 2, 1, NULL), WASMC_TRAP_TABLE_OOB);  /* past the segment */
  CHECK_EQ(op(4, 0, 4, 0, 2, 1, NULL), WASMC_TRAP_TABLE_OOB);  /* past the table */
  CHECK(e[4] == g_inst->funcs[0]);
  CHECK_EQ(op(4, 0, 0, 3, 0, 1, NULL), 0);
  wasmc_rt_elem_drop(g_inst, 1);
  wasmc_rt_elem_drop(g_inst, 1);
  CHECK_EQ(op(4, 0, 0, 0, 0, 1, NULL), 0);
  CHECK_EQ(op(4, 0, 0, 0, 1, 1, NULL), WASMC_TRAP_TABLE_OOB);
}

static void test_standalone(void) {
  CHECK(wasmc_table_create(WASMC_FUNCREF, WASMC_TABLE_ELEMS_LIMIT + 1, 0, 0) == NULL);
  CHECK(wasmc_table_create(WASMC_FUNCREF, UINT32_MAX, 0, 0) == NULL);
  CHECK(wasmc_table_create(WASMC_FUNCREF, 2, 1, 1) == NULL);
  CHECK(wasmc_table_create(WASMC_I32, 0, 0, 0) == NULL);
  wasmc_table *t = wasmc_table_create(WASMC_EXTERNREF, 3, 3, 1);
  CHECK(t != NULL);
  if (!t) return;
  CHECK_EQ(t->size, 3);
  CHECK(t->elems[0] == NULL && t->elems[2] == NULL);
  wasmc_table_destroy(t);
}

int main(void) {
  funcs[0] = test_func((void *)gen_f0, "f0", ":i");
  funcs[1] = test_func((void *)gen_f1, "f1", ":i");
  funcs[2] = test_func((void *)gen_f2, "f2", ":i");
  module = test_blank_module();
  module.name = "tabletest";
  module.n_funcs = 3;
  module.funcs = funcs;
  module.n_tables = 2;
  module.tables = tables;
  module.n_elems = 3;
  module.elems = elems;
  g_inst = test_instantiate(&module, NULL, NULL);

  RUN(test_descriptors);
  RUN(test_active_segments);
  RUN(test_get_set);
  RUN(test_grow);
  RUN(test_fill);
  RUN(test_copy);
  RUN(test_init_and_drop);
  RUN(test_standalone);
  wasmc_instance_destroy(g_inst);
  return test_finish("test-runtime-table");
}
