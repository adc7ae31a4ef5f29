#include "report.h"

#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "../core/error.h"
#include "../core/files.h"

int ts_report_open(ts_report *r, const char *dir, const char *title) {
    *r = (ts_report){0};
    snprintf(r->dir, sizeof r->dir, "%s", dir);
    r->f = open_memstream(&r->buf, &r->len);
    r->key = open_memstream(&r->key_buf, &r->key_len);
    if (!r->f || !r->key) return ts_fail("out of memory for a report");
    fprintf(r->f, "# %s\n\n", title);
    fprintf(r->key, "## %s\n\n", title);
    return TS_OK;
}

void ts_report_verdict(ts_report *r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vfprintf(r->f, fmt, ap);
    va_end(ap);
    va_start(ap, fmt);
    vfprintf(r->key, fmt, ap);
    va_end(ap);
}

void ts_report_key_chart(ts_report *r, const char *name, const char *caption) {
    fprintf(r->key, "![%s](%s.png)\n\n", caption, name);
}

void ts_report_printf(ts_report *r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vfprintf(r->f, fmt, ap);
    va_end(ap);
}

void ts_report_section(ts_report *r, const char *heading) { fprintf(r->f, "\n## %s\n\n", heading); }

void ts_report_chart(ts_report *r, const char *name, const char *caption) {
    char png[8200];
    snprintf(png, sizeof png, "%s/%s.png", r->dir, name);
    /* a blank line first: an image right after a list item would render inside it */
    if (access(png, R_OK) == 0)
        fprintf(r->f, "\n![%s](%s.png)\n\n*%s*\n\n", caption, name, caption);
    else
        fprintf(r->f, "*%s* — not drawn (gnuplot missing): the data is in `%s.dat`; "
                      "run `gnuplot %s.gp` in this directory to draw `%s.png`.\n\n",
                caption, name, name, name);
}

int ts_report_close(ts_report *r) {
    char path[4200];
    fclose(r->f);
    fclose(r->key);
    snprintf(path, sizeof path, "%s/REPORT.md", r->dir);
    int status = ts_write_buffer_atomic(path, r->buf, r->len);
    snprintf(path, sizeof path, "%s/KEY.md", r->dir);
    if (status == TS_OK) status = ts_write_buffer_atomic(path, r->key_buf, r->key_len);
    free(r->buf);
    free(r->key_buf);
    r->buf = r->key_buf = NULL;
    return status;
}

void ts_report_discard(ts_report *r) {
    fclose(r->f);
    fclose(r->key);
    free(r->buf);
    free(r->key_buf);
    r->buf = r->key_buf = NULL;
}
