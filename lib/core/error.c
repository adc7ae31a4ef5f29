#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char message[1024];

int ts_fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return TS_ERR;
}

int ts_fail_context(const char *fmt, ...) {
    char prefix[512], old[sizeof message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, message, sizeof old);
    /* A message longer than the buffer is cut, never overflowed. */
    if (snprintf(message, sizeof message, "%s%s", prefix, old) >= (int)sizeof message)
        message[sizeof message - 1] = '\0';
    return TS_ERR;
}

const char *ts_error(void) { return message; }
