/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-amdahl"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "px-amdahl.h"

static gboolean
valid_p (double p)
{
  return p >= 0. && p <= 1.;
}

static gboolean
valid_n (double n)
{
  /* INFINITY is allowed: it asks for the asymptote. */
  return n >= 1.;
}

double
px_amdahl_speedup (double p,
                   double n)
{
  if (!valid_p (p) || !valid_n (n))
    return NAN;

  return 1. / ((1. - p) + p / n);
}

double
px_amdahl_efficiency (double p,
                      double n)
{
  if (!valid_p (p) || !valid_n (n))
    return NAN;

  /* Perfectly parallel work keeps every worker busy, even at N = ∞ where
   * the form below would compute ∞ · 0. */
  if (p == 1.)
    return 1.;

  /* 1 / (N (1 − P) + P): the same as S / N, but 0 rather than NAN at N = ∞. */
  return 1. / (n * (1. - p) + p);
}

double
px_amdahl_limit (double p)
{
  if (!valid_p (p))
    return NAN;
  if (p == 1.)
    return INFINITY;

  return 1. / (1. - p);
}

double
px_gustafson_speedup (double p,
                      double n)
{
  if (!valid_p (p) || !valid_n (n))
    return NAN;

  return (1. - p) + p * n;
}

double
px_karp_flatt (double speedup,
               double n)
{
  if (!(n > 1.) || !(speedup > 0.) || isnan (n) || isnan (speedup))
    return NAN;

  return (1. / speedup - 1. / n) / (1. - 1. / n);
}

double
px_amdahl_n_for_fraction_of_limit (double p,
                                   double fraction)
{
  double n;

  if (!valid_p (p) || isnan (fraction))
    return NAN;
  if (p == 0. || fraction <= 0.)
    return 1.;
  if (p == 1. || fraction >= 1.)
    return INFINITY;

  /* S(N) ≥ f / (1 − P) solves to N ≥ P f / ((1 − P)(1 − f)). The bound is
   * often a whole number in exact arithmetic (P = f = 0.9 gives 81) that
   * rounding lifts by an ulp, so shave a relative 1e-9 before ceil (). */
  n = p * fraction / ((1. - p) * (1. - fraction));
  n = ceil (n - n * 1e-9);

  return MAX (n, 1.);
}

gboolean
px_amdahl_fit (const double *n,
               const double *speedup,
               guint         n_points,
               double       *p_out,
               double       *residual_out)
{
  double sum_xy = 0.;
  double sum_xx = 0.;
  double sum_sq = 0.;
  guint used = 0;
  double p;

  g_return_val_if_fail (n != NULL || n_points == 0, FALSE);
  g_return_val_if_fail (speedup != NULL || n_points == 0, FALSE);

  for (guint i = 0; i < n_points; i++)
    {
      double x, y;

      if (!isfinite (n[i]) || !isfinite (speedup[i]) || n[i] < 1. || speedup[i] <= 0.)
        return FALSE;
      if (n[i] == 1.)
        continue;

      x = 1. / n[i] - 1.;
      y = 1. / speedup[i] - 1.;
      sum_xy += x * y;
      sum_xx += x * x;
      used++;
    }

  if (used == 0)
    return FALSE;

  /* Every used N is > 1, so x < 0 and sum_xx > 0. */
  p = CLAMP (sum_xy / sum_xx, 0., 1.);

  for (guint i = 0; i < n_points; i++)
    {
      double d;

      if (n[i] == 1.)
        continue;

      d = speedup[i] - px_amdahl_speedup (p, n[i]);
      sum_sq += d * d;
    }

  if (p_out != NULL)
    *p_out = p;
  if (residual_out != NULL)
    *residual_out = sqrt (sum_sq / used);

  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
px_median (double *values,
           guint   n)
{
  g_return_val_if_fail (values != NULL && n > 0, NAN);

  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.;
}
