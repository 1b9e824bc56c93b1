/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "px-engine.h"
#include "px-lesson-check.h"

/* A finished run: tasks on lanes as given, back to back on each lane. */
static PxRunResult *
make_run (PxStrategy strategy,
          gint64     wall_us,
          gint64     cpu_us,
          guint      n_lanes,
          guint      n_tasks)
{
  PxRunResult *run = px_run_result_new ("fetch", strategy, n_lanes, n_tasks);
  gint64 slice = wall_us / MAX (1, (n_tasks + n_lanes - 1) / n_lanes);

  for (guint i = 0; i < n_tasks; i++)
    {
      PxTaskRecord *record = px_task_record_new ();

      record->index = i;
      record->lane = i % n_lanes;
      record->start_us = (i / n_lanes) * slice;
      record->end_us = record->start_us + slice;
      record->cpu_us = cpu_us / n_tasks;
      record->cpu_wait_us = 0;
      px_run_result_take_task (run, record);
    }
  px_run_result_set_measurements (run, wall_us, cpu_us, 0, 0, 0);
  px_run_result_set_contention (run, 0, 0, 0, 0);

  return run;
}

static GPtrArray *
make_batch (void)
{
  GPtrArray *runs = g_ptr_array_new_with_free_func (g_object_unref);

  /* I/O-bound: sequential 4 s with little CPU; threads on 8 lanes 0.5 s. */
  g_ptr_array_add (runs, make_run (PX_STRATEGY_SEQUENTIAL, 4000000, 100000, 1, 40));
  g_ptr_array_add (runs, make_run (PX_STRATEGY_THREADS, 500000, 120000, 8, 40));
  px_run_results_compute_speedups (runs);

  return runs;
}

static void
test_parse_errors (void)
{
  static const char * const bad[] = {
    "",
    " ; ",
    "speedup(threads)",
    "speed(threads) >= 2",
    "speedup(fibers) >= 2",
    "speedup >= 2",
    "fitted_p(threads) >= 0.5",
    "speedup(threads) => 2",
    "speedup(threads) >= fast",
    "verdict(threads) >= io-bound",
    "verdict(threads) == slow",
    "verdict(threads) == 2",
    "speedup(threads) >= 2 * cores * cores",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PxLessonCheck) check = px_lesson_check_parse (bad[i], &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (check);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

static void
test_evaluate (void)
{
  g_autoptr(GPtrArray) runs = make_batch ();
  static const struct {
    const char     *check;
    PxCheckOutcome  outcome;
  } cases[] = {
    { "speedup(threads) >= 6", PX_CHECK_MATCHED },
    { "speedup(threads) >= 9", PX_CHECK_MISMATCHED },
    { "speedup(threads) >= 3*cores", PX_CHECK_MATCHED },     /* 2 cores: 6 */
    { "speedup(threads) >= 4.5 * cores", PX_CHECK_MISMATCHED },
    { "cpu(sequential) <= 0.1; cpu(threads) < 0.3", PX_CHECK_MATCHED },
    { "cpu_cost(threads) > 1.1; cpu_cost(threads) < 1.3", PX_CHECK_MATCHED },
    { "lanes(threads) == 8; lanes(sequential) == 1", PX_CHECK_MATCHED },
    { "in_flight(threads) == 8; in_flight(sequential) == 1", PX_CHECK_MATCHED },
    { "failed(threads) == 0", PX_CHECK_MATCHED },
    { "verdict(sequential) == io-bound", PX_CHECK_MATCHED },
    { "verdict(sequential) == cpu-bound", PX_CHECK_MISMATCHED },
    /* One clause that fails fails the whole. */
    { "lanes(threads) == 8; speedup(threads) >= 9", PX_CHECK_MISMATCHED },
    /* No async run in the batch, no fit: not measured. */
    { "speedup(async) >= 2", PX_CHECK_INCOMPLETE },
    { "fitted_p >= 0.5", PX_CHECK_INCOMPLETE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PxLessonCheck) check = px_lesson_check_parse (cases[i].check, &error);
      g_autofree char *report = NULL;

      g_test_message ("%s", cases[i].check);
      g_assert_no_error (error);
      g_assert_cmpint (px_lesson_check_evaluate (check, runs, NAN, 2, &report), ==, cases[i].outcome);
      g_assert_nonnull (report);
      /* Each clause says what was expected. */
      g_assert_nonnull (strstr (report, "expected"));
    }
}

static void
test_report (void)
{
  g_autoptr(GPtrArray) runs = make_batch ();
  g_autoptr(PxLessonCheck) check = px_lesson_check_parse ("speedup(threads) >= 6; fitted_p < 0.9", NULL);
  g_autofree char *report = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_nonnull (check);
  g_assert_cmpint (px_lesson_check_evaluate (check, runs, 0.95, 2, &report), ==, PX_CHECK_MISMATCHED);
  lines = g_strsplit (report, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_true (g_str_has_prefix (lines[0], "✓"));
  g_assert_nonnull (strstr (lines[0], "8.00×"));
  g_assert_true (g_str_has_prefix (lines[1], "✗"));
  g_assert_nonnull (strstr (lines[1], "0.95"));
}

static void
test_stopped_run (void)
{
  g_autoptr(GPtrArray) runs = make_batch ();
  g_autoptr(PxLessonCheck) check = px_lesson_check_parse ("speedup(threads) >= 2", NULL);

  /* A stopped run proves nothing. */
  px_run_result_set_cancelled (g_ptr_array_index (runs, 1), TRUE);
  g_assert_cmpint (px_lesson_check_evaluate (check, runs, NAN, 2, NULL), ==, PX_CHECK_INCOMPLETE);
}

static void
test_uses (void)
{
  g_autoptr(PxLessonCheck) check = px_lesson_check_parse ("speedup(threads) >= 2; lanes(async) == 1", NULL);

  g_assert_true (px_lesson_check_uses (check, "threads"));
  g_assert_true (px_lesson_check_uses (check, "async"));
  /* Speedups are against sequential. */
  g_assert_true (px_lesson_check_uses (check, "sequential"));
  g_assert_false (px_lesson_check_uses (check, "processes"));
  g_assert_false (px_lesson_check_uses (check, "fibers"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parallax/lesson-check/parse-errors", test_parse_errors);
  g_test_add_func ("/parallax/lesson-check/evaluate", test_evaluate);
  g_test_add_func ("/parallax/lesson-check/report", test_report);
  g_test_add_func ("/parallax/lesson-check/stopped-run", test_stopped_run);
  g_test_add_func ("/parallax/lesson-check/uses", test_uses);

  return g_test_run ();
}
