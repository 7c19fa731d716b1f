/* png_bench.c — libpng (Debian's libpng1.6 1.6.39 sources, with zlib 1.2.13)
 * decoding PNG images.  usage: png_bench [SIDE [ITERS]]
 * Generates a SIDE x SIDE RGBA image (gradients, a pattern of shapes and
 * noise, so that every PNG filter type gets used), encodes it once to PNG in
 * memory with libpng's simplified API, then decodes it ITERS times (as RGBA,
 * and every other time as 8-bit grey, which adds libpng's colour conversion).
 * Each RGBA decode must give back the image exactly; prints the PNG's size
 * and CRC-32 and the CRC-32 of the decoded pixels. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "corpus.h"
#include "png.h"

int main(int argc, char **argv) {
  int side = argc > 1 ? atoi(argv[1]) : 1024;
  int iters = argc > 2 ? atoi(argv[2]) : 10;
  size_t npix = (size_t)side * side;
  unsigned char *img = malloc(npix * 4), *back = malloc(npix * 4);
  for (int y = 0; y < side; y++)
    for (int x = 0; x < side; x++) {
      unsigned char *p = img + ((size_t)y * side + x) * 4;
      uint32_t r = corpus_rand();
      int cx = x - side / 2, cy = y - side / 3;
      int disc = cx * cx + cy * cy < side * side / 16;
      int stripe = ((x / 24) + (y / 40)) & 1;
      p[0] = (unsigned char)(disc ? 230 : x * 255 / side);
      p[1] = (unsigned char)(stripe ? y * 255 / side : 40 + (r & 7));
      p[2] = (unsigned char)((x ^ y) & 0xF0 | (y % 97 < 12 ? r >> 28 : 0));
      p[3] = (unsigned char)(disc ? 255 : 160 + (x + y) % 96);
    }
  png_image im;
  memset(&im, 0, sizeof im);
  im.version = PNG_IMAGE_VERSION;
  im.width = (png_uint_32)side;
  im.height = (png_uint_32)side;
  im.format = PNG_FORMAT_RGBA;
  png_alloc_size_t pn = 0;
  if (!png_image_write_to_memory(&im, NULL, &pn, 0, img, 0, NULL)) { printf("FAIL: size: %s\n", im.message); return 1; }
  unsigned char *png = malloc(pn);
  if (!png_image_write_to_memory(&im, png, &pn, 0, img, 0, NULL)) { printf("FAIL: encode: %s\n", im.message); return 1; }
  printf("image %dx%d crc %08x: png %lu bytes crc %08x\n", side, side, crc32_of(img, npix * 4), (unsigned long)pn,
         crc32_of(png, pn));
  uint32_t grey_crc = 0;
  for (int it = 0; it < iters; it++) {
    int grey = it % 2 == 1;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&im, png, pn)) { printf("FAIL: read header: %s\n", im.message); return 1; }
    if (im.width != (png_uint_32)side || im.height != (png_uint_32)side) { puts("FAIL: size"); return 1; }
    im.format = grey ? PNG_FORMAT_GRAY : PNG_FORMAT_RGBA;
    memset(back, 0, npix * 4);
    if (!png_image_finish_read(&im, NULL, back, 0, NULL)) { printf("FAIL: decode: %s\n", im.message); return 1; }
    if (grey) {
      uint32_t c = crc32_of(back, npix);
      if (it > 1 && c != grey_crc) { puts("FAIL: grey decodes differ"); return 1; }
      grey_crc = c;
    } else if (memcmp(back, img, npix * 4)) {
      puts("FAIL: decoded image differs from the original");
      return 1;
    }
  }
  printf("decoded %d times; grey crc %08x\n", iters, grey_crc);
  return 0;
}
