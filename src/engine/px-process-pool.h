/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "px-types.h"

G_BEGIN_DECLS

#define PX_TYPE_PROCESS_POOL (px_process_pool_get_type ())
G_DECLARE_FINAL_TYPE (PxProcessPool, px_process_pool, PX, PROCESS_POOL, GObject)

/* N parallax-worker processes fed over their stdin/stdout with the framed
 * protocol of px-protocol.h. Runs on the thread-default main context of the
 * thread that calls run_async; emits "task-started" (index, lane) and
 * "task-finished" (a PxTaskRecord whose times are CLOCK_MONOTONIC µs) there.
 * A worker that dies or sends garbage fails its task and is replaced. */
PxProcessPool *px_process_pool_new                (const char     *worker_path,
                                                   PxWorkload     *workload,
                                                   guint           n_workers,
                                                   gboolean        return_output);
/* A worker still on a task after this long is killed and replaced; the
 * task fails with "timed out after S s". 0: no deadline. */
void           px_process_pool_set_task_timeout_us (PxProcessPool *self,
                                                    gint64         timeout_us);
void           px_process_pool_run_async          (PxProcessPool  *self,
                                                   GCancellable   *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer        user_data);
gboolean       px_process_pool_run_finish         (PxProcessPool  *self,
                                                   GAsyncResult   *result,
                                                   GError        **error);
/* Bytes written to and read from the workers' pipes. */
guint64        px_process_pool_get_pipe_bytes     (PxProcessPool  *self);
/* The sum over worker slots of each slot's largest reported peak RSS. */
guint64        px_process_pool_get_peak_rss_bytes (PxProcessPool  *self);

G_END_DECLS
