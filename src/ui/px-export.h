/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "px-chart-draw.h"

G_BEGIN_DECLS

typedef enum
{
  PX_CHART_TIMELINE,
  PX_CHART_WALL_CPU,
} PxChartKind;

typedef enum
{
  PX_IMAGE_PNG,
  PX_IMAGE_SVG,
  PX_IMAGE_PDF,
} PxImageFormat;

typedef enum
{
  PX_RESULTS_JSON,
  PX_RESULTS_CSV,
  PX_RESULTS_TRACE,
} PxResultsFormat;

/* Draws a chart of the runs with the same code as the widgets, at the
 * given size in pixels (points for PDF). */
gboolean    px_export_chart         (PxChartKind          kind,
                                     GPtrArray           *runs,
                                     const PxChartTheme  *theme,
                                     PxImageFormat        format,
                                     int                  width,
                                     int                  height,
                                     const char          *path,
                                     GError             **error);
GdkTexture *px_export_chart_texture (PxChartKind          kind,
                                     GPtrArray           *runs,
                                     const PxChartTheme  *theme,
                                     int                  width,
                                     int                  height);
GBytes     *px_export_results       (GPtrArray           *runs,
                                     PxResultsFormat      format);

G_END_DECLS
