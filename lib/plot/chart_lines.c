/* Line charts (ts_chart_lines): a mean line per series over a translucent min–max band. */
#include <math.h>
#include <stdio.h>

#include "../core/error.h"
#include "chart_parts.h"

/* Opacity of a min–max band: enough to see, light enough that bands can overlap. */
#define BAND_OPACITY 0.2

typedef struct {
    const ts_chart *c;
    const ts_series *series;
    int nseries;
} lines_ctx;

static int series_has_band(const ts_series *s) { return s->lo && s->hi; }

/* name.dat: a block per series, x mean lo hi per row. */
static int write_lines_data(FILE *f, const void *ctx_) {
    const lines_ctx *ctx = ctx_;
    const ts_chart *c = ctx->c;
    ts_gp_put_data_header(f, c, "line");
    fputs(".\n# One block per series, blocks separated by two blank lines (gnuplot: index 0, 1, ...).\n", f);
    fputs("# Columns: x, mean (across seeds), lo and hi (the band: min and max across seeds).\n", f);
    fputs("# NaN: no value (a diverged run, or no band); gnuplot leaves it out.\n", f);
    for (int i = 0; i < ctx->nseries; i++) {
        const ts_series *s = &ctx->series[i];
        if (i > 0) fputs("\n\n", f);
        fprintf(f, "# series %d: ", i);
        ts_gp_put_comment_text(f, s->label);
        fprintf(f, ", colour %s%s%s\n# x mean lo hi\n", ts_palette(s->color), s->dashed ? ", dashed" : "",
                series_has_band(s) ? "" : ", no band");
        for (int k = 0; k < s->npoints; k++) {
            ts_gp_put_number(f, s->x[k]);
            fputc(' ', f);
            ts_gp_put_number(f, s->mean[k]);
            fputc(' ', f);
            ts_gp_put_number(f, series_has_band(s) ? s->lo[k] : NAN);
            fputc(' ', f);
            ts_gp_put_number(f, series_has_band(s) ? s->hi[k] : NAN);
            fputc('\n', f);
        }
    }
    return TS_OK;
}

static int write_lines_script(FILE *f, const void *ctx_) {
    const lines_ctx *ctx = ctx_;
    const ts_chart *c = ctx->c;
    size_t longest_label = 0;
    for (int i = 0; i < ctx->nseries; i++) {
        const char *label[1] = {ctx->series[i].label};
        if (ts_gp_longest(label, 1) > longest_label) longest_label = ts_gp_longest(label, 1);
    }
    ts_gp_put_preamble(f, c, "line", ctx->nseries, longest_label);
    fputs("set grid lc rgb '#c8c8c8' lw 1\n", f);

    /* gnuplot cannot autoscale an axis without a single drawable point ("all points y value
       undefined!"), e.g. when every run diverged: then the chart gets a fixed range and says
       why it is empty instead of failing. */
    int any_x = 0, any_point = 0;
    for (int i = 0; i < ctx->nseries; i++)
        for (int k = 0; k < ctx->series[i].npoints; k++) {
            const int x_ok = ts_gp_drawable(ctx->series[i].x[k], c->logx);
            any_x |= x_ok;
            any_point |= x_ok && ts_gp_drawable(ctx->series[i].mean[k], c->logy);
        }
    if (!any_x) fputs(c->logx ? "set xrange [1:10]\n" : "set xrange [0:1]\n", f);
    if (ts_chart_has_yrange(c)) ts_gp_put_yrange(f, c);
    else if (!any_point) fputs(c->logy ? "set yrange [1:10]\n" : "set yrange [0:1]\n", f);
    if (!any_point)
        fputs("set label 'no finite values to plot (diverged?)' at graph 0.5, graph 0.5 center\n", f);

    fprintf(f, "# Bands first, so that every mean line is drawn on top of every band.\n"
               "set style fill transparent solid %g noborder\nplot \\\n", BAND_OPACITY);
    int first = 1;
    for (int i = 0; i < ctx->nseries; i++) {
        const ts_series *s = &ctx->series[i];
        if (!series_has_band(s) || s->npoints == 0) continue;
        if (!first) fputs(", \\\n", f);
        first = 0;
        ts_gp_put_source(f, c->name, i);
        fprintf(f, " using 1:3:4 with filledcurves lc rgb '%s' notitle", ts_palette(s->color));
    }
    for (int i = 0; i < ctx->nseries; i++) {
        const ts_series *s = &ctx->series[i];
        if (!first) fputs(", \\\n", f);
        first = 0;
        ts_gp_put_source(f, c->name, i);
        /* A single point is no line: draw it as a dot. */
        fprintf(f, " using 1:2 with %s lw %d dt %d lc rgb '%s' ", s->npoints == 1 ? "linespoints pt 7 ps 2" : "lines",
                LINE_WIDTH, s->dashed ? 2 : 1, ts_palette(s->color));
        if (ts_gp_has_text(s->label)) {
            fputs("title ", f);
            ts_gp_put_quoted(f, s->label);
        } else {
            fputs("notitle", f);
        }
    }
    fputc('\n', f);
    return TS_OK;
}

int ts_chart_lines(const ts_chart *c, const ts_series *series, int nseries, int *rendered) {
    if (rendered) *rendered = 0;
    if (ts_chart_check(c) != TS_OK) return TS_ERR;
    if (nseries < 1 || !series) return ts_fail("chart %s: no series to draw (nseries = %d)", c->name, nseries);
    for (int i = 0; i < nseries; i++) {
        const ts_series *s = &series[i];
        if (s->npoints < 0) return ts_fail("chart %s, series %d: negative npoints %d", c->name, i, s->npoints);
        if (s->npoints > 0 && (!s->x || !s->mean)) return ts_fail("chart %s, series %d: x or mean is NULL", c->name, i);
        if (!s->lo != !s->hi) return ts_fail("chart %s, series %d: give both lo and hi, or neither", c->name, i);
    }
    const lines_ctx ctx = {c, series, nseries};
    return ts_chart_write(c, write_lines_data, write_lines_script, &ctx, rendered);
}
