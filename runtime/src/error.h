/*===- error.h - the thread-local error message (internal) -----------------===*/
#ifndef DLCRT_ERROR_H
#define DLCRT_ERROR_H

/* Sets the message dlc_last_error() returns on this thread (printf format;
   truncated to the buffer). Always returns -1, for `return dlc_fail(...)`. */
int dlc_fail(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

#endif /* DLCRT_ERROR_H */
