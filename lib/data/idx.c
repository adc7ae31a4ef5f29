#include "idx.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../core/error.h"

/* The largest payload we accept: 2 GiB. Fashion-MNIST's training images are 47 MB; a header
   that asks for more is corrupt, and trusting it would mean a multi-gigabyte malloc. */
#define IDX_MAX_BYTES ((size_t)1 << 31)

/* gzread takes an unsigned length and returns an int, so large reads go in chunks. */
#define IDX_CHUNK ((size_t)1 << 30)

/* Reads up to `want` bytes into buf. Returns the number read; a short count means the
   file ended early or zlib hit an error — the caller tells which with gzip_fault(). */
static size_t read_upto(gzFile gz, void *buf, size_t want) {
    size_t got = 0;
    while (got < want) {
        const size_t ask = want - got < IDX_CHUNK ? want - got : IDX_CHUNK;
        const int r = gzread(gz, (unsigned char *)buf + got, (unsigned)ask);
        if (r <= 0) break;
        got += (size_t)r;
    }
    return got;
}

/* After a short read: fails with the zlib error if there is one (corrupt stream, I/O error)
   and returns TS_OK for a plain end of file. Z_BUF_ERROR is zlib's "unexpected end of
   file" — a gzip stream cut short, i.e. truncation, which the caller reports itself. */
static int gzip_fault(gzFile gz, const char *path) {
    int errnum = Z_OK;
    const char *msg = gzerror(gz, &errnum);
    if (errnum == Z_OK || errnum == Z_BUF_ERROR) return TS_OK;
    if (errnum == Z_ERRNO) return ts_fail("%s: read error: %s", path, strerror(errno));
    if (errnum == Z_MEM_ERROR) return ts_fail("%s: out of memory while decompressing", path);
    return ts_fail("%s: corrupt gzip stream: %s", path, msg);
}

/* " (the gzip stream ends early)" when zlib saw a cut-off member, so the message says
   whether the file or its compressed stream was short. */
static const char *cut_note(gzFile gz) {
    int errnum = Z_OK;
    gzerror(gz, &errnum);
    return errnum == Z_BUF_ERROR ? " (the gzip stream ends early)" : "";
}

static uint32_t be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* The checks, in file order: magic, type, rank, sizes, data, nothing after the data.
   Each failure leaves one message "<path>: <fault>" and returns TS_ERR. */
static int read_body(gzFile gz, const char *path, int expected_ndim, ts_idx *out) {
    unsigned char head[4 + 4 * 4];
    size_t got = read_upto(gz, head, 4);
    if (got < 4) {
        if (gzip_fault(gz, path)) return TS_ERR;
        return ts_fail("%s: truncated header: expected 4 bytes (magic, type, rank), got %zu%s", path,
                       got, cut_note(gz));
    }
    if (head[0] != 0 || head[1] != 0)
        return ts_fail("%s: bad magic: first two bytes are 0x%02x 0x%02x, expected 0x00 0x00 "
                       "(not an IDX file?)",
                       path, head[0], head[1]);
    if (head[2] != 0x08)
        return ts_fail("%s: unsupported element type 0x%02x (only 0x08, unsigned byte, is supported)",
                       path, head[2]);
    const int ndim = head[3];
    if (ndim != expected_ndim)
        return ts_fail("%s: wrong rank: expected %d dimension%s, got %d", path, expected_ndim,
                       expected_ndim == 1 ? "" : "s", ndim);

    const size_t dims_bytes = 4 * (size_t)ndim;
    got = read_upto(gz, head + 4, dims_bytes);
    if (got < dims_bytes) {
        if (gzip_fault(gz, path)) return TS_ERR;
        return ts_fail("%s: truncated header: expected %zu bytes of sizes, got %zu%s", path,
                       dims_bytes, got, cut_note(gz));
    }
    /* size = Π dims, checked step by step so neither the product nor an int overflows. */
    size_t size = 1;
    char shape[64] = "";
    for (int i = 0; i < ndim; i++) {
        const uint32_t d = be32(head + 4 + 4 * i);
        if (d == 0) return ts_fail("%s: bad header: dimension %d is zero", path, i);
        if (d > INT_MAX || size > IDX_MAX_BYTES / d)
            return ts_fail("%s: bad header: dimension %d is %u, absurdly large (more than %zu bytes "
                           "of data)",
                           path, i, (unsigned)d, IDX_MAX_BYTES);
        size *= d;
        out->dims[i] = (int)d;
        const size_t used = strlen(shape);
        snprintf(shape + used, sizeof shape - used, "%s%u", i ? "x" : "", (unsigned)d);
    }

    uint8_t *data = malloc(size);
    if (!data) return ts_fail("%s: out of memory for %zu bytes of data", path, size);
    got = read_upto(gz, data, size);
    if (got < size) {
        free(data);
        if (gzip_fault(gz, path)) return TS_ERR;
        return ts_fail("%s: truncated: expected %zu bytes of data (%s), got %zu%s", path, size, shape,
                       got, cut_note(gz));
    }
    /* Reading one byte past the data also makes zlib verify the gzip trailer (CRC-32 and
       length), so a corrupt trailer is caught here. Extra bytes are counted for the message. */
    unsigned char spill[4096];
    size_t extra = 0, r;
    while ((r = read_upto(gz, spill, sizeof spill)) > 0) extra += r;
    if (gzip_fault(gz, path)) {
        free(data);
        return TS_ERR;
    }
    if (*cut_note(gz)) { /* all data present, but the CRC-32/length trailer is cut off */
        free(data);
        return ts_fail("%s: truncated: the gzip stream ends before its trailer (CRC-32, length)",
                       path);
    }
    if (extra > 0) {
        free(data);
        return ts_fail("%s: trailing bytes: %zu extra byte%s after the %zu bytes of data (%s)", path,
                       extra, extra == 1 ? "" : "s", size, shape);
    }
    out->ndim = ndim;
    out->data = data;
    out->size = size;
    return TS_OK;
}

int ts_idx_read(const char *path, int expected_ndim, ts_idx *out) {
    if (!out) return ts_fail("ts_idx_read: out is NULL");
    memset(out, 0, sizeof *out);
    if (!path || !*path) return ts_fail("ts_idx_read: empty path");
    if (expected_ndim < 1 || expected_ndim > 4)
        return ts_fail("%s: expected rank must be 1 to 4, got %d", path, expected_ndim);

    /* gzopen reads gzip'd and raw files alike (a raw file is passed through unchanged). */
    errno = 0;
    gzFile gz = gzopen(path, "rb");
    if (!gz)
        return ts_fail("%s: cannot open: %s", path, errno ? strerror(errno) : "out of memory");
    gzbuffer(gz, 1 << 17); /* 128 KiB: fewer system calls than the 8 KiB default */
    const int rc = read_body(gz, path, expected_ndim, out);
    gzclose(gz);
    if (rc != TS_OK) memset(out, 0, sizeof *out);
    return rc;
}

void ts_idx_free(ts_idx *idx) {
    if (!idx) return;
    free(idx->data);
    memset(idx, 0, sizeof *idx);
}
