/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-amdahl"

#include "config.h"

#include <math.h>
#include <string.h>

#include "px-amdahl.h"
#include "px-amdahl-workload.h"
#include "px-error.h"
#include "px-task-context.h"

#define EPS 1e-12

/* Units 1000 to 5,000,999 fold to this on any machine; computed once, apart
 * from the workload, from the splitmix64 chain it documents. */
#define GOLDEN_CHECKSUM 0xb9c8ebef

static void
test_speedup (void)
{
  /* Nothing parallel: no speedup, however many workers. */
  g_assert_cmpfloat_with_epsilon (px_amdahl_speedup (0., 1.), 1., EPS);
  g_assert_cmpfloat_with_epsilon (px_amdahl_speedup (0., 64.), 1., EPS);
  g_assert_cmpfloat_with_epsilon (px_amdahl_speedup (0., 1e9), 1., EPS);

  /* All parallel: linear. */
  g_assert_cmpfloat_with_epsilon (px_amdahl_speedup (1., 1.), 1., EPS);
  g_assert_cmpfloat_with_epsilon (px_amdahl_speedup (1., 8.), 8., EPS);
  g_assert_cmpfloat_with_epsilon (px_amdahl_speedup (1., 1e9), 1e9, 1e-3);
  g_assert_true (isinf (px_amdahl_speedup (1., INFINITY)));

  /* One worker is no speedup whatever P is. */
  g_assert_cmpfloat_with_epsilon (px_amdahl_speedup (0.37, 1.), 1., EPS);

  g_assert_cmpfloat_with_epsilon (px_amdahl_speedup (0.5, 2.), 4. / 3., EPS);
  g_assert_cmpfloat_with_epsilon (px_amdahl_speedup (0.9, 4.), 1. / 0.325, EPS);
  /* Very many workers close in on the limit, 1 / (1 − P). */
  g_assert_cmpfloat_with_epsilon (px_amdahl_speedup (0.9, 1e9), 10., 1e-6);
  g_assert_cmpfloat_with_epsilon (px_amdahl_speedup (0.9, INFINITY), 10., EPS);

  g_assert_true (isnan (px_amdahl_speedup (-0.1, 2.)));
  g_assert_true (isnan (px_amdahl_speedup (1.1, 2.)));
  g_assert_true (isnan (px_amdahl_speedup (0.5, 0.5)));
  g_assert_true (isnan (px_amdahl_speedup (NAN, 2.)));
}

static void
test_efficiency (void)
{
  g_assert_cmpfloat_with_epsilon (px_amdahl_efficiency (0.5, 2.), 2. / 3., EPS);
  g_assert_cmpfloat_with_epsilon (px_amdahl_efficiency (0.9, 4.), 1. / 0.325 / 4., EPS);
  g_assert_cmpfloat_with_epsilon (px_amdahl_efficiency (0.3, 1.), 1., EPS);
  g_assert_cmpfloat_with_epsilon (px_amdahl_efficiency (0., 10.), 0.1, EPS);
  g_assert_cmpfloat_with_epsilon (px_amdahl_efficiency (1., 1e9), 1., EPS);
  g_assert_cmpfloat_with_epsilon (px_amdahl_efficiency (1., INFINITY), 1., EPS);
  g_assert_cmpfloat_with_epsilon (px_amdahl_efficiency (0.9, 1e9), 1e-8, 1e-14);
  g_assert_cmpfloat (px_amdahl_efficiency (0.9, INFINITY), ==, 0.);
  g_assert_true (isnan (px_amdahl_efficiency (0.5, 0.)));
}

static void
test_limit (void)
{
  g_assert_cmpfloat_with_epsilon (px_amdahl_limit (0.), 1., EPS);
  g_assert_cmpfloat_with_epsilon (px_amdahl_limit (0.5), 2., EPS);
  g_assert_cmpfloat_with_epsilon (px_amdahl_limit (0.9), 10., 1e-9);
  g_assert_cmpfloat_with_epsilon (px_amdahl_limit (0.99), 100., 1e-9);
  g_assert_true (isinf (px_amdahl_limit (1.)));
  g_assert_cmpfloat (px_amdahl_limit (1.), >, 0.);
  g_assert_true (isnan (px_amdahl_limit (2.)));
}

static void
test_gustafson (void)
{
  g_assert_cmpfloat_with_epsilon (px_gustafson_speedup (0., 16.), 1., EPS);
  g_assert_cmpfloat_with_epsilon (px_gustafson_speedup (1., 16.), 16., EPS);
  g_assert_cmpfloat_with_epsilon (px_gustafson_speedup (0.9, 1.), 1., EPS);
  g_assert_cmpfloat_with_epsilon (px_gustafson_speedup (0.9, 8.), 7.3, EPS);
  g_assert_cmpfloat_with_epsilon (px_gustafson_speedup (0.5, 1e9), 0.5 + 0.5e9, 1e-3);
  g_assert_true (isnan (px_gustafson_speedup (0.5, 0.)));
}

static void
test_karp_flatt (void)
{
  /* An Amdahl speedup gives back its own serial fraction. */
  for (double p = 0.; p <= 1.; p += 0.125)
    for (double n = 2.; n <= 1024.; n *= 2.)
      g_assert_cmpfloat_with_epsilon (px_karp_flatt (px_amdahl_speedup (p, n), n), 1. - p, 1e-9);

  /* Linear speedup: no serial part at all. */
  g_assert_cmpfloat_with_epsilon (px_karp_flatt (8., 8.), 0., EPS);
  /* No speedup: all serial. */
  g_assert_cmpfloat_with_epsilon (px_karp_flatt (1., 8.), 1., EPS);
  /* Superlinear speedups give a negative fraction; it is reported as is. */
  g_assert_cmpfloat (px_karp_flatt (10., 8.), <, 0.);
  g_assert_cmpfloat_with_epsilon (px_karp_flatt (1. / 0.325, 4.), 0.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (px_karp_flatt (10., 1e9), 0.1, 1e-8);

  g_assert_true (isnan (px_karp_flatt (1., 1.)));
  g_assert_true (isnan (px_karp_flatt (1., 0.5)));
  g_assert_true (isnan (px_karp_flatt (0., 4.)));
  g_assert_true (isnan (px_karp_flatt (NAN, 4.)));
  g_assert_true (isnan (px_karp_flatt (2., NAN)));
}

static void
test_n_for_fraction (void)
{
  static const double ps[] = { 0.1, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999 };
  static const double fractions[] = { 0.1, 0.25, 0.5, 0.8, 0.9, 0.95, 0.99 };

  g_assert_cmpfloat (px_amdahl_n_for_fraction_of_limit (0.9, 0.9), ==, 81.);
  g_assert_cmpfloat (px_amdahl_n_for_fraction_of_limit (0.5, 0.5), ==, 1.);
  g_assert_cmpfloat (px_amdahl_n_for_fraction_of_limit (0.99, 0.5), ==, 99.);
  g_assert_cmpfloat (px_amdahl_n_for_fraction_of_limit (0.95, 0.9), ==, 171.);
  /* P = 0: the limit is 1, and one worker has it. */
  g_assert_cmpfloat (px_amdahl_n_for_fraction_of_limit (0., 0.99), ==, 1.);
  g_assert_cmpfloat (px_amdahl_n_for_fraction_of_limit (0., 1.), ==, 1.);
  /* P = 1: an infinite limit is never reached. */
  g_assert_true (isinf (px_amdahl_n_for_fraction_of_limit (1., 0.5)));
  /* The limit itself is only approached. */
  g_assert_true (isinf (px_amdahl_n_for_fraction_of_limit (0.9, 1.)));
  g_assert_cmpfloat (px_amdahl_n_for_fraction_of_limit (0.9, 0.), ==, 1.);
  g_assert_true (isnan (px_amdahl_n_for_fraction_of_limit (1.5, 0.5)));
  g_assert_true (isnan (px_amdahl_n_for_fraction_of_limit (0.5, NAN)));

  /* The smallest such N: it reaches the target and N − 1 does not. */
  for (guint i = 0; i < G_N_ELEMENTS (ps); i++)
    for (guint j = 0; j < G_N_ELEMENTS (fractions); j++)
      {
        double target = fractions[j] * px_amdahl_limit (ps[i]);
        double n = px_amdahl_n_for_fraction_of_limit (ps[i], fractions[j]);

        g_assert_cmpfloat (n, ==, floor (n));
        g_assert_cmpfloat (n, >=, 1.);
        g_assert_cmpfloat (px_amdahl_speedup (ps[i], n), >=, target * (1. - 1e-12));
        if (n > 1.)
          g_assert_cmpfloat (px_amdahl_speedup (ps[i], n - 1.), <, target);
      }
}

static void
test_fit_noisy (void)
{
  static const double ps[] = { 0.5, 0.9, 0.99 };
  static const double ns[] = { 1., 2., 3., 4., 6., 8., 12., 16., 24., 32., 48., 64. };

  for (guint i = 0; i < G_N_ELEMENTS (ps); i++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (20240 + i);
      double n[G_N_ELEMENTS (ns) * 3];
      double s[G_N_ELEMENTS (ns) * 3];
      double p = -1., residual = -1.;

      /* Three runs at each N, each within ±2 % of the law, as measured
       * speedups scatter. */
      for (guint j = 0; j < G_N_ELEMENTS (n); j++)
        {
          n[j] = ns[j % G_N_ELEMENTS (ns)];
          s[j] = px_amdahl_speedup (ps[i], n[j]) * (1. + g_rand_double_range (rand, -0.02, 0.02));
        }

      g_assert_true (px_amdahl_fit (n, s, G_N_ELEMENTS (n), &p, &residual));
      g_test_message ("P = %g fitted as %.5f, residual %.4f", ps[i], p, residual);
      g_assert_cmpfloat_with_epsilon (p, ps[i], 0.005);
      g_assert_cmpfloat (residual, >, 0.);
      /* 2 % of the largest speedup bounds the scatter. */
      g_assert_cmpfloat (residual, <, 0.02 * px_amdahl_speedup (ps[i], 64.));
    }
}

static void
test_fit_exact (void)
{
  const double n[] = { 1., 2., 4., 8. };
  double s[G_N_ELEMENTS (n)];
  double p, residual;

  for (guint i = 0; i < G_N_ELEMENTS (n); i++)
    s[i] = px_amdahl_speedup (0.75, n[i]);

  g_assert_true (px_amdahl_fit (n, s, G_N_ELEMENTS (n), &p, &residual));
  g_assert_cmpfloat_with_epsilon (p, 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (residual, 0., 1e-12);

  /* Either output may be left out. */
  g_assert_true (px_amdahl_fit (n, s, G_N_ELEMENTS (n), NULL, NULL));
}

static void
test_fit_single_point (void)
{
  const double n[] = { 4. };
  const double s[] = { 2.5 };
  double p, residual;

  /* 1/2.5 = 0.2 + 0.8 / 4 */
  g_assert_true (px_amdahl_fit (n, s, 1, &p, &residual));
  g_assert_cmpfloat_with_epsilon (p, 0.8, 1e-12);
  g_assert_cmpfloat_with_epsilon (residual, 0., 1e-12);
}

static void
test_fit_superlinear (void)
{
  /* Caches can make N workers more than N times as fast. */
  const double n[] = { 1., 2., 4., 8. };
  const double s[] = { 1., 2.5, 6., 13. };
  /* And overheads can make them slower than one. */
  const double slow_n[] = { 2., 4. };
  const double slow_s[] = { 0.8, 0.5 };
  const double huge_n[] = { 2., 1e300 };
  const double huge_s[] = { 1e-300, 1e300 };
  double p = NAN, residual = NAN;

  g_assert_true (px_amdahl_fit (n, s, G_N_ELEMENTS (n), &p, &residual));
  g_assert_cmpfloat (p, ==, 1.);
  g_assert_false (isnan (residual));
  g_assert_cmpfloat (residual, >, 0.);

  g_assert_true (px_amdahl_fit (slow_n, slow_s, G_N_ELEMENTS (slow_n), &p, &residual));
  g_assert_cmpfloat (p, ==, 0.);
  g_assert_false (isnan (residual));

  g_assert_true (px_amdahl_fit (huge_n, huge_s, G_N_ELEMENTS (huge_n), &p, &residual));
  g_assert_false (isnan (p));
  g_assert_cmpfloat (p, >=, 0.);
  g_assert_cmpfloat (p, <=, 1.);
  g_assert_false (isnan (residual));
}

static void
test_fit_unusable (void)
{
  const double ones[] = { 1., 1., 1. };
  const double speedups[] = { 1., 0.98, 1.03 };
  const double n_nan[] = { 2., NAN };
  const double s_inf[] = { 1.5, INFINITY };
  const double n_ok[] = { 2., 4. };
  const double s_zero[] = { 1.5, 0. };
  const double n_small[] = { 2., 0.5 };
  double p = 42., residual = 42.;

  /* N = 1 says nothing about P. */
  g_assert_false (px_amdahl_fit (ones, speedups, G_N_ELEMENTS (ones), &p, &residual));
  g_assert_false (px_amdahl_fit (NULL, NULL, 0, &p, &residual));
  g_assert_false (px_amdahl_fit (n_nan, speedups, 2, &p, &residual));
  g_assert_false (px_amdahl_fit (n_ok, s_inf, 2, &p, &residual));
  g_assert_false (px_amdahl_fit (n_ok, s_zero, 2, &p, &residual));
  g_assert_false (px_amdahl_fit (n_small, speedups, 2, &p, &residual));
  /* A failed fit leaves the outputs alone. */
  g_assert_cmpfloat (p, ==, 42.);
  g_assert_cmpfloat (residual, ==, 42.);
}

typedef struct
{
  guint64 index;
  guint64 first;
  guint64 count;
} Range;

static Range
decode_input (GBytes *input)
{
  guint64 words[3];
  Range range;

  g_assert_cmpuint (g_bytes_get_size (input), ==, sizeof words);
  memcpy (words, g_bytes_get_data (input, NULL), sizeof words);
  range.index = GUINT64_FROM_LE (words[0]);
  range.first = GUINT64_FROM_LE (words[1]);
  range.count = GUINT64_FROM_LE (words[2]);

  return range;
}

static GBytes *
encode_input (guint64 index,
              guint64 first,
              guint64 count)
{
  guint64 words[3] = { GUINT64_TO_LE (index), GUINT64_TO_LE (first), GUINT64_TO_LE (count) };

  return g_bytes_new (words, sizeof words);
}

static PxWorkload *
new_workload (guint   n_tasks,
              double  serial_fraction,
              guint64 work_units)
{
  return g_object_new (PX_TYPE_AMDAHL_WORKLOAD,
                       "n-tasks", n_tasks,
                       "serial-fraction", serial_fraction,
                       "work-units", work_units,
                       NULL);
}

static void
test_workload_defaults (void)
{
  g_autoptr(PxWorkload) workload = px_amdahl_workload_new (100, 0.1);
  g_autofree char *label = px_workload_dup_task_label (workload, 16);
  guint64 units;
  double serial;

  g_object_get (workload, "work-units", &units, "serial-fraction", &serial, NULL);
  g_assert_cmpstr (px_workload_get_name (workload), ==, "amdahl");
  g_assert_cmpuint (px_workload_get_n_tasks (workload), ==, 100);
  g_assert_cmpuint (units, ==, 250000000);
  g_assert_cmpfloat (serial, ==, 0.1);
  g_assert_cmpstr (label, ==, "task 17");
  g_assert_true (px_workload_type_from_name ("amdahl") == PX_TYPE_AMDAHL_WORKLOAD);
}

static void
test_workload_split (void)
{
  static const struct {
    guint   n_tasks;
    double  serial_fraction;
    guint64 work_units;
  } cases[] = {
    { 7, 0.1, 1000003 },
    { 100, 0., 99 },
    { 3, 1., 10 },
    { 100, 0.25, 50 },
    { 1, 0.5, 1 },
    { 64, 0.333, G_GUINT64_CONSTANT (250000000) },
    /* s × total rounds up to 2^64 here, past any guint64. */
    { 3, 1., G_MAXUINT64 },
    { 5, 0.5, G_MAXUINT64 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(PxWorkload) workload = new_workload (cases[c].n_tasks, cases[c].serial_fraction,
                                                     cases[c].work_units);
      double exact = round (cases[c].serial_fraction * (double) cases[c].work_units);
      guint64 serial = exact >= (double) cases[c].work_units ? cases[c].work_units : (guint64) exact;
      guint64 next = serial;
      guint64 smallest = G_MAXUINT64, largest = 0;

      for (guint i = 0; i < cases[c].n_tasks; i++)
        {
          g_autoptr(GBytes) input = px_workload_dup_task_input (workload, i);
          Range range = decode_input (input);

          g_assert_cmpuint (range.index, ==, i);
          g_assert_cmpuint (range.first, ==, next);
          next += range.count;
          smallest = MIN (smallest, range.count);
          largest = MAX (largest, range.count);
        }

      /* Serial plus the tasks, back to back, make the total exactly, and
       * the tasks differ by one unit at most. */
      g_assert_cmpuint (next, ==, cases[c].work_units);
      g_assert_cmpuint (largest - smallest, <=, 1);
    }
}

static void
run_task (PxWorkload    *workload,
          GBytes        *input,
          PxTaskOutcome *outcome,
          GError       **error,
          gboolean       expect_success)
{
  g_autoptr(PxTaskContext) ctx = px_task_context_new (NULL, NULL, FALSE);

  px_task_outcome_init (outcome);
  g_assert_cmpint (px_workload_execute (workload, input, ctx, outcome, error), ==, expect_success);
}

static void
test_workload_execute (void)
{
  g_autoptr(PxWorkload) workload = new_workload (4, 0.2, 1000000);
  g_autoptr(PxWorkload) again = new_workload (4, 0.2, 1000000);
  guint32 checksums[4];

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GBytes) input = px_workload_dup_task_input (workload, i);
      g_autoptr(GBytes) input_again = px_workload_dup_task_input (again, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *summary = NULL;
      PxTaskOutcome outcome, outcome_again;

      g_assert_true (g_bytes_equal (input, input_again));

      run_task (workload, input, &outcome, &error, TRUE);
      g_assert_no_error (error);
      g_assert_cmpuint (outcome.out_len, ==, 200000);
      g_assert_null (outcome.output);
      summary = g_strdup_printf ("task %u: 200000 units", i + 1);
      g_assert_cmpstr (outcome.summary, ==, summary);
      g_assert_true (px_workload_verify (workload, i, &outcome, &error));
      g_assert_no_error (error);
      checksums[i] = outcome.checksum;

      /* The same range gives the same checksum every time. */
      run_task (again, input, &outcome_again, &error, TRUE);
      g_assert_no_error (error);
      g_assert_cmpuint (outcome_again.checksum, ==, outcome.checksum);

      px_task_outcome_clear (&outcome);
      px_task_outcome_clear (&outcome_again);
    }

  for (guint i = 1; i < 4; i++)
    g_assert_cmpuint (checksums[i], !=, checksums[0]);
}

static void
test_workload_golden (void)
{
  /* Spans many one-millisecond steps; the result must not depend on where
   * they fell, nor on the machine. */
  g_autoptr(PxWorkload) workload = new_workload (1, 0., 1);
  g_autoptr(GBytes) input = encode_input (0, 1000, 5000000);
  g_autoptr(GError) error = NULL;
  PxTaskOutcome outcome;

  run_task (workload, input, &outcome, &error, TRUE);
  g_assert_no_error (error);
  g_assert_cmpuint (outcome.out_len, ==, 5000000);
  g_assert_cmphex (outcome.checksum, ==, GOLDEN_CHECKSUM);
  px_task_outcome_clear (&outcome);
}

static void
execute_async_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PxTaskOutcome *outcome = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (px_workload_execute_finish (PX_WORKLOAD (source), result, outcome, &error));
  g_assert_no_error (error);
}

static void
test_workload_async (void)
{
  g_autoptr(PxWorkload) workload = new_workload (1, 0., 1);
  g_autoptr(GBytes) input = encode_input (0, 1000, 5000000);
  g_autoptr(PxTaskContext) ctx = px_task_context_new (NULL, NULL, FALSE);
  PxTaskOutcome outcome;

  px_task_outcome_init (&outcome);
  px_workload_execute_async (workload, input, ctx, NULL, execute_async_cb, &outcome);
  while (outcome.out_len == 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (outcome.out_len, ==, 5000000);
  g_assert_cmphex (outcome.checksum, ==, GOLDEN_CHECKSUM);
  g_assert_cmpint (outcome.cpu_us, >=, 0);
  px_task_outcome_clear (&outcome);
}

static void
test_workload_bad_input (void)
{
  g_autoptr(PxWorkload) workload = new_workload (4, 0.1, 1000);
  static const gsize sizes[] = { 0, 8, 16, 23, 25, 48 };
  guint8 zeros[48] = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GBytes) input = g_bytes_new (zeros, sizes[i]);
      g_autoptr(GError) error = NULL;
      PxTaskOutcome outcome;

      run_task (workload, input, &outcome, &error, FALSE);
      g_assert_error (error, PX_ERROR, PX_ERROR_PROTOCOL);
      px_task_outcome_clear (&outcome);
    }

  {
    /* A range that runs past the end of the numbers, or an index past
     * guint. */
    g_autoptr(GBytes) wraps = encode_input (0, G_MAXUINT64 - 1, 2);
    g_autoptr(GBytes) big_index = encode_input (G_GUINT64_CONSTANT (1) << 40, 0, 1);
    g_autoptr(GError) error = NULL;
    PxTaskOutcome outcome;

    run_task (workload, wraps, &outcome, &error, FALSE);
    g_assert_error (error, PX_ERROR, PX_ERROR_PROTOCOL);
    g_clear_error (&error);
    px_task_outcome_clear (&outcome);

    run_task (workload, big_index, &outcome, &error, FALSE);
    g_assert_error (error, PX_ERROR, PX_ERROR_PROTOCOL);
    px_task_outcome_clear (&outcome);
  }
}

static void
test_workload_verify (void)
{
  g_autoptr(PxWorkload) workload = new_workload (3, 0.1, 1000);
  g_autoptr(GError) error = NULL;
  PxTaskOutcome outcome;

  /* 900 parallel units: 300 each. */
  px_task_outcome_init (&outcome);
  outcome.out_len = 300;
  g_assert_true (px_workload_verify (workload, 2, &outcome, &error));
  g_assert_no_error (error);

  outcome.out_len = 299;
  g_assert_false (px_workload_verify (workload, 2, &outcome, &error));
  g_assert_error (error, PX_ERROR, PX_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error->message, "299"));
  g_assert_nonnull (strstr (error->message, "300"));
  g_clear_error (&error);

  outcome.out_len = 300;
  g_assert_false (px_workload_verify (workload, 3, &outcome, &error));
  g_assert_error (error, PX_ERROR, PX_ERROR_MISMATCH);
}

static void
test_workload_cancel (void)
{
  /* Hours of work, at 4 ns a unit: only a cancel ends it in time. */
  g_autoptr(PxWorkload) workload = new_workload (1, 1., G_GUINT64_CONSTANT (1) << 40);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PxTaskContext) ctx = px_task_context_new (cancellable, NULL, FALSE);
  g_autoptr(GBytes) input = encode_input (0, 0, G_GUINT64_CONSTANT (1) << 40);
  g_autoptr(GError) error = NULL;
  PxTaskOutcome outcome;
  gint64 start;

  g_cancellable_cancel (cancellable);

  start = g_get_monotonic_time ();
  px_workload_run_serial (workload, ctx);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  px_task_outcome_init (&outcome);
  g_assert_false (px_workload_execute (workload, input, ctx, &outcome, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  px_task_outcome_clear (&outcome);
}

static gpointer
cancel_later_thread (gpointer data)
{
  g_usleep (20 * 1000);
  g_cancellable_cancel (data);

  return NULL;
}

static void
test_workload_cancel_serial (void)
{
  g_autoptr(PxWorkload) workload = new_workload (1, 1., G_GUINT64_CONSTANT (1) << 40);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PxTaskContext) ctx = px_task_context_new (cancellable, NULL, FALSE);
  GThread *thread;
  gint64 start;

  /* Cancelled while it runs: noticed within the millisecond slices. */
  start = g_get_monotonic_time ();
  thread = g_thread_new ("cancel", cancel_later_thread, cancellable);
  px_workload_run_serial (workload, ctx);
  g_thread_join (thread);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parallax/amdahl/speedup", test_speedup);
  g_test_add_func ("/parallax/amdahl/efficiency", test_efficiency);
  g_test_add_func ("/parallax/amdahl/limit", test_limit);
  g_test_add_func ("/parallax/amdahl/gustafson", test_gustafson);
  g_test_add_func ("/parallax/amdahl/karp-flatt", test_karp_flatt);
  g_test_add_func ("/parallax/amdahl/n-for-fraction", test_n_for_fraction);
  g_test_add_func ("/parallax/amdahl/fit/noisy", test_fit_noisy);
  g_test_add_func ("/parallax/amdahl/fit/exact", test_fit_exact);
  g_test_add_func ("/parallax/amdahl/fit/single-point", test_fit_single_point);
  g_test_add_func ("/parallax/amdahl/fit/superlinear", test_fit_superlinear);
  g_test_add_func ("/parallax/amdahl/fit/unusable", test_fit_unusable);
  g_test_add_func ("/parallax/amdahl/workload/defaults", test_workload_defaults);
  g_test_add_func ("/parallax/amdahl/workload/split", test_workload_split);
  g_test_add_func ("/parallax/amdahl/workload/execute", test_workload_execute);
  g_test_add_func ("/parallax/amdahl/workload/golden", test_workload_golden);
  g_test_add_func ("/parallax/amdahl/workload/async", test_workload_async);
  g_test_add_func ("/parallax/amdahl/workload/bad-input", test_workload_bad_input);
  g_test_add_func ("/parallax/amdahl/workload/verify", test_workload_verify);
  g_test_add_func ("/parallax/amdahl/workload/cancel", test_workload_cancel);
  g_test_add_func ("/parallax/amdahl/workload/cancel-serial", test_workload_cancel_serial);

  return g_test_run ();
}
