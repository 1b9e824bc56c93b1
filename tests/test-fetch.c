/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-fetch"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "px-error.h"
#include "px-fetch-workload.h"
#include "px-gil.h"
#include "px-mock-server.h"
#include "px-sys.h"
#include "px-task-context.h"
#include "px-test-server.h"

#define TOKEN "ghp_parallaxTestToken0123456789"

static gboolean
fetch_login (PxWorkload     *workload,
             const char     *login,
             gboolean        keep_output,
             PxTaskOutcome  *outcome,
             GError        **error)
{
  g_autoptr(GBytes) input = g_bytes_new (login, strlen (login));
  g_autoptr(PxTaskContext) ctx = px_task_context_new (NULL, NULL, keep_output);

  px_task_outcome_init (outcome);
  return px_workload_execute (workload, input, ctx, outcome, error);
}

static void
test_default_logins (void)
{
  g_auto(GStrv) logins = px_fetch_workload_dup_default_logins ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = g_strv_length (logins);

  g_assert_cmpuint (n, >=, 1000);
  g_assert_cmpstr (logins[0], ==, "gvanrossum");
  g_assert_cmpstr (logins[1], ==, "wesm");
  g_assert_cmpstr (logins[2], ==, "tebeka");
  g_assert_cmpstr (logins[3], ==, "torvalds");

  for (guint i = 0; i < n; i++)
    {
      gsize len = strlen (logins[i]);

      /* GitHub's rules: alphanumerics and single inner hyphens, 39 at most */
      g_assert_cmpuint (len, >, 0);
      g_assert_cmpuint (len, <=, 39);
      g_assert_true (g_regex_match_simple ("^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$", logins[i], 0, 0));
      g_assert_true (g_hash_table_add (seen, g_ascii_strdown (logins[i], -1)));
    }
}

static void
test_tasks (void)
{
  g_autoptr(PxWorkload) workload = px_fetch_workload_new ("http://127.0.0.1:1/", 2500);
  g_auto(GStrv) logins = px_fetch_workload_dup_default_logins ();
  guint n = g_strv_length (logins);
  g_autofree char *url = NULL;
  g_autofree char *first = NULL;
  g_autofree char *wrapped = NULL;
  g_autoptr(GBytes) input = NULL;

  g_assert_cmpstr (px_workload_get_name (workload), ==, "fetch");
  g_assert_cmpuint (px_workload_get_n_tasks (workload), ==, 2500);
  g_object_get (workload, "api-url", &url, NULL);
  g_assert_cmpstr (url, ==, "http://127.0.0.1:1");

  first = px_workload_dup_task_label (workload, 0);
  wrapped = px_workload_dup_task_label (workload, n + 3);
  g_assert_cmpstr (first, ==, "gvanrossum");
  g_assert_cmpstr (wrapped, ==, "torvalds");

  /* What crosses the pipe: the login, no terminating NUL */
  input = px_workload_dup_task_input (workload, 3);
  g_assert_cmpmem (g_bytes_get_data (input, NULL), g_bytes_get_size (input), "torvalds", 8);
}

static void
test_execute (void)
{
  ServerThread *st = server_thread_start (0);
  g_autoptr(PxWorkload) workload = px_fetch_workload_new (st->url, 10);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *date = NULL;
  PxTaskOutcome lean;
  PxTaskOutcome kept;
  JsonObject *object;
  gconstpointer data;
  gsize len;
  gboolean found_no_name = FALSE;

  g_assert_true (fetch_login (workload, "torvalds", FALSE, &lean, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (lean.summary, "torvalds: Linus Torvalds, "));
  g_assert_true (g_regex_match_simple (", 20[0-9][0-9]-[01][0-9]-[0-3][0-9]$", lean.summary, 0, 0));
  g_assert_null (lean.output);
  g_assert_cmpuint (lean.out_len, >, 0);
  g_assert_cmpint (lean.cpu_us, ==, -1);

  g_assert_true (fetch_login (workload, "torvalds", TRUE, &kept, &error));
  g_assert_no_error (error);
  g_assert_nonnull (kept.output);
  data = g_bytes_get_data (kept.output, &len);
  g_assert_cmpuint (kept.out_len, ==, len);
  g_assert_cmpuint (lean.out_len, ==, len);
  g_assert_cmpuint (kept.checksum, ==, px_checksum (0, data, len));
  g_assert_cmpuint (lean.checksum, ==, kept.checksum);
  g_assert_cmpstr (kept.summary, ==, lean.summary);

  json_parser_load_from_data (parser, data, len, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (object), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "login"), ==, "torvalds");
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Linus Torvalds");
  created = g_date_time_new_from_iso8601 (json_object_get_string_member (object, "created_at"), NULL);
  g_assert_nonnull (created);
  date = g_strndup (json_object_get_string_member (object, "created_at"), 10);
  g_assert_true (g_str_has_suffix (lean.summary, date));

  px_task_outcome_clear (&lean);
  px_task_outcome_clear (&kept);

  /* About one user in six has no name */
  for (guint i = 0; i < 40 && !found_no_name; i++)
    {
      g_autofree char *login = px_workload_dup_task_label (workload, i);
      PxTaskOutcome outcome;

      g_assert_true (fetch_login (workload, login, FALSE, &outcome, &error));
      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (outcome.summary, login));
      found_no_name = strstr (outcome.summary, ": (no name), ") != NULL;
      px_task_outcome_clear (&outcome);
    }
  g_assert_true (found_no_name);

  server_thread_stop (st);
}

static void
assert_fetch_error (PxWorkload *workload,
                    const char *login,
                    GQuark      domain,
                    int         code,
                    const char *in_message)
{
  g_autoptr(GError) error = NULL;
  PxTaskOutcome outcome;

  g_assert_false (fetch_login (workload, login, TRUE, &outcome, &error));
  g_assert_error (error, domain, code);
  g_test_message ("%s: %s", login, error->message);
  if (in_message != NULL)
    g_assert_nonnull (strstr (error->message, in_message));
  g_assert_null (outcome.summary);
  g_assert_null (outcome.output);
}

static void
test_errors (void)
{
  ServerThread *st = server_thread_start (0);
  g_autoptr(PxWorkload) workload = px_fetch_workload_new (st->url, 10);
  g_autoptr(GError) error = NULL;
  PxTaskOutcome outcome;

  assert_fetch_error (workload, "no-such-user-zz9", PX_ERROR, PX_ERROR_NOT_FOUND, "“no-such-user-zz9”");
  assert_fetch_error (workload, "fault-ratelimit-1", PX_ERROR, PX_ERROR_RATE_LIMITED, "resets at");
  assert_fetch_error (workload, "fault-500-1", PX_ERROR, PX_ERROR_HTTP, "500");
  assert_fetch_error (workload, "fault-malformed-1", PX_ERROR, PX_ERROR_MALFORMED, "JSON");
  assert_fetch_error (workload, "fault-type-1", PX_ERROR, PX_ERROR_MALFORMED, "“login”");
  assert_fetch_error (workload, "fault-missing-1", PX_ERROR, PX_ERROR_MALFORMED, "“created_at”");
  assert_fetch_error (workload, "fault-big-1", PX_ERROR, PX_ERROR_TOO_LARGE, NULL);

  g_assert_false (fetch_login (workload, "fault-drop-1", TRUE, &outcome, &error));
  g_assert_nonnull (error);
  g_test_message ("fault-drop-1: %s", error->message);
  g_clear_error (&error);

  /* Each error is the task's alone: the next task is fine */
  g_assert_true (fetch_login (workload, "wesm", FALSE, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (outcome.summary, !=, NULL);
  px_task_outcome_clear (&outcome);

  server_thread_stop (st);
}

static void
test_max_body (void)
{
  ServerThread *st = server_thread_start (0);
  g_autoptr(PxWorkload) workload = g_object_new (PX_TYPE_FETCH_WORKLOAD,
                                                 "api-url", st->url,
                                                 "max-body", (guint64) 64,
                                                 NULL);

  assert_fetch_error (workload, "torvalds", PX_ERROR, PX_ERROR_TOO_LARGE, NULL);

  server_thread_stop (st);
}

static void
test_timeout (void)
{
  ServerThread *st = server_thread_start (0);
  g_autoptr(PxWorkload) workload = g_object_new (PX_TYPE_FETCH_WORKLOAD,
                                                 "api-url", st->url,
                                                 "timeout-s", 1,
                                                 NULL);
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  assert_fetch_error (workload, "fault-slow-1", G_IO_ERROR, G_IO_ERROR_TIMED_OUT, st->url);
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpint (elapsed, >=, G_USEC_PER_SEC * 9 / 10);
  g_assert_cmpint (elapsed, <, G_USEC_PER_SEC * 5 / 2);

  server_thread_stop (st);
}

static void
test_unreachable (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(PxWorkload) workload = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  PxTaskOutcome outcome;

  /* A port that is bound but never listened on: nobody answers there */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  local = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
  workload = px_fetch_workload_new (url, 1);

  g_assert_false (fetch_login (workload, "torvalds", FALSE, &outcome, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, url));
}

typedef struct
{
  guint   pending;
  guint   n_ok;
  GError *error;
  PxTaskOutcome outcome;
} AsyncBatch;

static void
async_batch_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  AsyncBatch *batch = user_data;
  g_autoptr(GError) error = NULL;
  PxTaskOutcome outcome;

  px_task_outcome_init (&outcome);
  if (px_workload_execute_finish (PX_WORKLOAD (object), result, &outcome, &error))
    {
      g_assert_nonnull (outcome.summary);
      g_assert_cmpint (outcome.cpu_us, >=, 0);
      batch->n_ok++;
      px_task_outcome_clear (&batch->outcome);
      batch->outcome = outcome;
    }
  else if (batch->error == NULL)
    batch->error = g_steal_pointer (&error);

  batch->pending--;
}

static void
run_async (PxWorkload   *workload,
           const char   *login,
           GCancellable *cancellable,
           AsyncBatch   *batch)
{
  g_autoptr(GBytes) input = g_bytes_new (login, strlen (login));
  g_autoptr(PxTaskContext) ctx = px_task_context_new (cancellable, NULL, TRUE);

  batch->pending = 1;
  px_workload_execute_async (workload, input, ctx, cancellable, async_batch_done_cb, batch);
  while (batch->pending > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
async_batch_clear (AsyncBatch *batch)
{
  g_clear_error (&batch->error);
  px_task_outcome_clear (&batch->outcome);
}

static void
test_async_concurrent (void)
{
  /* Long enough for half the requests to reach the server while the first
   * waits, even on a machine busy with other builds; under the sanitizers,
   * still well within the 10 s timeout. */
  const guint latency_ms = SLOWDOWN > 1 ? 2000 : 500;
  ServerThread *st = server_thread_start (latency_ms);
  g_autoptr(PxWorkload) workload = px_fetch_workload_new (st->url, 100);
  g_autoptr(PxTaskContext) ctx = px_task_context_new (NULL, NULL, FALSE);
  AsyncBatch batch = { 0, };
  gint64 start;
  gint64 elapsed;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GBytes) input = px_workload_dup_task_input (workload, i);

      batch.pending++;
      px_workload_execute_async (workload, input, ctx, NULL, async_batch_done_cb, &batch);
    }
  while (batch.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  elapsed = g_get_monotonic_time () - start;

  g_test_message ("100 async fetches at %u ms in %" G_GINT64_FORMAT " ms", latency_ms, elapsed / 1000);
  g_assert_no_error (batch.error);
  g_assert_cmpuint (batch.n_ok, ==, 100);
  g_assert_null (batch.outcome.output);
  g_assert_cmpint (elapsed, >=, latency_ms * 1000);
  /* One after the other, they would take 50 s */
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC * SLOWDOWN);
  g_assert_cmpuint (px_mock_server_get_max_in_flight (st->server), >=, 50);

  async_batch_clear (&batch);
  server_thread_stop (st);
}

/* Keeps a number of requests in flight on one thread, as the async
 * strategy does: each one answered starts the next. */
typedef struct
{
  AsyncBatch     batch;
  PxWorkload    *workload;
  PxTaskContext *ctx;
  guint          n_tasks;
  guint          next;
} Refill;

static void refill_start (Refill *refill);

static void
refill_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Refill *refill = user_data;

  async_batch_done_cb (object, result, &refill->batch);
  refill_start (refill);
}

static void
refill_start (Refill *refill)
{
  g_autoptr(GBytes) input = NULL;

  if (refill->next >= refill->n_tasks)
    return;

  input = px_workload_dup_task_input (refill->workload, refill->next++);
  refill->batch.pending++;
  px_workload_execute_async (refill->workload, input, refill->ctx, NULL, refill_done_cb, refill);
}

/* 500 in flight: all answered, more at once than one session carries (32),
 * and over connections reused from request to request. Under the
 * sanitizers, a smaller batch with a longer latency. */
static void
test_async_many_in_flight (void)
{
  const guint in_flight = SLOWDOWN > 1 ? 200 : 500;
  const guint n_tasks = 4 * in_flight;
  ServerThread *st = server_thread_start (SLOWDOWN > 1 ? 2000 : 200);
  g_autoptr(PxWorkload) workload = px_fetch_workload_new (st->url, n_tasks);
  g_autoptr(PxTaskContext) ctx = px_task_context_new (NULL, NULL, FALSE);
  Refill refill = { { 0, }, workload, ctx, n_tasks, 0 };
  guint max_in_flight, n_connections;

  /* Client and server share this process: slow under the sanitizers, and
   * this test is not about timeouts. */
  g_object_set (workload, "timeout-s", 60 * SLOWDOWN, NULL);

  for (guint i = 0; i < in_flight; i++)
    refill_start (&refill);
  while (refill.batch.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  max_in_flight = px_mock_server_get_max_in_flight (st->server);
  n_connections = px_mock_server_get_n_connections (st->server);
  g_test_message ("%u fetches, at most %u in flight, over %u connections",
                  n_tasks, max_in_flight, n_connections);
  g_assert_no_error (refill.batch.error);
  g_assert_cmpuint (refill.batch.n_ok, ==, n_tasks);
  g_assert_cmpuint (px_mock_server_get_n_served (st->server), ==, n_tasks);
  g_assert_cmpuint (max_in_flight, >, 32);
  g_assert_cmpuint (max_in_flight, <=, in_flight);
  g_assert_cmpuint (n_connections, >=, max_in_flight);
  g_assert_cmpuint (n_connections, <=, in_flight);

  async_batch_clear (&refill.batch);
  g_clear_pointer (&ctx, px_task_context_free);
  server_thread_stop (st);
}

static void
test_async_errors (void)
{
  ServerThread *st = server_thread_start (0);
  g_autoptr(PxWorkload) workload = px_fetch_workload_new (st->url, 1);
  const struct
  {
    const char *login;
    int         code;
  } cases[] = {
    { "no-such-user-zz9", PX_ERROR_NOT_FOUND },
    { "fault-500-2", PX_ERROR_HTTP },
    { "fault-ratelimit-2", PX_ERROR_RATE_LIMITED },
    { "fault-missing-2", PX_ERROR_MALFORMED },
    { "fault-big-2", PX_ERROR_TOO_LARGE },
  };
  AsyncBatch batch = { 0, };

  run_async (workload, "gvanrossum", NULL, &batch);
  g_assert_no_error (batch.error);
  g_assert_true (g_str_has_prefix (batch.outcome.summary, "gvanrossum: Guido van Rossum, "));
  g_assert_nonnull (batch.outcome.output);
  g_assert_cmpuint (batch.outcome.checksum, ==,
                    px_checksum (0, g_bytes_get_data (batch.outcome.output, NULL), batch.outcome.out_len));
  async_batch_clear (&batch);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      run_async (workload, cases[i].login, NULL, &batch);
      g_assert_error (batch.error, PX_ERROR, cases[i].code);
      async_batch_clear (&batch);
    }

  run_async (workload, "fault-drop-2", NULL, &batch);
  g_assert_nonnull (batch.error);
  async_batch_clear (&batch);

  server_thread_stop (st);
}

static void
test_async_timeout (void)
{
  ServerThread *st = server_thread_start (0);
  g_autoptr(PxWorkload) workload = g_object_new (PX_TYPE_FETCH_WORKLOAD,
                                                 "api-url", st->url,
                                                 "timeout-s", 1,
                                                 NULL);
  AsyncBatch batch = { 0, };
  gint64 start = g_get_monotonic_time ();

  run_async (workload, "fault-slow-2", NULL, &batch);
  g_assert_error (batch.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC * 5 / 2);
  async_batch_clear (&batch);

  server_thread_stop (st);
}

static gpointer
cancel_later_func (gpointer data)
{
  GCancellable *cancellable = data;

  g_usleep (200 * 1000);
  g_cancellable_cancel (cancellable);

  return NULL;
}

static void
test_cancel (void)
{
  ServerThread *st = server_thread_start (5000);
  g_autoptr(PxWorkload) workload = px_fetch_workload_new (st->url, 1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) async_cancellable = g_cancellable_new ();
  g_autoptr(GBytes) input = g_bytes_new_static ("torvalds", 8);
  g_autoptr(PxTaskContext) ctx = px_task_context_new (cancellable, NULL, FALSE);
  g_autoptr(GError) error = NULL;
  GThread *canceller;
  PxTaskOutcome outcome;
  AsyncBatch batch = { 0, };
  gint64 start;

  /* Sync: the context's cancellable */
  px_task_outcome_init (&outcome);
  start = g_get_monotonic_time ();
  canceller = g_thread_new ("canceller", cancel_later_func, cancellable);
  g_assert_false (px_workload_execute (workload, input, ctx, &outcome, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_thread_join (canceller);

  /* Async: the cancellable passed in */
  start = g_get_monotonic_time ();
  canceller = g_thread_new ("canceller", cancel_later_func, async_cancellable);
  run_async (workload, "wesm", async_cancellable, &batch);
  g_assert_error (batch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_thread_join (canceller);
  async_batch_clear (&batch);

  server_thread_stop (st);
}

typedef struct
{
  PxWorkload *workload;
  PxGil      *gil;
  const char *login;
  gboolean    ok;
} GilJob;

static gpointer
gil_job_func (gpointer data)
{
  GilJob *job = data;
  g_autoptr(GBytes) input = g_bytes_new (job->login, strlen (job->login));
  g_autoptr(PxTaskContext) ctx = px_task_context_new (NULL, job->gil, FALSE);
  PxTaskOutcome outcome;

  px_task_outcome_init (&outcome);
  px_task_context_enter (ctx);
  job->ok = px_workload_execute (job->workload, input, ctx, &outcome, NULL);
  px_task_context_leave (ctx);
  px_task_outcome_clear (&outcome);

  return NULL;
}

/* The GIL is dropped while waiting on the network, so waits overlap */
static void
test_gil_released (void)
{
  const guint latency_ms = 300;
  ServerThread *st = server_thread_start (latency_ms);
  g_autoptr(PxWorkload) workload = px_fetch_workload_new (st->url, 4);
  g_autoptr(PxGil) gil = px_gil_new (5000);
  const char *logins[] = { "gvanrossum", "wesm", "tebeka", "torvalds" };
  GilJob jobs[G_N_ELEMENTS (logins)];
  GThread *threads[G_N_ELEMENTS (logins)];
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      jobs[i] = (GilJob) { workload, gil, logins[i], FALSE };
      threads[i] = g_thread_new ("gil-job", gil_job_func, &jobs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_thread_join (threads[i]);
      g_assert_true (jobs[i].ok);
    }
  elapsed = g_get_monotonic_time () - start;

  g_assert_cmpint (elapsed, >=, latency_ms * 1000);
  /* Holding the GIL through the waits would take 4 × the latency */
  g_assert_cmpint (elapsed, <, 2 * latency_ms * 1000);

  server_thread_stop (st);
}

static void
test_load_logins (void)
{
  g_autoptr(PxWorkload) workload = px_fetch_workload_new (NULL, 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("parallax-test-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *missing = NULL;
  const char *expected[] = { "alice", "bob", "carol", "alice", "bob" };

  g_assert_no_error (error);
  path = g_build_filename (dir, "logins.txt", NULL);
  empty = g_build_filename (dir, "empty.txt", NULL);
  missing = g_build_filename (dir, "missing.txt", NULL);

  g_file_set_contents (path, "# my friends\n\nalice\n  bob  \n# not me\ncarol", -1, &error);
  g_assert_no_error (error);
  g_assert_true (px_fetch_workload_load_logins (PX_FETCH_WORKLOAD (workload), path, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *label = px_workload_dup_task_label (workload, i);

      g_assert_cmpstr (label, ==, expected[i]);
    }

  g_file_set_contents (empty, "# nobody\n\n   \n", -1, &error);
  g_assert_no_error (error);
  g_assert_false (px_fetch_workload_load_logins (PX_FETCH_WORKLOAD (workload), empty, &error));
  g_assert_error (error, PX_ERROR, PX_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_false (px_fetch_workload_load_logins (PX_FETCH_WORKLOAD (workload), missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  /* A failed load keeps the list that was there */
  {
    g_autofree char *label = px_workload_dup_task_label (workload, 2);

    g_assert_cmpstr (label, ==, "carol");
  }

  g_unlink (path);
  g_unlink (empty);
  g_rmdir (dir);
}

static void
test_config_round_trip (void)
{
  g_autoptr(PxWorkload) workload = g_object_new (PX_TYPE_FETCH_WORKLOAD,
                                                 "api-url", "http://127.0.0.1:8123/",
                                                 "timeout-s", 7,
                                                 "max-body", (guint64) 4096,
                                                 "n-tasks", 12,
                                                 NULL);
  g_autoptr(PxWorkload) copy = NULL;
  g_autoptr(PxWorkload) defaults = px_fetch_workload_new (NULL, 1);
  g_autoptr(GVariant) config = px_workload_dup_config (workload);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *default_url = NULL;
  guint timeout_s;
  guint64 max_body;

  g_assert_true (g_variant_lookup (config, "api-url", "&s", NULL));
  g_assert_true (g_variant_lookup (config, "timeout-s", "u", NULL));

  copy = px_workload_new_from_config (G_OBJECT_TYPE_NAME (workload), config, &error);
  g_assert_no_error (error);
  g_assert_true (PX_IS_FETCH_WORKLOAD (copy));
  g_object_get (copy, "api-url", &url, "timeout-s", &timeout_s, "max-body", &max_body, NULL);
  g_assert_cmpstr (url, ==, "http://127.0.0.1:8123");
  g_assert_cmpuint (timeout_s, ==, 7);
  g_assert_cmpuint (max_body, ==, 4096);
  g_assert_cmpuint (px_workload_type_from_name ("fetch"), ==, PX_TYPE_FETCH_WORKLOAD);

  g_object_get (defaults, "api-url", &default_url, "timeout-s", &timeout_s, "max-body", &max_body, NULL);
  g_assert_cmpstr (default_url, ==, "https://api.github.com");
  g_assert_cmpuint (timeout_s, ==, 10);
  g_assert_cmpuint (max_body, ==, 1024 * 1024);
}

static void
test_token (void)
{
  ServerThread *st = NULL;
  g_autoptr(PxWorkload) workload = NULL;
  g_autoptr(GError) error = NULL;
  const char *failing[] = { "fault-500-3", "fault-ratelimit-3", "no-such-user-zz9", "fault-type-3" };
  PxTaskOutcome outcome;

  /* Before the server thread starts: setenv is not thread-safe */
  g_setenv ("GITHUB_TOKEN", TOKEN, TRUE);
  st = server_thread_start (0);
  px_mock_server_set_expected_token (st->server, TOKEN);
  workload = px_fetch_workload_new (st->url, 1);

  g_assert_true (fetch_login (workload, "torvalds", TRUE, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (px_mock_server_get_n_authorized (st->server), ==, 1);
  g_assert_null (strstr (outcome.summary, TOKEN));
  g_assert_null (g_strstr_len (g_bytes_get_data (outcome.output, NULL), g_bytes_get_size (outcome.output), TOKEN));
  px_task_outcome_clear (&outcome);

  for (guint i = 0; i < G_N_ELEMENTS (failing); i++)
    {
      g_assert_false (fetch_login (workload, failing[i], TRUE, &outcome, &error));
      g_assert_nonnull (error);
      g_assert_null (strstr (error->message, TOKEN));
      g_assert_null (strstr (error->message, "ghp_"));
      g_clear_error (&error);
    }
  g_assert_cmpuint (px_mock_server_get_n_authorized (st->server), ==, 1 + G_N_ELEMENTS (failing));

  server_thread_stop (st);

  g_unsetenv ("GITHUB_TOKEN");
  st = server_thread_start (0);
  g_clear_object (&workload);
  workload = px_fetch_workload_new (st->url, 1);
  g_assert_true (fetch_login (workload, "torvalds", FALSE, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (px_mock_server_get_n_authorized (st->server), ==, 0);
  g_assert_cmpuint (px_mock_server_get_n_served (st->server), ==, 1);
  px_task_outcome_clear (&outcome);

  server_thread_stop (st);
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("GITHUB_TOKEN");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parallax/fetch/default-logins", test_default_logins);
  g_test_add_func ("/parallax/fetch/tasks", test_tasks);
  g_test_add_func ("/parallax/fetch/execute", test_execute);
  g_test_add_func ("/parallax/fetch/errors", test_errors);
  g_test_add_func ("/parallax/fetch/max-body", test_max_body);
  g_test_add_func ("/parallax/fetch/timeout", test_timeout);
  g_test_add_func ("/parallax/fetch/unreachable", test_unreachable);
  g_test_add_func ("/parallax/fetch/async-concurrent", test_async_concurrent);
  g_test_add_func ("/parallax/fetch/async-many-in-flight", test_async_many_in_flight);
  g_test_add_func ("/parallax/fetch/async-errors", test_async_errors);
  g_test_add_func ("/parallax/fetch/async-timeout", test_async_timeout);
  g_test_add_func ("/parallax/fetch/cancel", test_cancel);
  g_test_add_func ("/parallax/fetch/gil-released", test_gil_released);
  g_test_add_func ("/parallax/fetch/load-logins", test_load_logins);
  g_test_add_func ("/parallax/fetch/config-round-trip", test_config_round_trip);
  g_test_add_func ("/parallax/fetch/token", test_token);

  return g_test_run ();
}
