/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "px-hostile-server.h"

#define DEEP 100000

struct _HostileServer
{
  GSocket   *socket;
  GThread   *acceptor;
  GPtrArray *handlers;  /* GThread */
  GMutex     lock;
  gboolean   stopping;
  char      *url;
};

static void
send_all (GSocket    *socket,
          const char *data,
          gsize       length)
{
  while (length > 0)
    {
      gssize n = g_socket_send (socket, data, length, NULL, NULL);

      if (n <= 0)
        return;
      data += n;
      length -= n;
    }
}

static char *
read_login (GSocket *socket)
{
  g_autoptr(GString) request = g_string_new (NULL);
  char buf[1024];
  const char *path;
  const char *end;

  while (strstr (request->str, "\r\n\r\n") == NULL && request->len < 65536)
    {
      gssize n = g_socket_receive (socket, buf, sizeof buf, NULL, NULL);

      if (n <= 0)
        return NULL;
      g_string_append_len (request, buf, n);
    }

  path = strstr (request->str, "/users/");
  if (path == NULL || (end = strchr (path, ' ')) == NULL)
    return NULL;
  path += strlen ("/users/");

  return g_strndup (path, end - path);
}

static gpointer
handle_connection (gpointer data)
{
  g_autoptr(GSocket) socket = data;
  g_autofree char *login = read_login (socket);
  const char *reply = NULL;

  if (login == NULL)
    return NULL;

  if (g_str_equal (login, "empty"))
    reply = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  else if (g_str_equal (login, "nocontent"))
    reply = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
  else if (g_str_equal (login, "badchunk"))
    reply = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n";
  else if (g_str_equal (login, "ctrlreason"))
    reply = "HTTP/1.1 500 \x1b]0;pwned\x07\x1b[2J\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  else if (g_str_equal (login, "deep"))
    {
      g_autoptr(GString) body = g_string_new (NULL);
      g_autofree char *head = NULL;

      for (guint i = 0; i < DEEP; i++)
        g_string_append_c (body, '[');
      for (guint i = 0; i < DEEP; i++)
        g_string_append_c (body, ']');
      head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", body->len);
      send_all (socket, head, strlen (head));
      send_all (socket, body->str, body->len);
    }
  else if (g_str_equal (login, "trickle"))
    {
      static const char head[] = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n{";

      /* One byte every 200 ms: never silent long enough for an idle timeout. */
      send_all (socket, head, sizeof head - 1);
      for (guint i = 0; i < 600; i++)
        {
          g_usleep (200000);
          if (g_socket_send (socket, " ", 1, NULL, NULL) <= 0)
            break;
        }
    }
  else
    reply = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

  if (reply != NULL)
    send_all (socket, reply, strlen (reply));
  g_socket_shutdown (socket, FALSE, TRUE, NULL);
  g_socket_close (socket, NULL);

  return NULL;
}

static gpointer
accept_connections (gpointer data)
{
  HostileServer *self = data;

  for (;;)
    {
      GSocket *client = g_socket_accept (self->socket, NULL, NULL);

      if (client == NULL)
        return NULL;

      g_mutex_lock (&self->lock);
      if (self->stopping)
        {
          g_mutex_unlock (&self->lock);
          g_object_unref (client);
          return NULL;
        }
      g_ptr_array_add (self->handlers, g_thread_new ("hostile", handle_connection, client));
      g_mutex_unlock (&self->lock);
    }
}

HostileServer *
hostile_server_start (void)
{
  HostileServer *self = g_new0 (HostileServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GError) error = NULL;

  self->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (self->socket, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (self->socket, &error);
  g_assert_no_error (error);
  local = g_socket_get_local_address (self->socket, &error);
  g_assert_no_error (error);

  self->url = g_strdup_printf ("http://127.0.0.1:%u",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
  self->handlers = g_ptr_array_new ();
  g_mutex_init (&self->lock);
  self->acceptor = g_thread_new ("hostile-accept", accept_connections, self);

  return self;
}

const char *
hostile_server_get_url (HostileServer *self)
{
  return self->url;
}

void
hostile_server_stop (HostileServer *self)
{
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_mutex_unlock (&self->lock);

  /* Wakes the acceptor out of accept(). */
  g_socket_shutdown (self->socket, TRUE, TRUE, NULL);
  g_socket_close (self->socket, NULL);
  g_thread_join (self->acceptor);

  for (guint i = 0; i < self->handlers->len; i++)
    g_thread_join (g_ptr_array_index (self->handlers, i));
  g_ptr_array_unref (self->handlers);
  g_mutex_clear (&self->lock);
  g_object_unref (self->socket);
  g_free (self->url);
  g_free (self);
}
