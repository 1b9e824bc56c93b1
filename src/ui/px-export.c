/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "parallax"

#include "config.h"

#include <stdio.h>

#include <adwaita.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "px-export.h"
#include "px-safe-io.h"
#include "px-run-result.h"
#include "px-window.h"

#define COPY_WIDTH 1600
#define COPY_HEIGHT 900

typedef struct
{
  PxChartDrawFunc  draw;
  GObject         *source;
  GtkWidget       *widget;
} ExportDialog;

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

static void
draw_with_background (cairo_t            *cr,
                      PxChartDrawFunc     draw,
                      gpointer            data,
                      const PxChartTheme *theme,
                      int                 width,
                      int                 height)
{
  /* An exported chart carries its own background. */
  cairo_set_source_rgba (cr, theme->background.red, theme->background.green, theme->background.blue, 1.);
  cairo_paint (cr);
  draw (cr, theme, data, width, height);
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
px_export_image (PxChartDrawFunc      draw,
                 gpointer             data,
                 const PxChartTheme  *theme,
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
  draw_with_background (cr, draw, data, theme, width, height);
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

GdkTexture *
px_export_texture (PxChartDrawFunc     draw,
                   gpointer            data,
                   const PxChartTheme *theme,
                   int                 width,
                   int                 height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  g_autoptr(GBytes) bytes = NULL;
  cairo_t *cr = cairo_create (surface);
  GdkTexture *texture;

  draw_with_background (cr, draw, data, theme, width, height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* Cairo's ARGB32 is GDK's default memory format: premultiplied, native
   * endian. */
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * height);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);

  return texture;
}

static void
current_theme (PxChartTheme *theme)
{
  px_chart_theme_init_default (theme, adw_style_manager_get_dark (adw_style_manager_get_default ()));
}

static void
toast (GtkWidget  *widget,
       const char *message)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (PX_IS_WINDOW (root))
    px_window_add_toast (PX_WINDOW (root), adw_toast_new (message));
  else
    g_message ("%s", message);
}

static void
export_dialog_free (gpointer data)
{
  ExportDialog *export = data;

  g_object_unref (export->source);
  g_object_unref (export->widget);
  g_free (export);
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    ExportDialog    *export)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *format_choice, *size_choice;
  PxImageFormat format = PX_IMAGE_PNG;
  PxChartTheme theme;
  int width = 1600, height = 900;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    {
      format_choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "format");
      if (g_strcmp0 (format_choice, "svg") == 0)
        format = PX_IMAGE_SVG;
      else if (g_strcmp0 (format_choice, "pdf") == 0)
        format = PX_IMAGE_PDF;

      size_choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "size");
      if (size_choice == NULL || sscanf (size_choice, "%dx%d", &width, &height) != 2)
        width = 1600, height = 900;

      current_theme (&theme);
      if (!px_export_image (export->draw, export->source, &theme, format, width, height, path, &error))
        toast (export->widget, error->message);
    }

  g_object_unref (dialog);
}

void
px_export_image_with_dialog (GtkWidget       *widget,
                             const char      *basename,
                             PxChartDrawFunc  draw,
                             GObject         *source)
{
  const char *formats[] = { "png", "svg", "pdf", NULL };
  const char *format_labels[] = { "PNG", "SVG", "PDF", NULL };
  const char *sizes[] = { "1280x720", "1600x900", "1920x1080", "3840x2160", NULL };
  const char *size_labels[] = { "1280 × 720", "1600 × 900", "1920 × 1080", "3840 × 2160", NULL };
  g_autofree char *name = g_strdup_printf ("%s.png", basename);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *native;
  ExportDialog *export;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (draw != NULL);
  g_return_if_fail (G_IS_OBJECT (source));

  native = gtk_file_chooser_native_new (_("Export Chart"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (native), "format", _("Format"), formats, format_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (native), "format", "png");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (native), "size", _("Size"), sizes, size_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (native), "size", "1600x900");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);

  export = g_new0 (ExportDialog, 1);
  export->draw = draw;
  export->source = g_object_ref (source);
  export->widget = g_object_ref (widget);
  g_object_set_data_full (G_OBJECT (native), "px-export", export, export_dialog_free);

  /* The dialog keeps itself alive until it answers. */
  g_signal_connect (native, "response", G_CALLBACK (export_response_cb), export);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
px_export_copy_image (GtkWidget       *widget,
                      PxChartDrawFunc  draw,
                      gpointer         data)
{
  g_autoptr(GdkTexture) texture = NULL;
  PxChartTheme theme;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  current_theme (&theme);
  texture = px_export_texture (draw, data, &theme, COPY_WIDTH, COPY_HEIGHT);
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
  toast (widget, _("Chart copied"));
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
