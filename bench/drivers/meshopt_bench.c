/* meshopt_bench.c — meshoptimizer (Debian's meshoptimizer 0.18 sources)
 * decoding compressed vertex buffers, the way a glTF loader decodes
 * EXT_meshopt_compression data: meshopt_decodeVertexBuffer on five vertex
 * streams, then the in-place filters meshopt_decodeFilterOct (normals),
 * meshopt_decodeFilterQuat (rotations) and meshopt_decodeFilterExp (float
 * positions).  Normals use the 16-bit octahedral format: meshoptimizer's SSE
 * path for the 8-bit one uses the approximate rsqrtps, whose results differ
 * between CPUs (and from the exact sqrt of its wasm path), so its output
 * could not be compared byte for byte.  meshoptimizer has its own SIMD paths for these (SSSE3/SSE2 on
 * x86-64, NEON, and wasm SIMD128 when built with -msimd128).
 *
 * usage: meshopt_bench [KVERTS [ITERS]]
 * The mesh (KVERTS*1024 vertices of a bumpy height field, with normals, a
 * rotation per vertex and texture coordinates) is generated deterministically
 * with +-*÷ and sqrt only (no libm transcendentals, so every platform builds
 * the same bits), quantised, filter-encoded and vertex-encoded once; then
 * ITERS times every stream is decoded and filtered.
 * Checks: the first decode must give back exactly the encoder's input bytes;
 * the filtered normals, rotations and positions must be within the
 * quantisation error of the originals; every iteration must give the same
 * bytes as the first (a 64-bit xor fold of each stream).  Prints the encoded
 * sizes and a hash of the decoded, filtered streams; exits 1 on a mismatch. */
#pragma STDC FP_CONTRACT OFF
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "meshoptimizer.h"

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void) {
  rng = rng * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(rng >> 33);
}
/* uniform in [-1, 1) */
static float frnd(void) { return (float)(int32_t)(rnd() & 0xFFFFFF) / 8388608.0f - 1.0f; }

#define NBUMP 24
static float bx[NBUMP], by[NBUMP], ba[NBUMP], bs[NBUMP];
/* height field: a sum of rational bumps, and its gradient */
static float height(float x, float y, float *gx, float *gy) {
  float h = 0, dx = 0, dy = 0;
  for (int k = 0; k < NBUMP; k++) {
    float ux = x - bx[k], uy = y - by[k];
    float q = 1.0f + (ux * ux + uy * uy) * bs[k];
    float v = ba[k] / q;
    h += v;
    float d = -2.0f * bs[k] * v / q;
    dx += d * ux;
    dy += d * uy;
  }
  *gx = dx;
  *gy = dy;
  return h;
}

/* meshopt_quantizeUnorm of meshoptimizer.h (an inline C++ function) */
static int quantize_unorm(float v, int bits) {
  v = v >= 0 ? v : 0;
  v = v <= 1 ? v : 1;
  return (int)(v * (float)((1 << bits) - 1) + 0.5f);
}

static void normalise(float *v, int n) {
  float l = 0;
  for (int i = 0; i < n; i++) l += v[i] * v[i];
  l = sqrtf(l);
  for (int i = 0; i < n; i++) v[i] /= l;
}

static uint64_t fold(const void *p, size_t n) { /* n: a multiple of 8 */
  uint64_t x = 0, w;
  for (size_t i = 0; i < n; i += 8) {
    memcpy(&w, (const char *)p + i, 8);
    x ^= w;
  }
  return x;
}
static uint64_t hash(const void *p, size_t n, uint64_t h) {
  uint64_t w;
  for (size_t i = 0; i < n; i += 8) {
    memcpy(&w, (const char *)p + i, 8);
    h = (h ^ w) * 0x100000001B3ull;
    h ^= h >> 29;
  }
  return h;
}

enum { S_POS, S_NRM, S_ROT, S_UV, S_FPOS, NS };
static const size_t stride[NS] = {8, 8, 8, 4, 12};
static const char *sname[NS] = {"position16", "normal-oct16", "rotation-quat16", "uv16", "position-exp"};

int main(int argc, char **argv) {
  size_t n = (size_t)(argc > 1 ? atof(argv[1]) : 1024) * 1024;
  int iters = argc > 2 ? atoi(argv[2]) : 50;
  size_t w = 1024, h = (n + w - 1) / w;
  n = w * h;
  if (n == 0 || iters < 1) { puts("usage: meshopt_bench [KVERTS [ITERS]]"); return 2; }

  for (int k = 0; k < NBUMP; k++) {
    bx[k] = frnd() * 60.0f;
    by[k] = frnd() * 60.0f;
    ba[k] = frnd() * 12.0f;
    bs[k] = 0.002f + (frnd() + 1.0f) * 0.02f;
  }
  float *pos = malloc(n * 3 * sizeof(float)), *nrm = malloc(n * 4 * sizeof(float)), *rot = malloc(n * 4 * sizeof(float));
  unsigned char *src[NS], *enc[NS], *dec[NS];
  size_t encn[NS];
  for (int s = 0; s < NS; s++) {
    src[s] = calloc(n, stride[s]);
    dec[s] = malloc(n * stride[s]);
  }
  for (size_t j = 0; j < h; j++)
    for (size_t i = 0; i < w; i++) {
      size_t v = j * w + i;
      float x = (float)i / (float)w * 128.0f - 64.0f + frnd() * 0.01f;
      float y = (float)j / (float)h * 128.0f - 64.0f + frnd() * 0.01f;
      float gx, gy, z = height(x, y, &gx, &gy);
      pos[v * 3 + 0] = x, pos[v * 3 + 1] = y, pos[v * 3 + 2] = z;
      float *nv = &nrm[v * 4];
      nv[0] = -gx, nv[1] = -gy, nv[2] = 1.0f, nv[3] = 0.0f;
      normalise(nv, 3);
      /* a rotation turning +z into the normal, with a twist that varies slowly */
      float *q = &rot[v * 4];
      float t = (float)((i / 8 + j / 8) & 15) / 16.0f - 0.5f;
      q[0] = -nv[1] + t * nv[0], q[1] = nv[0] + t * nv[1], q[2] = t, q[3] = 1.0f + nv[2];
      normalise(q, 4);
      uint16_t *p16 = (uint16_t *)(src[S_POS] + v * 8);
      for (int c = 0; c < 3; c++) p16[c] = (uint16_t)quantize_unorm((pos[v * 3 + c] + 64.0f) / 128.0f, 16);
      uint16_t *uv = (uint16_t *)(src[S_UV] + v * 4);
      uv[0] = (uint16_t)quantize_unorm((float)i / (float)(w - 1), 16);
      uv[1] = (uint16_t)quantize_unorm((float)j / (float)(h - 1), 16);
    }
  meshopt_encodeFilterOct(src[S_NRM], n, 8, 12, nrm);
  meshopt_encodeFilterQuat(src[S_ROT], n, 8, 12, rot);
  meshopt_encodeFilterExp(src[S_FPOS], n, 12, 15, pos);

  size_t total = 0, etotal = 0;
  for (int s = 0; s < NS; s++) {
    size_t cap = meshopt_encodeVertexBufferBound(n, stride[s]);
    enc[s] = malloc(cap);
    encn[s] = meshopt_encodeVertexBuffer(enc[s], cap, src[s], n, stride[s]);
    if (!encn[s]) { printf("FAIL: encode %s\n", sname[s]); return 1; }
    printf("%-16s %9zu -> %9zu bytes\n", sname[s], n * stride[s], encn[s]);
    total += n * stride[s];
    etotal += encn[s];
  }
  printf("%zu vertices, %zu -> %zu bytes, %d iterations\n", n, total, etotal, iters);

  uint64_t folds[NS] = {0}, hsh = 0;
  for (int it = 0; it < iters; it++) {
    for (int s = 0; s < NS; s++) {
      if (meshopt_decodeVertexBuffer(dec[s], n, stride[s], enc[s], encn[s]) != 0) { printf("FAIL: decode %s\n", sname[s]); return 1; }
      if (it == 0 && memcmp(dec[s], src[s], n * stride[s])) { printf("FAIL: %s does not round-trip\n", sname[s]); return 1; }
    }
    meshopt_decodeFilterOct(dec[S_NRM], n, 8);
    meshopt_decodeFilterQuat(dec[S_ROT], n, 8);
    meshopt_decodeFilterExp(dec[S_FPOS], n, 12);
    for (int s = 0; s < NS; s++) {
      uint64_t f = fold(dec[s], n * stride[s]);
      if (it == 0) folds[s] = f;
      else if (f != folds[s]) { printf("FAIL: iteration %d decoded %s differently\n", it, sname[s]); return 1; }
    }
    if (it == 0 || it == iters - 1) {
      uint64_t hh = 0xCBF29CE484222325ull;
      for (int s = 0; s < NS; s++) hh = hash(dec[s], n * stride[s], hh);
      if (it == 0) hsh = hh;
      else if (hh != hsh) { puts("FAIL: last iteration differs from the first"); return 1; }
    }
    if (it == 0) { /* the filters must give back the originals within quantisation error */
      int bad = 0;
      for (size_t v = 0; v < n && !bad; v++) {
        const int16_t *dn = (const int16_t *)(dec[S_NRM] + v * 8);
        const int16_t *d16 = (const int16_t *)(dec[S_ROT] + v * 8);
        const float *fp = (const float *)(dec[S_FPOS] + v * 12);
        float dot = 0, qd = 0;
        for (int c = 0; c < 3; c++) dot += (float)dn[c] / 32767.0f * nrm[v * 4 + c];
        for (int c = 0; c < 4; c++) qd += (float)d16[c] / 32767.0f * rot[v * 4 + c];
        if (dot < 0.999f || fabsf(qd) < 0.999f) bad = 1;
        for (int c = 0; c < 3; c++)
          if (fabsf(fp[c] - pos[v * 3 + c]) > 0.01f) bad = 1;
        if (bad) printf("FAIL: vertex %zu filtered badly (normal dot %.4f, quaternion dot %.4f)\n", v, dot, qd);
      }
      if (bad) return 1;
    }
  }
  printf("decoded %zu bytes per iteration, hash %016llx\n", total, (unsigned long long)hsh);
  return 0;
}
