/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "parallax"

#include "config.h"

#include <glib/gi18n.h>

#include "px-amdahl-page.h"
#include "px-export.h"
#include "px-run-page.h"
#include "px-text.h"
#include "px-window.h"

struct _PxWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *stack;
  PxRunPage            *run_page;
  PxAmdahlPage         *amdahl_page;

  /* Owned */
  GSettings            *settings;
  char                 *screenshot;
  char                 *save_path;  /* of a batch from the command line */
  guint                 n_strategies;
};

G_DEFINE_FINAL_TYPE (PxWindow, px_window, ADW_TYPE_APPLICATION_WINDOW)

static gboolean
save_screenshot (PxWindow  *self,
                 GError   **error)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (self));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (self));

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL || renderer == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window has nothing to show yet"));
      return FALSE;
    }

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, self->screenshot))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s"), self->screenshot);
      return FALSE;
    }

  return TRUE;
}

static gboolean
screenshot_cb (gpointer user_data)
{
  PxWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!save_screenshot (self, &error))
    g_printerr ("parallax: %s\n", error->message);
  else
    g_print ("%s\n", self->screenshot);

  gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

/* After the Run page's batch or the Amdahl page's measurement. */
static void
demo_finished_cb (GtkWidget *page,
                  PxWindow  *self)
{
  /* Give the charts a few frames to lay out and draw the final results. */
  g_timeout_add_full (G_PRIORITY_DEFAULT, 500, screenshot_cb, g_object_ref (self), g_object_unref);
}

static void
command_line_batch_finished_cb (PxRunPage *page,
                                PxWindow  *self)
{
  GPtrArray *runs = px_run_page_get_runs (page);
  g_autoptr(GBytes) bytes = px_export_results (runs, px_run_page_get_batch_info (page), PX_RESULTS_JSON);
  g_autoptr(GError) error = NULL;
  guint failed = 0;
  int status = 0;

  for (guint i = 0; i < runs->len; i++)
    failed += px_run_result_get_tasks_failed (g_ptr_array_index (runs, i));

  if (!g_file_set_contents (self->save_path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
    {
      g_printerr ("parallax: %s\n", error->message);
      status = 1;
    }
  else if (failed > 0 || runs->len < self->n_strategies)
    {
      g_printerr (_("parallax: %u tasks failed, %u of %u runs finished; the results are in %s\n"),
                  failed, runs->len, self->n_strategies, self->save_path);
      status = 1;
    }
  else
    g_print ("%s\n", self->save_path);

  px_application_set_exit_status (PX_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), status);
  gtk_window_close (GTK_WINDOW (self));
}

static void
run_batch_finished_cb (PxRunPage *page,
                       PxWindow  *self)
{
  px_amdahl_page_show_runs (self->amdahl_page, px_run_page_get_runs (page));
}

/* Pages and the export show their messages here through this action, so
 * they need not know the window. */
static void
show_toast_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  /* Messages quote servers, workers and files; a toast's title is Pango
   * markup (an '&' would blank it) and one line. */
  g_autofree char *text = px_text_escape (g_variant_get_string (parameter, NULL), -1, 512);
  g_autofree char *markup = g_markup_escape_text (text, -1);

  px_window_add_toast (PX_WINDOW (widget), adw_toast_new (markup));
}

static gboolean
px_window_close_request (GtkWindow *window)
{
  PxWindow *self = PX_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  /* Stops a run or a measurement in progress and reaps its workers. */
  px_run_page_stop (self->run_page);
  px_amdahl_page_stop (self->amdahl_page);

  return GTK_WINDOW_CLASS (px_window_parent_class)->close_request (window);
}

static void
px_window_dispose (GObject *object)
{
  PxWindow *self = PX_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PX_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->screenshot, g_free);
  g_clear_pointer (&self->save_path, g_free);

  G_OBJECT_CLASS (px_window_parent_class)->dispose (object);
}

static void
px_window_class_init (PxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = px_window_dispose;
  window_class->close_request = px_window_close_request;

  g_type_ensure (PX_TYPE_RUN_PAGE);
  g_type_ensure (PX_TYPE_AMDAHL_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/parallaxlab/Parallax/px-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PxWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, run_page);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, amdahl_page);

  gtk_widget_class_install_action (widget_class, "win.show-toast", "s", show_toast_action);
}

static void
px_window_init (PxWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The primary menu sits outside the pages: expose their actions here too. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "run", px_run_page_get_action_group (self->run_page));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "amdahl",
                                  px_amdahl_page_get_action_group (self->amdahl_page));

  /* A batch that covered several worker counts feeds the Amdahl plot. */
  g_signal_connect_object (self->run_page, "batch-finished", G_CALLBACK (run_batch_finished_cb), self, 0);
}

PxWindow *
px_window_new (PxApplication *application)
{
  PxWindow *self;
  GSettings *settings;

  g_return_val_if_fail (PX_IS_APPLICATION (application), NULL);

  self = g_object_new (PX_TYPE_WINDOW, "application", application, NULL);
  settings = px_application_get_settings (application);
  self->settings = g_object_ref (settings);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (settings, "last-page", self->stack, "visible-child-name", G_SETTINGS_BIND_DEFAULT);
  px_run_page_set_settings (self->run_page, settings);
  px_amdahl_page_set_settings (self->amdahl_page, settings);

  return self;
}

void
px_window_take_screenshot (PxWindow   *self,
                           const char *path,
                           gboolean    amdahl)
{
  g_return_if_fail (PX_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  g_free (self->screenshot);
  self->screenshot = g_strdup (path);

  if (amdahl)
    {
      adw_view_stack_set_visible_child_name (self->stack, "amdahl");
      g_signal_connect_object (self->amdahl_page, "measure-finished", G_CALLBACK (demo_finished_cb), self, 0);
      gtk_widget_activate_action (GTK_WIDGET (self->amdahl_page), "amdahl.measure", NULL);
      return;
    }

  adw_view_stack_set_visible_child_name (self->stack, "run");
  g_signal_connect_object (self->run_page, "batch-finished", G_CALLBACK (demo_finished_cb), self, 0);
  px_run_page_run_demo (self->run_page);
}

void
px_window_open_file (PxWindow *self,
                     GFile    *file)
{
  g_return_if_fail (PX_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  adw_view_stack_set_visible_child_name (self->stack, "run");
  px_run_page_open_file (self->run_page, file);
}

void
px_window_run_batch (PxWindow             *self,
                     const PxBatchRequest *request)
{
  g_return_if_fail (PX_IS_WINDOW (self));
  g_return_if_fail (request != NULL && request->save_path != NULL);

  g_free (self->save_path);
  self->save_path = g_strdup (request->save_path);
  self->n_strategies = g_strv_length (request->strategies);

  adw_view_stack_set_visible_child_name (self->stack, "run");
  g_signal_connect_object (self->run_page, "batch-finished", G_CALLBACK (command_line_batch_finished_cb), self, 0);
  px_run_page_run_batch (self->run_page, request);
}

void
px_window_add_toast (PxWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (PX_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
