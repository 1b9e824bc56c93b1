/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "parallax"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "px-export.h"
#include "px-run-result.h"

#define COPY_WIDTH 1600
#define COPY_HEIGHT 900

typedef struct
{
  PxChartDrawFunc  draw;
  GObject         *source;
  GtkWidget       *widget;
  char            *caption;
} ExportDialog;

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
  return px_chart_render_to_file (draw, data, theme, 1., NULL, format, width, height, path, error);
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

  px_chart_render (cr, draw, data, theme, 1., NULL, width, height);
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

PxImageFormat
px_export_format_for_file (const char *path,
                           const char *choice)
{
  PxImageFormat format = PX_IMAGE_PNG;

  if (path != NULL && px_chart_format_from_path (path, &format))
    return format;
  if (g_strcmp0 (choice, "svg") == 0)
    return PX_IMAGE_SVG;
  if (g_strcmp0 (choice, "pdf") == 0)
    return PX_IMAGE_PDF;
  return PX_IMAGE_PNG;
}

void
px_export_show_toast (GtkWidget  *widget,
                      const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (!gtk_widget_activate_action (widget, "win.show-toast", "s", message))
    g_message ("%s", message);
}

char *
px_export_caption_here_and_now (const char *subject)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *machine = NULL;
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d %H:%M");
  guint cores = g_get_num_processors ();
  GString *s = g_string_new (subject);

  machine = g_strdup_printf (ngettext ("%s, %u core", "%s, %u cores", cores), g_get_host_name (), cores);
  if (s->len > 0)
    g_string_append (s, "  ·  ");
  g_string_append (s, machine);
  g_string_append (s, "  ·  ");
  g_string_append (s, date);

  return g_string_free (s, FALSE);
}

static void
export_dialog_free (gpointer data)
{
  ExportDialog *export = data;

  g_object_unref (export->source);
  g_object_unref (export->widget);
  g_free (export->caption);
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
  g_autofree char *caption = NULL;
  const char *size_choice, *choice;
  PxImageFormat format;
  PxChartTheme theme;
  int width = 1600, height = 900;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    {
      format = px_export_format_for_file (path, gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "format"));

      size_choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "size");
      if (size_choice == NULL || sscanf (size_choice, "%dx%d", &width, &height) != 2)
        width = 1600, height = 900;

      /* Slides and papers are light: dark only when asked for. */
      choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "palette");
      px_chart_theme_init_default (&theme, g_strcmp0 (choice, "dark") == 0);
      choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "caption");
      if (g_strcmp0 (choice, "true") == 0)
        caption = g_strdup (export->caption);

      if (!px_chart_render_to_file (export->draw, export->source, &theme, 1., caption, format, width, height, path,
                                    &error))
        px_export_show_toast (export->widget, error->message);
    }

  g_object_unref (dialog);
}

void
px_export_image_with_dialog (GtkWidget       *widget,
                             const char      *basename,
                             PxChartDrawFunc  draw,
                             GObject         *source,
                             const char      *caption)
{
  const char *formats[] = { "png", "svg", "pdf", NULL };
  const char *format_labels[] = { "PNG", "SVG", "PDF", NULL };
  const char *sizes[] = { "1280x720", "1600x900", "1920x1080", "3840x2160", NULL };
  const char *size_labels[] = { "1280 × 720", "1600 × 900", "1920 × 1080", "3840 × 2160", NULL };
  const char *palettes[] = { "light", "dark", NULL };
  const char *palette_labels[] = { _("Light"), _("Dark"), NULL };
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
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (native), "palette", _("Palette"), palettes, palette_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (native), "palette", "light");
  /* Without options: a check box, "true" or "false". */
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (native), "caption", _("Caption (workload, machine, date)"), NULL,
                               NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);

  export = g_new0 (ExportDialog, 1);
  export->draw = draw;
  export->source = g_object_ref (source);
  export->widget = g_object_ref (widget);
  export->caption = g_strdup (caption);
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

  px_chart_theme_init_default (&theme, FALSE);
  texture = px_export_texture (draw, data, &theme, COPY_WIDTH, COPY_HEIGHT);
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
  px_export_show_toast (widget, _("Chart copied"));
}

GBytes *
px_export_results (GPtrArray         *runs,
                   const PxBatchInfo *info,
                   PxResultsFormat    format)
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
      node = px_run_results_to_json_with_info (runs, info);
      break;
    }

  text = json_to_string (node, TRUE);
  return g_bytes_new_take (text, strlen (text));
}
