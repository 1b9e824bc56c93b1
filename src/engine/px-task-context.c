/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-task-context"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "px-gil.h"
#include "px-task-context.h"

struct _PxTaskContext
{
  GCancellable *cancellable;
  PxGil        *gil;
  guint         keep_output : 1;
  gint64        task_timeout_us;
  guint         gil_released : 1;
  GData        *data;
};

PxTaskContext *
px_task_context_new (GCancellable *cancellable,
                     PxGil        *gil,
                     gboolean      keep_output)
{
  PxTaskContext *ctx = g_new0 (PxTaskContext, 1);

  g_set_object (&ctx->cancellable, cancellable);
  ctx->gil = gil;
  ctx->keep_output = !!keep_output;

  return ctx;
}

void
px_task_context_free (PxTaskContext *ctx)
{
  if (ctx == NULL)
    return;

  g_datalist_clear (&ctx->data);
  g_clear_object (&ctx->cancellable);
  g_free (ctx);
}

GCancellable *
px_task_context_get_cancellable (PxTaskContext *ctx)
{
  return ctx->cancellable;
}

void
px_task_context_set_task_timeout_us (PxTaskContext *ctx,
                                     gint64         timeout_us)
{
  ctx->task_timeout_us = timeout_us;
}

gint64
px_task_context_get_task_timeout_us (PxTaskContext *ctx)
{
  return ctx->task_timeout_us;
}

gboolean
px_task_context_set_error_if_overdue (PxTaskContext  *ctx,
                                      gint64          start_us,
                                      GError        **error)
{
  guint seconds;

  if (ctx->task_timeout_us <= 0 || g_get_monotonic_time () - start_us <= ctx->task_timeout_us)
    return FALSE;

  seconds = ctx->task_timeout_us / G_USEC_PER_SEC;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               ngettext ("timed out after %u s", "timed out after %u s", seconds), seconds);
  return TRUE;
}

gboolean
px_task_context_get_keep_output (PxTaskContext *ctx)
{
  return ctx->keep_output;
}

gpointer
px_task_context_get_data (PxTaskContext *ctx,
                          const char    *key)
{
  return g_datalist_get_data (&ctx->data, key);
}

void
px_task_context_set_data (PxTaskContext  *ctx,
                          const char     *key,
                          gpointer        data,
                          GDestroyNotify  destroy)
{
  g_datalist_set_data_full (&ctx->data, key, data, destroy);
}

void
px_task_context_checkpoint (PxTaskContext *ctx)
{
  if (ctx->gil != NULL && !ctx->gil_released)
    px_gil_yield (ctx->gil);
}

void
px_task_context_begin_wait (PxTaskContext *ctx)
{
  if (ctx->gil != NULL && !ctx->gil_released)
    {
      px_gil_release (ctx->gil);
      ctx->gil_released = TRUE;
    }
}

void
px_task_context_end_wait (PxTaskContext *ctx)
{
  if (ctx->gil != NULL && ctx->gil_released)
    {
      px_gil_acquire (ctx->gil);
      ctx->gil_released = FALSE;
    }
}

void
px_task_context_enter (PxTaskContext *ctx)
{
  if (ctx->gil != NULL)
    px_gil_acquire (ctx->gil);
}

void
px_task_context_leave (PxTaskContext *ctx)
{
  if (ctx->gil != NULL)
    px_gil_release (ctx->gil);
}
