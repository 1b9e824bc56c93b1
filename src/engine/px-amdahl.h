/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The laws of parallel speedup. P is the parallel fraction of the work, in
 * [0, 1]; N is the number of workers, ≥ 1 (it may be INFINITY). Arguments
 * outside those ranges give NAN, never a warning: the values come from
 * sliders and measurements. */

/* Amdahl: S(N) = 1 / ((1 − P) + P / N). */
double   px_amdahl_speedup                  (double        p,
                                             double        n);
/* S(N) / N: the share of each worker's time that is useful. */
double   px_amdahl_efficiency               (double        p,
                                             double        n);
/* The asymptote of S as N grows: 1 / (1 − P), INFINITY at P = 1. */
double   px_amdahl_limit                    (double        p);
/* Gustafson: the scaled speedup (1 − P) + P · N, when the problem grows
 * with the number of workers instead of staying fixed. */
double   px_gustafson_speedup               (double        p,
                                             double        n);
/* Karp–Flatt: the serial fraction e = (1/S − 1/N) / (1 − 1/N) implied by a
 * measured speedup S on N workers. NAN for N ≤ 1 (nothing to learn) or a
 * speedup that is not positive. Where e grows with N, the overhead grows
 * too (communication, contention), not only the serial part. */
double   px_karp_flatt                      (double        speedup,
                                             double        n);
/* The smallest whole N with S(N) ≥ fraction × limit, as a double: 1 at
 * P = 0 (the limit is 1), INFINITY at P = 1 (the limit is infinite), and
 * INFINITY for fraction ≥ 1 with 0 < P < 1 (the limit is only
 * approached). fraction ≤ 0 gives 1. */
double   px_amdahl_n_for_fraction_of_limit  (double        p,
                                             double        fraction);
/* Fits P to measured (N, speedup) points by least squares on the linear form
 * 1/S − 1 = P · (1/N − 1): P = Σ x·y / Σ x², x = 1/N − 1, y = 1/S − 1,
 * clamped to [0, 1] (superlinear points would push it above 1, slowdowns
 * below 0). Points with N = 1 carry no information and are skipped.
 *
 * Returns FALSE, and leaves the outputs alone, when no point has N > 1, or
 * when any point is invalid (non-finite, N < 1, or a speedup ≤ 0). On
 * success *p_out is the fitted P and *residual_out (either may be NULL) the
 * root mean square of measured − predicted speedup over the points with
 * N > 1, in the units of speedup. Never NAN. */
gboolean px_amdahl_fit                      (const double *n,
                                             const double *speedup,
                                             guint         n_points,
                                             double       *p_out,
                                             double       *residual_out);

/* The median of n values (the mean of the middle two when n is even);
 * sorts them in place. */
double   px_median                          (double       *values,
                                             guint         n);

G_END_DECLS
