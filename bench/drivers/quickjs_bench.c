/* quickjs_bench.c — runs a JavaScript file with QuickJS (Debian 13's quickjs
 * 2025-04-26 sources: the engine only, without quickjs-libc, whose OS module
 * needs signals, termios and threads).  usage: quickjs_bench SCRIPT [ARGS...]
 * The script sees `scriptArgs` (ARGS as strings) and `print(...)` (its
 * arguments converted to strings, separated by spaces, then a newline).  An
 * uncaught exception, in the script or in a pending job, is printed and the
 * exit status is 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "quickjs.h"

static JSValue js_print(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  for (int i = 0; i < argc; i++) {
    const char *s = JS_ToCString(ctx, argv[i]);
    if (!s) return JS_EXCEPTION;
    fputs(s, stdout);
    fputc(i + 1 < argc ? ' ' : '\n', stdout);
    JS_FreeCString(ctx, s);
  }
  if (argc == 0) fputc('\n', stdout);
  return JS_UNDEFINED;
}

static int report_exception(JSContext *ctx) {
  JSValue e = JS_GetException(ctx);
  const char *s = JS_ToCString(ctx, e);
  fprintf(stdout, "FAIL: uncaught exception: %s\n", s ? s : "?");
  if (s) JS_FreeCString(ctx, s);
  if (JS_IsError(ctx, e)) {
    JSValue st = JS_GetPropertyStr(ctx, e, "stack");
    const char *ss = JS_ToCString(ctx, st);
    if (ss) { fputs(ss, stdout); JS_FreeCString(ctx, ss); }
    JS_FreeValue(ctx, st);
  }
  JS_FreeValue(ctx, e);
  return 1;
}

static char *read_file(const char *path, size_t *out_len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  for (size_t k; (k = fread(buf + n, 1, cap - n, f)) > 0;) {
    n += k;
    if (n == cap) buf = realloc(buf, (cap *= 2) + 1);
  }
  fclose(f);
  buf[n] = 0;
  *out_len = n;
  return buf;
}

int main(int argc, char **argv) {
  if (argc < 2) { fputs("usage: quickjs_bench SCRIPT [ARGS...]\n", stderr); return 2; }
  size_t len;
  char *src = read_file(argv[1], &len);
  if (!src) { printf("FAIL: cannot read %s\n", argv[1]); return 1; }
  JSRuntime *rt = JS_NewRuntime();
  JSContext *ctx = JS_NewContext(rt);
  JSValue global = JS_GetGlobalObject(ctx);
  JS_SetPropertyStr(ctx, global, "print", JS_NewCFunction(ctx, js_print, "print", 1));
  JSValue args = JS_NewArray(ctx);
  for (int i = 2; i < argc; i++) JS_SetPropertyUint32(ctx, args, (uint32_t)(i - 2), JS_NewString(ctx, argv[i]));
  JS_SetPropertyStr(ctx, global, "scriptArgs", args);
  JS_FreeValue(ctx, global);
  int rc = 0;
  JSValue v = JS_Eval(ctx, src, len, argv[1], JS_EVAL_TYPE_GLOBAL);
  if (JS_IsException(v)) rc = report_exception(ctx);
  JS_FreeValue(ctx, v);
  for (JSContext *jctx; rc == 0;) {
    int r = JS_ExecutePendingJob(rt, &jctx);
    if (r == 0) break;
    if (r < 0) rc = report_exception(jctx);
  }
  fflush(stdout);
  JS_FreeContext(ctx);
  JS_FreeRuntime(rt);
  free(src);
  return rc;
}
