/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-charts"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n.h>

#include "px-amdahl-draw.h"
#include "px-chart-export.h"
#include "px-safe-io.h"
#include "px-timeline-draw.h"
#include "px-wall-cpu-draw.h"

void
px_export_draw_timeline (cairo_t            *cr,
                         const PxChartTheme *theme,
                         gpointer            runs,
                         double              width,
                         double              height)
{
  px_draw_timeline (cr, theme, runs, width, height, 0., 0., G_MAXUINT, -1);
}

void
px_export_draw_wall_cpu (cairo_t            *cr,
                         const PxChartTheme *theme,
                         gpointer            runs,
                         double              width,
                         double              height)
{
  px_draw_wall_cpu (cr, theme, runs, width, height);
}

void
px_export_draw_amdahl (cairo_t            *cr,
                       const PxChartTheme *theme,
                       gpointer            plot,
                       double              width,
                       double              height)
{
  px_draw_amdahl (cr, theme, plot, width, height);
}

gboolean
px_chart_format_from_path (const char    *path,
                           PxImageFormat *format)
{
  const char *dot;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  dot = strrchr (path, '.');
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return FALSE;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    *format = PX_IMAGE_PNG;
  else if (g_ascii_strcasecmp (dot, ".svg") == 0)
    *format = PX_IMAGE_SVG;
  else if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    *format = PX_IMAGE_PDF;
  else
    return FALSE;

  return TRUE;
}

void
px_chart_render (cairo_t            *cr,
                 PxChartDrawFunc     draw,
                 gpointer            data,
                 const PxChartTheme *theme,
                 double              zoom,
                 const char         *caption,
                 int                 width,
                 int                 height)
{
  PxChartTheme scaled;
  double caption_h;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (draw != NULL);
  g_return_if_fail (theme != NULL);

  scaled = *theme;
  scaled.scale = px_chart_scale_for_size (width, height, zoom);
  /* An exported chart carries its own background. */
  scaled.background.alpha = 1.;

  cairo_save (cr);
  px_chart_set_source (cr, &scaled.background, 1.);
  cairo_paint (cr);
  caption_h = px_chart_draw_caption (cr, &scaled, caption, width, height);
  cairo_rectangle (cr, 0, 0, width, height - caption_h);
  cairo_clip (cr);
  draw (cr, &scaled, data, width, height - caption_h);
  cairo_restore (cr);
}

static cairo_status_t
write_output_cb (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  return px_output_file_write (closure, data, length, NULL) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Written beside the file and renamed over it: an export that fails (or a
 * program killed mid-write) leaves the old file whole. */
gboolean
px_chart_render_to_file (PxChartDrawFunc      draw,
                         gpointer             data,
                         const PxChartTheme  *theme,
                         double               zoom,
                         const char          *caption,
                         PxImageFormat        format,
                         int                  width,
                         int                  height,
                         const char          *path,
                         GError             **error)
{
  g_autoptr(PxOutputFile) output = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (draw != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  output = px_output_file_open (path, error);
  if (output == NULL)
    return FALSE;

  switch (format)
    {
    case PX_IMAGE_SVG:
      surface = cairo_svg_surface_create_for_stream (write_output_cb, output, width, height);
      break;

    case PX_IMAGE_PDF:
      surface = cairo_pdf_surface_create_for_stream (write_output_cb, output, width, height);
      break;

    case PX_IMAGE_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;
    }

  cr = cairo_create (surface);
  px_chart_render (cr, draw, data, theme, zoom, caption, width, height);
  cairo_destroy (cr);

  if (format == PX_IMAGE_PNG)
    status = cairo_surface_write_to_png_stream (surface, write_output_cb, output);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }

  return px_output_file_commit (output, error);
}
