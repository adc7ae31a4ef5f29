/* Histogram grids (ts_chart_histograms): a panel per group, a step line per series. */
#include <math.h>
#include <stdio.h>

#include "../core/error.h"
#include "chart_parts.h"

typedef struct {
    const ts_chart *c;
    int npanels, nseries, bins;
    const char *const *panel_titles, *const *series_labels;
    double lo, hi;
    const double *fraction;
} histograms_ctx;

/* name.dat: a block per (panel, series), index p·nseries + s; a row per bin: centre, fraction. */
static int write_histograms_data(FILE *f, const void *ctx_) {
    const histograms_ctx *h = ctx_;
    ts_gp_put_data_header(f, h->c, "histogram");
    fprintf(f, ".\n# One block per panel and series, block p*%d + s (gnuplot: index), separated by two blank\n"
               "# lines; one row per bin of %d over [", h->nseries, h->bins);
    ts_gp_put_number(f, h->lo);
    fputs(", ", f);
    ts_gp_put_number(f, h->hi);
    fputs("]. Columns: bin centre, fraction of the values in the bin.\n", f);
    const double width = (h->hi - h->lo) / h->bins;
    for (int p = 0; p < h->npanels; p++)
        for (int s = 0; s < h->nseries; s++) {
            if (p || s) fputs("\n\n", f);
            fprintf(f, "# panel %d ", p);
            ts_gp_put_comment_text(f, h->panel_titles ? h->panel_titles[p] : NULL);
            fprintf(f, ", series %d ", s);
            ts_gp_put_comment_text(f, h->series_labels ? h->series_labels[s] : NULL);
            fputc('\n', f);
            for (int b = 0; b < h->bins; b++) {
                ts_gp_put_number(f, h->lo + (b + 0.5) * width);
                fputc(' ', f);
                ts_gp_put_number(f, h->fraction[((size_t)p * (size_t)h->nseries + (size_t)s) * (size_t)h->bins + (size_t)b]);
                fputc('\n', f);
            }
        }
    return TS_OK;
}

/* Panels fill the picture left of the legend, in a rows × cols grid from the top left; the
   x label is written under the bottom row only, the y label left of the first column only, so
   that no label runs into a neighbouring panel. */
static int write_histograms_script(FILE *f, const void *ctx_) {
    const histograms_ctx *h = ctx_;
    const ts_chart *c = h->c;
    const int rows = h->npanels <= 3 ? 1 : 2, cols = (h->npanels + rows - 1) / rows;
    const size_t key = ts_gp_longest(h->series_labels, h->nseries);
    /* screen fractions: the legend's column on the right, the title on top, room for the y
       label (0.04) and y tic labels (0.065) left of each panel, for x tic labels under each row
       and the x label under the last (0.1 in all), for each panel's title above it */
    const double right = 1.0 - (double)(key + 6) * CHAR_PX / CHART_WIDTH, left = 0.04;
    const double top = 0.91 - 0.04 * (ts_gp_wrapped_lines(c->title, TITLE_LINE_CHARS) - 1); /* under the title */
    const double w = (right - left) / cols, ht = (top - 0.01) / rows;
    ts_gp_put_terminal(f, c, "histogram", CHART_WIDTH, CHART_HEIGHT);
    fputs("unset title\nset multiplot title ", f); /* the grid's title is the multiplot's */
    ts_gp_put_wrapped(f, c->title, TITLE_LINE_CHARS);
    fprintf(f, " font ',%d'\n", TITLE_FONT_SIZE);
    fputs("set border lw 1.5\nset grid lc rgb '#c8c8c8' lw 1\nset yrange [0:*]\nset xrange [", f);
    ts_gp_put_number(f, h->lo);
    fputc(':', f);
    ts_gp_put_number(f, h->hi);
    fputs("]\n", f);
    /* the legend, once: right of the grid, drawn by the first panel */
    fprintf(f, "set key at screen 0.99, screen %g right top vertical Right noreverse spacing 1.2 samplen 2\n", top);
    for (int p = 0; p < h->npanels; p++) {
        const int r = p / cols, k = p % cols, last_row = r == rows - 1;
        fprintf(f, "# panel %d\nset lmargin at screen %g\nset rmargin at screen %g\n", p, left + k * w + 0.065,
                left + (k + 1) * w - 0.015);
        fprintf(f, "set tmargin at screen %g\nset bmargin at screen %g\n", top - r * ht - (r ? 0.08 : 0.04),
                top - (r + 1) * ht + (last_row ? 0.1 : 0.04));
        if (last_row) ts_gp_put_label_line(f, "set xlabel", c->xlabel, "");
        else fputs("unset xlabel\n", f);
        if (k == 0) ts_gp_put_label_line(f, "set ylabel", c->ylabel, "");
        else fputs("unset ylabel\n", f);
        ts_gp_put_label_line(f, "set title", h->panel_titles ? h->panel_titles[p] : NULL, "");
        fputs("plot \\\n", f);
        for (int s = 0; s < h->nseries; s++) {
            if (s) fputs(", \\\n", f);
            ts_gp_put_source(f, c->name, p * h->nseries + s);
            fprintf(f, " using 1:2 with histeps lw %d lc rgb '%s' ", LINE_WIDTH, ts_palette(s));
            if (p == 0 && h->series_labels && ts_gp_has_text(h->series_labels[s])) {
                fputs("title ", f);
                ts_gp_put_quoted(f, h->series_labels[s]);
            } else {
                fputs("notitle", f);
            }
        }
        fputc('\n', f);
    }
    fputs("unset multiplot\n", f);
    return TS_OK;
}

int ts_chart_histograms(const ts_chart *c, int npanels, const char *const *panel_titles, int nseries,
                        const char *const *series_labels, int bins, double lo, double hi, const double *fraction,
                        int *rendered) {
    if (rendered) *rendered = 0;
    if (ts_chart_check(c) != TS_OK) return TS_ERR;
    if (npanels < 1 || npanels > 8 || nseries < 1 || nseries > PALETTE_SIZE || bins < 1)
        return ts_fail("chart %s: a histogram grid needs 1 to 8 panels, 1 to %d series and bins >= 1, got %d, %d, %d",
                       c->name, PALETTE_SIZE, npanels, nseries, bins);
    if (!fraction) return ts_fail("chart %s: fraction is NULL", c->name);
    if (!(isfinite(lo) && isfinite(hi) && lo < hi))
        return ts_fail("chart %s: the histogram range must be finite with lo < hi, got [%g, %g]", c->name, lo, hi);
    if (c->logx || c->logy) return ts_fail("chart %s: a histogram grid has no log axes", c->name);
    const histograms_ctx ctx = {c, npanels, nseries, bins, panel_titles, series_labels, lo, hi, fraction};
    return ts_chart_write(c, write_histograms_data, write_histograms_script, &ctx, rendered);
}
