/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-gil"

#include "config.h"

#include "px-gil.h"

/* CPython's rules: the holder keeps the lock until it waits for I/O, runs C
 * code that releases it, or — having held it for the switch interval —
 * sees that another thread asks for it. Waiters sleep, each on a condition
 * of its own, and are served in the order they asked: a release hands the
 * lock straight to the first of them, so the releaser cannot take it back
 * while others wait, and only the thread whose turn it is wakes up. */
typedef struct
{
  GCond    cond;
  gboolean granted;
} Waiter;

struct _PxGil
{
  GMutex  mutex;
  GQueue  waiters;
  gint    n_waiters;  /* atomic: read without the mutex at each checkpoint */
  gboolean held;
  gint64  held_since;
  gint64  switch_interval_us;
};

PxGil *
px_gil_new (gint64 switch_interval_us)
{
  PxGil *gil = g_new0 (PxGil, 1);

  g_mutex_init (&gil->mutex);
  g_queue_init (&gil->waiters);
  gil->switch_interval_us = switch_interval_us;

  return gil;
}

void
px_gil_free (PxGil *gil)
{
  if (gil == NULL)
    return;

  g_warn_if_fail (g_queue_is_empty (&gil->waiters));
  g_mutex_clear (&gil->mutex);
  g_free (gil);
}

void
px_gil_acquire (PxGil *gil)
{
  Waiter waiter = { .granted = FALSE };

  g_mutex_lock (&gil->mutex);
  if (!gil->held)
    {
      gil->held = TRUE;
      gil->held_since = g_get_monotonic_time ();
      g_mutex_unlock (&gil->mutex);
      return;
    }

  g_cond_init (&waiter.cond);
  g_queue_push_tail (&gil->waiters, &waiter);
  g_atomic_int_inc (&gil->n_waiters);
  while (!waiter.granted)
    g_cond_wait (&waiter.cond, &gil->mutex);
  gil->held_since = g_get_monotonic_time ();
  g_mutex_unlock (&gil->mutex);
  g_cond_clear (&waiter.cond);
}

void
px_gil_release (PxGil *gil)
{
  Waiter *next;

  g_mutex_lock (&gil->mutex);
  next = g_queue_pop_head (&gil->waiters);
  if (next != NULL)
    {
      /* Handed over: the lock stays held, by the next thread. */
      g_atomic_int_add (&gil->n_waiters, -1);
      next->granted = TRUE;
      g_cond_signal (&next->cond);
    }
  else
    gil->held = FALSE;
  g_mutex_unlock (&gil->mutex);
}

void
px_gil_yield (PxGil *gil)
{
  gboolean asked;

  /* The common case, nobody waiting, costs one atomic read. */
  if (g_atomic_int_get (&gil->n_waiters) == 0)
    return;

  g_mutex_lock (&gil->mutex);
  asked = !g_queue_is_empty (&gil->waiters) &&
          g_get_monotonic_time () - gil->held_since >= gil->switch_interval_us;
  g_mutex_unlock (&gil->mutex);

  if (asked)
    {
      px_gil_release (gil);
      px_gil_acquire (gil);
    }
}
