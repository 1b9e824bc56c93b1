/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "px-test-server.h"

static gpointer
server_thread_func (gpointer data)
{
  ServerThread *st = data;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (st->context);

  st->server = px_mock_server_new (st->latency_ms);
  px_mock_server_listen (st->server, 0, &error);
  g_assert_no_error (error);
  st->url = px_mock_server_dup_url (st->server);

  g_mutex_lock (&st->mutex);
  st->ready = TRUE;
  g_cond_signal (&st->cond);
  g_mutex_unlock (&st->mutex);

  g_main_loop_run (st->loop);

  /* Disposed on its own thread, with responses possibly still held */
  g_clear_object (&st->server);
  while (g_main_context_iteration (st->context, FALSE))
    ;

  g_main_context_pop_thread_default (st->context);

  return NULL;
}

ServerThread *
server_thread_start (guint latency_ms)
{
  ServerThread *st = g_new0 (ServerThread, 1);

  g_mutex_init (&st->mutex);
  g_cond_init (&st->cond);
  st->latency_ms = latency_ms;
  st->context = g_main_context_new ();
  st->loop = g_main_loop_new (st->context, FALSE);
  st->thread = g_thread_new ("mock-server", server_thread_func, st);

  g_mutex_lock (&st->mutex);
  while (!st->ready)
    g_cond_wait (&st->cond, &st->mutex);
  g_mutex_unlock (&st->mutex);

  return st;
}

void
server_thread_stop (ServerThread *st)
{
  g_main_loop_quit (st->loop);
  g_thread_join (st->thread);
  g_main_loop_unref (st->loop);
  g_main_context_unref (st->context);
  g_mutex_clear (&st->mutex);
  g_cond_clear (&st->cond);
  g_free (st->url);
  g_free (st);
}
