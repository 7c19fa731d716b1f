/* wasi_port.h — force-included (-include) when building real programs for
 * wasm32-wasi with the 2022 wasi-libc.  Supplies the few POSIX pieces that
 * wasi-libc lacks and that a single-process program can safely fake.
 * See docs/porting.md for why each one is here. */
#ifndef WASMC_WASI_PORT_H
#define WASMC_WASI_PORT_H
#ifdef __wasi__
#include <sys/types.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <sys/stat.h>

/* Advisory record locks (fcntl F_GETLK/F_SETLK/F_SETLKW): WASI has none.  A
 * WASI program is the only process touching its files as far as it can
 * tell, so locking always succeeds and F_GETLK reports "unlocked". */
/* <fcntl.h> declares struct flock but hides the F_* lock constants. */
#ifndef F_RDLCK
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2
#endif
#ifndef F_GETLK
#define F_GETLK 1005
#define F_SETLK 1006
#define F_SETLKW 1007
#endif
int wasi_port_fcntl(int fd, int cmd, ...);
#define fcntl wasi_port_fcntl

/* Ownership and permissions do not exist in WASI. */
int chmod(const char *path, mode_t mode);
int fchmod(int fd, mode_t mode);
int fchown(int fd, uid_t owner, gid_t group);
uid_t geteuid(void);
uid_t getuid(void);

/* No processes: popen/system always fail. */
FILE *popen(const char *command, const char *type);
int pclose(FILE *stream);
int system(const char *command);
#endif
#endif
