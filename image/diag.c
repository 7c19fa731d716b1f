/*
 * diag.c — img_error: the image side's one-message error record (image.h).
 */
#include <stdarg.h>
#include <stdio.h>

#include "image.h"

void img_error(img_diag *d, const char *fmt, ...) {
  if (d->failed) return; /* first error wins: later ones are usually consequences */
  d->failed = true;
  char raw[sizeof d->message];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(raw, sizeof raw, fmt, ap);
  va_end(ap);
  /* file names and Dockerfile text are any bytes: a newline or a terminal
   * escape must not split the one-line message.  Control bytes print as \xNN. */
  size_t o = 0;
  for (const unsigned char *s = (const unsigned char *)raw; *s && o + 5 < sizeof d->message; s++) {
    if (*s < 0x20 || *s == 0x7f)
      o += (size_t)snprintf(d->message + o, sizeof d->message - o, "\\x%02x", *s);
    else
      d->message[o++] = (char)*s;
  }
  d->message[o] = '\0';
}
