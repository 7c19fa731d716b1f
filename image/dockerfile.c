/*
 * dockerfile.c — Dockerfile syntax (dockerfile.h): lines, parser directives,
 * continuations, instructions, JSON form, and word substitution, after the
 * Dockerfile reference ("Parser directives", "Environment replacement",
 * "Shell and exec form").  JSON arrays are read with jansson.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockerfile.h"

/* ---- a growable string ------------------------------------------------------ */
typedef struct sbuf {
  char *p;
  size_t n, cap;
  bool oom;
} sbuf;

static void sb_putn(sbuf *b, const char *s, size_t n) {
  if (b->oom) return;
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->n + n + 1)
      cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
      b->oom = true;
      return;
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
}
static void sb_putc(sbuf *b, char c) { sb_putn(b, &c, 1); }
/* The string (caller frees; "" when empty), or NULL when out of memory. */
static char *sb_take(sbuf *b) {
  if (b->oom) {
    free(b->p);
    return NULL;
  }
  if (!b->p) return strdup("");
  return b->p;
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* ---- variables -------------------------------------------------------------- */
bool df_vars_set(df_vars *v, const char *name, const char *value) {
  char *val = strdup(value);
  if (!val) return false;
  for (size_t i = 0; i < v->n; i++)
    if (!strcmp(v->name[i], name)) {
      free(v->value[i]);
      v->value[i] = val;
      return true;
    }
  if (v->n == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 8;
    char **nn = realloc(v->name, cap * sizeof *nn);
    if (nn) v->name = nn;
    char **nv = nn ? realloc(v->value, cap * sizeof *nv) : NULL;
    if (nv) v->value = nv;
    if (!nn || !nv) {
      free(val);
      return false;
    }
    v->cap = cap;
  }
  v->name[v->n] = strdup(name);
  if (!v->name[v->n]) {
    free(val);
    return false;
  }
  v->value[v->n++] = val;
  return true;
}

const char *df_vars_get(const df_vars *v, const char *name) {
  for (size_t i = 0; i < v->n; i++)
    if (!strcmp(v->name[i], name)) return v->value[i];
  return NULL;
}

void df_vars_fini(df_vars *v) {
  for (size_t i = 0; i < v->n; i++) {
    free(v->name[i]);
    free(v->value[i]);
  }
  free(v->name);
  free(v->value);
  memset(v, 0, sizeof *v);
}

/* ---- words -------------------------------------------------------------------- */
typedef struct lexer {
  const char *s;
  size_t i;
  char esc;
  const df_vars *vars;
  const char *err;
} lexer;

static bool name_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

static void lex_until(lexer *lx, sbuf *out, char stop);

/* After '$': a variable reference, its value appended to out. */
static void lex_dollar(lexer *lx, sbuf *out) {
  const char *s = lx->s;
  if (s[lx->i] != '{') {
    size_t st = lx->i;
    while (name_char(s[lx->i]))
      lx->i++;
    if (lx->i == st) {
      sb_putc(out, '$');
      return;
    } /* a lone '$' is itself */
    char name[256];
    size_t len = lx->i - st < sizeof name - 1 ? lx->i - st : sizeof name - 1;
    memcpy(name, s + st, len);
    name[len] = '\0';
    const char *v = df_vars_get(lx->vars, name);
    if (v) sb_putn(out, v, strlen(v));
    return;
  }
  lx->i++; /* '{' */
  size_t st = lx->i;
  while (name_char(s[lx->i]))
    lx->i++;
  if (lx->i == st) {
    lx->err = "bad substitution: '${' without a variable name";
    return;
  }
  char name[256];
  size_t len = lx->i - st < sizeof name - 1 ? lx->i - st : sizeof name - 1;
  memcpy(name, s + st, len);
  name[len] = '\0';
  const char *v = df_vars_get(lx->vars, name);
  if (s[lx->i] == '}') {
    lx->i++;
    if (v) sb_putn(out, v, strlen(v));
    return;
  }
  bool colon = s[lx->i] == ':';
  if (colon) lx->i++;
  char op = s[lx->i];
  if (op != '-' && op != '+') {
    lx->err = s[lx->i] ? "unsupported substitution modifier (${NAME:-word}, ${NAME:+word}, ${NAME-word}, "
                         "${NAME+word} are)"
                       : "missing '}' in ${...}";
    return;
  }
  lx->i++;
  sbuf word = {0};
  lex_until(lx, &word, '}');
  if (lx->err) {
    free(word.p);
    return;
  }
  if (s[lx->i] != '}') {
    free(word.p);
    lx->err = "missing '}' in ${...}";
    return;
  }
  lx->i++;
  bool set = v && (!colon || *v);
  const char *r = op == '-' ? (set ? v : (word.p ? word.p : "")) : (set ? (word.p ? word.p : "") : "");
  sb_putn(out, r, strlen(r));
  free(word.p);
}

/* Lex until `stop` (unquoted; '\0' for the end of the string). */
static void lex_until(lexer *lx, sbuf *out, char stop) {
  const char *s = lx->s;
  while (!lx->err && s[lx->i] && s[lx->i] != stop) {
    char c = s[lx->i++];
    if (c == lx->esc) {
      if (s[lx->i])
        sb_putc(out, s[lx->i++]);
      else
        sb_putc(out, c); /* a trailing escape stays */
    } else if (c == '\'') {
      const char *e = strchr(s + lx->i, '\'');
      if (!e) {
        lx->err = "unterminated single quote";
        return;
      }
      sb_putn(out, s + lx->i, (size_t)(e - (s + lx->i)));
      lx->i = (size_t)(e - s) + 1;
    } else if (c == '"') {
      for (;;) {
        char d = s[lx->i];
        if (!d) {
          lx->err = "unterminated double quote";
          return;
        }
        lx->i++;
        if (d == '"') break;
        if (d == lx->esc && (s[lx->i] == '"' || s[lx->i] == '$' || s[lx->i] == lx->esc))
          sb_putc(out, s[lx->i++]);
        else if (d == '$')
          lex_dollar(lx, out);
        else
          sb_putc(out, d);
        if (lx->err) return;
      }
    } else if (c == '$') {
      lex_dollar(lx, out);
    } else {
      sb_putc(out, c);
    }
  }
}

char *df_word(const char *word, char escape, const df_vars *vars, const char **out_err) {
  static const df_vars none = {0};
  lexer lx = {.s = word, .esc = escape, .vars = vars ? vars : &none};
  sbuf out = {0};
  lex_until(&lx, &out, '\0');
  if (lx.err) {
    free(out.p);
    *out_err = lx.err;
    return NULL;
  }
  char *r = sb_take(&out);
  if (!r) *out_err = "out of memory";
  return r;
}

char **df_split_quoted(const char *s, char escape, size_t *out_n, const char **out_err) {
  char **v = NULL;
  size_t n = 0;
  *out_err = NULL;
  for (size_t i = 0;;) {
    while (is_blank(s[i]) || s[i] == '\n' || s[i] == '\r')
      i++;
    if (!s[i]) break;
    size_t st = i;
    char q = 0;
    while (s[i] && (q || !(is_blank(s[i]) || s[i] == '\n' || s[i] == '\r'))) {
      if (!q && s[i] == escape && s[i + 1])
        i += 2;
      else if (q == '"' && s[i] == escape && s[i + 1])
        i += 2;
      else {
        if (!q && (s[i] == '"' || s[i] == '\''))
          q = s[i];
        else if (q && s[i] == q)
          q = 0;
        i++;
      }
    }
    if (q) {
      *out_err = q == '"' ? "unterminated double quote" : "unterminated single quote";
      break;
    }
    char **nv = realloc(v, (n + 1) * sizeof *nv);
    char *w = nv ? strndup(s + st, i - st) : NULL;
    if (nv) v = nv;
    if (!w) {
      *out_err = "out of memory";
      break;
    }
    v[n++] = w;
  }
  if (*out_err) {
    for (size_t k = 0; k < n; k++)
      free(v[k]);
    free(v);
    return NULL;
  }
  *out_n = n;
  return v ? v : calloc(1, sizeof *v);
}

/* ---- lines and instructions ---------------------------------------------------- */
void df_file_destroy(df_file *f) {
  if (!f) return;
  for (size_t i = 0; i < f->n; i++) {
    df_instr *in = &f->v[i];
    free(in->cmd);
    for (size_t k = 0; k < in->n_flags; k++)
      free(in->flags[k]);
    free(in->flags);
    for (size_t k = 0; k < in->n_args; k++)
      free(in->args[k]);
    free(in->args);
    free(in->rest);
  }
  free(f->v);
  free(f->path);
  free(f);
}

/* A parser directive "# key=value" (blanks allowed around key, '=' and
 * value): true with key (lowered) and value copied into the buffers. */
static bool directive(const char *line, size_t len, char key[32], char *val, size_t val_cap) {
  size_t i = 0;
  while (i < len && is_blank(line[i]))
    i++;
  if (i == len || line[i] != '#') return false;
  i++;
  while (i < len && is_blank(line[i]))
    i++;
  size_t ks = i;
  while (i < len && isalnum((unsigned char)line[i]))
    i++;
  if (i == ks || i - ks >= 32 || !isalpha((unsigned char)line[ks])) return false;
  for (size_t k = ks; k < i; k++)
    key[k - ks] = (char)tolower((unsigned char)line[k]);
  key[i - ks] = '\0';
  while (i < len && is_blank(line[i]))
    i++;
  if (i == len || line[i] != '=') return false;
  i++;
  while (i < len && is_blank(line[i]))
    i++;
  size_t e = len;
  while (e > i && is_blank(line[e - 1]))
    e--;
  if (e == i || e - i >= val_cap) return false;
  memcpy(val, line + i, e - i);
  val[e - i] = '\0';
  return true;
}

typedef struct lines {
  const char *text;
  size_t len, pos;
  unsigned no; /* number of the line last returned */
} lines;

/* The next physical line (without "\n" or "\r\n"); false at the end. */
static bool next_line(lines *ls, const char **out, size_t *out_len) {
  if (ls->pos >= ls->len) return false;
  const char *s = ls->text + ls->pos;
  const char *nl = memchr(s, '\n', ls->len - ls->pos);
  size_t n = nl ? (size_t)(nl - s) : ls->len - ls->pos;
  ls->pos += n + (nl ? 1 : 0);
  if (n && s[n - 1] == '\r') n--;
  ls->no++;
  *out = s;
  *out_len = n;
  return true;
}

static bool blank_line(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!is_blank(s[i])) return false;
  return true;
}
static bool comment_line(const char *s, size_t n) {
  size_t i = 0;
  while (i < n && is_blank(s[i]))
    i++;
  return i < n && s[i] == '#';
}

/* If the line ends with the escape character (then blanks), its length
 * without them; else (size_t)-1. */
static size_t continued(const char *s, size_t n, char esc) {
  while (n && is_blank(s[n - 1]))
    n--;
  return n && s[n - 1] == esc ? n - 1 : (size_t)-1;
}

/* Fill in from the logical line `s` (keyword at the start). */
static const char *split_instr(df_instr *in, char *s) {
  size_t i = 0;
  while (is_blank(s[i]))
    i++;
  size_t ks = i;
  while (s[i] && !is_blank(s[i]))
    i++;
  in->cmd = strndup(s + ks, i - ks);
  if (!in->cmd) return "out of memory";
  for (char *c = in->cmd; *c; c++)
    if (!isalpha((unsigned char)*c)) return "unknown instruction";
  for (char *c = in->cmd; *c; c++)
    *c = (char)tolower((unsigned char)*c);
  for (;;) { /* flags: leading words --name[=value]; "--" alone ends them */
    while (is_blank(s[i]))
      i++;
    if (s[i] != '-' || s[i + 1] != '-') break;
    size_t fs = i;
    while (s[i] && !is_blank(s[i]))
      i++;
    if (i - fs == 2) break;
    char **nf = realloc(in->flags, (in->n_flags + 1) * sizeof *nf);
    if (!nf) return "out of memory";
    in->flags = nf;
    if (!(in->flags[in->n_flags] = strndup(s + fs, i - fs))) return "out of memory";
    in->n_flags++;
  }
  size_t e = strlen(s);
  while (e > i && (is_blank(s[e - 1]) || s[e - 1] == '\r'))
    e--;
  in->rest = strndup(s + i, e - i);
  if (!in->rest) return "out of memory";
  if (in->rest[0] == '[') { /* exec form when the rest is a JSON array of strings */
    json_error_t jerr;
    json_t *j = json_loads(in->rest, 0, &jerr);
    bool strings = j && json_is_array(j);
    for (size_t k = 0; strings && k < json_array_size(j); k++)
      strings = json_is_string(json_array_get(j, k));
    if (strings) {
      in->json = true;
      in->n_args = json_array_size(j);
      in->args = calloc(in->n_args + 1, sizeof *in->args);
      for (size_t k = 0; in->args && k < in->n_args; k++) {
        json_t *str = json_array_get(j, k);
        in->args[k] = strndup(json_string_value(str), json_string_length(str));
        if (!in->args[k]) {
          in->n_args = k;
          json_decref(j);
          return "out of memory";
        }
      }
      json_decref(j);
      return in->args ? NULL : "out of memory";
    }
    json_decref(j);
  }
  /* shell form: words at blanks (quotes are the word rules' job) */
  for (size_t k = 0; in->rest[k];) {
    while (is_blank(in->rest[k]))
      k++;
    if (!in->rest[k]) break;
    size_t ws = k;
    while (in->rest[k] && !is_blank(in->rest[k]))
      k++;
    char **na = realloc(in->args, (in->n_args + 1) * sizeof *na);
    if (!na) return "out of memory";
    in->args = na;
    if (!(in->args[in->n_args] = strndup(in->rest + ws, k - ws))) return "out of memory";
    in->n_args++;
  }
  return NULL;
}

df_file *df_parse(const char *text, size_t len, const char *path, img_diag *diag) {
  df_file *f = calloc(1, sizeof *f);
  if (!f || !(f->path = strdup(path))) {
    free(f);
    img_error(diag, "out of memory");
    return NULL;
  }
  f->escape = '\\';
  if (memchr(text, '\0', len)) {
    img_error(diag, "%s: not a text file (NUL byte)", path);
    df_file_destroy(f);
    return NULL;
  }
  lines ls = {.text = text, .len = len};
  const char *s;
  size_t n;
  /* parser directives: only at the very top, each at most once */
  bool seen_escape = false, seen_syntax = false, seen_check = false;
  size_t restart = 0;
  unsigned restart_no = 0;
  while (next_line(&ls, &s, &n)) {
    char key[32], val[256];
    if (!directive(s, n, key, val, sizeof val)) break;
    bool *seen = !strcmp(key, "escape")   ? &seen_escape
                 : !strcmp(key, "syntax") ? &seen_syntax
                 : !strcmp(key, "check")  ? &seen_check
                                          : NULL;
    if (!seen) break; /* an unknown directive is a comment, and ends the directives */
    if (*seen) {
      img_error(diag, "%s:%u: only one '%s' parser directive can be used", path, ls.no, key);
      df_file_destroy(f);
      return NULL;
    }
    *seen = true;
    if (seen == &seen_escape) {
      if (strcmp(val, "\\") != 0 && strcmp(val, "`") != 0) {
        img_error(diag, "%s:%u: invalid escape token '%s' does not match ` or \\", path, ls.no, val);
        df_file_destroy(f);
        return NULL;
      }
      f->escape = val[0];
    }
    restart = ls.pos;
    restart_no = ls.no;
  }
  ls.pos = restart;
  ls.no = restart_no;

  while (next_line(&ls, &s, &n)) {
    if (blank_line(s, n) || comment_line(s, n)) continue;
    unsigned first = ls.no;
    sbuf logical = {0};
    size_t cut;
    bool more = true;
    while ((cut = continued(s, n, f->escape)) != (size_t)-1) {
      sb_putn(&logical, s, cut);
      do { /* comment and empty lines inside a continuation are skipped */
        more = next_line(&ls, &s, &n);
      } while (more && (comment_line(s, n) || blank_line(s, n)));
      if (!more) break;
    }
    if (more) sb_putn(&logical, s, n);
    char *line = sb_take(&logical);
    df_instr *nv = line ? realloc(f->v, (f->n + 1) * sizeof *nv) : NULL;
    if (!nv) {
      free(line);
      img_error(diag, "out of memory");
      df_file_destroy(f);
      return NULL;
    }
    f->v = nv;
    df_instr *in = &f->v[f->n++];
    memset(in, 0, sizeof *in);
    in->line = first;
    const char *err = split_instr(in, line);
    if (err) {
      if (!strcmp(err, "unknown instruction"))
        img_error(diag, "%s:%u: unknown instruction '%s'", path, first, in->cmd);
      else
        img_error(diag, "%s:%u: %s", path, first, err);
      free(line);
      df_file_destroy(f);
      return NULL;
    }
    free(line);
  }
  return f;
}
