/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "px-types.h"

G_BEGIN_DECLS

/* What a workload gets while it runs one task: the cancellable, and the
 * hooks through which a simulated GIL takes turns. One context per thread
 * (or per worker process); not shared between threads. */
PxTaskContext *px_task_context_new              (GCancellable  *cancellable,
                                                 PxGil         *gil,
                                                 guint          n_workers,
                                                 gboolean       keep_output);
void           px_task_context_free             (PxTaskContext *ctx);
GCancellable  *px_task_context_get_cancellable  (PxTaskContext *ctx);
guint          px_task_context_get_n_workers    (PxTaskContext *ctx);
gboolean       px_task_context_get_keep_output  (PxTaskContext *ctx);
/* Between slices of computation: lets a simulated GIL switch threads. */
void           px_task_context_checkpoint       (PxTaskContext *ctx);
/* Around a blocking wait (network): the GIL is dropped while waiting. */
void           px_task_context_begin_wait       (PxTaskContext *ctx);
void           px_task_context_end_wait         (PxTaskContext *ctx);
/* The runner brackets each task with these. */
void           px_task_context_enter            (PxTaskContext *ctx);
void           px_task_context_leave            (PxTaskContext *ctx);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxTaskContext, px_task_context_free)

G_END_DECLS
