/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "px-types.h"

G_BEGIN_DECLS

/* Marks the properties a worker process needs to rebuild the workload. */
#define PX_PARAM_WORKER (1 << G_PARAM_USER_SHIFT)

typedef struct
{
  guint64  out_len;
  guint32  checksum;   /* crc32 of the output */
  GBytes  *output;     /* set only when the output must cross a pipe */
  char    *summary;    /* one line for people, e.g. "torvalds: Linus Torvalds, 2011-09-03" */
  gint64   cpu_us;     /* CPU time of the task; -1 when the caller measures it */
  gint64   cpu_wait_us; /* its time waiting for a CPU; -1 when the caller measures it */
} PxTaskOutcome;

void px_task_outcome_init  (PxTaskOutcome *outcome);
void px_task_outcome_clear (PxTaskOutcome *outcome);

#define PX_TYPE_WORKLOAD (px_workload_get_type ())
G_DECLARE_DERIVABLE_TYPE (PxWorkload, px_workload, PX, WORKLOAD, GObject)

struct _PxWorkloadClass
{
  GObjectClass parent_class;

  /* "fetch", "decompress", "amdahl" */
  const char   *name;
  /* A task's deadline unless the user sets one; 0: PX_DEFAULT_TASK_TIMEOUT_S. */
  guint         task_timeout_s;

  guint         (*get_n_tasks)    (PxWorkload     *self);
  char         *(*dup_task_label) (PxWorkload     *self,
                                   guint           index);
  /* Blocking, before the clock starts (load, compress, reference checksum).
   * A failure here is an error of the whole run. */
  gboolean      (*prepare)        (PxWorkload     *self,
                                   GCancellable   *cancellable,
                                   GError        **error);
  /* Inside the measured time, once per run, before any task: the serial part. */
  void          (*run_serial)     (PxWorkload     *self,
                                   PxTaskContext  *ctx);
  /* What a task needs; this is what crosses the pipe to a worker process. */
  GBytes       *(*dup_task_input) (PxWorkload     *self,
                                   guint           index);
  /* Runs one task, blocking. Must be thread-safe. The default runs the steps. */
  gboolean      (*execute)        (PxWorkload     *self,
                                   GBytes         *input,
                                   PxTaskContext  *ctx,
                                   PxTaskOutcome  *outcome,
                                   GError        **error);
  /* Runs one task on the thread-default main context. The default runs all
   * the steps in one idle callback, as asyncio runs a coroutine that never
   * awaits. */
  void          (*execute_async)  (PxWorkload          *self,
                                   GBytes              *input,
                                   PxTaskContext       *ctx,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  gboolean      (*execute_finish) (PxWorkload     *self,
                                   GAsyncResult   *result,
                                   PxTaskOutcome  *outcome,
                                   GError        **error);
  /* Checks what came back (length, checksum) against what was expected. */
  gboolean      (*verify)         (PxWorkload          *self,
                                   guint                index,
                                   const PxTaskOutcome *outcome,
                                   GError             **error);

  /* Incremental CPU work, each step about a millisecond or less. step_begin
   * gets the context for what is fixed for the whole task (keep_output). */
  gpointer      (*step_begin)     (PxWorkload     *self,
                                   GBytes         *input,
                                   PxTaskContext  *ctx,
                                   GError        **error);
  PxStepResult  (*step)           (PxWorkload     *self,
                                   gpointer        state,
                                   PxTaskOutcome  *outcome,
                                   GError        **error);
  void          (*step_free)      (gpointer        state);
  /* Whether the steps are C work that releases the GIL, as CPython's bz2
   * does (TRUE), or "Python" work that holds it (FALSE, the default). */
  gboolean      (*releases_gil)   (PxWorkload     *self);
};

/* Generous: CPU tasks take milliseconds to seconds. */
#define PX_DEFAULT_TASK_TIMEOUT_S 600
#define PX_MAX_TASK_TIMEOUT_S     86400

const char *px_workload_get_name       (PxWorkload          *self);
guint       px_workload_get_task_timeout_s (PxWorkload      *self);
guint       px_workload_get_n_tasks    (PxWorkload          *self);
char       *px_workload_dup_task_label (PxWorkload          *self,
                                        guint                index);
gboolean    px_workload_prepare        (PxWorkload          *self,
                                        GCancellable        *cancellable,
                                        GError             **error);
void        px_workload_run_serial     (PxWorkload          *self,
                                        PxTaskContext       *ctx);
/* Whether the workload has a serial part (overrides run_serial). */
gboolean    px_workload_has_serial_part (PxWorkload         *self);
GBytes     *px_workload_dup_task_input (PxWorkload          *self,
                                        guint                index);
gboolean    px_workload_execute        (PxWorkload          *self,
                                        GBytes              *input,
                                        PxTaskContext       *ctx,
                                        PxTaskOutcome       *outcome,
                                        GError             **error);
void        px_workload_execute_async  (PxWorkload          *self,
                                        GBytes              *input,
                                        PxTaskContext       *ctx,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    px_workload_execute_finish (PxWorkload          *self,
                                        GAsyncResult        *result,
                                        PxTaskOutcome       *outcome,
                                        GError             **error);
gboolean    px_workload_verify         (PxWorkload          *self,
                                        guint                index,
                                        const PxTaskOutcome *outcome,
                                        GError             **error);

/* The worker process rebuilds a workload from its type name and the values
 * of its PX_PARAM_WORKER properties. */
GVariant   *px_workload_dup_config     (PxWorkload          *self);
PxWorkload *px_workload_new_from_config (const char         *type_name,
                                         GVariant           *config,
                                         GError            **error);

/* Looks up a workload type by its short name ("fetch"); 0 if unknown. */
GType       px_workload_type_from_name (const char          *name);

guint32     px_checksum                (guint32              crc,
                                        const guint8        *data,
                                        gsize                len);

G_END_DECLS
