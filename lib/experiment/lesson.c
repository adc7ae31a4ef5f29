/* The lesson program around the studies (ablation.h): its flags and presets, its data, its
 * main(), and what it says — on stdout, and at the top of REPORT.md. */
#include "ablation.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../core/blas_core.h"
#include "../core/cli.h"
#include "../core/error.h"
#include "../core/files.h"
#include "../core/threads.h"
#include "../core/timer.h"
#include "../plot/chart.h"
#include "part.h"

void ts_say(ts_lesson *L, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vfprintf(L->narration, fmt, ap);
    va_end(ap);
    fflush(L->narration);
}

int ts_lesson_report_open(ts_lesson *L, ts_report *r, const char *title, int section, const char *program,
                          const char *fmt, ...) {
    if (ts_report_open(r, L->out_dir, title) != TS_OK) return TS_ERR;
    ts_say(L, "%s (seed section %d)\npreset %s: %d seed%s per variant, %d threads, data %s\n", title, section,
           L->preset_name, L->seeds, L->seeds > 1 ? "s" : "", L->threads, L->data_dir);
    ts_report_printf(r, "Seed section %d. Produced by `%s`, preset **%s**, %d seed%s per variant, on Fashion-MNIST "
                        "(`%s`). Values are mean ± standard deviation over seeds. A verdict compares variants by Welch's "
                        "two-sided t-test (Holm-corrected across its comparisons): a difference counts when p < 0.05, "
                        "and with fewer than 3 seeds a verdict is only indicative. Raw numbers: `runs.csv`, "
                        "`summary.csv`; setup: `config`.",
                     section, program, L->preset_name, L->seeds, L->seeds > 1 ? "s" : "", L->data_dir);
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        char extra[1024];
        vsnprintf(extra, sizeof extra, fmt, ap);
        va_end(ap);
        ts_report_printf(r, " %s", extra);
    }
    char machine[512];
    ts_blas_describe(machine, sizeof machine);
    ts_report_printf(r, "\n\nMachine: %s.\n", machine);
    return TS_OK;
}

int ts_lesson_finish(ts_lesson *L, ts_report *r, int status) {
    if (status != TS_OK) {
        ts_report_discard(r); /* the last complete report stays, and the finished runs' records */
        return status;
    }
    if (ts_report_close(r) != TS_OK || (L->part > 0 && ts_lesson_part_end(L) != TS_OK)) return TS_ERR;
    ts_say(L, "\nWrote %s/REPORT.md, runs.csv, summary.csv, config and the charts (%s).\n", L->out_dir,
           ts_gnuplot_available() ? ".png with .dat and .gp"
                                  : "gnuplot missing: .dat and .gp only — run gnuplot on each .gp");
    return TS_OK;
}

int ts_lesson_init(ts_lesson *L, const char *id, const char *description, int argc, char **argv) {
    const char *preset = "quick";
    *L = (ts_lesson){.id = id, .seeds = 0, .threads = 2, .narration = stdout, .started = ts_now()};
    const ts_option opts[] = {
        {"preset", TS_OPT_STRING, &preset, {0}, "smoke (seconds), quick (a few minutes) or full (what results/ holds)"},
        {"seeds", TS_OPT_INT, &L->seeds, {0, 100},
         "seeds per variant (0: the preset's: 1 smoke, 2 quick, 3 full, unless the lesson says otherwise)"},
        {"epochs", TS_OPT_INT, &L->epochs, {0, INT_MAX}, "epochs of every run (0: the preset's)"},
        {"train-size", TS_OPT_INT, &L->train_size, {0, INT_MAX}, "training samples of every run (0: the preset's)"},
        {"batch-size", TS_OPT_INT, &L->batch_size, {0, INT_MAX}, "mini-batch size of every run (0: the preset's)"},
        {"threads", TS_OPT_INT, &L->threads, {1, TS_MAX_THREADS}, "threads for OpenMP (and OpenBLAS)"},
        {"data", TS_OPT_STRING, &L->data_dir, {0},
         "IDX data directory (default $TRAINSKILL_DATA or " TS_DEFAULT_DATA_DIR ")"},
        {"out", TS_OPT_STRING, &L->out_dir, {0},
         "output directory (default results/<lesson> for full, build/results/<lesson> otherwise)"},
        {"fresh", TS_OPT_FLAG, &L->fresh, {0}, "retrain every run instead of reusing finished ones"},
        {"quiet", TS_OPT_FLAG, &L->quiet, {0}, "no progress bars"},
        {"pause", TS_OPT_FLAG, &L->pause, {0},
         "classroom mode: wait for Enter after each part's question (predict first) and after its verdicts "
         "and charts; waits only when stdin is a terminal"},
    };
    const int nopts = (int)(sizeof opts / sizeof *opts);
    switch (ts_parse_options(argc, argv, opts, nopts)) {
    case TS_CLI_HELP:
        ts_print_usage(stdout, id, description, opts, nopts);
        return 1;
    case TS_CLI_ERROR: return TS_ERR;
    }
    if (!strcmp(preset, "smoke")) L->preset = TS_SMOKE;
    else if (!strcmp(preset, "quick")) L->preset = TS_QUICK;
    else if (!strcmp(preset, "full")) L->preset = TS_FULL;
    else return ts_fail("--preset must be smoke, quick or full, got '%s'", preset);
    L->preset_name = preset;
    /* committed results are the full preset's; quicker presets write beside the build */
    if (!L->out_dir) {
        snprintf(L->out_default, sizeof L->out_default, "%sresults/%s", L->preset == TS_FULL ? "" : "build/", id);
        L->out_dir = L->out_default;
    }
    L->seeds_given = L->seeds != 0;
    if (L->seeds == 0) L->seeds = ts_by_preset(L, 1, 2, 3);
    if (L->batch_size == 1) return ts_fail("--batch-size 1 cannot train BatchNorm (one value per channel)");
    if (ts_set_threads(L->threads) != TS_OK) return TS_ERR;
    if (ts_make_dirs(L->out_dir) != TS_OK) return TS_ERR;
    const char *dir = ts_data_dir(L->data_dir);
    L->data_dir = dir;
    if (ts_dataset_load(&L->train, dir, "train") != TS_OK) return TS_ERR;
    if (ts_dataset_load(&L->test, dir, "t10k") != TS_OK) {
        ts_dataset_free(&L->train);
        return TS_ERR;
    }
    ts_catch_interrupt();
    return TS_OK;
}

int ts_lesson_main(int argc, char **argv, const char *id, const char *description, int (*run)(ts_lesson *L)) {
    if (ts_blas_ensure_best_core(argv) != TS_OK) fprintf(stderr, "trainskill: warning: %s\n", ts_error());
    ts_lesson L;
    const int status = ts_lesson_init(&L, id, description, argc, argv);
    if (status == 1) return EXIT_SUCCESS; /* --help */
    if (status != TS_OK) {
        fprintf(stderr, "trainskill: %s\n", ts_error());
        return EXIT_FAILURE;
    }
    int code = EXIT_SUCCESS;
    if (run(&L) != TS_OK) {
        fprintf(stderr, "trainskill: %s%s\n", ts_error(),
                ts_interrupted() ? " — finished runs are kept; run again to complete the lesson" : "");
        code = ts_interrupted() ? 130 : EXIT_FAILURE;
    }
    ts_lesson_free(&L);
    return code;
}

void ts_lesson_free(ts_lesson *L) {
    ts_dataset_free(&L->train);
    ts_dataset_free(&L->test);
}

void ts_lesson_set_seeds(ts_lesson *L, int smoke, int quick, int full) {
    if (!L->seeds_given) L->seeds = ts_by_preset(L, smoke, quick, full);
}

int ts_by_preset(const ts_lesson *L, int smoke, int quick, int full) {
    return L->preset == TS_SMOKE ? smoke : L->preset == TS_QUICK ? quick : full;
}
