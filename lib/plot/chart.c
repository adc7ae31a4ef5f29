/* Charts through gnuplot: name.dat (the numbers) + name.gp (the script) → name.png.
 *
 * The script is self-contained and relative: it reads 'name.dat' and writes 'name.png'
 * from the directory it is run in, so the library runs gnuplot in a child process whose
 * working directory is `dir` (fork, chdir, exec — no shell, so no quoting of `dir`), and a
 * reader can run `gnuplot name.gp` in that directory and get the same picture.
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
#include "chart.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../core/error.h"
#include "../core/files.h"

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
#define PALETTE_SIZE ((int)(sizeof PALETTE / sizeof *PALETTE))

/* Projector size: 1280×800 pixels, 18 pt text, 22 pt titles, 3 px lines. */
#define CHART_WIDTH 1280
#define CHART_HEIGHT 800
#define FONT_SIZE 18
#define TITLE_FONT_SIZE 22
#define LINE_WIDTH 3
/* Opacity of a min–max band: enough to see, light enough that bands can overlap. */
#define BAND_OPACITY 0.2
/* A group of bars fills this fraction of the unit between group centres; the rest is gap. */
#define GROUP_WIDTH 0.8
/* Legend on the right of the plot while labels are short; below it when a label is
   longer than this many characters (a wide legend on the right would squeeze the data). */
#define KEY_RIGHT_MAX_LABEL 28
/* Layout arithmetic needs text widths, which gnuplot only estimates (from character counts,
   not cairo's metrics). Measured at 18 pt: gnuplot reserves ~15 px a character of legend;
   DejaVu Sans text is 10-15 px a character (wide letters like "WM" at the top end). */
#define CHAR_PX 15
/* Group labels are rotated when they would not fit side by side: about this many
   characters fit across the plot area. */
#define XTIC_CHARS 80
/* gnuplot's own left margin (y tic labels + y label) is about this wide at 18 pt. */
#define AUTO_LMARGIN_PX 130

const char *ts_palette(int color) {
    const int i = color % PALETTE_SIZE;
    return PALETTE[i < 0 ? i + PALETTE_SIZE : i];
}

/* ------------------------------------------------------------ finding gnuplot */

/* Looks `prog` up in $PATH like execvp does (an empty entry is the current directory) and
   writes the first regular executable file's path to out. Returns 1 when found. */
static int find_in_path(const char *prog, char *out, size_t len) {
    const char *path = getenv("PATH");
    if (!path) path = "/usr/local/bin:/usr/bin:/bin"; /* execvp's fallback, roughly */
    for (const char *p = path;; p++) {
        const char *end = strchr(p, ':');
        const size_t n = end ? (size_t)(end - p) : strlen(p);
        const int w = n ? snprintf(out, len, "%.*s/%s", (int)n, p, prog) : snprintf(out, len, "./%s", prog);
        struct stat st;
        if (w > 0 && (size_t)w < len && access(out, X_OK) == 0 && stat(out, &st) == 0 && S_ISREG(st.st_mode))
            return 1;
        if (!end) return 0;
        p = end;
    }
}

int ts_gnuplot_available(void) {
    char path[PATH_MAX];
    return find_in_path("gnuplot", path, sizeof path);
}

/* ------------------------------------------------------------ writing text */

/* s as a gnuplot single-quoted string. Control characters (a newline would end the
   command) become spaces; NULL is the empty string. */
static void put_quoted(FILE *f, const char *s) {
    fputc('\'', f);
    for (; s && *s; s++) {
        if (*s == '\'') fputs("''", f);
        else fputc((unsigned char)*s < ' ' || *s == 0x7f ? ' ' : *s, f);
    }
    fputc('\'', f);
}

/* s inside a comment line of the data file: as is, but on one line. */
static void put_comment_text(FILE *f, const char *s) {
    fputc('\'', f);
    for (; s && *s; s++) fputc((unsigned char)*s < ' ' || *s == 0x7f ? ' ' : *s, f);
    fputc('\'', f);
}

/* The shortest of %.15g/%.16g/%.17g that reads back as v (%.17g always does), so 0.1 is
   written "0.1", not "0.10000000000000001". Non-finite values are written NaN. */
static void put_number(FILE *f, double v) {
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

static int has_text(const char *s) { return s && *s; }

/* 1 when v can be drawn on an axis (log axes need v > 0). */
static int drawable(double v, int logscale) { return isfinite(v) && (!logscale || v > 0); }

/* ------------------------------------------------------------ files */

typedef int (*file_writer)(FILE *f, const void *ctx);

/* Writes dir/file atomically (lib/core/files.h) by calling fill(f, ctx). */
static int write_atomically(const char *dir, const char *file, file_writer fill, const void *ctx) {
    char path[PATH_MAX];
    const int w = snprintf(path, sizeof path, "%s/%s", dir, file);
    if (w < 0 || (size_t)w >= sizeof path) return ts_fail("%s/%s: path too long", dir, file);
    return ts_write_file_atomic(path, fill, ctx);
}

/* Checks what both kinds of chart need; the directory must exist already. */
static int check_chart(const ts_chart *c) {
    if (!c) return ts_fail("chart: no chart description (NULL)");
    if (!has_text(c->dir)) return ts_fail("chart: no output directory");
    if (!has_text(c->name)) return ts_fail("chart in %s: no name", c->dir);
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

/* ------------------------------------------------------------ script pieces */

static void put_label_line(FILE *f, const char *command, const char *text, const char *extra) {
    if (!has_text(text)) return;
    fprintf(f, "%s ", command);
    put_quoted(f, text);
    fprintf(f, "%s\n", extra);
}

/* The script's head, common to every kind of chart: what it is, the terminal (width ×
   height pixels), the output file and the title. Pictures made of image pixels use libgd's
   `png` terminal even where cairo exists: cairo's anti-aliasing draws faint lines between
   neighbouring image pixels. */
static void put_terminal(FILE *f, const ts_chart *c, const char *kind, int width, int height) {
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
    put_quoted(f, png);
    fputc('\n', f);
    char title_font[32];
    snprintf(title_font, sizeof title_font, " font ',%d'", TITLE_FONT_SIZE);
    put_label_line(f, "set title", c->title, title_font);
}

/* Everything before `plot` that line and bar charts share. */
static void put_preamble(FILE *f, const ts_chart *c, const char *kind, int nkeys, size_t longest_key) {
    put_terminal(f, c, kind, CHART_WIDTH, CHART_HEIGHT);
    put_label_line(f, "set xlabel", c->xlabel, "");
    put_label_line(f, "set ylabel", c->ylabel, "");
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

/* `set yrange` for the lesson's range; the lower bound is left to gnuplot on a log axis
   when the lesson's ymin is not positive (log 0 is undefined). */
static void put_yrange(FILE *f, const ts_chart *c) {
    fputs("set yrange [", f);
    if (c->logy && c->ymin <= 0) fputc('*', f);
    else put_number(f, c->ymin);
    fputc(':', f);
    put_number(f, c->ymax);
    fputs("]\n", f);
}

static int has_yrange(const ts_chart *c) { return c->ymin != 0 || c->ymax != 0; }

/* gnuplot's plot element for `index i` of the data file, e.g. "'loss.dat' index 2". */
static void put_source(FILE *f, const char *name, int index) {
    char dat[NAME_MAX + 8];
    snprintf(dat, sizeof dat, "%s.dat", name);
    fputs("    ", f);
    put_quoted(f, dat);
    fprintf(f, " index %d", index);
}

static size_t longest(const char *const *labels, int n) {
    size_t m = 0;
    for (int i = 0; labels && i < n; i++)
        if (labels[i] && strlen(labels[i]) > m) m = strlen(labels[i]);
    return m;
}

/* ------------------------------------------------------------ running gnuplot */

/* From gnuplot's stderr, the line that says what went wrong: the first one of the form
   "name.gp" line N: ... (gnuplot first echoes the failing command with a caret under it,
   and cairo/fontconfig may add noise), else the first non-blank line. */
static void gnuplot_message(char *text, const char *script, char *out, size_t len) {
    char marker[NAME_MAX + 16];
    snprintf(marker, sizeof marker, "\"%s\" line ", script);
    const char *pick = NULL, *first = NULL;
    for (char *line = text; line && *line;) {
        char *next = strchr(line, '\n');
        if (next) *next++ = '\0';
        const char *p = line;
        while (*p == ' ' || *p == '\t' || *p == '\r') p++;
        if (*p && !first) first = p;
        if (!pick && strncmp(p, marker, strlen(marker)) == 0) pick = p;
        line = next;
    }
    const char *msg = pick ? pick : first ? first : "(no message)";
    const size_t n = strlen(msg) < len - 1 ? strlen(msg) : len - 1; /* cut, never overflow */
    memcpy(out, msg, n);
    out[n] = '\0';
    for (size_t k = n; k > 0 && (out[k - 1] == ' ' || out[k - 1] == '\r'); k--) out[k - 1] = '\0';
}

/* Runs `gnuplot name.gp` with `dir` as working directory; stdout is discarded, stderr is
   kept for the error message. The child only calls async-signal-safe functions between
   fork and exec, so this is safe from a multi-threaded (OpenMP) program. */
static int run_gnuplot(const char *gnuplot, const ts_chart *c) {
    char script[NAME_MAX + 8];
    snprintf(script, sizeof script, "%s.gp", c->name);
    char *const argv[] = {"gnuplot", script, NULL};

    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) != 0) return ts_fail("%s/%s: cannot run gnuplot: pipe: %s", c->dir, script, strerror(errno));
    const int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    const pid_t pid = devnull < 0 ? -1 : fork();
    if (pid == 0) {
        static const char cd_failed[] = "trainskill: cannot change to the chart directory\n";
        static const char exec_failed[] = "trainskill: cannot execute gnuplot\n";
        dup2(devnull, STDIN_FILENO);
        dup2(devnull, STDOUT_FILENO);
        dup2(pipefd[1], STDERR_FILENO);
        if (chdir(c->dir) != 0) {
            (void)!write(STDERR_FILENO, cd_failed, sizeof cd_failed - 1);
            _exit(126);
        }
        execv(gnuplot, argv);
        (void)!write(STDERR_FILENO, exec_failed, sizeof exec_failed - 1);
        _exit(127);
    }
    const int fork_errno = errno;
    close(pipefd[1]);
    if (devnull >= 0) close(devnull);
    if (pid < 0) {
        close(pipefd[0]);
        return ts_fail("%s/%s: cannot run gnuplot: %s", c->dir, script, strerror(fork_errno));
    }

    /* Keep the start of stderr, drain the rest so gnuplot never blocks on a full pipe. */
    char err[4096], sink[1024];
    size_t got = 0;
    for (;;) {
        const size_t room = sizeof err - 1 - got;
        const ssize_t r = room ? read(pipefd[0], err + got, room) : read(pipefd[0], sink, sizeof sink);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        if (room) got += (size_t)r;
    }
    err[got] = '\0';
    close(pipefd[0]);
    int wstatus;
    while (waitpid(pid, &wstatus, 0) < 0)
        if (errno != EINTR) return ts_fail("%s/%s: waiting for gnuplot: %s", c->dir, script, strerror(errno));

    if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) return TS_OK;
    char message[512];
    gnuplot_message(err, script, message, sizeof message);
    if (WIFSIGNALED(wstatus))
        return ts_fail("%s/%s: gnuplot killed by signal %d: %s", c->dir, script, WTERMSIG(wstatus), message);
    return ts_fail("%s/%s: gnuplot failed (exit status %d): %s", c->dir, script, WEXITSTATUS(wstatus), message);
}

/* Draws name.png from the files just written. An old name.png is removed first: it would
   show numbers that are no longer in name.dat (and gnuplot leaves a partial file behind
   when it fails). No gnuplot: TS_OK, *rendered = 0. */
static int render(const ts_chart *c, int *rendered) {
    if (rendered) *rendered = 0;
    char png[PATH_MAX];
    const int w = snprintf(png, sizeof png, "%s/%s.png", c->dir, c->name);
    if (w < 0 || (size_t)w >= sizeof png) return ts_fail("%s/%s.png: path too long", c->dir, c->name);
    if (unlink(png) != 0 && errno != ENOENT) return ts_fail("%s: cannot replace: %s", png, strerror(errno));
    char gnuplot[PATH_MAX];
    if (!find_in_path("gnuplot", gnuplot, sizeof gnuplot)) return TS_OK;
    if (run_gnuplot(gnuplot, c) != TS_OK) {
        unlink(png);
        return TS_ERR;
    }
    struct stat st;
    if (stat(png, &st) != 0 || st.st_size == 0) return ts_fail("%s: gnuplot succeeded but wrote no image", png);
    if (rendered) *rendered = 1;
    return TS_OK;
}

/* Writes name.dat and name.gp with the C locale's decimal point, then renders. */
static int write_chart(const ts_chart *c, file_writer data, file_writer script, const void *ctx, int *rendered) {
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
    return render(c, rendered);
}

/* ------------------------------------------------------------ line charts */

typedef struct {
    const ts_chart *c;
    const ts_series *series;
    int nseries;
} lines_ctx;

static int series_has_band(const ts_series *s) { return s->lo && s->hi; }

/* The first lines of a .dat: what it is, the chart's title and axis labels. */
static void write_data_header(FILE *f, const ts_chart *c, const char *kind) {
    fprintf(f, "# %s.dat: data of the %s chart %s.gp (trainskill, lib/plot/chart.c).\n", c->name, kind, c->name);
    fputs("# title ", f);
    put_comment_text(f, c->title);
    fputs(", x axis ", f);
    put_comment_text(f, c->xlabel);
    fputs(", y axis ", f);
    put_comment_text(f, c->ylabel);
}

/* name.dat: a block per series, x mean lo hi per row. */
static int write_lines_data(FILE *f, const void *ctx_) {
    const lines_ctx *ctx = ctx_;
    const ts_chart *c = ctx->c;
    write_data_header(f, c, "line");
    fputs(".\n# One block per series, blocks separated by two blank lines (gnuplot: index 0, 1, ...).\n", f);
    fputs("# Columns: x, mean (across seeds), lo and hi (the band: min and max across seeds).\n", f);
    fputs("# NaN: no value (a diverged run, or no band); gnuplot leaves it out.\n", f);
    for (int i = 0; i < ctx->nseries; i++) {
        const ts_series *s = &ctx->series[i];
        if (i > 0) fputs("\n\n", f);
        fprintf(f, "# series %d: ", i);
        put_comment_text(f, s->label);
        fprintf(f, ", colour %s%s%s\n# x mean lo hi\n", ts_palette(s->color), s->dashed ? ", dashed" : "",
                series_has_band(s) ? "" : ", no band");
        for (int k = 0; k < s->npoints; k++) {
            put_number(f, s->x[k]);
            fputc(' ', f);
            put_number(f, s->mean[k]);
            fputc(' ', f);
            put_number(f, series_has_band(s) ? s->lo[k] : NAN);
            fputc(' ', f);
            put_number(f, series_has_band(s) ? s->hi[k] : NAN);
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
        if (longest(label, 1) > longest_label) longest_label = longest(label, 1);
    }
    put_preamble(f, c, "line", ctx->nseries, longest_label);
    fputs("set grid lc rgb '#c8c8c8' lw 1\n", f);

    /* gnuplot cannot autoscale an axis without a single drawable point ("all points y value
       undefined!"), e.g. when every run diverged: then the chart gets a fixed range and says
       why it is empty instead of failing. */
    int any_x = 0, any_point = 0;
    for (int i = 0; i < ctx->nseries; i++)
        for (int k = 0; k < ctx->series[i].npoints; k++) {
            const int x_ok = drawable(ctx->series[i].x[k], c->logx);
            any_x |= x_ok;
            any_point |= x_ok && drawable(ctx->series[i].mean[k], c->logy);
        }
    if (!any_x) fputs(c->logx ? "set xrange [1:10]\n" : "set xrange [0:1]\n", f);
    if (has_yrange(c)) put_yrange(f, c);
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
        put_source(f, c->name, i);
        fprintf(f, " using 1:3:4 with filledcurves lc rgb '%s' notitle", ts_palette(s->color));
    }
    for (int i = 0; i < ctx->nseries; i++) {
        const ts_series *s = &ctx->series[i];
        if (!first) fputs(", \\\n", f);
        first = 0;
        put_source(f, c->name, i);
        /* A single point is no line: draw it as a dot. */
        fprintf(f, " using 1:2 with %s lw %d dt %d lc rgb '%s' ", s->npoints == 1 ? "linespoints pt 7 ps 2" : "lines",
                LINE_WIDTH, s->dashed ? 2 : 1, ts_palette(s->color));
        if (has_text(s->label)) {
            fputs("title ", f);
            put_quoted(f, s->label);
        } else {
            fputs("notitle", f);
        }
    }
    fputc('\n', f);
    return TS_OK;
}

int ts_chart_lines(const ts_chart *c, const ts_series *series, int nseries, int *rendered) {
    if (rendered) *rendered = 0;
    if (check_chart(c) != TS_OK) return TS_ERR;
    if (nseries < 1 || !series) return ts_fail("chart %s: no series to draw (nseries = %d)", c->name, nseries);
    for (int i = 0; i < nseries; i++) {
        const ts_series *s = &series[i];
        if (s->npoints < 0) return ts_fail("chart %s, series %d: negative npoints %d", c->name, i, s->npoints);
        if (s->npoints > 0 && (!s->x || !s->mean)) return ts_fail("chart %s, series %d: x or mean is NULL", c->name, i);
        if (!s->lo != !s->hi) return ts_fail("chart %s, series %d: give both lo and hi, or neither", c->name, i);
    }
    const lines_ctx ctx = {c, series, nseries};
    return write_chart(c, write_lines_data, write_lines_script, &ctx, rendered);
}

/* ------------------------------------------------------------ bar charts */

typedef struct {
    const ts_chart *c;
    const char *const *group_labels, *const *bar_labels;
    const int *colors;
    int ngroups, nbars;
    const double *mean, *err;
} bars_ctx;

static const char *bar_color(const bars_ctx *ctx, int b) { return ts_palette(ctx->colors ? ctx->colors[b] : b); }

/* name.dat: a block per bar (legend entry), a row per group: group mean err. */
static int write_bars_data(FILE *f, const void *ctx_) {
    const bars_ctx *ctx = ctx_;
    const ts_chart *c = ctx->c;
    write_data_header(f, c, "bar");
    fputs(".\n# One block per bar of a group (the legend entries), blocks separated by two blank lines\n"
          "# (gnuplot: index 0, 1, ...); one row per group.\n"
          "# Columns: group (0, 1, ... along the x axis), mean, err (the error bar is mean ± err).\n"
          "# NaN: no value (a diverged run, or no error bar); gnuplot leaves it out.\n",
          f);
    for (int g = 0; g < ctx->ngroups; g++) {
        fprintf(f, "# group %d: ", g);
        put_comment_text(f, ctx->group_labels ? ctx->group_labels[g] : NULL);
        fputc('\n', f);
    }
    for (int b = 0; b < ctx->nbars; b++) {
        if (b > 0) fputs("\n\n", f);
        fprintf(f, "# bar %d: ", b);
        put_comment_text(f, ctx->bar_labels ? ctx->bar_labels[b] : NULL);
        fprintf(f, ", colour %s\n# group mean err\n", bar_color(ctx, b));
        for (int g = 0; g < ctx->ngroups; g++) {
            const size_t i = (size_t)g * (size_t)ctx->nbars + (size_t)b;
            fprintf(f, "%d ", g);
            put_number(f, ctx->mean[i]);
            fputc(' ', f);
            put_number(f, ctx->err ? ctx->err[i] : NAN);
            fputc('\n', f);
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
    const size_t key = longest(ctx->bar_labels, ctx->nbars);
    const double W = CHART_WIDTH, R = key <= KEY_RIGHT_MAX_LABEL ? (double)(key + 8) * CHAR_PX : 40.0;
    const double n = ctx->ngroups, reach_per_char = 0.87 * (CHAR_PX - 2), pad = 15;
    double lm = AUTO_LMARGIN_PX;
    for (int g = 0; g < ctx->ngroups; g++) {
        const char *label = ctx->group_labels ? ctx->group_labels[g] : NULL;
        const double reach = (label ? (double)strlen(label) : 2.0) * reach_per_char + pad, k = (g + 0.5) / n;
        const double need = (reach - k * (W - R)) / (1 - k); /* solve lm + k(W - R - lm) >= reach */
        if (need > lm) lm = need;
    }
    if (lm > AUTO_LMARGIN_PX) fprintf(f, "set lmargin at screen %.3f\n", lm / W > 0.45 ? 0.45 : lm / W);
}

static int write_bars_script(FILE *f, const void *ctx_) {
    const bars_ctx *ctx = ctx_;
    const ts_chart *c = ctx->c;
    put_preamble(f, c, "bar", ctx->nbars, longest(ctx->bar_labels, ctx->nbars));
    fputs("set grid ytics lc rgb '#c8c8c8' lw 1\n", f);

    /* Bars are lengths from zero: unless the lesson chose a range, the axis includes 0, so
       a difference of 1% does not look like a factor of 10. */
    int any_pos = 0, any_neg = 0, any_value = 0, any_nan = 0;
    for (size_t i = 0; i < (size_t)ctx->ngroups * (size_t)ctx->nbars; i++) {
        any_nan |= !isfinite(ctx->mean[i]);
        if (!drawable(ctx->mean[i], c->logy)) continue;
        any_value = 1;
        any_pos |= ctx->mean[i] > 0;
        any_neg |= ctx->mean[i] < 0;
    }
    if (has_yrange(c)) put_yrange(f, c);
    else if (!any_value) fputs(c->logy ? "set yrange [1:10]\n" : "set yrange [0:1]\n", f);
    else if (!c->logy && !any_neg) fputs("set yrange [0:*]\n", f);
    else if (!c->logy && !any_pos) fputs("set yrange [*:0]\n", f);
    else if (!c->logy) fputs("set xzeroaxis lt -1 lw 1.5\n", f);
    if (!any_value) fputs("set label 'no finite values to plot (diverged?)' at graph 0.5, graph 0.5 center\n", f);

    fprintf(f, "set xrange [-0.5:%d.5]\n", ctx->ngroups - 1);
    fputs("set xtics (", f);
    for (int g = 0; g < ctx->ngroups; g++) {
        if (g > 0) fputs(", ", f);
        if (ctx->group_labels && has_text(ctx->group_labels[g])) put_quoted(f, ctx->group_labels[g]);
        else fprintf(f, "'%d'", g + 1);
        fprintf(f, " %d", g);
    }
    fputs(") scale 0", f);
    /* Long group names side by side would overlap: slant them. */
    if (longest(ctx->group_labels, ctx->ngroups) * (size_t)ctx->ngroups > XTIC_CHARS) {
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
        put_source(f, c->name, b);
        fprintf(f, " using ($1 + offset(%d)):2 with boxes lc rgb '%s' ", b, bar_color(ctx, b));
        if (ctx->bar_labels && has_text(ctx->bar_labels[b])) {
            fputs("title ", f);
            put_quoted(f, ctx->bar_labels[b]);
        } else {
            fputs("notitle", f);
        }
    }
    if (ctx->err)
        for (int b = 0; b < ctx->nbars; b++) {
            fputs(", \\\n", f);
            put_source(f, c->name, b);
            fprintf(f, " using ($1 + offset(%d)):($2 - $3):(0):(2 * $3) with vectors heads size screen 0.012,90 "
                       "lw %d lc rgb 'black' notitle", b, LINE_WIDTH);
        }
    /* The NaN marker stands on the baseline: y = 0, or the bottom of the lesson's range. */
    if (any_nan && !c->logy)
        for (int b = 0; b < ctx->nbars; b++) {
            fputs(", \\\n", f);
            put_source(f, c->name, b);
            fprintf(f, " using ($1 + offset(%d)):(", b);
            put_number(f, has_yrange(c) ? c->ymin : 0.0);
            fputs("):($2 == $2 ? '' : 'NaN') with labels offset 0, 1 notitle", f);
        }
    fputc('\n', f);
    return TS_OK;
}

int ts_chart_bars(const ts_chart *c, const char *const *group_labels, int ngroups,
                  const char *const *bar_labels, const int *colors, int nbars, const double *mean,
                  const double *err, int *rendered) {
    if (rendered) *rendered = 0;
    if (check_chart(c) != TS_OK) return TS_ERR;
    if (ngroups < 1 || nbars < 1)
        return ts_fail("chart %s: a bar chart needs at least one group and one bar, got %d and %d", c->name, ngroups,
                       nbars);
    if (!mean) return ts_fail("chart %s: mean is NULL", c->name);
    if (c->logx) return ts_fail("chart %s: a bar chart has no numeric x axis to put on a log scale (logx)", c->name);
    const bars_ctx ctx = {c, group_labels, bar_labels, colors, ngroups, nbars, mean, err};
    return write_chart(c, write_bars_data, write_bars_script, &ctx, rendered);
}

/* ------------------------------------------------------------ histogram grids */

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
    write_data_header(f, h->c, "histogram");
    fprintf(f, ".\n# One block per panel and series, block p*%d + s (gnuplot: index), separated by two blank\n"
               "# lines; one row per bin of %d over [", h->nseries, h->bins);
    put_number(f, h->lo);
    fputs(", ", f);
    put_number(f, h->hi);
    fputs("]. Columns: bin centre, fraction of the values in the bin.\n", f);
    const double width = (h->hi - h->lo) / h->bins;
    for (int p = 0; p < h->npanels; p++)
        for (int s = 0; s < h->nseries; s++) {
            if (p || s) fputs("\n\n", f);
            fprintf(f, "# panel %d ", p);
            put_comment_text(f, h->panel_titles ? h->panel_titles[p] : NULL);
            fprintf(f, ", series %d ", s);
            put_comment_text(f, h->series_labels ? h->series_labels[s] : NULL);
            fputc('\n', f);
            for (int b = 0; b < h->bins; b++) {
                put_number(f, h->lo + (b + 0.5) * width);
                fputc(' ', f);
                put_number(f, h->fraction[((size_t)p * (size_t)h->nseries + (size_t)s) * (size_t)h->bins + (size_t)b]);
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
    const size_t key = longest(h->series_labels, h->nseries);
    /* screen fractions: the legend's column on the right, the title on top, room for the y
       label (0.04) and y tic labels (0.065) left of each panel, for x tic labels under each row
       and the x label under the last (0.1 in all), for each panel's title above it */
    const double right = 1.0 - (double)(key + 6) * CHAR_PX / CHART_WIDTH, top = 0.91, left = 0.04;
    const double w = (right - left) / cols, ht = (top - 0.01) / rows;
    put_terminal(f, c, "histogram", CHART_WIDTH, CHART_HEIGHT);
    fputs("unset title\nset multiplot title ", f); /* the grid's title is the multiplot's */
    put_quoted(f, c->title);
    fprintf(f, " font ',%d'\n", TITLE_FONT_SIZE);
    fputs("set border lw 1.5\nset grid lc rgb '#c8c8c8' lw 1\nset yrange [0:*]\nset xrange [", f);
    put_number(f, h->lo);
    fputc(':', f);
    put_number(f, h->hi);
    fputs("]\n", f);
    /* the legend, once: right of the grid, drawn by the first panel */
    fprintf(f, "set key at screen 0.99, screen %g right top vertical Right noreverse spacing 1.2 samplen 2\n", top);
    for (int p = 0; p < h->npanels; p++) {
        const int r = p / cols, k = p % cols, last_row = r == rows - 1;
        fprintf(f, "# panel %d\nset lmargin at screen %g\nset rmargin at screen %g\n", p, left + k * w + 0.065,
                left + (k + 1) * w - 0.015);
        fprintf(f, "set tmargin at screen %g\nset bmargin at screen %g\n", top - r * ht - (r ? 0.08 : 0.04),
                top - (r + 1) * ht + (last_row ? 0.1 : 0.04));
        if (last_row) put_label_line(f, "set xlabel", c->xlabel, "");
        else fputs("unset xlabel\n", f);
        if (k == 0) put_label_line(f, "set ylabel", c->ylabel, "");
        else fputs("unset ylabel\n", f);
        put_label_line(f, "set title", h->panel_titles ? h->panel_titles[p] : NULL, "");
        fputs("plot \\\n", f);
        for (int s = 0; s < h->nseries; s++) {
            if (s) fputs(", \\\n", f);
            put_source(f, c->name, p * h->nseries + s);
            fprintf(f, " using 1:2 with histeps lw %d lc rgb '%s' ", LINE_WIDTH, ts_palette(s));
            if (p == 0 && h->series_labels && has_text(h->series_labels[s])) {
                fputs("title ", f);
                put_quoted(f, h->series_labels[s]);
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
    if (check_chart(c) != TS_OK) return TS_ERR;
    if (npanels < 1 || npanels > 8 || nseries < 1 || nseries > PALETTE_SIZE || bins < 1)
        return ts_fail("chart %s: a histogram grid needs 1 to 8 panels, 1 to %d series and bins >= 1, got %d, %d, %d",
                       c->name, PALETTE_SIZE, npanels, nseries, bins);
    if (!fraction) return ts_fail("chart %s: fraction is NULL", c->name);
    if (!(isfinite(lo) && isfinite(hi) && lo < hi))
        return ts_fail("chart %s: the histogram range must be finite with lo < hi, got [%g, %g]", c->name, lo, hi);
    if (c->logx || c->logy) return ts_fail("chart %s: a histogram grid has no log axes", c->name);
    const histograms_ctx ctx = {c, npanels, nseries, bins, panel_titles, series_labels, lo, hi, fraction};
    return write_chart(c, write_histograms_data, write_histograms_script, &ctx, rendered);
}

/* ------------------------------------------------------------ image grids */

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
    write_data_header(f, m->c, "image");
    fprintf(f, ".\n# A %d × %d grid of %d×%d images as one matrix, gutters of %d pixels at the value %g (white).\n",
            m->rows, m->cols, m->h, m->w, GUTTER, (double)m->hi);
    for (int y = 0; y < mosaic_height(m); y++) {
        const int r = y / (m->h + GUTTER), i = y % (m->h + GUTTER);
        for (int x = 0; x < mosaic_width(m); x++) {
            const int k = x / (m->w + GUTTER), j = x % (m->w + GUTTER);
            const float v = i < m->h && j < m->w ? m->pixels[((size_t)(r * m->cols + k) * m->h + i) * m->w + j] : m->hi;
            if (x) fputc(' ', f);
            put_number(f, v);
        }
        fputc('\n', f);
    }
    return TS_OK;
}

/* Labels at the tile centres: rows right-aligned left of the grid, columns centred above it
   (labels rather than tics: a tic of length 0 still leaves a dot). */
static void put_tile_labels(FILE *f, const char *const *labels, int n, int size, int rows) {
    for (int k = 0; labels && k < n; k++) {
        if (!has_text(labels[k])) continue;
        const double centre = k * (size + GUTTER) + (size - 1) / 2.0;
        fputs("set label ", f);
        put_quoted(f, labels[k]);
        if (rows) fprintf(f, " at first -%d, first %g right\n", GUTTER + 1, centre);
        else fprintf(f, " at first %g, first -%d center\n", centre, GUTTER + 2);
    }
}

static int write_images_script(FILE *f, const void *ctx_) {
    const images_ctx *m = ctx_;
    const size_t row_label = longest(m->row_labels, m->rows);
    const int left = m->row_labels ? (int)row_label * CHAR_PX + 40 : 40, top = m->col_labels ? 150 : 100;
    const int grid = m->cols * TILE_PX, height = top + m->rows * TILE_PX * m->h / m->w + 40;
    /* gnuplot centres the title on the grid: the picture must reach half a title past its middle */
    const int title = has_text(m->c->title) ? (int)strlen(m->c->title) * CHAR_PX * TITLE_FONT_SIZE / FONT_SIZE : 0;
    int width = left + grid + 40;
    if (width < left + grid / 2 + title / 2 + 20) width = left + grid / 2 + title / 2 + 20;
    put_terminal(f, m->c, "image", width, height);
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
    put_quoted(f, dat);
    fputs(" matrix with image pixels\n", f);
    return TS_OK;
}

int ts_chart_images(const ts_chart *c, int rows, int cols, int h, int w, const float *pixels, float lo, float hi,
                    const char *const *row_labels, const char *const *col_labels, int *rendered) {
    if (rendered) *rendered = 0;
    if (check_chart(c) != TS_OK) return TS_ERR;
    if (rows < 1 || cols < 1 || h < 1 || w < 1)
        return ts_fail("chart %s: an image grid needs rows, columns and image sizes >= 1, got %d, %d, %d×%d", c->name,
                       rows, cols, h, w);
    if (!pixels) return ts_fail("chart %s: pixels is NULL", c->name);
    if (!(isfinite(lo) && isfinite(hi) && lo < hi))
        return ts_fail("chart %s: the grey range must be finite with lo < hi, got [%g, %g]", c->name, (double)lo,
                       (double)hi);
    if (c->logx || c->logy) return ts_fail("chart %s: an image grid has no axis to put on a log scale", c->name);
    const images_ctx ctx = {c, rows, cols, h, w, pixels, lo, hi, row_labels, col_labels};
    return write_chart(c, write_images_data, write_images_script, &ctx, rendered);
}
