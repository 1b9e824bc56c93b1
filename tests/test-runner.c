/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <signal.h>

#include "px-engine.h"
#include "px-test-server.h"

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
  guint         n_started;
  guint         n_finished;
  guint         n_samples;
  guint         cancel_after;
  GCancellable *cancellable;
  gint64        cancelled_at;
} RunCall;

static void
task_started_cb (PxRunner *runner,
                 guint     index,
                 guint     lane,
                 gint64    start_us,
                 RunCall  *call)
{
  g_assert_cmpint (start_us, >=, 0);
  call->n_started++;
}

static void
cpu_sample_cb (PxRunner *runner,
               gint64    t_us,
               GArray   *busy,
               RunCall  *call)
{
  g_assert_cmpuint (busy->len, ==, g_get_num_processors ());
  call->n_samples++;
}

static void
task_finished_cb (PxRunner           *runner,
                  const PxTaskRecord *record,
                  RunCall            *call)
{
  call->n_finished++;

  if (call->cancel_after > 0 && call->n_finished == call->cancel_after)
    {
      call->cancelled_at = g_get_monotonic_time ();
      g_cancellable_cancel (call->cancellable);
    }
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunCall *call = user_data;

  call->result = g_object_ref (result);
  g_main_loop_quit (call->loop);
}

static PxRunResult *
run_full (PxRunner    *runner,
          PxWorkload  *workload,
          PxStrategy   strategy,
          guint        workers,
          guint        cancel_after,
          RunCall     *call,
          GError     **error)
{
  PxRunResult *result;
  gulong started_id, finished_id, sample_id;

  call->loop = g_main_loop_new (NULL, FALSE);
  call->cancel_after = cancel_after;
  call->cancellable = g_cancellable_new ();
  started_id = g_signal_connect (runner, "task-started", G_CALLBACK (task_started_cb), call);
  finished_id = g_signal_connect (runner, "task-finished", G_CALLBACK (task_finished_cb), call);
  sample_id = g_signal_connect (runner, "cpu-sample", G_CALLBACK (cpu_sample_cb), call);

  px_runner_run_async (runner, workload, strategy, workers, call->cancellable, run_done_cb, call);
  g_main_loop_run (call->loop);

  result = px_runner_run_finish (runner, call->result, error);

  g_signal_handler_disconnect (runner, started_id);
  g_signal_handler_disconnect (runner, finished_id);
  g_signal_handler_disconnect (runner, sample_id);
  g_clear_object (&call->result);
  g_clear_object (&call->cancellable);
  g_clear_pointer (&call->loop, g_main_loop_unref);

  return result;
}

static PxRunResult *
run (PxWorkload *workload,
     PxStrategy  strategy,
     guint       workers)
{
  g_autoptr(PxRunner) runner = px_runner_new ();
  g_autoptr(GError) error = NULL;
  RunCall call = { 0 };
  PxRunResult *result;

  result = run_full (runner, workload, strategy, workers, 0, &call, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  /* Every record reached the caller's context before the result did. */
  g_assert_cmpuint (call.n_finished, ==, px_run_result_get_n_tasks (result));
  g_assert_cmpuint (call.n_started, ==, px_run_result_get_n_tasks (result));

  return result;
}

/* GLib reaps children and drops their watch sources (pidfds) on its own
 * worker thread, so descriptors may close a moment after a run returns:
 * wait a little before calling it a leak, and then name what is open. */
static void
assert_fds_back_to (guint before)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint now;

  for (guint i = 0; i < 200 && (now = px_count_open_fds ()) != before; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }

  if (now == before)
    return;

  dir = g_dir_open ("/proc/self/fd", 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);

      g_printerr ("fd %s -> %s\n", name, target ? target : "?");
    }
  g_assert_cmpuint (now, ==, before);
}

static guint
count_children (void)
{
  g_autoptr(GArray) children = px_list_children ();

  return children->len;
}

/* The largest number of tasks whose [start, end) intervals overlap, on a
 * given lane or (lane < 0) on any. */
static guint
max_overlap (PxRunResult *result,
             int          lane)
{
  guint n = px_run_result_get_n_tasks (result);
  guint best = 0;

  for (guint i = 0; i < n; i++)
    {
      const PxTaskRecord *a = px_run_result_get_task (result, i);
      guint count = 0;

      if (a == NULL || (lane >= 0 && a->lane != (guint) lane))
        continue;

      for (guint j = 0; j < n; j++)
        {
          const PxTaskRecord *b = px_run_result_get_task (result, j);

          if (b != NULL && (lane < 0 || b->lane == (guint) lane) &&
              b->start_us <= a->start_us && a->start_us < b->end_us)
            count++;
        }
      best = MAX (best, count);
    }

  return best;
}

static void
assert_all_ok (PxRunResult *result,
               guint        n_tasks,
               guint        max_lanes)
{
  g_assert_cmpuint (px_run_result_get_n_tasks (result), ==, n_tasks);
  g_assert_cmpuint (px_run_result_get_tasks_ok (result), ==, n_tasks);
  g_assert_cmpuint (px_run_result_get_tasks_failed (result), ==, 0);
  g_assert_cmpint (px_run_result_get_wall_us (result), >, 0);
  g_assert_cmpint (px_run_result_get_cpu_user_us (result) + px_run_result_get_cpu_sys_us (result), >, 0);
  g_assert_cmpuint (px_run_result_get_peak_rss_bytes (result), >, 0);

  for (guint i = 0; i < n_tasks; i++)
    {
      const PxTaskRecord *record = px_run_result_get_task (result, i);

      g_assert_nonnull (record);
      g_assert_cmpuint (record->index, ==, i);
      g_assert_null (record->error);
      g_assert_nonnull (record->label);
      g_assert_nonnull (record->summary);
      g_assert_cmpuint (record->lane, <, max_lanes);
      g_assert_cmpint (record->start_us, >=, 0);
      g_assert_cmpint (record->end_us, >=, record->start_us);
      g_assert_cmpint (record->end_us, <=, px_run_result_get_wall_us (result));
      g_assert_cmpint (record->cpu_us, >=, 0);
      g_assert_cmpuint (record->bytes_in, >, 0);
      g_assert_cmpuint (record->bytes_out, >, 0);
    }
}

static void
test_decompress (gconstpointer data)
{
  PxStrategy strategy = GPOINTER_TO_UINT (data);
  g_autoptr(PxWorkload) workload = px_decompress_workload_new (12);
  g_autoptr(PxRunResult) result = NULL;
  g_autoptr(GBytes) corpus = px_decompress_workload_dup_corpus ();
  guint fds = px_count_open_fds ();

  result = run (workload, strategy, 3);
  assert_all_ok (result, 12, strategy == PX_STRATEGY_SEQUENTIAL || strategy == PX_STRATEGY_ASYNC ? 1 : 3);
  g_assert_cmpuint (px_run_result_get_task (result, 0)->bytes_out, ==, g_bytes_get_size (corpus));

  switch (strategy)
    {
    case PX_STRATEGY_SEQUENTIAL:
      g_assert_cmpuint (max_overlap (result, -1), ==, 1);
      g_assert_cmpuint (px_run_result_get_pipe_bytes (result), ==, 0);
      break;

    case PX_STRATEGY_ASYNC:
      /* Concurrency on one lane: tasks in flight together, none in parallel. */
      g_assert_cmpuint (max_overlap (result, 0), >, 1);
      break;

    case PX_STRATEGY_PROCESSES:
      /* The blob goes out and, by default, the whole output comes back. */
      g_assert_cmpuint (px_run_result_get_pipe_bytes (result), >,
                        12 * (g_bytes_get_size (corpus) + px_run_result_get_task (result, 0)->bytes_in));
      break;

    case PX_STRATEGY_THREADS:
    case PX_STRATEGY_GIL:
    default:
      g_assert_cmpuint (px_run_result_get_pipe_bytes (result), ==, 0);
      break;
    }

  g_assert_cmpuint (count_children (), ==, 0);
  assert_fds_back_to (fds);
}

static void
test_processes_no_return_output (void)
{
  g_autoptr(PxWorkload) workload = px_decompress_workload_new (6);
  g_autoptr(PxRunner) runner = px_runner_new ();
  g_autoptr(PxRunResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) corpus = px_decompress_workload_dup_corpus ();
  RunCall call = { 0 };

  px_runner_set_return_output (runner, FALSE);
  result = run_full (runner, workload, PX_STRATEGY_PROCESSES, 2, 0, &call, &error);
  g_assert_no_error (error);
  assert_all_ok (result, 6, 2);
  /* Only lengths and checksums come back: far less than one output. */
  g_assert_cmpuint (px_run_result_get_pipe_bytes (result), <,
                    6 * px_run_result_get_task (result, 0)->bytes_in + g_bytes_get_size (corpus));
}

static void
test_cpu_samples (void)
{
  g_autoptr(PxWorkload) workload = px_amdahl_workload_new (4, 0.);
  g_autoptr(PxRunner) runner = px_runner_new ();
  g_autoptr(PxRunResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RunCall call = { 0 };
  gint64 previous = 0;
  guint n;

  /* About 0.3 s of work: several sampling intervals. */
  g_object_set (workload, "work-units", (guint64) 80000000, NULL);
  result = run_full (runner, workload, PX_STRATEGY_SEQUENTIAL, 1, 0, &call, &error);
  g_assert_no_error (error);

  n = px_run_result_get_n_cpu_samples (result);
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpuint (call.n_samples, ==, n);
  for (guint i = 0; i < n; i++)
    {
      guint n_cores;
      gint64 t_us;
      const double *busy = px_run_result_get_cpu_sample (result, i, &t_us, &n_cores);
      double sum = 0.;

      g_assert_cmpuint (n_cores, ==, g_get_num_processors ());
      g_assert_cmpint (t_us, >, previous);
      previous = t_us;
      for (guint c = 0; c < n_cores; c++)
        {
          g_assert_cmpfloat (busy[c], >=, 0.);
          g_assert_cmpfloat (busy[c], <=, 1.);
          sum += busy[c];
        }
      /* One thread computes all along: at least most of a core is busy. */
      if (i > 0 && i + 1 < n)
        g_assert_cmpfloat (sum, >, 0.5);
    }
}

static void
test_amdahl (gconstpointer data)
{
  PxStrategy strategy = GPOINTER_TO_UINT (data);
  g_autoptr(PxWorkload) workload = px_amdahl_workload_new (8, 0.2);
  g_autoptr(PxRunResult) result = NULL;

  g_object_set (workload, "work-units", (guint64) 2000000, NULL);
  result = run (workload, strategy, 2);
  assert_all_ok (result, 8, strategy == PX_STRATEGY_SEQUENTIAL || strategy == PX_STRATEGY_ASYNC ? 1 : 2);
  /* The serial part runs first, inside the measured time. */
  g_assert_cmpint (px_run_result_get_task (result, 0)->start_us, >, 0);
}

static PxServerProcess *
start_server (guint latency_ms)
{
  g_autoptr(PxServerProcess) server = px_server_process_new (NULL, latency_ms);
  g_autoptr(GError) error = NULL;

  px_server_process_start (server, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (px_server_process_get_url (server), "http://127.0.0.1:"));

  return g_steal_pointer (&server);
}

static void
test_fetch (gconstpointer data)
{
  PxStrategy strategy = GPOINTER_TO_UINT (data);
  guint fds = px_count_open_fds ();
  g_autoptr(PxServerProcess) server = start_server (40);
  g_autoptr(PxWorkload) workload = NULL;
  g_autoptr(PxRunResult) result = NULL;

  workload = px_fetch_workload_new (px_server_process_get_url (server), 16);
  result = run (workload, strategy, 8);
  assert_all_ok (result, 16, strategy == PX_STRATEGY_SEQUENTIAL || strategy == PX_STRATEGY_ASYNC ? 1 : 8);
  g_assert_cmpstr (px_run_result_get_task (result, 3)->label, ==, "torvalds");
  g_assert_true (g_str_has_prefix (px_run_result_get_task (result, 3)->summary, "torvalds: Linus Torvalds"));

  /* One request at a time: the CPU idles through most of the run. (With
   * many in flight the CPU share grows, and starting worker processes
   * costs more CPU than 16 short requests.) */
  g_test_message ("CPU/wall %.3f, CPU/(wall − CPU wait per lane) %.3f", px_run_result_get_cpu_wall_ratio (result),
                  px_run_result_get_compute_ratio (result));
  if (strategy == PX_STRATEGY_SEQUENTIAL)
    {
      g_assert_cmpfloat (px_run_result_get_cpu_wall_ratio (result), <, PX_VERDICT_IO_BOUND_BELOW);
      /* Beside busy programs each wake-up for a response waits for a CPU,
       * which the verdict counts as demand: it may then say "between". */
      if (px_run_result_get_disturbed (result))
        g_assert_true (px_run_result_get_verdict (result) == PX_VERDICT_IO_BOUND ||
                       px_run_result_get_verdict (result) == PX_VERDICT_IO_OR_CPU_BOUND);
      else
        g_assert_cmpint (px_run_result_get_verdict (result), ==, PX_VERDICT_IO_BOUND);
    }

  if (strategy == PX_STRATEGY_SEQUENTIAL)
    g_assert_cmpuint (max_overlap (result, -1), ==, 1);
  else if (strategy == PX_STRATEGY_ASYNC)
    g_assert_cmpuint (max_overlap (result, 0), >, 1);
  else
    g_assert_cmpuint (max_overlap (result, -1), >, 1);

  g_clear_object (&server);
  g_assert_cmpuint (count_children (), ==, 0);
  assert_fds_back_to (fds);
}

/* 2,000 fetches with 500 in flight on the event loop (fewer under the
 * sanitizers): every task ok, its events all in before the result, and the
 * result saved and loaded again as it was. */
static void
test_fetch_many_in_flight (void)
{
  const guint in_flight = SLOWDOWN > 1 ? 200 : 500;
  const guint n_tasks = 4 * in_flight;
  g_autoptr(PxServerProcess) server = start_server (50);
  g_autoptr(PxWorkload) workload = px_fetch_workload_new (px_server_process_get_url (server), n_tasks);
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) node_again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  PxRunResult *result;

  /* Not a test of timeouts: the sanitizers and a busy machine slow it down */
  g_object_set (workload, "timeout-s", 60 * SLOWDOWN, NULL);
  result = run (workload, PX_STRATEGY_ASYNC, in_flight);
  g_ptr_array_add (runs, result);
  assert_all_ok (result, n_tasks, 1);
  g_assert_cmpuint (max_overlap (result, 0), >, 32);

  node = px_run_results_to_json (runs);
  text = json_to_string (node, TRUE);
  loaded = px_run_results_new_from_json (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 1);
  g_assert_cmpuint (px_run_result_get_tasks_ok (g_ptr_array_index (loaded, 0)), ==, n_tasks);
  node_again = px_run_results_to_json (loaded);
  again = json_to_string (node_again, TRUE);
  g_assert_cmpstr (again, ==, text);
}

static void
test_fetch_faults (gconstpointer data)
{
  PxStrategy strategy = GPOINTER_TO_UINT (data);
  guint fds = px_count_open_fds ();
  g_autoptr(PxServerProcess) server = start_server (0);
  g_autoptr(PxWorkload) workload = NULL;
  g_autoptr(PxRunResult) result = NULL;
  const char * const logins[] = { "torvalds", "fault-500-a", "no-such-user-here", "fault-malformed-b",
                                  "wesm", "fault-ratelimit-c", "fault-drop-d", "gvanrossum", NULL };

  workload = px_fetch_workload_new (px_server_process_get_url (server), 8);
  px_fetch_workload_set_logins (PX_FETCH_WORKLOAD (workload), logins);
  result = run (workload, strategy, 3);

  g_assert_cmpuint (px_run_result_get_tasks_ok (result), ==, 3);
  g_assert_cmpuint (px_run_result_get_tasks_failed (result), ==, 5);
  g_assert_null (px_run_result_get_task (result, 0)->error);
  g_assert_null (px_run_result_get_task (result, 4)->error);
  g_assert_null (px_run_result_get_task (result, 7)->error);
  g_assert_nonnull (strstr (px_run_result_get_task (result, 1)->error, "500"));
  g_assert_nonnull (strstr (px_run_result_get_task (result, 2)->error, "no-such-user-here"));
  g_assert_nonnull (px_run_result_get_task (result, 3)->error);
  g_assert_nonnull (strstr (px_run_result_get_task (result, 5)->error, "rate limit"));
  g_assert_nonnull (px_run_result_get_task (result, 6)->error);

  g_clear_object (&server);
  g_assert_cmpuint (count_children (), ==, 0);
  assert_fds_back_to (fds);
}

static void
test_unreachable_server (void)
{
  g_autoptr(PxServerProcess) server = start_server (0);
  g_autofree char *url = g_strdup (px_server_process_get_url (server));
  g_autoptr(PxWorkload) workload = NULL;
  g_autoptr(PxRunResult) result = NULL;

  /* Nobody listens on the port once the server is gone. */
  g_clear_object (&server);
  workload = px_fetch_workload_new (url, 4);
  result = run (workload, PX_STRATEGY_THREADS, 2);
  g_assert_cmpuint (px_run_result_get_tasks_failed (result), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_nonnull (px_run_result_get_task (result, i)->error);
}

static void
test_corrupt_blob (gconstpointer data)
{
  PxStrategy strategy = GPOINTER_TO_UINT (data);
  g_autoptr(PxWorkload) workload = px_decompress_workload_new (5);
  g_autoptr(GBytes) blob = g_bytes_new_static ("BZh91AY&SY this is no bzip2 block", 33);
  g_autoptr(PxRunResult) result = NULL;
  guint fds = px_count_open_fds ();

  px_decompress_workload_set_bz2_bytes (PX_DECOMPRESS_WORKLOAD (workload), blob);
  result = run (workload, strategy, 2);

  /* Every task fails on its own; the run itself completes. */
  g_assert_cmpuint (px_run_result_get_tasks_failed (result), ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_nonnull (strstr (px_run_result_get_task (result, i)->error, "corrupt"));
  g_assert_cmpuint (count_children (), ==, 0);
  assert_fds_back_to (fds);
}

static PxRunResult *
run_with_fault (const char  *fault,
                guint        n_tasks)
{
  g_autofree char *worker = g_test_build_filename (G_TEST_BUILT, "test-fault-worker", NULL);
  g_autoptr(PxWorkload) workload = px_amdahl_workload_new (n_tasks, 0.);
  g_autoptr(PxRunner) runner = px_runner_new ();
  g_autoptr(GError) error = NULL;
  RunCall call = { 0 };
  PxRunResult *result;

  g_object_set (workload, "work-units", (guint64) 400000, NULL);
  px_runner_set_worker_path (runner, worker);
  g_setenv ("PX_FAULT", fault, TRUE);
  result = run_full (runner, workload, PX_STRATEGY_PROCESSES, 2, 0, &call, &error);
  g_unsetenv ("PX_FAULT");
  g_assert_no_error (error);

  return result;
}

static void
assert_only_task_failed (PxRunResult *result,
                         guint        failed,
                         const char  *message)
{
  for (guint i = 0; i < px_run_result_get_n_tasks (result); i++)
    {
      const PxTaskRecord *record = px_run_result_get_task (result, i);

      g_assert_nonnull (record);
      if (i == failed)
        {
          g_assert_nonnull (record->error);
          if (strstr (record->error, message) == NULL)
            g_error ("“%s” does not mention “%s”", record->error, message);
        }
      else
        g_assert_null (record->error);
    }
}

static void
test_worker_killed (void)
{
  guint fds = px_count_open_fds ();
  g_autoptr(PxRunResult) result = run_with_fault ("kill:3", 10);

  assert_only_task_failed (result, 3, "killed by signal 9");
  g_assert_cmpuint (count_children (), ==, 0);
  assert_fds_back_to (fds);
}

static void
test_worker_garbage (void)
{
  guint fds = px_count_open_fds ();
  g_autoptr(PxRunResult) result = run_with_fault ("garbage:2", 10);

  assert_only_task_failed (result, 2, "malformed reply");
  g_assert_cmpuint (count_children (), ==, 0);
  assert_fds_back_to (fds);
}

static void
test_worker_exits (void)
{
  g_autoptr(PxRunResult) result = run_with_fault ("exit:0", 6);

  assert_only_task_failed (result, 0, "exited with status 3");
  g_assert_cmpuint (count_children (), ==, 0);
}

static void
test_missing_worker (void)
{
  g_autoptr(PxWorkload) workload = px_amdahl_workload_new (4, 0.);
  g_autoptr(PxRunner) runner = px_runner_new ();
  g_autoptr(PxRunResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RunCall call = { 0 };

  px_runner_set_worker_path (runner, "/nonexistent/parallax-worker");
  result = run_full (runner, workload, PX_STRATEGY_PROCESSES, 2, 0, &call, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (result);
}

static void
test_cancel (gconstpointer data)
{
  PxStrategy strategy = GPOINTER_TO_UINT (data);
  g_autoptr(PxWorkload) workload = px_decompress_workload_new (300);
  g_autoptr(PxRunner) runner = px_runner_new ();
  g_autoptr(PxRunResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RunCall call = { 0 };
  guint fds = px_count_open_fds ();
  gint64 stopped_in;

  result = run_full (runner, workload, strategy, 2, 3, &call, &error);
  stopped_in = g_get_monotonic_time () - call.cancelled_at;

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);
  g_assert_cmpuint (call.n_finished, <, 300);
  g_test_message ("stopped %" G_GINT64_FORMAT " µs after the cancellation", stopped_in);
  /* The target is 200 ms; sanitizers and a shared machine get slack. */
  g_assert_cmpint (stopped_in, <, G_USEC_PER_SEC);
  g_assert_cmpuint (count_children (), ==, 0);
  assert_fds_back_to (fds);
}

static void
scaler_progress_cb (PxScaler *scaler,
                    guint     done,
                    guint     total,
                    guint    *calls)
{
  (*calls)++;
  g_assert_cmpuint (done, ==, *calls);
  g_assert_cmpuint (total, ==, 6);
}

static void
test_scaler (void)
{
  g_autoptr(PxWorkload) workload = px_amdahl_workload_new (8, 0.5);
  g_autoptr(PxRunner) runner = px_runner_new ();
  g_autoptr(PxScaler) scaler = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  RunCall call = { 0 };
  guint calls = 0;

  g_object_set (workload, "work-units", (guint64) 2000000, NULL);
  /* N = 1, 2, 3: the last point is the maximum itself, not a power of two. */
  scaler = px_scaler_new (runner, workload, PX_STRATEGY_THREADS, 3, 2);
  g_signal_connect (scaler, "progress", G_CALLBACK (scaler_progress_cb), &calls);
  g_assert_cmpuint (px_scaler_get_n_points (scaler), ==, 3);

  call.loop = g_main_loop_new (NULL, FALSE);
  px_scaler_run_async (scaler, NULL, run_done_cb, &call);
  g_main_loop_run (call.loop);
  g_assert_true (px_scaler_run_finish (scaler, call.result, &error));
  g_assert_no_error (error);
  g_clear_object (&call.result);
  g_main_loop_unref (call.loop);

  g_assert_cmpuint (calls, ==, 6);
  g_assert_cmpuint (px_scaler_get_point (scaler, 2)->workers, ==, 3);
  g_assert_cmpfloat (px_scaler_get_point (scaler, 0)->speedup, ==, 1.);
  g_assert_true (isnan (px_scaler_get_point (scaler, 0)->karp_flatt));
  for (guint i = 0; i < 3; i++)
    {
      const PxScalePoint *point = px_scaler_get_point (scaler, i);

      g_assert_cmpfloat (point->wall_min_s, <=, point->wall_s);
      g_assert_cmpfloat (point->wall_s, <=, point->wall_max_s);
      g_assert_cmpfloat (point->speedup, >, 0.);
      g_assert_cmpfloat_with_epsilon (point->efficiency, point->speedup / point->workers, 1e-9);
    }
  g_assert_cmpuint (px_scaler_get_tasks_failed (scaler), ==, 0);
  g_assert_true (px_scaler_get_fitted_p (scaler) >= 0. && px_scaler_get_fitted_p (scaler) <= 1.);

  node = px_scaler_to_json (scaler);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (node), "points")),
                    ==, 3);
}

/* The serial part's time is kept with the run, for the timeline to label. */
static void
test_serial_span (void)
{
  g_autoptr(PxWorkload) amdahl = g_object_new (PX_TYPE_AMDAHL_WORKLOAD, "n-tasks", 4, "serial-fraction", 0.5,
                                               "work-units", G_GUINT64_CONSTANT (20000000), NULL);
  g_autoptr(PxWorkload) decompress = px_decompress_workload_new (2);
  g_autoptr(PxRunResult) with_serial = run (amdahl, PX_STRATEGY_THREADS, 2);
  g_autoptr(PxRunResult) without = run (decompress, PX_STRATEGY_THREADS, 2);
  gint64 start_us = -1, end_us = -1;

  g_assert_true (px_run_result_get_serial_span (with_serial, &start_us, &end_us));
  g_assert_cmpint (start_us, >=, 0);
  g_assert_cmpint (end_us, >, start_us);
  /* The tasks start once it is done. */
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (px_run_result_get_task (with_serial, i)->start_us, >=, end_us);

  g_assert_false (px_run_result_get_serial_span (without, NULL, NULL));
}

/* Fewer tasks than 2 × workers: each worker still gets one. */
static void
test_processes_few_tasks (void)
{
  g_autoptr(PxWorkload) workload = px_decompress_workload_new (2);
  g_autoptr(PxRunResult) result = run (workload, PX_STRATEGY_PROCESSES, 2);

  g_assert_cmpuint (px_run_result_get_tasks_ok (result), ==, 2);
  g_assert_cmpuint (px_run_result_get_task (result, 0)->lane, !=, px_run_result_get_task (result, 1)->lane);
  g_assert_cmpuint (px_run_result_get_n_lanes (result), ==, 2);
}

static void
add_per_strategy (const char     *name,
                  GTestDataFunc   func)
{
  for (PxStrategy s = 0; s < PX_N_STRATEGIES; s++)
    {
      g_autofree char *path = g_strdup_printf ("/parallax/runner/%s/%s", name, px_strategy_to_string (s));

      g_test_add_data_func (path, GUINT_TO_POINTER (s), func);
    }
}

/* GLib opens a few descriptors of its own, once, on first use (the worker
 * context, the default context, /dev/null for spawning): count from after
 * that. */
static void
warm_up (void)
{
  g_autoptr(GSubprocess) process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                     G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                                     NULL, "/bin/true", NULL);

  g_assert_nonnull (process);
  g_assert_true (g_subprocess_wait (process, NULL, NULL));
  /* The default main context, made on first use, has a descriptor too. */
  g_main_context_default ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  warm_up ();

  add_per_strategy ("decompress", test_decompress);
  add_per_strategy ("amdahl", test_amdahl);
  add_per_strategy ("fetch", test_fetch);
  add_per_strategy ("fetch-faults", test_fetch_faults);
  add_per_strategy ("corrupt-blob", test_corrupt_blob);
  add_per_strategy ("cancel", test_cancel);
  g_test_add_func ("/parallax/runner/fetch-many-in-flight", test_fetch_many_in_flight);
  g_test_add_func ("/parallax/runner/processes-no-return-output", test_processes_no_return_output);
  g_test_add_func ("/parallax/runner/processes-few-tasks", test_processes_few_tasks);
  g_test_add_func ("/parallax/runner/serial-span", test_serial_span);
  g_test_add_func ("/parallax/runner/unreachable-server", test_unreachable_server);
  g_test_add_func ("/parallax/runner/worker-killed", test_worker_killed);
  g_test_add_func ("/parallax/runner/worker-garbage", test_worker_garbage);
  g_test_add_func ("/parallax/runner/worker-exits", test_worker_exits);
  g_test_add_func ("/parallax/runner/missing-worker", test_missing_worker);
  g_test_add_func ("/parallax/scaler/points", test_scaler);
  g_test_add_func ("/parallax/runner/cpu-samples", test_cpu_samples);

  return g_test_run ();
}
