/*
 * test-runtime.h — helpers shared by the runtime unit tests
 * (tests/unit/test-runtime-*.c): assertion macros and a blank module
 * descriptor to fill in by hand, the way the compiler would emit it.
 */
#ifndef TEST_RUNTIME_H
#define TEST_RUNTIME_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasmc_abi.h"
#include "wasmc_runtime.h"

static int test_failures;

#define CHECK(cond)                                                     \
  do {                                                                  \
    if (!(cond)) {                                                      \
      printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);            \
      fflush(stdout);                                                   \
      test_failures++;                                                  \
    }                                                                   \
  } while (0)

#define CHECK_EQ(a, b)                                                                  \
  do {                                                                                  \
    unsigned long long a_ = (unsigned long long)(a), b_ = (unsigned long long)(b);      \
    if (a_ != b_) {                                                                     \
      printf("FAIL %s:%d: %s == %s (%llu != %llu)\n", __FILE__, __LINE__, #a, #b, a_, b_); \
      fflush(stdout);                                                                   \
      test_failures++;                                                                  \
    }                                                                                   \
  } while (0)

#define CHECK_STR(a, b)                                                              \
  do {                                                                               \
    const char *a_ = (a), *b_ = (b);                                                 \
    if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                         \
      printf("FAIL %s:%d: %s == \"%s\" (got \"%s\")\n", __FILE__, __LINE__, #a,       \
             b_ ? b_ : "(null)", a_ ? a_ : "(null)");                                \
      fflush(stdout);                                                                \
      test_failures++;                                                               \
    }                                                                                \
  } while (0)

/* Run one named sub-test and print "ok <name>" when it added no failure. */
#define RUN(fn)                                   \
  do {                                            \
    int before_ = test_failures;                  \
    fn();                                         \
    if (test_failures == before_) printf("ok %s\n", #fn); \
    fflush(stdout);                               \
  } while (0)

static inline int test_finish(const char *name) {
  if (test_failures) {
    printf("FAIL %s: %d failure(s)\n", name, test_failures);
    return 1;
  }
  printf("ok %s\n", name);
  return 0;
}

/* What generated code does at every function entry. */
#define TEST_STACK_CHECK(inst, index)                                            \
  do {                                                                          \
    if ((uintptr_t)__builtin_frame_address(0) < (inst)->stack_limit)            \
      wasmc_rt_trap((inst), WASMC_TRAP_STACK_EXHAUSTED, (index));               \
  } while (0)

/* A wasmc_const_expr of the bytes given (binary form, spec 5.4.9, without
 * the final `end`), e.g. CONST_EXPR(0x41, 42) for (i32.const 42). */
#define CONST_EXPR(...) \
  { (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}), 0 }
#define NO_EXPR { NULL, 0, 0 }

static inline wasmc_module test_blank_module(void) {
  wasmc_module m;
  memset(&m, 0, sizeof m);
  m.abi_version = WASMC_ABI_VERSION;
  m.instance_size = WASMC_INSTANCE_GLOBALS_OFFSET;
  m.name = "test";
  m.start_func = -1;
  return m;
}

/* A function descriptor; type ids come from the signature text. */
static inline wasmc_func_desc test_func(void *code, const char *name, const char *sig) {
  wasmc_func_desc f = {code, name, sig, wasmc_type_id(sig), NULL, NULL};
  return f;
}

/* Instantiate or fail the test loudly. */
static inline wasmc_instance *test_instantiate(const wasmc_module *m, wasmc_import_resolver r,
                                               void *ctx) {
  wasmc_instance *inst = NULL;
  wasmc_error err;
  int rc = wasmc_instance_create(m, r, ctx, &inst, &err);
  if (rc != WASMC_OK) {
    printf("FAIL instantiate %s: status %d: %s %s\n", m->name, rc, err.message, err.detail);
    exit(1);
  }
  return inst;
}

#endif /* TEST_RUNTIME_H */
