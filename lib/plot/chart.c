/* What every chart is made of (chart_parts.h): the palette, name.dat and name.gp written as
 * gnuplot reads them, and the check and the writing that every ts_chart_* starts and ends with.
 *
 * Text goes into the script as gnuplot single-quoted strings, where the only special
 * character is the quote itself (written twice: 'it''s'); backslashes, backquotes (command
 * substitution in double-quoted strings) and '@' (macros) are literal there. The terminal
 * is `noenhanced`, so "lr_decay" is not typeset as lr with subscript d.
 *
 * Numbers are written with the fewest digits that read back to the same double, in the C
 * locale whatever the program's locale is; a non-finite value is written as NaN, which
 * gnuplot reads as undefined: a line breaks there, a bar is left out (and marked "NaN").
 * Both text files are written under a temporary name and renamed into place, so a reader
 * never sees half a file. */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/error.h"
#include "../core/files.h"
#include "chart_parts.h"

/* ------------------------------------------------------------ style */

/* Okabe & Ito's colour-blind-safe palette (https://jfly.uni-koeln.de/color/), in an order
   that keeps the first few far apart, without its yellow (#F0E442, invisible on a white
   projector screen), then three dark colours from Paul Tol's "muted" scheme
   (https://personal.sron.nl/~pault/) so ten variants stay apart. */
static const char *const PALETTE[] = {
    "#0072B2", /* blue */
    "#D55E00", /* vermillion */
    "#009E73", /* bluish green */
    "#CC79A7", /* reddish purple */
    "#E69F00", /* orange */
    "#56B4E9", /* sky blue */
    "#000000", /* black */
    "#882255", /* wine (Tol) */
    "#999933", /* olive (Tol) */
    "#332288", /* indigo (Tol) */
};
_Static_assert(sizeof PALETTE / sizeof *PALETTE == PALETTE_SIZE, "PALETTE_SIZE (chart_parts.h) counts the palette");

const char *ts_palette(int color) {
    const int i = color % PALETTE_SIZE;
    return PALETTE[i < 0 ? i + PALETTE_SIZE : i];
}

/* ------------------------------------------------------------ writing text */

void ts_gp_put_quoted(FILE *f, const char *s) {
    fputc('\'', f);
    for (; s && *s; s++) {
        if (*s == '\'') fputs("''", f);
        else fputc((unsigned char)*s < ' ' || *s == 0x7f ? ' ' : *s, f);
    }
    fputc('\'', f);
}

void ts_gp_put_comment_text(FILE *f, const char *s) {
    fputc('\'', f);
    for (; s && *s; s++) fputc((unsigned char)*s < ' ' || *s == 0x7f ? ' ' : *s, f);
    fputc('\'', f);
}

void ts_gp_put_number(FILE *f, double v) {
    if (!isfinite(v)) {
        fputs("NaN", f);
        return;
    }
    char buf[40];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, v);
        if (strtod(buf, NULL) == v) break;
    }
    fputs(buf, f);
}

int ts_gp_has_text(const char *s) { return s && *s; }

int ts_gp_drawable(double v, int logscale) { return isfinite(v) && (!logscale || v > 0); }

void ts_gp_put_data_header(FILE *f, const ts_chart *c, const char *kind) {
    fprintf(f, "# %s.dat: data of the %s chart %s.gp (trainskill, lib/plot/chart.c).\n", c->name, kind, c->name);
    fputs("# title ", f);
    ts_gp_put_comment_text(f, c->title);
    fputs(", x axis ", f);
    ts_gp_put_comment_text(f, c->xlabel);
    fputs(", y axis ", f);
    ts_gp_put_comment_text(f, c->ylabel);
}

/* ------------------------------------------------------------ files */

/* Writes dir/file atomically (lib/core/files.h) by calling fill(f, ctx). */
static int write_atomically(const char *dir, const char *file, ts_gp_writer fill, const void *ctx) {
    char path[PATH_MAX];
    const int w = snprintf(path, sizeof path, "%s/%s", dir, file);
    if (w < 0 || (size_t)w >= sizeof path) return ts_fail("%s/%s: path too long", dir, file);
    return ts_write_file_atomic(path, fill, ctx);
}

int ts_chart_check(const ts_chart *c) {
    if (!c) return ts_fail("chart: no chart description (NULL)");
    if (!ts_gp_has_text(c->dir)) return ts_fail("chart: no output directory");
    if (!ts_gp_has_text(c->name)) return ts_fail("chart in %s: no name", c->dir);
    for (const char *p = c->name; *p; p++)
        if (*p == '/' || (unsigned char)*p < ' ')
            return ts_fail("chart '%s': the name must be a plain file name (no '/', no control characters)", c->name);
    if (!isfinite(c->ymin) || !isfinite(c->ymax))
        return ts_fail("chart %s: ymin and ymax must be finite, got %g and %g", c->name, c->ymin, c->ymax);
    if ((c->ymin != 0 || c->ymax != 0) && !(c->ymin < c->ymax))
        return ts_fail("chart %s: ymin must be below ymax, got [%g, %g]", c->name, c->ymin, c->ymax);
    if (c->logy && (c->ymin != 0 || c->ymax != 0) && c->ymax <= 0)
        return ts_fail("chart %s: a log y axis needs ymax > 0, got %g", c->name, c->ymax);
    struct stat st;
    if (stat(c->dir, &st) != 0) return ts_fail("chart directory %s: %s", c->dir, strerror(errno));
    if (!S_ISDIR(st.st_mode)) return ts_fail("chart directory %s: not a directory", c->dir);
    return TS_OK;
}

int ts_chart_write(const ts_chart *c, ts_gp_writer data, ts_gp_writer script, const void *ctx, int *rendered) {
    char dat[NAME_MAX + 8], gp[NAME_MAX + 8];
    if (snprintf(dat, sizeof dat, "%s.dat", c->name) >= (int)sizeof dat)
        return ts_fail("chart %s: name too long", c->name);
    snprintf(gp, sizeof gp, "%s.gp", c->name);
    /* printf follows LC_NUMERIC: a program in a German locale would write "0,5". */
    const locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (c_locale == (locale_t)0) return ts_fail("chart %s: cannot make a C locale: %s", c->name, strerror(errno));
    const locale_t previous = uselocale(c_locale);
    int status = write_atomically(c->dir, dat, data, ctx);
    if (status == TS_OK) status = write_atomically(c->dir, gp, script, ctx);
    uselocale(previous);
    freelocale(c_locale);
    if (status != TS_OK) {
        if (rendered) *rendered = 0;
        return status;
    }
    return ts_chart_render(c, rendered);
}

/* ------------------------------------------------------------ script pieces */

void ts_gp_put_label_line(FILE *f, const char *command, const char *text, const char *extra) {
    if (!ts_gp_has_text(text)) return;
    fprintf(f, "%s ", command);
    ts_gp_put_quoted(f, text);
    fprintf(f, "%s\n", extra);
}

void ts_gp_put_terminal(FILE *f, const ts_chart *c, const char *kind, int width, int height) {
    const int sharp_pixels = strcmp(kind, "image") == 0;
    fprintf(f, "# %s.gp: %s chart written by trainskill (lib/plot/chart.c).\n", c->name, kind);
    fprintf(f, "# Draws %s.png from %s.dat; run `gnuplot %s.gp` in this directory to redraw it after\n",
            c->name, c->name, c->name);
    fputs("# editing (the next run of the lesson overwrites both files).\n#\n", f);
    if (sharp_pixels) {
        fputs("# libgd's png terminal: every image pixel a sharp square (cairo would blur their edges\n"
              "# into faint grid lines). noenhanced: labels are printed as written.\n", f);
        fprintf(f, "set terminal png truecolor size %d,%d font ',%d' noenhanced\n", width, height, FONT_SIZE);
    } else {
        fputs("# pngcairo draws anti-aliased lines and transparent bands. A gnuplot built without cairo\n"
              "# falls back to the libgd `png` terminal: the same chart, rougher. noenhanced: labels are\n"
              "# printed as written (no subscripts from '_', no superscripts from '^').\n", f);
        fputs("if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n", f);
        fprintf(f, "    set terminal pngcairo size %d,%d font ',%d' noenhanced\n", width, height, FONT_SIZE);
        fputs("} else {\n", f);
        fprintf(f, "    set terminal png truecolor size %d,%d font ',%d' noenhanced\n", width, height, FONT_SIZE);
        fputs("}\n", f);
    }
    fputs("set encoding utf8\nset output ", f);
    char png[NAME_MAX + 8];
    snprintf(png, sizeof png, "%s.png", c->name);
    ts_gp_put_quoted(f, png);
    fputc('\n', f);
    char title_font[32];
    snprintf(title_font, sizeof title_font, " font ',%d'", TITLE_FONT_SIZE);
    ts_gp_put_label_line(f, "set title", c->title, title_font);
}

void ts_gp_put_preamble(FILE *f, const ts_chart *c, const char *kind, int nkeys, size_t longest_key) {
    ts_gp_put_terminal(f, c, kind, CHART_WIDTH, CHART_HEIGHT);
    ts_gp_put_label_line(f, "set xlabel", c->xlabel, "");
    ts_gp_put_label_line(f, "set ylabel", c->ylabel, "");
    fputs("set border lw 1.5\n", f);
    /* The legend never sits on the data: it is outside the plot area, on the right, or below
       the plot when labels are long (on the right they would squeeze the data). gnuplot
       sizes the key from character counts, not from cairo's font metrics, so: `width 2` keeps
       right-aligned text clear of the plot border; below the plot the columns are fixed
       here (vertical + maxrows), because gnuplot's own horizontal layout can overlap long
       entries; `height 1` keeps the first row off the x-axis label. */
    if (longest_key <= KEY_RIGHT_MAX_LABEL) {
        fputs("set key outside right top vertical Right noreverse width 2 spacing 1.2 samplen 3\n", f);
    } else {
        /* a column: the label, the sample (3) and gaps; two columns fit up to ~34 characters */
        int ncols = CHART_WIDTH / (((int)longest_key + 8) * CHAR_PX);
        ncols = ncols < 1 ? 1 : ncols > nkeys ? nkeys : ncols;
        fprintf(f, "set key outside below center vertical Left reverse maxrows %d width 1 height 1 spacing 1.2 "
                   "samplen 3\n", (nkeys + ncols - 1) / ncols);
    }
    /* log axes: tics as 1e-05 … 0.1, 1, 10 ("%g"), not gnuplot's fixed-point 0.000010 */
    if (c->logx) fputs("set logscale x\nset format x \"%g\"\n", f);
    if (c->logy) fputs("set logscale y\nset format y \"%g\"\n", f);
}

void ts_gp_put_yrange(FILE *f, const ts_chart *c) {
    fputs("set yrange [", f);
    if (c->logy && c->ymin <= 0) fputc('*', f);
    else ts_gp_put_number(f, c->ymin);
    fputc(':', f);
    ts_gp_put_number(f, c->ymax);
    fputs("]\n", f);
}

int ts_chart_has_yrange(const ts_chart *c) { return c->ymin != 0 || c->ymax != 0; }

void ts_gp_put_source(FILE *f, const char *name, int index) {
    char dat[NAME_MAX + 8];
    snprintf(dat, sizeof dat, "%s.dat", name);
    fputs("    ", f);
    ts_gp_put_quoted(f, dat);
    fprintf(f, " index %d", index);
}

size_t ts_gp_longest(const char *const *labels, int n) {
    size_t m = 0;
    for (int i = 0; labels && i < n; i++)
        if (labels[i] && strlen(labels[i]) > m) m = strlen(labels[i]);
    return m;
}
