/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-types"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "px-error.h"
#include "px-types.h"

static const char * const strategy_names[PX_N_STRATEGIES] = {
  "sequential", "threads", "processes", "async", "gil",
};

G_DEFINE_QUARK (px-error-quark, px_error)

const char *
px_strategy_to_string (PxStrategy strategy)
{
  g_return_val_if_fail (strategy < PX_N_STRATEGIES, NULL);

  return strategy_names[strategy];
}

gboolean
px_strategy_from_string (const char *name,
                         PxStrategy *strategy)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < PX_N_STRATEGIES; i++)
    {
      if (g_str_equal (name, strategy_names[i]))
        {
          if (strategy != NULL)
            *strategy = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
px_strategy_get_title (PxStrategy strategy)
{
  switch (strategy)
    {
    case PX_STRATEGY_SEQUENTIAL:
      return _("Sequential");
    case PX_STRATEGY_THREADS:
      return _("Threads");
    case PX_STRATEGY_PROCESSES:
      return _("Processes");
    case PX_STRATEGY_ASYNC:
      return _("Async");
    case PX_STRATEGY_GIL:
      return _("Threads with simulated GIL");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
px_verdict_to_string (PxVerdict verdict)
{
  switch (verdict)
    {
    case PX_VERDICT_IO_BOUND:
      return "io-bound";
    case PX_VERDICT_CPU_BOUND:
      return "cpu-bound";
    case PX_VERDICT_PARALLEL:
      return "parallel";
    case PX_VERDICT_IO_OR_CPU_BOUND:
      return "io-or-cpu-bound";
    case PX_VERDICT_CPU_BOUND_OR_PARALLEL:
      return "cpu-bound-or-parallel";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
px_verdict_get_title (PxVerdict verdict)
{
  switch (verdict)
    {
    case PX_VERDICT_IO_BOUND:
      return _("I/O-bound");
    case PX_VERDICT_CPU_BOUND:
      return _("CPU-bound");
    case PX_VERDICT_PARALLEL:
      return _("parallel");
    case PX_VERDICT_IO_OR_CPU_BOUND:
      return _("between I/O-bound and CPU-bound");
    case PX_VERDICT_CPU_BOUND_OR_PARALLEL:
      return _("between CPU-bound and parallel");
    default:
      g_return_val_if_reached (NULL);
    }
}
