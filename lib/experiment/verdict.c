#include "verdict.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ the rule */

ts_judgement ts_verdict_judge_values(const ts_verdict *v, const double *const *values, const int *n) {
    ts_judgement j = {.outcome = TS_UNTESTED, .baseline = ts_stat_of(values[0], n[0])};
    double p[TS_VERDICT_MAX_ARMS];
    j.min_n = j.baseline.n;
    for (int i = 0; i < v->narms; i++) {
        j.arm[i] = ts_stat_of(values[1 + i], n[1 + i]);
        j.test[i] = ts_welch_test(j.arm[i], j.baseline);
        p[i] = j.test[i].p;
        if (j.arm[i].n < j.min_n) j.min_n = j.arm[i].n;
    }
    ts_holm(p, v->narms, j.p_adjusted);
    int tested = 0, expected = 0, opposite = 0, differ = 0;
    for (int i = 0; i < v->narms; i++) {
        if (isnan(j.p_adjusted[i])) continue;
        tested++;
        j.direction[i] = j.p_adjusted[i] < TS_ALPHA ? (j.test[i].diff > 0 ? 1 : -1) : 0;
        differ += j.direction[i] != 0;
        expected += v->expect != 0 && j.direction[i] == v->expect;
        opposite += v->expect != 0 && j.direction[i] == -v->expect;
    }
    j.indicative = j.min_n < 3;
    if (!tested) return j;
    if (v->expect == 0) j.outcome = differ ? TS_CONTRADICTED : TS_CONFIRMED;
    else if (expected && opposite) j.outcome = TS_MIXED;
    else if (expected) j.outcome = TS_CONFIRMED;
    else if (opposite) j.outcome = TS_CONTRADICTED;
    else j.outcome = TS_NO_DIFFERENCE;
    return j;
}

/* Per seed: the measure of the arm's variant, minus that of the same seed's `minus` variant. */
static void arm_values(const ts_study *s, ts_arm arm, const ts_measure *m, double *values) {
    ts_study_measure_values(s, arm.variant, m, values);
    if (arm.minus < 0) return;
    double base[s->seeds];
    ts_study_measure_values(s, arm.minus, m, base);
    for (int k = 0; k < s->seeds; k++) values[k] -= base[k];
}

ts_judgement ts_verdict_judge(const ts_study *s, const ts_verdict *v) {
    double storage[1 + TS_VERDICT_MAX_ARMS][s->seeds];
    const double *values[1 + TS_VERDICT_MAX_ARMS];
    int n[1 + TS_VERDICT_MAX_ARMS];
    for (int i = 0; i <= v->narms; i++) {
        arm_values(s, i == 0 ? v->baseline : v->arms[i - 1], &v->measure, storage[i]);
        values[i] = storage[i];
        n[i] = s->seeds;
    }
    return ts_verdict_judge_values(v, values, n);
}

/* ------------------------------------------------------------ the words */

const char *ts_outcome_name(const ts_verdict *v, ts_outcome o) {
    switch (o) {
    case TS_CONFIRMED: return v->expect == 0 ? "no difference beyond the noise, as claimed" : "confirmed";
    case TS_CONTRADICTED: return "contradicted";
    case TS_MIXED: return "mixed";
    case TS_NO_DIFFERENCE: return "no difference beyond the noise";
    case TS_UNTESTED: return "not testable";
    }
    return "?";
}

void ts_report_verdict_summary(ts_report *r, const ts_study *s, const char *const *questions, const ts_verdict *v,
                               int n) {
    ts_report_printf(r, "| question | claim | verdict |\n|---|---|---|\n");
    for (int i = 0; i < n; i++) {
        const ts_judgement j = ts_verdict_judge(s, &v[i]);
        ts_report_printf(r, "| %s | %s | %s%s |\n", questions[i], v[i].claim,
                         j.indicative && j.outcome != TS_UNTESTED ? "indicative, leaning: " : "",
                         ts_outcome_name(&v[i], j.outcome));
    }
    ts_report_printf(r, "\n");
}

int ts_study_best_variant(const ts_study *s, const int *variants, int n, const ts_measure *m) {
    int best = variants[0];
    for (int i = 1; i < n; i++)
        if (ts_study_measure(s, variants[i], m).mean > ts_study_measure(s, best, m).mean) best = variants[i];
    return best;
}

static const char *outcome_sentence(const ts_verdict *v, ts_outcome o) {
    switch (o) {
    case TS_CONFIRMED: return v->expect == 0 ? v->no_difference : v->confirmed;
    case TS_CONTRADICTED: return v->contradicted;
    case TS_NO_DIFFERENCE: return v->no_difference;
    case TS_MIXED: return "some arms differ from the baseline in the expected direction and some in the other.";
    case TS_UNTESTED: return "fewer than 2 finished runs on a side (a diverged run has no final value), so no test.";
    }
    return "";
}

static void arm_label(const ts_study *s, ts_arm a, char *buf, int len) {
    if (a.minus < 0) snprintf(buf, (size_t)len, "%s", s->variants[a.variant].label);
    else snprintf(buf, (size_t)len, "(%s) − (%s)", s->variants[a.variant].label, s->variants[a.minus].label);
}

static void side_text(const ts_verdict *v, ts_stat st, int seeds, char *buf, int len) {
    const double scale = v->measure.scale ? v->measure.scale : 1.0;
    ts_stat_format(st, scale, v->measure.digits ? v->measure.digits : 1, buf, len);
    if (st.n < seeds) snprintf(buf + strlen(buf), (size_t)len - strlen(buf), " (n = %d)", st.n);
}

static void p_text(double p, char *buf, int len) {
    if (isnan(p)) snprintf(buf, (size_t)len, "n/a");
    else if (p < 0.001) snprintf(buf, (size_t)len, "< 0.001");
    else snprintf(buf, (size_t)len, "%.3f", p);
}

static void difference_text(const ts_verdict *v, const ts_welch *w, char *diff, char *ci, int len) {
    const double scale = v->measure.scale ? v->measure.scale : 1.0;
    const int digits = v->measure.digits ? v->measure.digits : 1;
    snprintf(diff, (size_t)len, "%+.*f", digits, w->diff * scale);
    if (isnan(w->lo)) snprintf(ci, (size_t)len, "n/a");
    else snprintf(ci, (size_t)len, "[%+.*f, %+.*f]", digits, w->lo * scale, digits, w->hi * scale);
}

/* The table: one row per comparison, arm vs baseline. */
static void write_table(ts_report *r, const ts_study *s, const ts_verdict *v, const ts_judgement *j) {
    const char *unit = ts_measure_difference_unit(&v->measure);
    char p_head[64] = "p";
    if (v->narms > 1) snprintf(p_head, sizeof p_head, "p (Holm, %d tests)", v->narms);
    ts_report_printf(r, "| comparison | arm | baseline | difference%s%s%s | 95%% CI | %s | counts |\n"
                        "|---|---|---|---|---|---|---|\n",
                     *unit ? " (" : "", unit, *unit ? ")" : "", p_head);
    char base_label[256], base_text[96];
    arm_label(s, v->baseline, base_label, sizeof base_label);
    side_text(v, j->baseline, s->seeds, base_text, sizeof base_text);
    for (int i = 0; i < v->narms; i++) {
        char label[256], arm_text[96], diff[48], ci[96], p[32];
        arm_label(s, v->arms[i], label, sizeof label);
        side_text(v, j->arm[i], s->seeds, arm_text, sizeof arm_text);
        difference_text(v, &j->test[i], diff, ci, sizeof ci);
        p_text(j->p_adjusted[i], p, sizeof p);
        ts_report_printf(r, "| %s vs %s | %s | %s | %s | %s | %s | %s |\n", label, base_label, arm_text, base_text,
                         diff, ci, p, j->direction[i] ? "yes" : "no");
    }
    ts_report_printf(r, "\n");
}

void ts_report_outcome(ts_report *r, const char *claim, const ts_judgement *j, const char *name, const char *sentence) {
    if (j->indicative && j->outcome != TS_UNTESTED)
        ts_report_verdict(r, "- **%s** — *indicative (n = %d), not a finding*: the data lean towards \"%s\": %s "
                             "Three or more seeds (`--preset full`) give a verdict.\n\n",
                          claim, j->min_n, name, sentence);
    else
        ts_report_verdict(r, "- **%s** — **%s**: %s\n\n", claim, name, sentence);
}

ts_outcome ts_verdict_report(ts_lesson *L, ts_report *r, const ts_study *s, const ts_verdict *v) {
    const ts_judgement j = ts_verdict_judge(s, v);
    const char *expect = v->expect > 0 ? "higher in the arm" : v->expect < 0 ? "lower in the arm" : "no difference";
    ts_report_printf(r, "**Claim: %s.** Measure: %s; the note's direction: %s.\n\n", v->claim, v->measure.name, expect);
    write_table(r, s, v, &j);
    const char *name = ts_outcome_name(v, j.outcome), *sentence = outcome_sentence(v, j.outcome);
    ts_report_outcome(r, v->claim, &j, name, sentence);
    char first[256] = "";
    if (v->narms == 1 && !isnan(j.test[0].p)) {
        char diff[48], ci[96], p[32];
        difference_text(v, &j.test[0], diff, ci, sizeof ci);
        p_text(j.p_adjusted[0], p, sizeof p);
        snprintf(first, sizeof first, " (%s %s, 95%% CI %s, p %s%s)", diff, ts_measure_difference_unit(&v->measure), ci,
                 p[0] == '<' ? "" : "= ", p);
    }
    ts_say(L, "  %s: %s%s%s\n", v->claim, j.indicative && j.outcome != TS_UNTESTED ? "indicative, leaning " : "",
           name, first);
    return j.outcome;
}
