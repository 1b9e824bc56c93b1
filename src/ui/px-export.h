/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "px-chart-draw.h"

G_BEGIN_DECLS

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

/* Draws a chart of data on cr at the given size: the same function draws
 * the widget, the exported file and the clipboard image. */
typedef void (*PxChartDrawFunc) (cairo_t            *cr,
                                 const PxChartTheme *theme,
                                 gpointer            data,
                                 double              width,
                                 double              height);

/* Draw functions over a batch of runs (data: a GPtrArray of PxRunResult). */
void        px_export_draw_timeline     (cairo_t            *cr,
                                         const PxChartTheme *theme,
                                         gpointer            runs,
                                         double              width,
                                         double              height);
void        px_export_draw_wall_cpu     (cairo_t            *cr,
                                         const PxChartTheme *theme,
                                         gpointer            runs,
                                         double              width,
                                         double              height);

/* Size in pixels (points for PDF). */
gboolean    px_export_image             (PxChartDrawFunc     draw,
                                         gpointer            data,
                                         const PxChartTheme *theme,
                                         PxImageFormat       format,
                                         int                 width,
                                         int                 height,
                                         const char         *path,
                                         GError            **error);
GdkTexture *px_export_texture           (PxChartDrawFunc     draw,
                                         gpointer            data,
                                         const PxChartTheme *theme,
                                         int                 width,
                                         int                 height);
/* Asks for a file, a format and a size (GtkFileChooserNative: the portal
 * inside Flatpak), then draws source with draw into it. Errors become a
 * toast of widget's window. */
void        px_export_image_with_dialog (GtkWidget          *widget,
                                         const char         *basename,
                                         PxChartDrawFunc     draw,
                                         GObject            *source);
/* Puts a 1600×900 PNG of the chart on the clipboard. */
void        px_export_copy_image        (GtkWidget          *widget,
                                         PxChartDrawFunc     draw,
                                         gpointer            data);
GBytes     *px_export_results           (GPtrArray          *runs,
                                         PxResultsFormat     format);

G_END_DECLS
