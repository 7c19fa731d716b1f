/*
 * tests/real/memory64/zlib64_driver.c — runs the cases of zlib64.c and
 * prints one line per case, `NAME(ARGS) => 0x%016llx`; tests/real/memory64.sh
 * compares the lines of the two builds.
 *
 * Built twice:
 *   -DZ64_NATIVE  linked with zlib64.c and zlib compiled natively: calls the
 *                 functions directly (the reference);
 *   otherwise     linked with the object of `wasmc --emit=obj --allow-imports
 *                 --module-symbol wasmc_zlib64 zlib64.wasm` (a wasm64 module,
 *                 memory64) and libwasmc_rt.a: instantiates the module
 *                 through the embedding API (wasmc_runtime.h) and calls its
 *                 exports with wasmc_call on the runtime's wasm stack; a trap
 *                 prints `trap: MESSAGE` and ends the run with status 1.
 * Exit status 0 when every case ran (the comparison decides the rest), 1
 * after a trap, 2 when the module cannot be instantiated.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#ifdef Z64_NATIVE
uint64_t z64_case(uint32_t seed, uint32_t size, int32_t level, int32_t strategy, int32_t wbits,
                  uint32_t chunk, uint32_t flush);
uint64_t z64_sums(uint32_t seed, uint32_t size, uint32_t split);
#else
#include "wasmc_runtime.h"
extern const wasmc_module wasmc_zlib64;
static wasmc_instance *inst;
#endif

static int status;

/* Calls export `name` with `n` integer arguments (i32 each); prints it. */
static void call(const char *name, const int64_t *args, unsigned n) {
  uint64_t r = 0;
#ifdef Z64_NATIVE
  if (strcmp(name, "z64_case") == 0)
    r = z64_case((uint32_t)args[0], (uint32_t)args[1], (int32_t)args[2], (int32_t)args[3],
                 (int32_t)args[4], (uint32_t)args[5], (uint32_t)args[6]);
  else
    r = z64_sums((uint32_t)args[0], (uint32_t)args[1], (uint32_t)args[2]);
#else
  const wasmc_funcref *f = wasmc_instance_export_func(inst, name);
  uint64_t vals[8] = {0};
  for (unsigned i = 0; i < n; i++) vals[i] = (uint32_t)args[i];
  wasmc_trap_info info;
  int rc = f ? wasmc_call(f, vals, &info) : -1;
  if (rc) {
    printf("%s: %s\n", name, rc > 0 ? info.message : "cannot call");
    status = 1;
    return;
  }
  r = vals[0];
#endif
  printf("%s(", name);
  for (unsigned i = 0; i < n; i++) printf("%s%" PRId64, i ? "," : "", args[i]);
  printf(") => 0x%016" PRIx64 "\n", r);
}

static void run(void *arg) {
  (void)arg;
#ifndef Z64_NATIVE
  wasmc_error err;
  if (wasmc_instance_create(&wasmc_zlib64, NULL, NULL, &inst, &err) != 0) {
    fprintf(stderr, "zlib64_driver: cannot instantiate the module: %s %s\n", err.message, err.detail);
    status = 2;
    return;
  }
#endif
  static const int64_t sizes[] = {0, 1, 100, 4096, 65543, 300000};
  static const int64_t wbits[] = {15, -15, 31, 9, -9, 25};
  static const int64_t chunks[] = {300000 + 40000, 4093, 17};
  unsigned k = 0;
  for (int64_t level = 0; level <= 9; level++)
    for (int64_t strategy = 0; strategy <= 4; strategy++, k++) {
      int64_t a[7] = {k, sizes[k % 6], level, strategy, wbits[k % 5], chunks[k % 3], k % 4};
      call("z64_case", a, 7);
    }
  for (unsigned i = 0; i < 12; i++, k++) {
    int64_t a[7] = {k, 300000 - 1000 * i, 1 + i % 9, i % 5, wbits[i % 6], chunks[i % 2], i % 4};
    call("z64_case", a, 7);
  }
  for (unsigned i = 0; i < 8; i++) {
    int64_t size = sizes[i % 6] < 300000 ? sizes[i % 6] + i : 300000 - i;
    int64_t a[3] = {i, size, size * (i + 1) / 9};
    call("z64_sums", a, 3);
  }
}

int main(void) {
#ifdef Z64_NATIVE
  run(NULL);
#else
  if (wasmc_runtime_init() != 0) return 2;
  if (wasmc_run_on_wasm_stack(run, NULL, 0) != 0) return 2;
#endif
  return status;
}
