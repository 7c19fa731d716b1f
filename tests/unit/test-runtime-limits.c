/*
 * test-runtime-limits.c — resource limits (docs/sandbox.md "Limits"): the
 * shared flag syntax (wasmc_limits.h), wasmc_set_limits() on memories and
 * tables (creation and growth, instantiation's message), and px_init's
 * WASMC_FLAGS --max-memory / --max-table-elements against a baked config
 * (lowering accepted, raising refused).
 */
#include "px.h"
#include "test-runtime.h"
#include "wasmc_limits.h"

static void test_syntax(void) {
  uint64_t v = 1;
  CHECK(wasmc_parse_memory_size("0", &v) && v == 0);
  CHECK(wasmc_parse_memory_size("12345", &v) && v == 12345);
  CHECK(wasmc_parse_memory_size("3k", &v) && v == 3072);
  CHECK(wasmc_parse_memory_size("2M", &v) && v == 2u << 20);
  CHECK(wasmc_parse_memory_size("4g", &v) && v == 4ull << 30);
  CHECK(wasmc_parse_memory_size("17p", &v) && v == 17ull * 65536);
  CHECK(wasmc_parse_memory_size("18446744073709551615", &v) && v == UINT64_MAX);
  CHECK(wasmc_parse_memory_size("17179869183G", &v) && v == 17179869183ull << 30);
  v = 99;
  const char *bad[] = {"", "12Q", "1.5M", "-1", "+1", " 1", "1 ", "4P", "1KB", "M",
                       "18446744073709551616", "17179869184G", "281474976710656p"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) CHECK(!wasmc_parse_memory_size(bad[i], &v));
  CHECK_EQ(v, 99); /* untouched on failure */
  CHECK(wasmc_parse_table_elements("0", &v) && v == 0);
  CHECK(wasmc_parse_table_elements("4294967295", &v) && v == UINT32_MAX);
  CHECK(!wasmc_parse_table_elements("4294967296", &v));
  CHECK(!wasmc_parse_table_elements("5K", &v));
  CHECK(!wasmc_parse_table_elements("", &v));
}

static void test_memory(void) {
  wasmc_limits l = {3 * WASMC_PAGE_SIZE + 100, WASMC_NO_LIMIT}; /* 3 whole pages */
  wasmc_set_limits(&l);
  CHECK(wasmc_memory_create(4, 0, 0) == NULL);
  wasmc_memory *m = wasmc_memory_create(1, 10, 1);
  CHECK(m != NULL);
  if (m) {
    CHECK_EQ(wasmc_memory_grow(m, 3), UINT32_MAX); /* 4 pages: above the cap */
    CHECK_EQ(m->size, WASMC_PAGE_SIZE);
    CHECK_EQ(wasmc_memory_grow(m, 2), 1);
    CHECK_EQ(wasmc_memory_grow(m, 1), UINT32_MAX);
    CHECK_EQ(wasmc_memory_grow(m, 0), 3);
    CHECK_EQ(m->max_pages, 10); /* the declared maximum is unchanged */
  }
  wasmc_set_limits(NULL); /* objects keep the cap they were created with */
  if (m) {
    CHECK_EQ(wasmc_memory_grow(m, 1), UINT32_MAX);
    wasmc_memory_destroy(m);
  }
  m = wasmc_memory_create(4, 0, 0);
  CHECK(m != NULL);
  if (m) {
    CHECK_EQ(wasmc_memory_grow(m, 100), 4);
    wasmc_memory_destroy(m);
  }
}

static void test_table(void) {
  wasmc_limits l = {WASMC_NO_LIMIT, 5};
  wasmc_set_limits(&l);
  CHECK(wasmc_table_create(WASMC_FUNCREF, 6, 0, 0) == NULL);
  wasmc_table *t = wasmc_table_create(WASMC_FUNCREF, 5, 0, 0);
  CHECK(t != NULL);
  wasmc_table_destroy(t);
  wasmc_set_limits(NULL);
}

/* Instantiation names the cap. */
static void test_instantiation(void) {
  static const wasmc_memory_desc mem = {20, 0, 0, 0};
  wasmc_module m = test_blank_module();
  m.n_memories = 1;
  m.memories = &mem;
  wasmc_limits l = {16 * WASMC_PAGE_SIZE, WASMC_NO_LIMIT};
  wasmc_set_limits(&l);
  wasmc_instance *inst = NULL;
  wasmc_error err;
  CHECK_EQ(wasmc_instance_create(&m, NULL, NULL, &inst, &err), WASMC_ERR_RESOURCE);
  CHECK(inst == NULL);
  CHECK_STR(err.message, "the initial memory is larger than --max-memory:");
  CHECK_STR(err.detail, "memory 0 starts at 20 pages (1310720 bytes), the cap is 1048576 bytes (16 pages)");
  wasmc_set_limits(NULL);
  CHECK_EQ(wasmc_instance_create(&m, NULL, NULL, &inst, &err), WASMC_OK);
  if (inst) wasmc_instance_destroy(inst);
}

static int flags_init(const char *flags, const wasmc_config *cfg, uint64_t *mem, uint64_t *tab) {
  char arg0[] = "prog";
  char *argv[] = {arg0, NULL};
  setenv("WASMC_FLAGS", flags, 1);
  int rc = px_init(1, argv, cfg);
  px_limits(mem, tab);
  return rc;
}

static void test_wasmc_flags(void) {
  wasmc_config cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.abi_version = WASMC_ABI_VERSION;
  cfg.max_memory = cfg.max_table_elements = WASMC_NO_LIMIT;
  uint64_t mem = 0, tab = 0;
  CHECK_EQ(flags_init("", &cfg, &mem, &tab), 0);
  CHECK_EQ(mem, WASMC_NO_LIMIT);
  CHECK_EQ(tab, WASMC_NO_LIMIT);
  CHECK_EQ(flags_init("--max-memory 2M --max-table-elements=7", &cfg, &mem, &tab), 0);
  CHECK_EQ(mem, 2u << 20);
  CHECK_EQ(tab, 7);
  cfg.max_memory = 1u << 20;
  cfg.max_table_elements = 100;
  CHECK_EQ(flags_init("", &cfg, &mem, &tab), 0); /* the baked limits */
  CHECK_EQ(mem, 1u << 20);
  CHECK_EQ(tab, 100);
  CHECK_EQ(flags_init("--max-memory=8p --max-table-elements 100", &cfg, &mem, &tab), 0);
  CHECK_EQ(mem, 8 * 65536);
  CHECK_EQ(tab, 100);
  CHECK_EQ(flags_init("--max-memory 1048577", &cfg, &mem, &tab), 1);  /* raising: refused */
  CHECK_EQ(mem, WASMC_NO_LIMIT);                                       /* px_fini'd */
  CHECK_EQ(flags_init("--max-table-elements 101", &cfg, &mem, &tab), 1);
  CHECK_EQ(flags_init("--max-memory=12Q", &cfg, &mem, &tab), 1);
  CHECK_EQ(flags_init("--max-memory=", &cfg, &mem, &tab), 1);
  CHECK_EQ(flags_init("--max-memory", &cfg, &mem, &tab), 1);
  CHECK_EQ(flags_init("--inherit-env=1", &cfg, &mem, &tab), 1);        /* takes no value */
  CHECK_EQ(flags_init("--env=A=1 --stack-size=2M", &cfg, &mem, &tab), 0);
  unsetenv("WASMC_FLAGS");
  px_fini();
}

int main(void) {
  RUN(test_syntax);
  RUN(test_memory);
  RUN(test_table);
  RUN(test_instantiation);
  RUN(test_wasmc_flags);
  return test_finish("test-runtime-limits");
}
