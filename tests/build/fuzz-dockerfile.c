/*
 * fuzz-dockerfile.c — random and mutated Dockerfiles, words and
 * .dockerignore texts through image/dockerfile.c and dockerignore.c: nothing
 * may crash, leak or read out of bounds (run under ASan+UBSan by the
 * sanitizer build; N iterations, default 20000, seeded: reproducible).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockerfile.h"

static const char seed0[] = "# escape=`\nFROM scratch AS a\nCOPY --from=a [\"x\", \"y\"] /z/ `\n  w\n";
static const char seed1[] = "ENV A=\"b c\" D=${A:-x}${B:+y}\nCMD [\"a\"]\nFROM scratch\nRUN echo \\\n# c\n\n hi\n";
static const char seed2[] = "ARG X=${Y:-${Z}}\nFROM ${X}\nLABEL a=b\n";
static const char *const seeds[] = {seed0, seed1, seed2};

int main(int argc, char **argv) {
  unsigned long n = argc > 1 ? strtoul(argv[1], 0, 10) : 20000;
  srand(1);
  const char alpha[] = "FROMCPYENVARG \\`\"'$${}:-+=[]#\n\t,*?!/.";
  for (unsigned long it = 0; it < n; it++) {
    char buf[512];
    size_t len;
    if (it % 2) {
      const char *s = seeds[it % 3];
      len = strlen(s);
      memcpy(buf, s, len);
      for (int k = 0; k < 4; k++)
        buf[rand() % len] = alpha[rand() % (sizeof alpha - 1)];
    } else {
      len = (size_t)(rand() % 200);
      for (size_t i = 0; i < len; i++)
        buf[i] = alpha[rand() % (sizeof alpha - 1)];
    }
    buf[len] = 0;
    img_diag d = {0};
    df_file *f = df_parse(buf, len, "F", &d);
    df_file_destroy(f);
    df_vars v = {0};
    df_vars_set(&v, "A", "x");
    const char *err;
    free(df_word(buf, it % 3 ? '\\' : '`', &v, &err));
    size_t nw = 0;
    char **w = df_split_quoted(buf, '\\', &nw, &err);
    for (size_t i = 0; w && i < nw; i++)
      free(w[i]);
    free(w);
    df_vars_fini(&v);
    df_ignore ig;
    if (df_ignore_parse(&ig, buf, len)) {
      df_ignore_excluded(&ig, "a/b/c.txt");
      df_ignore_excluded(&ig, "x");
      df_ignore_fini(&ig);
    }
    df_match(buf, "a/b*c/[x]");
  }
  puts("ok");
  return 0;
}
