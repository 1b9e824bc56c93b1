/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "px-chart-common.h"

G_BEGIN_DECLS

typedef enum
{
  PX_IMAGE_PNG,
  PX_IMAGE_SVG,
  PX_IMAGE_PDF,
} PxImageFormat;

/* Draws a chart of data on cr at the given size: the same function draws
 * the widget, the exported file and the clipboard image. */
typedef void (*PxChartDrawFunc) (cairo_t            *cr,
                                 const PxChartTheme *theme,
                                 gpointer            data,
                                 double              width,
                                 double              height);

/* The charts as PxChartDrawFunc: over a batch of runs (a GPtrArray of
 * PxRunResult), the whole time range; and over a PxAmdahlPlot. */
void     px_export_draw_timeline   (cairo_t            *cr,
                                    const PxChartTheme *theme,
                                    gpointer            runs,
                                    double              width,
                                    double              height);
void     px_export_draw_wall_cpu   (cairo_t            *cr,
                                    const PxChartTheme *theme,
                                    gpointer            runs,
                                    double              width,
                                    double              height);
void     px_export_draw_amdahl     (cairo_t            *cr,
                                    const PxChartTheme *theme,
                                    gpointer            plot,
                                    double              width,
                                    double              height);

/* The format named by the file's extension (.png, .svg, .pdf, in any
 * case); FALSE for another or none. */
gboolean px_chart_format_from_path (const char         *path,
                                    PxImageFormat      *format);
/* Paints the theme's background, opaque, and draws the chart at the scale
 * for width × height and zoom (see px_chart_scale_for_size ()), with the
 * caption, when not NULL, along the bottom. */
void     px_chart_render           (cairo_t            *cr,
                                    PxChartDrawFunc     draw,
                                    gpointer            data,
                                    const PxChartTheme *theme,
                                    double              zoom,
                                    const char         *caption,
                                    int                 width,
                                    int                 height);
/* Renders into path as PNG, SVG or PDF; size in pixels (points for PDF). */
gboolean px_chart_render_to_file   (PxChartDrawFunc     draw,
                                    gpointer            data,
                                    const PxChartTheme *theme,
                                    double              zoom,
                                    const char         *caption,
                                    PxImageFormat       format,
                                    int                 width,
                                    int                 height,
                                    const char         *path,
                                    GError            **error);

G_END_DECLS
