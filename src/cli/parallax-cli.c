/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "parallax-cli"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "px-cli.h"
#include "px-cli-plot.h"
#include "px-engine.h"
#include "px-safe-io.h"
#include "px-text.h"

#define DEFAULT_FETCH_TASKS 60
#define DEFAULT_AMDAHL_TASKS 100

/* Options shared by run and scale. */
typedef struct
{
  char     *workload;
  int       tasks;      /* -1: the workload's default */
  int       latency_ms;
  int       task_timeout_s;
  char     *api_url;
  char     *logins;
  char     *input;
  char     *bz2;
  double    serial;
  int       repeat;
  char     *format;
  char     *output;
  gboolean  no_return_output;
  gboolean  pure_python;
} CommonOptions;

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} SyncCall;

static GCancellable *interrupted;
/* The command being run, for the usage hint; NULL before one is known. */
static const char *command_name;
/* The signal that interrupted the command, 0 while none has. */
static int interrupt_signal;

static void
common_options_clear (CommonOptions *options)
{
  g_free (options->workload);
  g_free (options->api_url);
  g_free (options->logins);
  g_free (options->input);
  g_free (options->bz2);
  g_free (options->format);
  g_free (options->output);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CommonOptions, common_options_clear)

G_GNUC_PRINTF (1, 2) int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("parallax-cli: %s\n", message);
  if (command_name != NULL)
    g_printerr (_("Try “parallax-cli %s --help”.\n"), command_name);
  else
    g_printerr (_("Try “parallax-cli --help”.\n"));
  return EXIT_USAGE;
}

static gboolean
interrupt_cb (gpointer user_data)
{
  if (interrupt_signal == 0)
    interrupt_signal = GPOINTER_TO_INT (user_data);
  g_cancellable_cancel (interrupted);
  return G_SOURCE_CONTINUE;
}

/* As a shell reports a command killed by a signal: 130 for Ctrl+C. */
static int
interrupted_status (void)
{
  return 128 + interrupt_signal;
}

static void
sync_call_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncCall *call = user_data;

  call->result = g_object_ref (result);
  g_main_loop_quit (call->loop);
}

/* The CLI has nothing else to do while the engine works. */
static GAsyncResult *
sync_call_wait (SyncCall *call)
{
  g_main_loop_run (call->loop);
  g_main_loop_unref (call->loop);
  return call->result;
}

gboolean
parse_format (const char *name,
              Format     *format)
{
  if (name == NULL || g_str_equal (name, "table"))
    *format = FORMAT_TABLE;
  else if (g_str_equal (name, "json"))
    *format = FORMAT_JSON;
  else if (g_str_equal (name, "csv"))
    *format = FORMAT_CSV;
  else if (g_str_equal (name, "trace"))
    *format = FORMAT_TRACE;
  else
    return FALSE;

  return TRUE;
}

/* Opened before the work starts, so a path that cannot be written fails
 * at once; NULL (standard output) for no path or "-". */
gboolean
open_output (const char    *path,
             PxOutputFile **output,
             GError       **error)
{
  *output = NULL;
  if (path == NULL || g_str_equal (path, "-"))
    return TRUE;

  *output = px_output_file_open (path, error);
  return *output != NULL;
}

gboolean
write_output (PxOutputFile  *output,
              const char    *text,
              GError       **error)
{
  if (output == NULL)
    {
      fputs (text, stdout);
      fflush (stdout);
      return TRUE;
    }

  return px_output_file_write (output, text, strlen (text), error) && px_output_file_commit (output, error);
}

char *
json_take_text (JsonNode *node)
{
  g_autoptr(JsonNode) owned = node;

  return px_json_to_text (owned);
}

static char *
format_seconds (double s)
{
  if (!isfinite (s))
    return g_strdup ("—");
  if (s < 1e-3)
    return g_strdup_printf (_("%.0f µs"), s * 1e6);
  if (s < 1.)
    return g_strdup_printf (_("%.1f ms"), s * 1e3);
  return g_strdup_printf (_("%.3f s"), s);
}

static char *
format_ratio (double value,
              int    digits)
{
  if (!isfinite (value))
    return g_strdup ("—");
  return g_strdup_printf ("%.*f", digits, value);
}

static PxWorkload *
make_workload (const CommonOptions  *options,
               const char           *api_url,
               GError              **error)
{
  if (g_str_equal (options->workload, "fetch"))
    {
      g_autoptr(PxWorkload) workload = NULL;

      workload = px_fetch_workload_new (api_url, options->tasks > 0 ? (guint) options->tasks : DEFAULT_FETCH_TASKS);
      if (options->logins != NULL &&
          !px_fetch_workload_load_logins (PX_FETCH_WORKLOAD (workload), options->logins, error))
        return NULL;
      return g_steal_pointer (&workload);
    }

  if (g_str_equal (options->workload, "decompress"))
    {
      PxWorkload *workload;

      workload = px_decompress_workload_new (options->tasks > 0 ? (guint) options->tasks : PX_DECOMPRESS_DEFAULT_TASKS);
      if (options->input != NULL)
        px_decompress_workload_set_input_file (PX_DECOMPRESS_WORKLOAD (workload), options->input);
      else if (options->bz2 != NULL)
        px_decompress_workload_set_bz2_file (PX_DECOMPRESS_WORKLOAD (workload), options->bz2);
      g_object_set (workload, "pure-python", options->pure_python, NULL);
      return workload;
    }

  g_assert (g_str_equal (options->workload, "amdahl"));
  return px_amdahl_workload_new (options->tasks > 0 ? (guint) options->tasks : DEFAULT_AMDAHL_TASKS,
                                 options->serial);
}

static int
check_common_options (const CommonOptions *options,
                      Format              *format)
{
  g_autoptr(GError) error = NULL;

  if (options->workload == NULL)
    return usage_error (_("--workload is required (fetch, decompress or amdahl)"));
  if (px_workload_type_from_name (options->workload) == 0)
    return usage_error (_("Unknown workload “%s” (fetch, decompress or amdahl)"), options->workload);
  if (!parse_format (options->format, format))
    return usage_error (_("Unknown format “%s” (table, json, csv or trace)"), options->format);
  if (options->tasks != -1 && (options->tasks < 1 || options->tasks > PX_RUN_MAX_TASKS))
    return usage_error (_("--tasks must be between 1 and %d"), PX_RUN_MAX_TASKS);
  if (options->latency_ms < 0 || options->latency_ms > MAX_LATENCY_MS)
    return usage_error (_("--latency-ms must be between 0 and %d"), MAX_LATENCY_MS);
  if (options->repeat < 1 || options->repeat > MAX_REPEAT)
    return usage_error (_("--repeat must be between 1 and %d"), MAX_REPEAT);
  if (options->task_timeout_s < 0 || options->task_timeout_s > PX_MAX_TASK_TIMEOUT_S)
    return usage_error (_("--task-timeout must be between 1 and %d seconds"), PX_MAX_TASK_TIMEOUT_S);
  if (options->api_url != NULL && !px_fetch_check_api_url (options->api_url, &error))
    return usage_error ("%s", error->message);
  if (!(options->serial >= 0. && options->serial <= 1.))
    return usage_error (_("--serial must be between 0 and 1"));
  if (options->input != NULL && options->bz2 != NULL)
    return usage_error (_("--input and --bz2 exclude each other"));
  if ((options->input != NULL || options->bz2 != NULL) && !g_str_equal (options->workload, "decompress"))
    return usage_error (_("--input and --bz2 are for the decompress workload"));
  if (options->pure_python && !g_str_equal (options->workload, "decompress"))
    return usage_error (_("--pure-python is for the decompress workload"));
  if ((options->logins != NULL || options->api_url != NULL) && !g_str_equal (options->workload, "fetch"))
    return usage_error (_("--logins and --api-url are for the fetch workload"));

  return EXIT_SUCCESS;
}

static GOptionEntry *
common_entries (CommonOptions *options)
{
  const GOptionEntry entries[] = {
    { "workload", 'w', 0, G_OPTION_ARG_STRING, &options->workload,
      N_("The workload: fetch (I/O-bound), decompress (CPU-bound) or amdahl (synthetic)"), N_("NAME") },
    { "tasks", 't', 0, G_OPTION_ARG_INT, &options->tasks,
      N_("Number of tasks (fetch 60, decompress 300, amdahl 100)"), N_("M") },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &options->latency_ms,
      N_("Latency of the embedded server’s responses (100)"), N_("MS") },
    { "api-url", 0, 0, G_OPTION_ARG_STRING, &options->api_url,
      N_("Fetch from this API (e.g. https://api.github.com) instead of the embedded server; "
         "GITHUB_TOKEN is sent when set"), N_("URL") },
    { "logins", 0, 0, G_OPTION_ARG_FILENAME, &options->logins,
      N_("Logins to fetch, one per line (default: the bundled list)"), N_("FILE") },
    { "input", 0, 0, G_OPTION_ARG_FILENAME, &options->input,
      N_("Decompress this file, bz2-compressed once first (default: the bundled corpus)"), N_("FILE") },
    { "bz2", 0, 0, G_OPTION_ARG_FILENAME, &options->bz2,
      N_("Decompress this bz2 file as it is"), N_("FILE") },
    { "no-return-output", 0, 0, G_OPTION_ARG_NONE, &options->no_return_output,
      N_("Worker processes send back only length and checksum, not the output"), NULL },
    { "pure-python", 0, 0, G_OPTION_ARG_NONE, &options->pure_python,
      N_("Decompress as pure Python (holds the GIL): gil then runs it one thread at a time"), NULL },
    { "serial", 0, 0, G_OPTION_ARG_DOUBLE, &options->serial,
      N_("Serial fraction of the amdahl workload, 0 to 1 (0.1)"), N_("F") },
    { "task-timeout", 0, 0, G_OPTION_ARG_INT, &options->task_timeout_s,
      N_("A task still running after S seconds fails (fetch 30, others 600)"), N_("S") },
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &options->repeat,
      N_("Runs of each measurement; the median is kept"), N_("K") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &options->format,
      N_("Output format: table, json, csv, or trace (run only: Chrome trace for Perfetto)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options->output,
      N_("Write the output to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };

  return g_memdup2 (entries, sizeof entries);
}

/* Starts the embedded server when no API was given. */
static gboolean
start_server_if_needed (const CommonOptions  *options,
                        PxServerProcess     **server,
                        const char          **api_url,
                        GError              **error)
{
  *api_url = options->api_url;

  if (!g_str_equal (options->workload, "fetch") || options->api_url != NULL)
    return TRUE;

  *server = px_server_process_new (NULL, options->latency_ms);
  if (!px_server_process_start (*server, NULL, error))
    return FALSE;

  *api_url = px_server_process_get_url (*server);
  return TRUE;
}

static void
task_finished_cb (PxRunner           *runner,
                  const PxTaskRecord *record,
                  PxRunResult        *live)
{
  px_run_result_take_task (live, px_task_record_copy (record));
}

/* The run's result; when interrupted, a cancelled result with the tasks that
 * finished. */
static PxRunResult *
run_once (PxRunner    *runner,
          PxWorkload  *workload,
          PxStrategy   strategy,
          guint        workers,
          GError     **error)
{
  SyncCall call = { g_main_loop_new (NULL, FALSE), NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PxRunResult) live = px_run_result_new (px_workload_get_name (workload), strategy,
                                                   strategy == PX_STRATEGY_SEQUENTIAL ? 1 : workers,
                                                   px_workload_get_n_tasks (workload));
  g_autoptr(GError) local_error = NULL;
  PxRunResult *run;
  gulong handler;

  handler = g_signal_connect (runner, "task-finished", G_CALLBACK (task_finished_cb), live);
  px_runner_run_async (runner, workload, strategy, workers, interrupted, sync_call_cb, &call);
  result = sync_call_wait (&call);
  g_signal_handler_disconnect (runner, handler);

  run = px_runner_run_finish (runner, result, &local_error);
  if (run == NULL && interrupt_signal != 0 && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      px_run_result_set_cancelled (live, TRUE);
      return g_steal_pointer (&live);
    }
  if (run == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return run;
}

static int
compare_wall (gconstpointer a,
              gconstpointer b)
{
  gint64 x = px_run_result_get_wall_us (*(PxRunResult **) a);
  gint64 y = px_run_result_get_wall_us (*(PxRunResult **) b);

  return (x > y) - (x < y);
}

char *
runs_to_table (GPtrArray *runs)
{
  GString *out = g_string_new (NULL);
  PxRunResult *first = g_ptr_array_index (runs, 0);

  g_string_append_printf (out, _("Workload %s: %u tasks on %u cores\n\n"),
                          px_run_result_get_workload (first), px_run_result_get_n_tasks (first),
                          g_get_num_processors ());
  g_string_append_printf (out, "%-11s %7s %10s %10s %10s %10s %8s %8s %6s  %-21s %6s %6s %12s %12s\n",
                          _("strategy"), _("workers"), _("wall"), _("CPU user"), _("CPU sys"),
                          _("CPU wait"), _("CPU/wall"), _("speedup"), _("eff."), _("verdict"), _("ok"),
                          _("failed"), _("pipe bytes"), _("peak RSS"));

  for (guint i = 0; i < runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (runs, i);
      g_autofree char *wall = format_seconds (px_run_result_get_wall_us (run) / 1e6);
      g_autofree char *user = format_seconds (px_run_result_get_cpu_user_us (run) / 1e6);
      g_autofree char *sys = format_seconds (px_run_result_get_cpu_sys_us (run) / 1e6);
      gint64 cpu_wait_us = px_run_result_get_cpu_wait_us (run);
      g_autofree char *wait = format_seconds (cpu_wait_us >= 0 ? cpu_wait_us / 1e6 : NAN);
      g_autofree char *ratio = format_ratio (px_run_result_get_cpu_wall_ratio (run), 2);
      g_autofree char *speedup = format_ratio (px_run_result_get_speedup (run), 2);
      g_autofree char *efficiency = format_ratio (px_run_result_get_efficiency (run), 2);
      g_autofree char *pipe = g_format_size (px_run_result_get_pipe_bytes (run));
      g_autofree char *rss = g_format_size (px_run_result_get_peak_rss_bytes (run));

      if (px_run_result_get_cancelled (run))
        {
          g_string_append_printf (out, "%-11s %7u  ", px_strategy_to_string (px_run_result_get_strategy (run)),
                                  px_run_result_get_workers (run));
          g_string_append_printf (out, _("cancelled: %u of %u tasks finished (%u failed)\n"),
                                  px_run_result_get_tasks_ok (run) + px_run_result_get_tasks_failed (run),
                                  px_run_result_get_n_tasks (run), px_run_result_get_tasks_failed (run));
          continue;
        }

      g_string_append_printf (out, "%-11s %7u %10s %10s %10s %10s %8s %8s %6s  %-21s %6u %6u %12s %12s\n",
                              px_strategy_to_string (px_run_result_get_strategy (run)),
                              px_run_result_get_workers (run), wall, user, sys, wait, ratio, speedup,
                              efficiency, px_verdict_to_string (px_run_result_get_verdict (run)),
                              px_run_result_get_tasks_ok (run), px_run_result_get_tasks_failed (run),
                              px_run_result_get_pipe_bytes (run) > 0 ? pipe : "—", rss);
    }

  g_string_append_printf (out, _("\nVerdict, on CPU/(wall − CPU wait per lane): below %.1f is I/O-bound (threads or "
                                 "async help); about 1 is CPU-bound on one core (processes or C threads "
                                 "help); above %.1f ran in parallel; within %.1f of either, between the two.\n"),
                          PX_VERDICT_IO_BOUND_BELOW, PX_VERDICT_PARALLEL_ABOVE, PX_VERDICT_MARGIN);

  for (guint i = 0; i < runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (runs, i);
      g_autofree char *disturbance = px_run_result_dup_disturbance (run);

      if (disturbance != NULL)
        g_string_append_printf (out, "%s: %s\n", px_strategy_to_string (px_run_result_get_strategy (run)),
                                disturbance);
    }

  return g_string_free (out, FALSE);
}

/* Every failure, with its reason, on standard error. */
guint
report_failures (GPtrArray *runs)
{
  guint n_failed = 0;

  for (guint i = 0; i < runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (runs, i);

      for (guint j = 0; j < px_run_result_get_n_tasks (run); j++)
        {
          const PxTaskRecord *record = px_run_result_get_task (run, j);

          g_autofree char *label = NULL;
          g_autofree char *message = NULL;

          if (record == NULL || record->error == NULL)
            continue;

          /* Both come from servers, workers or files: no terminal escapes. */
          label = px_text_escape (record->label != NULL ? record->label : "", -1, PX_TEXT_MAX_MESSAGE);
          message = px_text_escape (record->error, -1, PX_TEXT_MAX_MESSAGE);
          if (n_failed++ == 0)
            g_printerr (_("Failed tasks:\n"));
          g_printerr ("  %s #%u %s: %s\n", px_strategy_to_string (px_run_result_get_strategy (run)),
                      record->index + 1, label, message);
        }
    }

  return n_failed;
}

/* The batch's context for its JSON, taken as it starts. */
static PxBatchInfo *
batch_info_new (const CommonOptions *options,
                PxWorkload          *workload,
                GArray              *chosen,
                int                  workers)
{
  PxBatchInfo *info = px_batch_info_new (options->workload);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean seen[PX_N_STRATEGIES] = { FALSE };

  for (guint i = 0; i < chosen->len; i++)
    {
      PxStrategy strategy = g_array_index (chosen, PxStrategy, i);

      if (!seen[strategy])
        g_strv_builder_add (builder, px_strategy_to_string (strategy));
      seen[strategy] = TRUE;
    }
  info->strategies = g_strv_builder_end (builder);
  info->n_tasks = px_workload_get_n_tasks (workload);
  info->n_workers = workers;
  if (options->api_url != NULL)
    px_batch_info_set_api_url (info, options->api_url);
  else
    info->latency_ms = options->latency_ms;
  px_batch_info_set_input_path (info, options->input != NULL ? options->input : options->bz2);
  info->serial = options->serial;
  info->pure_python = options->pure_python;
  info->return_output = !options->no_return_output;

  return info;
}

static int
command_run (int    argc,
             char **argv)
{
  g_auto(CommonOptions) options = { .tasks = -1, .latency_ms = PX_MOCK_SERVER_DEFAULT_LATENCY_MS,
                                    .serial = 0.1, .repeat = 1 };
  g_autofree GOptionEntry *entries = common_entries (&options);
  g_autoptr(GOptionContext) context = g_option_context_new (_("— run a workload with several strategies"));
  g_autoptr(PxServerProcess) server = NULL;
  g_autoptr(PxWorkload) workload = NULL;
  g_autoptr(PxRunner) runner = px_runner_new ();
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) strategy_names = NULL;
  g_autofree char *strategies = NULL;
  g_autoptr(PxOutputFile) output = NULL;
  g_autoptr(PxBatchInfo) info = NULL;
  GArray *chosen = NULL;
  const char *api_url = NULL;
  int workers = g_get_num_processors ();
  Format format;
  int status;
  const GOptionEntry run_entries[] = {
    { "strategies", 's', 0, G_OPTION_ARG_STRING, &strategies,
      N_("Comma-separated: sequential, threads, processes, async, gil (all)"), N_("LIST") },
    { "workers", 'n', 0, G_OPTION_ARG_INT, &workers,
      N_("Threads, processes or tasks in flight (the number of cores)"), N_("N") },
    { NULL }
  };

  g_option_context_add_main_entries (context, run_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Runs the same tasks with each strategy in turn and measures wall time,\n"
                                  "CPU time, speedup over sequential, pipe traffic and peak memory.\n"
                                  "Without --api-url, fetch uses the embedded GitHub-like server.\n\n"
                                  "Exit status: 0 all tasks ok, 1 some task failed, 2 usage error,\n"
                                  "130 interrupted (what finished is printed)."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc > 1)
    return usage_error (_("Unexpected argument “%s”"), argv[1]);

  if ((status = check_common_options (&options, &format)) != EXIT_SUCCESS)
    return status;
  if (workers < 1 || workers > PX_RUN_MAX_LANES)
    return usage_error (_("--workers must be between 1 and %d"), PX_RUN_MAX_LANES);

  strategy_names = g_strsplit (strategies != NULL ? strategies : "sequential,threads,processes,async,gil", ",", -1);
  chosen = g_array_new (FALSE, FALSE, sizeof (PxStrategy));
  for (guint i = 0; strategy_names[i] != NULL; i++)
    {
      PxStrategy strategy;

      if (!px_strategy_from_string (g_strstrip (strategy_names[i]), &strategy))
        {
          g_array_unref (chosen);
          return usage_error (_("Unknown strategy “%s”"), strategy_names[i]);
        }
      g_array_append_val (chosen, strategy);
    }
  if (chosen->len == 0)
    {
      g_array_unref (chosen);
      return usage_error (_("--strategies names no strategy"));
    }

  px_runner_set_return_output (runner, !options.no_return_output);
  px_runner_set_task_timeout (runner, options.task_timeout_s);

  if (!open_output (options.output, &output, &error))
    {
      g_array_unref (chosen);
      g_printerr ("parallax-cli: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (!start_server_if_needed (&options, &server, &api_url, &error) ||
      (workload = make_workload (&options, api_url, &error)) == NULL)
    {
      g_array_unref (chosen);
      g_printerr ("parallax-cli: %s\n", error->message);
      return EXIT_FAILURE;
    }
  info = batch_info_new (&options, workload, chosen, workers);

  for (guint i = 0; i < chosen->len && interrupt_signal == 0; i++)
    {
      PxStrategy strategy = g_array_index (chosen, PxStrategy, i);
      g_autoptr(GPtrArray) repeats = g_ptr_array_new_with_free_func (g_object_unref);

      for (int r = 0; r < options.repeat; r++)
        {
          PxRunResult *run;

          if (format == FORMAT_TABLE && options.output == NULL)
            g_printerr (_("Running %s (%d/%d)…\n"), px_strategy_to_string (strategy), r + 1, options.repeat);

          run = run_once (runner, workload, strategy, workers, &error);
          if (run == NULL)
            {
              g_array_unref (chosen);
              g_printerr ("parallax-cli: %s\n", error->message);
              return EXIT_FAILURE;
            }
          if (px_run_result_get_cancelled (run))
            {
              /* What finished is shown: the runs before, and this one's tasks. */
              g_ptr_array_set_size (repeats, 0);
              g_ptr_array_add (repeats, run);
              break;
            }
          g_ptr_array_add (repeats, run);
        }

      g_ptr_array_sort (repeats, compare_wall);
      g_ptr_array_add (runs, g_object_ref (g_ptr_array_index (repeats, repeats->len / 2)));
    }
  g_array_unref (chosen);

  px_run_results_compute_speedups (runs);

  if (format == FORMAT_JSON)
    text = json_take_text (px_run_results_to_json_with_info (runs, info));
  else if (format == FORMAT_CSV)
    text = px_run_results_to_csv (runs);
  else if (format == FORMAT_TRACE)
    text = json_take_text (px_run_results_to_trace (runs));
  else
    text = runs_to_table (runs);

  if (!write_output (output, text, &error))
    {
      g_printerr ("parallax-cli: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (interrupt_signal != 0)
    {
      PxRunResult *last = g_ptr_array_index (runs, runs->len - 1);

      report_failures (runs);
      if (px_run_result_get_cancelled (last))
        g_printerr (_("Interrupted: the run of %s was cancelled\n"),
                    px_strategy_to_string (px_run_result_get_strategy (last)));
      return interrupted_status ();
    }

  return report_failures (runs) > 0 ? EXIT_TASKS_FAILED : EXIT_SUCCESS;
}

static void
scale_progress_cb (PxScaler *scaler,
                   guint     done,
                   guint     total,
                   gpointer  user_data)
{
  g_printerr (_("Measured %u of %u runs\n"), done, total);
}

static char *
scale_to_table (PxScaler *scaler)
{
  GString *out = g_string_new (NULL);
  guint cores = g_get_num_processors ();
  double p = px_scaler_get_fitted_p (scaler);

  g_string_append_printf (out, "%7s %10s %10s %10s %8s %8s %10s\n", _("workers"), _("wall"),
                          _("min"), _("max"), _("speedup"), _("eff."), _("Karp–Flatt"));

  for (guint i = 0; i < px_scaler_get_n_points (scaler); i++)
    {
      const PxScalePoint *point = px_scaler_get_point (scaler, i);
      g_autofree char *wall = format_seconds (point->wall_s);
      g_autofree char *min = format_seconds (point->wall_min_s);
      g_autofree char *max = format_seconds (point->wall_max_s);
      g_autofree char *speedup = format_ratio (point->speedup, 2);
      g_autofree char *efficiency = format_ratio (point->efficiency, 2);
      g_autofree char *karp_flatt = format_ratio (point->karp_flatt, 3);

      g_string_append_printf (out, "%7u %10s %10s %10s %8s %8s %10s%s\n", point->workers, wall, min, max,
                              speedup, efficiency, karp_flatt,
                              point->workers > cores ? _("  (more workers than cores)") : "");
    }

  if (isfinite (p))
    g_string_append_printf (out, _("\nFitted P = %.1f %% over N ≤ %u cores (Amdahl limit %.2f×)\n"),
                            p * 100., cores, px_amdahl_limit (p));
  else
    g_string_append (out, _("\nNo fit: too few points\n"));

  return g_string_free (out, FALSE);
}

static int
command_scale (int    argc,
               char **argv)
{
  g_auto(CommonOptions) options = { .tasks = -1, .latency_ms = PX_MOCK_SERVER_DEFAULT_LATENCY_MS,
                                    .serial = 0.1, .repeat = 3 };
  g_autofree GOptionEntry *entries = common_entries (&options);
  g_autoptr(GOptionContext) context = g_option_context_new (_("— measure speedup against the number of workers"));
  g_autoptr(PxServerProcess) server = NULL;
  g_autoptr(PxWorkload) workload = NULL;
  g_autoptr(PxRunner) runner = px_runner_new ();
  g_autoptr(PxScaler) scaler = NULL;
  g_autoptr(PxOutputFile) output = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *strategy_name = NULL;
  g_autofree char *text = NULL;
  SyncCall call = { NULL, NULL };
  const char *api_url = NULL;
  int max_workers = 2 * g_get_num_processors ();
  PxStrategy strategy;
  Format format;
  int status;
  const GOptionEntry scale_entries[] = {
    { "strategy", 's', 0, G_OPTION_ARG_STRING, &strategy_name,
      N_("threads or processes (threads)"), N_("NAME") },
    { "max-workers", 'n', 0, G_OPTION_ARG_INT, &max_workers,
      N_("Measure N = 1, 2, 4, … up to this (twice the cores)"), N_("N") },
    { NULL }
  };

  g_option_context_add_main_entries (context, scale_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Runs one strategy at N = 1, 2, 4, … workers, --repeat times each, and prints\n"
                                  "the median wall time, speedup, efficiency, the Karp–Flatt serial fraction\n"
                                  "e(N) = (1/S − 1/N)/(1 − 1/N), and P fitted to Amdahl’s law by least squares\n"
                                  "over the points with no more workers than cores."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc > 1)
    return usage_error (_("Unexpected argument “%s”"), argv[1]);

  if ((status = check_common_options (&options, &format)) != EXIT_SUCCESS)
    return status;
  if (format == FORMAT_TRACE)
    return usage_error (_("--format trace is for run: scale has no tasks to trace"));
  if (!px_strategy_from_string (strategy_name != NULL ? strategy_name : "threads", &strategy) ||
      (strategy != PX_STRATEGY_THREADS && strategy != PX_STRATEGY_PROCESSES))
    return usage_error (_("--strategy must be threads or processes"));
  if (max_workers < 1 || max_workers > PX_RUN_MAX_LANES)
    return usage_error (_("--max-workers must be between 1 and %d"), PX_RUN_MAX_LANES);

  px_runner_set_return_output (runner, !options.no_return_output);
  px_runner_set_task_timeout (runner, options.task_timeout_s);

  if (!open_output (options.output, &output, &error))
    {
      g_printerr ("parallax-cli: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (!start_server_if_needed (&options, &server, &api_url, &error) ||
      (workload = make_workload (&options, api_url, &error)) == NULL)
    {
      g_printerr ("parallax-cli: %s\n", error->message);
      return EXIT_FAILURE;
    }

  scaler = px_scaler_new (runner, workload, strategy, max_workers, options.repeat);
  if (format == FORMAT_TABLE && options.output == NULL)
    g_signal_connect (scaler, "progress", G_CALLBACK (scale_progress_cb), NULL);

  call.loop = g_main_loop_new (NULL, FALSE);
  px_scaler_run_async (scaler, interrupted, sync_call_cb, &call);
  result = sync_call_wait (&call);
  if (!px_scaler_run_finish (scaler, result, &error))
    {
      if (interrupt_signal != 0)
        {
          g_printerr (_("Interrupted: the measurement was cancelled\n"));
          return interrupted_status ();
        }
      g_printerr ("parallax-cli: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (format == FORMAT_JSON)
    text = json_take_text (px_scaler_to_json (scaler));
  else if (format == FORMAT_CSV)
    text = px_scaler_to_csv (scaler);
  else
    text = scale_to_table (scaler);

  if (!write_output (output, text, &error))
    {
      g_printerr ("parallax-cli: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (px_scaler_get_tasks_failed (scaler) > 0)
    {
      g_printerr (_("%u tasks failed during the measurement\n"), px_scaler_get_tasks_failed (scaler));
      return EXIT_TASKS_FAILED;
    }

  return EXIT_SUCCESS;
}

static int
command_serve (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— serve the GitHub-like API until interrupted"));
  g_autoptr(PxMockServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  int port = 0;
  int latency_ms = PX_MOCK_SERVER_DEFAULT_LATENCY_MS;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, N_("Port on 127.0.0.1 (0: any free port)"), N_("PORT") },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms, N_("Latency of each response (100)"), N_("MS") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Serves GET /users/LOGIN with GitHub-shaped JSON for the bundled logins,\n"
                                  "so any program (a Python script, a browser) can use it. Prints the URL."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc > 1)
    return usage_error (_("Unexpected argument “%s”"), argv[1]);
  if (port < 0 || port > 65535)
    return usage_error (_("--port must be between 0 and 65535"));
  if (latency_ms < 0 || latency_ms > MAX_LATENCY_MS)
    return usage_error (_("--latency-ms must be between 0 and %d"), MAX_LATENCY_MS);

  px_raise_fd_limit ();
  server = px_mock_server_new (latency_ms);
  if (!px_mock_server_listen (server, port, &error))
    {
      g_printerr ("parallax-cli: %s\n", error->message);
      return EXIT_FAILURE;
    }

  url = px_mock_server_dup_url (server);
  g_print ("%s\n", url);
  g_printerr (_("Serving %s/users/LOGIN with %d ms latency; Ctrl+C stops.\n"), url, latency_ms);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect_swapped (interrupted, "cancelled", G_CALLBACK (g_main_loop_quit), loop);
  g_main_loop_run (loop);

  return EXIT_SUCCESS;
}

static int
command_amdahl (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— Amdahl’s and Gustafson’s laws"));
  g_autoptr(GError) error = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *output_path = NULL;
  g_autoptr(PxOutputFile) output = NULL;
  g_autofree char *text = NULL;
  double p = -1.;
  int max_n = 1024;
  Format format;
  const GOptionEntry entries[] = {
    { "p", 'p', 0, G_OPTION_ARG_DOUBLE, &p,
      N_("Parallel fraction, 0 to 1, or a percentage above 1 (0.9 and 90 are the same)"), "P" },
    { "n", 'n', 0, G_OPTION_ARG_INT, &max_n, N_("Largest worker count (1024)"), "N" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, N_("Output format: table, json or csv"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path, N_("Write the output to FILE"), N_("FILE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Prints S(N) = 1 / ((1 − P) + P / N), the efficiency S/N and Gustafson’s\n"
                                  "(1 − P) + P·N for N = 1, 2, 4, … up to --n, with the limit 1 / (1 − P)."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc > 1)
    return usage_error (_("Unexpected argument “%s”"), argv[1]);
  /* The app shows P in percent: 90 means 90 %, not a fraction of 90. */
  if (p > 1. && p <= 100.)
    {
      g_printerr (_("parallax-cli: --p %g read as a percentage: P = %g\n"), p, p / 100.);
      p /= 100.;
    }
  if (!(p >= 0. && p <= 1.))
    return usage_error (_("--p is required, between 0 and 1"));
  if (max_n < 1 || max_n > MAX_AMDAHL_N)
    return usage_error (_("--n must be between 1 and %d"), MAX_AMDAHL_N);
  if (!parse_format (format_name, &format))
    return usage_error (_("--p is required: a fraction from 0 to 1, or a percentage up to 100"));
  if (max_n < 1)
    return usage_error (_("--n must be at least 1"));
  if (!parse_format (format_name, &format) || format == FORMAT_TRACE)
    return usage_error (_("Unknown format “%s” (table, json or csv)"), format_name);
  if (!open_output (output_path, &output, &error))
    {
      g_printerr ("parallax-cli: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (format == FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "format_version");
      json_builder_add_int_value (builder, PX_JSON_FORMAT_VERSION);
      json_builder_set_member_name (builder, "p");
      json_builder_add_double_value (builder, p);
      json_builder_set_member_name (builder, "limit");
      if (isfinite (px_amdahl_limit (p)))
        json_builder_add_double_value (builder, px_amdahl_limit (p));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "n_for_90_percent_of_limit");
      if (isfinite (px_amdahl_n_for_fraction_of_limit (p, .9)))
        json_builder_add_double_value (builder, px_amdahl_n_for_fraction_of_limit (p, .9));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "points");
      json_builder_begin_array (builder);
      for (int n = 1; ; n = MIN (n * 2, max_n))
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "workers");
          json_builder_add_int_value (builder, n);
          json_builder_set_member_name (builder, "speedup");
          json_builder_add_double_value (builder, px_amdahl_speedup (p, n));
          json_builder_set_member_name (builder, "efficiency");
          json_builder_add_double_value (builder, px_amdahl_efficiency (p, n));
          json_builder_set_member_name (builder, "gustafson");
          json_builder_add_double_value (builder, px_gustafson_speedup (p, n));
          json_builder_end_object (builder);
          if (n == max_n)
            break;
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      text = json_take_text (json_builder_get_root (builder));
    }
  else
    {
      GString *out = g_string_new (NULL);

      if (format == FORMAT_CSV)
        g_string_append (out, "workers,speedup,efficiency,gustafson\n");
      else
        {
          g_string_append_printf (out, _("P = %g (%g %%)\n\n"), p, p * 100.);
          g_string_append_printf (out, "%7s %10s %10s %10s\n", _("workers"), _("speedup"), _("eff."),
                                  _("Gustafson"));
        }

      for (int n = 1; ; n = MIN (n * 2, max_n))
        {
          char s[G_ASCII_DTOSTR_BUF_SIZE], e[G_ASCII_DTOSTR_BUF_SIZE], g[G_ASCII_DTOSTR_BUF_SIZE];

          if (format == FORMAT_CSV)
            g_string_append_printf (out, "%d,%s,%s,%s\n", n,
                                    g_ascii_formatd (s, sizeof s, "%.6f", px_amdahl_speedup (p, n)),
                                    g_ascii_formatd (e, sizeof e, "%.6f", px_amdahl_efficiency (p, n)),
                                    g_ascii_formatd (g, sizeof g, "%.6f", px_gustafson_speedup (p, n)));
          else
            g_string_append_printf (out, "%7d %10.3f %10.3f %10.1f\n", n, px_amdahl_speedup (p, n),
                                    px_amdahl_efficiency (p, n), px_gustafson_speedup (p, n));
          if (n == max_n)
            break;
        }

      if (format == FORMAT_TABLE)
        {
          if (isfinite (px_amdahl_limit (p)))
            g_string_append_printf (out, _("\nLimit 1/(1 − P) = %.2f×; 90 %% of it needs N = %.0f\n"),
                                    px_amdahl_limit (p), px_amdahl_n_for_fraction_of_limit (p, .9));
          else
            g_string_append (out, _("\nP = 1: no limit, the speedup is N\n"));
        }
      text = g_string_free (out, FALSE);
    }

  if (!write_output (output, text, &error))
    {
      g_printerr ("parallax-cli: %s\n", error->message);
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}

static void
print_help (FILE *stream)
{
  fprintf (stream, "%s", _("Usage:\n"
                           "  parallax-cli COMMAND [OPTION…]\n\n"
                           "Measures concurrency and parallelism with real workloads.\n\n"
                           "Commands:\n"
                           "  run      Run a workload with several strategies and compare them\n"
                           "  scale    Measure speedup against the number of workers; fit Amdahl’s law\n"
                           "  serve    Serve the embedded GitHub-like API until interrupted\n"
                           "  amdahl   Print Amdahl’s and Gustafson’s laws for a parallel fraction\n"
                           "  report   Print saved results (JSON) as a table, JSON, CSV or a trace\n"
                           "  plot     Draw a saved run as a PNG, SVG or PDF chart\n\n"
                           "“parallax-cli COMMAND --help” describes each command’s options.\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *prgname = NULL;
  const char *command;
  guint sigint_id, sigterm_id;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_help (stderr);
      return EXIT_USAGE;
    }

  command = argv[1];
  if (g_str_equal (command, "--help") || g_str_equal (command, "-h") || g_str_equal (command, "help"))
    {
      print_help (stdout);
      return EXIT_SUCCESS;
    }
  /* --version is honoured after a command too, as --help is. */
  for (int i = 1; i < argc && !g_str_equal (argv[i], "--"); i++)
    if (g_str_equal (argv[i], "--version"))
      {
        g_print ("parallax-cli %s\n", PACKAGE_VERSION);
        return EXIT_SUCCESS;
      }

  /* A thousand connections in flight need more descriptors than 1,024. */
  px_raise_fd_limit ();

  interrupted = cancellable;
  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, GINT_TO_POINTER (SIGINT));
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, GINT_TO_POINTER (SIGTERM));

  /* Each command's --help names it. */
  prgname = g_strdup_printf ("parallax-cli %s", command);
  g_set_prgname (prgname);

  if (g_strv_contains ((const char * const[]) { "run", "scale", "serve", "amdahl", NULL }, command))
    command_name = command;

  if (g_str_equal (command, "run"))
    status = command_run (argc - 1, argv + 1);
  else if (g_str_equal (command, "scale"))
    status = command_scale (argc - 1, argv + 1);
  else if (g_str_equal (command, "serve"))
    status = command_serve (argc - 1, argv + 1);
  else if (g_str_equal (command, "amdahl"))
    status = command_amdahl (argc - 1, argv + 1);
  else if (g_str_equal (command, "report"))
    status = command_report (argc - 1, argv + 1);
  else if (g_str_equal (command, "plot"))
    status = px_cli_plot (argc - 1, argv + 1);
  else
    status = usage_error (_("Unknown command “%s”"), command);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  interrupted = NULL;

  return status;
}
