/* Errors as return codes plus one message line.
 *
 * Library functions never print and never exit: they return TS_ERR (or NULL) and
 * leave a one-line message here, e.g.
 *   "t10k-images-idx3-ubyte.gz: truncated: expected 7840000 bytes of pixels, got 1024".
 * Programs print it with a "trainskill: " prefix and exit non-zero.
 * The message is per thread, like errno, so worker threads cannot clobber it. */
#ifndef TS_ERROR_H
#define TS_ERROR_H

enum { TS_OK = 0, TS_ERR = -1 };

/* Formats the message and returns TS_ERR, so a failure path is one line:
 *   if (n <= 0) return ts_fail("batch size must be positive, got %d", n); */
int ts_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prefixes the current message with context: "model.ckpt: " + message. */
int ts_fail_context(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The last message set on this thread ("" when none). */
const char *ts_error(void);

#endif
