/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "parallax"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "px-lesson-check.h"
#include "px-run-result.h"

typedef enum
{
  METRIC_SPEEDUP,
  METRIC_CPU,
  METRIC_CPU_COST,
  METRIC_VERDICT,
  METRIC_LANES,
  METRIC_IN_FLIGHT,
  METRIC_FAILED,
  METRIC_PIPE_MB,
  METRIC_FITTED_P,
} Metric;

static const struct {
  const char *name;
  const char *title;  /* translated when shown */
} metrics[] = {
  [METRIC_SPEEDUP] = { "speedup", N_("speedup over sequential") },
  [METRIC_CPU] = { "cpu", N_("CPU time / wall time") },
  [METRIC_CPU_COST] = { "cpu_cost", N_("CPU time / sequential’s") },
  [METRIC_VERDICT] = { "verdict", N_("verdict") },
  [METRIC_LANES] = { "lanes", N_("lanes") },
  [METRIC_IN_FLIGHT] = { "in_flight", N_("tasks in flight at once") },
  [METRIC_FAILED] = { "failed", N_("failed tasks") },
  [METRIC_PIPE_MB] = { "pipe_mb", N_("MB through the pipes") },
  [METRIC_FITTED_P] = { "fitted_p", N_("fitted P") },
};

typedef enum
{
  OP_GE,
  OP_LE,
  OP_GT,
  OP_LT,
  OP_EQ,
} Op;

static const char * const op_names[] = { ">=", "<=", ">", "<", "==" };
static const char * const op_symbols[] = { "≥", "≤", ">", "<", "=" };

typedef struct
{
  Metric      metric;
  PxStrategy  strategy;
  Op          op;
  double      value;        /* times the core count when per_core */
  gboolean    per_core;
  PxVerdict   verdict;
} Clause;

struct _PxLessonCheck
{
  GArray *clauses;
};

static gboolean
parse_verdict (const char *name,
               PxVerdict  *verdict)
{
  for (PxVerdict v = PX_VERDICT_IO_BOUND; v <= PX_VERDICT_CPU_BOUND_OR_PARALLEL; v++)
    {
      if (g_str_equal (name, px_verdict_to_string (v)))
        {
          *verdict = v;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
parse_clause (const char  *text,
              GRegex      *regex,
              Clause      *clause,
              GError     **error)
{
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *metric = NULL;
  g_autofree char *strategy = NULL;
  g_autofree char *op = NULL;
  g_autofree char *number = NULL;
  g_autofree char *cores = NULL;
  g_autofree char *word = NULL;
  guint i;

  if (!g_regex_match (regex, text, 0, &match))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "“%s” is not METRIC(STRATEGY) OP VALUE", text);
      return FALSE;
    }

  metric = g_match_info_fetch (match, 1);
  strategy = g_match_info_fetch (match, 2);
  op = g_match_info_fetch (match, 3);
  number = g_match_info_fetch (match, 4);
  cores = g_match_info_fetch (match, 5);
  word = g_match_info_fetch (match, 6);

  for (i = 0; i < G_N_ELEMENTS (metrics) && !g_str_equal (metric, metrics[i].name); i++)
    ;
  if (i == G_N_ELEMENTS (metrics))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Unknown metric “%s” in “%s”", metric, text);
      return FALSE;
    }
  clause->metric = i;

  if ((clause->metric == METRIC_FITTED_P) != (*strategy == '\0'))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "“%s”: fitted_p takes no strategy, the other metrics one", text);
      return FALSE;
    }
  if (*strategy != '\0' && !px_strategy_from_string (strategy, &clause->strategy))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Unknown strategy “%s” in “%s”", strategy, text);
      return FALSE;
    }

  for (i = 0; !g_str_equal (op, op_names[i]); i++)
    ;
  clause->op = i;

  if (clause->metric == METRIC_VERDICT)
    {
      if (clause->op != OP_EQ || *word == '\0' || !parse_verdict (word, &clause->verdict))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "“%s”: a verdict is compared with == to a verdict’s name", text);
          return FALSE;
        }
      return TRUE;
    }

  if (*number == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“%s”: the value is not a number", text);
      return FALSE;
    }
  clause->value = g_ascii_strtod (number, NULL);
  clause->per_core = *cores != '\0';

  return TRUE;
}

PxLessonCheck *
px_lesson_check_parse (const char  *text,
                       GError     **error)
{
  g_autoptr(PxLessonCheck) check = g_new0 (PxLessonCheck, 1);
  g_autoptr(GRegex) regex = NULL;
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  regex = g_regex_new ("^([a-z_]+)\\s*(?:\\(\\s*([a-z]*)\\s*\\))?\\s*(>=|<=|==|>|<)\\s*"
                       "(?:([0-9]*\\.?[0-9]+)\\s*(\\*\\s*cores)?|([a-z-]+))$",
                       G_REGEX_OPTIMIZE, 0, NULL);
  check->clauses = g_array_new (FALSE, TRUE, sizeof (Clause));
  parts = g_strsplit (text, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      Clause clause = { 0 };
      const char *part = g_strstrip (parts[i]);

      if (*part == '\0')
        continue;
      if (!parse_clause (part, regex, &clause, error))
        return NULL;
      g_array_append_val (check->clauses, clause);
    }

  if (check->clauses->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The check is empty");
      return NULL;
    }

  return g_steal_pointer (&check);
}

void
px_lesson_check_free (PxLessonCheck *check)
{
  if (check == NULL)
    return;

  g_array_unref (check->clauses);
  g_free (check);
}

gboolean
px_lesson_check_uses (PxLessonCheck *check,
                      const char    *strategy)
{
  PxStrategy wanted;

  g_return_val_if_fail (check != NULL, FALSE);

  if (!px_strategy_from_string (strategy, &wanted))
    return FALSE;

  for (guint i = 0; i < check->clauses->len; i++)
    {
      const Clause *clause = &g_array_index (check->clauses, Clause, i);

      if (clause->metric != METRIC_FITTED_P &&
          (clause->strategy == wanted ||
           (wanted == PX_STRATEGY_SEQUENTIAL &&
            (clause->metric == METRIC_SPEEDUP || clause->metric == METRIC_CPU_COST))))
        return TRUE;
    }

  return FALSE;
}

static PxRunResult *
find_run (GPtrArray  *runs,
          PxStrategy  strategy)
{
  for (guint i = runs->len; i > 0; i--)
    {
      PxRunResult *run = g_ptr_array_index (runs, i - 1);

      if (px_run_result_get_strategy (run) == strategy)
        return px_run_result_get_cancelled (run) ? NULL : run;
    }

  return NULL;
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  /* By time; at the same instant an end (odd) before a start (even). */
  if ((x >> 1) != (y >> 1))
    return (x >> 1) < (y >> 1) ? -1 : 1;
  return (int) ((y & 1) - (x & 1));
}

static double
max_in_flight (PxRunResult *run)
{
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = px_run_result_get_n_tasks (run);
  int now = 0, most = 0;

  for (guint i = 0; i < n; i++)
    {
      const PxTaskRecord *record = px_run_result_get_task (run, i);
      gint64 start, end;

      if (record == NULL || PX_TASK_RECORD_IS_RUNNING (record))
        continue;
      start = record->start_us << 1;
      end = (record->end_us << 1) | 1;
      g_array_append_val (events, start);
      g_array_append_val (events, end);
    }

  g_array_sort (events, compare_events);
  for (guint i = 0; i < events->len; i++)
    {
      now += (g_array_index (events, gint64, i) & 1) ? -1 : 1;
      most = MAX (most, now);
    }

  return most;
}

static double
cpu_us (PxRunResult *run)
{
  return (double) (px_run_result_get_cpu_user_us (run) + px_run_result_get_cpu_sys_us (run));
}

/* NAN when it can't be known from these runs. */
static double
measure (const Clause *clause,
         GPtrArray    *runs,
         double        fitted_p)
{
  PxRunResult *run, *sequential;

  if (clause->metric == METRIC_FITTED_P)
    return fitted_p;

  run = find_run (runs, clause->strategy);
  if (run == NULL)
    return NAN;

  switch (clause->metric)
    {
    case METRIC_SPEEDUP:
    case METRIC_CPU_COST:
      sequential = find_run (runs, PX_STRATEGY_SEQUENTIAL);
      if (sequential == NULL)
        return NAN;
      if (clause->metric == METRIC_SPEEDUP)
        return px_run_result_get_wall_us (run) > 0
               ? (double) px_run_result_get_wall_us (sequential) / px_run_result_get_wall_us (run) : NAN;
      return cpu_us (sequential) > 0 ? cpu_us (run) / cpu_us (sequential) : NAN;
    case METRIC_CPU:
      return px_run_result_get_cpu_wall_ratio (run);
    case METRIC_VERDICT:
      return px_run_result_get_verdict (run);
    case METRIC_LANES:
      return px_run_result_get_n_lanes (run);
    case METRIC_IN_FLIGHT:
      return max_in_flight (run);
    case METRIC_FAILED:
      return px_run_result_get_tasks_failed (run);
    case METRIC_PIPE_MB:
      return px_run_result_get_pipe_bytes (run) / 1e6;
    case METRIC_FITTED_P:
    default:
      g_return_val_if_reached (NAN);
    }
}

static gboolean
holds (Op     op,
       double measured,
       double expected)
{
  switch (op)
    {
    case OP_GE:
      return measured >= expected;
    case OP_LE:
      return measured <= expected;
    case OP_GT:
      return measured > expected;
    case OP_LT:
      return measured < expected;
    case OP_EQ:
    default:
      return measured == expected;
    }
}

static char *
format_value (Metric metric,
              double value)
{
  switch (metric)
    {
    case METRIC_VERDICT:
      return g_strdup (px_verdict_get_title ((PxVerdict) value));
    case METRIC_LANES:
    case METRIC_IN_FLIGHT:
    case METRIC_FAILED:
      return g_strdup_printf ("%.0f", value);
    case METRIC_SPEEDUP:
    case METRIC_CPU_COST:
      return g_strdup_printf ("%.2f×", value);
    case METRIC_CPU:
    case METRIC_PIPE_MB:
    case METRIC_FITTED_P:
    default:
      return g_strdup_printf ("%.2f", value);
    }
}

PxCheckOutcome
px_lesson_check_evaluate (PxLessonCheck  *check,
                          GPtrArray      *runs,
                          double          fitted_p,
                          guint           cores,
                          char          **report)
{
  g_autoptr(GString) lines = g_string_new (NULL);
  PxCheckOutcome outcome = PX_CHECK_MATCHED;

  g_return_val_if_fail (check != NULL, PX_CHECK_INCOMPLETE);
  g_return_val_if_fail (runs != NULL, PX_CHECK_INCOMPLETE);

  for (guint i = 0; i < check->clauses->len; i++)
    {
      const Clause *clause = &g_array_index (check->clauses, Clause, i);
      double value = measure (clause, runs, fitted_p);
      double expected = clause->metric == METRIC_VERDICT ? clause->verdict
                        : clause->value * (clause->per_core ? MAX (cores, 1) : 1);
      g_autofree char *measured_text = NULL;
      g_autofree char *expected_text = format_value (clause->metric, expected);
      g_autofree char *subject = NULL;
      gboolean ok;

      if (clause->metric == METRIC_FITTED_P)
        subject = g_strdup (_(metrics[clause->metric].title));
      else
        /* Translators: a measured quantity of a run, e.g. "Threads: speedup over sequential" */
        subject = g_strdup_printf (_("%s: %s"), px_strategy_get_title (clause->strategy),
                                   _(metrics[clause->metric].title));

      if (lines->len > 0)
        g_string_append_c (lines, '\n');

      if (isnan (value))
        {
          outcome = PX_CHECK_INCOMPLETE;
          /* Translators: the first %s is a measured quantity, then "≥", then the expected value */
          g_string_append_printf (lines, _("%s: not measured (expected %s %s)"), subject,
                                  op_symbols[clause->op], expected_text);
          continue;
        }

      ok = holds (clause->op, value, expected);
      if (!ok && outcome == PX_CHECK_MATCHED)
        outcome = PX_CHECK_MISMATCHED;
      measured_text = format_value (clause->metric, value);
      /* Translators: "✓" or "✗", a measured quantity, its value, then "≥" and the expected value */
      g_string_append_printf (lines, _("%s %s %s (expected %s %s)"), ok ? "✓" : "✗", subject, measured_text,
                              op_symbols[clause->op], expected_text);
    }

  if (report != NULL)
    *report = g_string_free (g_steal_pointer (&lines), FALSE);

  return outcome;
}
