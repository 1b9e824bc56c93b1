/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-runner"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "px-gil.h"
#include "px-process-pool.h"
#include "px-runner.h"
#include "px-sys.h"
#include "px-task-context.h"
#include "px-workload.h"

struct _PxRunner
{
  GObject   parent_instance;

  char     *worker_path;
  gboolean  return_output;
  int       nice;
  guint     task_timeout_s;
};

/* Events on their way to the caller's context, which takes them in
 * batches: one source and one wake-up for all that came in meanwhile, not
 * one each (a run of 100,000 tasks posts 200,000). The source waits a few
 * milliseconds before it takes them: a caller that is quick to take each
 * batch would otherwise be woken (and its context's lock taken by the run)
 * for nearly every event, which costs the run's thread a syscall or two a
 * task. */
typedef struct
{
  GMainContext *context;
  GMutex        lock;
  GPtrArray    *events;     /* of Event, in the order they were posted */
  GSource      *source;     /* attached to take them, or NULL */
} EventQueue;

#define EVENT_BATCH_US 5000

typedef struct
{
  PxRunner      *runner;
  PxWorkload    *workload;
  PxStrategy     strategy;
  guint          n_workers;
  gboolean       return_output;
  int            nice;
  guint          task_timeout_s;  /* resolved: never 0 */
  EventQueue    *events;
  GCancellable  *cancellable;
  PxGil         *gil;
  guint          n_tasks;
  gint64         start_us;
  gint           next_lane;
  guint64        serial;    /* tells this run from an earlier one at the same address */

  GMutex         lock;
  PxRunResult   *result;
  PxCpuTimes     tasks_cpu;  /* the pool threads' CPU while running tasks */
  gint64         tasks_wait_us;  /* their (or the workers') wait for a CPU; -1: unknown */
  GPtrArray     *contexts;  /* the pool threads' PxTaskContexts */

  /* async strategy: only touched on the driver thread */
  GMainLoop     *loop;
  PxTaskContext *async_ctx;
  guint          next_index;
  guint          in_flight;

  /* processes strategy */
  guint64        pipe_bytes;
  guint64        worker_peak_rss;

  /* the CPU sampler thread */
  GThread       *sampler;
  GMutex         sampler_lock;
  GCond          sampler_cond;
  gboolean       sampler_stop;
} RunJob;

typedef enum
{
  EVENT_STARTED,
  EVENT_FINISHED,
  EVENT_CPU_SAMPLE,
} EventKind;

typedef struct
{
  PxRunner     *runner;
  EventKind     kind;
  guint         index;
  guint         lane;
  gint64        t_us;
  PxTaskRecord *record;
  GArray       *busy;
} Event;

typedef struct
{
  RunJob *job;
  guint   index;
  gint64  start_us;
  GBytes *input;
} AsyncTask;

enum {
  PROP_0,
  PROP_RETURN_OUTPUT,
  N_PROPS
};

enum {
  TASK_STARTED,
  TASK_FINISHED,
  CPU_SAMPLE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];
static gsize n_runs;

G_DEFINE_FINAL_TYPE (PxRunner, px_runner, G_TYPE_OBJECT)

static void event_queue_release (gpointer data);

static void
run_job_free (gpointer data)
{
  RunJob *job = data;

  g_clear_object (&job->runner);
  g_clear_object (&job->workload);
  g_clear_pointer (&job->events, event_queue_release);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->gil, px_gil_free);
  g_clear_object (&job->result);
  g_clear_pointer (&job->contexts, g_ptr_array_unref);
  g_mutex_clear (&job->lock);
  g_mutex_clear (&job->sampler_lock);
  g_cond_clear (&job->sampler_cond);
  g_free (job);
}

static void
event_free (gpointer data)
{
  Event *event = data;

  g_object_unref (event->runner);
  g_clear_pointer (&event->record, px_task_record_free);
  g_clear_pointer (&event->busy, g_array_unref);
  g_free (event);
}

static void
event_emit (Event *event)
{
  switch (event->kind)
    {
    case EVENT_STARTED:
      g_signal_emit (event->runner, signals[TASK_STARTED], 0, event->index, event->lane, event->t_us);
      break;

    case EVENT_FINISHED:
      g_signal_emit (event->runner, signals[TASK_FINISHED], 0, event->record);
      break;

    case EVENT_CPU_SAMPLE:
      g_signal_emit (event->runner, signals[CPU_SAMPLE], 0, event->t_us, event->busy);
      break;

    default:
      g_assert_not_reached ();
    }
}

static EventQueue *
event_queue_new (GMainContext *context)
{
  EventQueue *queue = g_atomic_rc_box_new0 (EventQueue);

  queue->context = g_main_context_ref (context);
  g_mutex_init (&queue->lock);
  queue->events = g_ptr_array_new_with_free_func (event_free);

  return queue;
}

static void
event_queue_clear (gpointer data)
{
  EventQueue *queue = data;

  g_clear_pointer (&queue->source, g_source_unref);
  g_ptr_array_unref (queue->events);
  g_mutex_clear (&queue->lock);
  g_main_context_unref (queue->context);
}

static void
event_queue_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, event_queue_clear);
}

/* On the caller's context: emits every event posted so far, in order. A
 * run's result is returned after its last event is posted, so it arrives
 * after the source that emits that event. */
static gboolean
event_queue_dispatch_cb (gpointer data)
{
  EventQueue *queue = data;
  g_autoptr(GPtrArray) events = NULL;

  g_mutex_lock (&queue->lock);
  events = g_steal_pointer (&queue->events);
  queue->events = g_ptr_array_new_with_free_func (event_free);
  g_clear_pointer (&queue->source, g_source_unref);
  g_mutex_unlock (&queue->lock);

  for (guint i = 0; i < events->len; i++)
    event_emit (g_ptr_array_index (events, i));

  return G_SOURCE_REMOVE;
}

static gboolean
event_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs event_source_funcs = { .dispatch = event_source_dispatch };

static void
post_event (RunJob *job,
            Event  *event)
{
  EventQueue *queue = job->events;

  event->runner = g_object_ref (job->runner);

  g_mutex_lock (&queue->lock);
  g_ptr_array_add (queue->events, event);
  if (queue->source == NULL)
    {
      queue->source = g_source_new (&event_source_funcs, sizeof (GSource));
      g_source_set_priority (queue->source, G_PRIORITY_DEFAULT);
      g_source_set_callback (queue->source, event_queue_dispatch_cb, g_atomic_rc_box_acquire (queue),
                             event_queue_release);
      g_source_set_static_name (queue->source, "[parallax] runner events");
      g_source_set_ready_time (queue->source, g_get_monotonic_time () + EVENT_BATCH_US);
      g_source_attach (queue->source, queue->context);
    }
  g_mutex_unlock (&queue->lock);
}

/* The events posted so far go out at once: the run's result, returned
 * next, must find them emitted. */
static void
event_queue_flush (EventQueue *queue)
{
  g_mutex_lock (&queue->lock);
  if (queue->source != NULL)
    g_source_set_ready_time (queue->source, 0);
  g_mutex_unlock (&queue->lock);
}

static void
post_started (RunJob *job,
              guint   index,
              guint   lane,
              gint64  start_us)
{
  Event *event = g_new0 (Event, 1);

  event->kind = EVENT_STARTED;
  event->index = index;
  event->lane = lane;
  event->t_us = start_us - job->start_us;
  post_event (job, event);
}

/* Completes a record (label, input size, times relative to the run) and
 * hands it to the result and to the caller's context. */
static void
post_finished (RunJob       *job,
               PxTaskRecord *record,
               guint64       bytes_in)
{
  Event *event;

  record->label = px_workload_dup_task_label (job->workload, record->index);
  record->bytes_in = bytes_in;
  record->start_us -= job->start_us;
  record->end_us -= job->start_us;

  g_mutex_lock (&job->lock);
  px_run_result_take_task (job->result, px_task_record_copy (record));
  g_mutex_unlock (&job->lock);

  event = g_new0 (Event, 1);
  event->kind = EVENT_FINISHED;
  event->record = record;
  post_event (job, event);
}

/* A difference of two readings of px_thread_cpu_wait_us (); -1 if either
 * was unknown. */
static gint64
wait_between (gint64 before,
              gint64 after)
{
  return before >= 0 && after >= 0 ? MAX (after - before, 0) : -1;
}

/* Called with the job's lock held. */
static void
add_task_wait (RunJob *job,
               gint64  wait_us)
{
  if (wait_us < 0 || job->tasks_wait_us < 0)
    job->tasks_wait_us = -1;
  else
    job->tasks_wait_us += wait_us;
}

static PxTaskRecord *
record_from_outcome (RunJob         *job,
                     guint           index,
                     guint           lane,
                     gint64          start_us,
                     gint64          cpu_us,
                     gint64          cpu_wait_us,
                     PxTaskOutcome  *outcome,
                     gboolean        ok,
                     GError         *error)
{
  PxTaskRecord *record = px_task_record_new ();
  g_autoptr(GError) verify_error = NULL;

  record->index = index;
  record->lane = lane;
  record->start_us = start_us;
  record->end_us = g_get_monotonic_time ();
  record->cpu_us = outcome->cpu_us >= 0 ? outcome->cpu_us : cpu_us;
  record->cpu_wait_us = outcome->cpu_wait_us >= 0 ? outcome->cpu_wait_us : cpu_wait_us;

  if (!ok)
    record->error = g_strdup (error->message);
  else if (record->end_us - start_us > (gint64) job->task_timeout_s * G_USEC_PER_SEC)
    record->error = g_strdup_printf (ngettext ("timed out after %u s", "timed out after %u s",
                                               job->task_timeout_s), job->task_timeout_s);
  else if (!px_workload_verify (job->workload, index, outcome, &verify_error))
    record->error = g_strdup (verify_error->message);
  else
    {
      record->bytes_out = outcome->out_len;
      record->summary = g_steal_pointer (&outcome->summary);
    }

  return record;
}

static void
pool_run_task (gpointer data,
               gpointer user_data)
{
  static __thread guint64 thread_job;
  static __thread guint lane;
  static __thread PxTaskContext *ctx;
  RunJob *job = user_data;
  guint index = GPOINTER_TO_UINT (data) - 1;
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GError) error = NULL;
  PxTaskOutcome outcome;
  PxCpuTimes times_before = { 0 }, times_after = { 0 };
  gint64 start_us, cpu_before, cpu_us, wait_before, wait_us;
  gboolean ok;

  /* Each pool thread is one lane, numbered in the order they start, with
   * one context for all its tasks (where a workload keeps its
   * connections); the job frees the contexts when the pool is done. */
  if (thread_job != job->serial)
    {
      thread_job = job->serial;
      lane = g_atomic_int_add (&job->next_lane, 1);
      px_set_thread_nice (job->nice);
      ctx = px_task_context_new (job->cancellable, job->gil, FALSE);
      px_task_context_set_task_timeout_us (ctx, (gint64) job->task_timeout_s * G_USEC_PER_SEC);
      g_mutex_lock (&job->lock);
      g_ptr_array_add (job->contexts, ctx);
      g_mutex_unlock (&job->lock);
    }

  if (g_cancellable_is_cancelled (job->cancellable))
    return;

  input = px_workload_dup_task_input (job->workload, index);
  px_task_outcome_init (&outcome);

  start_us = g_get_monotonic_time ();
  post_started (job, index, lane, start_us);

  /* Waiting for the simulated GIL is waiting for a lock, not for a CPU:
   * the thread sleeps meanwhile, off every run queue (once handed the
   * lock, its wait to be scheduled counts as a wait for a CPU). */
  wait_before = px_thread_cpu_wait_us ();
  px_task_context_enter (ctx);
  px_thread_cpu_times (&times_before);
  cpu_before = px_thread_cpu_us ();
  ok = px_workload_execute (job->workload, input, ctx, &outcome, &error);
  cpu_us = px_thread_cpu_us () - cpu_before;
  px_thread_cpu_times (&times_after);
  px_task_context_leave (ctx);
  wait_us = wait_between (wait_before, px_thread_cpu_wait_us ());

  g_mutex_lock (&job->lock);
  job->tasks_cpu.user_us += times_after.user_us - times_before.user_us;
  job->tasks_cpu.sys_us += times_after.sys_us - times_before.sys_us;
  add_task_wait (job, wait_us);
  g_mutex_unlock (&job->lock);

  /* A task cut short by Stop did not finish: it is not a failure. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    post_finished (job,
                   record_from_outcome (job, index, lane, start_us, cpu_us, wait_us, &outcome, ok, error),
                   g_bytes_get_size (input));

  px_task_outcome_clear (&outcome);
}

static gboolean
run_with_thread_pool (RunJob  *job,
                      GError **error)
{
  GThreadPool *pool;

  pool = g_thread_pool_new (pool_run_task, job, job->n_workers, TRUE, error);
  if (pool == NULL)
    return FALSE;

  for (guint i = 0; i < job->n_tasks; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);

  /* Returns once every queued task ran (or saw the cancellation). */
  g_thread_pool_free (pool, FALSE, TRUE);
  g_ptr_array_set_size (job->contexts, 0);

  return TRUE;
}

static void async_start_next (RunJob *job);

static void
async_task_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AsyncTask *task = user_data;
  RunJob *job = task->job;
  g_autoptr(GError) error = NULL;
  PxTaskOutcome outcome;
  gboolean ok;

  px_task_outcome_init (&outcome);
  ok = px_workload_execute_finish (job->workload, result, &outcome, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    post_finished (job,
                   record_from_outcome (job, task->index, 0, task->start_us, 0, -1, &outcome, ok, error),
                   g_bytes_get_size (task->input));

  px_task_outcome_clear (&outcome);
  g_bytes_unref (task->input);
  g_free (task);

  job->in_flight--;
  async_start_next (job);

  if (job->in_flight == 0)
    g_main_loop_quit (job->loop);
}

static void
async_start_next (RunJob *job)
{
  AsyncTask *task;

  if (job->next_index >= job->n_tasks || g_cancellable_is_cancelled (job->cancellable))
    return;

  task = g_new0 (AsyncTask, 1);
  task->job = job;
  task->index = job->next_index++;
  task->input = px_workload_dup_task_input (job->workload, task->index);
  task->start_us = g_get_monotonic_time ();
  job->in_flight++;

  post_started (job, task->index, 0, task->start_us);
  px_workload_execute_async (job->workload, task->input, job->async_ctx, job->cancellable,
                             async_task_done_cb, task);
}

/* Runs a main loop on a context of its own on this (driver) thread, so the
 * caller's context is never busy with the work itself. */
static GMainContext *
push_private_context (RunJob *job)
{
  GMainContext *context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  job->loop = g_main_loop_new (context, FALSE);

  return context;
}

static void
pop_private_context (RunJob       *job,
                     GMainContext *context)
{
  /* Let sources that were cancelled on the way out run their course. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_clear_pointer (&job->loop, g_main_loop_unref);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
}

static void
run_async_strategy (RunJob *job)
{
  GMainContext *context = push_private_context (job);

  job->async_ctx = px_task_context_new (job->cancellable, NULL, FALSE);
  px_task_context_set_task_timeout_us (job->async_ctx, (gint64) job->task_timeout_s * G_USEC_PER_SEC);

  for (guint i = 0; i < job->n_workers; i++)
    async_start_next (job);

  if (job->in_flight > 0)
    g_main_loop_run (job->loop);

  g_clear_pointer (&job->async_ctx, px_task_context_free);
  pop_private_context (job, context);
}

static void
process_pool_started_cb (PxProcessPool *pool,
                         guint          index,
                         guint          lane,
                         RunJob        *job)
{
  post_started (job, index, lane, g_get_monotonic_time ());
}

static void
process_pool_finished_cb (PxProcessPool      *pool,
                          const PxTaskRecord *record,
                          RunJob             *job)
{
  g_autoptr(GBytes) input = px_workload_dup_task_input (job->workload, record->index);

  /* Each worker process reports its own wait; a task that failed without
   * an answer (its worker died) has none and tells nothing. */
  if (record->error == NULL || record->cpu_wait_us >= 0)
    {
      g_mutex_lock (&job->lock);
      add_task_wait (job, record->cpu_wait_us);
      g_mutex_unlock (&job->lock);
    }

  post_finished (job, px_task_record_copy (record), g_bytes_get_size (input));
}

static void
process_pool_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  RunJob *job = user_data;

  px_process_pool_run_finish (PX_PROCESS_POOL (object), result, NULL);
  g_main_loop_quit (job->loop);
}

static gboolean
run_with_processes (RunJob  *job,
                    GError **error)
{
  g_autofree char *worker_path = NULL;
  g_autoptr(PxProcessPool) pool = NULL;
  GMainContext *context;

  worker_path = job->runner->worker_path != NULL ? g_strdup (job->runner->worker_path)
                                                 : px_find_worker_binary ();
  if (!g_file_test (worker_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The worker program %s is missing"), worker_path);
      return FALSE;
    }

  context = push_private_context (job);

  pool = px_process_pool_new (worker_path, job->workload, job->n_workers, job->return_output);
  g_signal_connect (pool, "task-started", G_CALLBACK (process_pool_started_cb), job);
  g_signal_connect (pool, "task-finished", G_CALLBACK (process_pool_finished_cb), job);
  px_process_pool_set_task_timeout_us (pool, (gint64) job->task_timeout_s * G_USEC_PER_SEC);
  px_process_pool_run_async (pool, job->cancellable, process_pool_done_cb, job);
  g_main_loop_run (job->loop);

  job->pipe_bytes = px_process_pool_get_pipe_bytes (pool);
  job->worker_peak_rss = px_process_pool_get_peak_rss_bytes (pool);
  g_clear_object (&pool);

  pop_private_context (job, context);

  return TRUE;
}

/* Samples each core's use from /proc/stat while the run goes on: what the
 * OS saw, other programs included. */
static gpointer
sampler_thread (gpointer data)
{
  RunJob *job = data;
  g_autoptr(GArray) busy_before = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GArray) total_before = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GArray) busy_now = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GArray) total_now = g_array_new (FALSE, FALSE, sizeof (guint64));
  gboolean stop = FALSE;

  if (!px_read_core_times (busy_before, total_before))
    return NULL;

  while (!stop)
    {
      gint64 deadline = g_get_monotonic_time () + PX_CPU_SAMPLE_INTERVAL_US;
      GArray *fractions;
      Event *event;

      g_mutex_lock (&job->sampler_lock);
      while (!job->sampler_stop && g_cond_wait_until (&job->sampler_cond, &job->sampler_lock, deadline))
        ;
      stop = job->sampler_stop;
      g_mutex_unlock (&job->sampler_lock);

      if (!px_read_core_times (busy_now, total_now) || busy_now->len != busy_before->len)
        break;

      fractions = g_array_sized_new (FALSE, FALSE, sizeof (double), busy_now->len);
      for (guint c = 0; c < busy_now->len; c++)
        {
          guint64 d_busy = g_array_index (busy_now, guint64, c) - g_array_index (busy_before, guint64, c);
          guint64 d_total = g_array_index (total_now, guint64, c) - g_array_index (total_before, guint64, c);
          double fraction = d_total > 0 ? CLAMP ((double) d_busy / d_total, 0., 1.) : 0.;

          g_array_append_val (fractions, fraction);
        }
      g_array_set_size (busy_before, 0);
      g_array_append_vals (busy_before, busy_now->data, busy_now->len);
      g_array_set_size (total_before, 0);
      g_array_append_vals (total_before, total_now->data, total_now->len);

      event = g_new0 (Event, 1);
      event->kind = EVENT_CPU_SAMPLE;
      event->t_us = g_get_monotonic_time () - job->start_us;
      event->busy = fractions;

      g_mutex_lock (&job->lock);
      px_run_result_add_cpu_sample (job->result, event->t_us, (const double *) (gpointer) fractions->data,
                                    fractions->len);
      g_mutex_unlock (&job->lock);

      post_event (job, event);
    }

  return NULL;
}

static void
sampler_stop (RunJob *job)
{
  g_mutex_lock (&job->sampler_lock);
  job->sampler_stop = TRUE;
  g_cond_signal (&job->sampler_cond);
  g_mutex_unlock (&job->sampler_lock);

  g_clear_pointer (&job->sampler, g_thread_join);
}

static void
run_serial_part (RunJob *job)
{
  g_autoptr(PxTaskContext) ctx = px_task_context_new (job->cancellable, job->gil, FALSE);

  px_task_context_enter (ctx);
  px_workload_run_serial (job->workload, ctx);
  px_task_context_leave (ctx);
}

/* Each run has a driver thread of its own (not one of GTask's shared
 * ones): its niceness and CPU time are the run's alone.
 *
 * The CPU time of a run is that of the threads it runs on (this driver
 * thread, which also runs the serial part, the event loop and the pipes;
 * the pool threads while they run tasks) and of its reaped worker
 * processes: neither the UI drawing the run nor the embedded server
 * (a process of its own) counts. */
static gpointer
run_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  RunJob *job = g_task_get_task_data (task);
  GCancellable *cancellable = job->cancellable;
  g_autoptr(GError) error = NULL;
  PxCpuTimes driver_before = { 0 }, children_before = { 0 }, self_before = { 0 };
  PxCpuTimes driver_after = { 0 }, children_after = { 0 }, self_after = { 0 };
  gint64 end_us, driver_wait_before, driver_wait, live_before, live_after;
  gint64 busy_before = 0, steal_before = 0, busy_after = 0, steal_after = 0;
  gint64 run_user_us, run_sys_us, process_cpu_us, cpu_wait_us, others_us = -1, app_us = -1, steal_us = -1;
  gboolean machine_known;
  gboolean ok = TRUE;

  /* Worker processes inherit it from this thread, which starts them. */
  px_set_thread_nice (job->nice);

  if (!px_workload_prepare (job->workload, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return NULL;
    }

  job->n_tasks = px_workload_get_n_tasks (job->workload);
  job->result = px_run_result_new (px_workload_get_name (job->workload), job->strategy,
                                   job->n_workers, job->n_tasks);
  if (job->strategy == PX_STRATEGY_GIL)
    job->gil = px_gil_new (PX_GIL_SWITCH_INTERVAL_US);

  px_peak_rss_reset ();
  machine_known = px_read_machine_times (&busy_before, &steal_before);
  live_before = px_live_children_cpu_us ();
  driver_wait_before = px_thread_cpu_wait_us ();
  px_thread_cpu_times (&driver_before);
  px_process_cpu_times (&self_before, &children_before);
  job->start_us = g_get_monotonic_time ();
  job->sampler = g_thread_new ("px-cpu-sampler", sampler_thread, job);

  if (px_workload_has_serial_part (job->workload))
    {
      gint64 serial_start = g_get_monotonic_time ();

      run_serial_part (job);
      g_mutex_lock (&job->lock);
      px_run_result_set_serial_span (job->result, serial_start - job->start_us,
                                     g_get_monotonic_time () - job->start_us);
      g_mutex_unlock (&job->lock);
    }

  switch (job->strategy)
    {
    case PX_STRATEGY_SEQUENTIAL:
    case PX_STRATEGY_THREADS:
    case PX_STRATEGY_GIL:
      ok = run_with_thread_pool (job, &error);
      break;

    case PX_STRATEGY_ASYNC:
      run_async_strategy (job);
      break;

    case PX_STRATEGY_PROCESSES:
      ok = run_with_processes (job, &error);
      break;

    default:
      g_assert_not_reached ();
    }

  end_us = g_get_monotonic_time ();
  px_thread_cpu_times (&driver_after);
  px_process_cpu_times (&self_after, &children_after);
  driver_wait = wait_between (driver_wait_before, px_thread_cpu_wait_us ());
  live_after = px_live_children_cpu_us ();
  machine_known = px_read_machine_times (&busy_after, &steal_after) && machine_known;
  sampler_stop (job);
  event_queue_flush (job->events);

  if (!ok)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return NULL;
    }

  if (g_task_return_error_if_cancelled (task))
    return NULL;

  run_user_us = (driver_after.user_us - driver_before.user_us) + job->tasks_cpu.user_us +
                (children_after.user_us - children_before.user_us);
  run_sys_us = (driver_after.sys_us - driver_before.sys_us) + job->tasks_cpu.sys_us +
               (children_after.sys_us - children_before.sys_us);
  px_run_result_set_measurements (job->result, end_us - job->start_us, run_user_us, run_sys_us,
                                  job->pipe_bytes, px_peak_rss_bytes () + job->worker_peak_rss);

  /* The async strategy runs its tasks on the driver thread, whose wait
   * already counts them. */
  cpu_wait_us = driver_wait < 0 || job->tasks_wait_us < 0 ? -1
              : driver_wait + (job->strategy == PX_STRATEGY_ASYNC ? 0 : job->tasks_wait_us);

  /* Everything the machine did besides this run: other programs, and this
   * program's own other threads (the app's drawing) and live children (the
   * embedded server), which compete for the cores just the same. The
   * /proc/stat ticks are coarse (10 ms a core), hence the clamps. */
  if (machine_known)
    {
      process_cpu_us = (self_after.user_us - self_before.user_us) + (self_after.sys_us - self_before.sys_us) +
                       (children_after.user_us - children_before.user_us) +
                       (children_after.sys_us - children_before.sys_us) + (live_after - live_before);
      steal_us = MAX (steal_after - steal_before, 0);
      others_us = MAX (busy_after - busy_before - run_user_us - run_sys_us, 0);
      app_us = CLAMP (process_cpu_us - run_user_us - run_sys_us, 0, others_us);
    }
  px_run_result_set_contention (job->result, cpu_wait_us, others_us, app_us, steal_us);

  g_task_return_pointer (task, g_steal_pointer (&job->result), g_object_unref);
  return NULL;
}

static void
px_runner_finalize (GObject *object)
{
  PxRunner *self = (PxRunner *) object;

  g_clear_pointer (&self->worker_path, g_free);

  G_OBJECT_CLASS (px_runner_parent_class)->finalize (object);
}

static void
px_runner_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PxRunner *self = PX_RUNNER (object);

  switch (prop_id)
    {
    case PROP_RETURN_OUTPUT:
      g_value_set_boolean (value, px_runner_get_return_output (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_runner_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PxRunner *self = PX_RUNNER (object);

  switch (prop_id)
    {
    case PROP_RETURN_OUTPUT:
      px_runner_set_return_output (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_runner_class_init (PxRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = px_runner_finalize;
  object_class->get_property = px_runner_get_property;
  object_class->set_property = px_runner_set_property;

  properties[PROP_RETURN_OUTPUT] =
    g_param_spec_boolean ("return-output", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TASK_STARTED] = g_signal_new ("task-started", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_INT64);
  signals[TASK_FINISHED] = g_signal_new ("task-finished", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1,
                                         PX_TYPE_TASK_RECORD | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[CPU_SAMPLE] = g_signal_new ("cpu-sample", G_TYPE_FROM_CLASS (klass),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_ARRAY);
}

static void
px_runner_init (PxRunner *self)
{
  self->return_output = TRUE;
}

PxRunner *
px_runner_new (void)
{
  return g_object_new (PX_TYPE_RUNNER, NULL);
}

void
px_runner_set_return_output (PxRunner *self,
                             gboolean  return_output)
{
  g_return_if_fail (PX_IS_RUNNER (self));

  return_output = !!return_output;
  if (self->return_output != return_output)
    {
      self->return_output = return_output;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETURN_OUTPUT]);
    }
}

gboolean
px_runner_get_return_output (PxRunner *self)
{
  g_return_val_if_fail (PX_IS_RUNNER (self), FALSE);

  return self->return_output;
}

void
px_runner_set_nice (PxRunner *self,
                    int       nice)
{
  g_return_if_fail (PX_IS_RUNNER (self));

  self->nice = nice;
}

void
px_runner_set_task_timeout (PxRunner *self,
                            guint     seconds)
{
  g_return_if_fail (PX_IS_RUNNER (self));

  self->task_timeout_s = MIN (seconds, PX_MAX_TASK_TIMEOUT_S);
}

void
px_runner_set_worker_path (PxRunner   *self,
                           const char *path)
{
  g_return_if_fail (PX_IS_RUNNER (self));

  g_free (self->worker_path);
  self->worker_path = g_strdup (path);
}

void
px_runner_run_async (PxRunner            *self,
                     PxWorkload          *workload,
                     PxStrategy           strategy,
                     guint                n_workers,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GMainContext) caller_context = g_main_context_ref_thread_default ();
  RunJob *job;

  g_return_if_fail (PX_IS_RUNNER (self));
  g_return_if_fail (PX_IS_WORKLOAD (workload));
  g_return_if_fail (strategy < PX_N_STRATEGIES);
  g_return_if_fail (n_workers > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (RunJob, 1);
  job->serial = g_atomic_pointer_add (&n_runs, 1) + 1;
  job->runner = g_object_ref (self);
  job->workload = g_object_ref (workload);
  job->strategy = strategy;
  job->n_workers = strategy == PX_STRATEGY_SEQUENTIAL ? 1 : n_workers;
  job->return_output = self->return_output;
  job->nice = self->nice;
  job->task_timeout_s = self->task_timeout_s > 0 ? self->task_timeout_s : px_workload_get_task_timeout_s (workload);
  job->events = event_queue_new (caller_context);
  g_set_object (&job->cancellable, cancellable);
  g_mutex_init (&job->lock);
  g_mutex_init (&job->sampler_lock);
  g_cond_init (&job->sampler_cond);
  job->contexts = g_ptr_array_new_with_free_func ((GDestroyNotify) px_task_context_free);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, px_runner_run_async);
  g_task_set_task_data (task, job, run_job_free);
  /* The caller's records must all arrive before the result does. */
  g_task_set_check_cancellable (task, FALSE);
  g_thread_unref (g_thread_new ("px-run", run_thread, g_steal_pointer (&task)));
}

PxRunResult *
px_runner_run_finish (PxRunner      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (PX_IS_RUNNER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
