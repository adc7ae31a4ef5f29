#include "ablation.h"

#include <limits.h>
#include <math.h>
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

#ifndef TS_VERSION
#define TS_VERSION "unknown"
#endif

/* ------------------------------------------------------------ lesson */

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

void ts_lesson_say_outputs(ts_lesson *L) {
    ts_say(L, "\nWrote %s/REPORT.md, runs.csv, summary.csv, config and the charts (%s).\n", L->out_dir,
           ts_gnuplot_available() ? ".png with .dat and .gp"
                                  : "gnuplot missing: .dat and .gp only — run gnuplot on each .gp");
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

ts_run_config ts_study_config(const ts_lesson *L, const ts_study *s, int v) {
    ts_run_config c = s->base;
    if (L->epochs) c.epochs = L->epochs;
    if (L->train_size) c.train_size = L->train_size;
    if (L->batch_size) c.batch_size = L->batch_size;
    if (s->variants[v].apply) s->variants[v].apply(&c); /* the variant's factor wins */
    if (s->at_init) c.epochs = 0;
    return c;
}

int ts_study_seeds(const ts_lesson *L, const ts_study *s) {
    return L->preset == TS_FULL && s->full_seeds > L->seeds ? s->full_seeds : L->seeds;
}

void ts_lesson_plan(ts_lesson *L, const ts_study *s) { L->runs_total += s->nvariants * ts_study_seeds(L, s); }

/* ------------------------------------------------------------ running a study */

static void record_path(const ts_lesson *L, const ts_study *s, int v, int seed, char *buf, size_t len) {
    snprintf(buf, len, "%s/records/%s/%s-seed%d.csv", L->out_dir, s->name, s->variants[v].name, seed);
}

/* The hash covers everything a run's numbers depend on: configuration, seed, data. */
static uint64_t run_hash(const ts_lesson *L, const ts_run_config *c, int seed, char *desc, size_t len) {
    char config[2048];
    ts_run_config_describe(c, config, sizeof config);
    snprintf(desc, len, "%s seed=%d data=%s threads=%d", config, seed, L->data_dir, L->threads);
    return ts_hash_string(desc);
}

static void overall_line(ts_lesson *L, const ts_study *s, int v, int seed) {
    const double elapsed = ts_now() - L->started;
    char eta[64] = "";
    if (L->runs_done > 0) {
        const long left = (long)(elapsed / L->runs_done * (L->runs_total - L->runs_done));
        snprintf(eta, sizeof eta, ", about %ld:%02ld left", left / 60, left % 60);
    }
    ts_say(L, "  run %d/%d  %-10s %-24s seed %d%s\n", L->runs_done + 1, L->runs_total, s->name,
           s->variants[v].label, seed, eta);
}

int ts_study_run(ts_lesson *L, ts_study *s) {
    s->seeds = ts_study_seeds(L, s);
    s->records = calloc((size_t)s->nvariants * s->seeds, sizeof *s->records);
    if (!s->records) return ts_fail("out of memory");
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/records/%s", L->out_dir, s->name);
    if (ts_make_dirs(dir) != TS_OK) return TS_ERR;
    for (int v = 0; v < s->nvariants; v++)
        for (int k = 0; k < s->seeds; k++) {
            const int seed = k + 1;
            ts_record *rec = &s->records[v * s->seeds + k];
            const ts_run_config c = ts_study_config(L, s, v);
            char path[4400], desc[4096];
            record_path(L, s, v, seed, path, sizeof path);
            const uint64_t hash = run_hash(L, &c, seed, desc, sizeof desc);
            if (!L->fresh) {
                const int loaded = ts_record_load(rec, path, hash);
                if (loaded == TS_ERR) return TS_ERR;
                if (loaded == 1) {
                    L->runs_total--; /* finished earlier: not part of this invocation's work */
                    continue;
                }
            }
            if (ts_interrupted()) return ts_fail("interrupted");
            overall_line(L, s, v, seed);
            char label[128];
            snprintf(label, sizeof label, "    %s seed %d", s->variants[v].name, seed);
            const ts_run_display display = {.label = label, .quiet = L->quiet};
            ts_model *model = NULL;
            const double t0 = ts_now();
            if (ts_run_train(&c, (uint64_t)seed, &L->train, &L->test, &display, rec,
                             s->after_run ? &model : NULL) != TS_OK)
                return TS_ERR;
            if (ts_interrupted()) { /* the run may have stopped early: do not keep it */
                ts_model_free(model);
                return ts_fail("interrupted");
            }
            if (s->after_run && s->after_run(L, &c, model, rec) != TS_OK) {
                ts_model_free(model);
                return TS_ERR;
            }
            ts_model_free(model);
            /* the whole run, evaluations and after_run included: what a re-run costs */
            const double wall = ts_now() - t0;
            s->seconds += wall;
            L->runs_done++;
            if (ts_record_add(rec, c.epochs, 0, "run", "wall_seconds", wall) != TS_OK ||
                ts_record_save(rec, path, hash, desc) != TS_OK)
                return TS_ERR;
        }
    return TS_OK;
}

void ts_study_free(ts_study *s) {
    for (int i = 0; s->records && i < s->nvariants * s->seeds; i++) ts_record_free(&s->records[i]);
    free(s->records);
    s->records = NULL;
}

/* ------------------------------------------------------------ statistics */

ts_stat ts_study_stat(const ts_study *s, int v, const char *split, const char *metric, int epoch) {
    return ts_study_measure(s, v, &(ts_measure){.split = split, .metric = metric, .epoch = epoch,
                                                .reading = epoch < 0 ? TS_READ_FINAL : TS_READ_EPOCH});
}

ts_stat ts_study_epochs_to(const ts_study *s, int v, const char *split, const char *metric, double threshold) {
    double values[128];
    const int n = s->seeds < 128 ? s->seeds : 128;
    for (int k = 0; k < n; k++) {
        const ts_record *r = &s->records[v * s->seeds + k];
        values[k] = NAN;
        for (int e = 1; e <= ts_record_last_epoch(r, split, metric); e++)
            if (ts_record_get(r, split, metric, e) >= threshold) {
                values[k] = e;
                break;
            }
    }
    return ts_stat_of(values, n);
}

void ts_study_measure_values(const ts_study *s, int v, const ts_measure *m, double *values) {
    for (int k = 0; k < s->seeds; k++) values[k] = ts_measure_read(&s->records[v * s->seeds + k], m);
}

ts_stat ts_study_measure(const ts_study *s, int v, const ts_measure *m) {
    double values[s->seeds];
    ts_study_measure_values(s, v, m, values);
    return ts_stat_of(values, s->seeds);
}

ts_stat ts_study_best(const ts_study *s, int v, const char *split, const char *metric) {
    return ts_study_measure(s, v, &(ts_measure){.split = split, .metric = metric, .reading = TS_READ_BEST});
}

ts_stat ts_study_sum(const ts_study *s, int v, const char *split, const char *metric) {
    return ts_study_measure(s, v, &(ts_measure){.split = split, .metric = metric, .reading = TS_READ_SUM});
}

ts_stat ts_study_gap(const ts_study *s, int v, const char *split_a, const char *split_b, const char *metric) {
    return ts_study_measure(s, v, &(ts_measure){.split = split_a, .metric = metric, .reading = TS_READ_GAP,
                                                .minus_split = split_b});
}

int ts_study_diverged(const ts_study *s, int v) {
    int count = 0;
    for (int k = 0; k < s->seeds; k++)
        count += isfinite(ts_record_get(&s->records[v * s->seeds + k], "train", "diverged_step", -1));
    return count;
}

int ts_study_failed(const ts_study *s, int v, double below) {
    int count = 0;
    for (int k = 0; k < s->seeds; k++) {
        const ts_record *rec = &s->records[v * s->seeds + k];
        count += isfinite(ts_record_get(rec, "train", "diverged_step", -1)) ||
                 !(ts_record_get(rec, "test", "accuracy", -1) >= below);
    }
    return count;
}

/* ------------------------------------------------------------ tables */

static void summary_row(FILE *f, const ts_study *s, int v, const char *metric, ts_stat st) {
    fprintf(f, "%s,%s,%s,%.9g,%.9g,%d\n", s->name, s->variants[v].name, metric, st.mean, st.std, st.n);
}

int ts_lesson_write_tables(ts_lesson *L, ts_study *const *studies, int nstudies, double threshold) {
    char path[4200], *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return ts_fail("out of memory");
    fprintf(f, "study,variant,seed,epoch,step,split,metric,value\n");
    for (int i = 0; i < nstudies; i++)
        for (int v = 0; v < studies[i]->nvariants; v++)
            for (int k = 0; k < studies[i]->seeds; k++)
                ts_record_write_csv(&studies[i]->records[v * studies[i]->seeds + k], f, studies[i]->name,
                                    studies[i]->variants[v].name, k + 1);
    fclose(f);
    snprintf(path, sizeof path, "%s/runs.csv", L->out_dir);
    int status = ts_write_buffer_atomic(path, buf, len);
    free(buf);
    if (status != TS_OK) return status;

    f = open_memstream(&buf, &len);
    if (!f) return ts_fail("out of memory");
    fprintf(f, "study,variant,metric,mean,std,n\n");
    char name[64];
    snprintf(name, sizeof name, "epochs_to_test_accuracy_%g", threshold);
    for (int i = 0; i < nstudies; i++) {
        const ts_study *s = studies[i];
        for (int v = 0; v < s->nvariants && !s->at_init; v++) { /* nothing trained at init */
            summary_row(f, s, v, "final_test_accuracy", ts_study_stat(s, v, "test", "accuracy", -1));
            summary_row(f, s, v, "best_test_accuracy", ts_study_best(s, v, "test", "accuracy"));
            summary_row(f, s, v, "final_train_accuracy", ts_study_stat(s, v, "train", "accuracy", -1));
            summary_row(f, s, v, "final_test_loss", ts_study_stat(s, v, "test", "loss", -1));
            summary_row(f, s, v, "train_test_accuracy_gap", ts_study_gap(s, v, "train", "test", "accuracy"));
            if (ts_study_stat(s, v, "train_eval", "accuracy", -1).n > 0) {
                summary_row(f, s, v, "final_train_eval_accuracy", ts_study_stat(s, v, "train_eval", "accuracy", -1));
                summary_row(f, s, v, "train_eval_test_accuracy_gap", ts_study_gap(s, v, "train_eval", "test", "accuracy"));
            }
            summary_row(f, s, v, name, ts_study_epochs_to(s, v, "test", "accuracy", threshold));
            summary_row(f, s, v, "train_seconds", ts_study_sum(s, v, "train", "seconds"));
            fprintf(f, "%s,%s,diverged_runs,%d,0,%d\n", s->name, s->variants[v].name, ts_study_diverged(s, v), s->seeds);
        }
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/summary.csv", L->out_dir);
    status = ts_write_buffer_atomic(path, buf, len);
    free(buf);
    if (status != TS_OK) return status;

    /* config: what produced these files */
    char machine[512];
    ts_blas_describe(machine, sizeof machine);
    f = open_memstream(&buf, &len);
    if (!f) return ts_fail("out of memory");
    fprintf(f, "lesson %s\npreset %s\nseeds %d\nepochs_override %d\ntrain_size_override %d\n"
               "batch_size_override %d\nthreads %d\ndata %s\ntrainskill %s\nmachine %s\n",
            L->id, L->preset_name, L->seeds, L->epochs, L->train_size, L->batch_size, L->threads,
            L->data_dir, TS_VERSION, machine);
    for (int i = 0; i < nstudies; i++)
        for (int v = 0; v < studies[i]->nvariants; v++) {
            const ts_run_config c = ts_study_config(L, studies[i], v);
            char desc[2048];
            ts_run_config_describe(&c, desc, sizeof desc);
            fprintf(f, "run %s/%s %s\n", studies[i]->name, studies[i]->variants[v].name, desc);
        }
    fclose(f);
    snprintf(path, sizeof path, "%s/config", L->out_dir);
    status = ts_write_buffer_atomic(path, buf, len);
    free(buf);
    return status;
}

/* ------------------------------------------------------------ charts */

int ts_study_chart_curves(ts_lesson *L, const ts_study *s, const char *name, const char *title,
                          const char *split, const char *metric, const char *ylabel, int colour_offset) {
    return ts_study_chart_curves_scaled(L, s, name, title, split, metric, 1.0, ylabel, colour_offset);
}

int ts_study_chart_curves_scaled(ts_lesson *L, const ts_study *s, const char *name, const char *title,
                                 const char *split, const char *metric, double scale, const char *ylabel,
                                 int colour_offset) {
    const int nv = s->nvariants;
    int epochs = 0;
    for (int i = 0; i < nv * s->seeds; i++) {
        const int e = ts_record_last_epoch(&s->records[i], split, metric);
        epochs = e > epochs ? e : epochs;
    }
    /* per variant: x, mean, min, max over `epochs` points, and a legend label */
    double *buf = calloc((size_t)nv * 4 * (size_t)(epochs + 1), sizeof *buf);
    ts_series *series = calloc((size_t)nv, sizeof *series);
    char(*labels)[128] = calloc((size_t)nv, sizeof *labels);
    if (!buf || !series || !labels) {
        free(buf);
        free(series);
        free(labels);
        return ts_fail("out of memory");
    }
    for (int v = 0; v < nv; v++) {
        double *x = buf + (size_t)v * 4 * (epochs + 1), *mean = x + epochs + 1, *lo = mean + epochs + 1,
               *hi = lo + epochs + 1;
        for (int e = 1; e <= epochs; e++) {
            const ts_stat st = ts_study_stat(s, v, split, metric, e);
            x[e - 1] = e;
            mean[e - 1] = scale * st.mean;
            lo[e - 1] = scale * st.min;
            hi[e - 1] = scale * st.max;
        }
        /* a diverged run's curve stops where it diverged; the legend says how many did */
        const int diverged = ts_study_diverged(s, v);
        if (diverged) snprintf(labels[v], sizeof labels[v], "%s (%d of %d diverged)", s->variants[v].label, diverged, s->seeds);
        else snprintf(labels[v], sizeof labels[v], "%s", s->variants[v].label);
        series[v] = (ts_series){.label = labels[v], .color = v + colour_offset, .npoints = epochs,
                                .x = x, .mean = mean, .lo = lo, .hi = hi};
    }
    char full_title[256];
    snprintf(full_title, sizeof full_title, "%s (mean of %d seed%s, band: min-max)", title, s->seeds,
             s->seeds > 1 ? "s" : "");
    const ts_chart chart = {.dir = L->out_dir, .name = name, .title = full_title, .xlabel = "epoch", .ylabel = ylabel};
    const int status = ts_chart_lines(&chart, series, nv, NULL);
    free(buf);
    free(series);
    free(labels);
    return status;
}
