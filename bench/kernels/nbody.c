/* nbody.c — the classic Jovian-planets n-body simulation (after the Computer
 * Language Benchmarks Game).  usage: nbody [STEPS]
 * Self-check: energy is conserved to 1e-3 relative, and for the standard step
 * counts the printed energies equal the published values. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24
struct planet { double x, y, z, vx, vy, vz, mass; };
static struct planet bodies[5] = {
  {0, 0, 0, 0, 0, 0, SOLAR_MASS},
  {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01, 1.66007664274403694e-03 * DAYS_PER_YEAR,
   7.69901118419740425e-03 * DAYS_PER_YEAR, -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS},
  {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01, -2.76742510726862411e-03 * DAYS_PER_YEAR,
   4.99852801234917238e-03 * DAYS_PER_YEAR, 2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS},
  {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01, 2.96460137564761618e-03 * DAYS_PER_YEAR,
   2.37847173959480950e-03 * DAYS_PER_YEAR, -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS},
  {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01, 2.68067772490389322e-03 * DAYS_PER_YEAR,
   1.62824170038242295e-03 * DAYS_PER_YEAR, -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS}};
#define NB 5

static void advance(double dt) {
  for (int i = 0; i < NB; i++) {
    struct planet *b = &bodies[i];
    for (int j = i + 1; j < NB; j++) {
      struct planet *b2 = &bodies[j];
      double dx = b->x - b2->x, dy = b->y - b2->y, dz = b->z - b2->z;
      double d2 = dx * dx + dy * dy + dz * dz;
      double mag = dt / (d2 * sqrt(d2));
      b->vx -= dx * b2->mass * mag; b->vy -= dy * b2->mass * mag; b->vz -= dz * b2->mass * mag;
      b2->vx += dx * b->mass * mag; b2->vy += dy * b->mass * mag; b2->vz += dz * b->mass * mag;
    }
  }
  for (int i = 0; i < NB; i++) { bodies[i].x += dt * bodies[i].vx; bodies[i].y += dt * bodies[i].vy; bodies[i].z += dt * bodies[i].vz; }
}
static double energy(void) {
  double e = 0;
  for (int i = 0; i < NB; i++) {
    struct planet *b = &bodies[i];
    e += 0.5 * b->mass * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
    for (int j = i + 1; j < NB; j++) {
      double dx = b->x - bodies[j].x, dy = b->y - bodies[j].y, dz = b->z - bodies[j].z;
      e -= (b->mass * bodies[j].mass) / sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 20000000;
  double px = 0, py = 0, pz = 0;
  for (int i = 0; i < NB; i++) { px += bodies[i].vx * bodies[i].mass; py += bodies[i].vy * bodies[i].mass; pz += bodies[i].vz * bodies[i].mass; }
  bodies[0].vx = -px / SOLAR_MASS; bodies[0].vy = -py / SOLAR_MASS; bodies[0].vz = -pz / SOLAR_MASS;
  double e0 = energy();
  for (int i = 0; i < n; i++) advance(0.01);
  double e1 = energy();
  char a[64], b[64];
  snprintf(a, sizeof a, "%.9f", e0); snprintf(b, sizeof b, "%.9f", e1);
  printf("nbody steps=%d %s %s\n", n, a, b);
  if (strcmp(a, "-0.169075164") != 0) { puts("FAIL: initial energy"); return 1; }
  if (n == 1000 && strcmp(b, "-0.169087605") != 0) { puts("FAIL: energy after 1000 steps"); return 1; }
  if (n == 50000000 && strcmp(b, "-0.169059907") != 0) { puts("FAIL: energy after 5e7 steps"); return 1; }
  if (fabs(e1 - e0) > 1e-3 * fabs(e0)) { puts("FAIL: energy not conserved"); return 1; }
  return 0;
}
