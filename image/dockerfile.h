/*
 * dockerfile.h — the Dockerfile syntax (image/ internal; docs/build.md):
 * parser directives, comments, continuations, instructions with their flags
 * and arguments, JSON (exec) versus shell form, ${VAR} substitution and
 * .dockerignore patterns, with Docker's rules ("Dockerfile reference",
 * ".dockerignore file").  What the instructions mean is build.c's job.
 *
 * Ownership: every df_* object is allocated by the function that returns
 * it and freed by its _destroy; strings inside belong to the object.
 * Errors: NULL/false with one message "PATH:LINE: what" in the img_diag.
 */
#ifndef WASMC_DOCKERFILE_H
#define WASMC_DOCKERFILE_H

#include "image.h"

typedef struct df_instr {
  char *cmd;     /* keyword, lower case ("copy") */
  unsigned line; /* 1-based line of the keyword */
  char **flags;  /* "--from=x" ... as written, before substitution */
  size_t n_flags;
  bool json;   /* exec form: args are the JSON array's strings */
  char **args; /* JSON strings, or the whitespace-separated words (quotes kept) */
  size_t n_args;
  char *rest; /* the text after keyword and flags, continuations joined (shell form) */
} df_instr;

typedef struct df_file {
  df_instr *v;
  size_t n;
  char escape; /* '\\' or '`' (# escape=) */
  char *path;  /* for messages */
} df_file;

/* Parse Dockerfile text (`len` bytes; NUL bytes are an error).  Parser
 * directives (syntax, escape, check) are read from the top; comment lines are
 * dropped, also inside continuations; lines ending in the escape character
 * (then optional blanks) continue.  Keywords are case-insensitive; flags
 * (--name[=value]) are taken before the arguments; `rest` decides JSON form
 * when it is a JSON array of strings.  `path` names the file in messages. */
df_file *df_parse(const char *text, size_t len, const char *path, img_diag *diag);
void df_file_destroy(df_file *f);

/* Variables for substitution: parallel NAME / VALUE arrays (owned). */
typedef struct df_vars {
  char **name, **value;
  size_t n, cap;
} df_vars;
/* Set (replace or append; copies both); false: out of memory. */
bool df_vars_set(df_vars *v, const char *name, const char *value);
/* The value of `name`, or NULL when unset. */
const char *df_vars_get(const df_vars *v, const char *name);
void df_vars_fini(df_vars *v);

/* One word with Docker's word rules: '...' literal, "..." with the escape
 * character before " $ and itself, the escape character outside quotes
 * takes the next character literally, and $NAME ${NAME} ${NAME:-word}
 * ${NAME:+word} ${NAME-word} ${NAME+word} from `vars` (unset: empty).
 * Quotes are removed.  Returns a new string (caller frees) or NULL with a
 * message (unterminated quote or ${, unsupported modifier) in *out_err
 * (static text). */
char *df_word(const char *word, char escape, const df_vars *vars, const char **out_err);

/* Split `s` into words at blanks outside quotes (quotes and escapes kept, as
 * Docker does for ENV and LABEL name=value lists).  *out_n words, caller
 * frees each and the array; NULL with *out_err on an unterminated quote. */
char **df_split_quoted(const char *s, char escape, size_t *out_n, const char **out_err);

/* ---- .dockerignore (dockerignore.c) ---------------------------------------- */
typedef struct df_ignore {
  char **pat; /* cleaned patterns, without '!' and leading/trailing '/' */
  bool *neg;  /* '!' exception */
  size_t n;
} df_ignore;
/* Parse a .dockerignore's text: '#' lines and blank lines skipped, blanks
 * around a line trimmed, a leading '!' makes an exception, each pattern is
 * cleaned like Go's filepath.Clean and loses its leading and trailing '/'.
 * false only when out of memory. */
bool df_ignore_parse(df_ignore *ig, const char *text, size_t len);
/* Is context-relative `path` ("a/b/c", no leading '/') excluded?  The last
 * pattern that matches the path or one of its parent directories decides
 * (Go filepath.Match syntax: * ? [...] \\, plus ** for any number of
 * directories, zero included). */
bool df_ignore_excluded(const df_ignore *ig, const char *path);
/* Has some line a '!' exception (an excluded directory may then hold
 * re-included entries)? */
bool df_ignore_has_exceptions(const df_ignore *ig);
void df_ignore_fini(df_ignore *ig);
/* Match `name` against one pattern with the rules above (no parent rule). */
bool df_match(const char *pattern, const char *name);

#endif
