/* Running a study (ablation.h): each variant × seed is trained, or loaded from the record a
 * previous invocation saved when its configuration is unchanged (the run cache). */
#include "ablation.h"

#include <stdlib.h>

#include "../core/error.h"
#include "../core/files.h"
#include "../core/timer.h"

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
    int reused = 0;
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
                    reused++;
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
    /* a teacher replaying a finished lesson (--out results/lesson-N) sees that nothing trained */
    if (reused) ts_say(L, "  %s: %d of %d runs replayed from %s\n", s->name, reused, s->nvariants * s->seeds, dir);
    return TS_OK;
}

void ts_study_free(ts_study *s) {
    for (int i = 0; s->records && i < s->nvariants * s->seeds; i++) ts_record_free(&s->records[i]);
    free(s->records);
    s->records = NULL;
}
