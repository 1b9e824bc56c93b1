/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-gil"

#include "config.h"

#include "px-gil.h"

/* A ticket lock: threads are served in the order they asked, so a holder
 * that yields cannot take the lock straight back while others wait. */
struct _PxGil
{
  GMutex  mutex;
  GCond   cond;
  guint64 next_ticket;
  guint64 now_serving;
  gint64  held_since;
  gint64  switch_interval_us;
};

PxGil *
px_gil_new (gint64 switch_interval_us)
{
  PxGil *gil = g_new0 (PxGil, 1);

  g_mutex_init (&gil->mutex);
  g_cond_init (&gil->cond);
  gil->switch_interval_us = switch_interval_us;

  return gil;
}

void
px_gil_free (PxGil *gil)
{
  if (gil == NULL)
    return;

  g_mutex_clear (&gil->mutex);
  g_cond_clear (&gil->cond);
  g_free (gil);
}

void
px_gil_acquire (PxGil *gil)
{
  guint64 ticket;

  g_mutex_lock (&gil->mutex);
  ticket = gil->next_ticket++;
  while (gil->now_serving != ticket)
    g_cond_wait (&gil->cond, &gil->mutex);
  gil->held_since = g_get_monotonic_time ();
  g_mutex_unlock (&gil->mutex);
}

void
px_gil_release (PxGil *gil)
{
  g_mutex_lock (&gil->mutex);
  gil->now_serving++;
  g_cond_broadcast (&gil->cond);
  g_mutex_unlock (&gil->mutex);
}

void
px_gil_yield (PxGil *gil)
{
  gboolean contended;

  g_mutex_lock (&gil->mutex);
  contended = gil->next_ticket > gil->now_serving + 1;
  if (g_get_monotonic_time () - gil->held_since < gil->switch_interval_us)
    contended = FALSE;
  g_mutex_unlock (&gil->mutex);

  if (contended)
    {
      px_gil_release (gil);
      px_gil_acquire (gil);
    }
}
