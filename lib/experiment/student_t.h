/* Student's t distribution with ν degrees of freedom (ν > 0, not necessarily whole: Welch's
 * test gives fractional ν). Computed in code, no table:
 *
 *   P(|T| > t) = I_x(ν/2, 1/2),  x = ν / (ν + t²)
 *
 * where I_x(a, b) is the regularised incomplete beta function, evaluated by its continued
 * fraction (Lentz's method; Numerical Recipes §6.4, DLMF 8.17.22). The quantile inverts that
 * by bisection. Accurate to about 1e-12, far below what a verdict needs. */
#ifndef TS_STUDENT_T_H
#define TS_STUDENT_T_H

/* I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1. */
double ts_incomplete_beta(double x, double a, double b);

/* P(T ≤ t). */
double ts_student_t_cdf(double t, double df);

/* Two-sided tail P(|T| ≥ |t|): the p-value of a t statistic. */
double ts_student_t_two_sided(double t, double df);

/* The t with P(T ≤ t) = p, for 0 < p < 1 (e.g. p = 0.975: the half-width factor of a 95%
 * confidence interval). NAN outside (0, 1). */
double ts_student_t_quantile(double p, double df);

#endif
