/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <pthread.h>
#include <time.h>

#include "px-decompress-workload.h"
#include "px-gil.h"
#include "px-task-context.h"
#include "px-workload.h"

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

typedef struct
{
  PxGil     *gil;
  clockid_t  runner_clock;
  gint64     runner_cpu_us;  /* the runner's CPU while this thread held the GIL */
} Holder;

static gint64
clock_us (clockid_t clock)
{
  struct timespec ts;

  g_assert_cmpint (clock_gettime (clock, &ts), ==, 0);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Takes the GIL as soon as it can and keeps it for a while without ever
 * offering it back, as a C extension that does not release it would. */
static gpointer
holder_thread (gpointer data)
{
  Holder *holder = data;
  gint64 before;

  px_gil_acquire (holder->gil);
  before = clock_us (holder->runner_clock);
  g_usleep (300 * 1000);
  holder->runner_cpu_us = clock_us (holder->runner_clock) - before;
  px_gil_release (holder->gil);

  return NULL;
}

/* Runs one decompress task on this thread while another takes the GIL;
 * returns how much CPU this thread got while the other held it. */
static gint64
decompress_beside_holder (gboolean pure_python)
{
  g_autoptr(PxGil) gil = px_gil_new (5000);
  g_autoptr(PxWorkload) workload = g_object_new (PX_TYPE_DECOMPRESS_WORKLOAD,
                                                 "n-tasks", 1, "pure-python", pure_python, NULL);
  g_autoptr(PxTaskContext) ctx = px_task_context_new (NULL, gil, FALSE);
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GError) error = NULL;
  Holder holder = { .gil = gil };
  PxTaskOutcome outcome;
  GThread *thread;

  g_assert_true (px_workload_prepare (workload, NULL, &error));
  input = px_workload_dup_task_input (workload, 0);
  g_assert_cmpint (pthread_getcpuclockid (pthread_self (), &holder.runner_clock), ==, 0);

  px_task_context_enter (ctx);
  thread = g_thread_new ("gil-holder", holder_thread, &holder);
  /* The holder is queued for the GIL before the task starts. */
  g_usleep (20 * 1000);

  px_task_outcome_init (&outcome);
  g_assert_true (px_workload_execute (workload, input, ctx, &outcome, &error));
  g_assert_no_error (error);
  px_task_outcome_clear (&outcome);
  px_task_context_leave (ctx);
  g_thread_join (thread);

  return holder.runner_cpu_us;
}

/* CPython's bz2 releases the GIL while libbz2 runs: the decompression goes
 * on while another thread holds the lock. Pure Python cannot: it stops
 * until the lock comes back. */
static void
test_c_work_releases (void)
{
  gint64 released = decompress_beside_holder (FALSE);
  gint64 held = decompress_beside_holder (TRUE);

  g_test_message ("CPU while another thread held the GIL: bz2 %.1f ms, pure Python %.1f ms",
                  released / 1e3, held / 1e3);
  g_assert_cmpint (released, >, 5000);
  g_assert_cmpint (held, <, 2000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parallax/gil/turns", test_turns);
  g_test_add_func ("/parallax/gil/c-work-releases", test_c_work_releases);

  return g_test_run ();
}
