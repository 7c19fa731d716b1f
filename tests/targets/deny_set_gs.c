/*
 * deny_set_gs.c PROGRAM [ARGS...] — run PROGRAM under a seccomp filter that
 * makes arch_prctl(ARCH_SET_GS, ...) fail with EPERM (as a strict sandbox
 * might), everything else allowed.  tests/targets/run.sh (segue) checks that
 * a Segue executable then stops with one clear line instead of running with
 * a wrong gs base.  x86-64 Linux only.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: deny_set_gs PROGRAM [ARGS...]\n"); return 2; }
  struct sock_filter f[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_arch_prctl, 0, 3),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1001 /* ARCH_SET_GS */, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog p = {sizeof f / sizeof *f, f};
  prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &p)) { perror("seccomp"); return 1; }
  execv(argv[1], argv + 1);
  perror("exec");
  return 1;
}
