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

/* 1 when a and b are the same number, to float round-off (both NaN: the same gap). */
static int same_value(double a, double b) {
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
    return fabs(a - b) <= 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

/* How series s lies on an earlier series e: 2 identical (every point), 1 on top of it for two
   or more consecutive points (a line of e hidden under s's), 0 apart. */
static int overlap(const ts_series *s, const ts_series *e) {
    int run = 0, longest = 0, all = s->npoints == e->npoints && s->npoints > 0;
    for (int i = 0; i < s->npoints; i++) {
        int on = 0;
        for (int k = 0; k < e->npoints && !on; k++)
            on = same_value(s->x[i], e->x[k]) && isfinite(s->mean[i]) && same_value(s->mean[i], e->mean[k]);
        run = on ? run + 1 : 0;
        longest = run > longest ? run : longest;
        all &= on;
    }
    return all ? 2 : longest >= 2;
}

/* The first earlier labelled series that series i repeats point for point, or −1. */
static int same_as(const lines_ctx *ctx, int i) {
    for (int e = 0; e < i; e++)
        if (ts_gp_has_text(ctx->series[e].label) && overlap(&ctx->series[i], &ctx->series[e]) == 2) return e;
    return -1;
}

/* The x tics of an axis of whole numbers (epochs, steps): whole steps of 1, 2, 5, 10, 20, …
   so that there are at most ten, never 1.5. Nothing for other axes (gnuplot's own tics). */
static void put_integer_x_tics(FILE *f, const lines_ctx *ctx) {
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < ctx->nseries; i++)
        for (int k = 0; k < ctx->series[i].npoints; k++) {
            const double x = ctx->series[i].x[k];
            if (!isfinite(x)) continue;
            if (x != floor(x)) return;
            lo = fmin(lo, x);
            hi = fmax(hi, x);
        }
    if (!(hi > lo)) return;
    double step = 1;
    for (int k = 0; (hi - lo) / step > 10; k++) step *= k % 3 == 1 ? 2.5 : 2; /* 1 2 5 10 20 50 … */
    fprintf(f, "set xtics %g\nset mxtics 1\nset xrange [%g:%g]\n", step, lo, hi);
}

/* The lowest and highest drawable values on an axis, means and bands (x: x values). */
static void data_range(const lines_ctx *ctx, int x_axis, int logscale, double *lo, double *hi) {
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int i = 0; i < ctx->nseries; i++) {
        const ts_series *s = &ctx->series[i];
        for (int k = 0; k < s->npoints; k++) {
            const double v[3] = {x_axis ? s->x[k] : s->mean[k], x_axis || !series_has_band(s) ? NAN : s->lo[k],
                                 x_axis || !series_has_band(s) ? NAN : s->hi[k]};
            for (int j = 0; j < 3; j++)
                if (ts_gp_drawable(v[j], logscale)) {
                    *lo = fmin(*lo, v[j]);
                    *hi = fmax(*hi, v[j]);
                }
        }
    }
}

/* Where v lies along an axis from lo to hi, 0 to 1 (log axes: in decades). */
static double axis_fraction(double v, double lo, double hi, int logscale) {
    return logscale ? log(v / lo) / log(hi / lo) : (v - lo) / (hi - lo);
}

/* A lesson's y range that cuts values off says so, in the first corner of the plot (top left,
   top right, bottom left, bottom right) where no point of the data lies. */
static void put_clipping_note(FILE *f, const lines_ctx *ctx, double xlo, double xhi, double ylo) {
    const ts_chart *c = ctx->c;
    const double ymin = c->logy && c->ymin <= 0 ? ylo : c->ymin; /* log axis: gnuplot's lower end */
    int above = 0, below = 0;
    int occupied[4] = {0}; /* the corners, in the order above */
    for (int i = 0; i < ctx->nseries; i++)
        for (int k = 0; k < ctx->series[i].npoints; k++) {
            const double x = ctx->series[i].x[k], y = ctx->series[i].mean[k];
            if (!ts_gp_drawable(y, c->logy) || !ts_gp_drawable(x, c->logx)) continue;
            above += y > c->ymax;
            below += y < ymin;
            const double gx = xhi > xlo ? axis_fraction(x, xlo, xhi, c->logx) : 0.5;
            const double gy = axis_fraction(y, ymin, c->ymax, c->logy);
            if (gy >= 0.0 && gy <= 0.15) occupied[gx < 0.5 ? 2 : 3] = 1;
            if (gy >= 0.85 && gy <= 1.0) occupied[gx < 0.5 ? 0 : 1] = 1;
        }
    if (!above && !below) return;
    int corner = 0;
    while (corner < 3 && occupied[corner]) corner++;
    fputs("set style textbox opaque noborder\nset label 'off the chart: ", f);
    if (above) fprintf(f, "%d value%s above %.3g", above, above > 1 ? "s" : "", c->ymax);
    if (above && below) fputs(", ", f);
    if (below) fprintf(f, "%d value%s below %.3g", below, below > 1 ? "s" : "", ymin);
    fprintf(f, "' at graph %s, graph %s %s tc rgb '#303030' boxed front\n", corner % 2 ? "0.97" : "0.03",
            corner < 2 ? "0.95" : "0.05", corner % 2 ? "right" : "left");
}

static int write_lines_script(FILE *f, const void *ctx_) {
    const lines_ctx *ctx = ctx_;
    const ts_chart *c = ctx->c;
    size_t longest_label = 0;
    int nkeys = 0;
    for (int i = 0; i < ctx->nseries; i++) {
        const int e = same_as(ctx, i);
        const char *label[2] = {ctx->series[i].label, e >= 0 ? ctx->series[e].label : NULL};
        const size_t len = ts_gp_longest(label, 1) + (e >= 0 ? ts_gp_longest(label + 1, 1) + 5 : 0);
        longest_label = len > longest_label ? len : longest_label;
        nkeys += ts_gp_has_text(ctx->series[i].label);
    }
    ts_gp_put_preamble(f, c, "line", nkeys, longest_label);
    fputs("set grid lc rgb '#c8c8c8' lw 1\n", f);

    double xlo, xhi, ylo, yhi;
    data_range(ctx, 1, c->logx, &xlo, &xhi);
    data_range(ctx, 0, c->logy, &ylo, &yhi);
    if (c->logx) ts_gp_put_log_tics(f, 'x', xlo, xhi);
    else put_integer_x_tics(f, ctx);
    if (c->logy && ts_chart_has_yrange(c)) ts_gp_put_log_tics(f, 'y', c->ymin > 0 ? c->ymin : ylo, c->ymax);
    else if (c->logy) ts_gp_put_log_tics(f, 'y', ylo, yhi);

    /* gnuplot cannot autoscale an axis without a single drawable point ("all points y value
       undefined!"), e.g. when every run diverged: then the chart gets a fixed range and says
       why it is empty instead of failing. */
    const int any_x = isfinite(xlo), any_point = any_x && isfinite(ylo);
    if (!any_x) fputs(c->logx ? "set xrange [1:10]\n" : "set xrange [0:1]\n", f);
    if (ts_chart_has_yrange(c)) {
        ts_gp_put_yrange(f, c);
        put_clipping_note(f, ctx, xlo, xhi, ylo);
    } else if (!any_point) {
        fputs(c->logy ? "set yrange [1:10]\n" : "set yrange [0:1]\n", f);
    }
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
        /* A line on top of an earlier one is dashed, so the one below shows between its dashes. */
        int on_top = 0;
        for (int e = 0; e < i; e++) on_top |= overlap(s, &ctx->series[e]) > 0;
        const int same = same_as(ctx, i);
        if (!first) fputs(", \\\n", f);
        first = 0;
        ts_gp_put_source(f, c->name, i);
        /* A single point is no line: draw it as a dot. */
        fprintf(f, " using 1:2 with %s lw %d dt %s lc rgb '%s' ", s->npoints == 1 ? "linespoints pt 7 ps 2" : "lines",
                LINE_WIDTH, s->dashed ? "2" : on_top ? "(10,10)" : "1", ts_palette(s->color));
        if (ts_gp_has_text(s->label)) {
            fputs("title ", f);
            ts_gp_put_quoted(f, s->label);
            if (same >= 0) {
                fputs(" . ' (= ' . ", f);
                ts_gp_put_quoted(f, ctx->series[same].label);
                fputs(" . ')'", f);
            }
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
