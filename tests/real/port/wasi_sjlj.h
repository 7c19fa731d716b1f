/* wasi_sjlj.h — setjmp/longjmp for wasm32-wasi without the exception-handling
 * proposal, built on Binaryen's Asyncify pass (the technique Ruby's WASI port
 * uses).  The module must be post-processed with
 *   wasm-opt --asyncify --pass-arg=asyncify-ignore-imports
 * and the program's real main renamed (see WASI_SJLJ_MAIN) so that the loop in
 * wasi_sjlj.c can drive unwinds and rewinds.  See docs/porting.md.
 *
 * How it works: wasi_setjmp() unwinds the whole call stack into a buffer owned
 * by the jmp_buf (saving every frame's locals) and immediately rewinds it, so
 * the buffer is a snapshot of the stack at the setjmp call.  wasi_longjmp()
 * unwinds the current stack into a scratch buffer, then rewinds the snapshot:
 * execution resumes inside wasi_setjmp(), which now returns the value. */
#ifndef WASMC_WASI_SJLJ_H
#define WASMC_WASI_SJLJ_H

struct wasi_asyncify_buf {
  void *top; /* Asyncify's "current" pointer */
  void *end;
};

typedef struct wasi_jmp_buf {
  struct wasi_asyncify_buf snap; /* must stay first: handed to start_unwind */
  char *mem;                     /* snapshot storage (malloc'd) */
  void *snap_top;                /* end of the snapshot data */
  int state;
  int value;
} wasi_jmp_buf[1];

int wasi_setjmp(struct wasi_jmp_buf *env) __attribute__((noinline, returns_twice));
/* Never returns normally, but NOT declared _Noreturn: it returns while
 * Asyncify unwinds, and clang would place an `unreachable` after the call
 * to a noreturn function, where the unwinding code could reach it. */
void wasi_longjmp(struct wasi_jmp_buf *env, int value);
/* Frees the snapshot; call when the jmp_buf goes out of scope (each
 * wasi_setjmp call allocates a new one). */
void wasi_jmpbuf_release(struct wasi_jmp_buf *env);

#endif
