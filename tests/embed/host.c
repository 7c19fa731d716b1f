/*
 * host.c — the embedder of nested.wat (tests/embed/run.sh): a host import
 * that calls back into the importing instance through wasmc_call, so that
 * catch frames nest; prints one "PASS|FAIL name" line per check.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "wasmc_runtime.h"

extern const wasmc_module nested_module;

static int32_t host_reenter(wasmc_instance *importer, int32_t which, int32_t x) {
  static const char *const names[] = {"inner_throw", "inner_caught", "inner_deep"};
  if (which < 0 || which > 2) return -100;
  const wasmc_funcref *f = wasmc_instance_export_func(importer, names[which]);
  if (!f) return -101;
  uint64_t vals[1] = {(uint32_t)x};
  wasmc_trap_info trap;
  int rc = wasmc_call(f, vals, &trap);
  if (rc != 0) return rc;
  return 1000 + (int32_t)(uint32_t)vals[0];
}

static int resolve(void *ctx, const char *module, const char *name, uint32_t kind, wasmc_extern *out) {
  (void)ctx;
  (void)kind;
  if (strcmp(module, "host") || strcmp(name, "reenter")) return 1;
  memset(out, 0, sizeof *out);
  out->kind = WASMC_EXTERN_FUNC;
  out->host_code = (void *)host_reenter;
  out->host_type_id = wasmc_type_id("ii:i");
  return 0;
}

static int failed;
static void check(const char *what, int64_t got, int64_t want) {
  if (got == want) printf("PASS %s\n", what);
  else {
    printf("FAIL %s: got %" PRId64 ", want %" PRId64 "\n", what, got, want);
    failed = 1;
  }
}

/* outer(which, x): its result, or -(trap code) - 200 if outer itself trapped */
static int64_t call_outer(wasmc_instance *inst, int32_t which, int32_t x) {
  uint64_t vals[2] = {(uint32_t)which, (uint32_t)x};
  wasmc_trap_info trap;
  int rc = wasmc_call(wasmc_instance_export_func(inst, "outer"), vals, &trap);
  return rc ? -(int64_t)rc - 200 : (int32_t)(uint32_t)vals[0];
}

int main(void) {
  wasmc_instance *inst;
  wasmc_error err;
  if (wasmc_runtime_init() != 0 || wasmc_instance_create(&nested_module, resolve, NULL, &inst, &err) != WASMC_OK) {
    printf("FAIL instantiate nested.wat\n");
    return 1;
  }
  check("an uncaught throw ends the nested call as trap 15, outer's handlers do not see it",
        call_outer(inst, 0, 5), WASMC_TRAP_UNCAUGHT_EXCEPTION);
  check("the same again: the instance and the catch frames are usable after it",
        call_outer(inst, 0, 6), WASMC_TRAP_UNCAUGHT_EXCEPTION);
  check("thrown 9 frames down and caught inside the nested call", call_outer(inst, 1, 9), 1007);
  check("a tag the nested call does not catch, from 4 frames down: trap 15 there", call_outer(inst, 2, 4),
        WASMC_TRAP_UNCAUGHT_EXCEPTION);
  uint64_t vals[1] = {0};
  wasmc_trap_info trap;
  int rc = wasmc_call(wasmc_instance_export_func(inst, "direct"), vals, &trap);
  check("an exception that leaves the top-level call is trap 15 there", rc, WASMC_TRAP_UNCAUGHT_EXCEPTION);
  check("its message", strcmp(trap.message, "uncaught exception"), 0);
  check("caught again after that", call_outer(inst, 1, 2), 1007);
  return failed;
}
