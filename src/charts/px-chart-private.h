/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "px-chart-common.h"

G_BEGIN_DECLS

/* For the drawing code of the charts only. */

/* The outer margin, in units of the theme's scale. */
#define PX_CHART_MARGIN 12.

typedef struct
{
  double x, y, w, h;
} PxRect;

/* Bars sit on whole pixels: without antialiasing cairo fills them on its
 * fast path, which matters with thousands of them. */
void   px_rects_add          (GArray             *rects,
                              double              x,
                              double              y,
                              double              w,
                              double              h);
void   px_rects_fill         (cairo_t            *cr,
                              GArray             *rects,
                              const PxChartColor *color,
                              double              alpha);
/* Hatching scales with the theme, as everything else. */
void   px_rects_fill_hatched (cairo_t            *cr,
                              const PxChartTheme *theme,
                              GArray             *rects,
                              const PxChartColor *color);
/* Waiting for a CPU: dots, as the hatching scales. */
void   px_rects_fill_dotted  (cairo_t            *cr,
                              const PxChartTheme *theme,
                              GArray             *rects,
                              const PxChartColor *color);
void   px_rects_outline      (cairo_t            *cr,
                              const PxChartTheme *theme,
                              GArray             *rects,
                              const PxChartColor *color,
                              double              alpha);
/* A line width of `width` units, in whole pixels (at least one). */
double px_chart_line_width   (const PxChartTheme *theme,
                              double              width);
/* Where a line of that pixel width along v is crisp. */
double px_chart_snap         (double              v,
                              double              line_width);
void   px_chart_fill_background (cairo_t            *cr,
                                 const PxChartTheme *theme);
void   px_chart_draw_empty_state (cairo_t            *cr,
                                  const PxChartTheme *theme,
                                  double              width,
                                  double              height,
                                  const char         *title,
                                  const char         *subtitle);

G_END_DECLS
