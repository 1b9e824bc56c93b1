/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "parallax"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "px-engine.h"
#include "px-export.h"
#include "px-run-page.h"
#include "px-timeline.h"
#include "px-wall-cpu-chart.h"

#define GITHUB_API_URL "https://api.github.com"
#define DEMO_TASKS 40

typedef enum
{
  WORKLOAD_FETCH,
  WORKLOAD_DECOMPRESS,
  WORKLOAD_AMDAHL,
} WorkloadChoice;

typedef enum
{
  SOURCE_EMBEDDED,
  SOURCE_GITHUB,
  SOURCE_CUSTOM,
} SourceChoice;

typedef enum
{
  COLUMN_STRATEGY,
  COLUMN_WORKERS,
  COLUMN_WALL,
  COLUMN_CPU,
  COLUMN_CPU_WAIT,
  COLUMN_RATIO,
  COLUMN_SPEEDUP,
  COLUMN_EFFICIENCY,
  COLUMN_PIPE,
  COLUMN_TASKS,
  COLUMN_RSS,
  N_COLUMNS
} Column;

struct _PxRunPage
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkPaned             *paned;
  GtkWidget            *sidebar;
  AdwComboRow          *workload_row;
  GtkSpinButton        *tasks_spin;
  AdwActionRow         *workers_row;
  GtkSpinButton        *workers_spin;
  AdwPreferencesGroup  *fetch_group;
  AdwComboRow          *source_row;
  AdwActionRow         *latency_row;
  GtkSpinButton        *latency_spin;
  AdwEntryRow          *custom_url_row;
  AdwPasswordEntryRow  *token_row;
  AdwPreferencesGroup  *decompress_group;
  AdwActionRow         *file_row;
  GtkButton            *choose_file_button;
  GtkButton            *clear_file_button;
  AdwPreferencesGroup  *amdahl_group;
  GtkSpinButton        *serial_spin;
  GtkSwitch            *pure_python_switch;
  AdwPreferencesGroup  *strategies_group;
  GtkStack             *content_stack;
  GtkWidget            *replay_band;
  GtkLabel             *replay_label;
  GtkListBox           *progress_list;
  PxTimeline           *timeline;
  PxWallCpuChart       *wall_cpu_chart;
  GtkLabel             *verdict_label;
  GtkColumnView        *results_view;

  /* Owned */
  GSettings            *settings;
  GSimpleActionGroup   *actions;
  GtkCheckButton       *strategy_checks[PX_N_STRATEGIES];
  GListStore           *store;
  GPtrArray            *runs;
  PxBatchInfo          *info;           /* of the batch shown */
  PxRunner             *runner;
  PxServerProcess      *server;
  guint                 server_latency_ms;
  PxWorkload           *workload;
  GCancellable         *cancellable;
  GArray               *queue;          /* PxStrategy, the batch still to run */
  guint                 workers;
  char                 *decompress_file;
  GtkNativeDialog      *dialog;
  GtkProgressBar       *progress_bars[PX_N_STRATEGIES];
  AdwActionRow         *progress_rows[PX_N_STRATEGIES];
  guint                 redraw_id;
  guint                 redraw_ms;
  GdkFrameClock        *start_clock;    /* the batch starts after its next paint */
  gulong                start_paint_id;
  guint                 start_timeout_id;
  gboolean              compact;  /* presentation mode: no progress rows */
  gboolean              loading_settings;
};

/* While a run goes on, the timeline and the progress are redrawn at most
 * this often: drawing thousands of bars at every frame would take CPU
 * time from the run being measured. A CPU-bound run needs every core, and
 * a frame drawn in software (Mesa's llvmpipe, on a machine without a GPU)
 * costs tens of milliseconds of CPU: measured under Xvfb during a
 * decompress batch, the window took 0.24–0.28 cores at 4 frames a second
 * and 0.07–0.14 at one (with GSK_RENDERER=cairo 0.04 and 0.02). */
#define LIVE_REDRAW_MS     250
/* The longest a batch waits for the frame that shows it (a hidden window
 * may not draw one). */
#define START_FRAME_WAIT_MS 250
#define LIVE_REDRAW_CPU_MS 1000
#define RUN_NICE 5

enum {
  BATCH_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PxRunPage, px_run_page, GTK_TYPE_WIDGET)

static void run_next (PxRunPage *self);

static void
show_toast (PxRunPage  *self,
            const char *message)
{
  px_export_show_toast (GTK_WIDGET (self), message);
}

static void
update_actions (PxRunPage *self)
{
  gboolean running = self->cancellable != NULL;
  gboolean any_strategy = FALSE;
  gboolean have_runs = self->runs->len > 0;
  GAction *action;

  for (guint i = 0; i < PX_N_STRATEGIES; i++)
    any_strategy |= gtk_check_button_get_active (self->strategy_checks[i]);

  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "start");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), !running && any_strategy);
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "stop");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), running);
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "open");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), !running);
  for (guint i = 0; i < 3; i++)
    {
      const char *names[] = { "save", "export-chart", "copy-chart" };

      action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), names[i]);
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), have_runs && !running);
    }
}

static WorkloadChoice
get_workload_choice (PxRunPage *self)
{
  return MIN (adw_combo_row_get_selected (self->workload_row), WORKLOAD_AMDAHL);
}

static const char *
tasks_key (WorkloadChoice choice)
{
  const char *keys[] = { "fetch-tasks", "decompress-tasks", "amdahl-tasks" };

  return keys[choice];
}

static void
update_sensitivity (PxRunPage *self)
{
  WorkloadChoice workload = get_workload_choice (self);
  SourceChoice source = adw_combo_row_get_selected (self->source_row);

  gtk_widget_set_visible (GTK_WIDGET (self->fetch_group), workload == WORKLOAD_FETCH);
  gtk_widget_set_visible (GTK_WIDGET (self->decompress_group), workload == WORKLOAD_DECOMPRESS);
  gtk_widget_set_visible (GTK_WIDGET (self->amdahl_group), workload == WORKLOAD_AMDAHL);
  gtk_widget_set_visible (GTK_WIDGET (self->latency_row), source == SOURCE_EMBEDDED);
  gtk_widget_set_visible (GTK_WIDGET (self->custom_url_row), source == SOURCE_CUSTOM);
  gtk_widget_set_visible (GTK_WIDGET (self->token_row), source != SOURCE_EMBEDDED);

  adw_action_row_set_subtitle (self->file_row,
                               self->decompress_file != NULL ? self->decompress_file
                                                             : _("The bundled corpus (610 kB of text)"));
  gtk_widget_set_visible (GTK_WIDGET (self->clear_file_button), self->decompress_file != NULL);
  adw_action_row_set_subtitle (self->workers_row,
                               workload == WORKLOAD_FETCH ? _("Threads, processes or requests in flight")
                                                          : _("Threads or processes"));
}

static void
load_settings (PxRunPage *self)
{
  g_auto(GStrv) strategies = NULL;
  g_autofree char *file = NULL;
  g_autofree char *url = NULL;
  WorkloadChoice workload;
  guint workers;

  self->loading_settings = TRUE;

  workload = g_settings_get_enum (self->settings, "workload");
  adw_combo_row_set_selected (self->workload_row, workload);
  gtk_spin_button_set_value (self->tasks_spin, g_settings_get_uint (self->settings, tasks_key (workload)));
  workers = g_settings_get_uint (self->settings, "workers");
  gtk_spin_button_set_value (self->workers_spin, workers > 0 ? workers : g_get_num_processors ());
  adw_combo_row_set_selected (self->source_row, g_settings_get_enum (self->settings, "source"));
  gtk_spin_button_set_value (self->latency_spin, g_settings_get_uint (self->settings, "latency-ms"));
  url = g_settings_get_string (self->settings, "custom-url");
  gtk_editable_set_text (GTK_EDITABLE (self->custom_url_row), url);
  gtk_spin_button_set_value (self->serial_spin, g_settings_get_double (self->settings, "serial-fraction"));
  gtk_switch_set_active (self->pure_python_switch, g_settings_get_boolean (self->settings, "decompress-pure-python"));

  file = g_settings_get_string (self->settings, "decompress-file");
  g_clear_pointer (&self->decompress_file, g_free);
  if (file[0] != '\0')
    self->decompress_file = g_steal_pointer (&file);

  strategies = g_settings_get_strv (self->settings, "strategies");
  for (guint i = 0; i < PX_N_STRATEGIES; i++)
    gtk_check_button_set_active (self->strategy_checks[i],
                                 g_strv_contains ((const char * const *) strategies, px_strategy_to_string (i)));

  self->loading_settings = FALSE;
  update_sensitivity (self);
  update_actions (self);
}

static void
save_settings (PxRunPage *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) strategies = NULL;
  WorkloadChoice workload;

  if (self->settings == NULL || self->loading_settings)
    return;

  workload = get_workload_choice (self);
  g_settings_delay (self->settings);
  g_settings_set_enum (self->settings, "workload", workload);
  g_settings_set_uint (self->settings, tasks_key (workload), gtk_spin_button_get_value_as_int (self->tasks_spin));
  g_settings_set_uint (self->settings, "workers", gtk_spin_button_get_value_as_int (self->workers_spin));
  g_settings_set_enum (self->settings, "source", adw_combo_row_get_selected (self->source_row));
  g_settings_set_uint (self->settings, "latency-ms", gtk_spin_button_get_value_as_int (self->latency_spin));
  g_settings_set_string (self->settings, "custom-url", gtk_editable_get_text (GTK_EDITABLE (self->custom_url_row)));
  g_settings_set_double (self->settings, "serial-fraction", gtk_spin_button_get_value (self->serial_spin));
  g_settings_set_string (self->settings, "decompress-file", self->decompress_file ? self->decompress_file : "");
  g_settings_set_boolean (self->settings, "decompress-pure-python", gtk_switch_get_active (self->pure_python_switch));

  builder = g_strv_builder_new ();
  for (guint i = 0; i < PX_N_STRATEGIES; i++)
    if (gtk_check_button_get_active (self->strategy_checks[i]))
      g_strv_builder_add (builder, px_strategy_to_string (i));
  strategies = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "strategies", (const char * const *) strategies);
  g_settings_apply (self->settings);
}

static void
control_changed_cb (PxRunPage *self)
{
  update_sensitivity (self);
  update_actions (self);
  save_settings (self);
}

/* The kind of work goes under the row's title, so that the choice itself
 * stays short enough never to be cut off. */
static void
update_workload_subtitle (PxRunPage *self)
{
  const char *kinds[] = {
    N_("I/O-bound: requests to a web API"),
    N_("CPU-bound: bzip2 decompression"),
    N_("CPU work with a serial part you choose"),
  };

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->workload_row), _(kinds[get_workload_choice (self)]));
}

static void
workload_changed_cb (PxRunPage *self)
{
  update_workload_subtitle (self);

  if (self->settings != NULL && !self->loading_settings)
    {
      /* Each workload keeps its own number of tasks. */
      self->loading_settings = TRUE;
      gtk_spin_button_set_value (self->tasks_spin,
                                 g_settings_get_uint (self->settings, tasks_key (get_workload_choice (self))));
      self->loading_settings = FALSE;
    }

  control_changed_cb (self);
}

static char *
format_seconds (gint64 us)
{
  return px_chart_format_duration ((double) us);
}

static char *
format_ratio (double value,
              const char *suffix)
{
  if (!isfinite (value))
    return g_strdup ("—");
  return g_strdup_printf ("%.2f%s", value, suffix);
}

/* "Stopped (31 of 200 done)": a stopped run keeps the tasks it finished. */
static char *
stopped_text (PxRunResult *run)
{
  /* Translators: a run that was stopped: tasks done of tasks in all */
  return g_strdup_printf (_("Stopped (%u of %u done)"),
                          px_run_result_get_tasks_ok (run) + px_run_result_get_tasks_failed (run),
                          px_run_result_get_n_tasks (run));
}

static char *
column_text (PxRunResult *run,
             Column       column)
{
  gboolean measured = px_run_result_get_wall_us (run) > 0;

  switch (column)
    {
    case COLUMN_STRATEGY:
      return g_strdup (px_strategy_get_title (px_run_result_get_strategy (run)));
    case COLUMN_WORKERS:
      return g_strdup_printf ("%u", px_run_result_get_workers (run));
    case COLUMN_WALL:
      if (measured)
        return format_seconds (px_run_result_get_wall_us (run));
      /* Translators: the state of a run that has not finished yet */
      return px_run_result_get_cancelled (run) ? stopped_text (run) : g_strdup (_("running"));
    case COLUMN_CPU:
      return measured ? format_seconds (px_run_result_get_cpu_user_us (run) + px_run_result_get_cpu_sys_us (run))
                      : g_strdup ("—");
    case COLUMN_CPU_WAIT:
      return measured && px_run_result_get_cpu_wait_us (run) >= 0
             ? format_seconds (px_run_result_get_cpu_wait_us (run)) : g_strdup ("—");
    case COLUMN_RATIO:
      return measured ? format_ratio (px_run_result_get_cpu_wall_ratio (run), "") : g_strdup ("—");
    case COLUMN_SPEEDUP:
      return format_ratio (px_run_result_get_speedup (run), "×");
    case COLUMN_EFFICIENCY:
      return isfinite (px_run_result_get_efficiency (run))
             ? g_strdup_printf ("%.0f %%", 100. * px_run_result_get_efficiency (run)) : g_strdup ("—");
    case COLUMN_PIPE:
      return px_run_result_get_pipe_bytes (run) > 0 ? g_format_size (px_run_result_get_pipe_bytes (run))
                                                    : g_strdup ("—");
    case COLUMN_TASKS:
      /* Translators: tasks that succeeded / tasks that failed */
      return g_strdup_printf (_("%u / %u"), px_run_result_get_tasks_ok (run), px_run_result_get_tasks_failed (run));
    case COLUMN_RSS:
      return measured ? g_format_size (px_run_result_get_peak_rss_bytes (run)) : g_strdup ("—");
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
column_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_UINT (user_data) == COLUMN_STRATEGY ? 0. : 1.);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
column_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  g_autofree char *text = column_text (gtk_list_item_get_item (item), GPOINTER_TO_UINT (user_data));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
setup_columns (PxRunPage *self)
{
  const char *titles[N_COLUMNS] = {
    N_("Strategy"), N_("Workers"), N_("Wall"), N_("CPU"), N_("CPU wait"), N_("CPU/Wall"), N_("Speedup"),
    N_("Efficiency"), N_("Pipe"), N_("OK / Failed"), N_("Peak RSS"),
  };

  self->store = g_list_store_new (PX_TYPE_RUN_RESULT);
  gtk_column_view_set_model (self->results_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->store)))));

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (column_setup_cb), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (column_bind_cb), GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (_(titles[i]), factory);
      gtk_column_view_column_set_expand (column, i == COLUMN_STRATEGY);
      gtk_column_view_append_column (self->results_view, column);
    }
}

static char *
verdict_text (PxRunResult *run)
{
  double ratio = px_run_result_get_compute_ratio (run);
  double speedup = px_run_result_get_speedup (run);
  g_autofree char *title = g_markup_escape_text (px_strategy_get_title (px_run_result_get_strategy (run)), -1);
  g_autofree char *speed = NULL;
  g_autofree char *disturbance = px_run_result_dup_disturbance (run);
  g_autofree char *warning = NULL;
  const char *what;

  switch (px_run_result_get_verdict (run))
    {
    case PX_VERDICT_IO_BOUND:
      what = _("I/O-bound: it waited more than it computed — threads or async help");
      break;
    case PX_VERDICT_IO_OR_CPU_BOUND:
      what = _("between I/O-bound and CPU-bound: too close to call");
      break;
    case PX_VERDICT_CPU_BOUND:
      what = _("CPU-bound on one core — processes, or threads in C, help");
      break;
    case PX_VERDICT_CPU_BOUND_OR_PARALLEL:
      what = _("between one core and several: too close to call");
      break;
    case PX_VERDICT_PARALLEL:
    default:
      what = _("running in parallel on several cores");
      break;
    }

  if (isfinite (speedup))
    speed = g_strdup_printf (_(", %.2f× the speed of sequential"), speedup);
  if (disturbance != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (disturbance, -1);

      warning = g_strdup_printf (" <b>%s</b>", escaped);
    }

  /* Translators: strategy, CPU time / (wall time less the time spent waiting for a CPU), the
   * verdict, the speedup, and a warning when other programs disturbed the run */
  return g_strdup_printf (_("<b>%s</b>: CPU/(wall − CPU wait) %.2f → %s%s.%s"), title, ratio, what,
                          speed ? speed : "", warning ? warning : "");
}

static void
refresh_results (PxRunPage *self)
{
  g_autoptr(GString) verdicts = g_string_new (NULL);

  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       self->runs->pdata, self->runs->len);

  for (guint i = 0; i < self->runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (self->runs, i);
      g_autofree char *line = NULL;

      if (px_run_result_get_wall_us (run) <= 0)
        continue;
      line = verdict_text (run);
      if (verdicts->len > 0)
        g_string_append_c (verdicts, '\n');
      g_string_append (verdicts, line);
    }
  gtk_label_set_markup (self->verdict_label, verdicts->str);
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), verdicts->len > 0);

  px_timeline_set_runs (self->timeline, self->runs);
  px_wall_cpu_chart_set_runs (self->wall_cpu_chart, self->runs);
  gtk_stack_set_visible_child_name (self->content_stack, self->runs->len > 0 ? "results" : "empty");
  update_actions (self);
}

/* Progress is a live run's: a replay's empty list would draw an empty
 * frame; presentation mode leaves it to the timeline. */
static void
update_progress_visible (PxRunPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress_list),
                          !self->compact && !gtk_widget_get_visible (self->replay_band));
}

static void
clear_progress (PxRunPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->progress_list))) != NULL)
    gtk_list_box_remove (self->progress_list, child);

  memset (self->progress_bars, 0, sizeof self->progress_bars);
  memset (self->progress_rows, 0, sizeof self->progress_rows);
}

static void
add_progress_row (PxRunPage  *self,
                  PxStrategy  strategy)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *bar = gtk_progress_bar_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), px_strategy_get_title (strategy));
  adw_action_row_set_subtitle (row, _("Waiting"));
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (bar, 200, -1);
  adw_action_row_add_suffix (row, bar);
  gtk_list_box_append (self->progress_list, GTK_WIDGET (row));

  self->progress_rows[strategy] = row;
  self->progress_bars[strategy] = GTK_PROGRESS_BAR (bar);
}

static PxRunResult *
current_run (PxRunPage *self)
{
  return self->runs->len > 0 ? g_ptr_array_index (self->runs, self->runs->len - 1) : NULL;
}

static void
update_progress (PxRunPage   *self,
                 PxRunResult *run)
{
  PxStrategy strategy = px_run_result_get_strategy (run);
  guint ok = px_run_result_get_tasks_ok (run);
  guint failed = px_run_result_get_tasks_failed (run);
  guint n = px_run_result_get_n_tasks (run);
  double fraction = n > 0 ? (double) (ok + failed) / n : 1.;
  g_autofree char *subtitle = NULL;

  /* Redraw only what changed: a row that did not move costs no frame. */
  if (self->progress_rows[strategy] == NULL ||
      (fraction > 0. && fraction == gtk_progress_bar_get_fraction (self->progress_bars[strategy])))
    return;

  if (px_run_result_get_cancelled (run))
    subtitle = stopped_text (run);
  else
    /* Translators: tasks done of tasks in all, then tasks failed */
    subtitle = g_strdup_printf (_("%u of %u done, %u failed"), ok + failed, n, failed);
  adw_action_row_set_subtitle (self->progress_rows[strategy], subtitle);
  gtk_progress_bar_set_fraction (self->progress_bars[strategy], fraction);
}

static gboolean
redraw_cb (gpointer user_data)
{
  PxRunPage *self = user_data;

  self->redraw_id = 0;
  if (current_run (self) != NULL)
    update_progress (self, current_run (self));
  px_timeline_runs_changed (self->timeline);
  return G_SOURCE_REMOVE;
}

static void
queue_redraw (PxRunPage *self)
{
  if (self->redraw_id == 0)
    self->redraw_id = g_timeout_add (self->redraw_ms, redraw_cb, self);
}

static void
runner_task_started_cb (PxRunner  *runner,
                        guint      index,
                        guint      lane,
                        gint64     start_us,
                        PxRunPage *self)
{
  px_run_result_add_started (current_run (self), index, lane, start_us);
  queue_redraw (self);
}

static void
runner_task_finished_cb (PxRunner           *runner,
                         const PxTaskRecord *record,
                         PxRunPage          *self)
{
  PxRunResult *run = current_run (self);

  px_run_result_take_task (run, px_task_record_copy (record));
  queue_redraw (self);
}

static void
runner_cpu_sample_cb (PxRunner  *runner,
                      gint64     t_us,
                      GArray    *busy,
                      PxRunPage *self)
{
  px_run_result_add_cpu_sample (current_run (self), t_us, (const double *) (gpointer) busy->data, busy->len);
  queue_redraw (self);
}

static void
finish_batch (PxRunPage *self)
{
  guint failed = 0;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->workload);
  /* Strategies that a stop left waiting never ran. */
  for (guint i = 0; i < self->queue->len; i++)
    {
      PxStrategy strategy = g_array_index (self->queue, PxStrategy, i);

      if (self->progress_rows[strategy] != NULL)
        adw_action_row_set_subtitle (self->progress_rows[strategy], _("Not run"));
    }
  g_array_set_size (self->queue, 0);

  for (guint i = 0; i < self->runs->len; i++)
    failed += px_run_result_get_tasks_failed (g_ptr_array_index (self->runs, i));

  px_run_results_compute_speedups (self->runs);
  refresh_results (self);

  if (failed > 0)
    {
      g_autofree char *message = g_strdup_printf (ngettext ("%u task failed: the table and the timeline show which",
                                                            "%u tasks failed: the table and the timeline show which",
                                                            failed), failed);

      show_toast (self, message);
    }

  g_signal_emit (self, signals[BATCH_FINISHED], 0);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PxRunPage) self = user_data;
  g_autoptr(PxRunResult) final = NULL;
  g_autoptr(GError) error = NULL;
  PxRunResult *live = current_run (self);

  final = px_runner_run_finish (PX_RUNNER (object), result, &error);

  if (final != NULL)
    {
      /* The final result has the measurements; the live one only records. */
      g_ptr_array_index (self->runs, self->runs->len - 1) = g_object_ref (final);
      g_object_unref (live);
      update_progress (self, final);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stopped: what finished stays on show, marked as stopped. */
      px_run_result_set_cancelled (live, TRUE);
      update_progress (self, live);
      finish_batch (self);
      return;
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("%s: %s"),
                                                  px_strategy_get_title (px_run_result_get_strategy (live)),
                                                  error->message);

      g_ptr_array_remove_index (self->runs, self->runs->len - 1);
      show_toast (self, message);
    }

  px_run_results_compute_speedups (self->runs);
  refresh_results (self);
  run_next (self);
}

static void
run_next (PxRunPage *self)
{
  PxStrategy strategy;
  PxRunResult *live;

  if (self->queue->len == 0 || g_cancellable_is_cancelled (self->cancellable))
    {
      finish_batch (self);
      return;
    }

  strategy = g_array_index (self->queue, PxStrategy, 0);
  g_array_remove_index (self->queue, 0);

  live = px_run_result_new (px_workload_get_name (self->workload), strategy,
                            strategy == PX_STRATEGY_SEQUENTIAL ? 1 : self->workers,
                            px_workload_get_n_tasks (self->workload));
  g_ptr_array_add (self->runs, live);
  adw_action_row_set_subtitle (self->progress_rows[strategy], _("Running"));
  refresh_results (self);

  px_runner_set_return_output (self->runner, g_settings_get_boolean (self->settings, "return-output"));
  px_runner_set_task_timeout (self->runner, g_settings_get_uint (self->settings, "task-timeout"));
  px_runner_run_async (self->runner, self->workload, strategy, self->workers, self->cancellable,
                       run_done_cb, g_object_ref (self));
}

static PxWorkload *
make_workload (PxRunPage   *self,
               const char  *api_url,
               GError     **error)
{
  guint n_tasks = gtk_spin_button_get_value_as_int (self->tasks_spin);

  switch (get_workload_choice (self))
    {
    case WORKLOAD_FETCH:
      {
        PxWorkload *workload;
        const char *token;

        /* The custom address gets the CLI's checks, before anything starts. */
        if (!px_fetch_check_api_url (api_url, error))
          return NULL;

        workload = px_fetch_workload_new (api_url, n_tasks);
        token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));

        if (adw_combo_row_get_selected (self->source_row) != SOURCE_EMBEDDED && token[0] != '\0')
          g_object_set (workload, "token", token, NULL);
        return workload;
      }

    case WORKLOAD_DECOMPRESS:
      {
        PxWorkload *workload = px_decompress_workload_new (n_tasks);

        if (self->decompress_file != NULL)
          px_decompress_workload_set_input_file (PX_DECOMPRESS_WORKLOAD (workload), self->decompress_file);
        g_object_set (workload, "pure-python", gtk_switch_get_active (self->pure_python_switch), NULL);
        return workload;
      }

    case WORKLOAD_AMDAHL:
    default:
      return px_amdahl_workload_new (n_tasks, gtk_spin_button_get_value (self->serial_spin));
    }
}

static void
stop_waiting_for_frame (PxRunPage *self)
{
  if (self->start_clock != NULL)
    g_clear_signal_handler (&self->start_paint_id, self->start_clock);
  g_clear_object (&self->start_clock);
  g_clear_handle_id (&self->start_timeout_id, g_source_remove);
}

static void
frame_painted_cb (PxRunPage *self)
{
  stop_waiting_for_frame (self);
  run_next (self);
}

static gboolean
frame_wait_timeout_cb (gpointer data)
{
  PxRunPage *self = data;

  self->start_timeout_id = 0;
  frame_painted_cb (self);

  return G_SOURCE_REMOVE;
}

static void
begin_batch (PxRunPage  *self,
             const char *api_url)
{
  g_autoptr(GError) error = NULL;
  GdkFrameClock *clock;

  self->workload = make_workload (self, api_url, &error);
  if (self->workload == NULL)
    {
      show_toast (self, error->message);
      finish_batch (self);
      return;
    }

  /* The first frame of a batch draws its results anew, in software on
   * machines without a GPU; started at once, the run's workers would take
   * the cores from it (and from the X server) and the window would freeze
   * for a moment just when Run was pressed. So the workers start once that
   * frame is on screen. */
  clock = gtk_widget_get_mapped (GTK_WIDGET (self)) ? gtk_widget_get_frame_clock (GTK_WIDGET (self)) : NULL;
  if (clock == NULL)
    {
      run_next (self);
      return;
    }

  self->start_clock = g_object_ref (clock);
  self->start_paint_id = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (frame_painted_cb), self);
  self->start_timeout_id = g_timeout_add (START_FRAME_WAIT_MS, frame_wait_timeout_cb, self);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

static void
server_started_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PxRunPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!px_server_process_start_finish (PX_SERVER_PROCESS (object), result, &error))
    {
      g_clear_object (&self->server);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      finish_batch (self);
      return;
    }

  begin_batch (self, px_server_process_get_url (self->server));
}

static PxBatchInfo *
snapshot_info (PxRunPage *self)
{
  g_autoptr(PxBatchRequest) request = px_run_page_dup_request (self);
  PxBatchInfo *info = px_batch_info_new (request->workload);

  info->strategies = g_steal_pointer (&request->strategies);
  info->n_tasks = request->n_tasks;
  info->n_workers = request->n_workers;
  if (request->api_url != NULL)
    px_batch_info_set_api_url (info, request->api_url);
  else
    info->latency_ms = request->latency_ms;
  px_batch_info_set_input_path (info, request->input_path);
  info->serial = request->serial;
  info->pure_python = request->pure_python;
  info->return_output = request->return_output;

  return info;
}

static void
start_batch (PxRunPage *self)
{
  guint latency_ms = gtk_spin_button_get_value_as_int (self->latency_spin);
  const char *url;

  g_return_if_fail (self->cancellable == NULL);

  /* The controls may change while it runs: its file says what it ran. */
  g_clear_pointer (&self->info, px_batch_info_free);
  self->info = snapshot_info (self);
  gtk_widget_set_visible (self->replay_band, FALSE);
  update_progress_visible (self);

  self->cancellable = g_cancellable_new ();
  self->workers = gtk_spin_button_get_value_as_int (self->workers_spin);
  self->redraw_ms = get_workload_choice (self) == WORKLOAD_FETCH ? LIVE_REDRAW_MS : LIVE_REDRAW_CPU_MS;

  g_ptr_array_set_size (self->runs, 0);
  clear_progress (self);
  g_array_set_size (self->queue, 0);
  for (PxStrategy s = 0; s < PX_N_STRATEGIES; s++)
    if (gtk_check_button_get_active (self->strategy_checks[s]))
      {
        g_array_append_val (self->queue, s);
        add_progress_row (self, s);
      }
  gtk_stack_set_visible_child_name (self->content_stack, "results");
  update_actions (self);

  if (get_workload_choice (self) != WORKLOAD_FETCH)
    {
      begin_batch (self, NULL);
      return;
    }

  switch ((SourceChoice) adw_combo_row_get_selected (self->source_row))
    {
    case SOURCE_GITHUB:
      begin_batch (self, GITHUB_API_URL);
      return;

    case SOURCE_CUSTOM:
      url = gtk_editable_get_text (GTK_EDITABLE (self->custom_url_row));
      begin_batch (self, url[0] != '\0' ? url : GITHUB_API_URL);
      return;

    case SOURCE_EMBEDDED:
    default:
      break;
    }

  /* The embedded server runs in a process of its own, so that its CPU time
   * is not counted as the workload's; it is kept for the next runs. */
  if (self->server != NULL && self->server_latency_ms == latency_ms)
    {
      begin_batch (self, px_server_process_get_url (self->server));
      return;
    }

  g_clear_object (&self->server);
  self->server = px_server_process_new (NULL, latency_ms);
  self->server_latency_ms = latency_ms;
  px_server_process_start_async (self->server, self->cancellable, server_started_cb, g_object_ref (self));
}

static void
start_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  start_batch (PX_RUN_PAGE (user_data));
}

static void
stop_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  px_run_page_stop (PX_RUN_PAGE (user_data));
}

static GtkFileChooserNative *
new_chooser (PxRunPage            *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *native;

  g_clear_object (&self->dialog);
  native = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        action, accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  self->dialog = GTK_NATIVE_DIALOG (native);

  return native;
}

static void
file_chosen_cb (GtkNativeDialog *dialog,
                int              response,
                PxRunPage       *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    {
      g_free (self->decompress_file);
      self->decompress_file = g_file_get_path (file);
      control_changed_cb (self);
    }

  g_clear_object (&self->dialog);
}

static void
choose_file_cb (PxRunPage *self)
{
  GtkFileChooserNative *native = new_chooser (self, _("Choose a File to Compress"),
                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"));

  g_signal_connect (native, "response", G_CALLBACK (file_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
clear_file_cb (PxRunPage *self)
{
  g_clear_pointer (&self->decompress_file, g_free);
  control_changed_cb (self);
}

/* The controls take the replayed batch's parameters, as far as the file
 * has them; the rest stay as they are. A user's file is known by its name
 * only: the one chosen stays if it has that name. */
static void
set_controls_from_info (PxRunPage         *self,
                        const PxBatchInfo *info)
{
  g_autoptr(PxBatchRequest) request = px_run_page_dup_request (self);
  g_autofree char *current_name = self->decompress_file ? g_path_get_basename (self->decompress_file) : NULL;

  g_free (request->workload);
  request->workload = g_strdup (info->workload);
  if (info->strategies != NULL)
    {
      g_strfreev (request->strategies);
      request->strategies = g_strdupv (info->strategies);
    }
  request->n_tasks = info->n_tasks;
  request->n_workers = info->n_workers;

  if (info->has_parameters)
    {
      request->latency_ms = info->latency_ms;
      request->serial = info->serial;
      request->pure_python = info->pure_python;
      request->return_output = info->return_output;
      if (g_strcmp0 (info->workload, "fetch") == 0)
        {
          g_free (request->api_url);
          request->api_url = g_strdup (info->api_url);
        }
      if (g_strcmp0 (info->workload, "decompress") == 0 && g_strcmp0 (info->input_name, current_name) != 0)
        {
          g_free (request->input_path);
          request->input_path = g_strdup (info->input_name);
        }
    }

  px_run_page_set_request (self, request);
}

/* The band above a replayed batch: never taken for a live one. The file's
 * text is escaped before it goes into markup. */
static void
show_replay (PxRunPage *self)
{
  g_autofree char *parameters = px_batch_info_dup_parameters (self->info);
  g_autofree char *machine = px_batch_info_dup_machine (self->info);
  g_autofree char *recorded = px_batch_info_dup_recorded (self->info);
  g_autofree char *markup = NULL;

  set_controls_from_info (self, self->info);

  if (machine != NULL)
    markup = g_markup_printf_escaped ("<b>%s</b>\n%s · %s", parameters, machine, recorded);
  else
    markup = g_markup_printf_escaped ("<b>%s</b>\n%s", parameters, recorded);
  gtk_label_set_markup (self->replay_label, markup);
  gtk_widget_set_visible (self->replay_band, TRUE);
  update_progress_visible (self);
}

static void
results_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PxRunPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_load_partial_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    show_toast (self, error->message);
  else if (length > PX_RUN_MAX_DOCUMENT)
    {
      g_autofree char *limit = g_format_size (PX_RUN_MAX_DOCUMENT);
      g_autofree char *message = g_strdup_printf (_("The file is larger than %s: not saved results"), limit);

      show_toast (self, message);
    }
  else if (!px_run_page_load_json (self, contents, length, &error))
    show_toast (self, error->message);
}

/* Reading stops past the most a saved run may be. */
static gboolean
results_read_more_cb (const char *contents,
                      goffset     size,
                      gpointer    user_data)
{
  return size <= (goffset) PX_RUN_MAX_DOCUMENT;
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  PxRunPage       *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    px_run_page_open_file (self, file);

  g_clear_object (&self->dialog);
}

static void
open_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PxRunPage *self = user_data;
  GtkFileChooserNative *native = new_chooser (self, _("Open Results"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Parallax results (JSON)"));
  gtk_file_filter_add_mime_type (filter, PX_RESULTS_MIME_TYPE);
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);

  g_signal_connect (native, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PxRunPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    show_toast (self, error->message);
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  PxRunPage       *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *choice;
  PxResultsFormat format = PX_RESULTS_JSON;

  if (response != GTK_RESPONSE_ACCEPT ||
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) == NULL)
    {
      g_clear_object (&self->dialog);
      return;
    }

  choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "format");
  if (g_strcmp0 (choice, "csv") == 0)
    format = PX_RESULTS_CSV;
  else if (g_strcmp0 (choice, "trace") == 0)
    format = PX_RESULTS_TRACE;

  bytes = px_export_results (self->runs, self->info, format);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                       saved_cb, g_object_ref (self));
  g_clear_object (&self->dialog);
}

static void
save_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PxRunPage *self = user_data;
  GtkFileChooserNative *native = new_chooser (self, _("Save Results"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));
  const char *formats[] = { "json", "csv", "trace", NULL };
  const char *labels[] = { N_("JSON (opens again in Parallax)"), N_("CSV (one row per strategy)"),
                           N_("Chrome trace (opens in Perfetto)"), NULL };
  const char *translated[G_N_ELEMENTS (labels)];

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    translated[i] = labels[i] != NULL ? _(labels[i]) : NULL;

  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (native), "format", _("Format"), formats, translated);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (native), "format", "json");
  /* The double extension is what the MIME type (data/…mime.xml) matches. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), "results.parallax.json");

  g_signal_connect (native, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
draw_timeline_cb (cairo_t            *cr,
                  const PxChartTheme *theme,
                  gpointer            data,
                  double              width,
                  double              height)
{
  px_export_draw_timeline (cr, theme, PX_RUN_PAGE (data)->runs, width, height);
}

static void
draw_wall_cpu_cb (cairo_t            *cr,
                  const PxChartTheme *theme,
                  gpointer            data,
                  double              width,
                  double              height)
{
  px_export_draw_wall_cpu (cr, theme, PX_RUN_PAGE (data)->runs, width, height);
}

static PxChartDrawFunc
chart_from_name (const char *name)
{
  return g_strcmp0 (name, "wall-cpu") == 0 ? draw_wall_cpu_cb : draw_timeline_cb;
}

static void
export_chart_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  PxRunPage *self = user_data;
  const char *chart = g_variant_get_string (parameter, NULL);
  g_autofree char *name = g_strdup_printf ("parallax-%s", chart);
  /* Where and when the batch ran, a replay's too: not here and now. */
  g_autofree char *machine = self->info != NULL ? px_batch_info_dup_machine (self->info) : NULL;
  g_autofree char *caption = px_chart_caption_for_runs (self->runs, machine,
                                                        self->info != NULL ? self->info->created : NULL);

  px_export_image_with_dialog (GTK_WIDGET (self), name, chart_from_name (chart), G_OBJECT (self), caption);
}

static void
copy_chart_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  PxRunPage *self = user_data;

  px_export_copy_image (GTK_WIDGET (self), chart_from_name (g_variant_get_string (parameter, NULL)), self);
}

static const GActionEntry page_actions[] = {
  { "start", start_action },
  { "stop", stop_action },
  { "open", open_action },
  { "save", save_action },
  { "export-chart", export_chart_action, "s" },
  { "copy-chart", copy_chart_action, "s" },
};

static void
build_strategy_rows (PxRunPage *self)
{
  const char *descriptions[PX_N_STRATEGIES] = {
    N_("One worker thread, one task after another"),
    N_("A pool of threads, all cores at once"),
    N_("Worker processes; data crosses pipes"),
    N_("One thread, an event loop; many tasks in flight"),
    N_("Threads taking turns on one lock, like Python’s"),
  };

  for (PxStrategy s = 0; s < PX_N_STRATEGIES; s++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), px_strategy_get_title (s));
      adw_action_row_set_subtitle (row, _(descriptions[s]));
      adw_action_row_add_prefix (row, check);
      adw_action_row_set_activatable_widget (row, check);
      adw_preferences_group_add (self->strategies_group, GTK_WIDGET (row));

      self->strategy_checks[s] = GTK_CHECK_BUTTON (check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (control_changed_cb), self, G_CONNECT_SWAPPED);
    }
}

static void
px_run_page_dispose (GObject *object)
{
  PxRunPage *self = PX_RUN_PAGE (object);

  px_run_page_stop (self);
  stop_waiting_for_frame (self);
  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_clear_handle_id (&self->redraw_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), PX_TYPE_RUN_PAGE);

  g_clear_object (&self->dialog);
  g_clear_object (&self->settings);
  g_clear_object (&self->actions);
  g_clear_object (&self->store);
  g_clear_object (&self->runner);
  g_clear_object (&self->server);
  g_clear_object (&self->workload);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_clear_pointer (&self->info, px_batch_info_free);
  g_clear_pointer (&self->queue, g_array_unref);
  g_clear_pointer (&self->decompress_file, g_free);

  G_OBJECT_CLASS (px_run_page_parent_class)->dispose (object);
}

static void
px_run_page_class_init (PxRunPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = px_run_page_dispose;

  signals[BATCH_FINISHED] = g_signal_new ("batch-finished", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (PX_TYPE_TIMELINE);
  g_type_ensure (PX_TYPE_WALL_CPU_CHART);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/parallaxlab/Parallax/px-run-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, paned);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, workload_row);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, tasks_spin);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, workers_row);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, workers_spin);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, fetch_group);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, source_row);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, latency_row);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, latency_spin);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, custom_url_row);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, token_row);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, decompress_group);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, file_row);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, choose_file_button);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, clear_file_button);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, amdahl_group);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, serial_spin);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, pure_python_switch);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, strategies_group);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, replay_band);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, replay_label);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, progress_list);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, timeline);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, wall_cpu_chart);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, PxRunPage, results_view);
}

static void
px_run_page_init (PxRunPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->runs = g_ptr_array_new_with_free_func (g_object_unref);
  self->queue = g_array_new (FALSE, FALSE, sizeof (PxStrategy));
  self->runner = px_runner_new ();
  /* The run keeps every core busy: the window must still get its turn. */
  px_runner_set_nice (self->runner, RUN_NICE);
  g_signal_connect (self->runner, "task-started", G_CALLBACK (runner_task_started_cb), self);
  g_signal_connect (self->runner, "task-finished", G_CALLBACK (runner_task_finished_cb), self);
  g_signal_connect (self->runner, "cpu-sample", G_CALLBACK (runner_cpu_sample_cb), self);

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), page_actions, G_N_ELEMENTS (page_actions), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "run", G_ACTION_GROUP (self->actions));

  build_strategy_rows (self);
  setup_columns (self);

  g_signal_connect_object (self->workload_row, "notify::selected", G_CALLBACK (workload_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_workload_subtitle (self);
  g_signal_connect_object (self->source_row, "notify::selected", G_CALLBACK (control_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tasks_spin, "value-changed", G_CALLBACK (control_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workers_spin, "value-changed", G_CALLBACK (control_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->latency_spin, "value-changed", G_CALLBACK (control_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->serial_spin, "value-changed", G_CALLBACK (control_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pure_python_switch, "notify::active", G_CALLBACK (control_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->custom_url_row, "changed", G_CALLBACK (control_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->choose_file_button, "clicked", G_CALLBACK (choose_file_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->clear_file_button, "clicked", G_CALLBACK (clear_file_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_spin_button_set_value (self->workers_spin, g_get_num_processors ());
  update_sensitivity (self);
  update_actions (self);
}

void
px_run_page_set_settings (PxRunPage *self,
                          GSettings *settings)
{
  g_return_if_fail (PX_IS_RUN_PAGE (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);
  load_settings (self);
}

GActionGroup *
px_run_page_get_action_group (PxRunPage *self)
{
  g_return_val_if_fail (PX_IS_RUN_PAGE (self), NULL);

  return G_ACTION_GROUP (self->actions);
}

gboolean
px_run_page_get_running (PxRunPage *self)
{
  g_return_val_if_fail (PX_IS_RUN_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

void
px_run_page_stop (PxRunPage *self)
{
  g_return_if_fail (PX_IS_RUN_PAGE (self));

  /* The run's callback finishes the batch once its workers are reaped. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

void
px_run_page_run_demo (PxRunPage *self)
{
  g_return_if_fail (PX_IS_RUN_PAGE (self));

  if (self->cancellable != NULL)
    return;

  adw_combo_row_set_selected (self->workload_row, WORKLOAD_DECOMPRESS);
  gtk_spin_button_set_value (self->tasks_spin, DEMO_TASKS);
  for (guint i = 0; i < PX_N_STRATEGIES; i++)
    gtk_check_button_set_active (self->strategy_checks[i], TRUE);

  start_batch (self);
}

void
px_batch_request_free (PxBatchRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->workload);
  g_strfreev (request->strategies);
  g_free (request->api_url);
  g_free (request->input_path);
  g_free (request->save_path);
  g_free (request);
}

static const char *workload_names[] = {
  [WORKLOAD_FETCH] = "fetch", [WORKLOAD_DECOMPRESS] = "decompress", [WORKLOAD_AMDAHL] = "amdahl",
};

PxBatchRequest *
px_run_page_dup_request (PxRunPage *self)
{
  PxBatchRequest *request;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *url;

  g_return_val_if_fail (PX_IS_RUN_PAGE (self), NULL);

  request = g_new0 (PxBatchRequest, 1);
  request->workload = g_strdup (workload_names[get_workload_choice (self)]);
  for (guint i = 0; i < PX_N_STRATEGIES; i++)
    if (gtk_check_button_get_active (self->strategy_checks[i]))
      g_strv_builder_add (builder, px_strategy_to_string (i));
  request->strategies = g_strv_builder_end (builder);
  request->n_tasks = gtk_spin_button_get_value_as_int (self->tasks_spin);
  request->n_workers = gtk_spin_button_get_value_as_int (self->workers_spin);
  request->latency_ms = gtk_spin_button_get_value_as_int (self->latency_spin);
  request->serial = gtk_spin_button_get_value (self->serial_spin);
  request->pure_python = gtk_switch_get_active (self->pure_python_switch);
  request->return_output = self->settings == NULL || g_settings_get_boolean (self->settings, "return-output");
  request->input_path = g_strdup (self->decompress_file);

  switch ((SourceChoice) adw_combo_row_get_selected (self->source_row))
    {
    case SOURCE_GITHUB:
      request->api_url = g_strdup (GITHUB_API_URL);
      break;

    case SOURCE_CUSTOM:
      url = gtk_editable_get_text (GTK_EDITABLE (self->custom_url_row));
      request->api_url = g_strdup (url[0] != '\0' ? url : GITHUB_API_URL);
      break;

    case SOURCE_EMBEDDED:
    default:
      break;
    }

  return request;
}

void
px_run_page_set_request (PxRunPage            *self,
                         const PxBatchRequest *request)
{
  g_return_if_fail (PX_IS_RUN_PAGE (self));
  g_return_if_fail (request != NULL);

  /* The workload first: choosing one sets its own number of tasks. */
  for (guint i = 0; request->workload != NULL && i < G_N_ELEMENTS (workload_names); i++)
    if (g_str_equal (request->workload, workload_names[i]))
      adw_combo_row_set_selected (self->workload_row, i);
  if (request->n_tasks > 0)
    gtk_spin_button_set_value (self->tasks_spin, request->n_tasks);
  if (request->n_workers > 0)
    gtk_spin_button_set_value (self->workers_spin, request->n_workers);
  if (request->latency_ms >= 0)
    gtk_spin_button_set_value (self->latency_spin, request->latency_ms);
  if (request->serial >= 0.)
    gtk_spin_button_set_value (self->serial_spin, request->serial);
  gtk_switch_set_active (self->pure_python_switch, request->pure_python);
  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "return-output", request->return_output);

  if (request->api_url == NULL)
    adw_combo_row_set_selected (self->source_row, SOURCE_EMBEDDED);
  else if (g_str_equal (request->api_url, GITHUB_API_URL))
    adw_combo_row_set_selected (self->source_row, SOURCE_GITHUB);
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->custom_url_row), request->api_url);
      adw_combo_row_set_selected (self->source_row, SOURCE_CUSTOM);
    }

  g_free (self->decompress_file);
  self->decompress_file = g_strdup (request->input_path);

  for (guint i = 0; request->strategies != NULL && i < PX_N_STRATEGIES; i++)
    gtk_check_button_set_active (self->strategy_checks[i],
                                 g_strv_contains ((const char * const *) request->strategies,
                                                  px_strategy_to_string (i)));

  control_changed_cb (self);
}

void
px_run_page_run_batch (PxRunPage            *self,
                       const PxBatchRequest *request)
{
  g_return_if_fail (PX_IS_RUN_PAGE (self));
  g_return_if_fail (request != NULL);

  if (self->cancellable != NULL)
    return;

  px_run_page_set_request (self, request);
  start_batch (self);
}

const PxBatchInfo *
px_run_page_get_batch_info (PxRunPage *self)
{
  g_return_val_if_fail (PX_IS_RUN_PAGE (self), NULL);

  return self->info;
}

GPtrArray *
px_run_page_get_runs (PxRunPage *self)
{
  g_return_val_if_fail (PX_IS_RUN_PAGE (self), NULL);

  return self->runs;
}

gboolean
px_run_page_load_json (PxRunPage   *self,
                       const char  *data,
                       gsize        length,
                       GError     **error)
{
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(PxBatchInfo) info = NULL;

  g_return_val_if_fail (PX_IS_RUN_PAGE (self), FALSE);
  g_return_val_if_fail (self->cancellable == NULL, FALSE);

  runs = px_run_results_new_from_json_with_info (data, length, &info, error);
  if (runs == NULL)
    return FALSE;

  g_ptr_array_set_size (self->runs, 0);
  g_ptr_array_extend_and_steal (self->runs, g_steal_pointer (&runs));
  g_clear_pointer (&self->info, px_batch_info_free);
  self->info = g_steal_pointer (&info);
  clear_progress (self);
  refresh_results (self);
  show_replay (self);

  return TRUE;
}

void
px_run_page_open_file (PxRunPage *self,
                       GFile     *file)
{
  g_return_if_fail (PX_IS_RUN_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  g_file_load_partial_contents_async (file, NULL, results_read_more_cb, results_loaded_cb, g_object_ref (self));
}

void
px_run_page_set_controls_visible (PxRunPage *self,
                                  gboolean   visible)
{
  g_return_if_fail (PX_IS_RUN_PAGE (self));

  gtk_widget_set_visible (self->sidebar, visible);
}

void
px_run_page_set_chart_zoom (PxRunPage *self,
                            double     zoom)
{
  g_return_if_fail (PX_IS_RUN_PAGE (self));

  px_timeline_set_zoom (self->timeline, zoom);
  px_wall_cpu_chart_set_zoom (self->wall_cpu_chart, zoom);
}

void
px_run_page_set_compact (PxRunPage *self,
                         gboolean   compact)
{
  g_return_if_fail (PX_IS_RUN_PAGE (self));

  self->compact = compact;
  update_progress_visible (self);
}
