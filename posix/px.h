/*
 * px.h — the WASI preview1 layer's entry points for the runtime's main().
 *
 * The WASI functions themselves (wasmc_wasi_<name>) are declared from the
 * WASMC_WASI_FUNCTIONS X-macro of wasmc_abi.h (see runtime/src/wrt_wasi_decls.h
 * and docs/wasi.md).
 */
#ifndef PX_H
#define PX_H

#include <stdint.h>

#include "wasmc_abi.h"

/*
 * Set up the WASI process state before the guest runs.
 *   argv[0..argc)   the guest's arguments, argv[0] as given (copied);
 *   cfg             the sandbox baked in at compile time (may be NULL: no
 *                   grants, empty environment); not retained.
 * Then appends the run-time grants of the host environment variable
 * WASMC_FLAGS (--dir HOST[::GUEST], --dir-ro HOST[::GUEST], --env NAME=VALUE,
 * --inherit-env, --stack-size BYTES, --max-memory SIZE, --max-table-elements N,
 * --timeout DURATION, --fuel N;
 * "--name=value" works too).  Nothing else is read from the host.
 *
 * fds 0, 1, 2 wrap (duplicates of) the host's stdin/stdout/stderr; grants are
 * preopened at fds 3, 4, ... in order (compile-time first).
 * Returns 0, or 1 after printing one "wasmc: ..." line on stderr (a granted
 * directory can't be opened, malformed WASMC_FLAGS, out of memory).
 * Calling it again first undoes the previous call (px_fini).
 */
int px_init(int argc, char **argv, const wasmc_config *cfg);

/* Bytes of native stack requested by WASMC_FLAGS --stack-size, or 0 when not
 * given (the runtime then uses cfg->stack_size or its default). */
uint64_t px_stack_size_override(void);

/* The resource limits in effect after px_init (docs/sandbox.md "Limits"):
 * those baked into cfg, lowered by WASMC_FLAGS --max-memory SIZE and
 * --max-table-elements N (raising one is refused by px_init).  Bytes per
 * linear memory and elements per table; WASMC_NO_LIMIT when there is none. */
void px_limits(uint64_t *out_max_memory, uint64_t *out_max_table_elements);

/* The time and instruction limits in effect after px_init: --timeout in
 * nanoseconds and --fuel in wasm instructions, baked into cfg or set or
 * lowered by WASMC_FLAGS (px_init refuses raising one, and either on code
 * without the matching checks, cfg->checks); WASMC_NO_LIMIT when none. */
void px_time_limits(uint64_t *out_timeout_ns, uint64_t *out_fuel);

/* The time is up: stop retrying interrupted host I/O (vfs_set_interrupted).
 * Called once, from the runtime's timer thread (wasmc_timeout_start). */
void px_interrupt(void);

/* Release everything px_init set up: close every guest fd, free args/env. */
void px_fini(void);

#endif /* PX_H */
