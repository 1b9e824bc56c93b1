/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "parallax"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "px-export.h"
#include "px-run-result.h"

static void
draw_chart (cairo_t            *cr,
            PxChartKind         kind,
            GPtrArray          *runs,
            const PxChartTheme *theme,
            int                 width,
            int                 height)
{
  /* An exported chart carries its own background. */
  cairo_set_source_rgba (cr, theme->background.red, theme->background.green, theme->background.blue, 1.);
  cairo_paint (cr);

  if (kind == PX_CHART_TIMELINE)
    px_draw_timeline (cr, theme, runs, width, height, 0., 0., G_MAXUINT, -1);
  else
    px_draw_wall_cpu (cr, theme, runs, width, height);
}

gboolean
px_export_chart (PxChartKind          kind,
                 GPtrArray           *runs,
                 const PxChartTheme  *theme,
                 PxImageFormat        format,
                 int                  width,
                 int                  height,
                 const char          *path,
                 GError             **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (runs != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  switch (format)
    {
    case PX_IMAGE_SVG:
      surface = cairo_svg_surface_create (path, width, height);
      break;

    case PX_IMAGE_PDF:
      surface = cairo_pdf_surface_create (path, width, height);
      break;

    case PX_IMAGE_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;
    }

  cr = cairo_create (surface);
  draw_chart (cr, kind, runs, theme, width, height);
  cairo_destroy (cr);

  if (format == PX_IMAGE_PNG)
    status = cairo_surface_write_to_png (surface, path);
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

  return TRUE;
}

GdkTexture *
px_export_chart_texture (PxChartKind         kind,
                         GPtrArray          *runs,
                         const PxChartTheme *theme,
                         int                 width,
                         int                 height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  g_autoptr(GBytes) bytes = NULL;
  cairo_t *cr = cairo_create (surface);
  GdkTexture *texture;

  draw_chart (cr, kind, runs, theme, width, height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* Cairo's ARGB32 is premultiplied native-endian BGRA on little endian. */
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * height);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);

  return texture;
}

GBytes *
px_export_results (GPtrArray       *runs,
                   PxResultsFormat  format)
{
  g_autoptr(JsonNode) node = NULL;
  char *text;

  g_return_val_if_fail (runs != NULL, NULL);

  switch (format)
    {
    case PX_RESULTS_CSV:
      text = px_run_results_to_csv (runs);
      return g_bytes_new_take (text, strlen (text));

    case PX_RESULTS_TRACE:
      node = px_run_results_to_trace (runs);
      break;

    case PX_RESULTS_JSON:
    default:
      node = px_run_results_to_json (runs);
      break;
    }

  text = json_to_string (node, TRUE);
  return g_bytes_new_take (text, strlen (text));
}
