/* wasi_port.c — definitions for wasi_port.h (see docs/porting.md). */
#ifdef __wasi__
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/types.h>
#undef fcntl
#include <fcntl.h>
#include "wasi_port.h"
#undef fcntl

int wasi_port_fcntl(int fd, int cmd, ...) {
  va_list ap;
  va_start(ap, cmd);
  if (cmd == F_GETLK) {
    struct flock *fl = va_arg(ap, struct flock *);
    va_end(ap);
    fl->l_type = F_UNLCK;
    return 0;
  }
  if (cmd == F_SETLK || cmd == F_SETLKW) {
    va_end(ap);
    return 0;
  }
  /* F_GETFD/F_SETFD/F_GETFL/F_SETFL take at most one int argument. */
  int arg = (cmd == F_GETFD || cmd == F_GETFL) ? 0 : va_arg(ap, int);
  va_end(ap);
  return fcntl(fd, cmd, arg);
}

int chmod(const char *path, mode_t mode) { (void)path; (void)mode; return 0; }
int fchmod(int fd, mode_t mode) { (void)fd; (void)mode; return 0; }
int fchown(int fd, uid_t owner, gid_t group) { (void)fd; (void)owner; (void)group; return 0; }
uid_t geteuid(void) { return 0; }
uid_t getuid(void) { return 0; }

FILE *popen(const char *command, const char *type) {
  (void)command; (void)type;
  errno = ENOSYS;
  return NULL;
}
int pclose(FILE *stream) { (void)stream; errno = ENOSYS; return -1; }
int system(const char *command) {
  /* system(NULL) asks "is there a shell?": no. */
  if (!command) return 0;
  errno = ENOSYS;
  return -1;
}
#endif
