/*
 * wrt_typeid.c — canonical function-type ids (DESIGN "Uses of xxHash"):
 * XXH64 (seed 0) of the signature text "<params>:<results>", one letter per
 * value type (i i32, I i64, f f32, F f64, V v128, r funcref, e externref).
 * The compiler computes the same ids, so separately compiled modules agree.
 * Kept apart from the WASI table so that using it does not pull in posix/.
 */
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "wrt_internal.h"

uint64_t wasmc_type_id(const char *sig) { return (uint64_t)XXH64(sig, strlen(sig), 0); }
