/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "px-gil.h"

#define N_THREADS 3
#define RUN_US (300 * 1000)

typedef struct
{
  PxGil  *gil;
  gint   *holders;
  gint    max_holders;
  guint   turns[N_THREADS];
} Shared;

typedef struct
{
  Shared *shared;
  guint   id;
} Worker;

static gpointer
worker_thread (gpointer data)
{
  Worker *worker = data;
  Shared *shared = worker->shared;
  gint64 end = g_get_monotonic_time () + RUN_US;
  gint64 released = 0;

  px_gil_acquire (shared->gil);
  while (g_get_monotonic_time () < end)
    {
      gint now_holding = g_atomic_int_add (shared->holders, 1) + 1;
      gint64 spin_until = g_get_monotonic_time () + 500;

      g_assert_cmpint (now_holding, ==, 1);
      while (g_get_monotonic_time () < spin_until)
        ;
      g_atomic_int_add (shared->holders, -1);

      released = g_get_monotonic_time ();
      px_gil_yield (shared->gil);
      /* Yielding to others shows as time away from the lock. */
      if (g_get_monotonic_time () - released > 100)
        shared->turns[worker->id]++;
    }
  px_gil_release (shared->gil);

  return NULL;
}

static void
test_turns (void)
{
  gint holders = 0;
  Shared shared = { .gil = px_gil_new (5000), .holders = &holders };
  Worker workers[N_THREADS];
  GThread *threads[N_THREADS];

  for (guint i = 0; i < N_THREADS; i++)
    {
      workers[i] = (Worker) { &shared, i };
      threads[i] = g_thread_new ("gil-test", worker_thread, &workers[i]);
    }
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);

  /* Nobody computed at the same time as another (asserted inside), and
   * every thread was made to hand over the lock many times. */
  for (guint i = 0; i < N_THREADS; i++)
    g_assert_cmpuint (shared.turns[i], >=, 5);

  px_gil_free (shared.gil);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parallax/gil/turns", test_turns);

  return g_test_run ();
}
