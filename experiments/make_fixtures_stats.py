"""scipy reference fixtures for tests/test_stats.c: Student's t distribution and Welch's test.

What: scipy.stats (Debian's python3-scipy) computes the t distribution's cdf and quantile at
fractional degrees of freedom, and Welch's two-sided t-test (ttest_ind, equal_var=False)
with its Welch–Satterthwaite degrees of freedom and 95% confidence interval, on small
samples shaped like a lesson's seeds (2 to 10 values, unequal spreads, a tie, a zero spread).

Run by `make fixtures` through experiments/make_fixtures.py (or alone:
    /usr/bin/python3 experiments/make_fixtures_stats.py tests/fixtures).
Writes tests/fixtures/stats.txt in the format of make_fixtures.py. Samples are rounded to
float32 first and scipy is given those values, so both sides test the same numbers.
"""
import os
import sys

import numpy as np
import scipy
from scipy import stats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import FixtureFile  # noqa: E402

# (a, b): accuracies of two variants over seeds, as a lesson measures them
WELCH_CASES = [
    ([0.812, 0.824, 0.809], [0.851, 0.847, 0.858]),               # a clear difference, 3 seeds
    ([0.842, 0.851, 0.846], [0.849, 0.838, 0.853]),               # none
    ([0.80, 0.86], [0.83, 0.84]),                                 # 2 seeds: df near 1
    ([0.71, 0.78, 0.74, 0.69, 0.75], [0.80, 0.81, 0.80, 0.79, 0.805]),  # unequal spreads, 5 seeds
    ([0.5, 0.9, 0.7], [0.71, 0.72, 0.70, 0.71, 0.73, 0.70, 0.72]),  # unequal sizes
    ([27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6],
     [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2]),  # larger values, 10 each
]

def f32(values):
    """The float32 values the C side reads, as Python floats."""
    return np.asarray(values, dtype=np.float32).astype(np.float64).tolist()


T_DF = f32([1.0, 1.5, 2.0, 2.7, 4.0, 7.3, 30.0, 200.0])
T_POINTS = f32([-3.0, -0.4, 0.0, 0.7, 1.96, 4.5])
T_PROBS = f32([0.6, 0.9, 0.95, 0.975, 0.995, 0.025])


def make_stats(directory):
    fx = FixtureFile(directory, "stats",
                     f"Student's t and Welch's test from scipy {scipy.__version__} (make_fixtures_stats.py)")
    fx.put("t.df", T_DF)
    fx.put("t.points", T_POINTS)
    fx.put("t.probs", T_PROBS)
    fx.put("t.cdf", [stats.t.cdf(x, df) for df in T_DF for x in T_POINTS])
    fx.put("t.ppf", [stats.t.ppf(p, df) for df in T_DF for p in T_PROBS])
    fx.put("welch.cases", len(WELCH_CASES))
    for i, (a, b) in enumerate(WELCH_CASES):
        a, b = np.asarray(f32(a)), np.asarray(f32(b))
        res = stats.ttest_ind(a, b, equal_var=False)
        va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
        df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
        diff, se = a.mean() - b.mean(), np.sqrt(va + vb)
        half = stats.t.ppf(0.975, df) * se
        fx.put(f"welch{i}.a", a)
        fx.put(f"welch{i}.b", b)
        # t, df, p, lower and upper 95% bound of mean(a) − mean(b)
        fx.put(f"welch{i}.result", [res.statistic, df, res.pvalue, diff - half, diff + half])
    fx.write()


if __name__ == "__main__":
    make_stats(sys.argv[1])
