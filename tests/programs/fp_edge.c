// fp_edge.c — floating-point edge cases a numeric library must get right:
// NaN/inf printing and comparisons, signed zero, subnormals, rounding,
// float<->int conversions in range, classification.
#include <float.h>
#include <math.h>
#include <stdio.h>

static volatile double zero = 0.0, one = 1.0, big = 1e308;

static const char *cls(double x) {
  switch (fpclassify(x)) {
  case FP_NAN: return "nan";
  case FP_INFINITE: return "inf";
  case FP_ZERO: return "zero";
  case FP_SUBNORMAL: return "subnormal";
  default: return "normal";
  }
}

int main(void) {
  double inf = one / zero, ninf = -one / zero;
  double qnan = NAN;
  printf("inf=%f ninf=%f %e %g %a %10.3f|%-10f|\n", inf, ninf, inf, ninf, inf, inf, ninf);
  printf("nan=%f %e %g %F %E %G\n", qnan, qnan, qnan, qnan, qnan, qnan);
  printf("-nan literal: %f  fabs: %f\n", -qnan, fabs(-qnan));
  double computed = zero / zero;  /* sign of a computed NaN is unspecified: print |x| */
  printf("0/0 isnan=%d fabs prints %f; inf-inf isnan=%d\n", isnan(computed), fabs(computed), isnan(inf - inf));
  printf("nan==nan %d, nan!=nan %d, nan<1 %d, nan>1 %d, isunordered %d\n", qnan == qnan, qnan != qnan, qnan < 1, qnan > 1,
         isunordered(qnan, 1.0));
  double nz = -0.0;
  printf("-0.0: %f %g %e %.0f signbit=%d 0==-0 %d 1/-0=%f\n", nz, nz, nz, nz, signbit(nz) != 0, nz == 0.0, one / nz);
  printf("-0.0 * 5 = %g, -0.0 + 0.0 = %g, -1e-320*1e-10 = %g\n", nz * 5, nz + 0.0, -1e-320 * 1e-10);
  printf("overflow: %g, underflow: %g, DBL_MAX*2 = %g\n", big * 10, 1e-308 / 1e100, DBL_MAX * 2);
  double sub = DBL_MIN / 4;
  /* %a of subnormals is implementation-defined (glibc 0x0.4p-1022, musl 0x1p-1024): not printed */
  printf("subnormal %.17g class=%s; DBL_TRUE_MIN %g, *2^1074 = %g\n", sub, cls(sub), DBL_TRUE_MIN, ldexp(DBL_TRUE_MIN, 1074));
  double samples[] = {0.0, -0.0, 1.0, DBL_MIN, DBL_MIN / 2, inf, qnan, DBL_MAX, DBL_EPSILON};
  for (int i = 0; i < 9; i++) printf("%s ", cls(samples[i]));
  printf("\n");
  printf("1+eps/2 == 1: %d, 1+eps == 1: %d, 0.1+0.2 == 0.3: %d\n", 1.0 + DBL_EPSILON / 2 == 1.0, 1.0 + DBL_EPSILON == 1.0,
         0.1 + 0.2 == 0.3);
  float ff = 16777217.0f;
  printf("float 2^24+1 = %.1f, FLT_MAX=%g, (float)1e39=%g, FLT_MIN/2=%g\n", ff, FLT_MAX, (float)(big * 1e-269), FLT_MIN / 2);
  volatile double conv[] = {2.5, -2.5, 2147483647.0, -2147483648.0, 1e18, -0.9, 4294967295.0};
  for (int i = 0; i < 7; i++) printf("(long long)%.1f=%lld ", conv[i], (long long)conv[i]);
  printf("\n(int)2.9=%d (int)-2.9=%d (unsigned)4294967295.0=%u\n", (int)(conv[0] + 0.4), (int)-2.9, (unsigned)conv[6]);
  printf("min/max with nan: fmin=%g fmax=%g; copysign(nan,-1) signbit=%d\n", fmin(qnan, 1), fmax(qnan, 1),
         signbit(copysign(qnan, -1.0)) != 0);
  printf("sqrt(-0)=%g sqrt(-1) isnan=%d pow(0,-1)=%g pow(-0,-1)=%g pow(nan,0)=%g\n", sqrt(nz), isnan(sqrt(-one)),
         pow(0, -1), pow(nz, -1), pow(qnan, 0));
  printf("nextafter(1,2)=%a nextafter(0,-1)=%g\n", nextafter(1.0, 2.0), nextafter(0.0, -1.0));
  return 0;
}
