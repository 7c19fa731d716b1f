/*
 * build_int.h — what build.c and build_copy.c share: a stage being built,
 * the builder, and helpers whose failures record "DOCKERFILE:LINE: what".
 */
#ifndef WASMC_BUILD_INT_H
#define WASMC_BUILD_INT_H

#include "build.h"

typedef struct strv {
  char **v;
  size_t n;
} strv;

typedef struct stage {
  char *name; /* AS name, or NULL */
  char *root;
  df_vars env;  /* ENV, in order */
  df_vars args; /* ARG in this stage */
  char *workdir;
  strv entry, cmd, labels, ports, volumes;
  char *user, *stop_signal, *healthcheck;
  bool cmd_here;                     /* CMD was given in this stage (not inherited) */
  const df_instr *entry_in, *cmd_in; /* the ENTRYPOINT and CMD that set them (NULL: inherited) */
} stage;

typedef struct builder {
  const img_build_opts *o;
  df_file *f;
  df_ignore ig;
  img_diag *d;
  df_vars global_args; /* ARG before the first FROM */
  df_vars build_args;  /* --build-arg */
  stage *st;
  size_t n_st;
  const df_instr *in; /* the instruction being run (messages) */
  bool *arg_used;     /* per --build-arg: some ARG declared it */
} builder;

bool bd_sv_push(strv *s, const char *x);
void bd_sv_free(strv *s);
/* Record "DOCKERFILE:LINE: message" for the current instruction; false. */
bool bd_fail(builder *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool bd_oom(builder *b);
/* The current instruction's keyword in upper case (a static buffer). */
const char *bd_kw(const builder *b);
/* A word through the word rules (dockerfile.h), NULL after bd_fail. */
char *bd_word(builder *b, const char *w, const df_vars *vars);
/* The variables stage s's words see: its ARGs, overridden by its ENV. */
bool bd_stage_vars(const stage *s, df_vars *out);
/* The value of flag --name=value of the current instruction, or NULL. */
const char *bd_flag_value(const df_instr *in, const char *name);
/* Refuse flags other than `allowed` (NULL-terminated "--name" list). */
bool bd_only_flags(builder *b, const char *const *allowed);
/* An earlier stage by name (case-insensitive) or index, or NULL. */
stage *bd_find_stage(builder *b, const char *name);
/* COPY and ADD (build_copy.c). */
bool bd_do_copy(builder *b, stage *s, bool add);

#endif
