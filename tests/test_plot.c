/* Charts: the files ts_chart_* write, and what gnuplot makes of them.
 *
 * Each test writes into a fresh mkdtemp directory (a checked fixture makes and removes it).
 * The .dat is parsed back and must hold exactly the numbers given (NaN included: the
 * shortest round-trip formatting must not lose a bit); the .gp must name only name.dat and
 * name.png, no directory, so `gnuplot name.gp` run by hand in that directory redraws the
 * same picture byte for byte. With gnuplot installed the .png must be a PNG; without it,
 * rendered = 0 and TS_OK. The failure and "not installed" paths are tested everywhere with
 * a fake `gnuplot` (a shell script) first on PATH. */
#include <dirent.h>
#include <ftw.h> /* FTW_DEPTH needs _GNU_SOURCE, which the Makefile defines */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/core/error.h"
#include "../lib/plot/chart.h"
#include "tests.h"

/* ---- a temporary directory per test */

static char tmpdir[64];

static void tmp_setup(void) {
    strcpy(tmpdir, "/tmp/trainskill-plot-XXXXXX");
    ck_assert_msg(mkdtemp(tmpdir) != NULL, "mkdtemp failed");
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) { return remove(path); }

static void tmp_teardown(void) { nftw(tmpdir, remove_entry, 8, FTW_DEPTH | FTW_PHYS); }

/* "<tmpdir>/<name>" (a static buffer per slot, so two can be used at once). */
static const char *tmp_path(int slot, const char *name) {
    static char buf[4][512];
    snprintf(buf[slot], sizeof buf[slot], "%s/%s", tmpdir, name);
    return buf[slot];
}

/* The whole file, NUL-terminated (*len without the NUL); NULL when it cannot be read. */
static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n - 1 == 0) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

static int file_exists(const char *path) { return access(path, F_OK) == 0; }

static void expect_png(const char *path) {
    size_t n = 0;
    char *png = slurp(path, &n);
    ck_assert_msg(png != NULL, "%s: not written", path);
    ck_assert_msg(n > 1000 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0, "%s: not a PNG (%zu bytes)", path, n);
    free(png);
}

/* ---- reading name.dat back */

enum { MAX_BLOCKS = 8, MAX_ROWS = 16, MAX_COLS = 4 };

typedef struct {
    int nblocks, nrows[MAX_BLOCKS], ncols;
    double v[MAX_BLOCKS][MAX_ROWS][MAX_COLS];
} table;

/* Blocks are separated by two blank lines (gnuplot's `index`); '#' lines are comments. */
static table read_dat(const char *path) {
    table t = {0};
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "%s: not written", path);
    int blank = 0, block = -1;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '\n') {
            blank++;
            continue;
        }
        if (line[0] == '#') continue;
        if (block < 0 || blank >= 2) {
            block++;
            ck_assert_int_lt(block, MAX_BLOCKS);
        }
        ck_assert_msg(blank == 0 || blank >= 2, "%s: a single blank line inside block %d", path, block);
        blank = 0;
        int col = 0;
        char *p = line, *end;
        for (;;) {
            const double x = strtod(p, &end);
            if (end == p) break;
            ck_assert_int_lt(col, MAX_COLS);
            t.v[block][t.nrows[block]][col++] = x;
            p = end;
        }
        ck_assert_msg(*p == '\n' || *p == '\0', "%s: junk in a data line: %s", path, line);
        ck_assert_msg(t.ncols == 0 || t.ncols == col, "%s: ragged columns", path);
        t.ncols = col;
        t.nrows[block]++;
        ck_assert_int_lt(t.nrows[block], MAX_ROWS);
    }
    fclose(f);
    t.nblocks = block + 1;
    return t;
}

static void expect_same(double got, double want, const char *what, int block, int row) {
    ck_assert_msg((isnan(got) && isnan(want)) || got == want, "%s, block %d row %d: read %.17g, wrote %.17g", what,
                  block, row, got, want);
}

/* ---- a small line chart: series 0 with a band and a NaN (a diverged seed), series 1
   dashed without a band; numbers that need all 17 digits */

enum { NPTS = 4 };
static const double X[NPTS] = {1, 2, 3, 1e6};
static const double M0[NPTS] = {0.1, 1.0 / 3.0, NAN, -2.5e-300};
static const double LO0[NPTS] = {0.05, 0.3, NAN, -3e-300};
static const double HI0[NPTS] = {0.15, 0.35, NAN, 1e-300};
static const double M1[NPTS] = {2.0, 1.5, 1.25, 123456789.123456789};

static int draw_lines(const char *name, const char *label0, int *rendered) {
    const ts_series s[2] = {
        {.label = label0, .color = 0, .npoints = NPTS, .x = X, .mean = M0, .lo = LO0, .hi = HI0},
        {.label = "test loss", .color = 11, .dashed = 1, .npoints = NPTS, .x = X, .mean = M1},
    };
    const ts_chart c = {.dir = tmpdir, .name = name, .title = "Loss", .xlabel = "epoch", .ylabel = "loss (nats)"};
    return ts_chart_lines(&c, s, 2, rendered);
}

START_TEST(lines_dat_reads_back_exactly) {
    ck_assert_msg(draw_lines("loss", "train", NULL) == TS_OK, "%s", ts_error());
    const table t = read_dat(tmp_path(0, "loss.dat"));
    ck_assert_int_eq(t.nblocks, 2);
    ck_assert_int_eq(t.ncols, 4);
    for (int b = 0; b < 2; b++) {
        ck_assert_int_eq(t.nrows[b], NPTS);
        for (int k = 0; k < NPTS; k++) {
            expect_same(t.v[b][k][0], X[k], "x", b, k);
            expect_same(t.v[b][k][1], b ? M1[k] : M0[k], "mean", b, k);
            expect_same(t.v[b][k][2], b ? NAN : LO0[k], "lo", b, k); /* no band: NaN */
            expect_same(t.v[b][k][3], b ? NAN : HI0[k], "hi", b, k);
        }
    }
    char *dat = slurp(tmp_path(0, "loss.dat"), NULL);
    ck_assert_msg(strstr(dat, "\n1 0.1 0.05 0.15\n") != NULL, "0.1 should be written as 0.1:\n%s", dat);
    free(dat);
}
END_TEST

START_TEST(lines_script_names_only_its_own_files) {
    ck_assert_msg(draw_lines("loss", "train", NULL) == TS_OK, "%s", ts_error());
    char *gp = slurp(tmp_path(0, "loss.gp"), NULL);
    ck_assert_ptr_nonnull(gp);
    ck_assert_msg(strstr(gp, "set output 'loss.png'"), "no output name.png:\n%s", gp);
    ck_assert_msg(strstr(gp, "'loss.dat' index 1"), "no name.dat index 1:\n%s", gp);
    ck_assert_msg(!strstr(gp, tmpdir) && !strstr(gp, "cd "), "the script must not name or enter a directory");
    ck_assert_msg(strstr(gp, "pngcairo size 1280,800"), "not projector-sized:\n%s", gp);
    ck_assert_msg(strstr(gp, "filledcurves") && strstr(gp, "dt 2"), "no band or no dashed line:\n%s", gp);
    ck_assert_msg(strstr(gp, ts_palette(11)), "colour 11 should be palette entry %s", ts_palette(11));
    free(gp);
    /* no temporary files (.loss.dat.XXXXXX) left behind */
    DIR *d = opendir(tmpdir);
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        ck_assert_msg(e->d_name[0] != '.' || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."), "left behind: %s",
                      e->d_name);
    closedir(d);
}
END_TEST

/* With gnuplot: the PNG, and `gnuplot loss.gp` run by hand in the directory redraws it. */
START_TEST(lines_render_and_rerun_by_hand) {
    int rendered = -1;
    ck_assert_msg(draw_lines("loss", "train", &rendered) == TS_OK, "%s", ts_error());
    if (!ts_gnuplot_available()) {
        ck_assert_int_eq(rendered, 0);
        ck_assert(!file_exists(tmp_path(0, "loss.png")));
        return;
    }
    ck_assert_int_eq(rendered, 1);
    expect_png(tmp_path(0, "loss.png"));
    size_t n1 = 0, n2 = 0;
    char *first = slurp(tmp_path(0, "loss.png"), &n1);
    ck_assert_int_eq(rename(tmp_path(0, "loss.png"), tmp_path(1, "first.png")), 0);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "cd '%s' && gnuplot loss.gp", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
    char *again = slurp(tmp_path(0, "loss.png"), &n2);
    ck_assert_msg(again && n1 == n2 && memcmp(first, again, n1) == 0, "re-running loss.gp drew a different picture");
    free(first);
    free(again);
}
END_TEST

/* Quotes, underscores, backslashes, backquotes (command substitution in gnuplot's
   double-quoted strings), '@' (macros), a newline: in labels, title and the file name. */
START_TEST(awkward_labels_and_names) {
    const char *label = "it's \"lr_max\" = 1e-3 \\ `date` @x\nnext line";
    int rendered = -1;
    ck_assert_msg(draw_lines("it's a_chart", label, &rendered) == TS_OK, "%s", ts_error());
    char *gp = slurp(tmp_path(0, "it's a_chart.gp"), NULL);
    ck_assert_ptr_nonnull(gp);
    ck_assert_msg(strstr(gp, "title 'it''s \"lr_max\" = 1e-3 \\ `date` @x next line'"), "label not quoted:\n%s", gp);
    ck_assert_msg(strstr(gp, "'it''s a_chart.dat'") && strstr(gp, "set output 'it''s a_chart.png'"), "%s", gp);
    ck_assert_msg(strstr(gp, "noenhanced"), "underscores would become subscripts");
    free(gp);
    ck_assert(file_exists(tmp_path(0, "it's a_chart.dat")));
    ck_assert_int_eq(rendered, ts_gnuplot_available());
    if (rendered) expect_png(tmp_path(0, "it's a_chart.png"));
}
END_TEST

/* Every run diverged: nothing to autoscale on, yet the chart is drawn (and says why it is
   empty) rather than gnuplot failing with "all points y value undefined". */
START_TEST(all_nan_still_draws) {
    const double x[3] = {1, 2, 3}, m[3] = {NAN, INFINITY, NAN};
    const ts_series s = {.label = "diverged", .npoints = 3, .x = x, .mean = m};
    const ts_chart c = {.dir = tmpdir, .name = "nan", .title = "lr = 10", .xlabel = "epoch", .ylabel = "loss",
                        .logy = 1};
    int rendered = -1;
    ck_assert_msg(ts_chart_lines(&c, &s, 1, &rendered) == TS_OK, "%s", ts_error());
    ck_assert_int_eq(rendered, ts_gnuplot_available());
    const table t = read_dat(tmp_path(0, "nan.dat"));
    ck_assert(isnan(t.v[0][1][1])); /* infinity is written as NaN too */
}
END_TEST

START_TEST(bars_dat_and_render) {
    const char *groups[] = {"batch 32", "batch_\"128\""}, *bars[] = {"SGD", "Adam's"};
    const int colors[] = {3, 4};
    const double mean[] = {0.91, NAN, 0.875, 0.9}, err[] = {0.01, NAN, 0.02, 0.005};
    const ts_chart c = {.dir = tmpdir, .name = "acc", .title = "Test accuracy", .xlabel = "batch size",
                        .ylabel = "accuracy"};
    int rendered = -1;
    ck_assert_msg(ts_chart_bars(&c, groups, 2, bars, colors, 2, mean, err, &rendered) == TS_OK, "%s", ts_error());
    const table t = read_dat(tmp_path(0, "acc.dat"));
    ck_assert_int_eq(t.nblocks, 2); /* a block per bar */
    ck_assert_int_eq(t.ncols, 4);
    for (int b = 0; b < 2; b++)
        for (int g = 0; g < 2; g++) {
            expect_same(t.v[b][g][0], g, "group", b, g);
            expect_same(t.v[b][g][1], mean[g * 2 + b], "mean", b, g);
            expect_same(t.v[b][g][2], err[g * 2 + b], "err", b, g);
            expect_same(t.v[b][g][3], strtol(ts_palette(colors[b]) + 1, NULL, 16), "colour", b, g);
        }
    char *gp = slurp(tmp_path(0, "acc.gp"), NULL);
    ck_assert_msg(strstr(gp, "set xtics ('batch 32' 0, 'batch_\"128\"' 1)"), "group labels:\n%s", gp);
    ck_assert_msg(strstr(gp, "title 'Adam''s'") && strstr(gp, "set key outside below"), "legend:\n%s", gp);
    char named[64]; /* the legend's sample shows the bar's colour only when the plot names it */
    snprintf(named, sizeof named, "with boxes lc rgb '%s' title 'Adam''s'", ts_palette(4));
    ck_assert_msg(strstr(gp, named), "bar 1 should be drawn in %s:\n%s", ts_palette(4), gp);
    ck_assert_msg(strstr(gp, "set output 'acc.png'") && strstr(gp, "'acc.dat' index 1"), "%s", gp);
    free(gp);
    ck_assert_int_eq(rendered, ts_gnuplot_available());
    if (rendered) expect_png(tmp_path(0, "acc.png"));
}
END_TEST

/* Optional arguments: no labels, no colours, no error bars. */
START_TEST(bars_minimal) {
    const double mean[] = {1, 2, 3};
    const ts_chart c = {.dir = tmpdir, .name = "plain"};
    int rendered = -1;
    ck_assert_msg(ts_chart_bars(&c, NULL, 3, NULL, NULL, 1, mean, NULL, &rendered) == TS_OK, "%s", ts_error());
    ck_assert_int_eq(rendered, ts_gnuplot_available());
    const table t = read_dat(tmp_path(0, "plain.dat"));
    ck_assert_int_eq(t.nblocks, 1);
    ck_assert(isnan(t.v[0][2][2])); /* no error bar */
}
END_TEST

/* One bar per group is the ordinary bar chart: the categories are named on the x axis (long
   names broken into lines, with room below for them), each bar has its group's colour, there
   is no legend; an accuracy gets its chance line. */
START_TEST(bars_one_per_group_name_their_categories) {
    const char *groups[] = {"dropout 0", "dropout 0.2, element-wise in the convolutions", "warm-up 10% + cosine"};
    const int colors[] = {5, 6, 7};
    const double mean[] = {87.5, 86.25, 37.5}, err[] = {0.5, 0.25, 4};
    const ts_chart c = {.dir = tmpdir, .name = "modes", .title = "Final accuracy", .ylabel = "test accuracy (%)",
                        .hline_label = "chance (10%)", .hline = 10};
    int rendered = -1;
    ck_assert_msg(ts_chart_bars(&c, groups, 3, NULL, colors, 1, mean, err, &rendered) == TS_OK, "%s", ts_error());
    const table t = read_dat(tmp_path(0, "modes.dat"));
    for (int g = 0; g < 3; g++) expect_same(t.v[0][g][3], strtol(ts_palette(colors[g]) + 1, NULL, 16), "colour", 0, g);
    char *gp = slurp(tmp_path(0, "modes.gp"), NULL);
    ck_assert_msg(strstr(gp, "\nunset key") && !strstr(gp, "\nset key"), "a legend would repeat the x axis:\n%s", gp);
    ck_assert_msg(strstr(gp, "'dropout 0' 0, 'dropout 0.2, element-wise' . \"\\n\" . 'in the convolutions' 1"),
                  "the long name should be broken at a space:\n%s", gp);
    ck_assert_msg(strstr(gp, "set bmargin"), "no room for two lines of names:\n%s", gp);
    ck_assert_msg(strstr(gp, "'warm-up 10%% + cosine' 2"), "a tic label is a format: %% must be doubled:\n%s", gp);
    ck_assert_msg(strstr(gp, "lc rgb variable"), "bars not coloured by group:\n%s", gp);
    ck_assert_msg(strstr(gp, "set arrow from graph 0, first 10 to graph 1, first 10") && strstr(gp, "'chance (10%)'"),
                  "no chance line:\n%s", gp);
    free(gp);
    ck_assert_int_eq(rendered, ts_gnuplot_available());
}
END_TEST

/* The script text of a one-series line chart with these x, y and axes (free it). */
static char *lines_script(const double *x, const double *y, int n, int logx, int logy, double ymin, double ymax) {
    const ts_series s = {.label = "loss", .npoints = n, .x = x, .mean = y};
    const ts_chart c = {.dir = tmpdir, .name = "axis", .title = "t", .logx = logx, .logy = logy, .ymin = ymin,
                        .ymax = ymax};
    ck_assert_msg(ts_chart_lines(&c, &s, 1, NULL) == TS_OK, "%s", ts_error());
    return slurp(tmp_path(0, "axis.gp"), NULL);
}

/* Log axes are ticked 10⁻⁵ … 10 (not 0.000010); under two decades 2 and 5 are labelled too. */
START_TEST(log_axes_tick_powers_of_ten) {
    const double x[3] = {1e-5, 1e-2, 10}, y[3] = {2.3, 1.5, 8};
    char *gp = lines_script(x, y, 3, 1, 1, 0, 0);
    ck_assert_msg(strstr(gp, "set xtics ('10⁻⁵' 1") && strstr(gp, "'10⁻²' 0.01") && strstr(gp, "'1' 1,") &&
                      strstr(gp, "'10' 10)"), "x tics:\n%s", gp);
    ck_assert_msg(!strstr(gp, "'2·10⁻⁵'"), "six decades need no 2· labels:\n%s", gp);
    ck_assert_msg(strstr(gp, "set ytics ('1' 1, '2' 2, '' 3 1") && strstr(gp, "'5' 5"), "y tics (one decade):\n%s", gp);
    free(gp);
}
END_TEST

/* Epochs are whole numbers: tics at whole steps (1, 2, 5, 10, …), never 1.5. */
START_TEST(whole_number_axis_has_whole_tics) {
    const double x2[2] = {1, 2}, y2[2] = {0.5, 0.25};
    char *gp = lines_script(x2, y2, 2, 0, 0, 0, 0);
    ck_assert_msg(strstr(gp, "set xtics 1\n"), "two epochs:\n%s", gp);
    free(gp);
    double x[100], y[100];
    for (int i = 0; i < 100; i++) x[i] = i + 1, y[i] = 1.0 / (i + 1);
    gp = lines_script(x, y, 100, 0, 0, 0, 0);
    ck_assert_msg(strstr(gp, "set xtics 10\n"), "a hundred epochs:\n%s", gp);
    free(gp);
    const double xf[2] = {0.5, 1.5};
    gp = lines_script(xf, y2, 2, 0, 0, 0, 0);
    ck_assert_msg(!strstr(gp, "set xtics"), "fractional x keeps gnuplot's tics:\n%s", gp);
    free(gp);
}
END_TEST

/* A y range that cuts off an exploded value says so on the chart, in a corner free of data. */
START_TEST(clipped_values_are_marked) {
    const double x[4] = {1, 2, 3, 4}, y[4] = {2.3, 2.2, 6000, NAN};
    char *gp = lines_script(x, y, 4, 0, 0, 2, 3.5);
    ck_assert_msg(strstr(gp, "set yrange [2:3.5]") && strstr(gp, "off the chart: 1 value above 3.5"), "%s", gp);
    ck_assert_msg(strstr(gp, "at graph 0.03, graph 0.95 left"), "the top left corner is free:\n%s", gp);
    free(gp);
    const double high[4] = {3.4, 3.45, 6000, NAN}; /* now the curve runs through the top left */
    gp = lines_script(x, high, 4, 0, 0, 2, 3.5);
    ck_assert_msg(strstr(gp, "off the chart: 1 value above 3.5' at graph 0.97, graph 0.95 right"),
                  "the note must move to a free corner:\n%s", gp);
    free(gp);
    gp = lines_script(x, y, 2, 0, 0, 2, 3.5);
    ck_assert_msg(!strstr(gp, "off the chart"), "nothing was cut off:\n%s", gp);
    free(gp);
}
END_TEST

/* A series on top of an earlier one is dashed so that both show; one identical to an earlier
   series says so in the legend. Apart, both are solid. */
START_TEST(coinciding_series_stay_visible) {
    const double x[4] = {1, 2, 3, 4}, a[4] = {0.1, 0.1, 0.01, 0.01}, b[4] = {0.01, 0.01, 0.01, 0.01};
    const ts_series s[3] = {{.label = "StepLR", .npoints = 4, .x = x, .mean = a},
                            {.label = "constant 0.01", .color = 1, .npoints = 4, .x = x, .mean = b},
                            {.label = "constant 0.01 again", .color = 2, .npoints = 4, .x = x, .mean = b}};
    const ts_chart c = {.dir = tmpdir, .name = "lr", .title = "lr"};
    ck_assert_msg(ts_chart_lines(&c, s, 3, NULL) == TS_OK, "%s", ts_error());
    char *gp = slurp(tmp_path(0, "lr.gp"), NULL);
    const char *first = strstr(gp, "'lr.dat' index 0"), *second = strstr(gp, "'lr.dat' index 1"),
               *third = strstr(gp, "'lr.dat' index 2");
    ck_assert_ptr_nonnull(first);
    ck_assert_ptr_nonnull(second);
    ck_assert_ptr_nonnull(third);
    ck_assert_msg(strstr(first, "dt 1 ") < second, "the first series is solid:\n%s", gp);
    ck_assert_msg(strstr(second, "dt (10,10)") < third, "the constant runs on StepLR's second half:\n%s", gp);
    ck_assert_msg(strstr(third, "dt (10,10)") && strstr(third, "title 'constant 0.01 again' . ' (= ' . 'constant 0.01' . ')'"),
                  "an identical series says so:\n%s", gp);
    free(gp);
}
END_TEST

/* Every kind of chart with what a lesson can throw at it: a title too long for one line,
   long labels, a NaN and an outlier. It is drawn (with gnuplot), and a long title is broken
   into lines that fit. */
START_TEST(every_chart_type_survives_awkward_input) {
    const char *title = "Overfitting: clean train minus test accuracy at the end of training, mean ± std over five "
                        "seeds, each with its own shuffling and initialisation";
    const char *long_label = "one-cycle with momentum cycled between 0.85 and 0.95, peak lr 0.3 (Smith 2018)";
    const double x[4] = {1, 2, 3, 4}, y[4] = {0.5, NAN, 1e9, 0.25};
    const ts_series series[2] = {{.label = long_label, .npoints = 4, .x = x, .mean = y, .lo = y, .hi = y},
                                 {.label = "short", .color = 1, .npoints = 4, .x = x, .mean = x}};
    const char *groups[3] = {long_label, "NaN", "an outlier"};
    const double bars[3] = {0.5, NAN, 1e9};
    double frac[2 * 2 * 4];
    for (int i = 0; i < 16; i++) frac[i] = i == 5 ? NAN : i == 6 ? 1e9 : 0.25;
    float pixels[2 * 2 * 3 * 3] = {0};
    pixels[4] = NAN;
    pixels[5] = 1e9f;
    const char *kinds[4] = {"lines", "bars", "histograms", "images"};
    for (int k = 0; k < 4; k++) {
        const ts_chart c = {.dir = tmpdir, .name = kinds[k], .title = title, .xlabel = long_label, .ylabel = long_label};
        int rendered = -1, status = TS_ERR;
        if (k == 0) status = ts_chart_lines(&c, series, 2, &rendered);
        if (k == 1) status = ts_chart_bars(&c, groups, 3, NULL, NULL, 1, bars, NULL, &rendered);
        if (k == 2) status = ts_chart_histograms(&c, 2, groups, 2, groups, 4, 0, 1, frac, &rendered);
        if (k == 3) status = ts_chart_images(&c, 2, 2, 3, 3, pixels, 0, 1, groups, groups, &rendered);
        ck_assert_msg(status == TS_OK, "%s: %s", kinds[k], ts_error());
        ck_assert_int_eq(rendered, ts_gnuplot_available());
        char name[32];
        snprintf(name, sizeof name, "%s.gp", kinds[k]);
        char *gp = slurp(tmp_path(0, name), NULL);
        if (k < 3) /* an image grid is made as wide as its title instead */
            ck_assert_msg(strstr(gp, "'Overfitting: clean train minus test accuracy at the end of' . \"\\n\" . "),
                          "%s: the title is not broken into lines:\n%s", kinds[k], gp);
        free(gp);
        snprintf(name, sizeof name, "%s.png", kinds[k]);
        if (rendered) expect_png(tmp_path(0, name));
    }
}
END_TEST

/* Histogram grid: a block per (panel, series) holding bin centres and fractions, one legend
   (series titled in the first panel only), one panel per group, no log axes. */
START_TEST(histograms_dat_and_render) {
    enum { PANELS = 3, SERIES = 2, BINS = 5 };
    const char *panels[] = {"He", "N(0, 0.02)", "Xavier's"}, *series[] = {"layer 1", "layer 20"};
    double frac[PANELS * SERIES * BINS];
    for (int i = 0; i < PANELS * SERIES * BINS; i++) frac[i] = i % 7 == 3 ? NAN : 1.0 / (i + 3);
    const ts_chart c = {.dir = tmpdir, .name = "hist", .title = "Activations", .xlabel = "tanh output",
                        .ylabel = "fraction of values"};
    int rendered = -1;
    ck_assert_msg(ts_chart_histograms(&c, PANELS, panels, SERIES, series, BINS, -1.0, 1.0, frac, &rendered) == TS_OK,
                  "%s", ts_error());
    const table t = read_dat(tmp_path(0, "hist.dat"));
    ck_assert_int_eq(t.nblocks, PANELS * SERIES);
    ck_assert_int_eq(t.ncols, 2);
    for (int k = 0; k < PANELS * SERIES; k++) {
        ck_assert_int_eq(t.nrows[k], BINS);
        for (int b = 0; b < BINS; b++) {
            expect_same(t.v[k][b][0], -1.0 + (b + 0.5) * 0.4, "bin centre", k, b);
            expect_same(t.v[k][b][1], frac[k * BINS + b], "fraction", k, b);
        }
    }
    char *gp = slurp(tmp_path(0, "hist.gp"), NULL);
    ck_assert_msg(strstr(gp, "set multiplot title 'Activations'") && strstr(gp, "set title 'Xavier''s'"), "%s", gp);
    ck_assert_msg(strstr(gp, "'hist.dat' index 5 using 1:2 with histeps"), "%s", gp);
    const char *first = strstr(gp, "title 'layer 20'");
    ck_assert_msg(first && !strstr(first + 1, "title 'layer 20'"), "the legend must be drawn once:\n%s", gp);
    free(gp);
    ck_assert_int_eq(rendered, ts_gnuplot_available());
    if (rendered) expect_png(tmp_path(0, "hist.png"));
    const ts_chart logy = {.dir = tmpdir, .name = "h2", .logy = 1};
    ck_assert_int_eq(ts_chart_histograms(&logy, 1, NULL, 1, NULL, BINS, 0, 1, frac, NULL), TS_ERR);
    ck_assert_int_eq(ts_chart_histograms(&c, 9, NULL, 1, NULL, BINS, 0, 1, frac, NULL), TS_ERR);
    ck_assert_int_eq(ts_chart_histograms(&c, 1, NULL, 1, NULL, BINS, 1, 1, frac, NULL), TS_ERR);
    ck_assert_int_eq(ts_chart_histograms(&c, 1, NULL, 1, NULL, BINS, 0, 1, NULL, NULL), TS_ERR);
}
END_TEST

START_TEST(missing_directory_is_named) {
    const double x = 1, m = 1;
    const ts_series s = {.label = "a", .npoints = 1, .x = &x, .mean = &m};
    const ts_chart c = {.dir = "/nonexistent/trainskill-charts", .name = "loss"};
    int rendered = -1;
    ck_assert_int_eq(ts_chart_lines(&c, &s, 1, &rendered), TS_ERR);
    ck_assert_int_eq(rendered, 0);
    ck_assert_msg(strstr(ts_error(), "/nonexistent/trainskill-charts"), "message: %s", ts_error());
    const ts_chart f = {.dir = "/dev/null", .name = "loss"}; /* not a directory */
    ck_assert_int_eq(ts_chart_bars(&f, NULL, 1, NULL, NULL, 1, &m, NULL, NULL), TS_ERR);
    ck_assert_msg(strstr(ts_error(), "/dev/null"), "message: %s", ts_error());
}
END_TEST

START_TEST(bad_arguments) {
    const double x[2] = {1, 2}, m[2] = {1, 2};
    const ts_series band_without_hi = {.npoints = 2, .x = x, .mean = m, .lo = m};
    const ts_series ok = {.npoints = 2, .x = x, .mean = m};
    const ts_chart c = {.dir = tmpdir, .name = "c"};
    ck_assert_int_eq(ts_chart_lines(&c, &band_without_hi, 1, NULL), TS_ERR);
    ck_assert_int_eq(ts_chart_lines(&c, &ok, 0, NULL), TS_ERR);
    const ts_chart path_name = {.dir = tmpdir, .name = "sub/c"};
    ck_assert_int_eq(ts_chart_lines(&path_name, &ok, 1, NULL), TS_ERR);
    const ts_chart inverted = {.dir = tmpdir, .name = "c", .ymin = 1, .ymax = 0.5};
    ck_assert_int_eq(ts_chart_lines(&inverted, &ok, 1, NULL), TS_ERR);
    const ts_chart logx = {.dir = tmpdir, .name = "c", .logx = 1};
    ck_assert_int_eq(ts_chart_bars(&logx, NULL, 2, NULL, NULL, 1, m, NULL, NULL), TS_ERR);
    ck_assert_int_eq(ts_chart_bars(&c, NULL, 0, NULL, NULL, 1, m, NULL, NULL), TS_ERR);
    ck_assert(!file_exists(tmp_path(0, "c.dat"))); /* nothing written on bad arguments */
}
END_TEST

/* ---- a fake gnuplot first on PATH: the "not installed" and "failed" paths */

/* Makes <tmpdir>/bin/gnuplot with the given shell body (mode: its permissions) and puts
   only <tmpdir>/bin on PATH. Returns the previous PATH (caller restores and frees). */
static char *fake_gnuplot(const char *body, mode_t mode) {
    const char *old = getenv("PATH");
    char *saved = strdup(old ? old : "");
    ck_assert_int_eq(mkdir(tmp_path(0, "bin"), 0755), 0);
    if (body) {
        FILE *f = fopen(tmp_path(0, "bin/gnuplot"), "w");
        fprintf(f, "#!/bin/sh\n%s\n", body);
        fclose(f);
        chmod(tmp_path(0, "bin/gnuplot"), mode);
    }
    setenv("PATH", tmp_path(0, "bin"), 1);
    return saved;
}

static void restore_path(char *saved) {
    setenv("PATH", saved, 1);
    free(saved);
}

START_TEST(without_gnuplot_files_are_still_written) {
    /* A stale picture from an earlier run must not survive: it would show old numbers. */
    FILE *stale = fopen(tmp_path(0, "loss.png"), "w");
    fputs("old", stale);
    fclose(stale);
    char *path = fake_gnuplot("exit 0", 0644); /* not executable: does not count */
    ck_assert_int_eq(ts_gnuplot_available(), 0);
    int rendered = -1;
    const int status = draw_lines("loss", "train", &rendered);
    restore_path(path);
    ck_assert_msg(status == TS_OK, "%s", ts_error());
    ck_assert_int_eq(rendered, 0);
    ck_assert(file_exists(tmp_path(0, "loss.dat")) && file_exists(tmp_path(0, "loss.gp")));
    ck_assert(!file_exists(tmp_path(0, "loss.png")));
}
END_TEST

/* gnuplot runs in the chart directory with name.gp as its argument; a failure is TS_ERR
   with gnuplot's own error line (not the echoed command before it), and no picture. */
START_TEST(gnuplot_failure_is_reported) {
    char *path = fake_gnuplot("[ -f \"$1\" ] && [ -f loss.dat ] || { echo \"wrong directory\" >&2; exit 3; }\n"
                              "echo '  plot sin(x) wiht lines' >&2\n"
                              "echo '               ^' >&2\n"
                              "echo \"\\\"$1\\\" line 7: unexpected or unrecognized token: wiht\" >&2\n"
                              ": > loss.png\nexit 1",
                              0755);
    ck_assert_int_eq(ts_gnuplot_available(), 1);
    int rendered = -1;
    const int status = draw_lines("loss", "train", &rendered);
    restore_path(path);
    ck_assert_int_eq(status, TS_ERR);
    ck_assert_int_eq(rendered, 0);
    ck_assert_msg(strstr(ts_error(), "\"loss.gp\" line 7: unexpected or unrecognized token: wiht"), "message: %s",
                  ts_error());
    ck_assert_msg(strstr(ts_error(), tmpdir), "message should name the directory: %s", ts_error());
    ck_assert(!file_exists(tmp_path(0, "loss.png"))); /* the partial picture is removed */
}
END_TEST

START_TEST(palette_cycles) {
    for (int i = 0; i < 10; i++) {
        const char *c = ts_palette(i);
        ck_assert_msg(strlen(c) == 7 && c[0] == '#' && strspn(c + 1, "0123456789abcdefABCDEF") == 6, "%s", c);
        for (int j = 0; j < i; j++) ck_assert_str_ne(c, ts_palette(j));
    }
    ck_assert_str_eq(ts_palette(10), ts_palette(0));
    ck_assert_str_eq(ts_palette(-1), ts_palette(9));
}
END_TEST

/* An image grid: 2 rows × 3 columns of 2×3 images → a 2·2+2 × 3·3+2·2 = 6 × 13 matrix whose
   tiles hold the pixels where they belong and whose gutters are white (hi). */
START_TEST(image_grid_mosaic) {
    enum { ROWS = 2, COLS = 3, IH = 2, IW = 3 };
    float pixels[ROWS * COLS * IH * IW];
    for (int i = 0; i < ROWS * COLS * IH * IW; i++) pixels[i] = (float)i / 64.0f;
    const char *rows[ROWS] = {"original", "RandomErasing(p=1) 'x'"}, *cols[COLS] = {"a", NULL, "c"};
    const ts_chart c = {.dir = tmpdir, .name = "gallery", .title = "transforms"};
    int rendered;
    ck_assert_msg(ts_chart_images(&c, ROWS, COLS, IH, IW, pixels, 0.0f, 1.0f, rows, cols, &rendered) == TS_OK, "%s",
                  ts_error());
    FILE *f = fopen(tmp_path(0, "gallery.dat"), "r");
    ck_assert_ptr_nonnull(f);
    char line[1024];
    int y = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') continue;
        char *p = line, *end;
        int x = 0;
        for (double v; v = strtod(p, &end), end != p; p = end, x++) {
            const int r = y / (IH + 2), i = y % (IH + 2), k = x / (IW + 2), j = x % (IW + 2);
            const double want = i < IH && j < IW ? pixels[((r * COLS + k) * IH + i) * IW + j] : 1.0;
            ck_assert_msg(v == want, "mosaic (%d, %d): %g, want %g", y, x, v, want);
        }
        ck_assert_int_eq(x, COLS * (IW + 2) - 2);
        y++;
    }
    fclose(f);
    ck_assert_int_eq(y, ROWS * (IH + 2) - 2);
    char *gp = slurp(tmp_path(0, "gallery.gp"), NULL);
    ck_assert_ptr_nonnull(strstr(gp, "'RandomErasing(p=1) ''x''' at first -3, first 4.5 right")); /* row 1's centre: 1·(2 + 2) + 0.5; quotes doubled */
    ck_assert_ptr_nonnull(strstr(gp, "matrix with image"));
    free(gp);
    if (rendered) expect_png(tmp_path(0, "gallery.png"));
    ck_assert_int_eq(ts_chart_images(&c, 0, COLS, IH, IW, pixels, 0, 1, NULL, NULL, NULL), TS_ERR);
    ck_assert_int_eq(ts_chart_images(&c, ROWS, COLS, IH, IW, pixels, 1, 1, NULL, NULL, NULL), TS_ERR);
    ck_assert_ptr_nonnull(strstr(ts_error(), "lo < hi"));
    ck_assert_int_eq(ts_chart_images(&c, ROWS, COLS, IH, IW, NULL, 0, 1, NULL, NULL, NULL), TS_ERR);
}
END_TEST

Suite *suite_plot(void) {
    Suite *s = suite_create("plot");
    TCase *tc = tcase_create("charts");
    tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
    tcase_add_test(tc, lines_dat_reads_back_exactly);
    tcase_add_test(tc, lines_script_names_only_its_own_files);
    tcase_add_test(tc, lines_render_and_rerun_by_hand);
    tcase_add_test(tc, awkward_labels_and_names);
    tcase_add_test(tc, all_nan_still_draws);
    tcase_add_test(tc, bars_dat_and_render);
    tcase_add_test(tc, bars_minimal);
    tcase_add_test(tc, bars_one_per_group_name_their_categories);
    tcase_add_test(tc, log_axes_tick_powers_of_ten);
    tcase_add_test(tc, whole_number_axis_has_whole_tics);
    tcase_add_test(tc, clipped_values_are_marked);
    tcase_add_test(tc, coinciding_series_stay_visible);
    tcase_add_test(tc, every_chart_type_survives_awkward_input);
    tcase_add_test(tc, histograms_dat_and_render);
    tcase_add_test(tc, missing_directory_is_named);
    tcase_add_test(tc, bad_arguments);
    tcase_add_test(tc, without_gnuplot_files_are_still_written);
    tcase_add_test(tc, gnuplot_failure_is_reported);
    tcase_add_test(tc, palette_cycles);
    tcase_add_test(tc, image_grid_mosaic);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(s, tc);
    return s;
}
