/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "px-amdahl-draw.h"
#include "px-amdahl-page.h"
#include "px-amdahl-plot.h"
#include "px-application.h"
#include "px-engine.h"
#include "px-export.h"
#include "px-preferences-window.h"
#include "px-run-page.h"
#include "px-test-ui.h"
#include "px-timeline.h"
#include "px-window.h"

static PxApplication *app;

static gboolean
is_idle (gpointer data)
{
  return !px_run_page_get_running (data);
}

static PxWindow *
open_window (void)
{
  PxWindow *window = px_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  px_test_spin_until (px_test_is_mapped, window, 10);

  return window;
}

static void
configure (const char         *workload,
           guint               tasks,
           const char * const *strategies)
{
  GSettings *settings = px_application_get_settings (app);
  g_autofree char *tasks_key = g_strdup_printf ("%s-tasks", workload);

  g_settings_reset (settings, "last-page");
  g_settings_set_string (settings, "workload", workload);
  g_settings_set_uint (settings, tasks_key, tasks);
  g_settings_set_uint (settings, "workers", 2);
  g_settings_set_uint (settings, "latency-ms", 20);
  g_settings_set_strv (settings, "strategies", strategies);
}

static PxRunPage *
run_page (PxWindow *window)
{
  return PX_RUN_PAGE (px_test_find_widget (GTK_WIDGET (window), PX_TYPE_RUN_PAGE));
}

static gboolean
action_enabled (PxWindow   *window,
                const char *name)
{
  return g_action_group_get_action_enabled (px_run_page_get_action_group (run_page (window)), name);
}

static void
run_batch (PxWindow *window)
{
  PxRunPage *page = run_page (window);

  g_assert_true (action_enabled (window, "start"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "run.start", NULL));
  g_assert_true (px_run_page_get_running (page));
  g_assert_false (action_enabled (window, "start"));
  px_test_spin_until (is_idle, page, 120);
}

static guint
results_rows (PxWindow *window)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (px_test_find_widget (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view)));
}

static void
assert_runs_ok (PxWindow *window,
                guint     n_runs,
                guint     n_tasks)
{
  GPtrArray *runs = px_run_page_get_runs (run_page (window));
  PxTimeline *timeline = PX_TIMELINE (px_test_find_widget (GTK_WIDGET (window), PX_TYPE_TIMELINE));

  g_assert_cmpuint (runs->len, ==, n_runs);
  for (guint i = 0; i < runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (runs, i);

      g_assert_cmpuint (px_run_result_get_tasks_ok (run), ==, n_tasks);
      g_assert_cmpint (px_run_result_get_wall_us (run), >, 0);
    }

  /* The table and the charts show the engine's results. */
  g_assert_cmpuint (results_rows (window), ==, n_runs);
  g_assert_true (px_timeline_get_runs (timeline) == runs);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (timeline)));
}

static void
test_pages (void)
{
  const char *pages[] = { "run", "amdahl", "learn" };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      PxWindow *window;
      AdwViewStack *stack;

      g_settings_set_string (px_application_get_settings (app), "last-page", pages[i]);
      window = open_window ();
      stack = ADW_VIEW_STACK (px_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));

      /* The page shown last comes back. */
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, pages[i]);
      px_test_spin_until (px_test_is_mapped, adw_view_stack_get_visible_child (stack), 5);
      px_test_close_window (GTK_WINDOW (window));
    }
}

/* Ctrl+W closes the window. */
static void
test_close_shortcut (void)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "window.close");
  PxWindow *window = open_window ();
  g_autoptr(GtkWidget) alive = g_object_ref (GTK_WIDGET (window));

  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>w"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.close", NULL));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (g_list_find (gtk_application_get_windows (GTK_APPLICATION (app)), alive));
}

static void
test_decompress_run (void)
{
  const char *strategies[] = { "sequential", "threads", "processes", NULL };
  PxWindow *window;

  configure ("decompress", 8, strategies);
  window = open_window ();
  run_batch (window);
  assert_runs_ok (window, 3, 8);

  /* Speedups are against the sequential run of the batch. */
  g_assert_cmpfloat (px_run_result_get_speedup (g_ptr_array_index (px_run_page_get_runs (run_page (window)), 0)),
                     ==, 1.);
  g_assert_true (action_enabled (window, "save"));
  px_test_close_window (GTK_WINDOW (window));
}

static void
test_fetch_run (void)
{
  const char *strategies[] = { "async", "threads", NULL };
  PxWindow *window;

  configure ("fetch", 6, strategies);
  window = open_window ();
  run_batch (window);
  assert_runs_ok (window, 2, 6);
  g_assert_cmpstr (px_run_result_get_task (g_ptr_array_index (px_run_page_get_runs (run_page (window)), 0), 3)->label,
                   ==, "torvalds");
  px_test_close_window (GTK_WINDOW (window));
}

/* Whether a label, or a row's subtitle, in root starts with prefix. */
static gboolean
shows_text (GtkWidget  *root,
            const char *prefix)
{
  const char *text = NULL;

  if (GTK_IS_LABEL (root))
    text = gtk_label_get_text (GTK_LABEL (root));
  else if (ADW_IS_ACTION_ROW (root))
    text = adw_action_row_get_subtitle (ADW_ACTION_ROW (root));
  if (text != NULL && g_str_has_prefix (text, prefix))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, prefix))
      return TRUE;

  return FALSE;
}

static gboolean
stop_soon_cb (gpointer data)
{
  /* The run in progress is running, not stopped, in the table. */
  g_assert_true (shows_text (data, "running"));
  g_assert_false (shows_text (data, "Stopped"));
  g_assert_true (gtk_widget_activate_action (data, "run.stop", NULL));
  return G_SOURCE_REMOVE;
}

static void
test_stop (void)
{
  const char *strategies[] = { "threads", "processes", NULL };
  g_autofree char *expected = NULL;
  GPtrArray *runs;
  PxWindow *window;
  gint64 start;

  configure ("decompress", 3000, strategies);
  window = open_window ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "run.start", NULL));
  g_timeout_add (400, stop_soon_cb, window);
  start = g_get_monotonic_time ();
  px_test_spin_until (is_idle, run_page (window), 30);

  /* Stopped long before 3,000 tasks; what finished stays on show. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  runs = px_run_page_get_runs (run_page (window));
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpuint (px_run_result_get_tasks_ok (g_ptr_array_index (runs, 0)), <, 3000);
  g_assert_cmpuint (results_rows (window), ==, 1);
  g_assert_true (px_run_result_get_cancelled (g_ptr_array_index (runs, 0)));

  /* The stopped run says how far it got, in its progress row and in the
   * table alike; the strategy after it never ran. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  expected = g_strdup_printf ("Stopped (%u of 3000 done)",
                              px_run_result_get_tasks_ok (g_ptr_array_index (runs, 0)));
  g_assert_true (shows_text (GTK_WIDGET (window), expected));
  g_assert_true (shows_text (GTK_WIDGET (window), "Not run"));
  g_assert_false (shows_text (GTK_WIDGET (window), "running"));

  /* The window stays usable: a new run goes through. */
  configure ("decompress", 4, strategies);
  px_test_close_window (GTK_WINDOW (window));
  window = open_window ();
  run_batch (window);
  assert_runs_ok (window, 2, 4);
  px_test_close_window (GTK_WINDOW (window));
}

typedef struct
{
  PxRunPage *page;
  guint      n_paints;
  guint      runs_at_first_paint;
} FrameWatch;

static void
after_paint_cb (GdkFrameClock *clock,
                FrameWatch    *watch)
{
  if (watch->n_paints++ == 0)
    watch->runs_at_first_paint = px_run_page_get_runs (watch->page)->len;
}

/* Run draws the results first and starts the workers once that frame is
 * painted, so that they do not take the cores from it; a Stop before then
 * ends the batch with nothing run. */
static void
test_start_after_frame (void)
{
  const char *strategies[] = { "threads", "processes", NULL };
  PxWindow *window;
  PxRunPage *page;
  GdkFrameClock *clock;
  FrameWatch watch = { 0 };
  gulong handler;

  configure ("decompress", 4, strategies);
  window = open_window ();
  page = run_page (window);
  watch.page = page;
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  /* Connected before the page's own handler, so it sees the page as it
   * was painted. */
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &watch);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "run.start", NULL));
  g_assert_true (px_run_page_get_running (page));
  g_assert_cmpuint (px_run_page_get_runs (page)->len, ==, 0);
  px_test_spin_until (is_idle, page, 120);
  g_signal_handler_disconnect (clock, handler);
  g_assert_cmpuint (watch.n_paints, >, 0);
  g_assert_cmpuint (watch.runs_at_first_paint, ==, 0);
  assert_runs_ok (window, 2, 4);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "run.start", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "run.stop", NULL));
  px_test_spin_until (is_idle, page, 10);
  g_assert_cmpuint (px_run_page_get_runs (page)->len, ==, 0);
  g_assert_true (shows_text (GTK_WIDGET (window), "Not run"));

  px_test_close_window (GTK_WINDOW (window));
}

static void
test_reload (void)
{
  const char *strategies[] = { "sequential", "async", NULL };
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  PxWindow *window;
  gsize length;
  const char *data;

  configure ("amdahl", 6, strategies);
  window = open_window ();
  run_batch (window);
  saved = px_export_results (px_run_page_get_runs (run_page (window)),
                             px_run_page_get_batch_info (run_page (window)), PX_RESULTS_JSON);
  px_test_close_window (GTK_WINDOW (window));

  window = open_window ();
  data = g_bytes_get_data (saved, &length);
  g_assert_true (px_run_page_load_json (run_page (window), data, length, &error));
  g_assert_no_error (error);

  /* The same results, the same table, the same charts. */
  again = px_export_results (px_run_page_get_runs (run_page (window)),
                             px_run_page_get_batch_info (run_page (window)), PX_RESULTS_JSON);
  g_assert_true (g_bytes_equal (saved, again));
  assert_runs_ok (window, 2, 6);

  /* A broken file is an error, and what was shown stays. */
  g_assert_false (px_run_page_load_json (run_page (window), "{\"runs\": 3}", -1, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (px_run_page_get_runs (run_page (window))->len, ==, 2);
  px_test_close_window (GTK_WINDOW (window));
}

static GtkWidget *
find_with_class (GtkWidget  *root,
                 const char *css_class)
{
  if (gtk_widget_has_css_class (root, css_class))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_class (child, css_class);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The "Replay" badge is shown, on screen in a 1280×720 window. */
static gboolean
badge_on_screen (PxWindow *window)
{
  GtkWidget *badge = find_with_class (GTK_WIDGET (window), "replay-badge");
  graphene_rect_t bounds;

  g_assert_nonnull (badge);
  if (!gtk_widget_is_visible (badge) || !gtk_widget_get_mapped (badge) ||
      !gtk_widget_compute_bounds (badge, GTK_WIDGET (window), &bounds))
    return FALSE;

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, "Replay");
  return bounds.size.width > 0 && bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (GTK_WIDGET (window));
}

static gboolean
badge_laid_out (gpointer data)
{
  return badge_on_screen (data);
}

static const char *
replay_text (PxWindow *window)
{
  GtkWidget *band = find_with_class (GTK_WIDGET (window), "replay-band");
  GtkWidget *label = gtk_widget_get_last_child (band);

  return gtk_label_get_text (GTK_LABEL (label));
}

/* Opened results show a band that says they are a recording (a badge, the
 * workload, its parameters, the machine, the date) and set the controls to
 * their parameters; the next run hides the band. */
static void
test_replay_band (void)
{
  const char *strategies[] = { "sequential", "gil", NULL };
  const char *other_strategies[] = { "threads", NULL };
  GSettings *settings = px_application_get_settings (app);
  PxBatchRequest other = { .workload = (char *) "decompress", .strategies = (char **) other_strategies,
                           .n_tasks = 9, .n_workers = 1, .latency_ms = -1, .serial = 0.7, .pure_python = TRUE,
                           .return_output = TRUE };
  g_autoptr(PxBatchRequest) request = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) old_root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *cores = NULL;
  PxWindow *window;
  JsonObject *root;
  const char *data;
  gsize length;

  configure ("amdahl", 6, strategies);
  g_settings_set_double (settings, "serial-fraction", 0.3);
  g_settings_set_boolean (settings, "return-output", FALSE);
  g_settings_set_int (settings, "window-width", 1280);
  g_settings_set_int (settings, "window-height", 720);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  window = open_window ();
  run_batch (window);
  /* A live run has no band. */
  g_assert_false (badge_on_screen (window));
  saved = px_export_results (px_run_page_get_runs (run_page (window)),
                             px_run_page_get_batch_info (run_page (window)), PX_RESULTS_JSON);

  /* Other controls, then the file: they become the file's. */
  px_run_page_set_request (run_page (window), &other);
  request = px_run_page_dup_request (run_page (window));
  g_assert_cmpstr (request->workload, ==, "decompress");
  g_assert_true (request->pure_python);
  g_assert_true (g_settings_get_boolean (settings, "return-output"));
  g_clear_pointer (&request, px_batch_request_free);

  data = g_bytes_get_data (saved, &length);
  g_assert_true (px_run_page_load_json (run_page (window), data, length, &error));
  g_assert_no_error (error);
  px_test_spin_until (badge_laid_out, window, 10);

  request = px_run_page_dup_request (run_page (window));
  g_assert_cmpstr (request->workload, ==, "amdahl");
  g_assert_true (g_strv_equal ((const char * const *) request->strategies, strategies));
  g_assert_cmpuint (request->n_tasks, ==, 6);
  g_assert_cmpuint (request->n_workers, ==, 2);
  g_assert_cmpfloat (request->serial, ==, 0.3);
  g_assert_false (request->return_output);
  g_assert_false (request->pure_python);
  g_assert_null (request->api_url);

  g_assert_true (g_str_has_prefix (replay_text (window), "amdahl · sequential, gil · 6 tasks · 2 workers · "
                                                         "serial fraction 30 %\n"));
  cores = g_strdup_printf ("\n%u core", g_get_num_processors ());
  g_assert_nonnull (strstr (replay_text (window), cores));
  g_assert_nonnull (strstr (replay_text (window), "Recorded "));

  /* A new run is live: the band goes. */
  run_batch (window);
  g_assert_false (badge_on_screen (window));
  g_assert_false (gtk_widget_is_visible (find_with_class (GTK_WIDGET (window), "replay-band")));

  /* A file from before the context was saved says so. */
  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);
  old_root = json_node_copy (json_parser_get_root (parser));
  root = json_node_get_object (old_root);
  json_object_set_int_member (root, "format_version", 1);
  json_object_remove_member (root, "created");
  json_object_remove_member (root, "app_version");
  json_object_remove_member (root, "machine");
  json_object_remove_member (root, "parameters");
  old_text = json_to_string (old_root, FALSE);
  g_assert_true (px_run_page_load_json (run_page (window), old_text, -1, &error));
  g_assert_no_error (error);
  px_test_spin_until (badge_laid_out, window, 10);
  g_assert_nonnull (strstr (replay_text (window), "older Parallax"));

  px_test_close_window (GTK_WINDOW (window));
  g_settings_reset (settings, "serial-fraction");
  g_settings_reset (settings, "return-output");
  g_settings_reset (settings, "decompress-pure-python");
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static gboolean
file_shown (gpointer data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  return windows != NULL && px_run_page_get_runs (run_page (windows->data))->len > 0;
}

/* parallax FILE opens FILE, as a file manager starts it: GApplication turns
 * the arguments into GFiles and hands them to "open". */
static void
test_open_command_line (void)
{
  const char *strategies[] = { "sequential", "threads", NULL };
  g_autofree char *dir = g_dir_make_tmp ("parallax-open-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "results.parallax.json", NULL);
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  PxWindow *window;

  configure ("amdahl", 4, strategies);
  window = open_window ();
  run_batch (window);
  saved = px_export_results (px_run_page_get_runs (run_page (window)),
                             px_run_page_get_batch_info (run_page (window)), PX_RESULTS_JSON);
  px_test_close_window (GTK_WINDOW (window));
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (saved, NULL), g_bytes_get_size (saved), &error));
  g_assert_no_error (error);

  g_assert_true (g_application_get_flags (G_APPLICATION (app)) & G_APPLICATION_HANDLES_OPEN);
  file = g_file_new_for_commandline_arg (path);
  g_application_open (G_APPLICATION (app), &file, 1, "");
  px_test_spin_until (file_shown, NULL, 30);

  window = gtk_application_get_windows (GTK_APPLICATION (app))->data;
  g_assert_cmpuint (px_run_page_get_runs (run_page (window))->len, ==, 2);
  px_test_close_window (GTK_WINDOW (window));

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A screenshot runs a demo with its own parameters: none of them, nor the
 * window's size, may be stored as the user's settings. */
static void
test_screenshot_keeps_settings (void)
{
  g_autofree char *dir = g_dir_make_tmp ("parallax-shot-XXXXXX", NULL);
  g_autofree char *shot = g_build_filename (dir, "shot.png", NULL);
  g_autofree char *glib_dir = g_build_filename (dir, "glib-2.0", NULL);
  g_autofree char *settings_dir = g_build_filename (glib_dir, "settings", NULL);
  g_autofree char *keyfile = g_build_filename (settings_dir, "keyfile", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", dir, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, PX_BUILD_ROOT "/src/ui/parallax",
                                         "--screenshot", shot, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);

  /* The demo sets its parameters before it runs: they would be stored by
   * now. (The shot itself is not checked: under the sanitizers the window
   * may not have painted in time, which is another matter.) */
  g_assert_false (g_file_test (keyfile, G_FILE_TEST_EXISTS));

  /* The keyfile backend makes its (empty) folder as it starts. */
  g_unlink (shot);
  g_rmdir (settings_dir);
  g_rmdir (glib_dir);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_export (void)
{
  const char *strategies[] = { "sequential", "threads", NULL };
  g_autofree char *dir = g_dir_make_tmp ("parallax-export-XXXXXX", NULL);
  const struct {
    PxImageFormat format;
    const char   *name;
    const char   *magic;
  } formats[] = {
    { PX_IMAGE_PNG, "chart.png", "\x89PNG" },
    { PX_IMAGE_SVG, "chart.svg", "<?xml" },
    { PX_IMAGE_PDF, "chart.pdf", "%PDF" },
  };
  const PxChartDrawFunc draws[] = { px_export_draw_timeline, px_export_draw_wall_cpu };
  g_autoptr(GdkTexture) texture = NULL;
  PxChartTheme theme;
  PxWindow *window;
  GPtrArray *runs;

  configure ("decompress", 4, strategies);
  window = open_window ();
  run_batch (window);
  runs = px_run_page_get_runs (run_page (window));
  px_chart_theme_init_default (&theme, FALSE);

  for (guint kind = 0; kind < G_N_ELEMENTS (draws); kind++)
    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      {
        g_autofree char *path = g_build_filename (dir, formats[i].name, NULL);
        g_autoptr(GError) error = NULL;
        g_autofree char *contents = NULL;
        gsize length;

        g_assert_true (px_export_image (draws[kind], runs, &theme, formats[i].format, 1600, 900, path, &error));
        g_assert_no_error (error);
        g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
        g_assert_cmpuint (length, >, 1000);
        g_assert_true (g_str_has_prefix (contents, formats[i].magic));

        if (formats[i].format == PX_IMAGE_PNG)
          {
            g_autoptr(GdkTexture) png = gdk_texture_new_from_filename (path, &error);

            g_assert_no_error (error);
            g_assert_cmpint (gdk_texture_get_width (png), ==, 1600);
            g_assert_cmpint (gdk_texture_get_height (png), ==, 900);
          }
        g_unlink (path);
      }

  /* What goes to the clipboard. */
  texture = px_export_texture (px_export_draw_timeline, runs, &theme, 800, 450);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 800);

  /* A file that cannot be written is an error, not a crash. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (px_export_image (px_export_draw_timeline, runs, &theme, PX_IMAGE_PNG, 640, 360,
                                     "/nonexistent/dir/chart.png", &error));
    g_assert_nonnull (error);
  }

  g_rmdir (dir);
  px_test_close_window (GTK_WINDOW (window));
}

static PxAmdahlPage *
amdahl_page (PxWindow *window)
{
  return PX_AMDAHL_PAGE (px_test_find_widget (GTK_WIDGET (window), PX_TYPE_AMDAHL_PAGE));
}

static void
marker (PxAmdahlPage *page,
        double       *x,
        double       *y)
{
  PxAmdahlChart *chart = PX_AMDAHL_CHART (px_test_find_widget (GTK_WIDGET (page), PX_TYPE_AMDAHL_CHART));
  PxChartTheme theme;
  PxAmdahlPlot plot;

  px_chart_theme_init_default (&theme, FALSE);
  px_amdahl_chart_get_plot (chart, &plot);
  px_amdahl_plot_get_marker_point (&theme, &plot, 1600, 900, x, y);
}

static const char *
readout (PxAmdahlPage *page,
         guint         i)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *card;

  /* The readout cards hold their value first. */
  px_test_find_all (GTK_WIDGET (page), GTK_TYPE_BOX, labels);
  for (guint j = 0, seen = 0; j < labels->len; j++)
    {
      card = g_ptr_array_index (labels, j);
      if (gtk_widget_has_css_class (card, "readout") && seen++ == i)
        return gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (card)));
    }

  g_assert_not_reached ();
}

static void
test_amdahl_sliders (void)
{
  g_autoptr(GPtrArray) scales = g_ptr_array_new ();
  PxWindow *window;
  PxAmdahlPage *page;
  double x0, y0, x1, y1;

  g_settings_set_string (px_application_get_settings (app), "last-page", "amdahl");
  window = open_window ();
  page = amdahl_page (window);
  px_test_find_all (GTK_WIDGET (page), GTK_TYPE_SCALE, scales);
  g_assert_cmpuint (scales->len, ==, 2);

  px_amdahl_page_set_p (page, 0.9);
  px_amdahl_page_set_n (page, 8);
  g_assert_cmpstr (readout (page, 0), ==, "4.71×");  /* 1 / (0.1 + 0.9 / 8) */
  g_assert_cmpstr (readout (page, 1), ==, "59 %");
  g_assert_cmpstr (readout (page, 2), ==, "10.0×");
  g_assert_cmpstr (readout (page, 3), ==, "81");     /* 90 % of the limit: S ≥ 9 */
  marker (page, &x0, &y0);

  /* The keyboard's step on the N slider doubles N; on P it adds 0.1 %. */
  g_signal_emit_by_name (g_ptr_array_index (scales, 1), "move-slider", GTK_SCROLL_STEP_RIGHT);
  g_assert_cmpuint (px_amdahl_page_get_n (page), ==, 16);
  marker (page, &x1, &y1);
  g_assert_cmpfloat (x1, >, x0);
  g_assert_cmpfloat (y1, <, y0);

  g_signal_emit_by_name (g_ptr_array_index (scales, 0), "move-slider", GTK_SCROLL_PAGE_RIGHT);
  g_assert_cmpfloat_with_epsilon (px_amdahl_page_get_p (page), 0.95, 1e-9);
  marker (page, &x0, &y0);
  g_assert_cmpfloat_with_epsilon (x0, x1, 1e-6);
  g_assert_cmpfloat (y0, <, y1);
  g_assert_cmpstr (readout (page, 2), ==, "20.0×");

  /* Any whole N can be typed. */
  px_amdahl_page_set_n (page, 3);
  g_assert_cmpuint (px_amdahl_page_get_n (page), ==, 3);
  px_test_close_window (GTK_WINDOW (window));

  /* The next window shows the same curve. */
  window = open_window ();
  g_assert_cmpuint (px_amdahl_page_get_n (amdahl_page (window)), ==, 3);
  g_assert_cmpfloat_with_epsilon (px_amdahl_page_get_p (amdahl_page (window)), 0.95, 1e-9);
  px_test_close_window (GTK_WINDOW (window));
}

static gboolean
is_not_measuring (gpointer data)
{
  return !px_amdahl_page_get_measuring (data);
}

static void
test_amdahl_measure (void)
{
  g_autoptr(GPtrArray) combos = g_ptr_array_new ();
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  PxWindow *window;
  PxAmdahlPage *page;
  double fitted;

  g_settings_set_string (px_application_get_settings (app), "last-page", "amdahl");
  window = open_window ();
  page = amdahl_page (window);

  /* The synthetic work, one repeat: quick, and its serial part is known. */
  px_test_find_all (GTK_WIDGET (page), ADW_TYPE_COMBO_ROW, combos);
  adw_combo_row_set_selected (g_ptr_array_index (combos, 0), 1);
  px_test_find_all (GTK_WIDGET (page), GTK_TYPE_SPIN_BUTTON, spins);
  gtk_spin_button_set_value (g_ptr_array_index (spins, spins->len - 1), 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "amdahl.measure", NULL));
  g_assert_true (px_amdahl_page_get_measuring (page));
  px_test_spin_until (is_not_measuring, page, 120);

  /* N = 1, 2, 4 on two cores: 1, 2, … up to twice the cores. */
  g_assert_cmpuint (px_amdahl_page_get_n_points (page), >=, 2);
  fitted = px_amdahl_page_get_fitted_p (page);
  g_assert_true (fitted >= 0. && fitted <= 1.);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "amdahl.use-fitted-p", NULL));
  g_assert_cmpfloat_with_epsilon (px_amdahl_page_get_p (page), round (fitted * 1000.) / 1000., 1e-9);
  px_test_close_window (GTK_WINDOW (window));
}

static void
test_amdahl_from_runs (void)
{
  const char *strategies[] = { "sequential", "threads", "async", NULL };
  PxWindow *window;

  configure ("amdahl", 8, strategies);
  window = open_window ();
  run_batch (window);

  /* Sequential (N = 1) and threads (N = 2); async does not scale with N. */
  g_assert_cmpuint (px_amdahl_page_get_n_points (amdahl_page (window)), ==, 2);
  g_assert_true (isfinite (px_amdahl_page_get_fitted_p (amdahl_page (window))));

  /* A fetch batch's speedup comes from overlapping waits: no Amdahl point. */
  {
    g_autoptr(GPtrArray) io_bound = g_ptr_array_new_with_free_func (g_object_unref);
    PxRunResult *sequential = px_run_result_new ("fetch", PX_STRATEGY_SEQUENTIAL, 1, 0);
    PxRunResult *threads = px_run_result_new ("fetch", PX_STRATEGY_THREADS, 16, 0);

    px_run_result_set_measurements (sequential, 2000000, 50000, 10000, 0, 0);
    px_run_result_set_measurements (threads, 130000, 50000, 10000, 0, 0);
    g_ptr_array_add (io_bound, sequential);
    g_ptr_array_add (io_bound, threads);
    px_amdahl_page_show_runs (amdahl_page (window), io_bound);
    g_assert_cmpuint (px_amdahl_page_get_n_points (amdahl_page (window)), ==, 2);
  }
  px_test_close_window (GTK_WINDOW (window));
}

/* A message that quotes a server (markup characters, a terminal escape)
 * shows as it is, on one line, not as a blank or broken toast. */
static gboolean
has_toast_label (gpointer data)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  px_test_find_all (GTK_WIDGET (data), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_text (g_ptr_array_index (labels, i));

      if (g_str_has_prefix (text, "fault & <b>"))
        return strchr (text, '\n') == NULL && strchr (text, '\x1b') == NULL;
    }

  return FALSE;
}

static void
test_toast_text (void)
{
  PxWindow *window = open_window ();

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-toast", "s", "fault & <b>\x1b[31mred\nnext");
  px_test_spin_until (has_toast_label, window, 10);
  px_test_close_window (GTK_WINDOW (window));
}

/* The task time limit is a preference, and reaches the runs. */
static void
test_task_timeout_preference (void)
{
  GSettings *settings = px_application_get_settings (app);
  PxPreferencesWindow *prefs = px_preferences_window_new (settings);
  GtkSpinButton *spin = GTK_SPIN_BUTTON (px_test_find_widget (GTK_WIDGET (prefs), GTK_TYPE_SPIN_BUTTON));

  g_assert_nonnull (spin);
  gtk_spin_button_set_value (spin, 7);
  g_assert_cmpuint (g_settings_get_uint (settings, "task-timeout"), ==, 7);
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_settings_reset (settings, "task-timeout");
}

/* The CLI's run options run a batch in the window, save it and quit. */
static void
test_run_options (void)
{
  g_autofree char *dir = g_dir_make_tmp ("parallax-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "batch.json", NULL);
  const char *batch[] = { "--workload", "amdahl", "--strategies", "sequential,gil", "--tasks", "4",
                          "--workers", "2", "--serial", "0", "--save", path, NULL };
  const char *bad[] = { "--workload", "amdahl", "--strategies", "threads,fibres", "--save", path, NULL };
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (px_test_run_app (batch, NULL), ==, 0);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  runs = px_run_results_new_from_json (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 2);
  for (guint i = 0; i < runs->len; i++)
    {
      g_assert_cmpuint (px_run_result_get_tasks_ok (g_ptr_array_index (runs, i)), ==, 4);
      g_assert_cmpuint (px_run_result_get_workers (g_ptr_array_index (runs, i)), ==, i == 0 ? 1 : 2);
    }
  g_assert_cmpint (px_run_result_get_strategy (g_ptr_array_index (runs, 1)), ==, PX_STRATEGY_GIL);

  g_assert_cmpint (px_test_run_app (bad, NULL), ==, 2);

  g_unlink (path);
  g_rmdir (dir);
}

/* parallax --workload … --save: the file carries the batch's context. */
static void
test_run_options_context (void)
{
  g_autofree char *dir = g_dir_make_tmp ("parallax-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "batch.parallax.json", NULL);
  const char *batch[] = { "--workload", "amdahl", "--strategies", "gil,sequential", "--tasks", "3",
                          "--workers", "2", "--serial", "0.5", "--save", path, NULL };
  /* In the order they ran: the window's. */
  const char *strategies[] = { "sequential", "gil", NULL };
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(PxBatchInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (px_test_run_app (batch, NULL), ==, 0);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  runs = px_run_results_new_from_json_with_info (text, -1, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 2);
  g_assert_nonnull (info->created);
  g_assert_cmpstr (info->app_version, ==, PACKAGE_VERSION);
  g_assert_cmpuint (info->cores, ==, g_get_num_processors ());
  g_assert_true (info->has_parameters);
  g_assert_cmpstr (info->workload, ==, "amdahl");
  g_assert_true (g_strv_equal ((const char * const *) info->strategies, strategies));
  g_assert_cmpuint (info->n_tasks, ==, 3);
  g_assert_cmpuint (info->n_workers, ==, 2);
  g_assert_cmpfloat (info->serial, ==, 0.5);
  g_assert_true (info->return_output);

  g_unlink (path);
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

  g_test_add_func ("/parallax/ui/pages", test_pages);
  g_test_add_func ("/parallax/ui/close-shortcut", test_close_shortcut);
  g_test_add_func ("/parallax/ui/decompress-run", test_decompress_run);
  g_test_add_func ("/parallax/ui/fetch-run", test_fetch_run);
  g_test_add_func ("/parallax/ui/stop", test_stop);
  g_test_add_func ("/parallax/ui/start-after-frame", test_start_after_frame);
  g_test_add_func ("/parallax/ui/reload", test_reload);
  g_test_add_func ("/parallax/ui/replay-band", test_replay_band);
  g_test_add_func ("/parallax/ui/export", test_export);
  g_test_add_func ("/parallax/ui/screenshot-keeps-settings", test_screenshot_keeps_settings);
  g_test_add_func ("/parallax/ui/amdahl-sliders", test_amdahl_sliders);
  g_test_add_func ("/parallax/ui/run-options", test_run_options);
  g_test_add_func ("/parallax/ui/run-options-context", test_run_options_context);
  g_test_add_func ("/parallax/ui/amdahl-measure", test_amdahl_measure);
  g_test_add_func ("/parallax/ui/amdahl-from-runs", test_amdahl_from_runs);
  g_test_add_func ("/parallax/ui/task-timeout-preference", test_task_timeout_preference);
  g_test_add_func ("/parallax/ui/toast-text", test_toast_text);
  /* Last: g_application_run () shuts the application down when it returns. */
  g_test_add_func ("/parallax/ui/open-command-line", test_open_command_line);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
