/* Charts through gnuplot, for lesson reports.
 *
 * Every chart is three files in `dir`: name.dat (the numbers), name.gp (a gnuplot script
 * that reads name.dat and writes name.png with the pngcairo terminal, or libgd's png where
 * gnuplot lacks cairo) and name.png, drawn by running gnuplot on the script when gnuplot
 * is installed. The script names only name.dat and name.png, no directory, so a user can
 * restyle a chart by editing name.gp and re-running `gnuplot name.gp` in that directory.
 * Without gnuplot the .dat and .gp are still written and ts_chart_* return TS_OK with
 * *rendered = 0, so a lesson can say how to render them later.
 *
 * name.dat has one block per series (line chart: columns x mean lo hi) or per bar of a
 * group (bar chart: columns group mean err), blocks separated by two blank lines so that
 * gnuplot's `index k` selects block k; comment lines say what each block is. Non-finite
 * values (a diverged run) are written as NaN and left out of the picture: a line breaks,
 * a bar is missing and marked "NaN". .dat and .gp are written to a temporary name and
 * renamed; an old name.png is deleted before drawing, so a picture never shows stale data.
 *
 * Errors (TS_ERR, message in ts_error()): `dir` missing (the message names it; `dir` is not
 * created), `name` not a plain file name, inconsistent arguments, gnuplot failing (the
 * message quotes gnuplot's error line).
 *
 * Style: readable on a classroom projector — 1280×800, 18 pt text, 3 px lines, titles
 * broken into lines that fit, axis labels (give units), the legend below the plot where it
 * covers no data and takes no width from it; one colour per variant index, the same in every
 * chart of a lesson (ts_palette); log axes ticked at powers of ten (10⁻³), an x axis of
 * whole numbers (epochs) at whole numbers only. Labels are printed as written: quotes,
 * underscores and other characters need no escaping. */
#ifndef TS_CHART_H
#define TS_CHART_H

/* One line of a line chart: mean across seeds, with an optional min–max band (drawn
 * translucent in the line's colour, under every line). */
typedef struct {
    const char *label;    /* legend entry (NULL: none) */
    int color;            /* index into the palette (variant index in the lesson) */
    int dashed;           /* 1: dashed line (e.g. train curves next to solid test curves) */
    int npoints;          /* may be 0 (an empty series) */
    const double *x;      /* npoints */
    const double *mean;   /* npoints */
    const double *lo, *hi;/* npoints each, or NULL for no band */
} ts_series;

typedef struct {
    const char *dir, *name;                /* output: dir/name.{dat,gp,png} */
    const char *title, *xlabel, *ylabel;
    int logx, logy;                        /* logarithmic axes */
    double ymin, ymax;                     /* both 0: automatic range (bars: including 0);
                                              log y with ymin <= 0: automatic lower end.
                                              Line charts mark values the range cuts off. */
    const char *hline_label;               /* non-NULL: a dotted reference line at y = hline */
    double hline;                          /* with this label, e.g. "chance (10%)" */
} ts_chart;

/* Lines with shaded bands. A series that runs on top of an earlier one for two or more
 * points is drawn dashed, so both stay visible; one identical to an earlier series says so in
 * its legend entry ("(= …)"). *rendered (may be NULL) says whether a .png was drawn. */
int ts_chart_lines(const ts_chart *c, const ts_series *series, int nseries, int *rendered);

/* Groups of bars with error bars: ngroups groups (x axis), nbars bars in each group
 * (legend: bar_labels, colours), values mean[g*nbars + b] ± err[g*nbars + b]
 * (err may be NULL). One bar per group is an ordinary bar chart: its categories are named
 * on the x axis (group_labels) and colors[g] colours group g. group_labels NULL: groups are
 * numbered 1..ngroups; bar_labels NULL: no legend; colors NULL: bar b (or group g) has
 * colour b (g). Long group labels are broken into lines, and slanted when still too wide.
 * c->logx is an error (the x axis is categories). */
int ts_chart_bars(const ts_chart *c, const char *const *group_labels, int ngroups,
                  const char *const *bar_labels, const int *colors, int nbars, const double *mean,
                  const double *err, int *rendered);

/* Histograms in a grid of panels, one per group (a scheme, say), each overlaying the
 * distributions of the same few series (layers, say) as steps, one colour per series and one
 * legend for the grid, on the right: fraction[(p·nseries + s)·bins + b] is panel p, series s,
 * bin b of `bins` equal bins over [lo, hi]. Each panel scales its own y axis from 0, so a
 * spread-out distribution is not flattened by a spike in another panel: compare shapes, not
 * heights, across panels. c->title heads the grid; xlabel and ylabel label every panel;
 * logx/logy, ymin and ymax are not used (logx/logy: an error). At most 8 panels
 * (1 row up to 3, else 2 rows) and 10 series. */
int ts_chart_histograms(const ts_chart *c, int npanels, const char *const *panel_titles, int nseries,
                        const char *const *series_labels, int bins, double lo, double hi, const double *fraction,
                        int *rendered);

/* A grid of grayscale images — a gallery: `rows` × `cols` tiles of h×w pixels, tile (r, k)
 * at pixels + (r·cols + k)·h·w, values from lo (black) to hi (white), clamped. Row labels
 * on the left, column labels on top (either may be NULL). name.dat holds the whole mosaic as
 * one matrix (gnuplot `matrix` format), tiles separated by white gutters; the picture is
 * sized so that each tile is about 96 pixels wide. c->xlabel, c->ylabel, ymin and ymax are
 * not used; logx/logy are an error. */
int ts_chart_images(const ts_chart *c, int rows, int cols, int h, int w, const float *pixels, float lo, float hi,
                    const char *const *row_labels, const char *const *col_labels, int *rendered);

/* 1 when a gnuplot executable is on PATH (searched directly, no shell). */
int ts_gnuplot_available(void);

/* The palette, as "#rrggbb" strings (color index modulo its size, negative ones too): ten
 * colours, Okabe–Ito's colour-blind-safe set first (blue, vermillion, green, ...). */
const char *ts_palette(int color);

#endif
