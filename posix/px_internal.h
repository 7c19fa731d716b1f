/*
 * px_internal.h — shared internals of the WASI preview1 layer (posix/).
 *
 * Guest memory is touched ONLY through px_mem_* below: every access is a
 * (wasm address, byte length) pair checked against memory 0's current size
 * in 64-bit arithmetic, and guest structs are read/written field by field at
 * their preview1 offsets in little endian, never through casted pointers.
 */
#ifndef PX_INTERNAL_H
#define PX_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include "px.h"
#include "px_wasi.h"
#include "vfs.h"
#include "wasmc_abi.h"

#define PX_HIDDEN __attribute__((visibility("hidden")))

/* Most iovecs handled per call (Linux IOV_MAX); more are ignored, which is a
 * legal short read/write. */
#define PX_IOV_MAX 1024
/* Most subscriptions accepted by poll_oneoff (bounds the host allocation). */
#define PX_POLL_MAX 4096u

/* Host pointer to guest bytes [ptr, ptr+len) of memory 0, or NULL if any byte
 * is out of bounds (or there is no memory 0). */
static inline uint8_t *px_mem(wasmc_instance *inst, uint32_t ptr, uint64_t len) {
  if (!inst || !inst->memories || !inst->memories[0])
    return NULL;
  const wasmc_memory *m = inst->memories[0];
  if (!m->base || (uint64_t)ptr > m->size || len > m->size - (uint64_t)ptr)
    return NULL;
  return m->base + ptr;
}

/* Whether inst's time is up (its epoch was bumped: --timeout). */
static inline int px_interrupted(wasmc_instance *inst) {
  return inst && __atomic_load_n(&inst->epoch, __ATOMIC_RELAXED) != 0;
}

/* A blocking host call of WASI function `what` ended with WASI errno `e`:
 * if that is WASI_EINTR because the time is up, raise the interrupt trap
 * (WASMC_TRAP_INTERRUPT, naming the import) instead of returning. */
PX_HIDDEN void px_check_interrupt(wasmc_instance *inst, int e, const char *what);

static inline void px_st8(uint8_t *p, uint8_t v) { p[0] = v; }
static inline void px_st16(uint8_t *p, uint16_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
}
static inline void px_st32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}
static inline void px_st64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}
static inline uint16_t px_ld16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static inline uint32_t px_ld32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t px_ld64(const uint8_t *p) {
  return (uint64_t)px_ld32(p) | (uint64_t)px_ld32(p + 4) << 32;
}

/* Store a u32/u64 result at guest address ptr: 0 or WASI_EFAULT. */
static inline int px_out32(wasmc_instance *inst, uint32_t ptr, uint32_t v) {
  uint8_t *p = px_mem(inst, ptr, 4);
  if (!p)
    return WASI_EFAULT;
  px_st32(p, v);
  return 0;
}
static inline int px_out64(wasmc_instance *inst, uint32_t ptr, uint64_t v) {
  uint8_t *p = px_mem(inst, ptr, 8);
  if (!p)
    return WASI_EFAULT;
  px_st64(p, v);
  return 0;
}

/* Copy guest path [ptr, ptr+len) to a fresh NUL-terminated host string.
 * EFAULT out of bounds, ENAMETOOLONG beyond VFS_PATH_MAX, EILSEQ for an
 * embedded NUL.  Free *out with free(). */
PX_HIDDEN int px_path_copy(wasmc_instance *inst, uint32_t ptr, uint32_t len, char **out);

/* Translate a guest iovec array (iovs_len entries at iovs) into host iovecs
 * pointing into guest memory.  *out_n <= PX_IOV_MAX.  EFAULT if the array or
 * any buffer is out of bounds. */
PX_HIDDEN int px_iovs(wasmc_instance *inst, uint32_t iovs, uint32_t iovs_len, struct iovec *out,
                      int *out_n);

/* Look up fd needing `rights`; `mutating` ops on an object reached through a
 * read-only grant fail with WASI_EROFS first.  *out_obj: new reference. */
PX_HIDDEN int px_fd(int32_t fd, uint64_t rights, int mutating, vfs_obj **out_obj,
                    vfs_fd_entry *out_entry);

/* Rights of an fd wrapping a host object of WASI type `filetype`. */
PX_HIDDEN uint64_t px_rights_for_type(uint8_t filetype);

/* Write a filestat (64 bytes) at guest address buf: 0 or EFAULT. */
PX_HIDDEN int px_put_filestat(wasmc_instance *inst, uint32_t buf, const vfs_filestat *st);
/* Validate fstflags: unknown bits, or X with X_NOW -> EINVAL. */
PX_HIDDEN int px_check_fstflags(uint32_t fst);

#endif /* PX_INTERNAL_H */
