/*
 * wrt_lines.c — source lines for backtrace frames, from the executable's own
 * .debug_line (present when wasmc compiled with -g and the module had DWARF
 * line tables: compiler/debuginfo.c; docs/debugging.md).
 *
 * Runs only when an uncaught trap is reported, in the process that is about
 * to exit, possibly inside the SIGSEGV handler: it allocates nothing and uses
 * only system calls (open, fstat, mmap, munmap, close).  The file is
 * /proc/self/exe, read through a private read-only mapping.  Only DWARF 2-4
 * line programs are run, which is what the generated code's units are (the
 * module flag "Dwarf Version" 4); the runtime's own DWARF 5 units are
 * skipped, their frames are never printed.  Everything is bounds-checked: a
 * malformed table gives no line, never a fault.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wrt_internal.h"

extern const char __ehdr_start[] __attribute__((weak)); /* the loaded ELF header (lld, bfd) */

typedef struct lc {
  const uint8_t *p, *end;
  int bad;
} lc;

static uint64_t lc_fixed(lc *c, unsigned n) {
  if (c->bad || (size_t)(c->end - c->p) < n) {
    c->bad = 1;
    return 0;
  }
  uint64_t v = 0;
  for (unsigned i = 0; i < n; i++)
    v |= (uint64_t)c->p[i] << (8 * i);
  c->p += n;
  return v;
}

static uint64_t lc_uleb(lc *c) {
  uint64_t v = 0;
  for (unsigned shift = 0; !c->bad && c->p < c->end && shift < 64; shift += 7) {
    uint8_t b = *c->p++;
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  c->bad = 1;
  return 0;
}

static int64_t lc_sleb(lc *c) {
  int64_t v = 0;
  for (unsigned shift = 0; !c->bad && c->p < c->end && shift < 64; shift += 7) {
    uint8_t b = *c->p++;
    v |= (int64_t)((uint64_t)(b & 0x7f) << shift);
    if (!(b & 0x80)) {
      if (shift + 7 < 64 && (b & 0x40)) v |= (int64_t)(~(uint64_t)0 << (shift + 7));
      return v;
    }
  }
  c->bad = 1;
  return 0;
}

static const char *lc_str(lc *c) {
  const uint8_t *z = c->bad ? NULL : memchr(c->p, 0, (size_t)(c->end - c->p));
  if (!z) {
    c->bad = 1;
    return NULL;
  }
  const char *s = (const char *)c->p;
  c->p = z + 1;
  return s;
}

/* The directory and name of file `n` (1-based) of a DWARF 2-4 header. */
static void v4_file(const uint8_t *dirs, const uint8_t *files, const uint8_t *end, uint64_t n, const char **out_dir,
                    const char **out_name) {
  lc c = {files, end, 0};
  for (uint64_t k = 1; !c.bad; k++) {
    const char *name = lc_str(&c);
    if (!name || !name[0]) return;
    uint64_t di = lc_uleb(&c);
    lc_uleb(&c), lc_uleb(&c);
    if (k != n) continue;
    *out_name = name;
    lc d = {dirs, end, 0};
    for (uint64_t j = 1; j <= di && !d.bad; j++) {
      const char *dir = lc_str(&d);
      if (!dir || !dir[0]) break;
      if (j == di) *out_dir = dir;
    }
    return;
  }
}

/* Run every DWARF 2-4 line program of `sec`; for each pc[i] (file addresses)
 * store the row covering it. */
static void run_programs(const uint8_t *sec, size_t len, const uintptr_t *pc, uint32_t n, wrt_line_info *out) {
  lc c = {sec, sec + len, 0};
  while (c.p < c.end && !c.bad) {
    uint64_t ulen = lc_fixed(&c, 4);
    if (c.bad || ulen >= 0xfffffff0u || ulen > (uint64_t)(c.end - c.p)) return;
    lc u = {c.p, c.p + ulen, 0};
    c.p += ulen;
    unsigned version = (unsigned)lc_fixed(&u, 2);
    if (version < 2 || version > 4) continue;
    uint64_t hlen = lc_fixed(&u, 4);
    if (u.bad || hlen > (uint64_t)(u.end - u.p)) continue;
    const uint8_t *prog = u.p + hlen;
    unsigned min_inst = (unsigned)lc_fixed(&u, 1);
    if (version >= 4) lc_fixed(&u, 1);
    lc_fixed(&u, 1); /* default_is_stmt */
    int line_base = (int8_t)lc_fixed(&u, 1);
    unsigned line_range = (unsigned)lc_fixed(&u, 1), opcode_base = (unsigned)lc_fixed(&u, 1);
    uint8_t std_len[256] = {0};
    for (unsigned i = 1; i < opcode_base; i++)
      std_len[i] = (uint8_t)lc_fixed(&u, 1);
    if (u.bad || !line_range || !opcode_base) continue;
    const uint8_t *dirs = u.p;
    while (!u.bad) {
      const char *s = lc_str(&u);
      if (!s || !s[0]) break;
    }
    const uint8_t *files = u.p;

    lc p = {prog, u.end, 0};
    uint64_t addr = 0, file = 1, col = 0, prev_addr = 0, prev_file = 0, prev_col = 0;
    int64_t line = 1, prev_line = 0;
    int have_prev = 0;
    while (p.p < p.end && !p.bad) {
      uint8_t op = (uint8_t)lc_fixed(&p, 1);
      int row = 0, end_seq = 0;
      if (op >= opcode_base) {
        unsigned adj = op - opcode_base;
        addr += (uint64_t)(adj / line_range) * min_inst;
        line += line_base + (int64_t)(adj % line_range);
        row = 1;
      } else if (op == 0) {
        uint64_t elen = lc_uleb(&p);
        if (p.bad || elen == 0 || elen > (uint64_t)(p.end - p.p)) break;
        const uint8_t *next = p.p + elen;
        uint8_t eop = (uint8_t)lc_fixed(&p, 1);
        if (eop == 1)
          row = end_seq = 1;
        else if (eop == 2)
          addr = lc_fixed(&p, (unsigned)(elen - 1) >= 8 ? 8 : 4);
        p.p = next;
      } else if (op == 1)
        row = 1;
      else if (op == 2)
        addr += lc_uleb(&p) * min_inst;
      else if (op == 3)
        line += lc_sleb(&p);
      else if (op == 4)
        file = lc_uleb(&p);
      else if (op == 5)
        col = lc_uleb(&p);
      else if (op == 8)
        addr += (uint64_t)((255 - opcode_base) / line_range) * min_inst;
      else if (op == 9)
        addr += lc_fixed(&p, 2);
      else
        for (unsigned i = 0; i < std_len[op]; i++)
          lc_uleb(&p);
      if (!row) continue;
      if (have_prev && addr > prev_addr)
        for (uint32_t i = 0; i < n; i++)
          if (pc[i] >= prev_addr && pc[i] < addr && prev_line > 0) {
            out[i].line = (uint32_t)prev_line;
            out[i].column = (uint32_t)prev_col;
            out[i].dir = out[i].name = NULL;
            v4_file(dirs, files, u.end, prev_file, &out[i].dir, &out[i].name);
          }
      have_prev = !end_seq;
      prev_addr = addr, prev_file = file, prev_line = line, prev_col = col;
      if (end_seq) addr = 0, file = 1, line = 1, col = 0;
    }
  }
}

void *wrt_lines_lookup(const uintptr_t *pc, uint32_t n, wrt_line_info *out, size_t *out_map_len) {
  memset(out, 0, n * sizeof *out);
  *out_map_len = 0;
  int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat st;
  void *map = MAP_FAILED;
  if (fstat(fd, &st) == 0 && st.st_size > (off_t)sizeof(Elf64_Ehdr))
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (map == MAP_FAILED) return NULL;
  size_t size = (size_t)st.st_size;
  const uint8_t *b = map;
  const Elf64_Ehdr *eh = map;
  if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
      eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff > size ||
      (size - eh->e_shoff) / sizeof(Elf64_Shdr) < eh->e_shnum || eh->e_shstrndx >= eh->e_shnum || eh->e_phoff > size ||
      eh->e_phentsize != sizeof(Elf64_Phdr) || (size - eh->e_phoff) / sizeof(Elf64_Phdr) < eh->e_phnum)
    goto done;
  /* load bias: where the first segment (file offset 0, the ELF header) is */
  uintptr_t bias = 0;
  for (unsigned i = 0; i < eh->e_phnum; i++) {
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(b + eh->e_phoff) + i;
    if (ph->p_type == PT_LOAD && ph->p_offset == 0) {
      if (__ehdr_start) bias = (uintptr_t)__ehdr_start - (uintptr_t)ph->p_vaddr;
      break;
    }
  }
  const Elf64_Shdr *sh = (const Elf64_Shdr *)(b + eh->e_shoff);
  const Elf64_Shdr *strs = &sh[eh->e_shstrndx];
  if (strs->sh_offset > size || strs->sh_size > size - strs->sh_offset) goto done;
  for (unsigned i = 0; i < eh->e_shnum; i++) {
    if (sh[i].sh_name >= strs->sh_size || sh[i].sh_type == SHT_NOBITS) continue;
    const char *name = (const char *)b + strs->sh_offset + sh[i].sh_name;
    size_t room = strs->sh_size - sh[i].sh_name;
    if (room < sizeof ".debug_line" || memcmp(name, ".debug_line", sizeof ".debug_line")) continue;
    if (sh[i].sh_offset > size || sh[i].sh_size > size - sh[i].sh_offset) break;
    uintptr_t fpc[32];
    uint32_t k = n < 32 ? n : 32;
    for (uint32_t j = 0; j < k; j++)
      fpc[j] = pc[j] - bias;
    run_programs(b + sh[i].sh_offset, sh[i].sh_size, fpc, k, out);
    *out_map_len = size;
    return map; /* the names point into it: wrt_lines_release() */
  }
done:
  munmap(map, size);
  return NULL;
}

void wrt_lines_release(void *map, size_t len) {
  if (map && len) munmap(map, len);
}
