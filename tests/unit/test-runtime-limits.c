/*
 * test-runtime-limits.c — resource limits (docs/sandbox.md "Limits"): the
 * shared flag syntax (wasmc_limits.h), wasmc_set_limits() on memories and
 * tables (creation and growth, instantiation's message), and px_init's
 * WASMC_FLAGS --max-memory / --max-table-elements against a baked config
 * (lowering accepted, raising refused); the same for --timeout and --fuel
 * (ABI v12: refused without the checks compiled in), the duration syntax,
 * and the fuel and epoch an instance starts with.
 */
#include <errno.h>

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

static void test_time_syntax(void) {
  uint64_t v = 1;
  CHECK(wasmc_parse_duration("500ms", &v) && v == 500000000u);
  CHECK(wasmc_parse_duration("10s", &v) && v == 10000000000u);
  CHECK(wasmc_parse_duration("2m", &v) && v == 120000000000u);
  CHECK(wasmc_parse_duration("1h", &v) && v == 3600000000000u);
  CHECK(wasmc_parse_duration("9223372036854ms", &v) && v == 9223372036854000000u);
  v = 99;
  const char *bad[] = {"", "0s", "0ms", "10", "abc", "1.5s", "-1s", "+1s", "1 s", "1S",
                       "1sec", "5x", "1mss", "9223372036855ms", "2562048h"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) CHECK(!wasmc_parse_duration(bad[i], &v));
  CHECK_EQ(v, 99);
  CHECK(wasmc_parse_fuel("0", &v) && v == 0);
  CHECK(wasmc_parse_fuel("9223372036854775807", &v) && v == INT64_MAX);
  CHECK(!wasmc_parse_fuel("9223372036854775808", &v));
  CHECK(!wasmc_parse_fuel("-1", &v));
  CHECK(!wasmc_parse_fuel("1e6", &v));
  CHECK(!wasmc_parse_fuel("", &v));
  char buf[32];
  wasmc_format_duration(10000000000u, buf, sizeof buf);
  CHECK_STR(buf, "10s");
  wasmc_format_duration(120000000000u, buf, sizeof buf);
  CHECK_STR(buf, "2m");
  wasmc_format_duration(1500000000u, buf, sizeof buf);
  CHECK_STR(buf, "1500ms");
  wasmc_format_duration(7200000000000u, buf, sizeof buf);
  CHECK_STR(buf, "2h");
  wasmc_format_duration(1500, buf, sizeof buf);
  CHECK_STR(buf, "1500ns");
}

static int time_init(const char *flags, const wasmc_config *cfg, uint64_t *timeout, uint64_t *fuel) {
  char arg0[] = "prog";
  char *argv[] = {arg0, NULL};
  setenv("WASMC_FLAGS", flags, 1);
  int rc = px_init(1, argv, cfg);
  px_time_limits(timeout, fuel);
  return rc;
}

static void test_time_flags(void) {
  wasmc_config cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.abi_version = WASMC_ABI_VERSION;
  cfg.max_memory = cfg.max_table_elements = WASMC_NO_LIMIT;
  cfg.timeout_ns = cfg.fuel = WASMC_NO_LIMIT;
  uint64_t t = 0, f = 0;
  CHECK_EQ(time_init("", &cfg, &t, &f), 0);
  CHECK_EQ(t, WASMC_NO_LIMIT);
  CHECK_EQ(f, WASMC_NO_LIMIT);
  /* no checks compiled in: refused, not ignored */
  CHECK_EQ(time_init("--timeout 1s", &cfg, &t, &f), 1);
  CHECK_EQ(time_init("--fuel=5", &cfg, &t, &f), 1);
  cfg.checks = WASMC_CHECK_INTERRUPT;
  CHECK_EQ(time_init("--timeout 1s", &cfg, &t, &f), 0);
  CHECK_EQ(t, 1000000000u);
  CHECK_EQ(time_init("--fuel=5", &cfg, &t, &f), 1); /* no fuel checks */
  cfg.checks = WASMC_CHECK_INTERRUPT | WASMC_CHECK_FUEL;
  CHECK_EQ(time_init("--fuel=5 --timeout=2m", &cfg, &t, &f), 0);
  CHECK_EQ(f, 5);
  CHECK_EQ(t, 120000000000u);
  cfg.timeout_ns = 10000000000u;
  cfg.fuel = 1000;
  CHECK_EQ(time_init("", &cfg, &t, &f), 0); /* the baked limits */
  CHECK_EQ(t, 10000000000u);
  CHECK_EQ(f, 1000);
  CHECK_EQ(time_init("--timeout 10s --fuel 999", &cfg, &t, &f), 0);
  CHECK_EQ(t, 10000000000u);
  CHECK_EQ(f, 999);
  CHECK_EQ(time_init("--timeout 10001ms", &cfg, &t, &f), 1); /* raising: refused */
  CHECK_EQ(t, WASMC_NO_LIMIT);                               /* px_fini'd */
  CHECK_EQ(time_init("--fuel 1001", &cfg, &t, &f), 1);
  CHECK_EQ(time_init("--timeout=abc", &cfg, &t, &f), 1);
  CHECK_EQ(time_init("--fuel=-1", &cfg, &t, &f), 1);
  CHECK_EQ(time_init("--timeout", &cfg, &t, &f), 1);
  cfg.timeout_ns = 0; /* a hand-written config: 0 is no timeout */
  CHECK_EQ(time_init("", &cfg, &t, &f), 0);
  CHECK_EQ(t, WASMC_NO_LIMIT);
  CHECK_EQ(time_init("--timeout=3h", &cfg, &t, &f), 0); /* nothing to raise */
  CHECK_EQ(t, 3 * 3600000000000u);
  unsetenv("WASMC_FLAGS");
  px_fini();
}

/* An instance starts with the fuel of wasmc_set_fuel and epoch 0;
 * wasmc_instance_interrupt bumps the epoch. */
static void test_instance_fields(void) {
  wasmc_module m = test_blank_module();
  wasmc_instance *inst = NULL;
  wasmc_error err;
  wasmc_set_fuel(12345);
  CHECK_EQ(wasmc_instance_create(&m, NULL, NULL, &inst, &err), WASMC_OK);
  if (inst) {
    CHECK_EQ(inst->fuel, 12345);
    CHECK_EQ(inst->epoch, 0);
    wasmc_instance_interrupt(inst);
    wasmc_instance_interrupt(inst);
    CHECK_EQ(inst->epoch, 2);
    wasmc_instance_destroy(inst);
  }
  wasmc_set_fuel(WASMC_NO_LIMIT);
  CHECK_EQ(wasmc_instance_create(&m, NULL, NULL, &inst, &err), WASMC_OK);
  if (inst) {
    CHECK_EQ(inst->fuel, INT64_MAX);
    wasmc_instance_destroy(inst);
  }
  CHECK_EQ(wasmc_timeout_start(0, NULL), EINVAL);
}

int main(void) {
  RUN(test_syntax);
  RUN(test_memory);
  RUN(test_table);
  RUN(test_instantiation);
  RUN(test_wasmc_flags);
  RUN(test_time_syntax);
  RUN(test_time_flags);
  RUN(test_instance_fields);
  return test_finish("test-runtime-limits");
}
