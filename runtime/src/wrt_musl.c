/*
 * wrt_musl.c — what the runtime needs from the C library and musl lacks.
 *
 * Compiled into every runtime library, empty unless the C library is not
 * glibc (the musl flavour of the runtime, docs/benchmarks/size.md).
 *
 * _dl_find_object: Debian's libgcc_eh.a (GCC 12, built against glibc 2.36)
 * finds the unwind tables of a code address with glibc's _dl_find_object
 * (glibc 2.35+), and nothing else: without it a wasm exception (C
 * setjmp/longjmp, docs/exceptions.md) could not unwind.  musl has no such
 * function, so this one answers the same question from dl_iterate_phdr, which
 * musl has (in a static executable: the program's own headers).  Layout and
 * contract as in glibc's <dlfcn.h> for x86-64 and AArch64 (no dlfo_eh_dbase).
 */
#include <stdint.h> /* a libc header first: glibc's defines __GLIBC__ */

#if defined(__linux__) && !defined(__GLIBC__)
#include <link.h>
#include <stddef.h>
#include <threads.h>

struct dl_find_object {
  unsigned long long dlfo_flags;
  void *dlfo_map_start;
  void *dlfo_map_end;
  void *dlfo_link_map;
  void *dlfo_eh_frame; /* the PT_GNU_EH_FRAME segment (.eh_frame_hdr) */
  unsigned long long dlfo_reserved[7];
};

int _dl_find_object(void *pc, struct dl_find_object *result);

typedef struct wrt_find {
  uintptr_t pc;
  struct dl_find_object *out;
  int found;
} wrt_find;

static int wrt_find_phdr(struct dl_phdr_info *info, size_t size, void *arg) {
  (void)size;
  wrt_find *f = arg;
  uintptr_t lo = UINTPTR_MAX, hi = 0;
  int has_pc = 0;
  void *eh = NULL;
  for (size_t i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *p = &info->dlpi_phdr[i];
    uintptr_t start = info->dlpi_addr + p->p_vaddr, end = start + p->p_memsz;
    if (p->p_type == PT_LOAD) {
      if (start < lo) lo = start;
      if (end > hi) hi = end;
      if (f->pc >= start && f->pc < end) has_pc = 1;
    } else if (p->p_type == PT_GNU_EH_FRAME) {
      eh = (void *)start;
    }
  }
  if (!has_pc) return 0;
  f->out->dlfo_flags = 0;
  f->out->dlfo_map_start = (void *)lo;
  f->out->dlfo_map_end = (void *)hi;
  f->out->dlfo_link_map = NULL;
  f->out->dlfo_eh_frame = eh;
  f->found = 1;
  return 1;
}

/* The answer for the executable itself, kept after the first lookup: the
 * unwinder asks once per frame of every throw (twice per frame: search and
 * cleanup phase), and musl's dl_iterate_phdr recomputes it each time (a
 * third of a throw's cost in Lua's coroutines, docs/exceptions.md).  A
 * static executable's program headers never change; musl cannot dlopen in
 * one, so every code address is the executable's.  Filled once under
 * call_once; read only after it. */
static once_flag wrt_exe_once = ONCE_FLAG_INIT;
static struct dl_find_object wrt_exe;
static int wrt_exe_found;

static void wrt_exe_init(void) {
  /* this function's own address lies in the executable */
  wrt_find f = {(uintptr_t)wrt_exe_init, &wrt_exe, 0};
  dl_iterate_phdr(wrt_find_phdr, &f);
  wrt_exe_found = f.found;
}

/* 0 and *result filled if pc lies in a loaded object, else -1 (glibc's
 * contract; libgcc only reads dlfo_eh_frame). */
int _dl_find_object(void *pc, struct dl_find_object *result) {
  call_once(&wrt_exe_once, wrt_exe_init);
  if (wrt_exe_found && (uintptr_t)pc >= (uintptr_t)wrt_exe.dlfo_map_start &&
      (uintptr_t)pc < (uintptr_t)wrt_exe.dlfo_map_end) {
    *result = wrt_exe;
    return 0;
  }
  wrt_find f = {(uintptr_t)pc, result, 0};
  dl_iterate_phdr(wrt_find_phdr, &f);
  return f.found ? 0 : -1;
}
#else
/* ISO C wants a translation unit to declare something */
typedef int wrt_musl_unused;
#endif
