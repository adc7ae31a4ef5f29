#include "files.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

int ts_write_file_atomic(const char *path, int (*fill)(FILE *f, const void *ctx), const void *ctx) {
    char tmp[PATH_MAX];
    const int w = snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
    if (w < 0 || (size_t)w >= sizeof tmp) return ts_fail("%s: path too long", path);
    const int fd = mkstemp(tmp);
    if (fd < 0) return ts_fail("%s: cannot create: %s", path, strerror(errno));
    (void)fchmod(fd, 0644); /* mkstemp makes it 0600; outputs are for everyone to read */
    FILE *f = fdopen(fd, "w");
    if (!f) {
        const int e = errno;
        close(fd);
        unlink(tmp);
        return ts_fail("%s: %s", path, strerror(e));
    }
    int status = fill(f, ctx);
    const int write_error = ferror(f);
    if ((fclose(f) != 0 || write_error) && status == TS_OK)
        status = ts_fail("%s: write error: %s", path, strerror(errno));
    if (status == TS_OK && rename(tmp, path) != 0)
        status = ts_fail("%s: cannot rename %s into place: %s", path, tmp, strerror(errno));
    if (status != TS_OK) unlink(tmp);
    return status;
}

typedef struct {
    const char *buf;
    size_t len;
} buffer;

static int write_buffer(FILE *f, const void *ctx) {
    const buffer *b = ctx;
    return fwrite(b->buf, 1, b->len, f) == b->len ? TS_OK : ts_fail("write error");
}

int ts_write_buffer_atomic(const char *path, const char *buf, size_t len) {
    const buffer b = {buf, len};
    return ts_write_file_atomic(path, write_buffer, &b);
}

int ts_make_dirs(const char *path) {
    char buf[PATH_MAX];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) return ts_fail("%s: path too long", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) return ts_fail("%s: %s", buf, strerror(errno));
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST) return ts_fail("%s: %s", buf, strerror(errno));
    return TS_OK;
}
