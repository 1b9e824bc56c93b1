/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-fetch-workload"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "px-deadline.h"
#include "px-error.h"
#include "px-fetch-workload.h"
#include "px-json-guard.h"
#include "px-safe-io.h"
#include "px-sys.h"
#include "px-task-context.h"

#define DEFAULT_API_URL   "https://api.github.com"
#define DEFAULT_N_TASKS   1000
#define DEFAULT_TIMEOUT_S 10
#define DEFAULT_MAX_BODY  (G_GUINT64_CONSTANT (1024) * 1024)
#define LOGINS_RESOURCE   "/io/github/parallaxlab/Parallax/engine/logins.txt"
#define READ_CHUNK        16384
#define MAX_LOGINS_FILE   ((gsize) 64 * 1024 * 1024)

struct _PxFetchWorkload
{
  PxWorkload  parent_instance;

  /* Settings, fixed while a run uses them */
  char       *api_url;   /* without a trailing slash */
  guint       n_tasks;
  guint       timeout_s;
  guint64     max_body;
  char       *token;     /* NULL: $GITHUB_TOKEN */

  GStrv       logins;
  guint       n_logins;
};

/* A SoupSession spends time proportional to the messages it holds on every
 * step of every one of them: each run of its queue walks the whole queue,
 * and checks every idle connection with a read() to see whether the server
 * closed it. So many requests in flight go out over several sessions on
 * the one thread, each holding at most this many. */
#define MAX_REQUESTS_PER_SESSION 32

typedef struct
{
  SoupSession *session;
  guint        n_requests;   /* in flight on it */
} SessionEntry;

static void
session_entry_clear (gpointer data)
{
  SessionEntry *entry = data;

  g_clear_object (&entry->session);
}

static void
session_entry_release (gpointer data)
{
  g_rc_box_release_full (data, session_entry_clear);
}

/* One GET, sync or async. */
typedef struct
{
  char         *login;
  char         *url;
  SessionEntry *entry;         /* the session it is sent on */
  gboolean      counted;       /* in the session's n_requests */
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *body;
  GCancellable *cancellable;   /* this request's own, cancelled with the task's */
  GCancellable *task_cancellable;
  gulong        cancelled_id;
  gboolean      complete;      /* the body was read to its end */
  PxDeadline   *deadline;      /* cancels the request when the task overruns */
  gint64        task_timeout_us;
  guint         timeout_s;
  guint64       max_body;
  gboolean      keep_output;
  gint64        cpu_us;
} FetchRequest;

enum {
  PROP_0,
  PROP_API_URL,
  PROP_N_TASKS,
  PROP_TIMEOUT_S,
  PROP_MAX_BODY,
  PROP_TOKEN,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (PxFetchWorkload, px_fetch_workload, PX_TYPE_WORKLOAD)

static GParamSpec *properties[N_PROPS];

/* Makes room on its session for the next request, as soon as this one is
 * answered: a caller starts the next one before it drops this one. */
static void
fetch_request_leave_session (FetchRequest *req)
{
  if (req->entry != NULL && req->counted)
    req->entry->n_requests--;
  req->counted = FALSE;
}

static void
fetch_request_free (FetchRequest *req)
{
  if (req->task_cancellable != NULL)
    g_cancellable_disconnect (req->task_cancellable, req->cancelled_id);
  g_clear_object (&req->task_cancellable);

  /* Cancel first: closing a body stream that was not read to the end would
   * otherwise read (and block on) the rest of it. The cancellable is this
   * request's own, so the other requests of the session carry on. */
  g_clear_pointer (&req->deadline, px_deadline_stop);
  if (!req->complete)
    g_cancellable_cancel (req->cancellable);
  g_clear_object (&req->stream);
  g_clear_object (&req->msg);
  fetch_request_leave_session (req);
  g_clear_pointer (&req->entry, session_entry_release);
  g_clear_object (&req->cancellable);
  g_clear_pointer (&req->body, g_byte_array_unref);
  g_free (req->login);
  g_free (req->url);
  g_free (req);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FetchRequest, fetch_request_free)

static void
outcome_free (gpointer data)
{
  PxTaskOutcome *outcome = data;

  px_task_outcome_clear (outcome);
  g_free (outcome);
}

/* The sessions for all the tasks of one thread (PxTaskContext), so that
 * connections are kept alive and reused from task to task. */
typedef struct
{
  PxFetchWorkload *owner;
  GPtrArray       *entries;   /* of SessionEntry */
} SessionSlot;

#define SESSION_SLOT_KEY "px-fetch-session"

static void
session_slot_free (gpointer data)
{
  SessionSlot *slot = data;

  g_ptr_array_unref (slot->entries);
  g_free (slot);
}

static void
cancel_request_cb (GCancellable *task_cancellable,
                   GCancellable *request_cancellable)
{
  g_cancellable_cancel (request_cancellable);
}

static GStrv
parse_logins (const char *text,
              gsize       len)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *copy = g_strndup (text, len);
  g_auto(GStrv) lines = g_strsplit (copy, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (line[0] == '\0' || line[0] == '#')
        continue;
      g_strv_builder_add (builder, line);
    }

  return g_strv_builder_end (builder);
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static SoupSession *
new_session (PxFetchWorkload *self,
             gboolean         loopback)
{
  /* The system proxy settings matter for the real API, so the session keeps
   * GLib's default resolver. Loopback is different: libsoup hands every
   * address to the resolver, and with http_proxy set and no no_proxy, the
   * environment resolver would send 127.0.0.1 through the proxy; looking
   * the proxy up per request is also needless work for a local server. */
  if (loopback)
    return soup_session_new_with_options ("proxy-resolver", NULL,
                                          "timeout", self->timeout_s,
                                          "user-agent", "Parallax/" PACKAGE_VERSION,
                                          "max-conns", MAX_REQUESTS_PER_SESSION,
                                          "max-conns-per-host", MAX_REQUESTS_PER_SESSION,
                                          NULL);

  return soup_session_new_with_options ("timeout", self->timeout_s,
                                        "user-agent", "Parallax/" PACKAGE_VERSION,
                                        "max-conns", MAX_REQUESTS_PER_SESSION,
                                        "max-conns-per-host", MAX_REQUESTS_PER_SESSION,
                                        NULL);
}

/* A session of this context with room for one more request: the first
 * that has some, so that requests reuse the connections of the sessions
 * already made; a new one when all are full. */
static SessionEntry *
acquire_session (PxFetchWorkload *self,
                 PxTaskContext   *ctx,
                 gboolean         loopback)
{
  SessionSlot *slot = px_task_context_get_data (ctx, SESSION_SLOT_KEY);
  SessionEntry *entry;

  if (slot == NULL || slot->owner != self)
    {
      slot = g_new0 (SessionSlot, 1);
      slot->owner = self;
      slot->entries = g_ptr_array_new_with_free_func (session_entry_release);
      px_task_context_set_data (ctx, SESSION_SLOT_KEY, slot, session_slot_free);
    }

  for (guint i = 0; i < slot->entries->len; i++)
    {
      entry = g_ptr_array_index (slot->entries, i);
      if (entry->n_requests < MAX_REQUESTS_PER_SESSION)
        {
          entry->n_requests++;
          return g_rc_box_acquire (entry);
        }
    }

  entry = g_rc_box_new0 (SessionEntry);
  entry->session = new_session (self, loopback);
  entry->n_requests = 1;
  g_ptr_array_add (slot->entries, entry);

  return g_rc_box_acquire (entry);
}

static FetchRequest *
fetch_request_new (PxFetchWorkload  *self,
                   GBytes           *input,
                   PxTaskContext    *ctx,
                   GCancellable     *cancellable,
                   GError          **error)
{
  g_autoptr(FetchRequest) req = g_new0 (FetchRequest, 1);
  g_autofree char *escaped = NULL;
  g_autoptr(GUri) uri = NULL;
  SoupMessageHeaders *headers;
  const char *token;
  gboolean loopback;
  gsize len;
  const char *data = g_bytes_get_data (input, &len);

  if (len == 0 || memchr (data, '\0', len) != NULL || !g_utf8_validate_len (data, len, NULL))
    {
      g_set_error_literal (error, PX_ERROR, PX_ERROR_FAILED, _("The task’s login is not valid text"));
      return NULL;
    }

  req->login = g_strndup (data, len);
  req->timeout_s = self->timeout_s;
  req->max_body = self->max_body;
  req->keep_output = px_task_context_get_keep_output (ctx);
  req->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      req->task_cancellable = g_object_ref (cancellable);
      req->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancel_request_cb),
                                                 g_object_ref (req->cancellable), g_object_unref);
    }

  if (!px_fetch_check_api_url (self->api_url, error))
    return NULL;
  /* libsoup's timeout is for silence only: a server that trickles a byte
   * now and then would keep the task alive for ever. */
  req->task_timeout_us = px_task_context_get_task_timeout_us (ctx);
  if (req->task_timeout_us > 0)
    req->deadline = px_deadline_start (req->cancellable,
                                       g_get_monotonic_time () + px_task_context_get_task_timeout_us (ctx));

  escaped = g_uri_escape_string (req->login, NULL, FALSE);
  req->url = g_strdup_printf ("%s/users/%s", self->api_url, escaped);
  uri = g_uri_parse (req->url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    {
      g_set_error_literal (error, PX_ERROR, PX_ERROR_FAILED, _("The task’s login does not make a valid address"));
      return NULL;
    }

  loopback = is_loopback_host (g_uri_get_host (uri));
  req->entry = acquire_session (self, ctx, loopback);
  req->counted = TRUE;

  req->msg = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  headers = soup_message_get_request_headers (req->msg);
  soup_message_headers_replace (headers, "Accept", "application/vnd.github+json");
  soup_message_headers_replace (headers, "X-GitHub-Api-Version", "2022-11-28");

  /* The token goes only where it cannot be read on the wire: over TLS, or
   * to this machine. */
  token = self->token != NULL ? self->token : g_getenv ("GITHUB_TOKEN");
  if (token != NULL && token[0] != '\0' &&
      (loopback || g_strcmp0 (g_uri_get_scheme (uri), "https") == 0))
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }

  return g_steal_pointer (&req);
}

/* GIO's domain and code stay (callers check for G_IO_ERROR_TIMED_OUT and
 * G_IO_ERROR_CANCELLED); the message names what we were fetching. */
static void
fetch_request_take_transport_error (FetchRequest  *req,
                                    GError        *transport_error,
                                    GError       **error)
{
  if (req->deadline != NULL && px_deadline_expired (req->deadline))
    {
      guint seconds = req->task_timeout_us / G_USEC_PER_SEC;

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   ngettext ("timed out after %u s", "timed out after %u s", seconds), seconds);
      g_error_free (transport_error);
    }
  else if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, transport_error);
  else if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   ngettext ("No reply from %s within %u second",
                             "No reply from %s within %u seconds", req->timeout_s),
                   req->url, req->timeout_s);
      g_error_free (transport_error);
    }
  else
    {
      g_set_error (error, transport_error->domain, transport_error->code,
                   _("Could not fetch %s: %s"), req->url, transport_error->message);
      g_error_free (transport_error);
    }
}

static void
set_too_large_error (FetchRequest  *req,
                     GError       **error)
{
  g_autofree char *size = g_format_size (req->max_body);

  g_set_error (error, PX_ERROR, PX_ERROR_TOO_LARGE,
               _("The reply for “%s” is larger than %s"), req->login, size);
}

static void
set_rate_limit_error (SoupMessageHeaders  *headers,
                      GError             **error)
{
  const char *reset_str = soup_message_headers_get_one (headers, "x-ratelimit-reset");
  g_autoptr(GDateTime) reset_time = NULL;
  g_autofree char *clock = NULL;
  gint64 reset;
  gint64 minutes;

  if (reset_str == NULL ||
      !g_ascii_string_to_signed (reset_str, 10, 0, G_MAXINT64 / G_USEC_PER_SEC, &reset, NULL) ||
      (reset_time = g_date_time_new_from_unix_local (reset)) == NULL)
    {
      g_set_error_literal (error, PX_ERROR, PX_ERROR_RATE_LIMITED,
                           _("GitHub API rate limit exceeded"));
      return;
    }

  clock = g_date_time_format (reset_time, "%H:%M:%S");
  minutes = MAX (0, (reset - g_get_real_time () / G_USEC_PER_SEC + 59) / 60);
  g_set_error (error, PX_ERROR, PX_ERROR_RATE_LIMITED,
               _("GitHub API rate limit exceeded; it resets at %s (in %d min)"),
               clock, (int) MIN (minutes, G_MAXINT));
}

/* Once the headers are in: is there a body worth reading? */
static gboolean
fetch_request_check_status (FetchRequest  *req,
                            GError       **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (req->msg);
  guint status = soup_message_get_status (req->msg);
  goffset length;

  if (status == SOUP_STATUS_NOT_FOUND)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_NOT_FOUND, _("No such user “%s”"), req->login);
      return FALSE;
    }

  if ((status == SOUP_STATUS_FORBIDDEN || status == 429 /* Too Many Requests */) &&
      g_strcmp0 (soup_message_headers_get_one (headers, "x-ratelimit-remaining"), "0") == 0)
    {
      set_rate_limit_error (headers, error);
      return FALSE;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_set_error (error, PX_ERROR, PX_ERROR_HTTP, _("HTTP error %u (%s) from %s"),
                   status, soup_message_get_reason_phrase (req->msg), req->url);
      return FALSE;
    }

  /* Refuse early when the server announces too much */
  length = soup_message_headers_get_content_length (headers);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) length > req->max_body)
    {
      set_too_large_error (req, error);
      return FALSE;
    }

  return TRUE;
}

static const char *
get_string_member (JsonObject  *object,
                   const char  *member,
                   const char  *login,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED,
                   _("The reply for “%s” has no field “%s”"), login, member);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED,
                   _("In the reply for “%s”, field “%s” is not a string"), login, member);
      return NULL;
    }

  return json_node_get_string (node);
}

static GBytes *
build_output (const char *login,
              const char *name,
              const char *created_at)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *data;
  gsize len;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "name");
  if (name != NULL)
    json_builder_add_string_value (builder, name);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, created_at);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &len);

  return g_bytes_new_take (data, len);
}

gboolean
px_fetch_parse_reply (const char     *asked,
                      const char     *body,
                      gsize           body_len,
                      gsize           max_body,
                      gboolean        keep_output,
                      PxTaskOutcome  *outcome,
                      GError        **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) created_utc = NULL;
  g_autoptr(GBytes) output = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *date = NULL;
  const char *login;
  const char *created_str;
  const char *name = NULL;
  JsonObject *object;
  JsonNode *root;
  JsonNode *name_node;
  gconstpointer data;
  gsize len;

  /* An empty body (a 204, a 200 without one) is an error too. */
  parser = px_json_parse (body, body_len, max_body, &local_error);
  if (parser == NULL)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED,
                   _("The reply for “%s” is not valid: %s"), asked, local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED,
                   _("The reply for “%s” is not a JSON object"), asked);
      return FALSE;
    }
  object = json_node_get_object (root);

  login = get_string_member (object, "login", asked, error);
  if (login == NULL)
    return FALSE;

  created_str = get_string_member (object, "created_at", asked, error);
  if (created_str == NULL)
    return FALSE;
  created = g_date_time_new_from_iso8601 (created_str, NULL);
  if (created == NULL)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED,
                   _("In the reply for “%s”, field “%s” is not a date"), asked, "created_at");
      return FALSE;
    }

  name_node = json_object_get_member (object, "name");
  if (name_node == NULL ||
      !(JSON_NODE_HOLDS_NULL (name_node) ||
        (JSON_NODE_HOLDS_VALUE (name_node) && json_node_get_value_type (name_node) == G_TYPE_STRING)))
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED,
                   _("In the reply for “%s”, field “%s” is neither a string nor null"),
                   asked, "name");
      return FALSE;
    }
  if (JSON_NODE_HOLDS_VALUE (name_node))
    name = json_node_get_string (name_node);

  created_utc = g_date_time_to_utc (created);
  created_at = g_date_time_format (created_utc, "%Y-%m-%dT%H:%M:%SZ");
  date = g_date_time_format (created_utc, "%Y-%m-%d");
  output = build_output (login, name, created_at);
  data = g_bytes_get_data (output, &len);

  /* TRANSLATORS: a user's login, display name and the day the account was made */
  outcome->summary = g_strdup_printf (_("%s: %s, %s"), login, name != NULL ? name : _("(no name)"), date);
  outcome->out_len = len;
  outcome->checksum = px_checksum (0, data, len);
  if (keep_output)
    outcome->output = g_steal_pointer (&output);

  return TRUE;
}

/* The body is in: parse it into the outcome. */
static gboolean
fetch_request_finish (FetchRequest   *req,
                      PxTaskOutcome  *outcome,
                      GError        **error)
{
  return px_fetch_parse_reply (req->login, (const char *) req->body->data, req->body->len, req->max_body,
                               req->keep_output, outcome, error);
}

/* Takes what one read of the body gave (n < 0: it failed with
 * read_error, which this takes). TRUE to read on; FALSE once the body is
 * complete (req->complete) or failed (@error set). */
static gboolean
fetch_request_take_read (FetchRequest  *req,
                         gconstpointer  data,
                         gssize         n,
                         GError        *read_error,
                         GError       **error)
{
  if (n < 0)
    {
      fetch_request_take_transport_error (req, read_error, error);
      return FALSE;
    }
  if (n == 0)
    {
      req->complete = TRUE;
      return FALSE;
    }
  if (req->body->len + (guint64) n > req->max_body)
    {
      set_too_large_error (req, error);
      return FALSE;
    }
  g_byte_array_append (req->body, data, (guint) n);

  return TRUE;
}

static gboolean
fetch_request_read_sync (FetchRequest  *req,
                         GError       **error)
{
  guint8 chunk[READ_CHUNK];

  req->body = g_byte_array_new ();

  for (;;)
    {
      GError *read_error = NULL;
      gssize n = g_input_stream_read (req->stream, chunk, sizeof chunk, req->cancellable, &read_error);

      if (!fetch_request_take_read (req, chunk, n, read_error, error))
        return req->complete;
    }
}

static gboolean
fetch_request_run_sync (FetchRequest  *req,
                        GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  req->stream = soup_session_send (req->entry->session, req->msg, req->cancellable, &local_error);
  if (req->stream == NULL)
    {
      fetch_request_take_transport_error (req, g_steal_pointer (&local_error), error);
      return FALSE;
    }

  return fetch_request_check_status (req, error) && fetch_request_read_sync (req, error);
}

static void fetch_read_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data);

/* Hands the outcome (or the error) back, with the CPU time the task's own
 * callbacks took, counted up to cpu_start. */
static void
fetch_task_return (GTask  *task,
                   gint64  cpu_start,
                   GError *error)
{
  FetchRequest *req = g_task_get_task_data (task);
  PxTaskOutcome *outcome;

  fetch_request_leave_session (req);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  outcome = g_new (PxTaskOutcome, 1);
  px_task_outcome_init (outcome);
  if (!fetch_request_finish (req, outcome, &error))
    {
      outcome_free (outcome);
      g_task_return_error (task, error);
      return;
    }

  outcome->cpu_us = req->cpu_us + (px_thread_cpu_us () - cpu_start);
  g_task_return_pointer (task, outcome, outcome_free);
}

/* Appends what the body stream holds without waiting for more. TRUE once
 * the body is complete; FALSE with @error set when it failed, FALSE alone
 * when the rest is still on its way. */
static gboolean
fetch_request_read_available (FetchRequest  *req,
                              GError       **error)
{
  GPollableInputStream *pollable;
  guint8 chunk[READ_CHUNK];

  if (!G_IS_POLLABLE_INPUT_STREAM (req->stream) ||
      !g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (req->stream)))
    return FALSE;
  pollable = G_POLLABLE_INPUT_STREAM (req->stream);

  for (;;)
    {
      GError *read_error = NULL;
      gssize n = g_pollable_input_stream_read_nonblocking (pollable, chunk, sizeof chunk, req->cancellable,
                                                           &read_error);

      if (n < 0 && g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_error_free (read_error);
          return FALSE;
        }
      if (!fetch_request_take_read (req, chunk, n, read_error, error))
        return req->complete;
    }
}

/* Takes what has arrived, and waits on the main loop only for what has
 * not: libsoup has usually read a small body along with the headers, and
 * each wait costs the client a round of the loop and its syscalls. The
 * task's callbacks count their CPU time from cpu_start. */
static void
fetch_read_body (GTask  *task,
                 gint64  cpu_start)
{
  FetchRequest *req = g_task_get_task_data (task);
  GError *error = NULL;

  if (fetch_request_read_available (req, &error) || error != NULL)
    {
      fetch_task_return (task, cpu_start, error);
      return;
    }

  g_input_stream_read_bytes_async (req->stream, READ_CHUNK, G_PRIORITY_DEFAULT, req->cancellable,
                                   fetch_read_cb, g_object_ref (task));
  req->cpu_us += px_thread_cpu_us () - cpu_start;
}

static void
fetch_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchRequest *req = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *read_error = NULL;
  GError *error = NULL;
  gint64 cpu_start = px_thread_cpu_us ();
  gsize len = 0;
  gconstpointer data;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &read_error);
  data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;
  if (!fetch_request_take_read (req, data, bytes != NULL ? (gssize) len : -1, read_error, &error))
    {
      fetch_task_return (task, cpu_start, error);
      return;
    }

  fetch_read_body (task, cpu_start);
}

static void
fetch_send_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchRequest *req = g_task_get_task_data (task);
  g_autoptr(GError) local_error = NULL;
  GError *error = NULL;
  gint64 cpu_start = px_thread_cpu_us ();

  req->stream = soup_session_send_finish (SOUP_SESSION (object), result, &local_error);
  if (req->stream == NULL)
    {
      fetch_request_take_transport_error (req, g_steal_pointer (&local_error), &error);
      fetch_task_return (task, cpu_start, error);
      return;
    }

  if (!fetch_request_check_status (req, &error))
    {
      fetch_task_return (task, cpu_start, error);
      return;
    }

  req->body = g_byte_array_new ();
  fetch_read_body (task, cpu_start);
}

/* A bad address fails the run before it starts, not each task. */
static gboolean
px_fetch_workload_prepare (PxWorkload    *workload,
                           GCancellable  *cancellable,
                           GError       **error)
{
  return px_fetch_check_api_url (PX_FETCH_WORKLOAD (workload)->api_url, error);
}

static guint
px_fetch_workload_get_n_tasks (PxWorkload *workload)
{
  return PX_FETCH_WORKLOAD (workload)->n_tasks;
}

static char *
px_fetch_workload_dup_task_label (PxWorkload *workload,
                                  guint       index)
{
  PxFetchWorkload *self = PX_FETCH_WORKLOAD (workload);

  return g_strdup (self->logins[index % self->n_logins]);
}

static GBytes *
px_fetch_workload_dup_task_input (PxWorkload *workload,
                                  guint       index)
{
  PxFetchWorkload *self = PX_FETCH_WORKLOAD (workload);
  const char *login = self->logins[index % self->n_logins];

  return g_bytes_new (login, strlen (login));
}

static gboolean
px_fetch_workload_execute (PxWorkload     *workload,
                           GBytes         *input,
                           PxTaskContext  *ctx,
                           PxTaskOutcome  *outcome,
                           GError        **error)
{
  PxFetchWorkload *self = PX_FETCH_WORKLOAD (workload);
  g_autoptr(FetchRequest) req = NULL;
  gboolean ok;

  req = fetch_request_new (self, input, ctx, px_task_context_get_cancellable (ctx), error);
  if (req == NULL)
    return FALSE;

  px_task_context_begin_wait (ctx);
  ok = fetch_request_run_sync (req, error);
  px_task_context_end_wait (ctx);

  return ok && fetch_request_finish (req, outcome, error);
}

static void
px_fetch_workload_execute_async (PxWorkload          *workload,
                                 GBytes              *input,
                                 PxTaskContext       *ctx,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  PxFetchWorkload *self = PX_FETCH_WORKLOAD (workload);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cpu_start = px_thread_cpu_us ();
  FetchRequest *req;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, px_fetch_workload_execute_async);

  req = fetch_request_new (self, input, ctx, cancellable, &error);
  if (req == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, req, (GDestroyNotify) fetch_request_free);

  soup_session_send_async (req->entry->session, req->msg, G_PRIORITY_DEFAULT, req->cancellable,
                           fetch_send_cb, g_object_ref (task));
  req->cpu_us += px_thread_cpu_us () - cpu_start;
}

static gboolean
px_fetch_workload_execute_finish (PxWorkload     *workload,
                                  GAsyncResult   *result,
                                  PxTaskOutcome  *outcome,
                                  GError        **error)
{
  PxTaskOutcome *copy;

  g_return_val_if_fail (g_task_is_valid (result, workload), FALSE);

  copy = g_task_propagate_pointer (G_TASK (result), error);
  if (copy == NULL)
    return FALSE;

  px_task_outcome_clear (outcome);
  *outcome = *copy;
  g_free (copy);

  return TRUE;
}

static void
px_fetch_workload_set_api_url (PxFetchWorkload *self,
                               const char      *api_url)
{
  g_autofree char *url = g_strdup (api_url != NULL ? api_url : DEFAULT_API_URL);
  gsize len = strlen (url);

  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';

  if (g_strcmp0 (url, self->api_url) == 0)
    return;

  g_free (self->api_url);
  self->api_url = g_steal_pointer (&url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_URL]);
}

static void
px_fetch_workload_finalize (GObject *object)
{
  PxFetchWorkload *self = PX_FETCH_WORKLOAD (object);

  g_clear_pointer (&self->api_url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->logins, g_strfreev);

  G_OBJECT_CLASS (px_fetch_workload_parent_class)->finalize (object);
}

static void
px_fetch_workload_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PxFetchWorkload *self = PX_FETCH_WORKLOAD (object);

  switch (prop_id)
    {
    case PROP_API_URL:
      g_value_set_string (value, self->api_url);
      break;

    case PROP_N_TASKS:
      g_value_set_uint (value, self->n_tasks);
      break;

    case PROP_TIMEOUT_S:
      g_value_set_uint (value, self->timeout_s);
      break;

    case PROP_MAX_BODY:
      g_value_set_uint64 (value, self->max_body);
      break;

    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_fetch_workload_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PxFetchWorkload *self = PX_FETCH_WORKLOAD (object);

  switch (prop_id)
    {
    case PROP_API_URL:
      px_fetch_workload_set_api_url (self, g_value_get_string (value));
      break;

    case PROP_N_TASKS:
      if (self->n_tasks != g_value_get_uint (value))
        {
          self->n_tasks = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_TIMEOUT_S:
      if (self->timeout_s != g_value_get_uint (value))
        {
          self->timeout_s = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_MAX_BODY:
      if (self->max_body != g_value_get_uint64 (value))
        {
          self->max_body = g_value_get_uint64 (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_TOKEN:
      if (g_strcmp0 (self->token, g_value_get_string (value)) != 0)
        {
          g_free (self->token);
          self->token = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_fetch_workload_class_init (PxFetchWorkloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  PxWorkloadClass *workload_class = PX_WORKLOAD_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                            G_PARAM_STATIC_STRINGS;

  object_class->finalize = px_fetch_workload_finalize;
  object_class->get_property = px_fetch_workload_get_property;
  object_class->set_property = px_fetch_workload_set_property;

  workload_class->name = "fetch";
  workload_class->task_timeout_s = 30;
  workload_class->prepare = px_fetch_workload_prepare;
  workload_class->get_n_tasks = px_fetch_workload_get_n_tasks;
  workload_class->dup_task_label = px_fetch_workload_dup_task_label;
  workload_class->dup_task_input = px_fetch_workload_dup_task_input;
  workload_class->execute = px_fetch_workload_execute;
  workload_class->execute_async = px_fetch_workload_execute_async;
  workload_class->execute_finish = px_fetch_workload_execute_finish;

  properties[PROP_API_URL] =
    g_param_spec_string ("api-url", NULL, NULL, DEFAULT_API_URL, flags | PX_PARAM_WORKER);
  properties[PROP_N_TASKS] =
    g_param_spec_uint ("n-tasks", NULL, NULL, 0, G_MAXUINT, DEFAULT_N_TASKS, flags);
  properties[PROP_TIMEOUT_S] =
    g_param_spec_uint ("timeout-s", NULL, NULL, 1, 3600, DEFAULT_TIMEOUT_S, flags | PX_PARAM_WORKER);
  properties[PROP_MAX_BODY] =
    g_param_spec_uint64 ("max-body", NULL, NULL, 1, G_MAXUINT32, DEFAULT_MAX_BODY,
                         flags | PX_PARAM_WORKER);

  /* The token reaches worker processes over their private pipe, and is
   * never printed, logged or written anywhere. */
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL, flags | PX_PARAM_WORKER);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
px_fetch_workload_init (PxFetchWorkload *self)
{
  self->logins = px_fetch_workload_dup_default_logins ();
  self->n_logins = g_strv_length (self->logins);
}

PxWorkload *
px_fetch_workload_new (const char *api_url,
                       guint       n_tasks)
{
  return g_object_new (PX_TYPE_FETCH_WORKLOAD,
                       "api-url", api_url,
                       "n-tasks", n_tasks,
                       NULL);
}

void
px_fetch_workload_set_logins (PxFetchWorkload    *self,
                              const char * const *logins)
{
  g_return_if_fail (PX_IS_FETCH_WORKLOAD (self));
  g_return_if_fail (logins != NULL && logins[0] != NULL);

  g_strfreev (self->logins);
  self->logins = g_strdupv ((char **) logins);
  self->n_logins = g_strv_length (self->logins);
}

gboolean
px_fetch_workload_load_logins (PxFetchWorkload  *self,
                               const char       *path,
                               GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display = NULL;
  g_auto(GStrv) logins = NULL;
  const char *contents;
  gsize len;

  g_return_val_if_fail (PX_IS_FETCH_WORKLOAD (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = px_read_file_bounded (path, MAX_LOGINS_FILE, NULL, error);
  if (bytes == NULL)
    return FALSE;
  contents = g_bytes_get_data (bytes, &len);

  display = g_filename_display_name (path);
  if (!g_utf8_validate_len (contents, len, NULL))
    {
      g_set_error (error, PX_ERROR, PX_ERROR_FAILED, _("“%s” is not UTF-8 text"), display);
      return FALSE;
    }

  logins = len > 0 ? parse_logins (contents, len) : NULL;
  if (logins == NULL || logins[0] == NULL)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_FAILED, _("“%s” lists no logins"), display);
      return FALSE;
    }

  px_fetch_workload_set_logins (self, (const char * const *) logins);

  return TRUE;
}

GStrv
px_fetch_workload_dup_default_logins (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data;

  bytes = g_resources_lookup_data (LOGINS_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("The bundled list of logins is missing: %s", error->message);

  data = g_bytes_get_data (bytes, &len);
  return parse_logins (data, len);
}

gboolean
px_fetch_check_api_url (const char  *url,
                        GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *shown = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (url != NULL, FALSE);

  /* Whatever is wrong, the message never repeats a password. */
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    {
      g_set_error_literal (error, PX_ERROR, PX_ERROR_FAILED,
                           _("The API address is not a valid URL (such as https://api.github.com)"));
      return FALSE;
    }
  shown = g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO | G_URI_HIDE_QUERY | G_URI_HIDE_FRAGMENT);

  scheme = g_uri_get_scheme (uri);
  if (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_FAILED, _("The API address “%s” must start with http:// or https://"),
                   shown);
      return FALSE;
    }

  host = g_uri_get_host (uri);
  if (host == NULL || host[0] == '\0')
    {
      g_set_error (error, PX_ERROR, PX_ERROR_FAILED, _("The API address “%s” names no host"), shown);
      return FALSE;
    }

  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_FAILED,
                   _("The API address “%s” must not hold a user name or password; "
                     "a token goes in GITHUB_TOKEN"), shown);
      return FALSE;
    }

  /* Each task appends /users/LOGIN to the path: with a query or a fragment
   * every task would fetch the same thing. */
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_FAILED,
                   _("The API address “%s” must not have a query (?…) or a fragment (#…)"), shown);
      return FALSE;
    }

  return TRUE;
}
