// printf_formats.c — a formatting table generator exercising printf's
// conversions, flags, widths and precisions (integers, floats, strings).
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void row(const char *name, double price, int qty, unsigned flags) {
  printf("|%-12s|%10.2f|%6d|%#06x|%+.3e|%-8.3g|\n", name, price, qty, flags,
         price * qty, price / 3.0);
}

int main(void) {
  printf("%s\n", "== inventory ==");
  row("widget", 3.5, 12, 0x1f);
  row("gizmo-extra-long-name", 1234.5678, -7, 0xabc);
  row("nut", 0.001, 100000, 0);
  row("", 1e10, 1, 0xffff);

  printf("== integers ==\n");
  int ints[] = {0, 1, -1, 42, INT_MAX, INT_MIN, 1000000};
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
    printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%x] [%X] [%o] [%#o] [%u]\n",
           ints[i], ints[i], ints[i], ints[i], ints[i], ints[i],
           (unsigned)ints[i], (unsigned)ints[i], (unsigned)ints[i],
           (unsigned)ints[i], (unsigned)ints[i]);
  long long big[] = {LLONG_MAX, LLONG_MIN, 0x123456789abcdefLL, -5000000000LL};
  for (size_t i = 0; i < 4; i++)
    printf("%lld %llx %20lld %-20lld|\n", big[i], (unsigned long long)big[i], big[i], big[i]);
  printf("%" PRId64 " %" PRIu64 " %" PRIx64 "\n", INT64_C(-9), UINT64_MAX, UINT64_C(0xdeadbeefcafe));
  printf("%zu %hhd %hd %hhu\n", (size_t)12345, (signed char)200, (short)70000, (unsigned char)300);
  printf("%.0d|%.3d|%8.3d|%-8.3d|\n", 0, 7, -7, 7);

  printf("== floats ==\n");
  double ds[] = {0.0, 1.0, -1.5, 3.141592653589793, 1e-300, 6.02214076e23,
                 123456789.125, 0.1, 2.5, 3.5, 1.0 / 3.0, 1e21, 9.999999e-5};
  for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++)
    printf("%f | %.3f | %e | %.10e | %g | %.12g | %a | %10.4f | %-10.1f|\n",
           ds[i], ds[i], ds[i], ds[i], ds[i], ds[i], ds[i], ds[i], ds[i]);
  printf("%.0f %.0f %.0f %.0f\n", 0.5, 1.5, 2.5, -0.5);
  printf("%#.0f %#g %#x\n", 3.0, 2.0, 255);
  printf("%.17g %.17g %.17g\n", 0.1 + 0.2, 1e23, 5e-324);
  printf("%*d|%-*d|%.*f\n", 6, 42, 6, 42, 3, 2.0 / 3.0);

  printf("== strings ==\n");
  const char *s = "abcdefghij";
  printf("[%s] [%.3s] [%12s] [%-12s] [%12.4s] [%c%c%c] [%%]\n", s, s, s, s, s, 'x', 'y', 'z');
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%s-%d-%.2f-%s", "truncate", 123456, 9.875, s);
  printf("snprintf wanted %d chars, got \"%s\" (%zu)\n", n, buf, strlen(buf));
  n = snprintf(NULL, 0, "%d %s", 1234567, "x");
  printf("size query: %d\n", n);
  return 0;
}
