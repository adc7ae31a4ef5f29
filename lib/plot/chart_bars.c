/* Bar charts (ts_chart_bars): groups of bars with error bars, a bar per variant. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/error.h"
#include "chart_parts.h"

/* A group of bars fills this fraction of the unit between group centres; the rest is gap. */
#define GROUP_WIDTH 0.8
/* Group labels are rotated when they would not fit side by side: about this many
   characters fit across the plot area. */
#define XTIC_CHARS 80
/* gnuplot's own left margin (y tic labels + y label) is about this wide at 18 pt. */
#define AUTO_LMARGIN_PX 130

typedef struct {
    const ts_chart *c;
    const char *const *group_labels, *const *bar_labels;
    const int *colors;
    int ngroups, nbars;
    const double *mean, *err;
} bars_ctx;

/* One bar per group: the categories are on the x axis and each has its own colour. */
static int one_bar_per_group(const bars_ctx *ctx) { return ctx->nbars == 1 && ctx->ngroups > 1; }

static const char *bar_color(const bars_ctx *ctx, int b) { return ts_palette(ctx->colors ? ctx->colors[b] : b); }

/* Bar b of group g's colour as 0xRRGGBB, the number gnuplot's `lc rgb variable` reads: the
   group's with one bar per group, else the bar's (its legend entry's). */
static long bar_rgb(const bars_ctx *ctx, int g, int b) {
    return strtol(bar_color(ctx, one_bar_per_group(ctx) ? g : b) + 1, NULL, 16);
}

/* name.dat: a block per bar (legend entry), a row per group: group mean err. */
static int write_bars_data(FILE *f, const void *ctx_) {
    const bars_ctx *ctx = ctx_;
    const ts_chart *c = ctx->c;
    ts_gp_put_data_header(f, c, "bar");
    fputs(".\n# One block per bar of a group (the legend entries), blocks separated by two blank lines\n"
          "# (gnuplot: index 0, 1, ...); one row per group.\n"
          "# Columns: group (0, 1, ... along the x axis), mean, err (the error bar is mean ± err),\n"
          "# the bar's colour as 0xRRGGBB.\n"
          "# NaN: no value (a diverged run, or no error bar); gnuplot leaves it out.\n",
          f);
    for (int g = 0; g < ctx->ngroups; g++) {
        fprintf(f, "# group %d: ", g);
        ts_gp_put_comment_text(f, ctx->group_labels ? ctx->group_labels[g] : NULL);
        fputc('\n', f);
    }
    for (int b = 0; b < ctx->nbars; b++) {
        if (b > 0) fputs("\n\n", f);
        fprintf(f, "# bar %d: ", b);
        ts_gp_put_comment_text(f, ctx->bar_labels ? ctx->bar_labels[b] : NULL);
        fputs("\n# group mean err colour\n", f);
        for (int g = 0; g < ctx->ngroups; g++) {
            const size_t i = (size_t)g * (size_t)ctx->nbars + (size_t)b;
            fprintf(f, "%d ", g);
            ts_gp_put_number(f, ctx->mean[i]);
            fputc(' ', f);
            ts_gp_put_number(f, ctx->err ? ctx->err[i] : NAN);
            fprintf(f, " %ld\n", bar_rgb(ctx, g, b));
        }
    }
    return TS_OK;
}

/* A label slanted 30° that ends at its tic reaches left by cos 30° of its length; gnuplot
   makes room below the axis for it but not on the left, where the first groups' labels
   would be cut off by the picture's edge. So when they would reach past gnuplot's own
   margin, the margin is set: group g's tic is at lm + (g + 1/2)·(W − lm − R)/n for a plot
   from lm to W − R, and lm must exceed the label's reach minus that. */
static void put_slanted_lmargin(FILE *f, const bars_ctx *ctx) {
    const double W = CHART_WIDTH, R = 40.0; /* the legend is below the plot, not beside it */
    const double n = ctx->ngroups, reach_per_char = 0.87 * (CHAR_PX - 2), pad = 15;
    double lm = AUTO_LMARGIN_PX;
    for (int g = 0; g < ctx->ngroups; g++) {
        const char *label = ctx->group_labels ? ctx->group_labels[g] : NULL;
        const double reach = (label ? (double)strlen(label) : 2.0) * reach_per_char + pad, k = (g + 0.5) / n;
        const double need = (reach - k * (W - R)) / (1 - k); /* solve lm + k(W - R - lm) >= reach */
        if (need > lm) lm = need;
    }
    if (lm > AUTO_LMARGIN_PX) fprintf(f, "set lmargin at screen %.3f\n", lm / W > 0.45 ? 0.45 : lm / W);
    fprintf(f, "set rmargin at screen %.3f\n", 1 - R / W); /* gnuplot would keep room for labels slanted the other way */
}

static int write_bars_script(FILE *f, const void *ctx_) {
    const bars_ctx *ctx = ctx_;
    const ts_chart *c = ctx->c;
    const int nkeys = one_bar_per_group(ctx) || !ctx->bar_labels ? 0 : ctx->nbars;
    ts_gp_put_preamble(f, c, "bar", nkeys, ts_gp_longest(ctx->bar_labels, ctx->nbars));
    fputs("set grid ytics lc rgb '#c8c8c8' lw 1\n", f);

    /* Bars are lengths from zero: unless the lesson chose a range, the axis includes 0, so
       a difference of 1% does not look like a factor of 10. */
    int any_pos = 0, any_neg = 0, any_value = 0, any_nan = 0;
    for (size_t i = 0; i < (size_t)ctx->ngroups * (size_t)ctx->nbars; i++) {
        any_nan |= !isfinite(ctx->mean[i]);
        if (!ts_gp_drawable(ctx->mean[i], c->logy)) continue;
        any_value = 1;
        any_pos |= ctx->mean[i] > 0;
        any_neg |= ctx->mean[i] < 0;
    }
    if (c->logy) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < (size_t)ctx->ngroups * (size_t)ctx->nbars; i++)
            if (ts_gp_drawable(ctx->mean[i], 1)) {
                lo = fmin(lo, ctx->mean[i]);
                hi = fmax(hi, ctx->mean[i]);
            }
        ts_gp_put_log_tics(f, 'y', ts_chart_has_yrange(c) && c->ymin > 0 ? c->ymin : lo,
                           ts_chart_has_yrange(c) ? c->ymax : hi);
    }
    if (ts_chart_has_yrange(c)) ts_gp_put_yrange(f, c);
    else if (!any_value) fputs(c->logy ? "set yrange [1:10]\n" : "set yrange [0:1]\n", f);
    else if (!c->logy && !any_neg) fputs("set yrange [0:*]\n", f);
    else if (!c->logy && !any_pos) fputs("set yrange [*:0]\n", f);
    else if (!c->logy) fputs("set xzeroaxis lt -1 lw 1.5\n", f);
    if (!any_value) fputs("set label 'no finite values to plot (diverged?)' at graph 0.5, graph 0.5 center\n", f);

    fprintf(f, "set xrange [-0.5:%d.5]\n", ctx->ngroups - 1);
    /* A group's name is broken into lines that fit under its bars, at most 3 of them;
       names still too long side by side would overlap: then they are slanted instead. */
    const size_t longest = ts_gp_longest(ctx->group_labels, ctx->ngroups);
    const int line_chars = XTIC_CHARS / ctx->ngroups, slant = longest > 3 * (size_t)line_chars;
    fputs("set xtics (", f);
    int tic_lines = 1;
    for (int g = 0; g < ctx->ngroups; g++) {
        if (g > 0) fputs(", ", f);
        if (ctx->group_labels && ts_gp_has_text(ctx->group_labels[g])) {
            if (slant) ts_gp_put_tic_label(f, ctx->group_labels[g], INT_MAX);
            else {
                const int lines = ts_gp_put_tic_label(f, ctx->group_labels[g], line_chars);
                tic_lines = lines > tic_lines ? lines : tic_lines;
            }
        } else {
            fprintf(f, "'%d'", g + 1);
        }
        fprintf(f, " %d", g);
    }
    fputs(") scale 0", f);
    /* gnuplot leaves room for one line of tic labels: the margin below holds them all, the x
       label and the legend's rows */
    if (!slant && tic_lines > 1)
        fprintf(f, "\nset bmargin %.1f", tic_lines + 1.5 + (ts_gp_has_text(c->xlabel) ? 1.5 : 0) +
                                            (nkeys ? 1.2 * nkeys + 1 : 0));
    if (slant) {
        fputs(" rotate by 30 right\n", f);
        put_slanted_lmargin(f, ctx);
    } else {
        fputc('\n', f);
    }

    fprintf(f, "# Bar b of every group sits at group + offset(b); the bars of a group touch.\n"
               "nbars = %d\nwidth = %g / nbars\noffset(b) = (b - (nbars - 1) / 2.0) * width\n"
               "set boxwidth width absolute\nset style fill solid 0.9 border lc rgb '#303030'\n",
            ctx->nbars, GROUP_WIDTH);
    fputs("# Error bars are vectors from mean-err to mean+err with flat heads (gnuplot's yerrorbars\n"
          "# style breaks the bar around the point); a missing bar is marked NaN.\n"
          "plot \\\n",
          f);
    for (int b = 0; b < ctx->nbars; b++) {
        if (b > 0) fputs(", \\\n", f);
        ts_gp_put_source(f, c->name, b);
        /* one colour per group comes from the data; a bar's own colour is named, so that its
           legend entry shows it too (a `variable` colour has no sample to show) */
        if (one_bar_per_group(ctx)) fprintf(f, " using ($1 + offset(%d)):2:4 with boxes lc rgb variable ", b);
        else fprintf(f, " using ($1 + offset(%d)):2 with boxes lc rgb '%s' ", b, bar_color(ctx, b));
        if (ctx->bar_labels && ts_gp_has_text(ctx->bar_labels[b])) {
            fputs("title ", f);
            ts_gp_put_quoted(f, ctx->bar_labels[b]);
        } else {
            fputs("notitle", f);
        }
    }
    if (ctx->err)
        for (int b = 0; b < ctx->nbars; b++) {
            fputs(", \\\n", f);
            ts_gp_put_source(f, c->name, b);
            fprintf(f, " using ($1 + offset(%d)):($2 - $3):(0):(2 * $3) with vectors heads size screen 0.012,90 "
                       "lw %d lc rgb 'black' notitle", b, LINE_WIDTH);
        }
    /* The NaN marker stands on the baseline: y = 0, or the bottom of the lesson's range. */
    if (any_nan && !c->logy)
        for (int b = 0; b < ctx->nbars; b++) {
            fputs(", \\\n", f);
            ts_gp_put_source(f, c->name, b);
            fprintf(f, " using ($1 + offset(%d)):(", b);
            ts_gp_put_number(f, ts_chart_has_yrange(c) ? c->ymin : 0.0);
            fputs("):($2 == $2 ? '' : 'NaN') with labels offset 0, 1 notitle", f);
        }
    fputc('\n', f);
    return TS_OK;
}

int ts_chart_bars(const ts_chart *c, const char *const *group_labels, int ngroups,
                  const char *const *bar_labels, const int *colors, int nbars, const double *mean,
                  const double *err, int *rendered) {
    if (rendered) *rendered = 0;
    if (ts_chart_check(c) != TS_OK) return TS_ERR;
    if (ngroups < 1 || nbars < 1)
        return ts_fail("chart %s: a bar chart needs at least one group and one bar, got %d and %d", c->name, ngroups,
                       nbars);
    if (!mean) return ts_fail("chart %s: mean is NULL", c->name);
    if (c->logx) return ts_fail("chart %s: a bar chart has no numeric x axis to put on a log scale (logx)", c->name);
    const bars_ctx ctx = {c, group_labels, bar_labels, colors, ngroups, nbars, mean, err};
    return ts_chart_write(c, write_bars_data, write_bars_script, &ctx, rendered);
}
