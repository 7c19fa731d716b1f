/*
 * wrt_wasi.c — the "wasi_snapshot_preview1" host module: name -> (code,
 * canonical type id) for every function of WASMC_WASI_FUNCTIONS.  The code
 * lives in posix/; referencing this table is what pulls it into a link.
 */
#include <string.h>

#include "wrt_internal.h"
#include "wrt_wasi_decls.h"

typedef struct wrt_wasi_entry {
  const char *name;
  const char *sig;   /* "<params>:<results>", see wasmc_type_id() */
  void *code;
} wrt_wasi_entry;

#define WRT_WASI_ENTRY(name, params, results) {#name, params ":" results, (void *)wasmc_wasi_##name},
static const wrt_wasi_entry wrt_wasi_table[] = {WASMC_WASI_FUNCTIONS(WRT_WASI_ENTRY)};
#undef WRT_WASI_ENTRY

int wasmc_resolve_wasi(void *ctx, const char *module, const char *name, uint32_t kind,
                       wasmc_extern *out) {
  (void)ctx;
  (void)kind;  /* every WASI export is a function; wasmc_instance_create checks the kind */
  if (!module || !name || strcmp(module, WASMC_WASI_MODULE) != 0) return 1;
  for (size_t i = 0; i < sizeof wrt_wasi_table / sizeof wrt_wasi_table[0]; i++) {
    if (strcmp(wrt_wasi_table[i].name, name) != 0) continue;
    memset(out, 0, sizeof *out);
    out->kind = WASMC_EXTERN_FUNC;
    out->func = NULL;  /* bind to the importing instance: WASI reads its memory */
    out->host_code = wrt_wasi_table[i].code;
    out->host_type_id = wasmc_type_id(wrt_wasi_table[i].sig);
    return 0;
  }
  return 1;
}
