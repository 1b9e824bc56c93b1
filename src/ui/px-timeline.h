/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PX_TYPE_TIMELINE (px_timeline_get_type ())
G_DECLARE_FINAL_TYPE (PxTimeline, px_timeline, PX, TIMELINE, GtkWidget)

/* Draws a batch of runs (PxRunResult, one per strategy) over one time
 * axis: a band per run, a lane per worker, a bar per task. Ctrl+scroll
 * zooms, dragging pans the zoomed view. With the keyboard focus, Left and
 * Right step through a run's tasks (the view pans to follow, the tooltip
 * shows the task), Up and Down change runs, + and − zoom, 0 shows all.
 * The "zoom" property scales text, lines and lanes. */
GtkWidget *px_timeline_new          (void);
/* Keeps a reference on runs; NULL shows the empty state. */
void       px_timeline_set_runs     (PxTimeline *self,
                                     GPtrArray  *runs);
GPtrArray *px_timeline_get_runs     (PxTimeline *self);
/* Records were added or replaced: redraws on the next frame. */
void       px_timeline_runs_changed (PxTimeline *self);
/* Back to the whole time range after zooming. */
void       px_timeline_reset_zoom   (PxTimeline *self);
double     px_timeline_get_zoom     (PxTimeline *self);
/* Clamped to [PX_CHART_ZOOM_MIN, PX_CHART_ZOOM_MAX]. */
void       px_timeline_set_zoom     (PxTimeline *self,
                                     double      zoom);

G_END_DECLS
