/* Files that are either complete or absent: every output of a lesson (records, tables,
 * charts, reports) is written to a temporary file in the same directory and renamed
 * into place, so an interrupted program never leaves a half-written file behind. */
#ifndef TS_FILES_H
#define TS_FILES_H

#include <stddef.h>
#include <stdio.h>

/* Writes path by calling fill(f, ctx) on a temporary file, then renaming it to path.
 * fill returns TS_OK or TS_ERR (with a message); on any failure path is left untouched. */
int ts_write_file_atomic(const char *path, int (*fill)(FILE *f, const void *ctx), const void *ctx);

/* The same for a buffer already in memory. */
int ts_write_buffer_atomic(const char *path, const char *buf, size_t len);

/* mkdir -p */
int ts_make_dirs(const char *path);

#endif
