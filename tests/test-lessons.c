/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "px-amdahl-page.h"
#include "px-application.h"
#include "px-engine.h"
#include "px-lesson-book.h"
#include "px-run-page.h"
#include "px-test-ui.h"
#include "px-timeline.h"
#include "px-window.h"

/* The lecture, tried at the size of the projector in a lecture hall. */
#define WIDTH  1280
#define HEIGHT 720

static PxApplication *app;

static const char * const required_ids[] = {
  "concurrency", "io-vs-cpu", "profile-first", "threads-io", "gil", "processes", "async", "amdahl",
  "oversubscription", "python-defaults", "which-tool",
};

/* The default size counts the frame that client-side decorations draw
 * around the window: its content is a few pixels smaller. */
static gboolean
is_laid_out (gpointer data)
{
  int width = gtk_widget_get_width (data), height = gtk_widget_get_height (data);

  return width <= WIDTH && width > WIDTH - 24 && height <= HEIGHT && height > HEIGHT - 24;
}

static PxWindow *
open_window (void)
{
  PxWindow *window = px_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  px_test_spin_until (px_test_is_mapped, window, 10);
  px_test_spin_until (is_laid_out, window, 10);

  return window;
}

static void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static const char *
visible_page (PxWindow *window)
{
  return adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (px_test_find_widget (GTK_WIDGET (window),
                                                                             ADW_TYPE_VIEW_STACK)));
}

/* The book: every lesson the lecture needs, well-formed (the book refuses
 * a malformed one with a warning, fatal here), ids unique, snippets that
 * fit beside a chart. */
static void
test_book (void)
{
  g_autoptr(PxLessonBook) book = px_lesson_book_new_default ();
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (book));

  g_assert_cmpuint (n, >=, G_N_ELEMENTS (required_ids));
  for (guint i = 0; i < n; i++)
    {
      PxLesson *lesson = px_lesson_book_get_lesson (book, i);
      g_auto(GStrv) lines = g_strsplit (px_lesson_get_snippet (lesson), "\n", -1);
      g_auto(GStrv) links = px_lesson_dup_links (lesson);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", px_lesson_get_id (lesson));
      g_assert_true (px_lesson_validate (lesson, &error));
      g_assert_no_error (error);
      g_assert_true (g_hash_table_add (ids, (gpointer) px_lesson_get_id (lesson)));
      g_assert_cmpstr (px_lesson_get_title (lesson), !=, "");
      g_assert_cmpstr (px_lesson_get_expect (lesson), !=, "");
      g_assert_cmpuint (g_strv_length (lines), <=, 12);
      for (guint j = 0; lines[j] != NULL; j++)
        g_assert_cmpuint (g_utf8_strlen (lines[j], -1), <=, 46);
      for (guint j = 0; links != NULL && links[j] != NULL; j++)
        g_assert_cmpint (px_lesson_book_find (book, links[j]), >=, 0);
    }

  for (guint i = 0; i < G_N_ELEMENTS (required_ids); i++)
    g_assert_cmpint (px_lesson_book_find (book, required_ids[i]), >=, 0);
  g_assert_cmpint (px_lesson_book_find (book, "no-such-lesson"), ==, -1);
}

static gboolean
run_page_idle (gpointer data)
{
  return !px_run_page_get_running (data);
}

static gboolean
amdahl_page_idle (gpointer data)
{
  return !px_amdahl_page_get_measuring (data);
}

/* Each lesson's Show Me lands on its page with its parameters, and a run
 * stopped before its end is said to prove nothing. */
static void
test_show_me (void)
{
  PxWindow *window = open_window ();
  PxLessonBook *book = px_window_get_lesson_book (window);
  PxLessonPanel *panel = px_window_get_lesson_panel (window);
  PxRunPage *run = PX_RUN_PAGE (px_test_find_widget (GTK_WIDGET (window), PX_TYPE_RUN_PAGE));
  PxAmdahlPage *amdahl = PX_AMDAHL_PAGE (px_test_find_widget (GTK_WIDGET (window), PX_TYPE_AMDAHL_PAGE));
  GSettings *settings = px_application_get_settings (app);
  guint cores = g_get_num_processors ();

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (book)); i++)
    {
      PxLesson *lesson = px_lesson_book_get_lesson (book, i);
      const char *page = px_lesson_get_page (lesson);

      g_test_message ("%s", px_lesson_get_id (lesson));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lesson-open", "u", i));
      g_assert_cmpint (px_window_get_lesson (window), ==, i);
      g_assert_true (px_lesson_panel_get_lesson (panel) == lesson);
      g_assert_cmpstr (visible_page (window), ==, page);
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
      g_assert_cmpint (px_lesson_panel_get_status (panel), ==, PX_LESSON_STATUS_READY);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lesson-show-me", NULL));
      g_assert_cmpint (px_lesson_panel_get_status (panel), ==, PX_LESSON_STATUS_RUNNING);
      g_assert_cmpstr (visible_page (window), ==, page);

      if (g_str_equal (page, "run"))
        {
          g_auto(GStrv) strategies = px_lesson_dup_strategies (lesson);
          g_auto(GStrv) chosen = g_settings_get_strv (settings, "strategies");
          g_autofree char *tasks_key = g_strdup_printf ("%s-tasks", px_lesson_get_workload (lesson));
          g_autofree char *workload = g_settings_get_string (settings, "workload");

          g_assert_true (px_run_page_get_running (run));
          g_assert_cmpstr (workload, ==, px_lesson_get_workload (lesson));
          g_assert_cmpuint (g_settings_get_uint (settings, tasks_key), ==, px_lesson_get_tasks (lesson));
          g_assert_cmpuint (g_settings_get_uint (settings, "workers"), ==,
                            px_lesson_get_workers_for (lesson, cores));
          g_assert_cmpuint (g_strv_length (chosen), ==, g_strv_length (strategies));
          for (guint j = 0; strategies[j] != NULL; j++)
            g_assert_true (g_strv_contains ((const char * const *) chosen, strategies[j]));
          if (px_lesson_get_latency_ms (lesson) >= 0)
            g_assert_cmpuint (g_settings_get_uint (settings, "latency-ms"), ==, px_lesson_get_latency_ms (lesson));
          if (px_lesson_get_serial (lesson) >= 0.)
            g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "serial-fraction"),
                                            px_lesson_get_serial (lesson), 1e-9);
          g_assert_cmpint (g_settings_get_boolean (settings, "decompress-pure-python"), ==,
                           px_lesson_get_pure_python (lesson));
          g_assert_cmpint (g_settings_get_boolean (settings, "return-output"), ==,
                           px_lesson_get_return_output (lesson));
        }
      else
        {
          g_assert_true (px_amdahl_page_get_measuring (amdahl));
          if (px_lesson_get_amdahl_p (lesson) >= 0.)
            g_assert_cmpfloat_with_epsilon (px_amdahl_page_get_p (amdahl), px_lesson_get_amdahl_p (lesson), 1e-6);
        }

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lesson-stop", NULL));
      px_test_spin_until (run_page_idle, run, 60);
      px_test_spin_until (amdahl_page_idle, amdahl, 60);
      iterate (50);
      g_assert_cmpint (px_lesson_panel_get_status (panel), ==, PX_LESSON_STATUS_INCOMPLETE);
      g_assert_cmpstr (px_lesson_panel_get_message (panel), !=, "");
    }

  px_test_close_window (GTK_WINDOW (window));
}

static GtkWidget *
button_for_action (GtkWidget  *root,
                   const char *action)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  px_test_find_all (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)), action) == 0)
      return g_ptr_array_index (buttons, i);

  return NULL;
}

/* Next and Previous step through the lecture, and stop at its ends. */
static void
test_next_previous (void)
{
  PxWindow *window = open_window ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (px_window_get_lesson_book (window)));
  GtkWidget *widget = GTK_WIDGET (window);
  GtkWidget *previous, *next;

  g_assert_cmpint (px_window_get_lesson (window), ==, -1);
  /* With no lesson open, Next starts the lecture. */
  g_assert_true (gtk_widget_activate_action (widget, "win.lesson-next", NULL));
  g_assert_cmpint (px_window_get_lesson (window), ==, 0);
  previous = button_for_action (GTK_WIDGET (px_window_get_lesson_panel (window)), "win.lesson-previous");
  next = button_for_action (GTK_WIDGET (px_window_get_lesson_panel (window)), "win.lesson-next");
  g_assert_false (gtk_widget_get_sensitive (previous));
  g_assert_true (gtk_widget_get_sensitive (next));
  gtk_widget_activate_action (widget, "win.lesson-previous", NULL);
  g_assert_cmpint (px_window_get_lesson (window), ==, 0);
  for (guint i = 1; i < n; i++)
    {
      g_assert_true (gtk_widget_activate_action (widget, "win.lesson-next", NULL));
      g_assert_cmpint (px_window_get_lesson (window), ==, i);
    }
  g_assert_false (gtk_widget_get_sensitive (next));
  g_assert_true (gtk_widget_get_sensitive (previous));
  gtk_widget_activate_action (widget, "win.lesson-next", NULL);
  g_assert_cmpint (px_window_get_lesson (window), ==, n - 1);
  g_assert_true (gtk_widget_activate_action (widget, "win.lesson-previous", NULL));
  g_assert_cmpint (px_window_get_lesson (window), ==, n - 2);

  /* The panel shows beside the lesson's own page only: on the Learn page
   * the list shows; closing the lesson gives the page its parameters
   * back. */
  g_assert_true (gtk_widget_activate_action (widget, "win.show-page", "s", "learn"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (px_window_get_lesson_panel (window))) &&
                  adw_flap_get_reveal_flap (ADW_FLAP (px_test_find_widget (widget, ADW_TYPE_FLAP))));
  g_assert_true (gtk_widget_activate_action (widget, "win.show-page", "s", "amdahl"));
  g_assert_false (adw_flap_get_reveal_flap (ADW_FLAP (px_test_find_widget (widget, ADW_TYPE_FLAP))));
  g_assert_true (gtk_widget_activate_action (widget, "win.show-page", "s", "run"));
  g_assert_true (adw_flap_get_reveal_flap (ADW_FLAP (px_test_find_widget (widget, ADW_TYPE_FLAP))));
  g_assert_true (gtk_widget_activate_action (widget, "win.lesson-close", NULL));
  g_assert_cmpint (px_window_get_lesson (window), ==, -1);
  g_assert_false (adw_flap_get_reveal_flap (ADW_FLAP (px_test_find_widget (widget, ADW_TYPE_FLAP))));

  px_test_close_window (GTK_WINDOW (window));
}

/* The size of a label's text in pixels, as Pango lays it out. */
static double
font_px (GtkWidget *label)
{
  PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (label));
  const PangoFontDescription *desc = pango_layout_get_font_description (layout);
  PangoContext *context = pango_layout_get_context (layout);
  double size;

  if (desc == NULL)
    desc = pango_context_get_font_description (context);
  size = pango_font_description_get_size (desc) / (double) PANGO_SCALE;
  if (!pango_font_description_get_size_is_absolute (desc))
    size *= pango_cairo_context_get_resolution (context) / 72.;

  return size;
}

static GtkWidget *
find_body_label (PxWindow *window)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  px_test_find_all (GTK_WIDGET (px_window_get_lesson_panel (window)), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "px-lesson-body") &&
        gtk_widget_get_mapped (g_ptr_array_index (labels, i)))
      return g_ptr_array_index (labels, i);

  return NULL;
}

static gboolean
has_body_label (gpointer data)
{
  return find_body_label (data) != NULL;
}

/* Once the lesson's panel is shown. */
static GtkWidget *
first_body_label (PxWindow *window)
{
  px_test_spin_until (has_body_label, window, 30);
  return find_body_label (window);
}

/* Presentation mode at 1280×720: body text of 28 px or more (measured on
 * the laid-out text), charts at 1.5× (lines of 2 units: 3 px); Ctrl +
 * scales the text and the charts, Ctrl 0 resets; Escape leaves. */
static void
test_presentation (void)
{
  PxWindow *window = open_window ();
  GtkWidget *widget = GTK_WIDGET (window);
  PxTimeline *timeline = PX_TIMELINE (px_test_find_widget (widget, PX_TYPE_TIMELINE));
  GtkWidget *label;
  PangoRectangle logical;
  double normal, presenting, zoomed;

  g_assert_true (gtk_widget_activate_action (widget, "win.lesson-open", "u", 0));
  iterate (100);
  label = first_body_label (window);
  normal = font_px (label);
  g_assert_cmpfloat (normal, <, 28.);

  g_assert_true (gtk_widget_activate_action (widget, "win.present", NULL));
  g_assert_true (gtk_widget_has_css_class (widget, "presentation"));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button_for_action (widget, "win.present"))));
  iterate (200);
  presenting = font_px (label);
  pango_layout_get_pixel_extents (gtk_label_get_layout (GTK_LABEL (label)), NULL, &logical);
  g_test_message ("body text %.1f px, then %.1f px; a line %d px", normal, presenting,
                  logical.height / MAX (pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label))), 1));
  g_assert_cmpfloat (presenting, >=, 28.);
  g_assert_cmpint (logical.height / pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label))), >=, 28);
  g_assert_cmpfloat (2. * px_timeline_get_zoom (timeline), >=, 3.);

  g_assert_true (gtk_widget_activate_action (widget, "win.zoom-in", NULL));
  iterate (100);
  zoomed = font_px (label);
  g_assert_cmpfloat (zoomed, >, presenting * 1.05);
  g_assert_cmpfloat (px_timeline_get_zoom (timeline), >, 1.5 * 1.05);
  g_assert_true (gtk_widget_activate_action (widget, "win.zoom-reset", NULL));
  iterate (100);
  g_assert_cmpfloat_with_epsilon (font_px (label), presenting, 0.01);

  g_assert_true (gtk_widget_activate_action (widget, "win.leave", NULL));
  iterate (100);
  g_assert_false (gtk_widget_has_css_class (widget, "presentation"));
  g_assert_cmpfloat_with_epsilon (font_px (label), normal, 0.01);
  g_assert_cmpfloat_with_epsilon (px_timeline_get_zoom (timeline), 1., 1e-9);

  /* Outside presentation mode Ctrl + scales the window's text too. */
  g_assert_true (gtk_widget_activate_action (widget, "win.zoom-in", NULL));
  iterate (100);
  g_assert_cmpfloat (font_px (label), >, normal * 1.05);

  px_test_close_window (GTK_WINDOW (window));
}

/* The default window fits a 1280×720 screen, with Run and Stop (and
 * Measure Scaling) in sight without scrolling; pages switch from the keyboard's actions, and Ctrl+R
 * shows the Run page it starts. */
static void
test_fits_projector (void)
{
  GSettings *settings = px_application_get_settings (app);
  PxWindow *window;
  graphene_rect_t bounds;
  const char *actions[] = { "run.start", "run.stop", "amdahl.measure", "amdahl.stop", NULL };

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), <=, WIDTH);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), <=, HEIGHT - 32);

  window = open_window ();
  for (guint i = 0; actions[i] != NULL; i++)
    {
      GtkWidget *button;

      /* Each on its page. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                                 g_str_has_prefix (actions[i], "run.") ? "run" : "amdahl"));
      button = button_for_action (GTK_WIDGET (window), actions[i]);
      g_assert_nonnull (button);
      px_test_spin_until (px_test_is_mapped, button, 10);
      g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (window), &bounds));
      g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, HEIGHT);
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "run"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page-next", NULL));
  g_assert_cmpstr (visible_page (window), ==, "amdahl");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page-next", NULL));
  g_assert_cmpstr (visible_page (window), ==, "learn");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page-next", NULL));
  g_assert_cmpstr (visible_page (window), ==, "run");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.page-previous", NULL));
  g_assert_cmpstr (visible_page (window), ==, "learn");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  g_assert_cmpstr (visible_page (window), ==, "run");
  g_assert_true (px_run_page_get_running (PX_RUN_PAGE (px_test_find_widget (GTK_WIDGET (window), PX_TYPE_RUN_PAGE))));
  px_run_page_stop (PX_RUN_PAGE (px_test_find_widget (GTK_WIDGET (window), PX_TYPE_RUN_PAGE)));
  px_test_spin_until (run_page_idle, px_test_find_widget (GTK_WIDGET (window), PX_TYPE_RUN_PAGE), 60);

  px_test_close_window (GTK_WINDOW (window));
}

/* The headless entry points: the list, a lesson run to a file, and the
 * errors. */
static void
test_command_line (void)
{
  g_autofree char *dir = g_dir_make_tmp ("parallax-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "lesson.json", NULL);
  g_autofree char *shot = g_build_filename (dir, "lesson.png", NULL);
  g_autofree char *list = NULL, *out = NULL, *text = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GFile) file = NULL;

  g_assert_cmpint (px_test_run_app ((const char *[]) { "--list-lessons", NULL }, &list), ==, 0);
  lines = g_strsplit (g_strchomp (list), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, G_N_ELEMENTS (required_ids));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 2);
      g_assert_cmpstr (fields[1], !=, "");
    }
  g_assert_true (g_str_has_prefix (lines[0], "concurrency\t"));

  /* io-vs-cpu: a short experiment. */
  g_assert_cmpint (px_test_run_app ((const char *[]) { "--lesson", "io-vs-cpu", "--save", path, "--screenshot", shot,
                                               NULL }, &out), ==, 0);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  runs = px_run_results_new_from_json (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, >=, 1);
  file = g_file_new_for_path (shot);
  texture = gdk_texture_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), >, 0);

  g_assert_cmpint (px_test_run_app ((const char *[]) { "--lesson", "no-such-lesson", "--save", path, NULL }, &out), ==, 1);
  /* The Amdahl page's lesson has points, not runs: nothing to save. */
  g_unlink (path);
  g_assert_cmpint (px_test_run_app ((const char *[]) { "--lesson", "amdahl", "--save", path, NULL }, &out), ==, 1);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (px_test_run_app ((const char *[]) { "--lesson", "gil", "--workload", "fetch", "--save", path, NULL },
                            &out), ==, 2);

  g_unlink (path);
  g_unlink (shot);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = px_test_ui_init (&argc, &argv);
  if (app == NULL)
    return 0;

  g_test_add_func ("/parallax/lessons/book", test_book);
  g_test_add_func ("/parallax/lessons/show-me", test_show_me);
  g_test_add_func ("/parallax/lessons/next-previous", test_next_previous);
  g_test_add_func ("/parallax/lessons/presentation", test_presentation);
  g_test_add_func ("/parallax/lessons/fits-projector", test_fits_projector);
  g_test_add_func ("/parallax/lessons/command-line", test_command_line);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
