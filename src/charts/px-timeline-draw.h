/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "px-chart-common.h"

G_BEGIN_DECLS

/* The timeline of a batch of runs: a band per run, a lane per worker, a
 * bar per task over one time axis. Where bars would be narrower or thinner
 * than a pixel, a lane shows per pixel column how many tasks were on a CPU
 * and how many waited, so a redraw costs O(pixels + visible tasks). */

/* The geometry of a timeline for one size, one window of time and one
 * state of the runs. It keeps a reference on runs. */
typedef struct _PxTimelineLayout PxTimelineLayout;

typedef enum
{
  PX_TIMELINE_PART_STATIC  = 1 << 0, /* axes, strips, finished tasks */
  PX_TIMELINE_PART_RUNNING = 1 << 1,
  PX_TIMELINE_PART_HOVER   = 1 << 2,
  PX_TIMELINE_PART_ALL     = 0x7,
} PxTimelinePart;

/* t1_us <= t0_us shows everything, from 0 to the longest span. */
PxTimelineLayout *px_timeline_layout_new           (const PxChartTheme *theme,
                                                    GPtrArray          *runs,
                                                    double              width,
                                                    double              height,
                                                    double              t0_us,
                                                    double              t1_us);
/* Another size, theme or window over the same runs: keeps the sorting and
 * packing of the tasks, which cost O(tasks log tasks). */
void              px_timeline_layout_set_view      (PxTimelineLayout   *layout,
                                                    const PxChartTheme *theme,
                                                    double              width,
                                                    double              height,
                                                    double              t0_us,
                                                    double              t1_us);
void              px_timeline_layout_free          (PxTimelineLayout   *layout);
void              px_timeline_layout_get_window    (PxTimelineLayout   *layout,
                                                    double             *t0_us,
                                                    double             *t1_us);
/* The whole time range: from 0 to the longest span. */
double            px_timeline_layout_get_span      (PxTimelineLayout   *layout);
/* The plot area: where time maps to x. */
void              px_timeline_layout_get_plot      (PxTimelineLayout   *layout,
                                                    double             *x,
                                                    double             *width);
/* The bar of a task as drawn (at least 1 px wide); FALSE when the task
 * never ran or lies outside the window. */
gboolean          px_timeline_layout_get_task_rect (PxTimelineLayout   *layout,
                                                    guint               run,
                                                    guint               index,
                                                    PxChartRect        *rect);
gboolean          px_timeline_layout_hit_test      (PxTimelineLayout   *layout,
                                                    double              x,
                                                    double              y,
                                                    guint              *run,
                                                    guint              *index);
/* The task of run whose start follows (direction 1) or precedes (-1) that
 * of index, in order of start over all lanes; index G_MAXUINT starts from
 * the first or last. FALSE past either end. */
gboolean          px_timeline_layout_step_task     (PxTimelineLayout   *layout,
                                                    guint               run,
                                                    guint               index,
                                                    int                 direction,
                                                    guint              *next);
/* The height at which every lane is comfortably readable. */
double            px_timeline_get_natural_height   (const PxChartTheme *theme,
                                                    GPtrArray          *runs);

void              px_draw_timeline_layout          (cairo_t            *cr,
                                                    const PxChartTheme *theme,
                                                    PxTimelineLayout   *layout,
                                                    PxTimelinePart      parts,
                                                    guint               hover_run,
                                                    gint                hover_index);
void              px_draw_timeline                 (cairo_t            *cr,
                                                    const PxChartTheme *theme,
                                                    GPtrArray          *runs,
                                                    double              width,
                                                    double              height,
                                                    double              t0_us,
                                                    double              t1_us,
                                                    guint               hover_run,
                                                    gint                hover_index);
gboolean          px_timeline_hit_test             (const PxChartTheme *theme,
                                                    GPtrArray          *runs,
                                                    double              width,
                                                    double              height,
                                                    double              t0_us,
                                                    double              t1_us,
                                                    double              x,
                                                    double              y,
                                                    guint              *run,
                                                    guint              *index);
/* What the timeline shows, in words, for screen readers. */
char             *px_timeline_describe             (GPtrArray          *runs);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxTimelineLayout, px_timeline_layout_free)

G_END_DECLS
