/* Minimal <pwd.h> for wasm32-wasi: there are no users; lookups fail. */
#ifndef WASMC_PORT_PWD_H
#define WASMC_PORT_PWD_H
#include <sys/types.h>
struct passwd {
  char *pw_name;
  char *pw_passwd;
  uid_t pw_uid;
  gid_t pw_gid;
  char *pw_gecos;
  char *pw_dir;
  char *pw_shell;
};
static inline struct passwd *getpwuid(uid_t uid) { (void)uid; return 0; }
static inline struct passwd *getpwnam(const char *name) { (void)name; return 0; }
#endif
