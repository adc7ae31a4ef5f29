/* A claim of no effect — "accumulation trains like the large batch" — is a verdict with
 * .expect = 0 (verdict.h). Such a verdict can only fail to find a difference: with a few
 * seeds a real difference of a point may hide in the seed-to-seed noise, and "no
 * difference beyond the noise" alone does not say how large a difference was ruled out.
 * The 95% confidence interval does (Schuirmann 1987's two one-sided tests read the same
 * interval, at 90%): differences outside it are excluded at these seeds, those inside
 * are not.
 *
 *   ts_verdict_report_equivalence(L, &report, &study, &SAME);
 *
 * reports the verdict (ts_verdict_report) and under it, per arm, what the data exclude:
 * "the 95% CI of the difference is [−0.31, +0.27] points: these 5 seeds exclude a
 * difference larger than 0.31 points either way, not a smaller one." — or, where the arm
 * does differ, between which bounds the difference lies. */
#ifndef TS_EQUIVALENCE_H
#define TS_EQUIVALENCE_H

#include "verdict.h"

/* The largest |difference| the 95% CI of arm i allows: max(|lo|, |hi|); NAN without a test. */
double ts_judgement_bound(const ts_judgement *j, int arm);

ts_outcome ts_verdict_report_equivalence(ts_lesson *L, ts_report *r, const ts_study *s, const ts_verdict *v);

#endif
