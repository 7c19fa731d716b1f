// proc_exit with a code > 255 and atexit: status is code & 0xff; output flushed.
// status: 44
#include "wt.h"

int main(void) {
  OK("before proc_exit", 0);
  wt_done();
  w_proc_exit(300);
}
