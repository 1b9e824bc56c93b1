/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "px-chart-common.h"
#include "px-scaler.h"

G_BEGIN_DECLS

/* The Amdahl plot: speedup against workers on a log₂ axis, for a chosen
 * parallel fraction, with the classic reference curves, the ideal line,
 * Gustafson's scaled speedup and measured points. Plain cairo drawing, like
 * the other charts, so the widget, the export and the CLI share it. */

typedef struct
{
  double              p;          /* the chosen parallel fraction, 0..1 */
  double              n;          /* the chosen worker count, 1..max_n */
  guint               max_n;      /* the x-axis extent, a power of two ≥ 2 */
  gboolean            log_y;      /* speedup on a log₂ axis */
  gboolean            gustafson;  /* also draw (1 − P) + P·N for the chosen P */
  const PxScalePoint *points;     /* measured, by growing workers; may be NULL */
  guint               n_points;
  /* Per point, what it measured (a strategy's title); the point with the
   * most workers of each label gets it. May be NULL. */
  const char *const  *point_labels;
  double              fitted_p;   /* NAN: no fit */
  guint               cores;      /* of the machine; 0: unknown */
} PxAmdahlPlot;

/* P = 95 %, N = 8 on 1..4096, no points, no fit, cores unknown. */
void     px_amdahl_plot_init             (PxAmdahlPlot       *plot);

typedef enum
{
  /* Background, axes, the reference family, the ideal line and the fit:
   * what stays while the sliders move (see px_amdahl_plot_same_static). */
  PX_AMDAHL_PART_STATIC  = 1 << 0,
  /* The chosen curve, its limit and label, Gustafson's line, the measured
   * points, the legend and the marker. */
  PX_AMDAHL_PART_DYNAMIC = 1 << 1,
  PX_AMDAHL_PART_ALL     = 0x3,
} PxAmdahlPart;

void     px_draw_amdahl                  (cairo_t            *cr,
                                          const PxChartTheme *theme,
                                          const PxAmdahlPlot *plot,
                                          double              width,
                                          double              height);
void     px_draw_amdahl_parts            (cairo_t            *cr,
                                          const PxChartTheme *theme,
                                          const PxAmdahlPlot *plot,
                                          double              width,
                                          double              height,
                                          PxAmdahlPart        parts);
/* Whether the static part of b draws as that of a, at this size and with
 * this theme: the same axes, points and fit. Points are compared by
 * address, so a caller that changes them in place must know better. */
gboolean px_amdahl_plot_same_static      (const PxChartTheme *theme,
                                          const PxAmdahlPlot *a,
                                          const PxAmdahlPlot *b,
                                          double              width,
                                          double              height);
/* Where (n, speedup) lands when drawn at this size; points off the axes
 * land outside the plot area, never at an infinite coordinate. */
void     px_amdahl_plot_to_pixel         (const PxChartTheme *theme,
                                          const PxAmdahlPlot *plot,
                                          double              width,
                                          double              height,
                                          double              n,
                                          double              speedup,
                                          double             *x,
                                          double             *y);
/* The centre of the marker at (N, S(N)) for the chosen P and N. */
void     px_amdahl_plot_get_marker_point (const PxChartTheme *theme,
                                          const PxAmdahlPlot *plot,
                                          double              width,
                                          double              height,
                                          double             *x,
                                          double             *y);
/* The measured point (dot or its range bar) under (x, y), or -1. */
gint     px_amdahl_plot_hit_test         (const PxChartTheme *theme,
                                          const PxAmdahlPlot *plot,
                                          double              width,
                                          double              height,
                                          double              x,
                                          double              y);

/* The points of a batch of runs (PxRunResult) for the plot: the speedup of
 * each threads or processes run over the sequential one at its worker
 * count, and P fitted to those with at most cores workers (cores 0: all).
 * NULL, *n_points 0 and *fitted_p NAN without a sequential run; free with
 * g_free (), as *strategies (each point's strategy; may be NULL). */
PxScalePoint *px_amdahl_points_from_runs (GPtrArray          *runs,
                                          guint               cores,
                                          guint              *n_points,
                                          double             *fitted_p,
                                          PxStrategy        **strategies);
/* What the plot shows, in words, for screen readers. */
char         *px_amdahl_plot_describe    (const PxAmdahlPlot *plot);

G_END_DECLS
