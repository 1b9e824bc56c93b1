/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "px-chart-draw.h"
#include "px-chart-export.h"

G_BEGIN_DECLS

typedef enum
{
  PX_RESULTS_JSON,
  PX_RESULTS_CSV,
  PX_RESULTS_TRACE,
} PxResultsFormat;

/* Size in pixels (points for PDF), drawn at the scale of that size. */
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
/* The format of a chosen file: its extension's when it has one of ours,
 * else the format picked in the dialog (png, svg or pdf; NULL: PNG). */
PxImageFormat px_export_format_for_file (const char         *path,
                                         const char         *choice);
/* Asks for a file, a size, the palette (light unless dark is chosen) and
 * whether to add the caption (GtkFileChooserNative: the portal inside
 * Flatpak), then draws source with draw into it. Messages go to the
 * "win.show-toast" action of widget's window. */
void        px_export_image_with_dialog (GtkWidget          *widget,
                                         const char         *basename,
                                         PxChartDrawFunc     draw,
                                         GObject            *source,
                                         const char         *caption);
/* A caption for what was measured here and now: subject (may be NULL),
 * this machine and the time. */
char       *px_export_caption_here_and_now (const char      *subject);
/* Puts a 1600×900 PNG of the chart on the clipboard. */
void        px_export_copy_image        (GtkWidget          *widget,
                                         PxChartDrawFunc     draw,
                                         gpointer            data);
/* JSON carries info, the batch's context, when it is not NULL. */
GBytes     *px_export_results           (GPtrArray          *runs,
                                         const PxBatchInfo  *info,
                                         PxResultsFormat     format);
/* Shows message as a toast of widget's window through its
 * "win.show-toast" action, or logs it without one. */
void        px_export_show_toast        (GtkWidget          *widget,
                                         const char         *message);

G_END_DECLS
