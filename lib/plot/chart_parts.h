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
/* A title line holds about this many characters at 22 pt (DejaVu Sans: up to ~16 px a
   character) centred over the plot, which the y axis's labels push right of the picture's
   centre; a longer title is broken into lines at spaces. */
#define TITLE_LINE_CHARS 66
/* Layout arithmetic needs text widths, which gnuplot only estimates (from character counts,
   not cairo's metrics). Measured at 18 pt: gnuplot reserves ~15 px a character of legend;
   DejaVu Sans text is 10-15 px a character (wide letters like "WM" at the top end), about
   12 on average for labels like "one-cycle, momentum fixed"; a legend entry's line sample
   and gaps take ~120 px. */
#define CHAR_PX 15
#define TEXT_CHAR_PX 12
#define KEY_SAMPLE_PX 120

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
/* s as a gnuplot string expression broken into lines of at most `width` characters at
   spaces ('first words' . "\n" . 'the rest'): titles and tic labels that must fit. Returns
   the number of lines. */
int ts_gp_put_wrapped(FILE *f, const char *s, int width);
/* The same for a label in a `set xtics (...)` list, which gnuplot reads as a printf format
   of the tic's value: '%' is doubled. */
int ts_gp_put_tic_label(FILE *f, const char *s, int width);
/* How many lines ts_gp_put_wrapped breaks s into. */
int ts_gp_wrapped_lines(const char *s, int width);
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
/* Everything before `plot` that line and bar charts share; nkeys 0: no legend. */
void ts_gp_put_preamble(FILE *f, const ts_chart *c, const char *kind, int nkeys, size_t longest_key);
/* Tics of a log axis ('x' or 'y') over [lo, hi] (positive): powers of ten with Unicode
   superscripts, 10⁻⁵ … 10³ (the terminal is noenhanced, so no 10^{k} markup), 2· and 5·
   multiples too when the axis spans less than two decades, and unlabelled minor tics at 2…9×
   each power over up to six decades. */
void ts_gp_put_log_tics(FILE *f, char axis, double lo, double hi);
/* The lesson's reference line (c->hline_label set): dotted across the plot at y = c->hline,
   labelled at its right end, e.g. chance level. */
void ts_gp_put_reference_line(FILE *f, const ts_chart *c);
/* `set yrange` for the lesson's range; the lower bound is left to gnuplot on a log axis
   when the lesson's ymin is not positive (log 0 is undefined). */
void ts_gp_put_yrange(FILE *f, const ts_chart *c);
/* gnuplot's plot element for `index i` of the data file, e.g. "'loss.dat' index 2". */
void ts_gp_put_source(FILE *f, const char *name, int index);

#endif
