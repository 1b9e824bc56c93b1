/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-mock-server"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "px-fetch-workload.h"
#include "px-mock-server.h"

/* How long fault-slow-* stalls between the headers and the body: longer than
 * the 1 s client timeout the tests use, short enough not to slow them down. */
#define SLOW_STALL_MS 3000
/* fault-big-* answers with a valid body just over 1 MiB. */
#define BIG_BIO_BYTES (1024 * 1024 + 4096)
#define MAX_LATENCY_MS 600000
#define RATE_LIMIT 5000
#define GITHUB_DOCS "https://docs.github.com/rest"

/* 2008-01-01T00:00:00Z and 2025-12-31T23:59:59Z */
#define FIRST_CREATED 1199145600
#define LAST_CREATED  1767225599

typedef enum
{
  FAULT_NONE,
  FAULT_500,
  FAULT_RATELIMIT,
  FAULT_MALFORMED,
  FAULT_SLOW,
  FAULT_DROP,
  FAULT_BIG,
  FAULT_TYPE,
  FAULT_MISSING,
} Fault;

static const struct
{
  const char *prefix;
  Fault       fault;
} faults[] = {
  { "fault-500-", FAULT_500 },
  { "fault-ratelimit-", FAULT_RATELIMIT },
  { "fault-malformed-", FAULT_MALFORMED },
  { "fault-slow-", FAULT_SLOW },
  { "fault-drop-", FAULT_DROP },
  { "fault-big-", FAULT_BIG },
  { "fault-type-", FAULT_TYPE },
  { "fault-missing-", FAULT_MISSING },
};

/* A response held back: first for the latency, then (fault-slow-*) for the
 * stall between the headers and the body. */
typedef struct
{
  PxMockServer      *self;       /* not owned: dispose frees every Pending */
  SoupServerMessage *msg;
  GList              link;       /* in the server's pending queue, when queued */
  gboolean           queued;
  gint64             deadline;   /* monotonic µs */
  GBytes            *late_body;  /* fault-slow-*: sent after the stall */
  gboolean           counted;    /* still counted in in_flight */
} Pending;

struct _PxMockServer
{
  GObject       parent_instance;

  SoupServer   *server;
  GMainContext *context;
  GHashTable   *logins;      /* lower-case login → login as listed */
  /* Held responses, soonest deadline first, and one source that wakes up
   * at the soonest: a source per response would make each turn of the
   * main loop look at every one of a thousand held responses. */
  GQueue        pending;
  GSource      *deadlines;
  char         *url;
  guint         port;

  GMutex        token_mutex;
  char         *expected_token;

  /* Written on the server's thread, read from any */
  guint         latency_ms;
  guint         n_served;
  guint         in_flight;
  guint         max_in_flight;
  guint         n_connections;
  guint         n_authorized;
};

G_DEFINE_FINAL_TYPE (PxMockServer, px_mock_server, G_TYPE_OBJECT)

static const char * const first_names[] = {
  "Alice", "Bruno", "Camila", "Daniel", "Elena", "Farah", "Gabriel", "Hana", "Igor", "Jonas",
  "Kenji", "Lucia", "Marco", "Noor", "Olga", "Pavel", "Quinn", "Rosa", "Sanjay", "Tariq",
  "Uma", "Vera", "Wei", "Ximena", "Yusuf", "Zoe", "Amara", "Boris", "Chen", "Dmitri",
  "Emeka", "Fatima", "Goran", "Hiro", "Ines", "Jamal", "Kasia", "Leon", "Mei", "Nikolai",
  "Omar", "Priya", "Rahul", "Sofia", "Tomas", "Valentina", "Wojtek", "Yuki", "Zeynep", "Andrea",
  "Clara", "Eva", "Felix", "Greta", "Henrik", "Isabel", "Jorge", "Katya", "Lars", "Maya",
};

static const char * const last_names[] = {
  "Smith", "Chen", "García", "Müller", "Rossi", "Kowalski", "Nguyen", "Silva", "Ivanov", "Tanaka",
  "Patel", "Kim", "Larsen", "Dubois", "Novak", "Okafor", "Haddad", "Fischer", "Moreau", "Costa",
  "Jensen", "Yamamoto", "Khan", "López", "Schmidt", "Ferrari", "Nowak", "Tran", "Santos", "Petrov",
  "Suzuki", "Shah", "Park", "Berg", "Laurent", "Horvat", "Mensah", "Nasser", "Weber", "Almeida",
};

static const char * const companies[] = {
  "@github", "@google", "@microsoft", "@mozilla", "@gnome", "@redhat", "Acme Corp", "Initech",
  "University of Oslo", "ETH Zürich", "Freelance", "@canonical", "Stripe", "@apache",
};

static const char * const locations[] = {
  "San Francisco, CA", "Berlin, Germany", "Tokyo, Japan", "London, UK", "Paris, France",
  "São Paulo, Brazil", "Bangalore, India", "Toronto, Canada", "Lagos, Nigeria", "Amsterdam",
  "Seoul, South Korea", "Sydney, Australia", "Portland, OR", "Warsaw, Poland", "Helsinki",
};

static const char * const bios[] = {
  "Open source enthusiast.", "I write code and break things.", "Compilers, databases, coffee.",
  "Maintainer of a few small libraries.", "Data engineer. Python and Rust.",
  "Making the web faster.", "Systems programmer.", "Student, learning in public.",
};

static const struct
{
  const char *login;
  const char *name;
} classic_names[] = {
  { "gvanrossum", "Guido van Rossum" },
  { "wesm", "Wes McKinney" },
  { "tebeka", "Miki Tebeka" },
  { "torvalds", "Linus Torvalds" },
};

/* splitmix64: one stream per login, so every field is a pure function of it */
typedef struct
{
  guint64 state;
} Rng;

static guint64
rng_next (Rng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static guint64
rng_below (Rng     *rng,
           guint64  n)
{
  return rng_next (rng) % n;
}

#define RNG_PICK(rng, array) ((array)[rng_below ((rng), G_N_ELEMENTS (array))])

static void
rng_init (Rng        *rng,
          const char *login)
{
  /* FNV-1a over the lower-cased login: GitHub logins are case-insensitive */
  guint64 hash = G_GUINT64_CONSTANT (0xCBF29CE484222325);

  for (const char *p = login; *p != '\0'; p++)
    {
      hash ^= (guchar) g_ascii_tolower (*p);
      hash *= G_GUINT64_CONSTANT (0x100000001B3);
    }

  rng->state = hash;
}

static char *
format_timestamp (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static Fault
fault_from_login (const char *login)
{
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      if (g_str_has_prefix (login, faults[i].prefix))
        return faults[i].fault;
    }

  return FAULT_NONE;
}

static char *
builder_to_string (JsonBuilder *builder,
                gsize       *len)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, len);
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* A GitHub-shaped user, derived from the login alone. */
static char *
build_user_json (PxMockServer *self,
                 const char   *login,
                 Fault         fault,
                 gsize        *len)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *node_id_raw = NULL;
  g_autofree char *node_id = NULL;
  g_autofree char *avatar_url = NULL;
  g_autofree char *html_url = NULL;
  g_autofree char *api_url = NULL;
  g_autofree char *name = NULL;
  g_autofree char *blog = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *updated_at = NULL;
  g_autofree char *escaped = g_uri_escape_string (login, NULL, FALSE);
  const char *company = NULL;
  const char *location = NULL;
  const char *bio = NULL;
  gint64 created;
  gint64 updated;
  guint64 id;
  Rng rng;

  rng_init (&rng, login);

  id = 1 + rng_below (&rng, 190000000);
  node_id_raw = g_strdup_printf ("04:User%" G_GUINT64_FORMAT, id);
  node_id = g_base64_encode ((const guchar *) node_id_raw, strlen (node_id_raw));
  avatar_url = g_strdup_printf ("https://avatars.githubusercontent.com/u/%" G_GUINT64_FORMAT "?v=4", id);
  html_url = g_strdup_printf ("https://github.com/%s", escaped);
  api_url = g_strdup_printf ("%s/users/%s", self->url, escaped);

  /* About one user in six has no display name, as on GitHub */
  if (rng_below (&rng, 6) != 0)
    name = g_strdup_printf ("%s %s", RNG_PICK (&rng, first_names), RNG_PICK (&rng, last_names));
  for (guint i = 0; i < G_N_ELEMENTS (classic_names); i++)
    {
      if (g_ascii_strcasecmp (login, classic_names[i].login) == 0)
        {
          g_free (name);
          name = g_strdup (classic_names[i].name);
        }
    }

  if (rng_below (&rng, 2) == 0)
    company = RNG_PICK (&rng, companies);
  blog = rng_below (&rng, 3) == 0 ? g_strdup_printf ("https://%s.dev", escaped) : g_strdup ("");
  if (rng_below (&rng, 3) != 0)
    location = RNG_PICK (&rng, locations);
  if (rng_below (&rng, 2) == 0)
    bio = RNG_PICK (&rng, bios);

  created = FIRST_CREATED + (gint64) rng_below (&rng, LAST_CREATED - FIRST_CREATED + 1);
  updated = created + (gint64) rng_below (&rng, LAST_CREATED - created + 1);
  created_at = format_timestamp (created);
  updated_at = format_timestamp (updated);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "login");
  if (fault == FAULT_TYPE)
    json_builder_add_int_value (builder, 42);
  else
    json_builder_add_string_value (builder, login);

  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, (gint64) id);
  json_builder_set_member_name (builder, "node_id");
  json_builder_add_string_value (builder, node_id);
  json_builder_set_member_name (builder, "avatar_url");
  json_builder_add_string_value (builder, avatar_url);
  json_builder_set_member_name (builder, "gravatar_id");
  json_builder_add_string_value (builder, "");
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, api_url);
  json_builder_set_member_name (builder, "html_url");
  json_builder_add_string_value (builder, html_url);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "User");
  json_builder_set_member_name (builder, "site_admin");
  json_builder_add_boolean_value (builder, FALSE);
  add_nullable_string (builder, "name", name);
  add_nullable_string (builder, "company", company);
  add_nullable_string (builder, "blog", blog);
  add_nullable_string (builder, "location", location);
  add_nullable_string (builder, "email", NULL);
  json_builder_set_member_name (builder, "hireable");
  json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "bio");
  if (fault == FAULT_BIG)
    {
      g_autofree char *big = g_malloc (BIG_BIO_BYTES + 1);

      memset (big, 'x', BIG_BIO_BYTES);
      big[BIG_BIO_BYTES] = '\0';
      json_builder_add_string_value (builder, big);
    }
  else if (bio != NULL)
    json_builder_add_string_value (builder, bio);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "twitter_username");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "public_repos");
  json_builder_add_int_value (builder, (gint64) rng_below (&rng, 300));
  json_builder_set_member_name (builder, "public_gists");
  json_builder_add_int_value (builder, (gint64) rng_below (&rng, 50));
  json_builder_set_member_name (builder, "followers");
  json_builder_add_int_value (builder, (gint64) rng_below (&rng, 20000));
  json_builder_set_member_name (builder, "following");
  json_builder_add_int_value (builder, (gint64) rng_below (&rng, 500));

  if (fault == FAULT_TYPE)
    {
      json_builder_set_member_name (builder, "created_at");
      json_builder_add_string_value (builder, "the day before yesterday");
    }
  else if (fault != FAULT_MISSING)
    {
      json_builder_set_member_name (builder, "created_at");
      json_builder_add_string_value (builder, created_at);
    }
  json_builder_set_member_name (builder, "updated_at");
  json_builder_add_string_value (builder, updated_at);

  json_builder_end_object (builder);

  return builder_to_string (builder, len);
}

static char *
build_message_json (const char *message,
                    const char *documentation_url,
                    gsize      *len)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "documentation_url");
  json_builder_add_string_value (builder, documentation_url);
  json_builder_end_object (builder);

  return builder_to_string (builder, len);
}

static void
set_rate_limit_headers (SoupMessageHeaders *headers,
                        guint               remaining)
{
  g_autofree char *limit = g_strdup_printf ("%u", RATE_LIMIT);
  g_autofree char *remaining_str = g_strdup_printf ("%u", remaining);
  g_autofree char *used = g_strdup_printf ("%u", RATE_LIMIT - remaining);
  g_autofree char *reset = g_strdup_printf ("%" G_GINT64_FORMAT,
                                            g_get_real_time () / G_USEC_PER_SEC + 3600);

  soup_message_headers_replace (headers, "x-ratelimit-limit", limit);
  soup_message_headers_replace (headers, "x-ratelimit-remaining", remaining_str);
  soup_message_headers_replace (headers, "x-ratelimit-reset", reset);
  soup_message_headers_replace (headers, "x-ratelimit-used", used);
  soup_message_headers_replace (headers, "x-ratelimit-resource", "core");
}

static void
note_served (PxMockServer *self)
{
  g_atomic_int_inc (&self->n_served);
}

#define SEEN_KEY "px-mock-server-seen"

/* Marks the request's connection, counting it the first time. */
static void
note_connection (PxMockServer      *self,
                 SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL && g_object_get_data (G_OBJECT (socket), SEEN_KEY) == NULL)
    {
      g_object_set_data (G_OBJECT (socket), SEEN_KEY, GINT_TO_POINTER (TRUE));
      g_atomic_int_inc (&self->n_connections);
    }
}

static void
pending_unqueue (Pending *p)
{
  if (p->queued)
    g_queue_unlink (&p->self->pending, &p->link);
  p->queued = FALSE;
}

static void
pending_free (Pending *p)
{
  pending_unqueue (p);
  if (p->counted)
    g_atomic_int_add (&p->self->in_flight, -1);
  g_clear_pointer (&p->late_body, g_bytes_unref);
  g_object_unref (p->msg);
  g_free (p);
}

static void
update_deadlines (PxMockServer *self)
{
  Pending *head = g_queue_peek_head (&self->pending);

  g_source_set_ready_time (self->deadlines, head != NULL ? head->deadline : -1);
}

/* Queues p by its deadline, delay_ms from now. */
static void
pending_arm (Pending *p,
             guint    delay_ms)
{
  GQueue *queue = &p->self->pending;
  GList *before = queue->tail;

  p->deadline = g_get_monotonic_time () + (gint64) delay_ms * 1000;

  /* With one latency for all, the newest deadline is the latest. */
  while (before != NULL && ((Pending *) before->data)->deadline > p->deadline)
    before = before->prev;
  g_queue_insert_after_link (queue, before, &p->link);
  p->queued = TRUE;

  if (queue->head == &p->link)
    update_deadlines (p->self);
}

/* counted: held for the latency, before anything is sent; otherwise the
 * headers are already on their way and only the body of fault-slow-* waits. */
static void
hold_response (PxMockServer      *self,
               SoupServerMessage *msg,
               guint              delay_ms,
               gboolean           counted,
               GBytes            *late_body)
{
  Pending *p = g_new0 (Pending, 1);
  guint in_flight;

  p->self = self;
  p->msg = g_object_ref (msg);
  p->link.data = p;
  p->late_body = late_body != NULL ? g_bytes_ref (late_body) : NULL;
  p->counted = counted;

  if (counted)
    {
      in_flight = (guint) g_atomic_int_add (&self->in_flight, 1) + 1;
      if (in_flight > (guint) g_atomic_int_get (&self->max_in_flight))
        g_atomic_int_set (&self->max_in_flight, in_flight);
    }

  if (counted)
    soup_server_message_pause (msg);
  pending_arm (p, delay_ms);
}

/* p's deadline has come, and it is out of the queue. */
static void
pending_expired (Pending *p)
{
  PxMockServer *self = p->self;

  if (p->counted)
    {
      /* The latency is over: the response goes out now */
      p->counted = FALSE;
      g_atomic_int_add (&self->in_flight, -1);
      note_served (self);

      if (p->late_body != NULL)
        {
          /* Let the headers go; with no body yet the server's I/O pauses
           * itself after them, until the stall is over. */
          soup_server_message_unpause (p->msg);
          pending_arm (p, SLOW_STALL_MS);
          return;
        }
    }
  else if (p->late_body != NULL)
    {
      SoupMessageBody *body = soup_server_message_get_response_body (p->msg);

      soup_message_body_append_bytes (body, p->late_body);
      soup_message_body_complete (body);
    }

  soup_server_message_unpause (p->msg);
  pending_free (p);
}

static gboolean
deadlines_cb (gpointer user_data)
{
  PxMockServer *self = user_data;
  gint64 now = g_get_monotonic_time ();
  Pending *p;

  while ((p = g_queue_peek_head (&self->pending)) != NULL && p->deadline <= now)
    {
      pending_unqueue (p);
      pending_expired (p);
    }
  update_deadlines (self);

  return G_SOURCE_CONTINUE;
}

static gboolean
deadlines_dispatch (GSource     *source,
                    GSourceFunc  callback,
                    gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs deadlines_funcs = { NULL, NULL, deadlines_dispatch, NULL, NULL, NULL };

static gboolean
check_authorization (PxMockServer       *self,
                     SoupMessageHeaders *request_headers)
{
  const char *auth = soup_message_headers_get_one (request_headers, "Authorization");
  g_autoptr(GMutexLocker) locker = NULL;

  if (auth == NULL)
    return FALSE;

  locker = g_mutex_locker_new (&self->token_mutex);
  if (self->expected_token == NULL)
    {
      if (g_str_has_prefix (auth, "Bearer ") && auth[strlen ("Bearer ")] != '\0')
        g_atomic_int_inc (&self->n_authorized);
    }
  else
    {
      g_autofree char *expected = g_strconcat ("Bearer ", self->expected_token, NULL);

      if (g_str_equal (auth, expected))
        g_atomic_int_inc (&self->n_authorized);
    }

  return TRUE;
}

static guint
latency_for_request (PxMockServer *self,
                     GHashTable   *query)
{
  const char *value = query != NULL ? g_hash_table_lookup (query, "latency_ms") : NULL;
  guint64 latency;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 0, MAX_LATENCY_MS, &latency, NULL))
    return (guint) latency;

  return (guint) g_atomic_int_get (&self->latency_ms);
}

/* The API takes no request bodies: none is kept in memory, and one that
 * announces more than a little is refused before it is read. */
static void
request_got_headers_cb (SoupServerMessage *msg,
                        gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) <= PX_MOCK_SERVER_MAX_REQUEST_BODY)
    return;
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_NONE)
    return;

  soup_server_message_set_status (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_signal_connect (msg, "got-headers", G_CALLBACK (request_got_headers_cb), NULL);
}

static void
px_mock_server_request_cb (SoupServer        *server,
                           SoupServerMessage *msg,
                           const char        *path,
                           GHashTable        *query,
                           gpointer           user_data)
{
  PxMockServer *self = user_data;
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *login = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GBytes) late_body = NULL;
  const char *canonical = NULL;
  guint latency = latency_for_request (self, query);
  guint status = SOUP_STATUS_OK;
  guint remaining;
  gsize len = 0;
  Fault fault = FAULT_NONE;

  note_connection (self, msg);

  /* The header says whether a token came, never what it was */
  if (check_authorization (self, soup_server_message_get_request_headers (msg)))
    soup_message_headers_replace (response_headers, "x-parallax-auth", "present");

  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      note_served (self);
      return;
    }

  if (g_str_has_prefix (path, "/users/") && strchr (path + strlen ("/users/"), '/') == NULL)
    login = g_uri_unescape_string (path + strlen ("/users/"), "/");

  if (login != NULL)
    {
      g_autofree char *key = g_ascii_strdown (login, -1);

      fault = fault_from_login (login);
      canonical = g_hash_table_lookup (self->logins, key);
    }

  if (fault == FAULT_DROP)
    {
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

      g_io_stream_close (stream, NULL, NULL);
      note_served (self);
      return;
    }

  remaining = RATE_LIMIT - 1 - (guint) g_atomic_int_get (&self->n_served) % (RATE_LIMIT - 1);
  set_rate_limit_headers (response_headers, remaining);
  soup_message_headers_replace (response_headers, "x-github-api-version-selected", "2022-11-28");

  if (login == NULL || (canonical == NULL && fault == FAULT_NONE))
    {
      status = SOUP_STATUS_NOT_FOUND;
      body = build_message_json ("Not Found", GITHUB_DOCS "/users/users#get-a-user", &len);
    }
  else
    {
      switch (fault)
        {
        case FAULT_NONE:
          body = build_user_json (self, canonical, fault, &len);
          break;

        case FAULT_500:
          status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
          body = build_message_json ("Server Error", GITHUB_DOCS, &len);
          break;

        case FAULT_RATELIMIT:
          status = SOUP_STATUS_FORBIDDEN;
          set_rate_limit_headers (response_headers, 0);
          body = build_message_json ("API rate limit exceeded for 127.0.0.1. (But here's the good "
                                     "news: Authenticated requests get a higher rate limit. Check "
                                     "out the documentation for more details.)",
                                     GITHUB_DOCS "/overview/resources-in-the-rest-api#rate-limiting",
                                     &len);
          break;

        case FAULT_MALFORMED:
          {
            g_autofree char *full = build_user_json (self, login, fault, &len);

            /* Cut mid-string: not JSON any more */
            len /= 2;
            body = g_strndup (full, len);
          }
          break;

        case FAULT_SLOW:
          {
            char *full = build_user_json (self, login, fault, &len);

            late_body = g_bytes_new_take (full, len);
            soup_message_headers_set_content_length (response_headers, len);
          }
          break;

        case FAULT_BIG:
        case FAULT_TYPE:
        case FAULT_MISSING:
          body = build_user_json (self, login, fault, &len);
          break;

        case FAULT_DROP:
        default:
          g_assert_not_reached ();
        }
    }

  soup_server_message_set_status (msg, status, NULL);
  if (late_body != NULL)
    soup_message_headers_replace (response_headers, "Content-Type", "application/json; charset=utf-8");
  else
    soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE,
                                      g_steal_pointer (&body), len);

  if (latency > 0)
    hold_response (self, msg, latency, TRUE, late_body);
  else
    {
      note_served (self);
      if (late_body != NULL)
        hold_response (self, msg, SLOW_STALL_MS, FALSE, late_body);
    }
}

static void
px_mock_server_dispose (GObject *object)
{
  PxMockServer *self = PX_MOCK_SERVER (object);

  /* Held responses first: their sources and message refs go before the
   * server closes the connections under them. */
  while (!g_queue_is_empty (&self->pending))
    pending_free (g_queue_peek_head (&self->pending));
  if (self->deadlines != NULL)
    g_source_destroy (self->deadlines);
  g_clear_pointer (&self->deadlines, g_source_unref);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (px_mock_server_parent_class)->dispose (object);
}

static void
px_mock_server_finalize (GObject *object)
{
  PxMockServer *self = PX_MOCK_SERVER (object);

  g_clear_pointer (&self->logins, g_hash_table_unref);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->expected_token, g_free);
  g_mutex_clear (&self->token_mutex);

  G_OBJECT_CLASS (px_mock_server_parent_class)->finalize (object);
}

static void
px_mock_server_class_init (PxMockServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = px_mock_server_dispose;
  object_class->finalize = px_mock_server_finalize;
}

static void
px_mock_server_init (PxMockServer *self)
{
  g_auto(GStrv) logins = px_fetch_workload_dup_default_logins ();

  g_mutex_init (&self->token_mutex);
  self->latency_ms = PX_MOCK_SERVER_DEFAULT_LATENCY_MS;
  g_queue_init (&self->pending);
  self->logins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; logins[i] != NULL; i++)
    g_hash_table_insert (self->logins, g_ascii_strdown (logins[i], -1), g_strdup (logins[i]));
}

PxMockServer *
px_mock_server_new (guint latency_ms)
{
  PxMockServer *self = g_object_new (PX_TYPE_MOCK_SERVER, NULL);

  self->latency_ms = latency_ms;

  return self;
}

gboolean
px_mock_server_listen (PxMockServer  *self,
                       guint          port,
                       GError       **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(SoupServer) server = NULL;

  g_return_val_if_fail (PX_IS_MOCK_SERVER (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, (guint16) port);
  if (!g_socket_bind (socket, address, TRUE, error))
    return FALSE;

  /* GLib's default backlog of 10 drops SYNs when a thousand clients
   * connect at once; the kernel caps this at somaxconn anyway. */
  g_socket_set_listen_backlog (socket, 1024);
  if (!g_socket_listen (socket, error))
    return FALSE;

  local = g_socket_get_local_address (socket, error);
  if (local == NULL)
    return FALSE;

  server = soup_server_new ("server-header", "GitHub.com", NULL);
  soup_server_add_handler (server, NULL, px_mock_server_request_cb, self, NULL);
  g_signal_connect (server, "request-started", G_CALLBACK (request_started_cb), NULL);
  if (!soup_server_listen_socket (server, socket, 0, error))
    return FALSE;

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  self->context = g_main_context_ref_thread_default ();
  self->server = g_steal_pointer (&server);

  self->deadlines = g_source_new (&deadlines_funcs, sizeof (GSource));
  g_source_set_callback (self->deadlines, deadlines_cb, self, NULL);
  g_source_set_static_name (self->deadlines, "[parallax] mock server latency");
  g_source_attach (self->deadlines, self->context);

  return TRUE;
}

guint
px_mock_server_get_port (PxMockServer *self)
{
  g_return_val_if_fail (PX_IS_MOCK_SERVER (self), 0);

  return self->port;
}

char *
px_mock_server_dup_url (PxMockServer *self)
{
  g_return_val_if_fail (PX_IS_MOCK_SERVER (self), NULL);

  return g_strdup (self->url);
}

guint
px_mock_server_get_latency_ms (PxMockServer *self)
{
  g_return_val_if_fail (PX_IS_MOCK_SERVER (self), 0);

  return (guint) g_atomic_int_get (&self->latency_ms);
}

void
px_mock_server_set_latency_ms (PxMockServer *self,
                               guint         latency_ms)
{
  g_return_if_fail (PX_IS_MOCK_SERVER (self));

  g_atomic_int_set (&self->latency_ms, MIN (latency_ms, MAX_LATENCY_MS));
}

guint
px_mock_server_get_n_served (PxMockServer *self)
{
  g_return_val_if_fail (PX_IS_MOCK_SERVER (self), 0);

  return (guint) g_atomic_int_get (&self->n_served);
}

guint
px_mock_server_get_max_in_flight (PxMockServer *self)
{
  g_return_val_if_fail (PX_IS_MOCK_SERVER (self), 0);

  return (guint) g_atomic_int_get (&self->max_in_flight);
}

guint
px_mock_server_get_n_connections (PxMockServer *self)
{
  g_return_val_if_fail (PX_IS_MOCK_SERVER (self), 0);

  return (guint) g_atomic_int_get (&self->n_connections);
}

void
px_mock_server_set_expected_token (PxMockServer *self,
                                   const char   *token)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (PX_IS_MOCK_SERVER (self));

  locker = g_mutex_locker_new (&self->token_mutex);
  g_free (self->expected_token);
  self->expected_token = g_strdup (token);
}

guint
px_mock_server_get_n_authorized (PxMockServer *self)
{
  g_return_val_if_fail (PX_IS_MOCK_SERVER (self), 0);

  return (guint) g_atomic_int_get (&self->n_authorized);
}
