/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PX_TYPE_WALL_CPU_CHART (px_wall_cpu_chart_get_type ())
G_DECLARE_FINAL_TYPE (PxWallCpuChart, px_wall_cpu_chart, PX, WALL_CPU_CHART, GtkWidget)

/* Per run of a batch: wall time beside CPU time (user and system), the
 * CPU/wall ratio and the speedup over the sequential run. With the
 * keyboard focus, Left and Right move between the runs, with their
 * tooltip. The "zoom" property scales text, lines and bars. */
GtkWidget *px_wall_cpu_chart_new          (void);
/* Keeps a reference on runs; NULL shows the empty state. */
void       px_wall_cpu_chart_set_runs     (PxWallCpuChart *self,
                                           GPtrArray      *runs);
GPtrArray *px_wall_cpu_chart_get_runs     (PxWallCpuChart *self);
void       px_wall_cpu_chart_runs_changed (PxWallCpuChart *self);
double     px_wall_cpu_chart_get_zoom     (PxWallCpuChart *self);
/* Clamped to [PX_CHART_ZOOM_MIN, PX_CHART_ZOOM_MAX]. */
void       px_wall_cpu_chart_set_zoom     (PxWallCpuChart *self,
                                           double          zoom);

G_END_DECLS
