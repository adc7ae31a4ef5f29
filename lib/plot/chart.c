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

/* Where the line of s that starts at `start` ends: at most `width` characters, ended at the
   last space that fits; a single word longer than the line is kept whole. */
static size_t line_end(const char *s, size_t start, size_t len, int width) {
    if (len - start <= (size_t)width) return len;
    size_t end = start + (size_t)width;
    while (end > start && s[end] != ' ') end--;
    if (end > start) return end;
    const char *space = strchr(s + start, ' ');
    return space ? (size_t)(space - s) : len;
}

int ts_gp_wrapped_lines(const char *s, int width) {
    const size_t len = s ? strlen(s) : 0;
    int lines = 1;
    for (size_t start = line_end(s, 0, len, width); start < len; start = line_end(s, start + 1, len, width)) lines++;
    return lines;
}

/* ts_gp_put_wrapped and ts_gp_put_tic_label: `percent` doubles '%' (a tic label is a format). */
static int put_wrapped(FILE *f, const char *s, int width, int percent) {
    const size_t len = s ? strlen(s) : 0;
    size_t start = 0;
    int lines = 0;
    do {
        const size_t end = line_end(s, start, len, width);
        if (start > 0) fputs(" . \"\\n\" . ", f);
        fputc('\'', f);
        for (size_t i = start; i < end; i++) {
            if (s[i] == '\'') fputs("''", f);
            else if (s[i] == '%' && percent) fputs("%%", f);
            else fputc((unsigned char)s[i] < ' ' || s[i] == 0x7f ? ' ' : s[i], f);
        }
        fputc('\'', f);
        lines++;
        start = end < len ? end + 1 : len;
    } while (start < len);
    return lines;
}

int ts_gp_put_wrapped(FILE *f, const char *s, int width) { return put_wrapped(f, s, width, 0); }

int ts_gp_put_tic_label(FILE *f, const char *s, int width) { return put_wrapped(f, s, width, 1); }

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
    if (ts_gp_has_text(c->title)) {
        fputs("set title ", f);
        /* an image grid is made wide enough for its title (chart_images.c) */
        ts_gp_put_wrapped(f, c->title, sharp_pixels ? INT_MAX : TITLE_LINE_CHARS);
        fprintf(f, " font ',%d'\n", TITLE_FONT_SIZE);
    }
}

void ts_gp_put_preamble(FILE *f, const ts_chart *c, const char *kind, int nkeys, size_t longest_key) {
    ts_gp_put_terminal(f, c, kind, CHART_WIDTH, CHART_HEIGHT);
    ts_gp_put_label_line(f, "set xlabel", c->xlabel, "");
    ts_gp_put_label_line(f, "set ylabel", c->ylabel, "");
    fputs("set border lw 1.5\n", f);
    /* The legend never sits on the data and takes no width from it: it goes below the plot,
       in as many columns as fit across the picture. gnuplot sizes the key from character
       counts, not from cairo's font metrics, so the columns are fixed here (vertical +
       maxrows): its own horizontal layout can overlap long entries. `height 1` keeps the
       first row off the x-axis label. */
    const double column_px = (double)longest_key * TEXT_CHAR_PX + KEY_SAMPLE_PX;
    int ncols = (int)((CHART_WIDTH - 40) / column_px);
    ncols = ncols < 1 ? 1 : ncols > nkeys ? nkeys : ncols;
    /* gnuplot makes each column (longest + 7 + width) of its CHAR_PX characters wide, wider
       than the text: `width` (negative) brings it down to the text's real width */
    const long width = lround(column_px / CHAR_PX - (double)longest_key - 7);
    if (nkeys < 1) fputs("unset key\n", f);
    else fprintf(f, "set key outside below center vertical Left reverse maxrows %d width %ld height 1 spacing 1.2 "
                    "samplen 3\n", (nkeys + ncols - 1) / ncols, width);
    if (c->logx) fputs("set logscale x\n", f);
    if (c->logy) fputs("set logscale y\n", f);
    ts_gp_put_reference_line(f, c);
}

/* k as a Unicode superscript: ⁻¹² */
static void put_superscript(FILE *f, int k) {
    static const char *const DIGITS[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    char digits[16];
    snprintf(digits, sizeof digits, "%d", k < 0 ? -k : k);
    if (k < 0) fputs("⁻", f);
    for (const char *d = digits; *d; d++) fputs(DIGITS[*d - '0'], f);
}

/* m·10^k as a tic label: "1", "10", "10⁻³", "5·10⁻³" */
static void put_power_label(FILE *f, int m, int k) {
    fputc('\'', f);
    if (k == 0 || (k == 1 && m == 1)) fprintf(f, "%d", m * (k == 1 ? 10 : 1));
    else {
        if (m != 1) fprintf(f, "%d·", m);
        fputs("10", f);
        put_superscript(f, k);
    }
    fputc('\'', f);
}

void ts_gp_put_log_tics(FILE *f, char axis, double lo, double hi) {
    if (!(lo > 0) || !(hi >= lo) || !isfinite(hi)) return; /* nothing to tick: gnuplot's own */
    const int kmin = (int)floor(log10(lo) + 1e-9), kmax = (int)ceil(log10(hi) - 1e-9);
    const int few = kmax - kmin < 2; /* under two decades: label 2· and 5· as well */
    const int step = kmax - kmin > 12 ? 2 : 1;  /* at most a dozen labels */
    fprintf(f, "set %ctics (", axis);
    int first = 1;
    for (int k = kmin; k <= kmax; k++)
        for (int m = 1; m <= 9; m++) {
            const int labelled = (m == 1 && (k - kmin) % step == 0) || (few && (m == 2 || m == 5));
            if (k == kmax && m > 1) break;
            if (!labelled && m > 1 && kmax - kmin > 6) continue; /* over many decades minor tics are clutter */
            if (!first) fputs(", ", f);
            first = 0;
            if (labelled) put_power_label(f, m, k);
            else fputs("''", f);
            fprintf(f, " %.17g%s", m * pow(10.0, k), labelled ? "" : " 1");
        }
    fputs(")\n", f);
}

void ts_gp_put_reference_line(FILE *f, const ts_chart *c) {
    if (!c->hline_label || !isfinite(c->hline)) return;
    fputs("set arrow from graph 0, first ", f);
    ts_gp_put_number(f, c->hline);
    fputs(" to graph 1, first ", f);
    ts_gp_put_number(f, c->hline);
    /* the label on a white box, readable over a bar or a line */
    fputs(" nohead dt 3 lw 2 lc rgb '#505050' front\nset style textbox opaque noborder\nset label ", f);
    ts_gp_put_quoted(f, c->hline_label);
    fputs(" at graph 0.01, first ", f);
    ts_gp_put_number(f, c->hline);
    fputs(" offset 0, 0.8 left tc rgb '#303030' boxed front\n", f);
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
