/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "parallax"

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gi18n.h>

#include "px-engine.h"

#include "px-application.h"
#include "px-preferences-window.h"
#include "px-sys.h"
#include "px-window.h"

struct _PxApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *screenshot;
  char           *screenshot_page;  /* "run" (default) or "amdahl" */
  PxBatchRequest *batch;       /* run from the command line, then quit */
  char           *lesson;      /* to open, from the command line */
  gboolean        lesson_quits; /* run it, write its outputs and quit */
  gboolean        present;
  char           *save;        /* the results of the lesson */
  int             exit_status;
};

G_DEFINE_FINAL_TYPE (PxApplication, px_application, ADW_TYPE_APPLICATION)

static void
update_color_scheme (PxApplication *self)
{
  static const AdwColorScheme schemes[] = {
    ADW_COLOR_SCHEME_DEFAULT, ADW_COLOR_SCHEME_FORCE_LIGHT, ADW_COLOR_SCHEME_FORCE_DARK,
  };
  guint scheme = g_settings_get_enum (self->settings, "color-scheme");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      schemes[MIN (scheme, G_N_ELEMENTS (schemes) - 1)]);
}

/* Full screen needs a window manager; a headless display has none, so a
 * screenshot of presentation mode takes the screen's size itself. */
static void
size_to_monitor (PxApplication *self)
{
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
  g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
  GdkRectangle geometry;

  if (monitor == NULL)
    return;
  gdk_monitor_get_geometry (monitor, &geometry);
  g_settings_set_int (self->settings, "window-width", geometry.width);
  g_settings_set_int (self->settings, "window-height", geometry.height);
}

static void
open_command_line_lesson (PxApplication *self,
                          PxWindow      *window)
{
  if (self->lesson_quits)
    px_window_run_lesson (window, self->lesson, self->screenshot, self->save);
  else if (!px_window_open_lesson (window, self->lesson))
    {
      g_printerr (_("parallax: no lesson “%s” (see --list-lessons)\n"), self->lesson);
      self->exit_status = 1;
      gtk_window_close (GTK_WINDOW (window));
    }
}

static void
px_application_activate (GApplication *app)
{
  PxApplication *self = PX_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL && self->screenshot != NULL && self->lesson == NULL)
    {
      /* The store's screenshots: about 1000×700, with GNOME's default
       * close button only (the settings are the demo's own). */
      g_settings_set_int (self->settings, "window-width", 1000);
      g_settings_set_int (self->settings, "window-height", 700);
      g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "menu:close", NULL);
    }
  if (window == NULL && self->present && self->lesson_quits)
    size_to_monitor (self);
  if (window == NULL)
    window = GTK_WINDOW (px_window_new (self));

  gtk_window_present (window);

  if (self->present)
    g_object_set (window, "presenting", TRUE, NULL);

  if (self->lesson != NULL)
    open_command_line_lesson (self, PX_WINDOW (window));
  else if (self->screenshot != NULL)
    px_window_take_screenshot (PX_WINDOW (window), self->screenshot,
                               g_strcmp0 (self->screenshot_page, "amdahl") == 0);
  else if (self->batch != NULL)
    px_window_run_batch (PX_WINDOW (window), self->batch);
}

static G_GNUC_PRINTF (2, 3) gboolean
bad_value (GError     **error,
           const char  *format,
           ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, format, args));
  va_end (args);

  return FALSE;
}

/* The CLI's run options: run the batch in the window, save it, quit.
 * FALSE, with the reason, for a bad one. */
static gboolean
parse_batch_options (PxApplication  *self,
                     GVariantDict   *options,
                     GError        **error)
{
  g_autoptr(PxBatchRequest) batch = g_new0 (PxBatchRequest, 1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  g_autoptr(GFile) file = NULL;
  const char *workload = NULL, *strategies = NULL, *save = NULL;
  gboolean any = FALSE;
  int tasks = 0, workers = g_get_num_processors ();
  guint8 seen[PX_N_STRATEGIES] = { 0 };

  batch->latency_ms = -1;
  batch->serial = -1.;
  batch->return_output = TRUE;
  any |= g_variant_dict_lookup (options, "workload", "&s", &workload);
  any |= g_variant_dict_lookup (options, "strategies", "&s", &strategies);
  any |= g_variant_dict_lookup (options, "tasks", "i", &tasks);
  any |= g_variant_dict_lookup (options, "workers", "i", &workers);
  any |= g_variant_dict_lookup (options, "latency-ms", "i", &batch->latency_ms);
  any |= g_variant_dict_lookup (options, "serial", "d", &batch->serial);
  any |= g_variant_dict_lookup (options, "pure-python", "b", &batch->pure_python);
  any |= g_variant_dict_lookup (options, "save", "^&ay", &save);
  if (!any)
    return TRUE;

  if (workload == NULL || save == NULL)
    return bad_value (error, _("--workload and --save are needed to run a batch"));
  if (px_workload_type_from_name (workload) == 0)
    return bad_value (error, _("Unknown workload “%s” (fetch, decompress or amdahl)"), workload);
  if (tasks < 0 || tasks > 100000)
    return bad_value (error, _("--tasks must be between 1 and 100000"));
  if (workers < 1 || workers > 1024)
    return bad_value (error, _("--workers must be between 1 and 1024"));
  if (batch->latency_ms > 10000)
    return bad_value (error, _("--latency-ms must be between 0 and 10000"));
  if (batch->serial > 1.)
    return bad_value (error, _("--serial must be between 0 and 1"));
  if (batch->pure_python && !g_str_equal (workload, "decompress"))
    return bad_value (error, _("--pure-python is for the decompress workload"));

  names = g_strsplit (strategies != NULL ? strategies : "sequential,threads,processes,async,gil", ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      PxStrategy strategy;

      if (!px_strategy_from_string (g_strstrip (names[i]), &strategy))
        return bad_value (error, _("Unknown strategy “%s”"), names[i]);
      if (!seen[strategy]++)
        g_strv_builder_add (builder, names[i]);
    }

  batch->workload = g_strdup (workload);
  batch->strategies = g_strv_builder_end (builder);
  batch->n_tasks = tasks;
  batch->n_workers = workers;
  file = g_file_new_for_commandline_arg (save);
  batch->save_path = g_file_get_path (file);
  self->batch = g_steal_pointer (&batch);

  /* A one-off that leaves the user's settings as they were, and runs
   * beside an open Parallax. */
  g_application_set_flags (G_APPLICATION (self), g_application_get_flags (G_APPLICATION (self)) |
                           G_APPLICATION_NON_UNIQUE);
  return TRUE;
}

/* --lesson ID, with --save FILE and --screenshot FILE: run it and quit.
 * The batch options are the lesson's own. */
static int
parse_lesson_options (PxApplication *self,
                      GVariantDict  *options)
{
  static const char * const batch_only[] = { "workload", "strategies", "tasks", "workers", "latency-ms",
                                             "serial", "pure-python", "screenshot-page" };
  const char *save = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (batch_only); i++)
    if (g_variant_dict_contains (options, batch_only[i]))
      {
        g_printerr (_("parallax: --%s does not go with --lesson: the lesson sets its experiment\n"),
                    batch_only[i]);
        return 2;
      }

  if (g_variant_dict_lookup (options, "save", "^&ay", &save))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (save);

      self->save = g_file_get_path (file);
    }
  self->lesson_quits = self->save != NULL || self->screenshot != NULL;
  if (self->lesson_quits)
    /* A one-off beside an open Parallax. */
    g_application_set_flags (G_APPLICATION (self), g_application_get_flags (G_APPLICATION (self)) |
                             G_APPLICATION_NON_UNIQUE);

  return -1;
}

static void
px_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  PxApplication *self = PX_APPLICATION (app);

  /* One window per file, as each window shows one batch of runs. */
  for (int i = 0; i < n_files; i++)
    {
      PxWindow *window = px_window_new (self);

      px_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static int
px_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  PxApplication *self = PX_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  const char *path = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("parallax %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "list-lessons", "b", NULL))
    {
      g_autoptr(PxLessonBook) book = NULL;

      /* GtkBuilder needs GTK, not a display. */
      gtk_init_check ();
      book = px_lesson_book_new_default ();
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (book)); i++)
        {
          PxLesson *lesson = px_lesson_book_get_lesson (book, i);

          g_print ("%s\t%s\n", px_lesson_get_id (lesson), px_lesson_get_title (lesson));
        }
      return 0;
    }

  g_variant_dict_lookup (options, "lesson", "s", &self->lesson);
  g_variant_dict_lookup (options, "present", "b", &self->present);

  if (g_variant_dict_lookup (options, "screenshot", "^&ay", &path))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      /* A screenshot is a one-off: no single-instance hand-over. */
      self->screenshot = g_file_get_path (file);
      if (g_variant_dict_lookup (options, "screenshot-page", "s", &self->screenshot_page) &&
          !g_str_equal (self->screenshot_page, "run") && !g_str_equal (self->screenshot_page, "amdahl"))
        {
          g_printerr ("parallax: %s\n", _("--screenshot-page is run or amdahl"));
          return 2;
        }
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  if (self->lesson != NULL)
    return parse_lesson_options (self, options);

  if (!parse_batch_options (self, options, &error))
    {
      g_printerr ("parallax: %s\n", error->message);
      return 2;
    }

  return -1;
}

static void
px_application_startup (GApplication *app)
{
  PxApplication *self = PX_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[4];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.run", { "<Control>r", NULL } },
    { "win.present", { "F5", NULL } },
    { "win.fullscreen", { "F11", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL } },
    { "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
    { "win.zoom-reset", { "<Control>0", "<Control>KP_0", NULL } },
    { "win.show-page::run", { "<Alt>1", NULL } },
    { "win.show-page::amdahl", { "<Alt>2", NULL } },
    { "win.show-page::learn", { "<Alt>3", NULL } },
    { "win.page-next", { "<Control>Page_Down", NULL } },
    { "win.page-previous", { "<Control>Page_Up", NULL } },
    { "run.stop", { "<Control>period", NULL } },
    { "run.open", { "<Control>o", NULL } },
    { "run.save", { "<Control>s", NULL } },
    { "run.copy-chart::timeline", { "<Control><Shift>c", NULL } },
  };

  G_APPLICATION_CLASS (px_application_parent_class)->startup (app);

  /* A thousand requests in flight need more than 1,024 descriptors. */
  px_raise_fd_limit ();

  if (self->screenshot != NULL || self->batch != NULL || self->lesson_quits)
    {
      /* A demo's or a scripted batch's parameters and window size must not
       * become the user's. */
      g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

      self->settings = g_settings_new_with_backend (PX_APP_ID, backend);
    }
  else
    self->settings = g_settings_new (PX_APP_ID);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (update_color_scheme), self, G_CONNECT_SWAPPED);
  update_color_scheme (self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PxApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing the windows stops their runs and reaps their workers. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PxApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  PxPreferencesWindow *preferences = px_preferences_window_new (self->settings);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  PxApplication *self = user_data;
  const char *developers[] = { "Parallax Lab", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Parallax"),
                        "application-icon", PX_APP_ID,
                        "developer-name", "Parallax Lab",
                        "version", PACKAGE_VERSION,
                        "comments", _("See concurrency and parallelism with real measurements: "
                                      "threads, processes, an event loop and a simulated GIL, "
                                      "on I/O-bound and CPU-bound work."),
                        "website", "https://github.com/parallaxlab/parallax",
                        "issue-url", "https://github.com/parallaxlab/parallax/issues",
                        "copyright", "© 2026 Parallax Lab",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "about", about_action },
};

static void
px_application_dispose (GObject *object)
{
  PxApplication *self = PX_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->screenshot, g_free);
  g_clear_pointer (&self->screenshot_page, g_free);
  g_clear_pointer (&self->batch, px_batch_request_free);
  g_clear_pointer (&self->lesson, g_free);
  g_clear_pointer (&self->save, g_free);

  G_OBJECT_CLASS (px_application_parent_class)->dispose (object);
}

static void
px_application_class_init (PxApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = px_application_dispose;
  app_class->activate = px_application_activate;
  app_class->startup = px_application_startup;
  app_class->open = px_application_open;
  app_class->handle_local_options = px_application_handle_local_options;
}

static void
px_application_init (PxApplication *self)
{
  const GOptionEntry entries[] = {
    { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Run a short demo, save a screenshot of the window to FILE (PNG) and quit"), N_("FILE") },
    { "screenshot-page", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("The page --screenshot shows: run (a batch of every strategy) or amdahl (Measure Scaling)"), N_("PAGE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and quit"), NULL },
    { "workload", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Run a batch of this workload (fetch, decompress or amdahl) in the window, save it and quit"),
      N_("NAME") },
    { "strategies", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("The batch's strategies, comma-separated (all)"), N_("LIST") },
    { "tasks", 0, 0, G_OPTION_ARG_INT, NULL, N_("The batch's number of tasks"), N_("M") },
    { "workers", 0, 0, G_OPTION_ARG_INT, NULL, N_("The batch's workers (the number of cores)"), N_("N") },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, NULL, N_("Latency of the embedded server for fetch"), N_("MS") },
    { "serial", 0, 0, G_OPTION_ARG_DOUBLE, NULL, N_("Serial fraction of amdahl, 0 to 1"), N_("F") },
    { "pure-python", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Decompress as pure Python (holds the GIL)"), NULL },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Where to save the batch's results as JSON; the exit status is 1 if a task failed"), N_("FILE") },
    { "list-lessons", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print each lesson’s id and title, and quit"), NULL },
    { "lesson", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Open this lesson; with --screenshot or --save, run its experiment, write the screenshot or the results and quit"), N_("ID") },
    { "present", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Start in presentation mode"), NULL },
    { NULL }
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

PxApplication *
px_application_new (void)
{
  return g_object_new (PX_TYPE_APPLICATION,
                       "application-id", PX_APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/parallaxlab/Parallax",
                       NULL);
}

GSettings *
px_application_get_settings (PxApplication *self)
{
  g_return_val_if_fail (PX_IS_APPLICATION (self), NULL);

  return self->settings;
}

int
px_application_get_exit_status (PxApplication *self)
{
  g_return_val_if_fail (PX_IS_APPLICATION (self), 1);

  return self->exit_status;
}

void
px_application_set_exit_status (PxApplication *self,
                                int            status)
{
  g_return_if_fail (PX_IS_APPLICATION (self));

  self->exit_status = status;
}
