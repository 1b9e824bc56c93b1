/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer: one decompress task on an arbitrary blob, as a worker runs it
 * (the blob crosses the pipe as the task's input). */
#include "config.h"

#include "px-engine.h"
#include "px-task-context.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static PxWorkload *workload;
  static PxTaskContext *ctx;
  g_autoptr(GBytes) input = g_bytes_new (data, size);
  PxTaskOutcome outcome;

  /* A small output cap keeps bombs quick; the cap is what is under test. */
  if (workload == NULL)
    {
      workload = px_decompress_workload_new (1);
      g_object_set (workload, "max-output", (guint64) 4 * 1024 * 1024, NULL);
      ctx = px_task_context_new (NULL, NULL, TRUE);
    }

  px_task_outcome_init (&outcome);
  px_workload_execute (workload, input, ctx, &outcome, NULL);
  px_task_outcome_clear (&outcome);

  return 0;
}
