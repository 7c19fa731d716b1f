/*
 * cli.h — the `wasmc` command's two jobs: compile a module (main.c) and
 * build from a Dockerfile (cli_build.c, docs/build.md), which prepares the
 * image with image/ and then compiles through the same path.
 */
#ifndef WASMC_CLI_H
#define WASMC_CLI_H

#include "image.h"

/* `wasmc [options] input.wasm`: argv as main() gets it; `oci_cfg` (NULL:
 * none) is recorded in the config of the --oci image.  Returns the exit
 * status; on failure no output file is left. */
int wcc_cli_compile(int argc, char **argv, const img_oci_config *oci_cfg);
/* `wasmc build [options] CONTEXT`: argv[0] is "build".  Returns the exit
 * status; the build's temporary directory is removed in every case. */
int wcc_cli_build(int argc, char **argv);
/* Remove the build's temporary directory if there is one (also from the
 * SIGINT/SIGTERM handler: the tree is removed with plain system calls). */
void wcc_cli_build_cleanup(void);

#endif
