/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "px-types.h"

G_BEGIN_DECLS

/* What a workload gets while it runs tasks: the cancellable, the hooks
 * through which a simulated GIL takes turns, and a place for state kept
 * from task to task. One context per thread and run (or per worker
 * process); never shared between threads. */
PxTaskContext *px_task_context_new              (GCancellable  *cancellable,
                                                 PxGil         *gil,
                                                 gboolean       keep_output);
void           px_task_context_free             (PxTaskContext *ctx);
GCancellable  *px_task_context_get_cancellable  (PxTaskContext *ctx);
gboolean       px_task_context_get_keep_output  (PxTaskContext *ctx);
/* Each task's deadline, from its start (0: none). A workload that waits on
 * the network stops there; the runner fails any task that overran it. */
void           px_task_context_set_task_timeout_us (PxTaskContext *ctx,
                                                    gint64         timeout_us);
gint64         px_task_context_get_task_timeout_us (PxTaskContext *ctx);
/* TRUE, with "timed out after S s", once a task begun at start_us is past
 * its time limit: CPU work checks it between steps, as it checks Stop. */
gboolean       px_task_context_set_error_if_overdue (PxTaskContext  *ctx,
                                                     gint64          start_us,
                                                     GError        **error);
/* Between slices of computation: lets a simulated GIL switch threads. */
void           px_task_context_checkpoint       (PxTaskContext *ctx);
/* Around a blocking wait (network), or C work that releases the GIL as
 * CPython's bz2, zlib and hashlib do: the GIL is dropped meanwhile. */
void           px_task_context_begin_wait       (PxTaskContext *ctx);
void           px_task_context_end_wait         (PxTaskContext *ctx);
/* Per-context state a workload keeps between tasks (a connection pool, say):
 * freed with the context, on the thread the context belongs to. */
gpointer       px_task_context_get_data         (PxTaskContext *ctx,
                                                 const char    *key);
void           px_task_context_set_data         (PxTaskContext *ctx,
                                                 const char    *key,
                                                 gpointer       data,
                                                 GDestroyNotify destroy);
/* The runner brackets each task with these. */
void           px_task_context_enter            (PxTaskContext *ctx);
void           px_task_context_leave            (PxTaskContext *ctx);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxTaskContext, px_task_context_free)

G_END_DECLS
