/*
 * dockerignore.c — .dockerignore patterns (dockerfile.h), with the rules of
 * Docker's ".dockerignore file" documentation: Go filepath.Match syntax
 * (* ? [...] and \ escapes, none of which crosses a '/'), ** for any number
 * of directories, '!' exceptions, the last matching line wins, and a pattern
 * that matches a directory excludes everything under it.  The same matcher
 * serves COPY/ADD source globs (build.c).
 */
#include <stdlib.h>
#include <string.h>

#include "dockerfile.h"

/* [...] at p (after '['): does c match?  *out_end: after ']'; false if malformed. */
static bool match_class(const char *p, char c, bool *out_hit, const char **out_end) {
  bool neg = *p == '^'; /* Go: '^' negates; '!' is a member */
  if (neg) p++;
  bool hit = false, first = true;
  while (*p && (*p != ']' || first)) {
    first = false;
    char lo = *p == '\\' && p[1] ? *++p : *p;
    p++;
    char hi = lo;
    if (*p == '-' && p[1] && p[1] != ']') {
      p++;
      hi = *p == '\\' && p[1] ? *++p : *p;
      p++;
    }
    if (lo <= c && c <= hi) hit = true;
  }
  if (*p != ']') return false;
  *out_hit = hit != neg;
  *out_end = p + 1;
  return true;
}

bool df_match(const char *p, const char *s) {
  while (*p) {
    if (p[0] == '*' && p[1] == '*') {
      const char *rest = p + 2;
      if (*rest == '/') { /* "**" "/": zero or more whole directories */
        rest++;
        if (df_match(rest, s)) return true;
        for (const char *t = s; *t; t++)
          if (*t == '/' && df_match(rest, t + 1)) return true;
        return false;
      }
      for (const char *t = s;; t++) { /* "**" elsewhere: any characters, '/' included */
        if (df_match(rest, t)) return true;
        if (!*t) return false;
      }
    }
    if (*p == '*') {
      for (const char *t = s;; t++) {
        if (df_match(p + 1, t)) return true;
        if (!*t || *t == '/') return false;
      }
    }
    if (!*s) return false;
    if (*p == '?') {
      if (*s == '/') return false;
      p++, s++;
    } else if (*p == '[') {
      bool hit;
      const char *end;
      if (*s == '/' || !match_class(p + 1, *s, &hit, &end) || !hit) return false;
      p = end, s++;
    } else {
      if (*p == '\\' && p[1]) p++;
      if (*p != *s) return false;
      p++, s++;
    }
  }
  return !*s;
}

/* Go's filepath.Clean, then no leading or trailing '/'; into a new string. */
static char *clean(const char *s, size_t n) {
  char *out = malloc(n + 2);
  if (!out) return NULL;
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    while (i < n && s[i] == '/')
      i++;
    size_t st = i;
    while (i < n && s[i] != '/')
      i++;
    size_t len = i - st;
    if (len == 0 || (len == 1 && s[st] == '.')) continue;
    if (len == 2 && s[st] == '.' && s[st + 1] == '.') {
      while (o > 0 && out[o - 1] != '/')
        o--; /* at the root, ".." is dropped */
      if (o > 0) o--;
      continue;
    }
    if (o) out[o++] = '/';
    memcpy(out + o, s + st, len);
    o += len;
  }
  out[o] = '\0';
  return out;
}

bool df_ignore_parse(df_ignore *ig, const char *text, size_t len) {
  memset(ig, 0, sizeof *ig);
  for (size_t pos = 0; pos < len;) {
    const char *s = text + pos;
    const char *nl = memchr(s, '\n', len - pos);
    size_t n = nl ? (size_t)(nl - s) : len - pos;
    pos += n + (nl ? 1 : 0);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
      n--;
    while (n && (*s == ' ' || *s == '\t'))
      s++, n--;
    if (!n || *s == '#') continue;
    bool neg = *s == '!';
    if (neg) {
      s++, n--;
      while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    }
    char *p = clean(s, n);
    char **np = p ? realloc(ig->pat, (ig->n + 1) * sizeof *np) : NULL;
    if (np) ig->pat = np;
    bool *nn = np ? realloc(ig->neg, (ig->n + 1) * sizeof *nn) : NULL;
    if (nn) ig->neg = nn;
    if (!nn) {
      free(p);
      df_ignore_fini(ig);
      return false;
    }
    if (!*p) {
      free(p);
      continue;
    } /* "/" or "." alone: Docker ignores such lines */
    ig->pat[ig->n] = p;
    ig->neg[ig->n++] = neg;
  }
  return true;
}

/* Does pattern p match path or one of its parent directories? */
static bool match_or_parent(const char *p, const char *path) {
  if (df_match(p, path)) return true;
  size_t n = strlen(path);
  char *tmp = strdup(path);
  if (!tmp) return false;
  bool hit = false;
  for (size_t i = n; i-- > 0 && !hit;)
    if (tmp[i] == '/') {
      tmp[i] = '\0';
      hit = df_match(p, tmp);
    }
  free(tmp);
  return hit;
}

bool df_ignore_excluded(const df_ignore *ig, const char *path) {
  bool excluded = false;
  for (size_t i = 0; i < ig->n; i++)
    if (match_or_parent(ig->pat[i], path)) excluded = !ig->neg[i];
  return excluded;
}

bool df_ignore_has_exceptions(const df_ignore *ig) {
  for (size_t i = 0; i < ig->n; i++)
    if (ig->neg[i]) return true;
  return false;
}

void df_ignore_fini(df_ignore *ig) {
  for (size_t i = 0; i < ig->n; i++)
    free(ig->pat[i]);
  free(ig->pat);
  free(ig->neg);
  memset(ig, 0, sizeof *ig);
}
