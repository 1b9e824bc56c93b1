/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _PxWorkload PxWorkload;
typedef struct _PxRunner PxRunner;
typedef struct _PxRunResult PxRunResult;
typedef struct _PxTaskContext PxTaskContext;
typedef struct _PxGil PxGil;

typedef enum
{
  PX_STRATEGY_SEQUENTIAL,
  PX_STRATEGY_THREADS,
  PX_STRATEGY_PROCESSES,
  PX_STRATEGY_ASYNC,
  PX_STRATEGY_GIL,
} PxStrategy;

#define PX_N_STRATEGIES 5

typedef enum
{
  PX_VERDICT_IO_BOUND,
  PX_VERDICT_CPU_BOUND,
  PX_VERDICT_PARALLEL,
  /* Within a margin of a threshold: too close to call. */
  PX_VERDICT_IO_OR_CPU_BOUND,
  PX_VERDICT_CPU_BOUND_OR_PARALLEL,
} PxVerdict;

/* What one step of incremental CPU work reports (see PxWorkloadClass.step). */
typedef enum
{
  PX_STEP_MORE,
  PX_STEP_DONE,
  PX_STEP_ERROR,
} PxStepResult;

const char *px_strategy_to_string   (PxStrategy   strategy);
gboolean    px_strategy_from_string (const char  *name,
                                     PxStrategy  *strategy);
const char *px_strategy_get_title   (PxStrategy   strategy);
const char *px_verdict_to_string    (PxVerdict    verdict);
/* For people, translated: "I/O-bound", "CPU-bound", "parallel",
 * "between I/O-bound and CPU-bound", … */
const char *px_verdict_get_title    (PxVerdict    verdict);

G_END_DECLS
