// strings.c — a text-processing toolkit: tokenizing, word frequencies,
// case conversion, number parsing and locale-free formatting.
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *TEXT =
  "It was the best of times, it was the worst of times, it was the age of wisdom, "
  "it was the age of foolishness, it was the epoch of belief, it was the epoch of "
  "incredulity, it was the season of Light, it was the season of Darkness.";

struct wc { char w[24]; int n; };

static int by_count(const void *a, const void *b) {
  const struct wc *x = a, *y = b;
  return x->n != y->n ? y->n - x->n : strcmp(x->w, y->w);
}

int main(void) {
  char *copy = strdup(TEXT);
  struct wc words[64];
  int nw = 0;
  for (char *tok = strtok(copy, " ,."); tok; tok = strtok(NULL, " ,.")) {
    for (char *p = tok; *p; p++) *p = (char)tolower((unsigned char)*p);
    int i;
    for (i = 0; i < nw; i++) if (!strcmp(words[i].w, tok)) break;
    if (i == nw) { snprintf(words[nw].w, sizeof words[nw].w, "%s", tok); words[nw++].n = 0; }
    words[i].n++;
  }
  qsort(words, (size_t)nw, sizeof words[0], by_count);
  printf("%d distinct words; top 6:\n", nw);
  for (int i = 0; i < 6; i++) printf("  %-12s %d\n", words[i].w, words[i].n);
  free(copy);

  char buf[256];
  strcpy(buf, "hello");
  strcat(buf, ", ");
  strncat(buf, "world-wide-web", 5);
  printf("[%s] len=%zu\n", buf, strlen(buf));
  memmove(buf + 2, buf, 8);
  printf("after memmove: [%s]\n", buf);
  printf("strchr: %s | strrchr: %s | strstr: %s\n", strchr(TEXT, 'w'), strrchr(TEXT, 'o'), strstr(TEXT, "Dark"));
  printf("strspn=%zu strcspn=%zu cmp=%d ncmp=%d casecmp-like=%d\n", strspn("aaabbc", "ab"),
         strcspn("hello world", " "), strcmp("abc", "abd") < 0, strncmp("abcX", "abcY", 3), memcmp("xyz", "xya", 3) > 0);

  const char *nums[] = {"42", "-17", "0x1F", "0777", "12abc", "99999999999999999999", "  +8", ""};
  for (int i = 0; i < 8; i++) {
    char *end;
    errno = 0;
    long long v = strtoll(nums[i], &end, 0);
    printf("strtoll(\"%s\") = %lld, rest \"%s\", %s\n", nums[i], v, end, errno == ERANGE ? "ERANGE" : "ok");
  }
  const char *dbls[] = {"3.25", "-1e-3", "1e400", "0x1.8p1", "inf", "nan", "2.5e-310", "12.5kg"};
  for (int i = 0; i < 8; i++) {
    char *end;
    errno = 0;
    double d = strtod(dbls[i], &end);
    printf("strtod(\"%s\") = %.17g rest \"%s\"%s\n", dbls[i], d, end, errno == ERANGE ? " ERANGE" : "");
  }
  char out[64];
  int len = 0;
  for (int i = 0; i < 10; i++) len += snprintf(out + len, sizeof out - (size_t)len, "%d,", i * i);
  out[len - 1] = 0;
  printf("squares: %s\n", out);
  char rev[64];
  size_t n = strlen(out);
  for (size_t i = 0; i < n; i++) rev[i] = out[n - 1 - i];
  rev[n] = 0;
  printf("reversed: %s\n", rev);
  int upper = 0, digits = 0, spaces = 0, punct = 0;
  for (const char *p = TEXT; *p; p++) {
    upper += isupper((unsigned char)*p) != 0;
    digits += isdigit((unsigned char)*p) != 0;
    spaces += isspace((unsigned char)*p) != 0;
    punct += ispunct((unsigned char)*p) != 0;
  }
  printf("upper=%d digits=%d spaces=%d punct=%d\n", upper, digits, spaces, punct);
  return 0;
}
