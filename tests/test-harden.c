/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Regression tests for hostile inputs and faults: each once crashed,
 * hung or ate memory. */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "px-engine.h"
#include "px-hostile-server.h"
#include "px-json-guard.h"
#include "px-safe-io.h"
#include "px-task-context.h"
#include "px-test-server.h"
#include "px-text.h"

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Call;

static void
call_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;

  call->result = g_object_ref (result);
  g_main_loop_quit (call->loop);
}

static PxRunResult *
run (PxRunner    *runner,
     PxWorkload  *workload,
     PxStrategy   strategy,
     guint        workers)
{
  Call call = { g_main_loop_new (NULL, FALSE), NULL };
  g_autoptr(GError) error = NULL;
  PxRunResult *result;

  px_runner_run_async (runner, workload, strategy, workers, NULL, call_done_cb, &call);
  g_main_loop_run (call.loop);
  result = px_runner_run_finish (runner, call.result, &error);
  g_assert_no_error (error);
  g_object_unref (call.result);
  g_main_loop_unref (call.loop);

  return result;
}

static char *
deep_json (guint depth)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');

  return g_string_free (text, FALSE);
}

static void
test_json_guard (void)
{
  g_autofree char *deep = deep_json (100000);
  g_autofree char *ok_depth = deep_json (PX_JSON_MAX_DEPTH);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;

  /* Brackets inside strings do not count. */
  const char *strings = "{\"a\": \"[[[[\", \"b\": [1, {\"c\": \"\\\"[\"}]}";

  g_assert_cmpuint (px_json_scan_depth (strings, strlen (strings), 10), ==, 3);

  parser = px_json_parse ("", 0, 1024, &error);
  g_assert_null (parser);
  g_assert_error (error, PX_ERROR, PX_ERROR_MALFORMED);
  g_clear_error (&error);

  parser = px_json_parse (deep, strlen (deep), G_MAXSIZE, &error);
  g_assert_null (parser);
  g_assert_error (error, PX_ERROR, PX_ERROR_MALFORMED);
  g_clear_error (&error);

  parser = px_json_parse ("[1, 2]", 6, 5, &error);
  g_assert_null (parser);
  g_assert_error (error, PX_ERROR, PX_ERROR_TOO_LARGE);
  g_clear_error (&error);

  parser = px_json_parse (ok_depth, strlen (ok_depth), G_MAXSIZE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));
}

static void
test_text_escape (void)
{
  g_autofree char *escaped = px_text_escape ("a\x1b[2Jb\nc\x7f\xc2\x85\xff", -1, 100);
  g_autofree char *cut = NULL;
  g_autofree char *big = g_strnfill (1024 * 1024, 'x');

  g_assert_cmpstr (escaped, ==, "a\\x1b[2Jb\\x0ac\\x7f\\u0085\xef\xbf\xbd");
  g_assert_cmpstr (px_text_escape (NULL, -1, 10), ==, NULL);

  cut = px_text_escape (big, -1, PX_TEXT_MAX_MESSAGE);
  g_assert_cmpuint (strlen (cut), <=, PX_TEXT_MAX_MESSAGE + 4);
  g_assert_true (g_str_has_suffix (cut, "…"));
}

static void
test_api_url (void)
{
  const char *bad[] = {
    "http://", "https://", "http://:80", "http:///x", "ftp://example.com", "example.com",
    "http://127.0.0.1/?q=1", "http://127.0.0.1/#f", "http://user:hunter2@127.0.0.1", "",
  };
  const char *good[] = { "http://127.0.0.1:8080", "https://api.github.com", "http://[::1]:80/api" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PxWorkload) workload = px_fetch_workload_new (bad[i], 2);
      g_autoptr(GBytes) input = g_bytes_new_static ("torvalds", 8);
      g_autoptr(PxTaskContext) ctx = px_task_context_new (NULL, NULL, FALSE);
      PxTaskOutcome outcome;

      g_assert_false (px_fetch_check_api_url (bad[i], &error));
      g_assert_nonnull (error);
      g_assert_null (strstr (error->message, "hunter2"));
      g_clear_error (&error);

      /* The run refuses it before it starts, and so does each task. */
      g_assert_false (px_workload_prepare (workload, NULL, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
      px_task_outcome_init (&outcome);
      g_assert_false (px_workload_execute (workload, input, ctx, &outcome, &error));
      g_assert_nonnull (error);
      g_assert_null (strstr (error->message, "hunter2"));
      px_task_outcome_clear (&outcome);
    }

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (px_fetch_check_api_url (good[i], &error));
      g_assert_no_error (error);
    }
}

/* Empty, 204, broken chunked and 100,000-deep replies: each task fails
 * with a reason, in every strategy (the worker process included). */
static void
test_hostile_replies (void)
{
  const char *logins[] = { "empty", "nocontent", "badchunk", "deep", NULL };
  HostileServer *server = hostile_server_start ();
  g_autoptr(PxRunner) runner = px_runner_new ();
  g_autoptr(PxWorkload) workload = px_fetch_workload_new (hostile_server_get_url (server), 4);

  px_fetch_workload_set_logins (PX_FETCH_WORKLOAD (workload), logins);

  for (PxStrategy s = 0; s < PX_N_STRATEGIES; s++)
    {
      g_autoptr(PxRunResult) result = run (runner, workload, s, 2);

      g_assert_cmpuint (px_run_result_get_tasks_failed (result), ==, 4);
      for (guint i = 0; i < 4; i++)
        {
          const PxTaskRecord *record = px_run_result_get_task (result, i);

          g_assert_nonnull (record->error);
          g_assert_null (strstr (record->error, "died"));
        }
      g_assert_nonnull (strstr (px_run_result_get_task (result, 3)->error, "nested"));
    }

  hostile_server_stop (server);
}

/* libsoup's timeout is for silence only; the task's deadline ends it. */
static void
test_trickle_deadline (void)
{
  const char *logins[] = { "trickle", NULL };
  PxStrategy strategies[] = { PX_STRATEGY_THREADS, PX_STRATEGY_ASYNC, PX_STRATEGY_PROCESSES };
  HostileServer *server = hostile_server_start ();
  g_autoptr(PxRunner) runner = px_runner_new ();
  g_autoptr(PxWorkload) workload = px_fetch_workload_new (hostile_server_get_url (server), 1);

  px_fetch_workload_set_logins (PX_FETCH_WORKLOAD (workload), logins);
  px_runner_set_task_timeout (runner, 2);

  for (guint i = 0; i < G_N_ELEMENTS (strategies); i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(PxRunResult) result = run (runner, workload, strategies[i], 1);
      const PxTaskRecord *record = px_run_result_get_task (result, 0);

      g_assert_nonnull (record->error);
      if (strstr (record->error, "timed out after 2 s") == NULL)
        g_error ("“%s” does not say it timed out", record->error);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
    }

  hostile_server_stop (server);
}

/* CPU work on a thread or the event loop cannot be killed: it stops at its
 * deadline between steps, as it stops for Stop, and the run goes on. */
static void
test_cpu_deadline (void)
{
  PxStrategy strategies[] = { PX_STRATEGY_SEQUENTIAL, PX_STRATEGY_THREADS, PX_STRATEGY_ASYNC, PX_STRATEGY_GIL };
  g_autoptr(PxWorkload) workload = px_amdahl_workload_new (2, 0.);
  g_autoptr(PxRunner) runner = px_runner_new ();

  /* Hours of work per task, were it not stopped. */
  g_object_set (workload, "work-units", (guint64) 1 << 40, NULL);
  px_runner_set_task_timeout (runner, 1);

  for (guint i = 0; i < G_N_ELEMENTS (strategies); i++)
    {
      g_autoptr(PxRunResult) result = run (runner, workload, strategies[i], 2);

      for (guint t = 0; t < 2; t++)
        {
          const PxTaskRecord *record = px_run_result_get_task (result, t);

          g_assert_nonnull (record);
          g_assert_nonnull (record->error);
          g_assert_nonnull (strstr (record->error, "timed out after 1 s"));
          g_assert_cmpint (record->end_us - record->start_us, <, 30 * G_USEC_PER_SEC);
        }
    }
}

static PxRunResult *
run_amdahl_with_fault (const char *fault,
                       guint       n_tasks,
                       guint       timeout_s)
{
  g_autofree char *worker = g_test_build_filename (G_TEST_BUILT, "test-fault-worker", NULL);
  g_autoptr(PxWorkload) workload = px_amdahl_workload_new (n_tasks, 0.);
  g_autoptr(PxRunner) runner = px_runner_new ();
  PxRunResult *result;

  g_object_set (workload, "work-units", (guint64) 100000, NULL);
  px_runner_set_worker_path (runner, worker);
  px_runner_set_task_timeout (runner, timeout_s);
  g_setenv ("PX_FAULT", fault, TRUE);
  result = run (runner, workload, PX_STRATEGY_PROCESSES, 2);
  g_unsetenv ("PX_FAULT");

  return result;
}

/* A stopped worker is killed at the task's deadline and replaced. */
static void
test_hung_worker (void)
{
  g_autoptr(PxRunResult) result = run_amdahl_with_fault ("stop:2", 8, 1);

  for (guint i = 0; i < 8; i++)
    {
      const PxTaskRecord *record = px_run_result_get_task (result, i);

      g_assert_nonnull (record);
      if (i == 2)
        {
          g_assert_nonnull (record->error);
          g_assert_nonnull (strstr (record->error, "timed out after 1 s"));
        }
      else
        g_assert_null (record->error);
    }
}

/* The pid is remembered: GSubprocess forgets it once the worker is reaped. */
static void
test_worker_pid_in_message (void)
{
  g_autoptr(PxRunResult) result = run_amdahl_with_fault ("exit:1", 4, 0);
  const char *message = px_run_result_get_task (result, 1)->error;
  const char *pid;

  g_assert_nonnull (message);
  g_assert_null (strstr (message, "(null)"));
  pid = strstr (message, "(pid ");
  g_assert_nonnull (pid);
  g_assert_true (g_ascii_isdigit (pid[5]));
}

/* Extreme times from a worker fail its task; no arithmetic overflows. */
static void
test_worker_impossible_times (void)
{
  g_autoptr(PxRunResult) result = run_amdahl_with_fault ("times:1", 4, 0);

  for (guint i = 0; i < 4; i++)
    {
      const PxTaskRecord *record = px_run_result_get_task (result, i);

      if (i == 1)
        g_assert_nonnull (strstr (record->error, "impossible times"));
      else
        g_assert_null (record->error);
      g_assert_cmpint (record->start_us, <=, record->end_us);
    }
  g_assert_cmpint (px_run_result_get_span_us (result), <, 600 * G_USEC_PER_SEC);
}

static void
unlink_once_cb (PxRunner *runner,
                guint     index,
                guint     lane,
                gint64    start_us,
                char     *path)
{
  if (lane == 1)
    g_unlink (path);
}

/* A worker that cannot be started again costs its lane, not the run: the
 * other worker takes the rest of the tasks. */
static void
test_failed_spawn_degrades (void)
{
  g_autofree char *dir = g_dir_make_tmp ("px-harden-XXXXXX", NULL);
  g_autofree char *link = g_build_filename (dir, "worker", NULL);
  g_autofree char *built = g_test_build_filename (G_TEST_BUILT, "test-fault-worker", NULL);
  g_autofree char *worker = g_canonicalize_filename (built, NULL);
  g_autoptr(PxWorkload) workload = px_amdahl_workload_new (16, 0.);
  g_autoptr(PxRunner) runner = px_runner_new ();
  g_autoptr(PxRunResult) result = NULL;

  g_assert_cmpint (symlink (worker, link), ==, 0);
  /* Tasks of tens of milliseconds: the link is gone long before task 6. */
  g_object_set (workload, "work-units", (guint64) 40000000, NULL);
  px_runner_set_worker_path (runner, link);
  /* Both workers are up once the second lane starts a task: from then
   * on, no worker can be started. */
  g_signal_connect (runner, "task-started", G_CALLBACK (unlink_once_cb), link);
  g_setenv ("PX_FAULT", "kill:6", TRUE);
  g_test_expect_message ("px-process-pool", G_LOG_LEVEL_MESSAGE, "Could not start worker*");
  result = run (runner, workload, PX_STRATEGY_PROCESSES, 2);
  g_test_assert_expected_messages ();
  g_unsetenv ("PX_FAULT");

  for (guint i = 0; i < 16; i++)
    {
      const PxTaskRecord *record = px_run_result_get_task (result, i);

      if (i == 6)
        g_assert_nonnull (strstr (record->error, "killed by signal 9"));
      else if (record->error != NULL)
        g_error ("Task %u failed: %s", i, record->error);
    }

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static gboolean
process_exists (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *state;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return FALSE;
  /* A zombie is dead, waiting for init to reap it. */
  state = strrchr (stat, ')');
  return state != NULL && state[2] != 'Z';
}

/* Workers die with the program that fed them, even a SIGKILLed one. */
static void
test_workers_die_with_parent (void)
{
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "parallax-cli", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) workers = g_array_new (FALSE, FALSE, sizeof (GPid));
  g_autofree char *needle = NULL;
  gint64 deadline;

  process = g_subprocess_launcher_spawn (launcher, &error, cli, "run", "-w", "amdahl", "--strategies",
                                         "processes", "--workers", "2", "--tasks", "1000000", NULL);
  g_assert_no_error (error);
  needle = g_strdup_printf ("PX_WORKER_PARENT=%s", g_subprocess_get_identifier (process));

  /* Find the workers by the parent they were given. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (workers->len < 2 && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
      const char *name;

      g_array_set_size (workers, 0);
      while ((name = g_dir_read_name (proc)) != NULL)
        {
          g_autofree char *path = g_strdup_printf ("/proc/%s/environ", name);
          g_autofree char *environ = NULL;
          gsize len;

          if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &environ, &len, NULL))
            continue;
          for (gsize off = 0; off < len; off += strlen (environ + off) + 1)
            if (g_str_equal (environ + off, needle))
              {
                GPid pid = atoi (name);

                g_array_append_val (workers, pid);
                break;
              }
        }
      g_usleep (50000);
    }
  g_assert_cmpuint (workers->len, ==, 2);

  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (guint i = 0; i < workers->len; i++)
    {
      while (process_exists (g_array_index (workers, GPid, i)) && g_get_monotonic_time () < deadline)
        g_usleep (20000);
      g_assert_false (process_exists (g_array_index (workers, GPid, i)));
    }
}

/* A megabyte of login once tripped the worker's frame-size assertion. */
static void
test_huge_login (void)
{
  ServerThread *st = server_thread_start (0);
  g_autofree char *login = g_strnfill (1024 * 1024, 'a');
  const char *logins[] = { login, "torvalds", NULL };
  g_autoptr(PxRunner) runner = px_runner_new ();
  g_autoptr(PxWorkload) workload = px_fetch_workload_new (st->url, 2);
  g_autoptr(PxRunResult) result = NULL;
  const PxTaskRecord *record;

  px_fetch_workload_set_logins (PX_FETCH_WORKLOAD (workload), logins);
  result = run (runner, workload, PX_STRATEGY_PROCESSES, 1);

  record = px_run_result_get_task (result, 0);
  g_assert_nonnull (record->error);
  g_assert_null (strstr (record->error, "died"));
  g_assert_cmpuint (strlen (record->error), <, 16 * 1024);
  g_assert_null (px_run_result_get_task (result, 1)->error);

  server_thread_stop (st);
}

static void
assert_load_fails (const char *text,
                   const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = px_run_results_new_from_json (text, -1, &error);

  g_assert_null (runs);
  g_assert_nonnull (error);
  if (message != NULL && strstr (error->message, message) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, message);
}

#define RUN_HEAD "{\"workload\": \"amdahl\", \"tasks\": 4, \"runs\": [{\"strategy\": \"threads\", \"workers\": 2, " \
                 "\"wall_s\": 1, \"cpu_user_s\": 1, \"cpu_sys_s\": 0, \"pipe_bytes\": 0, " \
                 "\"peak_rss_bytes\": 0, \"speedup\": null, \"tasks\": ["
#define RUN_TAIL "]}]}"
#define TASK(index, lane, start, end) \
  "{\"index\": " index ", \"lane\": " lane ", \"start_s\": " start ", \"end_s\": " end ", " \
  "\"cpu_s\": 0, \"bytes_in\": 0, \"bytes_out\": 0}"

static void
test_saved_run_validation (void)
{
  g_autofree char *deep = deep_json (100000);
  g_autofree char *deep_in_run = g_strconcat ("{\"workload\": \"amdahl\", \"runs\": ", deep, "}", NULL);
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;

  assert_load_fails (RUN_HEAD TASK ("0", "4294967295", "0", "1") RUN_TAIL, "lane");
  assert_load_fails (RUN_HEAD TASK ("0", "1e9", "0", "1") RUN_TAIL, "lane");
  assert_load_fails (RUN_HEAD TASK ("2000000000", "0", "0", "1") RUN_TAIL, "index");
  assert_load_fails (RUN_HEAD TASK ("4", "0", "0", "1") RUN_TAIL, "index");
  assert_load_fails (RUN_HEAD TASK ("1", "0", "0", "1") "," TASK ("1", "0", "0", "1") RUN_TAIL, "twice");
  assert_load_fails (RUN_HEAD TASK ("0", "0", "1e300", "1e300") RUN_TAIL, "start_s");
  assert_load_fails (RUN_HEAD TASK ("0", "0", "2", "1") RUN_TAIL, "ends before");
  assert_load_fails (RUN_HEAD TASK ("0", "0", "0", "-1e300") RUN_TAIL, NULL);
  assert_load_fails ("{\"workload\": \"amdahl\", \"tasks\": 2000000000, \"runs\": []}", "tasks");
  assert_load_fails (deep, "nested");
  assert_load_fails (deep_in_run, "nested");
  assert_load_fails ("", "empty");

  /* A good one still loads, and its lanes are what it says. */
  runs = px_run_results_new_from_json (RUN_HEAD TASK ("0", "1", "0", "0.5") "," TASK ("3", "0", "0.5", "1") RUN_TAIL,
                                       -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (px_run_result_get_n_lanes (g_ptr_array_index (runs, 0)), ==, 2);
  g_assert_cmpuint (px_run_result_get_n_tasks (g_ptr_array_index (runs, 0)), ==, 4);
}

static void
test_input_read_once (void)
{
  g_autofree char *dir = g_dir_make_tmp ("px-harden-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "input.txt", NULL);
  g_autoptr(PxWorkload) workload = px_decompress_workload_new (2);
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;
  struct timespec times[2];
  int fd;

  g_assert_true (g_file_set_contents (path, "Some text to compress, once.", -1, NULL));
  px_decompress_workload_set_input_file (PX_DECOMPRESS_WORKLOAD (workload), path);
  g_assert_true (px_workload_prepare (workload, NULL, &error));
  g_assert_no_error (error);
  input = px_workload_dup_task_input (workload, 0);

  /* A batch prepares once per strategy. New bytes behind the same size and
   * time are not seen: the file was not read again. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (write (fd, "Same", 4), ==, 4);
  g_close (fd, NULL);
  times[0] = st.st_atim;
  times[1] = st.st_mtim;
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
  g_assert_true (px_workload_prepare (workload, NULL, &error));
  again = px_workload_dup_task_input (workload, 0);
  g_assert_true (g_bytes_equal (input, again));

  g_unlink (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
alarm_handler (int sig)
{
  /* An open() that blocks is the defect: end the test loudly. */
  abort ();
}

static void
test_read_bounded (void)
{
  g_autofree char *dir = g_dir_make_tmp ("px-harden-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *file = g_build_filename (dir, "file", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  signal (SIGALRM, alarm_handler);
  alarm (10);
  bytes = px_read_file_bounded (fifo, 1024, NULL, &error);
  alarm (0);
  g_assert_null (bytes);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_clear_error (&error);

  bytes = px_read_file_bounded ("/dev/zero", 1024, NULL, &error);
  g_assert_null (bytes);
  g_assert_nonnull (error);
  g_clear_error (&error);

  bytes = px_read_file_bounded (dir, 1024, NULL, &error);
  g_assert_null (bytes);
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (file, "0123456789", -1, NULL));
  bytes = px_read_file_bounded (file, 9, NULL, &error);
  g_assert_error (error, PX_ERROR, PX_ERROR_TOO_LARGE);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  bytes = px_read_file_bounded (file, 10, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  bytes = px_read_file_bounded (file, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 10);

  g_unlink (fifo);
  g_unlink (file);
  g_rmdir (dir);
}

static gpointer
read_fifo_thread (gpointer data)
{
  g_autofree char *contents = NULL;

  g_file_get_contents (data, &contents, NULL, NULL);
  return g_steal_pointer (&contents);
}

static void
test_output_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("px-harden-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "out.json", NULL);
  g_autofree char *target = g_build_filename (dir, "target.json", NULL);
  g_autofree char *link = g_build_filename (dir, "link.json", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "such", "dir", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *link_target = NULL;
  g_autoptr(GError) error = NULL;
  PxOutputFile *output;
  GThread *reader;
  struct stat st;

  /* Until commit the old file stays whole, and nothing is left behind. */
  g_assert_true (g_file_set_contents (file, "old", -1, NULL));
  output = px_output_file_open (file, &error);
  g_assert_no_error (error);
  px_output_file_free (output);
  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_clear_pointer (&contents, g_free);

  output = px_output_file_open (file, &error);
  g_assert_true (px_output_file_write (output, "new", 3, &error) && px_output_file_commit (output, &error));
  g_assert_no_error (error);
  px_output_file_free (output);
  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "new");
  g_clear_pointer (&contents, g_free);

  /* A symlink stays a symlink; its target gets the results. */
  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_cmpint (symlink ("target.json", link), ==, 0);
  output = px_output_file_open (link, &error);
  g_assert_no_error (error);
  g_assert_true (px_output_file_write (output, "linked", 6, &error) && px_output_file_commit (output, &error));
  px_output_file_free (output);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  link_target = g_file_read_link (link, NULL);
  g_assert_cmpstr (link_target, ==, "target.json");
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "linked");
  g_clear_pointer (&contents, g_free);

  /* A FIFO is written as a stream and stays a FIFO. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  output = px_output_file_open (fifo, &error);
  g_assert_no_error (error);
  reader = g_thread_new ("reader", read_fifo_thread, fifo);
  g_assert_true (px_output_file_write (output, "streamed", 8, &error) && px_output_file_commit (output, &error));
  g_assert_no_error (error);
  px_output_file_free (output);
  contents = g_thread_join (reader);
  g_assert_cmpstr (contents, ==, "streamed");
  g_assert_cmpint (g_stat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));

  /* Where nothing can be written, opening fails: before any work. */
  g_assert_null (px_output_file_open (missing, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (px_output_file_open (dir, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_unlink (file);
  g_unlink (target);
  g_unlink (link);
  g_unlink (fifo);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The embedded server keeps no request body, and refuses a large one. */
static void
test_server_body_cap (void)
{
  ServerThread *st = server_thread_start (0);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (st->url, "/users/torvalds", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new_take (g_malloc0 (8 * 1024 * 1024), 8 * 1024 * 1024);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/octet-stream", body);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);

  server_thread_stop (st);
}

/* A writer killed mid-save (here by SIGXFSZ at a 64 KiB file size limit)
 * leaves the old file whole: through PxOutputFile (the CLI's --output and
 * chart exports) and through GIO's g_file_replace_contents with the app's
 * flags for saved results. */
static void
test_killed_writer (gconstpointer data)
{
  gboolean gio = GPOINTER_TO_INT (data);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;

  if (g_test_subprocess ())
    {
      const char *target = g_getenv ("PX_TARGET");
      struct rlimit limit = { 64 * 1024, 64 * 1024 };
      gsize size = 4 * 1024 * 1024;
      g_autofree char *big = g_malloc0 (size);

      signal (SIGXFSZ, SIG_DFL);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      if (gio)
        {
          g_autoptr(GFile) file = g_file_new_for_path (target);

          g_file_replace_contents (file, big, size, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL,
                                   NULL);
        }
      else
        {
          g_autoptr(PxOutputFile) output = px_output_file_open (target, NULL);

          px_output_file_write (output, big, size, NULL);
          px_output_file_commit (output, NULL);
        }
      return;
    }

  dir = g_dir_make_tmp ("px-harden-XXXXXX", NULL);
  path = g_build_filename (dir, "results.json", NULL);
  g_assert_true (g_file_set_contents (path, "{\"old\": true}", -1, NULL));
  g_setenv ("PX_TARGET", path, TRUE);
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("PX_TARGET");
  g_test_trap_assert_failed ();

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "{\"old\": true}");

  /* The killed writer's temporary file is all that is left over. */
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *leftover = g_build_filename (dir, name, NULL);

      g_unlink (leftover);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

typedef struct
{
  int   status;
  char *out;
  char *err;
} Cli;

static void
cli_clear (Cli *cli)
{
  g_free (cli->out);
  g_free (cli->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Cli, cli_clear)

/* Runs parallax-cli with args (NULL-terminated), within timeout_s. */
static void
cli_run (Cli                *cli,
         const char * const *args,
         guint               timeout_s)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "parallax-cli", NULL);
  g_autofree char *limit = g_strdup_printf ("%u", timeout_s);
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  /* A hang is the defect some of these look for: timeout(1) ends it. */
  g_strv_builder_add_many (builder, "timeout", "-s", "KILL", limit, path, NULL);
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);

  process = g_subprocess_newv ((const char * const *) argv,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &cli->out, &cli->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  cli->status = g_subprocess_get_exit_status (process);
}

static void
test_cli_bounds (void)
{
  const char *cases[][8] = {
    { "run", "-w", "amdahl", "--strategies", "", NULL },
    { "run", "-w", "amdahl", "--strategies", ",", NULL },
    { "run", "-w", "amdahl", "--tasks", "0", NULL },
    { "run", "-w", "amdahl", "--tasks", "2147483647", NULL },
    { "run", "-w", "amdahl", "--workers", "2000000", NULL },
    { "run", "-w", "amdahl", "--repeat", "1000000", NULL },
    { "run", "-w", "fetch", "--latency-ms", "2000000000", NULL },
    { "run", "-w", "amdahl", "--task-timeout", "-1", NULL },
    { "scale", "-w", "amdahl", "--max-workers", "100000", NULL },
    { "amdahl", "--p", "0.5", "--n", "1073741825", NULL },
    { "serve", "--latency-ms", "2000000000", NULL },
    { "run", "-w", "fetch", "--api-url", "http://", NULL },
    { "run", "-w", "fetch", "--api-url", "https://", NULL },
    { "run", "-w", "fetch", "--api-url", "http://:80", NULL },
    { "run", "-w", "fetch", "--api-url", "http:///x", NULL },
    { "run", "-w", "fetch", "--api-url", "http://127.0.0.1:9/?q=1#f", NULL },
    { "run", "-w", "fetch", "--api-url", "http://me:hunter2@127.0.0.1:9", "--format", "json", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Cli) cli = { 0 };

      cli_run (&cli, cases[i], 30);
      if (cli.status != 2)
        g_error ("parallax-cli %s %s … exited %d: %s", cases[i][0], cases[i][3], cli.status, cli.err);
      g_assert_true (g_str_has_prefix (cli.err, "parallax-cli: "));
      g_assert_null (strstr (cli.err, "hunter2"));
      g_assert_null (strstr (cli.out, "hunter2"));
    }
}

static void
test_cli_report (void)
{
  g_autofree char *dir = g_dir_make_tmp ("px-harden-XXXXXX", NULL);
  g_autofree char *saved = g_build_filename (dir, "saved.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *deep = deep_json (100000);
  const char *formats[][2] = {
    { "table", "threads" }, { "json", "\"runs\"" }, { "csv", "workload,strategy" }, { "trace", "traceEvents" },
  };
  const char *bad_files[] = {
    deep,
    RUN_HEAD TASK ("0", "4294967295", "0", "1") RUN_TAIL,
    RUN_HEAD TASK ("2000000000", "0", "0", "1") RUN_TAIL,
    "",
    "{\"workload\": \"amdahl\", \"runs\": []}",
  };
  g_auto(Cli) made = { 0 };

  cli_run (&made, (const char *[]) { "run", "-w", "amdahl", "-t", "4", "-s", "sequential,threads",
                                     "--format", "json", "--output", saved, NULL }, 120);
  g_assert_cmpint (made.status, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_auto(Cli) cli = { 0 };

      cli_run (&cli, (const char *[]) { "report", saved, "--format", formats[i][0], NULL }, 30);
      g_assert_cmpint (cli.status, ==, 0);
      if (strstr (cli.out, formats[i][1]) == NULL)
        g_error ("report --format %s lacks “%s”: %s", formats[i][0], formats[i][1], cli.out);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_auto(Cli) cli = { 0 };

      g_assert_true (g_file_set_contents (bad, bad_files[i], -1, NULL));
      cli_run (&cli, (const char *[]) { "report", bad, NULL }, 30);
      g_assert_cmpint (cli.status, ==, 1);
      g_assert_true (g_str_has_prefix (cli.err, "parallax-cli: "));
    }

  {
    g_auto(Cli) cli = { 0 };

    cli_run (&cli, (const char *[]) { "report", "/nonexistent/saved.json", NULL }, 30);
    g_assert_cmpint (cli.status, ==, 1);
    g_assert_nonnull (strstr (cli.err, "/nonexistent/saved.json"));
  }

  g_unlink (saved);
  g_unlink (bad);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_cli_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("px-harden-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *target = g_build_filename (dir, "target.csv", NULL);
  g_autofree char *link = g_build_filename (dir, "link.csv", NULL);
  g_autofree char *unwritable = g_build_filename (dir, "missing", "out.json", NULL);
  g_autofree char *contents = NULL;
  g_auto(Cli) input_fifo = { 0 };
  g_auto(Cli) bz2_zero = { 0 };
  g_auto(Cli) linked = { 0 };
  g_auto(Cli) early = { 0 };
  struct stat st;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  /* A FIFO input no longer blocks in open(); /dev/zero is not read for ever. */
  cli_run (&input_fifo, (const char *[]) { "run", "-w", "decompress", "--input", fifo, "-s", "threads", NULL }, 20);
  g_assert_cmpint (input_fifo.status, ==, 1);
  g_assert_nonnull (strstr (input_fifo.err, "not a regular file"));
  cli_run (&bz2_zero, (const char *[]) { "run", "-w", "decompress", "--bz2", "/dev/zero", "-s", "threads", NULL }, 20);
  g_assert_cmpint (bz2_zero.status, ==, 1);

  /* --output through a symlink: the link stays, its target gets the CSV. */
  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_cmpint (symlink ("target.csv", link), ==, 0);
  cli_run (&linked, (const char *[]) { "run", "-w", "amdahl", "-t", "2", "-s", "threads", "--format", "csv",
                                       "--output", link, NULL }, 60);
  g_assert_cmpint (linked.status, ==, 0);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "workload,strategy"));

  /* An output that cannot be written fails before a long run starts. */
  cli_run (&early, (const char *[]) { "run", "-w", "amdahl", "-t", "1000000", "--output", unwritable, NULL }, 20);
  g_assert_cmpint (early.status, ==, 1);
  g_assert_nonnull (strstr (early.err, "out.json"));

  g_unlink (fifo);
  g_unlink (link);
  g_unlink (target);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A server's reason phrase of terminal escapes is printed escaped. */
static void
test_cli_escapes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("px-harden-XXXXXX", NULL);
  g_autofree char *logins = g_build_filename (dir, "logins.txt", NULL);
  HostileServer *server = hostile_server_start ();
  g_auto(Cli) cli = { 0 };

  g_assert_true (g_file_set_contents (logins, "ctrlreason\n", -1, NULL));
  cli_run (&cli, (const char *[]) { "run", "-w", "fetch", "--api-url", hostile_server_get_url (server),
                                    "--logins", logins, "-t", "1", "-s", "threads", NULL }, 60);
  g_assert_cmpint (cli.status, ==, 1);
  g_assert_nonnull (strstr (cli.err, "HTTP error 500"));
  g_assert_null (strchr (cli.err, '\x1b'));
  g_assert_null (strchr (cli.err, '\x07'));

  hostile_server_stop (server);
  g_unlink (logins);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parallax/harden/json-guard", test_json_guard);
  g_test_add_func ("/parallax/harden/text-escape", test_text_escape);
  g_test_add_func ("/parallax/harden/api-url", test_api_url);
  g_test_add_func ("/parallax/harden/hostile-replies", test_hostile_replies);
  g_test_add_func ("/parallax/harden/trickle-deadline", test_trickle_deadline);
  g_test_add_func ("/parallax/harden/hung-worker", test_hung_worker);
  g_test_add_func ("/parallax/harden/cpu-deadline", test_cpu_deadline);
  g_test_add_func ("/parallax/harden/worker-pid-in-message", test_worker_pid_in_message);
  g_test_add_func ("/parallax/harden/worker-impossible-times", test_worker_impossible_times);
  g_test_add_func ("/parallax/harden/failed-spawn-degrades", test_failed_spawn_degrades);
  g_test_add_func ("/parallax/harden/workers-die-with-parent", test_workers_die_with_parent);
  g_test_add_func ("/parallax/harden/huge-login", test_huge_login);
  g_test_add_func ("/parallax/harden/saved-run-validation", test_saved_run_validation);
  g_test_add_func ("/parallax/harden/input-read-once", test_input_read_once);
  g_test_add_func ("/parallax/harden/read-bounded", test_read_bounded);
  g_test_add_func ("/parallax/harden/output-file", test_output_file);
  g_test_add_func ("/parallax/harden/server-body-cap", test_server_body_cap);
  g_test_add_data_func ("/parallax/harden/killed-writer/output-file", GINT_TO_POINTER (FALSE), test_killed_writer);
  g_test_add_data_func ("/parallax/harden/killed-writer/gio-replace", GINT_TO_POINTER (TRUE), test_killed_writer);
  g_test_add_func ("/parallax/harden/cli-bounds", test_cli_bounds);
  g_test_add_func ("/parallax/harden/cli-report", test_cli_report);
  g_test_add_func ("/parallax/harden/cli-files", test_cli_files);
  g_test_add_func ("/parallax/harden/cli-escapes", test_cli_escapes);

  return g_test_run ();
}
