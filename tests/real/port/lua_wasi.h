/* lua_wasi.h — force-included into every Lua source file for wasm32-wasi.
 * Lua's error handling (and, in 5.4, coroutine.yield) throws with
 * LUAI_THROW; route it through the Asyncify setjmp/longjmp and free each
 * protected call's stack snapshot when the call ends.  See docs/porting.md. */
#ifndef LUA_WASI_H
#define LUA_WASI_H
#include "wasi_port.h"
#include "wasi_sjlj.h"
#define LUAI_THROW(L, c) wasi_longjmp((c)->b, 1)
#define LUAI_TRY(L, c, a) \
  if (wasi_setjmp((c)->b) == 0) { a } \
  wasi_jmpbuf_release((c)->b);
#define luai_jmpbuf wasi_jmp_buf
/* tmpfile()/tmpnam() need a writable temporary directory WASI does not
 * promise: io.tmpfile/os.tmpname report failure. */
#include <stdio.h>
#include <errno.h>
#define tmpfile() (errno = ENOSYS, (FILE *)0)
#define LUA_TMPNAMBUFSIZE 32
#define lua_tmpnam(b, e) { (void)(b); e = 1; }
#endif
