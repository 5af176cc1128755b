/*===- error.c - dlc_last_error: one message buffer per thread -------------===*/
#include "dlc/dlcrt.h"
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char lastError[1024];

const char *dlc_last_error(void) { return lastError; }

int dlc_fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(lastError, sizeof lastError, fmt, ap);
  va_end(ap);
  return -1;
}
