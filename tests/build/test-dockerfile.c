/*
 * test-dockerfile.c — the Dockerfile syntax (image/dockerfile.h) against the
 * rules and examples of Docker's "Dockerfile reference" (parser directives,
 * escape, environment replacement, shell and exec form) and ".dockerignore
 * file" documentation.  Each expectation cites the rule it checks.
 * Prints one line per failed check and "N passed, N failed"; exit status 1
 * on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockerfile.h"

static int passed, failed;

#define CHECK(cond, ...)                                                                                               \
  do {                                                                                                                 \
    if (cond)                                                                                                          \
      passed++;                                                                                                        \
    else {                                                                                                             \
      failed++;                                                                                                        \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);                                                                      \
      printf(__VA_ARGS__);                                                                                             \
      printf("\n");                                                                                                    \
    }                                                                                                                  \
  } while (0)

static df_file *parse(const char *text, img_diag *d) {
  memset(d, 0, sizeof *d);
  return df_parse(text, strlen(text), "Dockerfile", d);
}

static void expect_error(const char *text, const char *msg) {
  img_diag d;
  df_file *f = parse(text, &d);
  CHECK(!f && d.failed && strstr(d.message, msg), "error '%s' expected for <<%s>>, got '%s'", msg, text,
        d.failed ? d.message : "(success)");
  df_file_destroy(f);
}

static void expect_word(const char *word, const df_vars *v, const char *want) {
  const char *err = NULL;
  char *got = df_word(word, '\\', v, &err);
  CHECK(got && !strcmp(got, want), "word <<%s>>: want <<%s>>, got <<%s>> (%s)", word, want, got ? got : "NULL",
        err ? err : "");
  free(got);
}

static void test_lines(void) {
  img_diag d;
  /* continuation: a line ending in the escape character joins the next, the
   * escape removed, nothing inserted (reference, "escape" example) */
  df_file *f = parse("FROM scratch\nCOPY a \\\n  b /dst/\n", &d);
  CHECK(f && f->n == 2, "two instructions");
  if (f && f->n == 2) {
    CHECK(!strcmp(f->v[1].cmd, "copy") && f->v[1].line == 2, "COPY on line 2");
    CHECK(!strcmp(f->v[1].rest, "a   b /dst/"), "joined rest <<%s>>", f->v[1].rest);
    CHECK(f->v[1].n_args == 3 && !strcmp(f->v[1].args[2], "/dst/"), "three words");
  }
  df_file_destroy(f);
  /* keywords are case-insensitive; leading blanks ignored ("Format") */
  f = parse("   from scratch\n\tWorkDir /app\n", &d);
  CHECK(f && f->n == 2 && !strcmp(f->v[0].cmd, "from") && !strcmp(f->v[1].cmd, "workdir"), "case-insensitive");
  df_file_destroy(f);
  /* comment lines are removed, also inside a continuation ("Format":
   * "Comment lines are removed before the Dockerfile instructions are
   * executed"); an empty continuation line is skipped */
  f = parse("# comment\nENV A=1 \\\n# inner comment\n\n    B=2\n", &d);
  CHECK(f && f->n == 1 && f->v[0].line == 2 && !strcmp(f->v[0].rest, "A=1     B=2"), "comment in continuation: <<%s>>",
        f && f->n ? f->v[0].rest : "");
  df_file_destroy(f);
  /* '#' not at the start of a line is an argument ("Format": "RUN echo
   * 'we are running some # of cool things'") */
  f = parse("CMD echo '# not a comment'\n", &d);
  CHECK(f && f->n == 1 && !f->v[0].json && strstr(f->v[0].rest, "# not a comment"), "inline # kept");
  df_file_destroy(f);
  /* CRLF line ends */
  f = parse("FROM scratch\r\nWORKDIR /x\r\n", &d);
  CHECK(f && f->n == 2 && !strcmp(f->v[1].rest, "/x"), "CRLF");
  df_file_destroy(f);
  /* flags come before the arguments */
  f = parse("COPY --from=build --chmod=644 a b\n", &d);
  CHECK(f && f->v[0].n_flags == 2 && !strcmp(f->v[0].flags[0], "--from=build") && f->v[0].n_args == 2, "flags");
  df_file_destroy(f);
  /* unknown instruction: error with path and line */
  expect_error("FROM scratch\n\n2COPY a b\n", "Dockerfile:3: unknown instruction '2COPY'");
  /* a NUL byte: not a text file */
  memset(&d, 0, sizeof d);
  f = df_parse("FROM scratch\0\n", 14, "Dockerfile", &d);
  CHECK(!f && strstr(d.message, "NUL"), "NUL byte refused");
}

static void test_directives(void) {
  img_diag d;
  /* "# escape=`": the backtick continues lines, '\' is literal (the
   * reference's Windows example) */
  df_file *f = parse("# escape=`\n\nFROM scratch\nCOPY testfile.txt c:\\ `\n    d\n", &d);
  CHECK(f && f->escape == '`' && f->n == 2, "escape=` parsed");
  if (f && f->n == 2)
    CHECK(!strcmp(f->v[1].rest, "testfile.txt c:\\     d"), "backtick continuation <<%s>>", f->v[1].rest);
  df_file_destroy(f);
  /* without the directive, "c:\" at the end of a line continues it */
  f = parse("COPY testfile.txt c:\\\nRUN dir c:\\\n", &d);
  CHECK(f && f->n == 1, "backslash continues (reference: 'COPY testfile.txt c:\\RUN dir c:')");
  df_file_destroy(f);
  /* directives are case-insensitive and allow blanks around '=' */
  f = parse("#  ESCAPE = `\nFROM scratch\n", &d);
  CHECK(f && f->escape == '`', "ESCAPE = `");
  df_file_destroy(f);
  /* after a comment, an empty line or an instruction, no more directives */
  f = parse("# about\n# escape=`\nFROM scratch\n", &d);
  CHECK(f && f->escape == '\\', "directive after a comment is a comment");
  df_file_destroy(f);
  f = parse("\n# escape=`\nFROM scratch\n", &d);
  CHECK(f && f->escape == '\\', "directive after an empty line is a comment");
  df_file_destroy(f);
  f = parse("FROM scratch\n# escape=`\n", &d);
  CHECK(f && f->escape == '\\' && f->n == 1, "directive after an instruction is a comment");
  df_file_destroy(f);
  /* an unknown directive is a comment, and ends directive processing */
  f = parse("# unknowndirective=value\n# escape=`\nFROM scratch\n", &d);
  CHECK(f && f->escape == '\\', "unknown directive then escape");
  df_file_destroy(f);
  /* syntax is accepted (and ignored); a directive may appear only once */
  f = parse("# syntax=docker/dockerfile:1\n# escape=\\\nFROM scratch\n", &d);
  CHECK(f && f->n == 1, "syntax + escape");
  df_file_destroy(f);
  expect_error("# escape=\\\n# escape=`\nFROM scratch\n", "only one 'escape' parser directive");
  expect_error("# escape=x\nFROM scratch\n", "invalid escape token");
}

static void test_forms(void) {
  img_diag d;
  /* exec form: a JSON array of strings, double quotes ("Shell and exec form") */
  df_file *f = parse("ENTRYPOINT [\"/bin/app\", \"-c\", \"a b\"]\nCMD ['single']\nCMD [\"a\", 1]\n", &d);
  CHECK(f && f->n == 3, "three");
  if (f && f->n == 3) {
    CHECK(f->v[0].json && f->v[0].n_args == 3 && !strcmp(f->v[0].args[2], "a b"), "exec form");
    CHECK(!f->v[1].json, "single quotes are not JSON: shell form");
    CHECK(!f->v[2].json, "a number in the array: shell form");
  }
  df_file_destroy(f);
  /* JSON escapes are JSON's, whatever the escape directive */
  f = parse("# escape=`\nCMD [\"c:\\\\path\", \"q\\\"\"]\n", &d);
  CHECK(f && f->n == 1 && f->v[0].json && !strcmp(f->v[0].args[0], "c:\\path") && !strcmp(f->v[0].args[1], "q\""),
        "JSON escapes");
  df_file_destroy(f);
}

static void test_words(void) {
  df_vars v = {0};
  df_vars_set(&v, "foo", "/bar");
  df_vars_set(&v, "empty", "");
  /* "Environment replacement": $variable_name and ${variable_name} */
  expect_word("$foo", &v, "/bar");
  expect_word("${foo}/baz", &v, "/bar/baz");
  expect_word("${foo}_x", &v, "/bar_x");
  /* ${variable:-word}: word when unset or empty, else the value */
  expect_word("${unset:-word}", &v, "word");
  expect_word("${empty:-word}", &v, "word");
  expect_word("${foo:-word}", &v, "/bar");
  /* ${variable:+word}: word when set (non-empty), else empty */
  expect_word("${foo:+word}", &v, "word");
  expect_word("${unset:+word}", &v, "");
  expect_word("${empty:+word}", &v, "");
  /* without ':' only unset counts */
  expect_word("${empty-word}", &v, "");
  expect_word("${unset-word}", &v, "word");
  /* word can itself contain variables */
  expect_word("${unset:-$foo/x}", &v, "/bar/x");
  /* escaping: "\$foo" and "\${foo}" are literal (reference example) */
  expect_word("\\$foo", &v, "$foo");
  expect_word("\\${foo}", &v, "${foo}");
  /* quotes: single quotes literal, double quotes substitute; removed */
  expect_word("'$foo'", &v, "$foo");
  expect_word("\"$foo x\"", &v, "/bar x");
  expect_word("\"a\\\"b\"", &v, "a\"b");
  expect_word("unset=$nothing.", &v, "unset=.");
  expect_word("$", &v, "$");
  const char *err = NULL;
  char *w = df_word("${foo", '\\', &v, &err);
  CHECK(!w && err, "unterminated ${");
  free(w);
  w = df_word("${foo:?x}", '\\', &v, &err);
  CHECK(!w && err && strstr(err, "unsupported"), "unsupported modifier");
  free(w);
  w = df_word("'abc", '\\', &v, &err);
  CHECK(!w && err, "unterminated quote");
  free(w);
  /* ENV name=value lists keep quoted blanks in one word */
  size_t n = 0;
  char **words = df_split_quoted("MY_NAME=\"John Doe\" MY_DOG=Rex\\ The\\ Dog MY_CAT=fluffy", '\\', &n, &err);
  CHECK(words && n == 3, "three name=value words (reference ENV example)");
  if (words && n == 3) {
    char *a = df_word(words[0], '\\', &v, &err), *b = df_word(words[1], '\\', &v, &err);
    CHECK(a && !strcmp(a, "MY_NAME=John Doe") && b && !strcmp(b, "MY_DOG=Rex The Dog"), "ENV words");
    free(a);
    free(b);
  }
  for (size_t i = 0; words && i < n; i++)
    free(words[i]);
  free(words);
  df_vars_fini(&v);
}

static void expect_ignore(const char *file, const char *path, bool want) {
  df_ignore ig;
  CHECK(df_ignore_parse(&ig, file, strlen(file)), "parse");
  bool got = df_ignore_excluded(&ig, path);
  CHECK(got == want, ".dockerignore <<%s>>: '%s' %s expected", file, path, want ? "excluded" : "included");
  df_ignore_fini(&ig);
}

static void test_dockerignore(void) {
  // the documented example: "# comment", "*/temp*", "*/*/temp*", "temp?"
  const char *ex = "# comment\n*/temp*\n*/*/temp*\ntemp?\n";
  expect_ignore(ex, "somedir/temporary.txt", true);
  expect_ignore(ex, "somedir/temp", true);
  expect_ignore(ex, "somedir/subdir/temporary.txt", true);
  expect_ignore(ex, "tempa", true);
  expect_ignore(ex, "tempb", true);
  expect_ignore(ex, "temporary.txt", false);
  expect_ignore(ex, "# comment", false);
  /* /foo/bar and foo/bar both exclude foo/bar, nothing else */
  expect_ignore("/foo/bar\n", "foo/bar", true);
  expect_ignore("foo/bar\n", "foo/bar", true);
  expect_ignore("foo/bar/\n", "foo/bar", true);
  expect_ignore("/foo/bar\n", "bar", false);
  expect_ignore("/foo/bar\n", "foo", false);
  /* a directory's pattern excludes its contents */
  expect_ignore("foo\n", "foo/bar/baz.txt", true);
  /* Go filepath.Clean: ./a/../b is b */
  expect_ignore("./a/../b\n", "b", true);
  // ** matches any number of directories, zero included: **/*.go
  expect_ignore("**/*.go\n", "main.go", true);
  expect_ignore("**/*.go\n", "a/b/c/x.go", true);
  expect_ignore("**/*.go\n", "a/b/c/x.goo", false);
  expect_ignore("a/**/b\n", "a/b", true);
  expect_ignore("a/**/b\n", "a/x/y/b", true);
  /* '!' exceptions; the last matching line decides */
  expect_ignore("*.md\n!README.md\n", "README.md", false);
  expect_ignore("*.md\n!README.md\n", "CHANGES.md", true);
  expect_ignore("*.md\n!README*.md\nREADME-secret.md\n", "README-secret.md", true);
  expect_ignore("*.md\n!README*.md\nREADME-secret.md\n", "README-public.md", false);
  expect_ignore("*.md\nREADME-secret.md\n!README*.md\n", "README-secret.md", false);
  /* "*" then exceptions: include only what is listed */
  expect_ignore("*\n!src\n", "src/main.lua", false);
  expect_ignore("*\n!src\n", "build/x", true);
  /* * and ? never cross '/'; classes; escapes */
  expect_ignore("*.txt\n", "dir/a.txt", false);
  expect_ignore("?.txt\n", "a.txt", true);
  expect_ignore("[a-c].txt\n", "b.txt", true);
  expect_ignore("[^a-c].txt\n", "b.txt", false);
  expect_ignore("[^a-c].txt\n", "d.txt", true);
  expect_ignore("\\*.txt\n", "*.txt", true);
  expect_ignore("\\*.txt\n", "a.txt", false);
  /* blanks around a line are trimmed */
  expect_ignore("   secret.key   \n", "secret.key", true);
}

int main(void) {
  test_lines();
  test_directives();
  test_forms();
  test_words();
  test_dockerignore();
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
