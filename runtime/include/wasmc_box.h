/*
 * wasmc_box.h — the box image: the read-only file tree `wasmc --box` embeds in
 * an executable (docs/boxes.md).  Written by the image side (image/box.c),
 * read in place by the runtime (vfs/vfs_box.c); this header is the whole
 * contract between the two, as wasmc_abi.h is for code.
 *
 * Layout (little-endian, every offset in bytes from the start of the image,
 * every record 8-byte aligned):
 *
 *   wasmc_box_header                     (64 bytes, at offset 0)
 *   wasmc_box_mount[n_mounts]            (at mounts_off)
 *   wasmc_box_node[n_nodes]              (at nodes_off; node 0 is unused)
 *   directory entry arrays, names, symlink targets, file contents
 *
 * Nothing is read at start-up beyond the header and the mount table: a
 * directory's entries are read (and their hash checked) when the guest first
 * looks into it, a file's contents are hashed when it is first opened.  Every
 * offset is checked against image_size before use, so a corrupted image gives
 * an error (EIO), never a read outside the image.
 *
 * Hashes are XXH3-64 (seed 0) of the bytes named.  Identical file contents are
 * stored once (several nodes share data_off); a file with several names in
 * one box (a hard link) is one node named by several entries.
 */
#ifndef WASMC_BOX_H
#define WASMC_BOX_H

#include <stdint.h>

#define WASMC_BOX_MAGIC "WASMCBOX"   /* 8 bytes, no NUL */
#define WASMC_BOX_VERSION 1u
/* The section the compiler puts the image in, and the symbol at its start. */
#define WASMC_BOX_SECTION ".wasmc_box"
#define WASMC_BOX_SYMBOL "wasmc_box_image"

typedef struct wasmc_box_header {
  char magic[8];          /* WASMC_BOX_MAGIC */
  uint32_t version;       /* WASMC_BOX_VERSION */
  uint32_t n_mounts;
  uint32_t n_nodes;       /* including the unused node 0 */
  uint32_t reserved;
  uint64_t image_size;    /* bytes of the whole image */
  uint64_t mounts_off;    /* wasmc_box_mount[n_mounts] */
  uint64_t nodes_off;     /* wasmc_box_node[n_nodes] */
  uint64_t reserved2;
  uint64_t hash;          /* of the 56 bytes above and the mount table */
} wasmc_box_header;

/* A mount: the tree under node `root` appears at guest path `guest`. */
typedef struct wasmc_box_mount {
  uint64_t guest_off;     /* guest path (absolute, normalised, no NUL) */
  uint32_t guest_len;
  uint32_t root;          /* node index of a directory */
} wasmc_box_mount;

/* filetype values are WASI preview1's filetype enum. */
#define WASMC_BOX_DIRECTORY 3u
#define WASMC_BOX_REGULAR_FILE 4u
#define WASMC_BOX_SYMBOLIC_LINK 7u

typedef struct wasmc_box_node {
  uint8_t filetype;       /* WASMC_BOX_* */
  uint8_t reserved[3];
  uint32_t mode;          /* POSIX permission bits (07777) */
  uint32_t nlink;         /* directory entries naming this node (dirs: 2 + subdirs) */
  uint32_t reserved2;
  uint64_t mtim;          /* modification time, ns since the epoch */
  uint64_t size;          /* file: bytes; symlink: target bytes; dir: entries */
  uint64_t data_off;      /* file: contents; symlink: target; dir: wasmc_box_dirent[size] */
  uint64_t data_hash;     /* file/symlink: of the bytes; dir: of the entry array, then
                             every entry's name in order */
  uint64_t node_hash;     /* of the 48 bytes above */
  uint64_t reserved3;
} wasmc_box_node;

/* Directory entries are sorted by name (bytewise, shorter first on a tie). */
typedef struct wasmc_box_dirent {
  uint64_t name_off;      /* name (1-255 bytes, no '/', no NUL, not "." or "..") */
  uint32_t name_len;
  uint32_t node;
} wasmc_box_dirent;

_Static_assert(sizeof(wasmc_box_header) == 64, "box header layout");
_Static_assert(sizeof(wasmc_box_mount) == 16, "box mount layout");
_Static_assert(sizeof(wasmc_box_node) == 64, "box node layout");
_Static_assert(sizeof(wasmc_box_dirent) == 16, "box dirent layout");

#endif /* WASMC_BOX_H */
