/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-deadline"

#include "config.h"

#include "px-deadline.h"

struct _PxDeadline
{
  GCancellable *cancellable;
  gint64        deadline_us;
  gboolean      expired;
  GList        *link;         /* in pending while it waits */
};

static GMutex lock;
static GCond changed;
static GQueue pending = G_QUEUE_INIT;   /* PxDeadline, earliest first */
static GThread *watcher;

static gpointer
watcher_thread (gpointer data)
{
  g_mutex_lock (&lock);

  for (;;)
    {
      PxDeadline *first = g_queue_peek_head (&pending);

      if (first == NULL)
        {
          g_cond_wait (&changed, &lock);
          continue;
        }

      if (g_get_monotonic_time () < first->deadline_us)
        {
          g_cond_wait_until (&changed, &lock, first->deadline_us);
          continue;
        }

      g_queue_pop_head (&pending);
      first->link = NULL;
      first->expired = TRUE;
      /* Under the lock: px_deadline_stop cannot free it meanwhile. */
      g_cancellable_cancel (first->cancellable);
    }

  return NULL;
}

PxDeadline *
px_deadline_start (GCancellable *cancellable,
                   gint64        deadline_us)
{
  PxDeadline *self;
  GList *link;

  g_return_val_if_fail (G_IS_CANCELLABLE (cancellable), NULL);

  self = g_new0 (PxDeadline, 1);
  self->cancellable = g_object_ref (cancellable);
  self->deadline_us = deadline_us;

  g_mutex_lock (&lock);
  /* One thread for the program's life, started with the first deadline. */
  if (watcher == NULL)
    watcher = g_thread_new ("px-deadline", watcher_thread, NULL);
  /* Tasks start in order with the same timeout: a new deadline is almost
   * always the latest, so look from the tail, and wake the watcher only
   * when it becomes the earliest. */
  link = g_queue_peek_tail_link (&pending);
  while (link != NULL && ((PxDeadline *) link->data)->deadline_us > deadline_us)
    link = link->prev;
  if (link != NULL)
    g_queue_insert_after_link (&pending, link, g_list_alloc ());
  else
    g_queue_push_head_link (&pending, g_list_alloc ());
  self->link = link != NULL ? link->next : pending.head;
  self->link->data = self;
  if (self->link == pending.head)
    g_cond_signal (&changed);
  g_mutex_unlock (&lock);

  return self;
}

gboolean
px_deadline_expired (PxDeadline *self)
{
  gboolean expired;

  g_mutex_lock (&lock);
  expired = self->expired;
  g_mutex_unlock (&lock);

  return expired;
}

void
px_deadline_stop (PxDeadline *self)
{
  if (self == NULL)
    return;

  g_mutex_lock (&lock);
  if (self->link != NULL)
    g_queue_delete_link (&pending, self->link);
  g_mutex_unlock (&lock);

  g_object_unref (self->cancellable);
  g_free (self);
}
