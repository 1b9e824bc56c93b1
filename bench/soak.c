/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Soak: 200 runs (or argv[1]) of random workloads, strategies and faults,
 * from a fixed seed, in one process. Descriptors, threads and child
 * processes must come back to where they started, and the resident memory
 * may not grow by 5 MB or more between run 50 and the last. Exit 1 when
 * either is missed. Run it by hand: _build/bench/soak [RUNS] [SEED] */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "px-engine.h"

#define N_RUNS        200
#define SEED          42
#define RSS_BUDGET_KB 5120

static const char *fetch_faults[] = {
  "fault-500-x", "fault-malformed-x", "fault-drop-x", "fault-big-x", "fault-type-x", "fault-missing-x",
  "fault-ratelimit-x", "no-such-user-soak",
};
static const char *worker_faults[] = { "kill", "garbage", "exit", "stop" };

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Call;

static guint
status_field (const char *name)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, name)) == NULL)
    return 0;

  return (guint) g_ascii_strtoull (line + strlen (name), NULL, 10);
}

static guint
count_children (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  g_autofree char *needle = g_strdup_printf ("\nPPid:\t%d\n", (int) getpid ());
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%s/status", name);
      g_autofree char *status = NULL;

      if (g_ascii_isdigit (name[0]) && g_file_get_contents (path, &status, NULL, NULL) &&
          strstr (status, needle) != NULL)
        n++;
    }

  return n;
}

/* A run's threads end just after it returns its result, and GLib keeps
 * idle pool threads for a while: count once the number stops falling
 * (to expected, or for half a second). */
static guint
settled_threads (guint expected)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  gint64 stable_since = g_get_monotonic_time ();
  guint n = status_field ("Threads:");

  while (n > expected && g_get_monotonic_time () < deadline &&
         (expected > 0 || g_get_monotonic_time () - stable_since < G_USEC_PER_SEC / 2))
    {
      guint now;

      g_usleep (50000);
      now = status_field ("Threads:");
      if (now != n)
        stable_since = g_get_monotonic_time ();
      n = now;
    }

  return n;
}

static void
call_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;

  call->result = g_object_ref (result);
  g_main_loop_quit (call->loop);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static PxWorkload *
random_workload (GRand      *rand,
                 const char *api_url,
                 GBytes     *corrupt,
                 const char **kind)
{
  switch (g_rand_int_range (rand, 0, 3))
    {
    case 0:
      {
        PxWorkload *workload = px_fetch_workload_new (api_url, g_rand_int_range (rand, 1, 30));
        const char *logins[] = { "torvalds", "gvanrossum",
                                 fetch_faults[g_rand_int_range (rand, 0, G_N_ELEMENTS (fetch_faults))], NULL };

        px_fetch_workload_set_logins (PX_FETCH_WORKLOAD (workload), logins);
        *kind = "fetch";
        return workload;
      }

    case 1:
      {
        PxWorkload *workload = px_decompress_workload_new (g_rand_int_range (rand, 1, 6));

        if (g_rand_int_range (rand, 0, 5) == 0)
          px_decompress_workload_set_bz2_bytes (PX_DECOMPRESS_WORKLOAD (workload), corrupt);
        *kind = "decompress";
        return workload;
      }

    default:
      {
        PxWorkload *workload = px_amdahl_workload_new (g_rand_int_range (rand, 1, 40), g_rand_double (rand) * .5);

        g_object_set (workload, "work-units", (guint64) 200000, NULL);
        *kind = "amdahl";
        return workload;
      }
    }
}

int
main (int   argc,
      char *argv[])
{
  guint n_runs = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : N_RUNS;
  guint32 seed = argc > 2 ? (guint32) g_ascii_strtoull (argv[2], NULL, 10) : SEED;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(PxServerProcess) server = px_server_process_new (NULL, 5);
  g_autoptr(PxRunner) runner = px_runner_new ();
  g_autoptr(GBytes) corrupt = g_bytes_new_static ("BZh91AY&SY not really bzip2", 27);
  g_autofree char *fault_worker = g_build_filename (PX_BUILD_ROOT, "tests", "test-fault-worker", NULL);
  g_autofree char *real_worker = px_find_worker_binary ();
  g_autoptr(GError) error = NULL;
  guint fds0 = 0, threads0 = 0, children0 = 0, rss50 = 0;
  guint n_failed_tasks = 0, n_cancelled = 0, n_faults = 0;
  gboolean ok = TRUE;

  if (n_runs < 51)
    n_runs = 51;
  if (!px_server_process_start (server, NULL, &error))
    g_error ("No server: %s", error->message);

  for (guint run = 0; run <= n_runs; run++)
    {
      g_autoptr(PxWorkload) workload = NULL;
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(PxRunResult) result = NULL;
      g_autoptr(GError) run_error = NULL;
      Call call = { g_main_loop_new (NULL, FALSE), NULL };
      PxStrategy strategy = g_rand_int_range (rand, 0, PX_N_STRATEGIES);
      guint workers = g_rand_int_range (rand, 1, 5);
      const char *kind;
      guint cancel_id = 0;

      /* Run 0 warms up what lives for the program's life (GLib's worker
       * and thread-pool threads, the deadline watcher): the baseline is
       * taken after it. */
      if (run == 1)
        {
          fds0 = px_count_open_fds ();
          threads0 = settled_threads (0);
          children0 = count_children ();
        }
      if (run == 50)
        rss50 = status_field ("VmRSS:");

      workload = random_workload (rand, px_server_process_get_url (server), corrupt, &kind);
      if (run == 0)
        {
          g_clear_object (&workload);
          workload = px_fetch_workload_new (px_server_process_get_url (server), 2);
          kind = "fetch";
          strategy = PX_STRATEGY_THREADS;
        }
      px_runner_set_task_timeout (runner, 2);
      px_runner_set_worker_path (runner, real_worker);
      g_unsetenv ("PX_FAULT");
      if (strategy == PX_STRATEGY_PROCESSES && g_rand_int_range (rand, 0, 4) == 0 &&
          g_file_test (fault_worker, G_FILE_TEST_IS_EXECUTABLE))
        {
          g_autofree char *fault = g_strdup_printf ("%s:%d",
                                                    worker_faults[g_rand_int_range (rand, 0,
                                                                                    G_N_ELEMENTS (worker_faults))],
                                                    g_rand_int_range (rand, 0, 4));

          px_runner_set_worker_path (runner, fault_worker);
          g_setenv ("PX_FAULT", fault, TRUE);
          n_faults++;
        }
      if (g_rand_int_range (rand, 0, 7) == 0)
        cancel_id = g_timeout_add (g_rand_int_range (rand, 0, 60), cancel_cb, cancellable);

      px_runner_run_async (runner, workload, strategy, workers, cancellable, call_done_cb, &call);
      g_main_loop_run (call.loop);
      result = px_runner_run_finish (runner, call.result, &run_error);
      g_object_unref (call.result);
      g_main_loop_unref (call.loop);
      if (cancel_id != 0 && !g_cancellable_is_cancelled (cancellable))
        g_source_remove (cancel_id);

      if (result != NULL)
        n_failed_tasks += px_run_result_get_tasks_failed (result);
      else if (g_error_matches (run_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        n_cancelled++;
      else
        {
          g_printerr ("run %u (%s, %s): %s\n", run, kind, px_strategy_to_string (strategy), run_error->message);
          ok = FALSE;
        }
    }
  g_unsetenv ("PX_FAULT");

  {
    guint fds = px_count_open_fds ();
    guint threads = settled_threads (threads0);
    guint children = count_children ();
    guint rss = status_field ("VmRSS:");
    int growth = (int) rss - (int) rss50;

    g_print ("soak: %u runs, seed %u: %u tasks failed on purpose, %u runs cancelled, %u worker faults\n",
             n_runs, seed, n_failed_tasks, n_cancelled, n_faults);
    g_print ("descriptors %u -> %u, threads %u -> %u, children %u -> %u, RSS %u kB at run 50 -> %u kB (%+d kB)\n",
             fds0, fds, threads0, threads, children0, children, rss50, rss, growth);

    if (fds != fds0 || threads != threads0 || children != children0 || growth >= RSS_BUDGET_KB)
      ok = FALSE;
  }

  if (g_getenv ("PX_SOAK_THREADS") != NULL)
    {
      g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
      const char *tid;

      while ((tid = g_dir_read_name (tasks)) != NULL)
        {
          g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/comm", tid);
          g_autofree char *comm = NULL;

          g_file_get_contents (path, &comm, NULL, NULL);
          g_print ("thread %s: %s", tid, comm);
        }
    }

  g_print ("%s\n", ok ? "PASS" : "FAIL");
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
