/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-deadline"

#include "config.h"

#include "px-deadline.h"

struct _PxDeadline
{
  GCancellable *cancellable;
  gint64        deadline_us;
  gboolean      expired;
};

static GMutex lock;
static GCond changed;
static GQueue pending = G_QUEUE_INIT;   /* PxDeadline, earliest first */
static GThread *watcher;

static gint
compare_deadlines (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  gint64 x = ((const PxDeadline *) a)->deadline_us;
  gint64 y = ((const PxDeadline *) b)->deadline_us;

  return (x > y) - (x < y);
}

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

  g_return_val_if_fail (G_IS_CANCELLABLE (cancellable), NULL);

  self = g_new0 (PxDeadline, 1);
  self->cancellable = g_object_ref (cancellable);
  self->deadline_us = deadline_us;

  g_mutex_lock (&lock);
  /* One thread for the program's life, started with the first deadline. */
  if (watcher == NULL)
    watcher = g_thread_new ("px-deadline", watcher_thread, NULL);
  g_queue_insert_sorted (&pending, self, compare_deadlines, NULL);
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
  g_queue_remove (&pending, self);
  g_mutex_unlock (&lock);

  g_object_unref (self->cancellable);
  g_free (self);
}
