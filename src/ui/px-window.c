/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "parallax"

#include "config.h"

#include <glib/gi18n.h>

#include "px-amdahl-page.h"
#include "px-engine.h"
#include "px-export.h"
#include "px-learn-page.h"
#include "px-lesson-book.h"
#include "px-lesson-panel.h"
#include "px-run-page.h"
#include "px-text.h"
#include "px-window.h"

/* Body text in presentation mode, at zoom 1: legible from the back row of
 * a lecture hall on a 1280×720 projector. */
#define PRESENT_BODY_PX   28.
/* Charts in presentation mode: lines of 2 units become 3 px. */
#define PRESENT_CHART_ZOOM 1.5
#define ZOOM_MIN  0.5
#define ZOOM_MAX  3.0
#define ZOOM_STEP 1.1

static const char * const page_names[] = { "run", "amdahl", "learn" };

struct _PxWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkToggleButton      *controls_button;
  AdwFlap              *lesson_flap;
  PxLessonPanel        *lesson_panel;
  AdwViewStack         *stack;
  PxRunPage            *run_page;
  PxAmdahlPage         *amdahl_page;
  PxLearnPage          *learn_page;

  /* Owned */
  GSettings            *settings;
  char                 *screenshot;
  char                 *save_path;  /* of a batch from the command line */
  guint                 n_strategies;
  PxLessonBook         *book;
  int                   lesson;     /* the open one, or -1 */
  gboolean              lesson_running;
  gboolean              lesson_quits;  /* from the command line */
  gboolean              presenting;
  double                zoom;
  GtkCssProvider       *zoom_css;
  char                 *css_class;
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

/* Writes the Run page's batch to the command line's --save file; the exit
 * status: 0 when every run finished and every task succeeded. */
static int
save_command_line_batch (PxWindow *self)
{
  GPtrArray *runs = px_run_page_get_runs (self->run_page);
  g_autoptr(GBytes) bytes = px_export_results (runs, px_run_page_get_batch_info (self->run_page), PX_RESULTS_JSON);
  g_autoptr(GError) error = NULL;
  guint failed = 0, finished = 0;

  for (guint i = 0; i < runs->len; i++)
    {
      failed += px_run_result_get_tasks_failed (g_ptr_array_index (runs, i));
      finished += !px_run_result_get_cancelled (g_ptr_array_index (runs, i));
    }

  if (!g_file_set_contents (self->save_path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
    {
      g_printerr ("parallax: %s\n", error->message);
      return 1;
    }
  if (failed > 0 || finished < self->n_strategies)
    {
      g_printerr (_("parallax: %u tasks failed, %u of %u runs finished; the results are in %s\n"),
                  failed, finished, self->n_strategies, self->save_path);
      return 1;
    }

  g_print ("%s\n", self->save_path);
  return 0;
}

static void
set_exit_status (PxWindow *self,
                 int       status)
{
  px_application_set_exit_status (PX_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), status);
}

static void
command_line_batch_finished_cb (PxRunPage *page,
                                PxWindow  *self)
{
  set_exit_status (self, save_command_line_batch (self));
  gtk_window_close (GTK_WINDOW (self));
}

static void
run_batch_finished_cb (PxRunPage *page,
                       PxWindow  *self)
{
  /* A lesson's batch makes its own point; the Amdahl page would only say
   * why it is no Amdahl point. */
  if (!self->lesson_running)
    px_amdahl_page_show_runs (self->amdahl_page, px_run_page_get_runs (page));
}

enum {
  PROP_0,
  PROP_PRESENTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static PxLesson *
current_lesson (PxWindow *self)
{
  return self->lesson >= 0 ? px_lesson_book_get_lesson (self->book, self->lesson) : NULL;
}

static void
update_actions (PxWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int n = g_list_model_get_n_items (G_LIST_MODEL (self->book));
  gboolean open = self->lesson >= 0;

  gtk_widget_action_set_enabled (widget, "win.lesson-previous", open && self->lesson > 0);
  gtk_widget_action_set_enabled (widget, "win.lesson-next", self->lesson + 1 < n);
  gtk_widget_action_set_enabled (widget, "win.lesson-show-me", open && !self->lesson_running);
  gtk_widget_action_set_enabled (widget, "win.lesson-stop", self->lesson_running);
  gtk_widget_action_set_enabled (widget, "win.lesson-close", open);
  gtk_widget_action_set_enabled (widget, "win.leave",
                                 self->presenting || gtk_window_is_fullscreen (GTK_WINDOW (self)));
}

/* The open lesson sits beside the page that shows it, in place of that
 * page's parameters (which the header's button brings back); the other
 * pages are as they were. */
static void
update_layout (PxWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->stack);
  PxLesson *lesson = current_lesson (self);
  gboolean panel = lesson != NULL && g_strcmp0 (page, px_lesson_get_page (lesson)) == 0;
  gboolean controls = !panel || gtk_toggle_button_get_active (self->controls_button);

  adw_flap_set_reveal_flap (self->lesson_flap, panel);
  gtk_widget_set_visible (GTK_WIDGET (self->controls_button), panel);
  px_run_page_set_controls_visible (self->run_page, controls);
  px_amdahl_page_set_controls_visible (self->amdahl_page, controls);
}

static void
apply_zoom (PxWindow *self)
{
  g_autofree char *css = NULL;
  char percent[G_ASCII_DTOSTR_BUF_SIZE];
  char body[G_ASCII_DTOSTR_BUF_SIZE];

  /* Text follows the window's font size; the lesson in presentation mode
   * has its own, in pixels. */
  g_ascii_formatd (percent, sizeof percent, "%.0f", 100. * self->zoom);
  g_ascii_formatd (body, sizeof body, "%.1f", PRESENT_BODY_PX * self->zoom);
  /* Adwaita's headings have a size of their own: they follow too. */
  css = g_strdup_printf ("window.%s { font-size: %s%%; }\n"
                         "window.%s .heading { font-size: 100%%; }\n"
                         "window.%s.presentation lessonpanel { font-size: %spx; }\n",
                         self->css_class, percent, self->css_class, self->css_class, body);
  gtk_css_provider_load_from_data (self->zoom_css, css, -1);

  px_run_page_set_chart_zoom (self->run_page, self->zoom * (self->presenting ? PRESENT_CHART_ZOOM : 1.));
  px_run_page_set_compact (self->run_page, self->presenting);
  px_amdahl_page_set_chart_zoom (self->amdahl_page, self->zoom * (self->presenting ? PRESENT_CHART_ZOOM : 1.));
}

static void
stop_lesson_experiment (PxWindow *self)
{
  PxLesson *lesson = current_lesson (self);

  if (!self->lesson_running || lesson == NULL)
    return;

  if (g_str_equal (px_lesson_get_page (lesson), "amdahl"))
    px_amdahl_page_stop (self->amdahl_page);
  else
    px_run_page_stop (self->run_page);
}

static void
open_lesson (PxWindow *self,
             guint     position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->book));
  PxLesson *lesson;

  if (position >= n)
    return;

  /* Its result would be judged against the next lesson's check. */
  stop_lesson_experiment (self);
  self->lesson_running = FALSE;

  self->lesson = position;
  lesson = px_lesson_book_get_lesson (self->book, position);
  px_lesson_panel_set_lesson (self->lesson_panel, lesson, position, n);
  adw_view_stack_set_visible_child_name (self->stack, px_lesson_get_page (lesson));
  update_layout (self);
  update_actions (self);
  px_lesson_panel_focus_show_me (self->lesson_panel);
}

static void
lesson_show_me (PxWindow *self)
{
  PxLesson *lesson = current_lesson (self);
  g_auto(GStrv) strategies = NULL;

  if (lesson == NULL || self->lesson_running)
    return;

  strategies = px_lesson_dup_strategies (lesson);
  adw_view_stack_set_visible_child_name (self->stack, px_lesson_get_page (lesson));

  if (g_str_equal (px_lesson_get_page (lesson), "amdahl"))
    {
      PxStrategy strategy = PX_STRATEGY_THREADS;

      if (px_amdahl_page_get_measuring (self->amdahl_page))
        return;
      px_strategy_from_string (strategies[0], &strategy);
      if (px_lesson_get_amdahl_p (lesson) >= 0.)
        px_amdahl_page_set_p (self->amdahl_page, px_lesson_get_amdahl_p (lesson));
      self->lesson_running = TRUE;
      px_amdahl_page_measure (self->amdahl_page, px_lesson_get_workload (lesson), px_lesson_get_serial (lesson),
                              strategy);
    }
  else
    {
      g_autoptr(PxBatchRequest) request = g_new0 (PxBatchRequest, 1);
      guint workers = px_lesson_get_workers_for (lesson, g_get_num_processors ());

      if (px_run_page_get_running (self->run_page))
        return;
      request->workload = g_strdup (px_lesson_get_workload (lesson));
      self->n_strategies = g_strv_length (strategies);
      request->strategies = g_steal_pointer (&strategies);
      request->n_tasks = px_lesson_get_tasks (lesson);
      request->n_workers = workers > 0 ? workers : g_get_num_processors ();
      request->latency_ms = px_lesson_get_latency_ms (lesson);
      request->serial = px_lesson_get_serial (lesson);
      request->pure_python = px_lesson_get_pure_python (lesson);
      request->return_output = px_lesson_get_return_output (lesson);
      self->lesson_running = TRUE;
      px_run_page_run_batch (self->run_page, request);
    }

  px_lesson_panel_set_status (self->lesson_panel, PX_LESSON_STATUS_RUNNING, _("Running the experiment…"), NULL);
  update_actions (self);
}

static gboolean
lesson_quit_cb (gpointer user_data)
{
  PxWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  int status = px_lesson_panel_get_status (self->lesson_panel) == PX_LESSON_STATUS_INCOMPLETE;

  /* Whoever prepares the slides learns how each lesson came out. */
  g_printerr ("%s: %s\n", px_lesson_get_id (current_lesson (self)),
              px_lesson_panel_get_message (self->lesson_panel));

  if (self->screenshot != NULL)
    {
      if (save_screenshot (self, &error))
        g_print ("%s\n", self->screenshot);
      else
        {
          g_printerr ("parallax: %s\n", error->message);
          status = 1;
        }
    }
  if (self->save_path != NULL)
    status |= save_command_line_batch (self);

  set_exit_status (self, status);
  gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
lesson_experiment_finished (PxWindow  *self,
                            GPtrArray *runs,
                            double     fitted_p)
{
  PxLesson *lesson = current_lesson (self);
  g_autoptr(PxLessonCheck) check = NULL;
  g_autofree char *report = NULL;
  g_autofree char *message = NULL;
  g_autofree char *disturbance = NULL;  /* the first disturbed run's */
  double busy = 0.;  /* cores other programs took */
  PxLessonStatus status;

  if (!self->lesson_running || lesson == NULL)
    return;
  self->lesson_running = FALSE;

  /* Other programs' load is said with the outcome, matched or not: it may
   * have made the result. Parallax's own drawing and server, and its
   * threads' waits for a CPU, are said when the result missed (each run's
   * warning under the charts has them always). */
  for (guint i = 0; i < runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (runs, i);
      gint64 others = MAX (px_run_result_get_others_cpu_us (run), 0) - MAX (px_run_result_get_app_cpu_us (run), 0);

      if (!px_run_result_get_disturbed (run))
        continue;
      if (disturbance == NULL)
        disturbance = px_run_result_dup_disturbance (run);
      if (px_run_result_get_wall_us (run) > 0)
        busy = MAX (busy, (double) others / px_run_result_get_wall_us (run));
    }

  /* The book only holds lessons whose check parses. */
  check = px_lesson_parse_check (lesson, NULL);
  switch (px_lesson_check_evaluate (check, runs, fitted_p, g_get_num_processors (), &report))
    {
    case PX_CHECK_MATCHED:
      status = PX_LESSON_STATUS_MATCHED;
      if (busy >= .05)
        message = g_strdup_printf (_("As expected, although other programs took up to %.1f cores."), busy);
      else
        message = g_strdup (_("As expected."));
      break;
    case PX_CHECK_MISMATCHED:
      status = PX_LESSON_STATUS_MISMATCHED;
      if (busy >= .05)
        message = g_strdup_printf (_("Not as expected: the machine was busy, other programs took up to %.1f "
                                     "cores. Run it again when it is quieter."), busy);
      else if (disturbance != NULL)
        /* Translators: the %s says what disturbed the run */
        message = g_strdup_printf (_("Not as expected: %s. Run it again when the machine is quieter."),
                                   disturbance);
      else
        message = g_strdup (_("Not as expected: a measurement below missed. Run it again; if it misses again, "
                              "something else on this machine may have been busy."));
      break;
    case PX_CHECK_INCOMPLETE:
    default:
      status = PX_LESSON_STATUS_INCOMPLETE;
      message = g_strdup (_("Stopped before the end, or a run is missing: nothing to judge."));
      break;
    }

  px_lesson_panel_set_status (self->lesson_panel, status, message, report);
  update_actions (self);

  if (self->lesson_quits)
    /* The charts draw the final results first. */
    g_timeout_add_full (G_PRIORITY_DEFAULT, 500, lesson_quit_cb, g_object_ref (self), g_object_unref);
}

static void
lesson_batch_finished_cb (PxRunPage *page,
                          PxWindow  *self)
{
  PxLesson *lesson = current_lesson (self);

  if (lesson != NULL && g_str_equal (px_lesson_get_page (lesson), "run"))
    lesson_experiment_finished (self, px_run_page_get_runs (page), NAN);
}

static void
lesson_measure_finished_cb (PxAmdahlPage *page,
                            PxWindow     *self)
{
  PxLesson *lesson = current_lesson (self);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  if (lesson != NULL && g_str_equal (px_lesson_get_page (lesson), "amdahl"))
    lesson_experiment_finished (self, none, px_amdahl_page_get_fitted_p (page));
}

static void
lesson_open_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_lesson (PX_WINDOW (widget), g_variant_get_uint32 (parameter));
}

static void
lesson_show_id_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);
  int position = px_lesson_book_find (self->book, g_variant_get_string (parameter, NULL));

  if (position < 0)
    return;
  open_lesson (self, position);
  lesson_show_me (self);
}

static void
lesson_step_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);

  open_lesson (self, g_str_equal (action_name, "win.lesson-next") ? self->lesson + 1 : self->lesson - 1);
}

static void
lesson_show_me_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  lesson_show_me (PX_WINDOW (widget));
}

static void
lesson_stop_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  stop_lesson_experiment (PX_WINDOW (widget));
}

static void
lesson_close_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);

  stop_lesson_experiment (self);
  self->lesson_running = FALSE;
  self->lesson = -1;
  update_layout (self);
  update_actions (self);
}

static void
set_presenting (PxWindow *self,
                gboolean  presenting)
{
  presenting = !!presenting;
  if (presenting == self->presenting)
    return;

  self->presenting = presenting;
  if (presenting)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
      gtk_window_fullscreen (GTK_WINDOW (self));
      /* Presenting is presenting the lessons. */
      if (self->lesson < 0)
        open_lesson (self, 0);
      else if (g_str_equal (adw_view_stack_get_visible_child_name (self->stack), "learn"))
        adw_view_stack_set_visible_child_name (self->stack, px_lesson_get_page (current_lesson (self)));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
      gtk_window_unfullscreen (GTK_WINDOW (self));
    }

  apply_zoom (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTING]);
}

static void
leave_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  set_presenting (PX_WINDOW (widget), FALSE);
  gtk_window_unfullscreen (GTK_WINDOW (widget));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);

  if (g_str_equal (action_name, "win.zoom-in"))
    self->zoom = MIN (self->zoom * ZOOM_STEP, ZOOM_MAX);
  else if (g_str_equal (action_name, "win.zoom-out"))
    self->zoom = MAX (self->zoom / ZOOM_STEP, ZOOM_MIN);
  else
    self->zoom = 1.;

  apply_zoom (self);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  adw_view_stack_set_visible_child_name (PX_WINDOW (widget)->stack, g_variant_get_string (parameter, NULL));
}

static void
step_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);
  const char *page = adw_view_stack_get_visible_child_name (self->stack);
  guint n = G_N_ELEMENTS (page_names), i;
  int step = g_str_equal (action_name, "win.page-next") ? 1 : (int) n - 1;

  for (i = 0; i < n && g_strcmp0 (page, page_names[i]) != 0; i++)
    ;
  adw_view_stack_set_visible_child_name (self->stack, page_names[(i % n + step) % n]);
}

/* Ctrl+R: a run nobody can see helps no one. */
static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PxWindow *self = PX_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->stack, "run");
  gtk_widget_activate_action (GTK_WIDGET (self->run_page), "run.start", NULL);
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
  g_clear_object (&self->book);
  if (self->zoom_css != NULL)
    gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                   GTK_STYLE_PROVIDER (self->zoom_css));
  g_clear_object (&self->zoom_css);
  g_clear_pointer (&self->css_class, g_free);

  G_OBJECT_CLASS (px_window_parent_class)->dispose (object);
}

static void
px_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PRESENTING:
      g_value_set_boolean (value, PX_WINDOW (object)->presenting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_PRESENTING:
      set_presenting (PX_WINDOW (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_window_class_init (PxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = px_window_dispose;
  object_class->get_property = px_window_get_property;
  object_class->set_property = px_window_set_property;
  window_class->close_request = px_window_close_request;

  /* Presentation mode: full screen, the open lesson in big type beside its
   * chart. */
  properties[PROP_PRESENTING] = g_param_spec_boolean ("presenting", NULL, NULL, FALSE,
                                                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                      G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PX_TYPE_RUN_PAGE);
  g_type_ensure (PX_TYPE_AMDAHL_PAGE);
  g_type_ensure (PX_TYPE_LEARN_PAGE);
  g_type_ensure (PX_TYPE_LESSON_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/parallaxlab/Parallax/px-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PxWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, controls_button);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, lesson_flap);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, lesson_panel);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, run_page);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, amdahl_page);
  gtk_widget_class_bind_template_child (widget_class, PxWindow, learn_page);

  gtk_widget_class_install_action (widget_class, "win.show-toast", "s", show_toast_action);
  gtk_widget_class_install_action (widget_class, "win.lesson-open", "u", lesson_open_action);
  gtk_widget_class_install_action (widget_class, "win.lesson-show-id", "s", lesson_show_id_action);
  gtk_widget_class_install_action (widget_class, "win.lesson-next", NULL, lesson_step_action);
  gtk_widget_class_install_action (widget_class, "win.lesson-previous", NULL, lesson_step_action);
  gtk_widget_class_install_action (widget_class, "win.lesson-show-me", NULL, lesson_show_me_action);
  gtk_widget_class_install_action (widget_class, "win.lesson-stop", NULL, lesson_stop_action);
  gtk_widget_class_install_action (widget_class, "win.lesson-close", NULL, lesson_close_action);
  gtk_widget_class_install_property_action (widget_class, "win.present", "presenting");
  gtk_widget_class_install_property_action (widget_class, "win.fullscreen", "fullscreened");
  gtk_widget_class_install_action (widget_class, "win.leave", NULL, leave_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.page-next", NULL, step_page_action);
  gtk_widget_class_install_action (widget_class, "win.page-previous", NULL, step_page_action);
  gtk_widget_class_install_action (widget_class, "win.run", NULL, run_action);
}

/* Keys that step through a lecture. In the bubble phase: a focused entry
 * keeps its Space, a spin button its Page Up. */
static void
add_lecture_shortcuts (PxWindow *self)
{
  static const struct {
    guint       keyval;
    const char *action;
  } keys[] = {
    { GDK_KEY_space, "win.lesson-show-me" },
    { GDK_KEY_Page_Down, "win.lesson-next" },
    { GDK_KEY_Page_Up, "win.lesson-previous" },
    { GDK_KEY_Escape, "win.leave" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval, 0),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
px_window_init (PxWindow *self)
{
  static guint serial;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->lesson = -1;
  self->zoom = 1.;
  self->book = px_lesson_book_new_default ();
  px_learn_page_set_book (self->learn_page, self->book);

  /* This window's zoom, in a style sheet of its own. */
  self->css_class = g_strdup_printf ("px-window-%u", ++serial);
  gtk_widget_add_css_class (GTK_WIDGET (self), self->css_class);
  self->zoom_css = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (self->zoom_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  apply_zoom (self);
  add_lecture_shortcuts (self);

  g_signal_connect_object (self->stack, "notify::visible-child-name", G_CALLBACK (update_layout), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controls_button, "toggled", G_CALLBACK (update_layout), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self, "notify::fullscreened", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  update_actions (self);

  /* The primary menu sits outside the pages: expose their actions here too. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "run", px_run_page_get_action_group (self->run_page));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "amdahl",
                                  px_amdahl_page_get_action_group (self->amdahl_page));

  /* A batch that covered several worker counts feeds the Amdahl plot. */
  g_signal_connect_object (self->run_page, "batch-finished", G_CALLBACK (run_batch_finished_cb), self, 0);
  /* After that: a lesson's batch is judged, and no Amdahl point. */
  g_signal_connect_object (self->run_page, "batch-finished", G_CALLBACK (lesson_batch_finished_cb), self, 0);
  g_signal_connect_object (self->amdahl_page, "measure-finished", G_CALLBACK (lesson_measure_finished_cb),
                           self, 0);
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

PxLessonBook *
px_window_get_lesson_book (PxWindow *self)
{
  g_return_val_if_fail (PX_IS_WINDOW (self), NULL);

  return self->book;
}

int
px_window_get_lesson (PxWindow *self)
{
  g_return_val_if_fail (PX_IS_WINDOW (self), -1);

  return self->lesson;
}

PxLessonPanel *
px_window_get_lesson_panel (PxWindow *self)
{
  g_return_val_if_fail (PX_IS_WINDOW (self), NULL);

  return self->lesson_panel;
}

gboolean
px_window_open_lesson (PxWindow   *self,
                       const char *id)
{
  int position;

  g_return_val_if_fail (PX_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  position = px_lesson_book_find (self->book, id);
  if (position < 0)
    return FALSE;

  open_lesson (self, position);
  return TRUE;
}

void
px_window_run_lesson (PxWindow   *self,
                      const char *id,
                      const char *screenshot,
                      const char *save_path)
{
  g_return_if_fail (PX_IS_WINDOW (self));
  g_return_if_fail (id != NULL);

  g_free (self->screenshot);
  self->screenshot = g_strdup (screenshot);
  g_free (self->save_path);
  self->save_path = g_strdup (save_path);
  self->lesson_quits = TRUE;

  if (!px_window_open_lesson (self, id))
    {
      g_printerr (_("parallax: no lesson “%s” (see --list-lessons)\n"), id);
      set_exit_status (self, 1);
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  /* Measure Scaling makes points on the Amdahl page, not a batch of runs:
   * --save would write an empty file. */
  if (save_path != NULL && g_str_equal (px_lesson_get_page (current_lesson (self)), "amdahl"))
    {
      g_printerr (_("parallax: lesson “%s” measures scaling on the Amdahl page: it has no runs to save "
                    "(--screenshot shows it)\n"), id);
      set_exit_status (self, 1);
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  lesson_show_me (self);
}
