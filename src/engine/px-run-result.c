/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-run-result"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "px-batch-info.h"
#include "px-error.h"
#include "px-json-guard.h"
#include "px-format.h"
#include "px-run-result.h"

struct _PxRunResult
{
  GObject     parent_instance;

  char       *workload;
  PxStrategy  strategy;
  guint       workers;
  GPtrArray  *tasks;

  GArray     *sample_times;  /* gint64 µs */
  GArray     *samples;       /* double busy fractions, n_sample_cores per sample */
  guint       n_sample_cores;

  gint64      wall_us;
  gint64      cpu_user_us;
  gint64      cpu_sys_us;
  guint64     pipe_bytes;
  guint64     peak_rss_bytes;
  double      speedup;
  gboolean    cancelled;

  gint64      cpu_wait_us;    /* -1: unknown */
  gint64      others_cpu_us;  /* -1: unknown, as app_cpu_us and steal_us */
  gint64      app_cpu_us;
  gint64      steal_us;
  gint64      serial_start_us;  /* -1: no serial part */
  gint64      serial_end_us;
};

G_DEFINE_BOXED_TYPE (PxTaskRecord, px_task_record, px_task_record_copy, px_task_record_free)
G_DEFINE_FINAL_TYPE (PxRunResult, px_run_result, G_TYPE_OBJECT)

PxTaskRecord *
px_task_record_new (void)
{
  PxTaskRecord *record = g_new0 (PxTaskRecord, 1);

  record->cpu_wait_us = -1;

  return record;
}

PxTaskRecord *
px_task_record_copy (const PxTaskRecord *record)
{
  PxTaskRecord *copy = g_memdup2 (record, sizeof *record);

  copy->label = g_strdup (record->label);
  copy->summary = g_strdup (record->summary);
  copy->error = g_strdup (record->error);

  return copy;
}

void
px_task_record_free (PxTaskRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->label);
  g_free (record->summary);
  g_free (record->error);
  g_free (record);
}

static void
px_run_result_finalize (GObject *object)
{
  PxRunResult *self = (PxRunResult *) object;

  g_clear_pointer (&self->workload, g_free);
  g_clear_pointer (&self->tasks, g_ptr_array_unref);
  g_clear_pointer (&self->sample_times, g_array_unref);
  g_clear_pointer (&self->samples, g_array_unref);

  G_OBJECT_CLASS (px_run_result_parent_class)->finalize (object);
}

static void
px_run_result_class_init (PxRunResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = px_run_result_finalize;
}

static void
px_run_result_init (PxRunResult *self)
{
  self->speedup = NAN;
  self->cpu_wait_us = -1;
  self->others_cpu_us = -1;
  self->app_cpu_us = -1;
  self->steal_us = -1;
  self->serial_start_us = -1;
  self->serial_end_us = -1;
  self->sample_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->samples = g_array_new (FALSE, FALSE, sizeof (double));
}

PxRunResult *
px_run_result_new (const char *workload,
                   PxStrategy  strategy,
                   guint       workers,
                   guint       n_tasks)
{
  PxRunResult *self;

  g_return_val_if_fail (workload != NULL, NULL);
  g_return_val_if_fail (strategy < PX_N_STRATEGIES, NULL);

  self = g_object_new (PX_TYPE_RUN_RESULT, NULL);
  self->workload = g_strdup (workload);
  self->strategy = strategy;
  self->workers = workers;
  self->tasks = g_ptr_array_new_full (n_tasks, (GDestroyNotify) px_task_record_free);
  g_ptr_array_set_size (self->tasks, n_tasks);

  return self;
}

const char *
px_run_result_get_workload (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), NULL);

  return self->workload;
}

PxStrategy
px_run_result_get_strategy (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), 0);

  return self->strategy;
}

guint
px_run_result_get_workers (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), 0);

  return self->workers;
}

guint
px_run_result_get_n_tasks (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), 0);

  return self->tasks->len;
}

const PxTaskRecord *
px_run_result_get_task (PxRunResult *self,
                        guint        index)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), NULL);
  g_return_val_if_fail (index < self->tasks->len, NULL);

  return g_ptr_array_index (self->tasks, index);
}

void
px_run_result_take_task (PxRunResult  *self,
                         PxTaskRecord *record)
{
  g_return_if_fail (PX_IS_RUN_RESULT (self));
  g_return_if_fail (record != NULL);

  if (record->index >= self->tasks->len)
    {
      g_critical ("Task %u is out of range", record->index);
      px_task_record_free (record);
      return;
    }

  px_task_record_free (g_ptr_array_index (self->tasks, record->index));
  g_ptr_array_index (self->tasks, record->index) = record;
}

void
px_run_result_add_started (PxRunResult *self,
                           guint        index,
                           guint        lane,
                           gint64       start_us)
{
  PxTaskRecord *record;

  g_return_if_fail (PX_IS_RUN_RESULT (self));
  g_return_if_fail (index < self->tasks->len);

  record = px_task_record_new ();
  record->index = index;
  record->lane = lane;
  record->start_us = start_us;
  record->end_us = -1;
  px_run_result_take_task (self, record);
}

guint
px_run_result_get_n_lanes (PxRunResult *self)
{
  guint n_lanes = 0;

  g_return_val_if_fail (PX_IS_RUN_RESULT (self), 0);

  for (guint i = 0; i < self->tasks->len; i++)
    {
      const PxTaskRecord *record = g_ptr_array_index (self->tasks, i);

      if (record != NULL)
        n_lanes = MAX (n_lanes, record->lane + 1);
    }

  return n_lanes;
}

gint64
px_run_result_get_span_us (PxRunResult *self)
{
  gint64 span = 0;

  g_return_val_if_fail (PX_IS_RUN_RESULT (self), 0);

  for (guint i = 0; i < self->tasks->len; i++)
    {
      const PxTaskRecord *record = g_ptr_array_index (self->tasks, i);

      if (record != NULL)
        span = MAX (span, MAX (record->end_us, record->start_us));
    }
  if (self->sample_times->len > 0)
    span = MAX (span, g_array_index (self->sample_times, gint64, self->sample_times->len - 1));

  return MAX (span, self->wall_us);
}

void
px_run_result_add_cpu_sample (PxRunResult  *self,
                              gint64        t_us,
                              const double *busy,
                              guint         n_cores)
{
  g_return_if_fail (PX_IS_RUN_RESULT (self));
  g_return_if_fail (busy != NULL || n_cores == 0);

  if (self->sample_times->len == 0)
    self->n_sample_cores = n_cores;
  g_return_if_fail (n_cores == self->n_sample_cores);

  g_array_append_val (self->sample_times, t_us);
  g_array_append_vals (self->samples, busy, n_cores);
}

guint
px_run_result_get_n_cpu_samples (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), 0);

  return self->sample_times->len;
}

const double *
px_run_result_get_cpu_sample (PxRunResult *self,
                              guint        i,
                              gint64      *t_us,
                              guint       *n_cores)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), NULL);
  g_return_val_if_fail (i < self->sample_times->len, NULL);

  if (t_us != NULL)
    *t_us = g_array_index (self->sample_times, gint64, i);
  if (n_cores != NULL)
    *n_cores = self->n_sample_cores;

  return &g_array_index (self->samples, double, (gsize) i * self->n_sample_cores);
}

static void
count_tasks (PxRunResult *self,
             guint       *ok,
             guint       *failed)
{
  *ok = *failed = 0;

  for (guint i = 0; i < self->tasks->len; i++)
    {
      const PxTaskRecord *record = g_ptr_array_index (self->tasks, i);

      if (record == NULL || PX_TASK_RECORD_IS_RUNNING (record))
        continue;
      if (record->error == NULL)
        (*ok)++;
      else
        (*failed)++;
    }
}

guint
px_run_result_get_tasks_ok (PxRunResult *self)
{
  guint ok, failed;

  g_return_val_if_fail (PX_IS_RUN_RESULT (self), 0);

  count_tasks (self, &ok, &failed);
  return ok;
}

guint
px_run_result_get_tasks_failed (PxRunResult *self)
{
  guint ok, failed;

  g_return_val_if_fail (PX_IS_RUN_RESULT (self), 0);

  count_tasks (self, &ok, &failed);
  return failed;
}

gint64
px_run_result_get_wall_us (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), 0);

  return self->wall_us;
}

gint64
px_run_result_get_cpu_user_us (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), 0);

  return self->cpu_user_us;
}

gint64
px_run_result_get_cpu_sys_us (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), 0);

  return self->cpu_sys_us;
}

guint64
px_run_result_get_pipe_bytes (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), 0);

  return self->pipe_bytes;
}

guint64
px_run_result_get_peak_rss_bytes (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), 0);

  return self->peak_rss_bytes;
}

void
px_run_result_set_measurements (PxRunResult *self,
                                gint64       wall_us,
                                gint64       cpu_user_us,
                                gint64       cpu_sys_us,
                                guint64      pipe_bytes,
                                guint64      peak_rss_bytes)
{
  g_return_if_fail (PX_IS_RUN_RESULT (self));

  self->wall_us = wall_us;
  self->cpu_user_us = cpu_user_us;
  self->cpu_sys_us = cpu_sys_us;
  self->pipe_bytes = pipe_bytes;
  self->peak_rss_bytes = peak_rss_bytes;
}

void
px_run_result_set_contention (PxRunResult *self,
                              gint64       cpu_wait_us,
                              gint64       others_cpu_us,
                              gint64       app_cpu_us,
                              gint64       steal_us)
{
  g_return_if_fail (PX_IS_RUN_RESULT (self));

  self->cpu_wait_us = cpu_wait_us < 0 ? -1 : cpu_wait_us;
  self->others_cpu_us = others_cpu_us < 0 ? -1 : others_cpu_us;
  self->app_cpu_us = app_cpu_us < 0 ? -1 : app_cpu_us;
  self->steal_us = steal_us < 0 ? -1 : steal_us;
}

gint64
px_run_result_get_cpu_wait_us (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), -1);

  return self->cpu_wait_us;
}

void
px_run_result_set_serial_span (PxRunResult *self,
                               gint64       start_us,
                               gint64       end_us)
{
  g_return_if_fail (PX_IS_RUN_RESULT (self));
  g_return_if_fail (start_us <= end_us);

  self->serial_start_us = start_us;
  self->serial_end_us = end_us;
}

gboolean
px_run_result_get_serial_span (PxRunResult *self,
                               gint64      *start_us,
                               gint64      *end_us)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), FALSE);

  if (self->serial_start_us < 0)
    return FALSE;

  if (start_us != NULL)
    *start_us = self->serial_start_us;
  if (end_us != NULL)
    *end_us = self->serial_end_us;

  return TRUE;
}

gint64
px_run_result_get_others_cpu_us (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), -1);

  return self->others_cpu_us;
}

gint64
px_run_result_get_app_cpu_us (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), -1);

  return self->app_cpu_us;
}

gint64
px_run_result_get_steal_us (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), -1);

  return self->steal_us;
}

/* Average cores' worth of a time over the run. */
static double
cores_over_run (PxRunResult *self,
                gint64       us)
{
  if (us <= 0 || self->wall_us <= 0)
    return 0.;

  return (double) us / (double) self->wall_us;
}

gboolean
px_run_result_get_disturbed (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), FALSE);

  /* /proc/stat counts in ticks of 10 ms per core: a short run needs more
   * than a few ticks before it can be said to be disturbed. */
  if (cores_over_run (self, MAX (self->others_cpu_us, 0) + MAX (self->steal_us, 0) - PX_DISTURBED_SLACK_US) >
      PX_DISTURBED_CORE_SHARE)
    return TRUE;

  /* More workers than cores wait for each other: that is the run's own doing. */
  return self->workers <= g_get_num_processors () &&
         cores_over_run (self, self->cpu_wait_us) > PX_DISTURBED_CORE_SHARE;
}

char *
px_run_result_dup_disturbance (PxRunResult *self)
{
  GString *text;
  double others, app, steal;

  g_return_val_if_fail (PX_IS_RUN_RESULT (self), NULL);

  if (!px_run_result_get_disturbed (self))
    return NULL;

  others = cores_over_run (self, self->others_cpu_us);
  app = cores_over_run (self, self->app_cpu_us);
  steal = cores_over_run (self, self->steal_us);
  text = g_string_new (NULL);

  if (others - app >= PX_DISTURBED_CORE_SHARE / 2)
    g_string_append_printf (text, _("other programs used %.1f cores during this run"), others - app);
  if (app >= PX_DISTURBED_CORE_SHARE / 2)
    {
      if (text->len > 0)
        g_string_append (text, _(", "));
      g_string_append_printf (text, _("Parallax's own window and server used %.1f cores"), app);
    }
  if (steal >= PX_DISTURBED_CORE_SHARE / 2)
    {
      if (text->len > 0)
        g_string_append (text, _(", "));
      g_string_append_printf (text, _("the hypervisor took %.1f cores"), steal);
    }
  if (text->len == 0)
    g_string_append_printf (text, _("this run's threads waited %.1f cores' worth for a CPU"),
                            cores_over_run (self, self->cpu_wait_us));
  g_string_append (text, _(": timings are disturbed"));

  return g_string_free (text, FALSE);
}

double
px_run_result_get_cpu_wall_ratio (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), 0.);

  if (self->wall_us <= 0)
    return 0.;

  return (double) (self->cpu_user_us + self->cpu_sys_us) / (double) self->wall_us;
}

gboolean
px_run_result_get_cancelled (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), FALSE);

  return self->cancelled;
}

void
px_run_result_set_cancelled (PxRunResult *self,
                             gboolean     cancelled)
{
  g_return_if_fail (PX_IS_RUN_RESULT (self));

  self->cancelled = !!cancelled;
}

double
px_run_result_get_compute_ratio (PxRunResult *self)
{
  double wall, queued;

  g_return_val_if_fail (PX_IS_RUN_RESULT (self), 0.);

  if (self->wall_us <= 0)
    return 0.;

  wall = (double) self->wall_us;
  queued = (double) MAX (self->cpu_wait_us, 0) / MAX (px_run_result_get_n_lanes (self), 1);

  return (double) (self->cpu_user_us + self->cpu_sys_us) / MAX (wall - queued, wall / 100.);
}

PxVerdict
px_run_result_get_verdict (PxRunResult *self)
{
  double ratio;

  g_return_val_if_fail (PX_IS_RUN_RESULT (self), PX_VERDICT_IO_BOUND);

  ratio = px_run_result_get_compute_ratio (self);

  if (ratio < PX_VERDICT_IO_BOUND_BELOW - PX_VERDICT_MARGIN)
    return PX_VERDICT_IO_BOUND;
  if (ratio <= PX_VERDICT_IO_BOUND_BELOW + PX_VERDICT_MARGIN)
    return PX_VERDICT_IO_OR_CPU_BOUND;
  if (ratio < PX_VERDICT_PARALLEL_ABOVE - PX_VERDICT_MARGIN)
    return PX_VERDICT_CPU_BOUND;
  if (ratio <= PX_VERDICT_PARALLEL_ABOVE + PX_VERDICT_MARGIN)
    return PX_VERDICT_CPU_BOUND_OR_PARALLEL;
  return PX_VERDICT_PARALLEL;
}

double
px_run_result_get_speedup (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), NAN);

  return self->speedup;
}

void
px_run_result_set_speedup (PxRunResult *self,
                           double       speedup)
{
  g_return_if_fail (PX_IS_RUN_RESULT (self));

  self->speedup = speedup;
}

double
px_run_result_get_efficiency (PxRunResult *self)
{
  g_return_val_if_fail (PX_IS_RUN_RESULT (self), NAN);

  if (isnan (self->speedup) || self->workers == 0)
    return NAN;

  return self->speedup / self->workers;
}

static double
us_to_s (gint64 us)
{
  return (double) us / G_USEC_PER_SEC;
}

static gint64
s_to_us (double s)
{
  return (gint64) llround (s * G_USEC_PER_SEC);
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

/* A time that may be unknown (< 0): null, never a made-up zero. */
static void
add_time_or_null (JsonBuilder *builder,
                  const char  *name,
                  gint64       us)
{
  add_double_or_null (builder, name, us >= 0 ? us_to_s (us) : NAN);
}

static void
add_task (JsonBuilder        *builder,
          const PxTaskRecord *record)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "index");
  json_builder_add_int_value (builder, record->index);
  px_json_add_string_or_null (builder, "label", record->label);
  json_builder_set_member_name (builder, "lane");
  json_builder_add_int_value (builder, record->lane);
  json_builder_set_member_name (builder, "start_s");
  json_builder_add_double_value (builder, us_to_s (record->start_us));
  json_builder_set_member_name (builder, "end_s");
  json_builder_add_double_value (builder, us_to_s (record->end_us));
  json_builder_set_member_name (builder, "cpu_s");
  json_builder_add_double_value (builder, us_to_s (record->cpu_us));
  add_time_or_null (builder, "cpu_wait_s", record->cpu_wait_us);
  json_builder_set_member_name (builder, "bytes_in");
  json_builder_add_int_value (builder, (gint64) record->bytes_in);
  json_builder_set_member_name (builder, "bytes_out");
  json_builder_add_int_value (builder, (gint64) record->bytes_out);
  if (record->pid != 0)
    {
      json_builder_set_member_name (builder, "pid");
      json_builder_add_int_value (builder, record->pid);
    }
  px_json_add_string_or_null (builder, "summary", record->summary);
  px_json_add_string_or_null (builder, "error", record->error);
  json_builder_end_object (builder);
}

JsonNode *
px_run_result_to_json (PxRunResult *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (PX_IS_RUN_RESULT (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "strategy");
  json_builder_add_string_value (builder, px_strategy_to_string (self->strategy));
  json_builder_set_member_name (builder, "workers");
  json_builder_add_int_value (builder, self->workers);
  json_builder_set_member_name (builder, "wall_s");
  json_builder_add_double_value (builder, us_to_s (self->wall_us));
  json_builder_set_member_name (builder, "cpu_user_s");
  json_builder_add_double_value (builder, us_to_s (self->cpu_user_us));
  json_builder_set_member_name (builder, "cpu_sys_s");
  json_builder_add_double_value (builder, us_to_s (self->cpu_sys_us));
  add_time_or_null (builder, "cpu_wait_s", self->cpu_wait_us);
  add_time_or_null (builder, "others_cpu_s", self->others_cpu_us);
  add_time_or_null (builder, "app_cpu_s", self->app_cpu_us);
  add_time_or_null (builder, "steal_s", self->steal_us);
  json_builder_set_member_name (builder, "disturbed");
  json_builder_add_boolean_value (builder, px_run_result_get_disturbed (self));
  add_time_or_null (builder, "serial_start_s", self->serial_start_us);
  add_time_or_null (builder, "serial_end_s", self->serial_end_us);
  json_builder_set_member_name (builder, "cpu_wall_ratio");
  json_builder_add_double_value (builder, px_run_result_get_cpu_wall_ratio (self));
  add_double_or_null (builder, "speedup", self->speedup);
  add_double_or_null (builder, "efficiency", px_run_result_get_efficiency (self));
  json_builder_set_member_name (builder, "verdict");
  json_builder_add_string_value (builder, px_verdict_to_string (px_run_result_get_verdict (self)));
  json_builder_set_member_name (builder, "pipe_bytes");
  json_builder_add_int_value (builder, (gint64) self->pipe_bytes);
  json_builder_set_member_name (builder, "peak_rss_bytes");
  json_builder_add_int_value (builder, (gint64) self->peak_rss_bytes);
  json_builder_set_member_name (builder, "tasks_ok");
  json_builder_add_int_value (builder, px_run_result_get_tasks_ok (self));
  json_builder_set_member_name (builder, "tasks_failed");
  json_builder_add_int_value (builder, px_run_result_get_tasks_failed (self));
  json_builder_set_member_name (builder, "cancelled");
  json_builder_add_boolean_value (builder, self->cancelled);

  json_builder_set_member_name (builder, "tasks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->tasks->len; i++)
    {
      const PxTaskRecord *record = g_ptr_array_index (self->tasks, i);

      if (record != NULL && !PX_TASK_RECORD_IS_RUNNING (record))
        add_task (builder, record);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "cpu_samples");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->sample_times->len; i++)
    {
      const double *busy = px_run_result_get_cpu_sample (self, i, NULL, NULL);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "t_s");
      json_builder_add_double_value (builder, us_to_s (g_array_index (self->sample_times, gint64, i)));
      json_builder_set_member_name (builder, "busy");
      json_builder_begin_array (builder);
      for (guint c = 0; c < self->n_sample_cores; c++)
        json_builder_add_double_value (builder, busy[c]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
check_member (JsonObject  *object,
              const char  *name,
              GType        type,
              gboolean     nullable,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && nullable && JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (type == G_TYPE_STRING && json_node_get_value_type (node) != G_TYPE_STRING) ||
      (type == G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_DOUBLE &&
       json_node_get_value_type (node) != G_TYPE_INT64) ||
      (type == G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_INT64))
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED,
                   _("Saved run: “%s” is missing or has the wrong type"), name);
      return FALSE;
    }

  return TRUE;
}

static const char *
get_nullable_string (JsonObject *object,
                     const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return json_node_get_string (node);
}

/* A time from a file: finite and within PX_RUN_MAX_SECONDS of the start,
 * so that converting it to µs cannot overflow. */
static gboolean
get_seconds (JsonObject  *object,
             const char  *name,
             gboolean     allow_negative,
             gint64      *us,
             GError     **error)
{
  double s = json_object_get_double_member (object, name);

  if (!isfinite (s) || s > PX_RUN_MAX_SECONDS || s < (allow_negative ? -PX_RUN_MAX_SECONDS : 0.))
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: “%s” is out of range"), name);
      return FALSE;
    }

  *us = s_to_us (s);
  return TRUE;
}

/* -1 for a time that is missing (an older file), null (unknown) or out of
 * range. */
static gint64
get_optional_time (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  double s;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return -1;

  s = json_node_get_double (node);
  if (!isfinite (s) || s < 0. || s > PX_RUN_MAX_SECONDS)
    return -1;

  return s_to_us (s);
}

static PxTaskRecord *
task_from_json (JsonNode  *node,
                guint      n_tasks,
                GError   **error)
{
  g_autoptr(PxTaskRecord) record = px_task_record_new ();
  JsonObject *object;
  const char *int_members[] = { "index", "lane", "bytes_in", "bytes_out" };
  const char *double_members[] = { "start_s", "end_s", "cpu_s" };
  const char *string_members[] = { "label", "summary", "error" };
  gint64 index, lane;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: a task is not an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  for (guint i = 0; i < G_N_ELEMENTS (int_members); i++)
    if (!check_member (object, int_members[i], G_TYPE_INT64, FALSE, error))
      return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (double_members); i++)
    if (!check_member (object, double_members[i], G_TYPE_DOUBLE, FALSE, error))
      return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (string_members); i++)
    if (json_object_has_member (object, string_members[i]) &&
        !check_member (object, string_members[i], G_TYPE_STRING, TRUE, error))
      return NULL;
  /* Files saved before it was measured have no CPU wait. */
  if (json_object_has_member (object, "cpu_wait_s") &&
      !check_member (object, "cpu_wait_s", G_TYPE_DOUBLE, TRUE, error))
    return NULL;

  index = json_object_get_int_member (object, "index");
  if (index < 0 || index >= n_tasks)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: a task index is out of range"));
      return NULL;
    }

  lane = json_object_get_int_member (object, "lane");
  if (lane < 0 || lane >= PX_RUN_MAX_LANES)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: a task’s lane is out of range"));
      return NULL;
    }

  record->index = index;
  record->lane = lane;
  if (!get_seconds (object, "start_s", TRUE, &record->start_us, error) ||
      !get_seconds (object, "end_s", TRUE, &record->end_us, error) ||
      !get_seconds (object, "cpu_s", FALSE, &record->cpu_us, error))
    return NULL;
  if (record->end_us < record->start_us)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: a task ends before it starts"));
      return NULL;
    }

  record->cpu_wait_us = get_optional_time (object, "cpu_wait_s");
  /* Only tasks run by a worker process have one. */
  if (json_object_has_member (object, "pid"))
    {
      gint64 pid;

      if (!check_member (object, "pid", G_TYPE_INT64, FALSE, error))
        return NULL;
      pid = json_object_get_int_member (object, "pid");
      if (pid < 1 || pid > G_MAXINT32)
        {
          g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: “%s” is out of range"), "pid");
          return NULL;
        }
      record->pid = (guint) pid;
    }
  record->bytes_in = MAX (json_object_get_int_member (object, "bytes_in"), 0);
  record->bytes_out = MAX (json_object_get_int_member (object, "bytes_out"), 0);
  record->label = g_strdup (get_nullable_string (object, "label"));
  record->summary = g_strdup (get_nullable_string (object, "summary"));
  record->error = g_strdup (get_nullable_string (object, "error"));

  return g_steal_pointer (&record);
}

static gboolean
samples_from_json (PxRunResult  *self,
                   JsonArray    *samples,
                   GError      **error)
{
  if (json_array_get_length (samples) > PX_RUN_MAX_CPU_SAMPLES)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: too many CPU samples"));
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (samples); i++)
    {
      gint64 t_us;
      JsonNode *node = json_array_get_element (samples, i);
      g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (double));
      JsonObject *object;
      JsonArray *cores;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          !check_member ((object = json_node_get_object (node)), "t_s", G_TYPE_DOUBLE, FALSE, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: a CPU sample is not an object"));
          return FALSE;
        }

      if (!json_object_has_member (object, "busy") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "busy")))
        {
          g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: a CPU sample has no “busy” list"));
          return FALSE;
        }

      cores = json_object_get_array_member (object, "busy");
      if (json_array_get_length (cores) > PX_RUN_MAX_CORES ||
          (guint64) json_array_get_length (cores) * json_array_get_length (samples) > PX_RUN_MAX_SAMPLE_VALUES)
        {
          g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: a CPU sample has too many cores"));
          return FALSE;
        }
      for (guint c = 0; c < json_array_get_length (cores); c++)
        {
          JsonNode *value = json_array_get_element (cores, c);
          double fraction;

          if (!JSON_NODE_HOLDS_VALUE (value) ||
              (json_node_get_value_type (value) != G_TYPE_DOUBLE &&
               json_node_get_value_type (value) != G_TYPE_INT64) ||
              !isfinite (json_node_get_double (value)))
            {
              g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: a CPU sample is not a number"));
              return FALSE;
            }
          fraction = CLAMP (json_node_get_double (value), 0., 1.);
          g_array_append_val (busy, fraction);
        }

      if (self->sample_times->len > 0 && busy->len != self->n_sample_cores)
        {
          g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: CPU samples of different core counts"));
          return FALSE;
        }

      if (!get_seconds (object, "t_s", TRUE, &t_us, error))
        return FALSE;
      px_run_result_add_cpu_sample (self, t_us, (const double *) (gpointer) busy->data, busy->len);
    }

  return TRUE;
}

/* n_tasks: the batch's task count from the file, 0 when it has none. */
static PxRunResult *
run_from_json (JsonNode  *node,
               guint      n_tasks,
               GError   **error)
{
  g_autoptr(PxRunResult) self = NULL;
  g_autoptr(GHashTable) seen = NULL;
  JsonObject *object;
  JsonArray *tasks;
  PxStrategy strategy;
  gint64 workers;
  gint64 wall_us, user_us, sys_us;
  const char *optional_times[] = { "cpu_wait_s", "others_cpu_s", "app_cpu_s", "steal_s",
                                   "serial_start_s", "serial_end_s" };

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: a run is not an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!check_member (object, "strategy", G_TYPE_STRING, FALSE, error) ||
      !check_member (object, "workers", G_TYPE_INT64, FALSE, error) ||
      !check_member (object, "wall_s", G_TYPE_DOUBLE, FALSE, error) ||
      !check_member (object, "cpu_user_s", G_TYPE_DOUBLE, FALSE, error) ||
      !check_member (object, "cpu_sys_s", G_TYPE_DOUBLE, FALSE, error) ||
      !check_member (object, "pipe_bytes", G_TYPE_INT64, FALSE, error) ||
      !check_member (object, "peak_rss_bytes", G_TYPE_INT64, FALSE, error) ||
      !check_member (object, "speedup", G_TYPE_DOUBLE, TRUE, error))
    return NULL;

  /* Files saved before these were measured lack them. */
  for (guint i = 0; i < G_N_ELEMENTS (optional_times); i++)
    if (json_object_has_member (object, optional_times[i]) &&
        !check_member (object, optional_times[i], G_TYPE_DOUBLE, TRUE, error))
      return NULL;

  if (!px_strategy_from_string (json_object_get_string_member (object, "strategy"), &strategy))
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: unknown strategy “%s”"),
                   json_object_get_string_member (object, "strategy"));
      return NULL;
    }

  workers = json_object_get_int_member (object, "workers");
  if (workers < 0 || workers > PX_RUN_MAX_LANES)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: “%s” is out of range"), "workers");
      return NULL;
    }

  if (!get_seconds (object, "wall_s", FALSE, &wall_us, error) ||
      !get_seconds (object, "cpu_user_s", FALSE, &user_us, error) ||
      !get_seconds (object, "cpu_sys_s", FALSE, &sys_us, error))
    return NULL;

  if (!json_object_has_member (object, "tasks") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "tasks")))
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: “tasks” is missing"));
      return NULL;
    }
  tasks = json_object_get_array_member (object, "tasks");

  /* Tasks of a cancelled run may be missing, but no index may repeat or
   * reach past the batch's task count: the result is sized by it. */
  if (n_tasks == 0)
    n_tasks = json_array_get_length (tasks);
  if (json_array_get_length (tasks) > n_tasks || n_tasks > PX_RUN_MAX_TASKS)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: too many tasks"));
      return NULL;
    }

  self = px_run_result_new ("", strategy, workers, n_tasks);
  seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      PxTaskRecord *record = task_from_json (json_array_get_element (tasks, i), n_tasks, error);

      if (record == NULL)
        return NULL;
      if (!g_hash_table_add (seen, GUINT_TO_POINTER (record->index + 1)))
        {
          g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: task %u appears twice"),
                       record->index + 1);
          px_task_record_free (record);
          return NULL;
        }
      px_run_result_take_task (self, record);
    }

  px_run_result_set_measurements (self, wall_us, user_us, sys_us,
                                  MAX (json_object_get_int_member (object, "pipe_bytes"), 0),
                                  MAX (json_object_get_int_member (object, "peak_rss_bytes"), 0));
  if (!JSON_NODE_HOLDS_NULL (json_object_get_member (object, "speedup")))
    {
      self->speedup = json_object_get_double_member (object, "speedup");
      if (!isfinite (self->speedup) || self->speedup < 0.)
        {
          g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: “%s” is out of range"), "speedup");
          return NULL;
        }
    }
  self->cancelled = json_object_get_boolean_member_with_default (object, "cancelled", FALSE);
  px_run_result_set_contention (self,
                                get_optional_time (object, "cpu_wait_s"),
                                get_optional_time (object, "others_cpu_s"),
                                get_optional_time (object, "app_cpu_s"),
                                get_optional_time (object, "steal_s"));
  if (get_optional_time (object, "serial_start_s") >= 0 &&
      get_optional_time (object, "serial_end_s") >= get_optional_time (object, "serial_start_s"))
    px_run_result_set_serial_span (self, get_optional_time (object, "serial_start_s"),
                                   get_optional_time (object, "serial_end_s"));

  /* Older files, and scripts' own, may have no samples. */
  if (json_object_has_member (object, "cpu_samples"))
    {
      if (!JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "cpu_samples")))
        {
          g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: “cpu_samples” is not a list"));
          return NULL;
        }
      if (!samples_from_json (self, json_object_get_array_member (object, "cpu_samples"), error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

PxRunResult *
px_run_result_new_from_json (JsonNode  *node,
                             GError   **error)
{
  g_return_val_if_fail (node != NULL, NULL);

  return run_from_json (node, 0, error);
}

void
px_run_results_compute_speedups (GPtrArray *runs)
{
  PxRunResult *sequential = NULL;

  g_return_if_fail (runs != NULL);

  for (guint i = 0; i < runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (runs, i);

      if (run->strategy == PX_STRATEGY_SEQUENTIAL)
        sequential = run;
    }

  for (guint i = 0; i < runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (runs, i);

      if (sequential != NULL && sequential->wall_us > 0 && run->wall_us > 0)
        run->speedup = (double) sequential->wall_us / (double) run->wall_us;
      else
        run->speedup = NAN;
    }
}

JsonNode *
px_run_results_to_json (GPtrArray *runs)
{
  return px_run_results_to_json_with_info (runs, NULL);
}

JsonNode *
px_run_results_to_json_with_info (GPtrArray         *runs,
                                  const PxBatchInfo *info)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *workload = "";
  guint n_tasks = 0;
  guint workers = 0;

  g_return_val_if_fail (runs != NULL, NULL);

  for (guint i = 0; i < runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (runs, i);

      workload = run->workload;
      n_tasks = MAX (n_tasks, run->tasks->len);
      workers = MAX (workers, run->workers);
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format_version");
  json_builder_add_int_value (builder, PX_JSON_FORMAT_VERSION);
  json_builder_set_member_name (builder, "workload");
  json_builder_add_string_value (builder, workload);
  json_builder_set_member_name (builder, "tasks");
  json_builder_add_int_value (builder, n_tasks);
  json_builder_set_member_name (builder, "workers");
  json_builder_add_int_value (builder, workers);
  /* The cores of the machine that ran the batch, where known. */
  json_builder_set_member_name (builder, "cores");
  json_builder_add_int_value (builder, info != NULL && info->cores > 0 ? info->cores : g_get_num_processors ());
  if (info != NULL)
    px_batch_info_to_json (info, builder);
  json_builder_set_member_name (builder, "runs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < runs->len; i++)
    json_builder_add_value (builder, px_run_result_to_json (g_ptr_array_index (runs, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
px_run_results_to_csv (GPtrArray *runs)
{
  GString *csv = g_string_new ("workload,strategy,workers,tasks,wall_s,cpu_user_s,cpu_sys_s,"
                               "cpu_wall_ratio,speedup,efficiency,verdict,pipe_bytes,"
                               "peak_rss_bytes,tasks_ok,tasks_failed,cpu_wait_s,others_cpu_s,"
                               "steal_s,disturbed\n");

  g_return_val_if_fail (runs != NULL, NULL);

  for (guint i = 0; i < runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (runs, i);
      char buf[9][G_ASCII_DTOSTR_BUF_SIZE];
      double speedup = run->speedup;
      double efficiency = px_run_result_get_efficiency (run);

      g_ascii_formatd (buf[0], sizeof buf[0], "%.6f", us_to_s (run->wall_us));
      g_ascii_formatd (buf[1], sizeof buf[1], "%.6f", us_to_s (run->cpu_user_us));
      g_ascii_formatd (buf[2], sizeof buf[2], "%.6f", us_to_s (run->cpu_sys_us));
      g_ascii_formatd (buf[3], sizeof buf[3], "%.4f", px_run_result_get_cpu_wall_ratio (run));
      g_ascii_formatd (buf[4], sizeof buf[4], "%.4f", speedup);
      g_ascii_formatd (buf[5], sizeof buf[5], "%.4f", efficiency);
      g_ascii_formatd (buf[6], sizeof buf[6], "%.6f", us_to_s (run->cpu_wait_us));
      g_ascii_formatd (buf[7], sizeof buf[7], "%.6f", us_to_s (run->others_cpu_us));
      g_ascii_formatd (buf[8], sizeof buf[8], "%.6f", us_to_s (run->steal_us));

      px_csv_append_field (csv, run->workload);
      g_string_append_c (csv, ',');
      px_csv_append_field (csv, px_strategy_to_string (run->strategy));
      g_string_append_printf (csv, ",%u,%u,%s,%s,%s,%s,%s,%s,%s,%" G_GUINT64_FORMAT ",%"
                              G_GUINT64_FORMAT ",%u,%u,%s,%s,%s,%s\n",
                              run->workers, run->tasks->len, buf[0], buf[1], buf[2], buf[3],
                              isfinite (speedup) ? buf[4] : "",
                              isfinite (efficiency) ? buf[5] : "",
                              run->cancelled ? "cancelled" : px_verdict_to_string (px_run_result_get_verdict (run)),
                              run->pipe_bytes, run->peak_rss_bytes,
                              px_run_result_get_tasks_ok (run),
                              px_run_result_get_tasks_failed (run),
                              run->cpu_wait_us >= 0 ? buf[6] : "",
                              run->others_cpu_us >= 0 ? buf[7] : "",
                              run->steal_us >= 0 ? buf[8] : "",
                              px_run_result_get_disturbed (run) ? "true" : "false");
    }

  return g_string_free (csv, FALSE);
}

static int
compare_start (gconstpointer a,
               gconstpointer b)
{
  const PxTaskRecord *x = *(const PxTaskRecord * const *) a;
  const PxTaskRecord *y = *(const PxTaskRecord * const *) b;

  if (x->start_us != y->start_us)
    return x->start_us < y->start_us ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* The trace track of each finished task, by task index, and the number of
 * tracks. A lane runs one task at a time, except the event loop's single
 * lane: there a task gets the first in-flight slot that is free when it
 * starts, so that no two slices on one track overlap (Perfetto drops
 * slices that overlap without nesting). */
static guint *
trace_tracks (PxRunResult *run,
              guint       *n_tracks)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GArray) slot_ends = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint *tracks = g_new0 (guint, run->tasks->len);

  *n_tracks = 0;
  for (guint i = 0; i < run->tasks->len; i++)
    {
      PxTaskRecord *record = g_ptr_array_index (run->tasks, i);

      if (record != NULL && !PX_TASK_RECORD_IS_RUNNING (record))
        g_ptr_array_add (order, record);
    }
  g_ptr_array_sort (order, compare_start);

  for (guint i = 0; i < order->len; i++)
    {
      const PxTaskRecord *record = g_ptr_array_index (order, i);
      guint track = record->lane;

      if (run->strategy == PX_STRATEGY_ASYNC)
        {
          for (track = 0; track < slot_ends->len; track++)
            if (g_array_index (slot_ends, gint64, track) <= record->start_us)
              break;
          if (track == slot_ends->len)
            g_array_append_val (slot_ends, record->end_us);
          else
            g_array_index (slot_ends, gint64, track) = record->end_us;
        }

      tracks[record->index] = track;
      *n_tracks = MAX (*n_tracks, track + 1);
    }

  return tracks;
}

static void
add_metadata (JsonBuilder *builder,
              const char  *what,
              guint        pid,
              gint         tid,
              const char  *name)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, what);
  json_builder_set_member_name (builder, "ph");
  json_builder_add_string_value (builder, "M");
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, pid);
  if (tid >= 0)
    {
      json_builder_set_member_name (builder, "tid");
      json_builder_add_int_value (builder, tid);
    }
  json_builder_set_member_name (builder, "args");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* A worker process's track names its pids: more than one when a worker
 * died and was replaced on that lane. */
static char *
track_name (PxRunResult  *run,
            const guint  *tracks,
            guint         track)
{
  g_autoptr(GString) pids = NULL;
  g_autoptr(GArray) seen = NULL;

  switch (run->strategy)
    {
    case PX_STRATEGY_PROCESSES:
      pids = g_string_new (NULL);
      seen = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = 0; i < run->tasks->len; i++)
        {
          const PxTaskRecord *record = g_ptr_array_index (run->tasks, i);
          gboolean known = FALSE;

          if (record == NULL || PX_TASK_RECORD_IS_RUNNING (record) || tracks[record->index] != track || record->pid == 0)
            continue;
          for (guint j = 0; j < seen->len && !known; j++)
            known = g_array_index (seen, guint, j) == record->pid;
          if (known)
            continue;
          g_array_append_val (seen, record->pid);
          g_string_append_printf (pids, "%s%u", pids->len > 0 ? ", " : "", record->pid);
        }
      if (seen->len == 0)
        return g_strdup_printf ("process %u", track + 1);
      return g_strdup_printf ("process %u (%s %s)", track + 1, seen->len == 1 ? "pid" : "pids", pids->str);
    case PX_STRATEGY_ASYNC:
      return g_strdup_printf ("event loop, slot %u", track + 1);
    case PX_STRATEGY_SEQUENTIAL:
    case PX_STRATEGY_THREADS:
    case PX_STRATEGY_GIL:
    default:
      return g_strdup_printf ("thread %u", track + 1);
    }
}

JsonNode *
px_run_results_to_trace (GPtrArray *runs)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 offset = 0;

  g_return_val_if_fail (runs != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "displayTimeUnit");
  json_builder_add_string_value (builder, "ms");
  json_builder_set_member_name (builder, "traceEvents");
  json_builder_begin_array (builder);

  for (guint r = 0; r < runs->len; r++)
    {
      PxRunResult *run = g_ptr_array_index (runs, r);
      g_autofree char *name = g_strdup_printf ("%s (%u)", px_strategy_to_string (run->strategy), run->workers);
      guint n_tracks;
      g_autofree guint *tracks = trace_tracks (run, &n_tracks);

      /* A process per run, named, a thread per track, named; the runs
       * follow one another in time, as they ran. */
      add_metadata (builder, "process_name", r + 1, -1, name);
      for (guint t = 0; t < n_tracks; t++)
        {
          g_autofree char *thread = track_name (run, tracks, t);

          add_metadata (builder, "thread_name", r + 1, t + 1, thread);
        }

      for (guint i = 0; i < run->tasks->len; i++)
        {
          const PxTaskRecord *record = g_ptr_array_index (run->tasks, i);

          if (record == NULL || PX_TASK_RECORD_IS_RUNNING (record))
            continue;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, record->label != NULL ? record->label : "");
          json_builder_set_member_name (builder, "cat");
          json_builder_add_string_value (builder, record->error != NULL ? "failed" : "task");
          json_builder_set_member_name (builder, "ph");
          json_builder_add_string_value (builder, "X");
          json_builder_set_member_name (builder, "ts");
          json_builder_add_int_value (builder, offset + record->start_us);
          json_builder_set_member_name (builder, "dur");
          json_builder_add_int_value (builder, MAX (record->end_us - record->start_us, 0));
          json_builder_set_member_name (builder, "pid");
          json_builder_add_int_value (builder, r + 1);
          json_builder_set_member_name (builder, "tid");
          json_builder_add_int_value (builder, tracks[record->index] + 1);
          json_builder_set_member_name (builder, "args");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "index");
          json_builder_add_int_value (builder, record->index);
          json_builder_set_member_name (builder, "lane");
          json_builder_add_int_value (builder, record->lane);
          json_builder_set_member_name (builder, "cpu_us");
          json_builder_add_int_value (builder, record->cpu_us);
          if (record->cpu_wait_us >= 0)
            {
              json_builder_set_member_name (builder, "cpu_wait_us");
              json_builder_add_int_value (builder, record->cpu_wait_us);
            }
          json_builder_set_member_name (builder, "bytes_in");
          json_builder_add_int_value (builder, (gint64) record->bytes_in);
          json_builder_set_member_name (builder, "bytes_out");
          json_builder_add_int_value (builder, (gint64) record->bytes_out);
          px_json_add_string_or_null (builder, "error", record->error);
          json_builder_end_object (builder);
          json_builder_end_object (builder);
        }

      offset += px_run_result_get_span_us (run);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

GPtrArray *
px_run_results_new_from_json (const char  *data,
                              gssize       length,
                              GError     **error)
{
  return px_run_results_new_from_json_with_info (data, length, NULL, error);
}

GPtrArray *
px_run_results_new_from_json_with_info (const char   *data,
                                        gssize        length,
                                        PxBatchInfo **info,
                                        GError      **error)
{
  g_autoptr(PxBatchInfo) batch_info = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) parse_error = NULL;
  JsonObject *root;
  JsonArray *array;
  const char *workload;
  gint64 n_tasks = 0;
  gint64 version;

  g_return_val_if_fail (data != NULL, NULL);

  parser = px_json_parse (data, length < 0 ? strlen (data) : (gsize) length, PX_RUN_MAX_DOCUMENT, &parse_error);
  if (parser == NULL)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: %s"), parse_error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  /* Files from before format_version have none: they are version 1. */
  version = json_object_get_int_member_with_default (root, "format_version", 1);
  if (version > PX_JSON_FORMAT_VERSION)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED,
                   _("Saved run: written by a newer Parallax (format %d); this one reads format %d"),
                   (int) MIN (version, G_MAXINT), PX_JSON_FORMAT_VERSION);
      return NULL;
    }

  if (!check_member (root, "workload", G_TYPE_STRING, FALSE, error))
    return NULL;
  workload = json_object_get_string_member (root, "workload");
  batch_info = px_batch_info_new_from_json (root, error);
  if (batch_info == NULL)
    return NULL;

  /* The batch's task count, when the file has it, bounds every run's. */
  if (json_object_has_member (root, "tasks"))
    {
      if (!check_member (root, "tasks", G_TYPE_INT64, FALSE, error))
        return NULL;
      n_tasks = json_object_get_int_member (root, "tasks");
      if (n_tasks < 0 || n_tasks > PX_RUN_MAX_TASKS)
        {
          g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: “%s” is out of range"), "tasks");
          return NULL;
        }
    }

  if (!json_object_has_member (root, "runs") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "runs")))
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: “runs” is missing"));
      return NULL;
    }
  array = json_object_get_array_member (root, "runs");
  if (json_array_get_length (array) > PX_RUN_MAX_RUNS)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: more than %u runs"), PX_RUN_MAX_RUNS);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      PxRunResult *run = run_from_json (json_array_get_element (array, i), n_tasks, error);

      if (run == NULL)
        return NULL;
      g_free (run->workload);
      run->workload = g_strdup (workload);
      g_ptr_array_add (runs, run);
    }

  /* Files from before the parameters were saved: the strategies that ran. */
  if (batch_info->strategies == NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < runs->len; i++)
        g_strv_builder_add (builder, px_strategy_to_string (((PxRunResult *) g_ptr_array_index (runs, i))->strategy));
      batch_info->strategies = g_strv_builder_end (builder);
    }
  if (info != NULL)
    *info = g_steal_pointer (&batch_info);

  return g_steal_pointer (&runs);
}
