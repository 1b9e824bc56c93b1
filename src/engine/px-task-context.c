/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-task-context"

#include "config.h"

#include "px-gil.h"
#include "px-task-context.h"

struct _PxTaskContext
{
  GCancellable *cancellable;
  PxGil        *gil;
  guint         n_workers;
  guint         keep_output : 1;
};

PxTaskContext *
px_task_context_new (GCancellable *cancellable,
                     PxGil        *gil,
                     guint         n_workers,
                     gboolean      keep_output)
{
  PxTaskContext *ctx = g_new0 (PxTaskContext, 1);

  g_set_object (&ctx->cancellable, cancellable);
  ctx->gil = gil;
  ctx->n_workers = MAX (n_workers, 1);
  ctx->keep_output = !!keep_output;

  return ctx;
}

void
px_task_context_free (PxTaskContext *ctx)
{
  if (ctx == NULL)
    return;

  g_clear_object (&ctx->cancellable);
  g_free (ctx);
}

GCancellable *
px_task_context_get_cancellable (PxTaskContext *ctx)
{
  return ctx->cancellable;
}

guint
px_task_context_get_n_workers (PxTaskContext *ctx)
{
  return ctx->n_workers;
}

gboolean
px_task_context_get_keep_output (PxTaskContext *ctx)
{
  return ctx->keep_output;
}

void
px_task_context_checkpoint (PxTaskContext *ctx)
{
  if (ctx->gil != NULL)
    px_gil_yield (ctx->gil);
}

void
px_task_context_begin_wait (PxTaskContext *ctx)
{
  if (ctx->gil != NULL)
    px_gil_release (ctx->gil);
}

void
px_task_context_end_wait (PxTaskContext *ctx)
{
  if (ctx->gil != NULL)
    px_gil_acquire (ctx->gil);
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
