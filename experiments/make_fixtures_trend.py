"""scipy reference fixtures for tests/test_trend.c: the t-test of a regression slope.

What: scipy.stats.linregress (Debian's python3-scipy) fits y = a + b·x by least squares
and tests b = 0 with a t-test on n − 2 degrees of freedom; the 95% interval is
b ± t_{0.975, n−2}·stderr. The cases are shaped like a lesson's runs: a few variants
(x values, some tied) with a few seeds each.

Run by `make fixtures` through experiments/make_fixtures.py (or alone:
    /usr/bin/python3 experiments/make_fixtures_trend.py tests/fixtures).
Writes tests/fixtures/trend.txt in the format of make_fixtures.py. Values are rounded to
float32 first and scipy is given those values, so both sides test the same numbers.
"""
import os
import sys

import numpy as np
import scipy
from scipy import stats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import FixtureFile  # noqa: E402

# (x, y): one point per run
CASES = [
    # five input scalings (log2 std, one tie) × 3 seeds, accuracy rising and levelling off
    ([-1.5] * 3 + [-0.5] * 3 + [0.0] * 3 + [0.0] * 3 + [0.64] * 3,
     [0.865, 0.855, 0.869, 0.877, 0.870, 0.877, 0.882, 0.878, 0.879, 0.880, 0.874, 0.883, 0.884, 0.878, 0.883]),
    # no trend: noise around 0.85 over four x values, 2 seeds each
    ([1, 1, 2, 2, 3, 3, 4, 4], [0.851, 0.842, 0.839, 0.855, 0.848, 0.846, 0.843, 0.852]),
    # three points, falling
    ([0.0, 1.0, 2.0], [0.9, 0.7, 0.62]),
]


def f32(values):
    return np.asarray(values, dtype=np.float32).astype(np.float64)


def make_trend(directory):
    fx = FixtureFile(directory, "trend", f"regression slope t-tests from scipy {scipy.__version__} (make_fixtures_trend.py)")
    fx.put("cases", len(CASES))
    for i, (x, y) in enumerate(CASES):
        x, y = f32(x), f32(y)
        res = stats.linregress(x, y)
        half = stats.t.ppf(0.975, len(x) - 2) * res.stderr
        fx.put(f"case{i}.x", x)
        fx.put(f"case{i}.y", y)
        # slope, its standard error, p, lower and upper 95% bound
        fx.put(f"case{i}.result", [res.slope, res.stderr, res.pvalue, res.slope - half, res.slope + half])
    fx.write()


if __name__ == "__main__":
    make_trend(sys.argv[1])
