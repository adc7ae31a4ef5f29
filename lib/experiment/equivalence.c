#include "equivalence.h"

#include <math.h>

double ts_judgement_bound(const ts_judgement *j, int arm) {
    const ts_welch *w = &j->test[arm];
    return isnan(w->lo) ? NAN : fmax(fabs(w->lo), fabs(w->hi));
}

ts_outcome ts_verdict_report_equivalence(ts_lesson *L, ts_report *r, const ts_study *s, const ts_verdict *v) {
    const ts_outcome outcome = ts_verdict_report(L, r, s, v);
    const ts_judgement j = ts_verdict_judge(s, v);
    const double scale = v->measure.scale ? v->measure.scale : 1.0;
    const int digits = v->measure.digits ? v->measure.digits : 1;
    const char *unit = ts_measure_difference_unit(&v->measure);
    for (int i = 0; i < v->narms; i++) {
        const ts_welch *w = &j.test[i];
        if (isnan(w->lo)) continue;
        const char *arm = s->variants[v->arms[i].variant].label;
        if (j.direction[i])
            ts_report_verdict(r, "  %s: the difference lies between %+.*f and %+.*f %s (95%% CI).\n\n", arm, digits,
                              w->lo * scale, digits, w->hi * scale, unit);
        else
            ts_report_verdict(r, "  What the data exclude (%s): the 95%% CI of the difference is [%+.*f, %+.*f] %s — "
                                 "these %d seeds exclude a difference larger than %.*f %s either way, not a smaller "
                                 "one.\n\n",
                              arm, digits, w->lo * scale, digits, w->hi * scale, unit, j.min_n, digits,
                              ts_judgement_bound(&j, i) * scale, unit);
        ts_say(L, "    %s: |difference| %s %.*f %s (95%% CI)\n", arm, j.direction[i] ? "up to" : "excluded beyond",
               digits, ts_judgement_bound(&j, i) * scale, unit);
    }
    return outcome;
}
