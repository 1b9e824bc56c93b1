/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "px-run-result.h"
#include "px-types.h"

G_BEGIN_DECLS

#define PX_TYPE_RUNNER (px_runner_get_type ())
G_DECLARE_FINAL_TYPE (PxRunner, px_runner, PX, RUNNER, GObject)

/* The switch interval of the simulated GIL, as CPython's default. */
#define PX_GIL_SWITCH_INTERVAL_US 5000
/* How often each core's use is sampled during a run. */
#define PX_CPU_SAMPLE_INTERVAL_US 50000

/* Runs one workload with one strategy. "task-started" (index, lane,
 * start µs since the run started), "task-finished" (PxTaskRecord) and
 * "cpu-sample" (t µs, a GArray of doubles: each core's busy fraction) are
 * emitted on the thread-default main context of the caller of run_async,
 * so a UI can draw while it runs. The result carries the samples too. */
PxRunner    *px_runner_new                (void);
/* Whether outputs cross the pipe back from worker processes (default TRUE,
 * as with Python's ProcessPoolExecutor). */
void         px_runner_set_return_output  (PxRunner            *self,
                                           gboolean             return_output);
gboolean     px_runner_get_return_output  (PxRunner            *self);
/* Niceness of the threads and worker processes of the runs (default 0). A
 * window that draws a run raises it so that the main loop keeps its turn
 * on a machine whose cores the run keeps busy. */
void         px_runner_set_nice           (PxRunner            *self,
                                           int                  nice);
/* Each task's deadline in seconds (0, the default: the workload's own, 30 s
 * for fetch and PX_DEFAULT_TASK_TIMEOUT_S for CPU work). A task past it
 * fails with "timed out after S s": a fetch is cut off there, a worker
 * process is killed and replaced, a task on a thread is failed when it
 * returns. The run goes on. */
void         px_runner_set_task_timeout   (PxRunner            *self,
                                           guint                seconds);
/* Defaults to px_find_worker_binary(). */
void         px_runner_set_worker_path    (PxRunner            *self,
                                           const char          *path);
void         px_runner_run_async          (PxRunner            *self,
                                           PxWorkload          *workload,
                                           PxStrategy           strategy,
                                           guint                n_workers,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
PxRunResult *px_runner_run_finish         (PxRunner            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
