// fd_readdir: '.' and '..', d_type, d_ino, d_next cookies stable across calls
// (resume, re-read from an earlier cookie, past the end), truncated last entry,
// tiny buffers, error paths.
#include "wt.h"

#define MAXE 400
typedef struct { char name[64]; uint64_t next, ino; uint8_t type; } ent;

/* parse complete entries of buf[0..used); returns count, *last_next = cookie to resume */
static int parse(const uint8_t *buf, uint32_t used, ent *out, int max, uint64_t *resume, int *truncated) {
  uint32_t off = 0;
  int n = 0;
  *truncated = 0;
  while (off + 24 <= used && n < max) {
    uint32_t nl = ld32(buf + off + 16);
    if (off + 24 + nl > used) { *truncated = 1; break; }
    out[n].next = ld64(buf + off);
    out[n].ino = ld64(buf + off + 8);
    out[n].type = buf[off + 20];
    memcpy(out[n].name, buf + off + 24, nl < 63 ? nl : 63);
    out[n].name[nl < 63 ? nl : 63] = 0;
    *resume = out[n].next;
    n++;
    off += 24 + nl;
  }
  if (off < used && off + 24 > used) *truncated = 1;
  return n;
}

static int list(i32 fd, uint32_t bufsz, ent *out, int max, int *calls) {
  static uint8_t buf[65536];
  uint64_t cookie = 0;
  int n = 0;
  *calls = 0;
  for (;;) {
    uint32_t used = 0;
    if (w_fd_readdir(fd, P(buf), (i32)bufsz, (i64)cookie, P(&used)) != 0) return -1;
    (*calls)++;
    int tr;
    uint64_t resume = cookie;
    int k = parse(buf, used, out + n, max - n, &resume, &tr);
    n += k;
    if (used < bufsz) return n; /* end of directory */
    if (k == 0) return -2;      /* buffer too small for one entry */
    cookie = resume;
    if (*calls > 10000) return -3;
  }
}

static int find(const ent *e, int n, const char *name) {
  for (int i = 0; i < n; i++) if (strcmp(e[i].name, name) == 0) return i;
  return -1;
}

int main(void) {
  static ent full[MAXE], small[MAXE], again[MAXE];
  i32 d;
  OK("mkdir rd", w_path_create_directory(RW, PATH("rd")));
  OK("open rd", wt_open(RW, "rd", __WASI_OFLAGS_DIRECTORY, R_DIR, 0, &d));
  char name[64];
  for (int i = 0; i < 250; i++) {
    snprintf(name, sizeof name, "rd/file-%d%.*s", i, i % 23, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    wt_mkfile(RW, name, "x");
  }
  OK("mkdir rd/subdir", w_path_create_directory(RW, PATH("rd/subdir")));
  OK("symlink rd/link", w_path_symlink(PATH("file-1x"), RW, PATH("rd/link")));
  int calls;
  int n = list(d, 65536, full, MAXE, &calls);
  EQ("one big call lists 250 files, subdir, link, . and ..", n, 254);
  EQ("... in one call", calls, 1);
  int dot = find(full, n, "."), dotdot = find(full, n, "..");
  TRUE("'.' is listed", dot >= 0);
  TRUE("'..' is listed", dotdot >= 0);
  TRUE("'.' is a directory", dot >= 0 && full[dot].type == __WASI_FILETYPE_DIRECTORY);
  TRUE("'..' is a directory", dotdot >= 0 && full[dotdot].type == __WASI_FILETYPE_DIRECTORY);
  int sd = find(full, n, "subdir"), ln = find(full, n, "link"), f7 = find(full, n, "file-7xxxxxxx");
  TRUE("subdir type directory", sd >= 0 && full[sd].type == __WASI_FILETYPE_DIRECTORY);
  TRUE("link type symbolic_link", ln >= 0 && full[ln].type == __WASI_FILETYPE_SYMBOLIC_LINK);
  TRUE("file type regular_file", f7 >= 0 && full[f7].type == __WASI_FILETYPE_REGULAR_FILE);
  uint8_t st[64];
  w_path_filestat_get(RW, 0, PATH("rd/file-7xxxxxxx"), P(st));
  TRUE("d_ino equals the file's ino", f7 >= 0 && full[f7].ino == ld64(st + 8));
  int inc = 1;
  for (int i = 0; i < n; i++) if (full[i].next != (uint64_t)i + 1) inc = 0;
  TRUE("d_next cookies are 1, 2, 3, ...", inc);
  int missing = 0;
  for (int i = 0; i < 250; i++) {
    snprintf(name, sizeof name, "file-%d%.*s", i, i % 23, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    if (find(full, n, name) < 0) missing++;
  }
  EQ("all 250 files listed", missing, 0);
  /* small buffers: resume from cookies; the truncated entry comes back whole */
  const uint32_t sizes[] = {24 + 64, 100, 200, 333, 1000};
  for (int s = 0; s < 5; s++) {
    int m = list(d, sizes[s], small, MAXE, &calls);
    char desc[96];
    snprintf(desc, sizeof desc, "listing with a %u-byte buffer has the same %d entries", sizes[s], n);
    int same = m == n;
    for (int i = 0; same && i < n; i++)
      if (strcmp(small[i].name, full[i].name) || small[i].next != full[i].next) same = 0;
    TRUE(desc, same);
    snprintf(desc, sizeof desc, "... over several calls (%u bytes)", sizes[s]);
    TRUE(desc, calls > 1);
  }
  /* an earlier cookie after the stream moved on: same entries again */
  static uint8_t buf[4096];
  uint32_t used;
  OK("readdir from cookie 100 after a full listing", w_fd_readdir(d, P(buf), sizeof buf, full[99].next, P(&used)));
  int tr;
  uint64_t rs;
  int k = parse(buf, used, again, MAXE, &rs, &tr);
  TRUE("cookie 100 resumes at entry 101", k > 0 && strcmp(again[0].name, full[100].name) == 0);
  OK("readdir from cookie 3", w_fd_readdir(d, P(buf), sizeof buf, 3, P(&used)));
  k = parse(buf, used, again, MAXE, &rs, &tr);
  TRUE("cookie 3 resumes at entry 4 (rewind)", k > 0 && strcmp(again[0].name, full[3].name) == 0);
  OK("readdir from cookie 0 again", w_fd_readdir(d, P(buf), sizeof buf, 0, P(&used)));
  k = parse(buf, used, again, MAXE, &rs, &tr);
  TRUE("cookie 0 restarts", k > 0 && strcmp(again[0].name, full[0].name) == 0);
  /* truncation: a buffer one byte short of the first entry */
  uint32_t first = 24 + (uint32_t)strlen(full[0].name);
  memset(buf, 0xee, sizeof buf);
  OK("readdir with buf_len = first entry - 1", w_fd_readdir(d, P(buf), (i32)(first - 1), 0, P(&used)));
  EQ("bufused == buf_len (truncated entry)", used, first - 1);
  EQ("nothing written past buf_len", buf[first - 1], 0xee);
  EQ("truncated header still carries d_next 1", ld64(buf), 1);
  OK("readdir with buf_len = 10 (header truncated)", w_fd_readdir(d, P(buf), 10, 0, P(&used)));
  EQ("bufused 10", used, 10);
  OK("readdir with buf_len 0", w_fd_readdir(d, P(buf), 0, 0, P(&used)));
  EQ("bufused 0", used, 0);
  OK("readdir exactly one entry", w_fd_readdir(d, P(buf), (i32)first, 0, P(&used)));
  EQ("bufused == first entry", used, first);
  OK("readdir past the end", w_fd_readdir(d, P(buf), sizeof buf, 100000, P(&used)));
  EQ("past the end: bufused 0", used, 0);
  OK("readdir with cookie = last d_next", w_fd_readdir(d, P(buf), sizeof buf, (i64)full[n - 1].next, P(&used)));
  EQ("last cookie: bufused 0", used, 0);
  /* errors */
  EQ("readdir bad fd EBADF", w_fd_readdir(77, P(buf), 100, 0, P(&used)), __WASI_ERRNO_BADF);
  EQ("readdir bad buffer EFAULT", w_fd_readdir(d, BAD, 100, 0, P(&used)), __WASI_ERRNO_FAULT);
  EQ("readdir bad bufused EFAULT", w_fd_readdir(d, P(buf), 100, 0, BAD), __WASI_ERRNO_FAULT);
  i32 f;
  wt_open(RW, "rd/file-1x", 0, R_ALL, 0, &f);
  EQ("readdir on a file fd (no fd_readdir right)", w_fd_readdir(f, P(buf), 100, 0, P(&used)), __WASI_ERRNO_NOTCAPABLE);
  w_fd_close(f);
  /* the preopen itself, read-only grant */
  n = list(RO, 4096, full, MAXE, &calls);
  EQ("/ro lists . .. file.txt sub link", n, 5);
  TRUE("/ro has file.txt", find(full, n, "file.txt") >= 0);
  /* an empty directory */
  i32 e;
  w_path_create_directory(RW, PATH("emptydir"));
  wt_open(RW, "emptydir", __WASI_OFLAGS_DIRECTORY, R_DIR, 0, &e);
  n = list(e, 4096, full, MAXE, &calls);
  EQ("empty directory lists . and ..", n, 2);
  /* entries removed meanwhile: listing still ends and has no duplicates */
  w_path_unlink_file(RW, PATH("rd/file-0"));
  n = list(d, 500, small, MAXE, &calls);
  TRUE("after an unlink the listing still terminates", n > 200);
  w_fd_close(e);
  w_fd_close(d);
  return wt_done();
}
