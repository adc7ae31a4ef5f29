/* Image grids (ts_chart_images): grayscale tiles in rows and columns — a gallery. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/error.h"
#include "chart_parts.h"

/* Each tile is drawn TILE_PX pixels wide; GUTTER image pixels (drawn white) separate tiles. */
#define TILE_PX 96
#define GUTTER 2

typedef struct {
    const ts_chart *c;
    int rows, cols, h, w;
    const float *pixels;
    float lo, hi;
    const char *const *row_labels, *const *col_labels;
} images_ctx;

static int mosaic_width(const images_ctx *m) { return m->cols * (m->w + GUTTER) - GUTTER; }
static int mosaic_height(const images_ctx *m) { return m->rows * (m->h + GUTTER) - GUTTER; }

/* name.dat: the whole mosaic as one matrix (gnuplot's `matrix` format), row 0 on top. */
static int write_images_data(FILE *f, const void *ctx_) {
    const images_ctx *m = ctx_;
    ts_gp_put_data_header(f, m->c, "image");
    fprintf(f, ".\n# A %d × %d grid of %d×%d images as one matrix, gutters of %d pixels at the value %g (white).\n",
            m->rows, m->cols, m->h, m->w, GUTTER, (double)m->hi);
    for (int y = 0; y < mosaic_height(m); y++) {
        const int r = y / (m->h + GUTTER), i = y % (m->h + GUTTER);
        for (int x = 0; x < mosaic_width(m); x++) {
            const int k = x / (m->w + GUTTER), j = x % (m->w + GUTTER);
            const float v = i < m->h && j < m->w ? m->pixels[((size_t)(r * m->cols + k) * m->h + i) * m->w + j] : m->hi;
            if (x) fputc(' ', f);
            ts_gp_put_number(f, v);
        }
        fputc('\n', f);
    }
    return TS_OK;
}

/* Labels at the tile centres: rows right-aligned left of the grid, columns centred above it
   (labels rather than tics: a tic of length 0 still leaves a dot). */
static void put_tile_labels(FILE *f, const char *const *labels, int n, int size, int rows) {
    for (int k = 0; labels && k < n; k++) {
        if (!ts_gp_has_text(labels[k])) continue;
        const double centre = k * (size + GUTTER) + (size - 1) / 2.0;
        fputs("set label ", f);
        ts_gp_put_quoted(f, labels[k]);
        if (rows) fprintf(f, " at first -%d, first %g right\n", GUTTER + 1, centre);
        else fprintf(f, " at first %g, first -%d center\n", centre, GUTTER + 2);
    }
}

static int write_images_script(FILE *f, const void *ctx_) {
    const images_ctx *m = ctx_;
    const size_t row_label = ts_gp_longest(m->row_labels, m->rows);
    const int left = m->row_labels ? (int)row_label * CHAR_PX + 40 : 40, top = m->col_labels ? 150 : 100;
    const int grid = m->cols * TILE_PX, height = top + m->rows * TILE_PX * m->h / m->w + 40;
    /* gnuplot centres the title on the grid: the picture must reach half a title past its middle */
    const int title = ts_gp_has_text(m->c->title) ? (int)strlen(m->c->title) * CHAR_PX * TITLE_FONT_SIZE / FONT_SIZE : 0;
    int width = left + grid + 40;
    if (width < left + grid / 2 + title / 2 + 20) width = left + grid / 2 + title / 2 + 20;
    ts_gp_put_terminal(f, m->c, "image", width, height);
    fprintf(f, "set lmargin at screen %g\nset rmargin at screen %g\n", (double)left / width,
            (double)(left + grid) / width);
    fprintf(f, "set tmargin at screen %g\nset bmargin at screen %g\n", 1.0 - (double)top / height, 40.0 / height);
    fputs("unset key\nunset colorbox\nunset border\nunset tics\nset palette gray\n", f);
    fprintf(f, "set cbrange [%g:%g]\n", (double)m->lo, (double)m->hi);
    fprintf(f, "set xrange [-0.5:%g]\nset yrange [%g:-0.5]\n", mosaic_width(m) - 0.5, mosaic_height(m) - 0.5);
    put_tile_labels(f, m->row_labels, m->rows, m->h, 1);
    put_tile_labels(f, m->col_labels, m->cols, m->w, 0);
    fputs("plot ", f);
    char dat[NAME_MAX + 8];
    snprintf(dat, sizeof dat, "%s.dat", m->c->name);
    ts_gp_put_quoted(f, dat);
    fputs(" matrix with image pixels\n", f);
    return TS_OK;
}

int ts_chart_images(const ts_chart *c, int rows, int cols, int h, int w, const float *pixels, float lo, float hi,
                    const char *const *row_labels, const char *const *col_labels, int *rendered) {
    if (rendered) *rendered = 0;
    if (ts_chart_check(c) != TS_OK) return TS_ERR;
    if (rows < 1 || cols < 1 || h < 1 || w < 1)
        return ts_fail("chart %s: an image grid needs rows, columns and image sizes >= 1, got %d, %d, %d×%d", c->name,
                       rows, cols, h, w);
    if (!pixels) return ts_fail("chart %s: pixels is NULL", c->name);
    if (!(isfinite(lo) && isfinite(hi) && lo < hi))
        return ts_fail("chart %s: the grey range must be finite with lo < hi, got [%g, %g]", c->name, (double)lo,
                       (double)hi);
    if (c->logx || c->logy) return ts_fail("chart %s: an image grid has no axis to put on a log scale", c->name);
    const images_ctx ctx = {c, rows, cols, h, w, pixels, lo, hi, row_labels, col_labels};
    return ts_chart_write(c, write_images_data, write_images_script, &ctx, rendered);
}
