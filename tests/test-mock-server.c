/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-mock-server"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "px-fetch-workload.h"
#include "px-mock-server.h"
#include "px-sys.h"
#include "px-test-server.h"

typedef struct
{
  guint status;
  char *auth;
  char *remaining;
  char *reset;
  char *content_type;
  GBytes *body;
  GError *error;
  gint64 headers_us;  /* from the request to the headers */
  gint64 total_us;    /* from the request to the end of the body */
} Reply;

static SoupSession *
new_session (void)
{
  return soup_session_new_with_options ("proxy-resolver", NULL,
                                        "timeout", 30,
                                        "max-conns", 1000,
                                        "max-conns-per-host", 1000,
                                        NULL);
}

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->auth, g_free);
  g_clear_pointer (&reply->remaining, g_free);
  g_clear_pointer (&reply->reset, g_free);
  g_clear_pointer (&reply->content_type, g_free);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_error (&reply->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

static void
http_get (SoupSession *session,
          const char  *base_url,
          const char  *path,
          const char  *authorization,
          Reply       *reply)
{
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  SoupMessageHeaders *headers;
  gint64 start = g_get_monotonic_time ();

  memset (reply, 0, sizeof *reply);
  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);

  stream = soup_session_send (session, msg, NULL, &reply->error);
  if (stream == NULL)
    return;

  reply->headers_us = g_get_monotonic_time () - start;
  reply->status = soup_message_get_status (msg);
  headers = soup_message_get_response_headers (msg);
  reply->auth = g_strdup (soup_message_headers_get_one (headers, "x-parallax-auth"));
  reply->remaining = g_strdup (soup_message_headers_get_one (headers, "x-ratelimit-remaining"));
  reply->reset = g_strdup (soup_message_headers_get_one (headers, "x-ratelimit-reset"));
  reply->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));

  if (g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &reply->error) < 0)
    return;

  reply->total_us = g_get_monotonic_time () - start;
  reply->body = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static JsonObject *
parse_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  json_parser_load_from_data (parser, data, len, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
assert_string_member (JsonObject *object,
                      const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
}

static void
assert_int_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
}

static void
test_user (void)
{
  ServerThread *st = server_thread_start (0);
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_auto(Reply) reply = { 0 };
  g_auto(Reply) again = { 0 };
  gint64 reset;

  http_get (session, st->url, "/users/torvalds", NULL, &reply);
  g_assert_no_error (reply.error);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpstr (reply.content_type, ==, "application/json; charset=utf-8");
  g_assert_nonnull (reply.remaining);
  g_assert_cmpuint (g_ascii_strtoull (reply.remaining, NULL, 10), >, 0);
  reset = g_ascii_strtoll (reply.reset, NULL, 10);
  g_assert_cmpint (reset, >, g_date_time_to_unix (now));
  g_assert_null (reply.auth);

  user = parse_object (reply.body);
  g_assert_cmpstr (json_object_get_string_member (user, "login"), ==, "torvalds");
  g_assert_cmpstr (json_object_get_string_member (user, "name"), ==, "Linus Torvalds");
  g_assert_cmpstr (json_object_get_string_member (user, "type"), ==, "User");
  g_assert_false (json_object_get_boolean_member (user, "site_admin"));
  g_assert_true (json_object_get_null_member (user, "email"));
  assert_int_member (user, "id");
  assert_int_member (user, "public_repos");
  assert_int_member (user, "followers");
  assert_int_member (user, "following");
  assert_string_member (user, "node_id");
  assert_string_member (user, "avatar_url");
  assert_string_member (user, "updated_at");
  g_assert_cmpstr (json_object_get_string_member (user, "html_url"), ==, "https://github.com/torvalds");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (user, "url"), st->url));
  g_assert_true (g_regex_match_simple ("^20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z$",
                                       json_object_get_string_member (user, "created_at"), 0, 0));
  created = g_date_time_new_from_iso8601 (json_object_get_string_member (user, "created_at"), NULL);
  g_assert_nonnull (created);

  /* The same login always gets the same answer, whatever its case */
  http_get (session, st->url, "/users/TORVALDS", NULL, &again);
  g_assert_cmpuint (again.status, ==, 200);
  g_assert_true (g_bytes_equal (reply.body, again.body));

  g_clear_object (&session);
  server_thread_stop (st);
}

static void
test_classic_names (void)
{
  const struct
  {
    const char *login;
    const char *name;
  } classic[] = {
    { "gvanrossum", "Guido van Rossum" },
    { "wesm", "Wes McKinney" },
    { "tebeka", "Miki Tebeka" },
    { "torvalds", "Linus Torvalds" },
  };
  ServerThread *st = server_thread_start (0);
  g_autoptr(SoupSession) session = new_session ();

  for (guint i = 0; i < G_N_ELEMENTS (classic); i++)
    {
      g_autofree char *path = g_strconcat ("/users/", classic[i].login, NULL);
      g_autoptr(JsonObject) user = NULL;
      g_auto(Reply) reply = { 0 };

      http_get (session, st->url, path, NULL, &reply);
      g_assert_cmpuint (reply.status, ==, 200);
      user = parse_object (reply.body);
      g_assert_cmpstr (json_object_get_string_member (user, "name"), ==, classic[i].name);
    }

  g_clear_object (&session);
  server_thread_stop (st);
}

/* Names are null about one time in six, and accounts spread over the years */
static void
test_distribution (void)
{
  ServerThread *st = server_thread_start (0);
  g_autoptr(SoupSession) session = new_session ();
  g_auto(GStrv) logins = px_fetch_workload_dup_default_logins ();
  gboolean years[2026 - 2008 + 1] = { FALSE, };
  guint n_years = 0;
  guint n_null = 0;
  const guint n = 300;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strconcat ("/users/", logins[i], NULL);
      g_autoptr(JsonObject) user = NULL;
      g_autoptr(GDateTime) created = NULL;
      g_auto(Reply) reply = { 0 };
      int year;

      http_get (session, st->url, path, NULL, &reply);
      g_assert_cmpuint (reply.status, ==, 200);
      user = parse_object (reply.body);
      if (json_object_get_null_member (user, "name"))
        n_null++;
      created = g_date_time_new_from_iso8601 (json_object_get_string_member (user, "created_at"), NULL);
      year = g_date_time_get_year (created);
      g_assert_cmpint (year, >=, 2008);
      g_assert_cmpint (year, <=, 2025);
      years[year - 2008] = TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (years); i++)
    n_years += years[i];

  g_assert_cmpuint (n_null, >=, n / 12);
  g_assert_cmpuint (n_null, <=, n / 4);
  g_assert_cmpuint (n_years, >=, 15);

  g_clear_object (&session);
  server_thread_stop (st);
}

static void
test_not_found (void)
{
  ServerThread *st = server_thread_start (0);
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(JsonObject) object = NULL;
  g_auto(Reply) reply = { 0 };
  g_auto(Reply) other = { 0 };

  http_get (session, st->url, "/users/no-such-user-here-1234", NULL, &reply);
  g_assert_no_error (reply.error);
  g_assert_cmpuint (reply.status, ==, 404);
  g_assert_cmpstr (reply.content_type, ==, "application/json; charset=utf-8");
  object = parse_object (reply.body);
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==, "Not Found");
  assert_string_member (object, "documentation_url");

  http_get (session, st->url, "/repos/torvalds/linux", NULL, &other);
  g_assert_cmpuint (other.status, ==, 404);

  g_clear_object (&session);
  server_thread_stop (st);
}

static void
test_faults (void)
{
  ServerThread *st = server_thread_start (0);
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gsize len;

  {
    g_auto(Reply) reply = { 0 };

    http_get (session, st->url, "/users/fault-500-a", NULL, &reply);
    g_assert_no_error (reply.error);
    g_assert_cmpuint (reply.status, ==, 500);
  }

  {
    g_autoptr(JsonObject) object = NULL;
    g_auto(Reply) reply = { 0 };
    gint64 reset;

    http_get (session, st->url, "/users/fault-ratelimit-a", NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 403);
    g_assert_cmpstr (reply.remaining, ==, "0");
    reset = g_ascii_strtoll (reply.reset, NULL, 10);
    g_assert_cmpint (reset, >=, g_date_time_to_unix (now) + 3600 - 60);
    g_assert_cmpint (reset, <=, g_date_time_to_unix (now) + 3600 + 60);
    object = parse_object (reply.body);
    g_assert_nonnull (strstr (json_object_get_string_member (object, "message"), "rate limit exceeded"));
  }

  {
    g_auto(Reply) reply = { 0 };
    g_autoptr(GError) error = NULL;
    const char *data;

    http_get (session, st->url, "/users/fault-malformed-a", NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    data = g_bytes_get_data (reply.body, &len);
    g_assert_false (json_parser_load_from_data (parser, data, len, &error));
    g_assert_nonnull (error);
  }

  {
    g_auto(Reply) reply = { 0 };

    /* Headers at once, the body only after a stall of seconds */
    http_get (session, st->url, "/users/fault-slow-a", NULL, &reply);
    g_assert_no_error (reply.error);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_cmpint (reply.headers_us, <, G_USEC_PER_SEC);
    g_assert_cmpint (reply.total_us, >=, 2 * G_USEC_PER_SEC);
    json_object_unref (parse_object (reply.body));
  }

  {
    g_auto(Reply) reply = { 0 };

    http_get (session, st->url, "/users/fault-drop-a", NULL, &reply);
    g_assert_nonnull (reply.error);
    g_assert_cmpuint (reply.status, ==, 0);
  }

  {
    g_autoptr(JsonObject) object = NULL;
    g_auto(Reply) reply = { 0 };

    http_get (session, st->url, "/users/fault-big-a", NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_cmpuint (g_bytes_get_size (reply.body), >, 1024 * 1024);
    object = parse_object (reply.body);
    g_assert_cmpstr (json_object_get_string_member (object, "login"), ==, "fault-big-a");
  }

  {
    g_autoptr(JsonObject) object = NULL;
    g_autoptr(GDateTime) created = NULL;
    g_auto(Reply) reply = { 0 };
    JsonNode *login;

    http_get (session, st->url, "/users/fault-type-a", NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    object = parse_object (reply.body);
    login = json_object_get_member (object, "login");
    g_assert_true (JSON_NODE_HOLDS_VALUE (login));
    g_assert_cmpint (json_node_get_value_type (login), !=, G_TYPE_STRING);
    created = g_date_time_new_from_iso8601 (json_object_get_string_member (object, "created_at"), NULL);
    g_assert_null (created);
  }

  {
    g_autoptr(JsonObject) object = NULL;
    g_auto(Reply) reply = { 0 };

    http_get (session, st->url, "/users/fault-missing-a", NULL, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    object = parse_object (reply.body);
    g_assert_false (json_object_has_member (object, "created_at"));
    assert_string_member (object, "login");
  }

  g_clear_object (&session);
  server_thread_stop (st);
}

static void
test_latency (void)
{
  ServerThread *st = server_thread_start (PX_MOCK_SERVER_DEFAULT_LATENCY_MS);
  g_autoptr(SoupSession) session = new_session ();
  g_auto(Reply) slow = { 0 };
  g_auto(Reply) fast = { 0 };
  g_auto(Reply) slower = { 0 };

  g_assert_cmpuint (px_mock_server_get_latency_ms (st->server), ==, 100);

  http_get (session, st->url, "/users/wesm", NULL, &slow);
  g_assert_cmpuint (slow.status, ==, 200);
  g_assert_cmpint (slow.total_us, >=, 100 * 1000);

  /* The query overrides the latency for one request */
  http_get (session, st->url, "/users/wesm?latency_ms=0", NULL, &fast);
  g_assert_cmpuint (fast.status, ==, 200);
  g_assert_cmpint (fast.total_us, <, 100 * 1000);

  px_mock_server_set_latency_ms (st->server, 300);
  http_get (session, st->url, "/users/wesm", NULL, &slower);
  g_assert_cmpuint (slower.status, ==, 200);
  g_assert_cmpint (slower.total_us, >=, 300 * 1000);
  g_assert_true (g_bytes_equal (slow.body, slower.body));

  g_assert_cmpuint (px_mock_server_get_n_served (st->server), ==, 3);

  g_clear_object (&session);
  server_thread_stop (st);
}

typedef struct
{
  guint pending;
  guint n_ok;
} Batch;

static void
batch_get_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  Batch *batch = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (soup_session_get_async_result_message (session, result)) == 200)
    batch->n_ok++;
  batch->pending--;
}

static void
test_concurrency (void)
{
  /* A second: on a machine loaded with other builds, the 200 requests of
   * one session reach the server at a few per millisecond at best, and at
   * least 100 must overlap. */
  const guint latency_ms = 1000 * SLOWDOWN;
  ServerThread *st = server_thread_start (latency_ms);
  g_autoptr(SoupSession) session = new_session ();
  g_auto(GStrv) logins = px_fetch_workload_dup_default_logins ();
  Batch batch = { 0, 0 };
  const guint n = 200;
  gint64 start;
  gint64 elapsed;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *url = g_strconcat (st->url, "/users/", logins[i], NULL);
      g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);

      batch.pending++;
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, batch_get_cb, &batch);
    }

  while (batch.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  elapsed = g_get_monotonic_time () - start;

  g_test_message ("%u requests at %u ms in %" G_GINT64_FORMAT " ms, at most %u in flight",
                  n, latency_ms, elapsed / 1000, px_mock_server_get_max_in_flight (st->server));
  g_assert_cmpuint (batch.n_ok, ==, n);
  g_assert_cmpint (elapsed, >=, latency_ms * 1000);
  /* Serially this would take n × 1 s = 200 s */
  g_assert_cmpint (elapsed, <, 20 * G_USEC_PER_SEC * SLOWDOWN);
  g_assert_cmpuint (px_mock_server_get_max_in_flight (st->server), >=, 100);
  g_assert_cmpuint (px_mock_server_get_n_served (st->server), ==, n);

  g_clear_object (&session);
  server_thread_stop (st);
}

static void
test_authorization (void)
{
  ServerThread *st = server_thread_start (0);
  g_autoptr(SoupSession) session = new_session ();
  g_auto(Reply) without = { 0 };
  g_auto(Reply) with = { 0 };
  g_auto(Reply) wrong = { 0 };

  http_get (session, st->url, "/users/tebeka", NULL, &without);
  g_assert_null (without.auth);
  g_assert_cmpuint (px_mock_server_get_n_authorized (st->server), ==, 0);

  px_mock_server_set_expected_token (st->server, "s3cret");
  http_get (session, st->url, "/users/tebeka", "Bearer s3cret", &with);
  g_assert_cmpstr (with.auth, ==, "present");
  g_assert_cmpuint (px_mock_server_get_n_authorized (st->server), ==, 1);
  g_assert_null (strstr (g_bytes_get_data (with.body, NULL), "s3cret"));

  http_get (session, st->url, "/users/tebeka", "Bearer other", &wrong);
  g_assert_cmpstr (wrong.auth, ==, "present");
  g_assert_cmpuint (px_mock_server_get_n_authorized (st->server), ==, 1);

  g_clear_object (&session);
  server_thread_stop (st);
}

static void
held_get_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  /* The server went away under it */
  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_assert_nonnull (error);
  *done = TRUE;
}

/* A whole round: a server, a few requests (one dropped, one still held
 * when the server goes), and no trace left. */
static void
server_round (void)
{
  ServerThread *st = server_thread_start (0);
  g_autoptr(SoupSession) session = new_session ();
  g_autofree char *held_url = g_strconcat (st->url, "/users/torvalds?latency_ms=10000", NULL);
  g_autoptr(SoupMessage) held = soup_message_new (SOUP_METHOD_GET, held_url);
  gboolean done = FALSE;
  g_auto(Reply) ok = { 0 };
  g_auto(Reply) dropped = { 0 };

  http_get (session, st->url, "/users/torvalds", NULL, &ok);
  g_assert_cmpuint (ok.status, ==, 200);
  http_get (session, st->url, "/users/fault-drop-x", NULL, &dropped);
  g_assert_nonnull (dropped.error);

  soup_session_send_and_read_async (session, held, G_PRIORITY_DEFAULT, NULL, held_get_cb, &done);
  while (px_mock_server_get_max_in_flight (st->server) == 0)
    g_main_context_iteration (NULL, FALSE);

  server_thread_stop (st);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_clear_object (&session);
}

static void
test_no_fd_leak (void)
{
  guint before;
  guint after;

  /* The first round opens what GLib keeps for good (worker contexts) */
  server_round ();

  before = px_count_open_fds ();
  server_round ();
  server_round ();
  after = px_count_open_fds ();

  g_assert_cmpuint (after, ==, before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parallax/mock-server/user", test_user);
  g_test_add_func ("/parallax/mock-server/classic-names", test_classic_names);
  g_test_add_func ("/parallax/mock-server/distribution", test_distribution);
  g_test_add_func ("/parallax/mock-server/not-found", test_not_found);
  g_test_add_func ("/parallax/mock-server/faults", test_faults);
  g_test_add_func ("/parallax/mock-server/latency", test_latency);
  g_test_add_func ("/parallax/mock-server/concurrency", test_concurrency);
  g_test_add_func ("/parallax/mock-server/authorization", test_authorization);
  g_test_add_func ("/parallax/mock-server/no-fd-leak", test_no_fd_leak);

  return g_test_run ();
}
