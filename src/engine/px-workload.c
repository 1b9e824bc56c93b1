/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-workload"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <zlib.h>

#include "px-amdahl-workload.h"
#include "px-decompress-workload.h"
#include "px-error.h"
#include "px-fetch-workload.h"
#include "px-sys.h"
#include "px-task-context.h"
#include "px-workload.h"

typedef struct
{
  PxWorkload    *self;
  PxTaskContext *ctx;
  gpointer       state;
  PxTaskOutcome  outcome;
  GSource       *source;
} StepJob;

G_DEFINE_ABSTRACT_TYPE (PxWorkload, px_workload, G_TYPE_OBJECT)

static void
step_job_free (gpointer data)
{
  StepJob *job = data;

  if (job->source != NULL)
    {
      g_source_destroy (job->source);
      g_source_unref (job->source);
    }
  if (job->state != NULL)
    PX_WORKLOAD_GET_CLASS (job->self)->step_free (job->state);
  px_task_outcome_clear (&job->outcome);
  g_object_unref (job->self);
  g_free (job);
}

static void
outcome_free (gpointer data)
{
  PxTaskOutcome *outcome = data;

  px_task_outcome_clear (outcome);
  g_free (outcome);
}

/* As asyncio runs a coroutine that never awaits: the whole task in one
 * dispatch, to completion, before the next one starts. Interleaving slices
 * of several tasks would only cost CPU (each evicts the others' working set
 * from the caches) without anything to overlap. Stop is still seen between
 * steps. */
static gboolean
step_job_dispatch_cb (gpointer user_data)
{
  GTask *task = user_data;
  StepJob *job = g_task_get_task_data (task);
  PxWorkloadClass *klass = PX_WORKLOAD_GET_CLASS (job->self);
  g_autoptr(GError) error = NULL;
  gint64 cpu_before, wait_before, wait_after;
  gint64 start_us = g_get_monotonic_time ();
  PxStepResult result = PX_STEP_MORE;

  cpu_before = px_thread_cpu_us ();
  wait_before = px_thread_cpu_wait_us ();
  while (result == PX_STEP_MORE && !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      result = klass->step (job->self, job->state, &job->outcome, &error);
      if (result == PX_STEP_MORE && px_task_context_set_error_if_overdue (job->ctx, start_us, &error))
        result = PX_STEP_ERROR;
    }
  job->outcome.cpu_us += px_thread_cpu_us () - cpu_before;
  wait_after = px_thread_cpu_wait_us ();
  job->outcome.cpu_wait_us = wait_before >= 0 && wait_after >= 0 ? wait_after - wait_before : -1;

  if (g_task_return_error_if_cancelled (task))
    ;
  else if (result == PX_STEP_DONE)
    {
      PxTaskOutcome *copy = g_new (PxTaskOutcome, 1);

      *copy = job->outcome;
      px_task_outcome_init (&job->outcome);
      g_task_return_pointer (task, copy, outcome_free);
    }
  else
    g_task_return_error (task, g_steal_pointer (&error));

  g_clear_pointer (&job->source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static gboolean
px_workload_real_execute (PxWorkload     *self,
                          GBytes         *input,
                          PxTaskContext  *ctx,
                          PxTaskOutcome  *outcome,
                          GError        **error)
{
  PxWorkloadClass *klass = PX_WORKLOAD_GET_CLASS (self);
  GCancellable *cancellable = px_task_context_get_cancellable (ctx);
  gint64 start_us = g_get_monotonic_time ();
  gpointer state;
  gboolean ret = FALSE;

  g_assert (klass->step_begin != NULL);

  state = klass->step_begin (self, input, ctx, error);
  if (state == NULL)
    return FALSE;

  if (klass->releases_gil (self))
    px_task_context_begin_wait (ctx);

  for (;;)
    {
      PxStepResult result;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;

      result = klass->step (self, state, outcome, error);
      if (result == PX_STEP_DONE)
        {
          ret = TRUE;
          break;
        }
      if (result == PX_STEP_ERROR || px_task_context_set_error_if_overdue (ctx, start_us, error))
        break;

      px_task_context_checkpoint (ctx);
    }

  px_task_context_end_wait (ctx);
  klass->step_free (state);

  return ret;
}

static void
px_workload_real_execute_async (PxWorkload          *self,
                                GBytes              *input,
                                PxTaskContext       *ctx,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  PxWorkloadClass *klass = PX_WORKLOAD_GET_CLASS (self);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  StepJob *job;
  gint64 cpu_before;

  g_assert (klass->step_begin != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, px_workload_real_execute_async);

  job = g_new0 (StepJob, 1);
  job->self = g_object_ref (self);
  job->ctx = ctx;
  px_task_outcome_init (&job->outcome);
  job->outcome.cpu_us = 0;
  g_task_set_task_data (task, job, step_job_free);

  cpu_before = px_thread_cpu_us ();
  job->state = klass->step_begin (self, input, ctx, &error);
  job->outcome.cpu_us += px_thread_cpu_us () - cpu_before;
  if (job->state == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Default priority, like I/O callbacks, so CPU tasks and network
   * completions take turns fairly on the one thread. */
  job->source = g_idle_source_new ();
  g_source_set_priority (job->source, G_PRIORITY_DEFAULT);
  g_source_set_callback (job->source, step_job_dispatch_cb, g_object_ref (task), g_object_unref);
  g_source_set_static_name (job->source, "[parallax] task step");
  g_source_attach (job->source, g_task_get_context (task));
}

static gboolean
px_workload_real_execute_finish (PxWorkload     *self,
                                 GAsyncResult   *result,
                                 PxTaskOutcome  *outcome,
                                 GError        **error)
{
  PxTaskOutcome *copy;

  copy = g_task_propagate_pointer (G_TASK (result), error);
  if (copy == NULL)
    return FALSE;

  px_task_outcome_clear (outcome);
  *outcome = *copy;
  g_free (copy);

  return TRUE;
}

static gboolean
px_workload_real_prepare (PxWorkload    *self,
                          GCancellable  *cancellable,
                          GError       **error)
{
  return TRUE;
}

static void
px_workload_real_run_serial (PxWorkload    *self,
                             PxTaskContext *ctx)
{
}

static gboolean
px_workload_real_releases_gil (PxWorkload *self)
{
  return FALSE;
}

static gboolean
px_workload_real_verify (PxWorkload          *self,
                         guint                index,
                         const PxTaskOutcome *outcome,
                         GError             **error)
{
  return TRUE;
}

static void
px_workload_class_init (PxWorkloadClass *klass)
{
  klass->prepare = px_workload_real_prepare;
  klass->run_serial = px_workload_real_run_serial;
  klass->execute = px_workload_real_execute;
  klass->execute_async = px_workload_real_execute_async;
  klass->execute_finish = px_workload_real_execute_finish;
  klass->verify = px_workload_real_verify;
  klass->releases_gil = px_workload_real_releases_gil;
}

static void
px_workload_init (PxWorkload *self)
{
}

void
px_task_outcome_init (PxTaskOutcome *outcome)
{
  memset (outcome, 0, sizeof *outcome);
  outcome->cpu_us = -1;
  outcome->cpu_wait_us = -1;
}

void
px_task_outcome_clear (PxTaskOutcome *outcome)
{
  g_clear_pointer (&outcome->output, g_bytes_unref);
  g_clear_pointer (&outcome->summary, g_free);
  px_task_outcome_init (outcome);
}

const char *
px_workload_get_name (PxWorkload *self)
{
  g_return_val_if_fail (PX_IS_WORKLOAD (self), NULL);

  return PX_WORKLOAD_GET_CLASS (self)->name;
}

guint
px_workload_get_task_timeout_s (PxWorkload *self)
{
  g_return_val_if_fail (PX_IS_WORKLOAD (self), 0);

  if (PX_WORKLOAD_GET_CLASS (self)->task_timeout_s > 0)
    return PX_WORKLOAD_GET_CLASS (self)->task_timeout_s;
  return PX_DEFAULT_TASK_TIMEOUT_S;
}

guint
px_workload_get_n_tasks (PxWorkload *self)
{
  g_return_val_if_fail (PX_IS_WORKLOAD (self), 0);

  return PX_WORKLOAD_GET_CLASS (self)->get_n_tasks (self);
}

char *
px_workload_dup_task_label (PxWorkload *self,
                            guint       index)
{
  g_return_val_if_fail (PX_IS_WORKLOAD (self), NULL);

  return PX_WORKLOAD_GET_CLASS (self)->dup_task_label (self, index);
}

gboolean
px_workload_prepare (PxWorkload    *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_return_val_if_fail (PX_IS_WORKLOAD (self), FALSE);

  return PX_WORKLOAD_GET_CLASS (self)->prepare (self, cancellable, error);
}

void
px_workload_run_serial (PxWorkload    *self,
                        PxTaskContext *ctx)
{
  g_return_if_fail (PX_IS_WORKLOAD (self));

  PX_WORKLOAD_GET_CLASS (self)->run_serial (self, ctx);
}

gboolean
px_workload_has_serial_part (PxWorkload *self)
{
  g_return_val_if_fail (PX_IS_WORKLOAD (self), FALSE);

  return PX_WORKLOAD_GET_CLASS (self)->run_serial != px_workload_real_run_serial;
}

GBytes *
px_workload_dup_task_input (PxWorkload *self,
                            guint       index)
{
  g_return_val_if_fail (PX_IS_WORKLOAD (self), NULL);

  return PX_WORKLOAD_GET_CLASS (self)->dup_task_input (self, index);
}

gboolean
px_workload_execute (PxWorkload     *self,
                     GBytes         *input,
                     PxTaskContext  *ctx,
                     PxTaskOutcome  *outcome,
                     GError        **error)
{
  g_return_val_if_fail (PX_IS_WORKLOAD (self), FALSE);
  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);

  return PX_WORKLOAD_GET_CLASS (self)->execute (self, input, ctx, outcome, error);
}

void
px_workload_execute_async (PxWorkload          *self,
                           GBytes              *input,
                           PxTaskContext       *ctx,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (PX_IS_WORKLOAD (self));
  g_return_if_fail (input != NULL);
  g_return_if_fail (ctx != NULL);

  PX_WORKLOAD_GET_CLASS (self)->execute_async (self, input, ctx, cancellable, callback, user_data);
}

gboolean
px_workload_execute_finish (PxWorkload     *self,
                            GAsyncResult   *result,
                            PxTaskOutcome  *outcome,
                            GError        **error)
{
  g_return_val_if_fail (PX_IS_WORKLOAD (self), FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);

  return PX_WORKLOAD_GET_CLASS (self)->execute_finish (self, result, outcome, error);
}

gboolean
px_workload_verify (PxWorkload          *self,
                    guint                index,
                    const PxTaskOutcome *outcome,
                    GError             **error)
{
  g_return_val_if_fail (PX_IS_WORKLOAD (self), FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);

  return PX_WORKLOAD_GET_CLASS (self)->verify (self, index, outcome, error);
}

static const GVariantType *
variant_type_for_gtype (GType type)
{
  if (type == G_TYPE_BOOLEAN)
    return G_VARIANT_TYPE_BOOLEAN;
  if (type == G_TYPE_INT)
    return G_VARIANT_TYPE_INT32;
  if (type == G_TYPE_UINT)
    return G_VARIANT_TYPE_UINT32;
  if (type == G_TYPE_INT64)
    return G_VARIANT_TYPE_INT64;
  if (type == G_TYPE_UINT64)
    return G_VARIANT_TYPE_UINT64;
  if (type == G_TYPE_DOUBLE)
    return G_VARIANT_TYPE_DOUBLE;
  if (type == G_TYPE_STRING)
    return G_VARIANT_TYPE_STRING;
  if (type == G_TYPE_STRV)
    return G_VARIANT_TYPE_STRING_ARRAY;
  return NULL;
}

GVariant *
px_workload_dup_config (PxWorkload *self)
{
  g_autofree GParamSpec **pspecs = NULL;
  GVariantBuilder builder;
  guint n_pspecs;

  g_return_val_if_fail (PX_IS_WORKLOAD (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (self), &n_pspecs);

  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autoptr(GVariant) variant = NULL;
      const GVariantType *vtype;

      if ((pspecs[i]->flags & PX_PARAM_WORKER) == 0)
        continue;

      vtype = variant_type_for_gtype (pspecs[i]->value_type);
      g_assert (vtype != NULL);

      g_value_init (&value, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (self), pspecs[i]->name, &value);

      /* A NULL string or strv has no GVariant form: leave the default. */
      if ((pspecs[i]->value_type == G_TYPE_STRING || pspecs[i]->value_type == G_TYPE_STRV) &&
          g_value_peek_pointer (&value) == NULL)
        continue;

      /* never floating: the builder takes its own reference */
      variant = g_dbus_gvalue_to_gvariant (&value, vtype);
      g_variant_builder_add (&builder, "{sv}", pspecs[i]->name, variant);
    }

  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

PxWorkload *
px_workload_new_from_config (const char  *type_name,
                             GVariant    *config,
                             GError     **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GArray) values = NULL;
  g_autoptr(GTypeClass) klass = NULL;
  GVariantIter iter;
  const char *key;
  GVariant *value;
  GType type;

  g_return_val_if_fail (type_name != NULL, NULL);
  g_return_val_if_fail (config != NULL, NULL);

  /* The types may not be registered yet in a fresh worker process. */
  g_type_ensure (PX_TYPE_FETCH_WORKLOAD);
  g_type_ensure (PX_TYPE_DECOMPRESS_WORKLOAD);
  g_type_ensure (PX_TYPE_AMDAHL_WORKLOAD);

  type = g_type_from_name (type_name);
  if (type == 0 || !g_type_is_a (type, PX_TYPE_WORKLOAD) || G_TYPE_IS_ABSTRACT (type) ||
      !g_variant_is_of_type (config, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, PX_ERROR, PX_ERROR_PROTOCOL, _("Unknown workload “%s”"), type_name);
      return NULL;
    }

  klass = g_type_class_ref (type);
  names = g_ptr_array_new ();
  values = g_array_new (FALSE, TRUE, sizeof (GValue));
  g_array_set_clear_func (values, (GDestroyNotify) g_value_unset);

  g_variant_iter_init (&iter, config);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), key);
      const GVariantType *vtype;
      GValue gvalue = G_VALUE_INIT;

      if (pspec == NULL || (pspec->flags & PX_PARAM_WORKER) == 0)
        continue;

      vtype = variant_type_for_gtype (pspec->value_type);
      if (vtype == NULL || !g_variant_is_of_type (value, vtype))
        {
          g_set_error (error, PX_ERROR, PX_ERROR_PROTOCOL,
                       _("Workload setting “%s” has the wrong type"), key);
          /* leaving g_variant_iter_loop early: the value is ours to drop */
          g_variant_unref (value);
          return NULL;
        }

      g_dbus_gvariant_to_gvalue (value, &gvalue);
      g_ptr_array_add (names, (gpointer) pspec->name);
      g_array_append_val (values, gvalue);
    }

  return PX_WORKLOAD (g_object_new_with_properties (type, names->len, (const char **) names->pdata,
                                                    (const GValue *) (gpointer) values->data));
}

GType
px_workload_type_from_name (const char *name)
{
  const GType types[] = {
    PX_TYPE_FETCH_WORKLOAD,
    PX_TYPE_DECOMPRESS_WORKLOAD,
    PX_TYPE_AMDAHL_WORKLOAD,
  };

  g_return_val_if_fail (name != NULL, 0);

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(PxWorkloadClass) klass = g_type_class_ref (types[i]);

      if (g_strcmp0 (klass->name, name) == 0)
        return types[i];
    }

  return 0;
}

guint32
px_checksum (guint32       crc,
             const guint8 *data,
             gsize         len)
{
  /* zlib's crc32 takes uInt lengths */
  while (len > 0)
    {
      uInt chunk = (uInt) MIN (len, G_MAXUINT32);

      crc = crc32 (crc, data, chunk);
      data += chunk;
      len -= chunk;
    }

  return crc;
}
