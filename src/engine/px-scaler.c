/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-scaler"

#include "config.h"

#include <math.h>

#include "px-amdahl.h"
#include "px-format.h"
#include "px-scaler.h"
#include "px-workload.h"

struct _PxScaler
{
  GObject     parent_instance;

  PxRunner   *runner;
  PxWorkload *workload;
  PxStrategy  strategy;
  guint       repeat;

  GArray     *points;   /* PxScalePoint */
  GArray     *walls;    /* the repeats of the point being measured */
  guint       current;
  guint       runs_done;
  guint       tasks_failed;
  double      fitted_p;
};

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PxScaler, px_scaler, G_TYPE_OBJECT)

static void
finish_points (PxScaler *self)
{
  g_autofree double *n = g_new (double, self->points->len);
  g_autofree double *s = g_new (double, self->points->len);
  PxScalePoint *first = &g_array_index (self->points, PxScalePoint, 0);
  guint cores = g_get_num_processors ();
  guint n_fitted = 0;

  for (guint i = 0; i < self->points->len; i++)
    {
      PxScalePoint *point = &g_array_index (self->points, PxScalePoint, i);

      point->speedup = point->wall_s > 0 ? first->wall_s / point->wall_s : NAN;
      point->efficiency = point->speedup / point->workers;
      point->karp_flatt = px_karp_flatt (point->speedup, point->workers);

      /* Amdahl's law is about N processors: past the cores, workers share
       * them, and the points show the machine's limit, not the program's. */
      if (point->workers <= cores)
        {
          n[n_fitted] = point->workers;
          s[n_fitted] = point->speedup;
          n_fitted++;
        }
    }

  if (!px_amdahl_fit (n, s, n_fitted, &self->fitted_p, NULL))
    self->fitted_p = NAN;
}

static void run_next (GTask *task);

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PxScaler *self = g_task_get_source_object (task);
  g_autoptr(PxRunResult) run = NULL;
  g_autoptr(GError) error = NULL;
  PxScalePoint *point;
  double wall;

  run = px_runner_run_finish (PX_RUNNER (object), result, &error);
  if (run == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->tasks_failed += px_run_result_get_tasks_failed (run);
  wall = (double) px_run_result_get_wall_us (run) / G_USEC_PER_SEC;
  g_array_append_val (self->walls, wall);
  self->runs_done++;

  if (self->walls->len == self->repeat)
    {
      point = &g_array_index (self->points, PxScalePoint, self->current);
      point->wall_s = px_median ((double *) (gpointer) self->walls->data, self->walls->len);
      point->wall_min_s = g_array_index (self->walls, double, 0);
      point->wall_max_s = g_array_index (self->walls, double, self->walls->len - 1);
      g_array_set_size (self->walls, 0);
      self->current++;
    }

  g_signal_emit (self, signals[PROGRESS], 0, self->runs_done, self->points->len * self->repeat);

  if (self->current == self->points->len)
    {
      finish_points (self);
      g_task_return_boolean (task, TRUE);
      return;
    }

  run_next (g_steal_pointer (&task));
}

static void
run_next (GTask *task)
{
  PxScaler *self = g_task_get_source_object (task);
  PxScalePoint *point = &g_array_index (self->points, PxScalePoint, self->current);

  px_runner_run_async (self->runner, self->workload, self->strategy, point->workers,
                       g_task_get_cancellable (task), run_cb, task);
}

static void
px_scaler_dispose (GObject *object)
{
  PxScaler *self = (PxScaler *) object;

  g_clear_object (&self->runner);
  g_clear_object (&self->workload);

  G_OBJECT_CLASS (px_scaler_parent_class)->dispose (object);
}

static void
px_scaler_finalize (GObject *object)
{
  PxScaler *self = (PxScaler *) object;

  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->walls, g_array_unref);

  G_OBJECT_CLASS (px_scaler_parent_class)->finalize (object);
}

static void
px_scaler_class_init (PxScalerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = px_scaler_dispose;
  object_class->finalize = px_scaler_finalize;

  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
px_scaler_init (PxScaler *self)
{
  self->points = g_array_new (FALSE, TRUE, sizeof (PxScalePoint));
  self->walls = g_array_new (FALSE, FALSE, sizeof (double));
  self->fitted_p = NAN;
}

PxScaler *
px_scaler_new (PxRunner   *runner,
               PxWorkload *workload,
               PxStrategy  strategy,
               guint       max_workers,
               guint       repeat)
{
  PxScaler *self;

  g_return_val_if_fail (PX_IS_RUNNER (runner), NULL);
  g_return_val_if_fail (PX_IS_WORKLOAD (workload), NULL);
  g_return_val_if_fail (max_workers > 0, NULL);
  g_return_val_if_fail (repeat > 0, NULL);

  self = g_object_new (PX_TYPE_SCALER, NULL);
  self->runner = g_object_ref (runner);
  self->workload = g_object_ref (workload);
  self->strategy = strategy;
  self->repeat = repeat;

  for (guint n = 1; ; n *= 2)
    {
      PxScalePoint point = { .workers = MIN (n, max_workers) };

      g_array_append_val (self->points, point);
      if (n >= max_workers)
        break;
    }

  return self;
}

void
px_scaler_run_async (PxScaler            *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PX_IS_SCALER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, px_scaler_run_async);

  self->current = 0;
  self->runs_done = 0;
  self->tasks_failed = 0;
  g_array_set_size (self->walls, 0);

  run_next (task);
}

gboolean
px_scaler_run_finish (PxScaler      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (PX_IS_SCALER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
px_scaler_get_n_points (PxScaler *self)
{
  g_return_val_if_fail (PX_IS_SCALER (self), 0);

  return self->points->len;
}

const PxScalePoint *
px_scaler_get_point (PxScaler *self,
                     guint     index)
{
  g_return_val_if_fail (PX_IS_SCALER (self), NULL);
  g_return_val_if_fail (index < self->points->len, NULL);

  return &g_array_index (self->points, PxScalePoint, index);
}

double
px_scaler_get_fitted_p (PxScaler *self)
{
  g_return_val_if_fail (PX_IS_SCALER (self), NAN);

  return self->fitted_p;
}

guint
px_scaler_get_tasks_failed (PxScaler *self)
{
  g_return_val_if_fail (PX_IS_SCALER (self), 0);

  return self->tasks_failed;
}

static void
add_double_or_null (JsonBuilder *builder,
                    const char  *name,
                    double       value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
px_scaler_to_json (PxScaler *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (PX_IS_SCALER (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format_version");
  json_builder_add_int_value (builder, PX_JSON_FORMAT_VERSION);
  json_builder_set_member_name (builder, "workload");
  json_builder_add_string_value (builder, px_workload_get_name (self->workload));
  json_builder_set_member_name (builder, "strategy");
  json_builder_add_string_value (builder, px_strategy_to_string (self->strategy));
  json_builder_set_member_name (builder, "tasks");
  json_builder_add_int_value (builder, px_workload_get_n_tasks (self->workload));
  json_builder_set_member_name (builder, "repeat");
  json_builder_add_int_value (builder, self->repeat);
  json_builder_set_member_name (builder, "cores");
  json_builder_add_int_value (builder, g_get_num_processors ());
  json_builder_set_member_name (builder, "points");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->points->len; i++)
    {
      const PxScalePoint *point = &g_array_index (self->points, PxScalePoint, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "workers");
      json_builder_add_int_value (builder, point->workers);
      json_builder_set_member_name (builder, "wall_s");
      json_builder_add_double_value (builder, point->wall_s);
      json_builder_set_member_name (builder, "wall_min_s");
      json_builder_add_double_value (builder, point->wall_min_s);
      json_builder_set_member_name (builder, "wall_max_s");
      json_builder_add_double_value (builder, point->wall_max_s);
      add_double_or_null (builder, "speedup", point->speedup);
      add_double_or_null (builder, "efficiency", point->efficiency);
      add_double_or_null (builder, "karp_flatt", point->karp_flatt);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_double_or_null (builder, "fitted_p", self->fitted_p);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
px_scaler_to_csv (PxScaler *self)
{
  GString *csv = g_string_new ("workers,wall_s,wall_min_s,wall_max_s,speedup,efficiency,karp_flatt\n");

  g_return_val_if_fail (PX_IS_SCALER (self), NULL);

  for (guint i = 0; i < self->points->len; i++)
    {
      const PxScalePoint *point = &g_array_index (self->points, PxScalePoint, i);
      const double values[] = { point->wall_s, point->wall_min_s, point->wall_max_s,
                                point->speedup, point->efficiency, point->karp_flatt };

      g_string_append_printf (csv, "%u", point->workers);
      for (guint j = 0; j < G_N_ELEMENTS (values); j++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append_c (csv, ',');
          if (isfinite (values[j]))
            g_string_append (csv, g_ascii_formatd (buf, sizeof buf, "%.6f", values[j]));
        }
      g_string_append_c (csv, '\n');
    }

  return g_string_free (csv, FALSE);
}
