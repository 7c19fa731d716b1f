// --inherit-env: host variables pass through, explicit --env entries win,
// WASMC_FLAGS is never passed.
// wasmc: --inherit-env
// env: WT_MINE=compile
// host-env: WT_HOST=from-host
// host-env: WT_MINE=host-loses
#include "wt.h"

int main(void) {
  TRUE("host variable inherited", getenv("WT_HOST") && strcmp(getenv("WT_HOST"), "from-host") == 0);
  TRUE("explicit --env wins over the host", getenv("WT_MINE") && strcmp(getenv("WT_MINE"), "compile") == 0);
  TRUE("PATH inherited", getenv("PATH") != NULL);
  TRUE("WASMC_FLAGS not inherited", getenv("WASMC_FLAGS") == NULL);
  return wt_done();
}
