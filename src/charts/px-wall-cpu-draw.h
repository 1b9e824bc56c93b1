/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "px-chart-common.h"

G_BEGIN_DECLS

/* Per run of a batch: wall time beside CPU time (user and system) and,
 * when measured, the time its threads waited for a CPU; the CPU/wall
 * ratio and the speedup over the sequential run. */

typedef enum
{
  PX_WALL_CPU_BAR_WALL,
  PX_WALL_CPU_BAR_CPU_USER,
  PX_WALL_CPU_BAR_CPU_SYS,
  PX_WALL_CPU_BAR_CPU_WAIT,
} PxWallCpuBar;

void     px_draw_wall_cpu         (cairo_t            *cr,
                                   const PxChartTheme *theme,
                                   GPtrArray          *runs,
                                   double              width,
                                   double              height);
gboolean px_wall_cpu_get_bar_rect (const PxChartTheme *theme,
                                   GPtrArray          *runs,
                                   double              width,
                                   double              height,
                                   guint               run,
                                   PxWallCpuBar        bar,
                                   PxChartRect        *rect);
/* The run whose group is under (x, y), or -1. */
gint     px_wall_cpu_hit_test     (const PxChartTheme *theme,
                                   GPtrArray          *runs,
                                   double              width,
                                   double              height,
                                   double              x,
                                   double              y);
/* What the chart shows, in words, for screen readers. */
char    *px_wall_cpu_describe     (GPtrArray          *runs);

G_END_DECLS
