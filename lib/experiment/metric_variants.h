/* Measurements of one network as the variants of a study, so that a verdict can compare them.
 *
 * A study's after_run hook may measure each trained network several ways: lesson 3
 * evaluates one network in eval() and in train() mode, at two test batch sizes, and records
 * ("test", "eval_mode_batch100"), ("test", "train_mode_batch2"), ... A verdict compares
 * variants, so those metrics are regrouped into a study of their own whose variant names
 * are the metric names:
 *
 *   static const ts_variant MODES[] = {{"eval_mode_batch100", "eval(), batch 100", NULL},
 *                                      {"train_mode_batch2", "train(), batch 2", NULL}};
 *   ts_study modes = {.name = "pitfall-modes", .title = "...", .variants = MODES, .nvariants = 2};
 *   ts_study_metric_variants(&modes, &pitfall, 0, "test", "accuracy");
 *   ts_verdict_report(L, &report, &modes, &FORGETTING_EVAL);  // reads ("test", "accuracy")
 *   ts_study_free(&modes);
 *
 * Seed k of variant i is seed k of the same trained network, so TS_CHANGE arms pair them. */
#ifndef TS_METRIC_VARIANTS_H
#define TS_METRIC_VARIANTS_H

#include "ablation.h"

/* Fills out->records and out->seeds: for each of out's variants i and each seed k, the rows
 * (split, out->variants[i].name) of s's variant v, seed k, renamed (split, as). out's name,
 * title, variants and nvariants are the caller's. TS_OK, or TS_ERR (out of memory). */
int ts_study_metric_variants(ts_study *out, const ts_study *s, int v, const char *split, const char *as);

#endif
