/* lua_wasi.h — force-included into every Lua source file for wasm32-wasi.
 * Lua's error handling (and, in 5.4, coroutine.yield) throws with its
 * default LUAI_THROW, longjmp: include/setjmp.h provides it for clang's
 * wasm setjmp/longjmp lowering (-mllvm -wasm-enable-sjlj, wasm_sjlj.c).
 * See docs/porting.md. */
#ifndef LUA_WASI_H
#define LUA_WASI_H
#include "wasi_port.h"
#include <setjmp.h>
/* tmpfile()/tmpnam() need a writable temporary directory WASI does not
 * promise: io.tmpfile/os.tmpname report failure. */
#include <stdio.h>
#include <errno.h>
#define tmpfile() (errno = ENOSYS, (FILE *)0)
#define LUA_TMPNAMBUFSIZE 32
#define lua_tmpnam(b, e) { (void)(b); e = 1; }
#endif
