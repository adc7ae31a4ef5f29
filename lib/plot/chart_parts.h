/* Inside the charts: what every kind of chart (chart_lines.c, chart_bars.c, chart_histograms.c,
 * chart_images.c) is built from — the projector style, the writers of gnuplot's text and the
 * check and writing every ts_chart_* starts and ends with (chart.c), the drawing (gnuplot.c).
 * Programs use chart.h. */
#ifndef TS_CHART_PARTS_H
#define TS_CHART_PARTS_H

#include <stddef.h>
#include <stdio.h>

#include "chart.h"

/* Projector size: 1280×800 pixels, 18 pt text, 22 pt titles, 3 px lines. */
#define CHART_WIDTH 1280
#define CHART_HEIGHT 800
#define FONT_SIZE 18
#define TITLE_FONT_SIZE 22
#define LINE_WIDTH 3
/* Legend on the right of the plot while labels are short; below it when a label is
   longer than this many characters (a wide legend on the right would squeeze the data). */
#define KEY_RIGHT_MAX_LABEL 28
/* Layout arithmetic needs text widths, which gnuplot only estimates (from character counts,
   not cairo's metrics). Measured at 18 pt: gnuplot reserves ~15 px a character of legend;
   DejaVu Sans text is 10-15 px a character (wide letters like "WM" at the top end). */
#define CHAR_PX 15

/* Colours in the palette (ts_palette). */
#define PALETTE_SIZE 10

/* Writes one of a chart's text files (name.dat or name.gp) to f from the chart's description ctx. */
typedef int (*ts_gp_writer)(FILE *f, const void *ctx);

/* Checks what every kind of chart needs; the directory must exist already. */
int ts_chart_check(const ts_chart *c);
/* Writes name.dat and name.gp with the C locale's decimal point, then renders (ts_chart_render). */
int ts_chart_write(const ts_chart *c, ts_gp_writer data, ts_gp_writer script, const void *ctx, int *rendered);
/* 1 when the lesson chose the y range (ymin, ymax not both 0). */
int ts_chart_has_yrange(const ts_chart *c);

/* Draws name.png from the files just written, with gnuplot when it is installed (gnuplot.c).
   An old name.png is removed first: it would show numbers that are no longer in name.dat (and
   gnuplot leaves a partial file behind when it fails). No gnuplot: TS_OK, *rendered = 0. */
int ts_chart_render(const ts_chart *c, int *rendered);

/* s as a gnuplot single-quoted string. Control characters (a newline would end the
   command) become spaces; NULL is the empty string. */
void ts_gp_put_quoted(FILE *f, const char *s);
/* s inside a comment line of the data file: as is, but on one line. */
void ts_gp_put_comment_text(FILE *f, const char *s);
/* The shortest of %.15g/%.16g/%.17g that reads back as v (%.17g always does), so 0.1 is
   written "0.1", not "0.10000000000000001". Non-finite values are written NaN. */
void ts_gp_put_number(FILE *f, double v);
/* 1 when s is a label to print (not NULL, not empty). */
int ts_gp_has_text(const char *s);
/* 1 when v can be drawn on an axis (log axes need v > 0). */
int ts_gp_drawable(double v, int logscale);
/* The length of the longest of n labels (labels or any of them may be NULL). */
size_t ts_gp_longest(const char *const *labels, int n);

/* The first lines of a .dat: what it is, the chart's title and axis labels. */
void ts_gp_put_data_header(FILE *f, const ts_chart *c, const char *kind);
/* "command 'text'extra" on a line of its own; nothing when text is empty. */
void ts_gp_put_label_line(FILE *f, const char *command, const char *text, const char *extra);
/* The script's head, common to every kind of chart: what it is, the terminal (width ×
   height pixels), the output file and the title. Pictures made of image pixels use libgd's
   `png` terminal even where cairo exists: cairo's anti-aliasing draws faint lines between
   neighbouring image pixels. */
void ts_gp_put_terminal(FILE *f, const ts_chart *c, const char *kind, int width, int height);
/* Everything before `plot` that line and bar charts share. */
void ts_gp_put_preamble(FILE *f, const ts_chart *c, const char *kind, int nkeys, size_t longest_key);
/* `set yrange` for the lesson's range; the lower bound is left to gnuplot on a log axis
   when the lesson's ymin is not positive (log 0 is undefined). */
void ts_gp_put_yrange(FILE *f, const ts_chart *c);
/* gnuplot's plot element for `index i` of the data file, e.g. "'loss.dat' index 2". */
void ts_gp_put_source(FILE *f, const char *name, int index);

#endif
