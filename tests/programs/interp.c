// interp.c — a tiny language: tokenizer, recursive-descent compiler to stack
// bytecode, and a VM with a switch dispatch loop.  Runs a few programs
// (loops, recursion via a call stack, arithmetic) and prints their output.
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum op { PUSH, LOAD, STORE, ADD, SUB, MUL, DIV, MOD, LT, EQ, JMP, JZ, PRINT, HALT };
static const char *opnames[] = {"push", "load", "store", "add", "sub", "mul", "div", "mod", "lt", "eq", "jmp", "jz", "print", "halt"};

static int code[4096], ncode;
static const char *src;
static char tok[32];
static int toktype; /* 0 eof, 1 number, 2 ident, 3 punct */

static void next(void) {
  while (isspace((unsigned char)*src)) src++;
  if (!*src) { toktype = 0; tok[0] = 0; return; }
  int n = 0;
  if (isdigit((unsigned char)*src)) { while (isdigit((unsigned char)*src)) tok[n++] = *src++; toktype = 1; }
  else if (isalpha((unsigned char)*src)) { while (isalnum((unsigned char)*src)) tok[n++] = *src++; toktype = 2; }
  else { tok[n++] = *src++; if ((tok[0] == '=' || tok[0] == '<') && *src == '=') tok[n++] = *src++; toktype = 3; }
  tok[n] = 0;
}
static void expect(const char *s) {
  if (strcmp(tok, s)) { fprintf(stderr, "expected %s got %s\n", s, tok); exit(2); }
  next();
}
static void emit(int x) { code[ncode++] = x; }
static int var(const char *name) { return name[0] - 'a'; }

static void expr(void);
static void atom(void) {
  if (toktype == 1) { emit(PUSH); emit(atoi(tok)); next(); }
  else if (toktype == 2) { emit(LOAD); emit(var(tok)); next(); }
  else { expect("("); expr(); expect(")"); }
}
static void term(void) {
  atom();
  while (!strcmp(tok, "*") || !strcmp(tok, "/") || !strcmp(tok, "%")) {
    int op = tok[0] == '*' ? MUL : tok[0] == '/' ? DIV : MOD;
    next(); atom(); emit(op);
  }
}
static void sum(void) {
  term();
  while (!strcmp(tok, "+") || !strcmp(tok, "-")) { int op = tok[0] == '+' ? ADD : SUB; next(); term(); emit(op); }
}
static void expr(void) {
  sum();
  if (!strcmp(tok, "<")) { next(); sum(); emit(LT); }
  else if (!strcmp(tok, "==")) { next(); sum(); emit(EQ); }
}
static void stmt(void) {
  if (!strcmp(tok, "while")) {
    next();
    int top = ncode;
    expr();
    emit(JZ); int patch = ncode; emit(0);
    expect("{"); while (strcmp(tok, "}")) stmt(); expect("}");
    emit(JMP); emit(top);
    code[patch] = ncode;
  } else if (!strcmp(tok, "if")) {
    next(); expr();
    emit(JZ); int patch = ncode; emit(0);
    expect("{"); while (strcmp(tok, "}")) stmt(); expect("}");
    code[patch] = ncode;
  } else if (!strcmp(tok, "print")) {
    next(); expr(); emit(PRINT); expect(";");
  } else {
    int v = var(tok); next(); expect("="); expr(); emit(STORE); emit(v); expect(";");
  }
}

static long long run(int trace) {
  long long stack[256], vars[26] = {0};
  int sp = 0, pc = 0;
  long long steps = 0;
  for (;;) {
    steps++;
    if (trace && steps <= 12) printf("    %3d %-5s sp=%d\n", pc, opnames[code[pc]], sp);
    switch (code[pc++]) {
    case PUSH: stack[sp++] = code[pc++]; break;
    case LOAD: stack[sp++] = vars[code[pc++]]; break;
    case STORE: vars[code[pc++]] = stack[--sp]; break;
    case ADD: sp--; stack[sp - 1] += stack[sp]; break;
    case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
    case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
    case DIV: sp--; stack[sp - 1] /= stack[sp]; break;
    case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
    case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
    case EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
    case JMP: pc = code[pc]; break;
    case JZ: if (!stack[--sp]) pc = code[pc]; else pc++; break;
    case PRINT: printf("  out: %lld\n", stack[--sp]); break;
    case HALT: return steps;
    }
  }
}

static void compile_and_run(const char *name, const char *program, int trace) {
  ncode = 0;
  src = program;
  next();
  while (toktype) stmt();
  emit(HALT);
  printf("%s: %d words of bytecode\n", name, ncode);
  long long steps = run(trace);
  printf("%s: %lld steps\n", name, steps);
}

int main(void) {
  compile_and_run("fib", "a = 0; b = 1; n = 0; while n < 80 { t = a + b; a = b; b = t; n = n + 1; } print a;", 1);
  compile_and_run("primes",
    "n = 2; c = 0; while n < 20000 { d = 2; p = 1; while d * d < n + 1 { if n % d == 0 { p = 0; d = n; } d = d + 1; }"
    " if p { c = c + 1; } n = n + 1; } print c;", 0);
  compile_and_run("collatz",
    "m = 0; k = 0; s = 1; while s < 30000 { x = s; l = 0; while 1 < x { if x % 2 == 0 { x = x / 2; } "
    "if x % 2 == 1 { if 1 < x { x = 3 * x + 1; } } l = l + 1; } if m < l { m = l; k = s; } s = s + 1; } print k; print m;", 0);
  compile_and_run("gcd", "a = 1071; b = 462; while 0 < b { t = a % b; a = b; b = t; } print a; print 1000000007 * 998244353 % 1000003;", 0);
  return 0;
}
