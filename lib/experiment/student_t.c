#include "student_t.h"

#include <float.h>
#include <math.h>

/* The continued fraction of I_x(a, b) (DLMF 8.17.22):
 *   I_x(a,b) = x^a (1−x)^b / (a·B(a,b)) · 1/(1+ d1/(1+ d2/(1+ …)))
 *   d_{2m+1} = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1)),   d_{2m} = m(b−m)x / ((a+2m−1)(a+2m))
 * evaluated with the modified Lentz method; it converges fast for x < (a+1)/(a+b+2), and
 * the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) covers the rest. */
static double beta_fraction(double x, double a, double b) {
    const double tiny = 1e-300;
    double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0);
    if (fabs(d) < tiny) d = tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= 500; m++) {
        const int m2 = 2 * m;
        for (int odd = 0; odd < 2; odd++) {
            const double coeff = odd ? -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0))
                                     : m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
            d = 1.0 + coeff * d;
            if (fabs(d) < tiny) d = tiny;
            c = 1.0 + coeff / c;
            if (fabs(c) < tiny) c = tiny;
            d = 1.0 / d;
            h *= d * c;
            if (odd && fabs(d * c - 1.0) < 1e-15) return h;
        }
    }
    return h; /* not reached for the a, b of a t distribution */
}

double ts_incomplete_beta(double x, double a, double b) {
    if (!(x > 0.0)) return 0.0;
    if (!(x < 1.0)) return 1.0;
    /* x^a (1−x)^b / B(a,b), in logs: B(a,b) = Γ(a)Γ(b)/Γ(a+b) */
    const double front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
    if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_fraction(x, a, b) / a;
    return 1.0 - front * beta_fraction(1.0 - x, b, a) / b;
}

double ts_student_t_two_sided(double t, double df) {
    if (isnan(t) || !(df > 0.0)) return NAN;
    if (isinf(t)) return 0.0;
    return ts_incomplete_beta(df / (df + t * t), 0.5 * df, 0.5);
}

double ts_student_t_cdf(double t, double df) {
    const double tail = 0.5 * ts_student_t_two_sided(t, df);
    return t >= 0.0 ? 1.0 - tail : tail;
}

double ts_student_t_quantile(double p, double df) {
    if (!(p > 0.0 && p < 1.0) || !(df > 0.0)) return NAN;
    if (p == 0.5) return 0.0;
    /* solve P(|T| ≥ t) = q for t > 0 by bisection: the tail falls monotonically in t */
    const double q = 2.0 * (p < 0.5 ? p : 1.0 - p);
    double lo = 0.0, hi = 1.0;
    while (ts_student_t_two_sided(hi, df) > q && hi < 1e300) hi *= 2.0;
    for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
        const double mid = 0.5 * (lo + hi);
        if (ts_student_t_two_sided(mid, df) > q) lo = mid;
        else hi = mid;
    }
    const double t = 0.5 * (lo + hi);
    return p < 0.5 ? -t : t;
}
