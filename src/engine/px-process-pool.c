/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-process-pool"
#define _GNU_SOURCE /* F_SETPIPE_SZ */

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>

#include <glib/gi18n-lib.h>

#include "px-error.h"
#include "px-process-pool.h"
#include "px-protocol.h"
#include "px-run-result.h"
#include "px-workload.h"

/* Tasks sent to a worker ahead of its results, so it starts the next one as
 * soon as it has written a result instead of waiting for us to read it. */
#define PIPELINE_DEPTH 2
/* Room for a whole output, so a worker rarely blocks writing its result. */
#define PIPE_SIZE (1024 * 1024)

typedef struct
{
  PxProcessPool *pool;
  guint          lane;
  GSubprocess   *process;
  char          *pid;           /* kept: GSubprocess forgets it once reaped */
  GCancellable  *cancellable;   /* cancelled when the worker is retired */
  GSource       *deadline;      /* the running task's */
  guint          in_flight[PIPELINE_DEPTH];  /* the first is running, the rest queued */
  guint          n_in_flight;
  guint8         header_data[PX_FRAME_HEADER_SIZE];
  PxFrameHeader  header;
  guint8        *payload;       /* the record, its padding, the bulk data */
  gsize          length;
  GBytes        *writing;       /* what is being written */
  GQueue         queued;        /* GBytes to write after it, in order */
  gint64         peak_rss;
} WorkerSlot;

struct _PxProcessPool
{
  GObject       parent_instance;

  char         *worker_path;
  PxWorkload   *workload;
  guint         n_workers;
  gboolean      return_output;

  GTask        *task;
  GSource      *cancel_source;
  GBytes       *setup_frame;
  WorkerSlot   *slots;
  guint         n_slots;
  guint         next_index;
  GQueue        requeued;     /* tasks a dead worker had queued, not started */
  guint         n_tasks;
  guint         n_finished;
  guint         n_exiting;
  gint64        start_us;
  guint64       pipe_bytes;
  guint         n_spawn_failures;
  gint64        task_timeout_us;
  gboolean      shutting_down;
};

enum {
  TASK_STARTED,
  TASK_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PxProcessPool, px_process_pool, G_TYPE_OBJECT)

static void slot_fill (WorkerSlot *slot);
static void pool_maybe_finish (PxProcessPool *self);

static gboolean
pool_is_cancelled (PxProcessPool *self)
{
  return g_cancellable_is_cancelled (g_task_get_cancellable (self->task));
}

static void
slot_clear (WorkerSlot *slot)
{
  g_cancellable_cancel (slot->cancellable);
  g_clear_object (&slot->cancellable);
  g_clear_object (&slot->process);
  g_clear_pointer (&slot->pid, g_free);
  if (slot->deadline != NULL)
    g_source_destroy (slot->deadline);
  g_clear_pointer (&slot->deadline, g_source_unref);
  g_clear_pointer (&slot->payload, g_free);
  g_clear_pointer (&slot->writing, g_bytes_unref);
  g_queue_clear_full (&slot->queued, (GDestroyNotify) g_bytes_unref);
}

/* Each async operation holds the pool; its callback adopts the reference. */
static gpointer
slot_hold (WorkerSlot *slot)
{
  g_object_ref (slot->pool);
  return slot;
}

/* A callback of a worker that has since been retired or replaced. */
static gboolean
slot_is_stale (WorkerSlot *slot,
               GObject    *stream)
{
  return slot->process == NULL ||
         (stream != G_OBJECT (g_subprocess_get_stdout_pipe (slot->process)) &&
          stream != G_OBJECT (g_subprocess_get_stdin_pipe (slot->process)));
}

static void
finish_task (PxProcessPool *self,
             PxTaskRecord  *record)
{
  self->n_finished++;
  g_signal_emit (self, signals[TASK_FINISHED], 0, record);
  px_task_record_free (record);
}

static void
fail_task (PxProcessPool *self,
           guint          index,
           guint          lane,
           const char    *message)
{
  PxTaskRecord *record = px_task_record_new ();
  gint64 now = g_get_monotonic_time ();

  record->index = index;
  record->lane = lane;
  record->start_us = now;
  record->end_us = now;
  record->error = g_strdup (message);
  finish_task (self, record);
}

static void
slot_wait_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PxProcessPool) self = user_data;
  GSubprocess *process = G_SUBPROCESS (object);

  /* Told to stop, a healthy worker exits with 0 (killed ones are
   * signalled): anything else is a bug in the worker worth hearing of. */
  if (g_subprocess_wait_finish (process, result, NULL) &&
      g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) != 0)
    g_warning ("A worker exited with status %d after its tasks", g_subprocess_get_exit_status (process));
  self->n_exiting--;
  pool_maybe_finish (self);
}

/* Takes the worker out of service; it is reaped asynchronously. */
static void
slot_retire (WorkerSlot *slot,
             gboolean    kill)
{
  PxProcessPool *self = slot->pool;
  GSubprocess *process = g_steal_pointer (&slot->process);

  slot_clear (slot);
  slot->n_in_flight = 0;

  if (process == NULL)
    return;

  if (kill)
    g_subprocess_force_exit (process);
  else
    g_output_stream_close (g_subprocess_get_stdin_pipe (process), NULL, NULL);

  self->n_exiting++;
  /* No cancellable: even a cancelled run reaps every worker it started. */
  g_subprocess_wait_async (process, NULL, slot_wait_cb, g_object_ref (self));
  g_object_unref (process);
}

static char *
describe_exit (GSubprocess *process)
{
  if (g_subprocess_get_if_signaled (process))
    {
      int sig = g_subprocess_get_term_sig (process);

      return g_strdup_printf (_("killed by signal %d (%s)"), sig, g_strsignal (sig));
    }

  return g_strdup_printf (_("exited with status %d"), g_subprocess_get_exit_status (process));
}

typedef struct
{
  PxProcessPool *self;
  guint          index;
  guint          lane;
  char          *pid;
  char          *reason;
} DeathData;

static void
death_wait_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DeathData *data = user_data;
  GSubprocess *process = G_SUBPROCESS (object);
  g_autofree char *how = NULL;
  g_autofree char *message = NULL;

  g_subprocess_wait_finish (process, result, NULL);
  how = describe_exit (process);

  if (data->reason != NULL)
    message = g_strdup_printf (_("Worker %u (pid %s) %s, and was stopped: %s"), data->lane + 1,
                               data->pid, data->reason, how);
  else
    message = g_strdup_printf (_("Worker %u (pid %s) died during the task: %s"), data->lane + 1,
                               data->pid, how);

  fail_task (data->self, data->index, data->lane, message);
  data->self->n_exiting--;

  slot_fill (&data->self->slots[data->lane]);
  pool_maybe_finish (data->self);

  g_object_unref (data->self);
  g_free (data->pid);
  g_free (data->reason);
  g_free (data);
}

/* The worker broke its side of the protocol (it died, or sent garbage):
 * its task fails with the reason, and a fresh worker takes the slot. */
static void
slot_broken (WorkerSlot *slot,
             const char *reason)
{
  PxProcessPool *self = slot->pool;
  g_autoptr(GSubprocess) process = g_steal_pointer (&slot->process);
  g_autofree char *pid = g_steal_pointer (&slot->pid);
  DeathData *data;
  guint index = slot->in_flight[0];
  guint n_in_flight = slot->n_in_flight;

  /* Only the running task is lost; the queued ones go to another worker. */
  for (guint i = n_in_flight; i > 1; i--)
    g_queue_push_head (&self->requeued, GUINT_TO_POINTER (slot->in_flight[i - 1]));

  slot_clear (slot);
  slot->n_in_flight = 0;

  if (process == NULL)
    return;

  if (n_in_flight == 0 || pool_is_cancelled (self))
    {
      slot->process = g_steal_pointer (&process);
      slot_retire (slot, TRUE);
      return;
    }

  data = g_new0 (DeathData, 1);
  data->self = g_object_ref (self);
  data->index = index;
  data->lane = slot->lane;
  data->pid = g_steal_pointer (&pid);
  data->reason = g_strdup (reason);

  g_subprocess_force_exit (process);
  self->n_exiting++;
  g_subprocess_wait_async (process, NULL, death_wait_cb, data);
}

static void slot_header_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data);

/* The first task in flight is the one the worker is running: announce it,
 * and wait for its result. */
static gboolean
slot_deadline_cb (gpointer user_data)
{
  WorkerSlot *slot = user_data;
  g_autofree char *reason = NULL;
  guint seconds = slot->pool->task_timeout_us / G_USEC_PER_SEC;

  g_clear_pointer (&slot->deadline, g_source_unref);
  /* A hung worker (stopped, looping, stuck on a trickling server) is
   * killed; a fresh one takes its lane and the run goes on. */
  reason = g_strdup_printf (ngettext ("timed out after %u s", "timed out after %u s", seconds), seconds);
  slot_broken (slot, reason);

  return G_SOURCE_REMOVE;
}

static void
slot_start_head (WorkerSlot *slot)
{
  if (slot->deadline != NULL)
    g_source_destroy (slot->deadline);
  g_clear_pointer (&slot->deadline, g_source_unref);
  if (slot->pool->task_timeout_us > 0)
    {
      slot->deadline = g_timeout_source_new (slot->pool->task_timeout_us / 1000);
      g_source_set_callback (slot->deadline, slot_deadline_cb, slot, NULL);
      g_source_attach (slot->deadline, g_main_context_get_thread_default ());
    }

  g_signal_emit (slot->pool, signals[TASK_STARTED], 0, slot->in_flight[0], slot->lane);
  g_input_stream_read_all_async (g_subprocess_get_stdout_pipe (slot->process),
                                 slot->header_data, PX_FRAME_HEADER_SIZE, G_PRIORITY_DEFAULT,
                                 slot->cancellable, slot_header_cb, slot_hold (slot));
}

static void
slot_payload_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  WorkerSlot *slot = user_data;
  g_autoptr(PxProcessPool) self = slot->pool;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GBytes) record_bytes = NULL;
  g_autoptr(GBytes) bulk = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(PxTaskRecord) record = NULL;
  g_autofree char *reason = NULL;
  PxTaskOutcome outcome;
  const char *domain, *message, *summary;
  gint64 start_us, end_us, cpu_us, cpu_wait_us;
  guint64 out_len, peak_rss;
  guint32 checksum;
  guint index;
  int code;
  gsize n_read = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (object), result, &n_read, &error) ||
      n_read != slot->length)
    {
      if (!slot_is_stale (slot, object))
        slot_broken (slot, NULL);
      return;
    }

  if (slot_is_stale (slot, object))
    return;

  self->pipe_bytes += PX_FRAME_HEADER_SIZE + slot->length;
  payload = g_bytes_new_take (g_steal_pointer (&slot->payload), slot->length);
  record_bytes = g_bytes_new_from_bytes (payload, 0, slot->header.record_length);
  bulk = g_bytes_new_from_bytes (payload, PX_FRAME_PADDED (slot->header.record_length),
                                 slot->header.bulk_length);

  if (slot->header.kind != PX_FRAME_RESULT)
    {
      reason = g_strdup_printf (_("sent a “%c” frame instead of a result"), slot->header.kind);
      slot_broken (slot, reason);
      return;
    }

  reply = px_frame_decode_record (PX_FRAME_RESULT, record_bytes, &error);
  if (reply == NULL)
    {
      reason = g_strdup_printf (_("sent a malformed reply (%s)"), error->message);
      slot_broken (slot, reason);
      return;
    }

  g_variant_get (reply, "(u&si&sxxxxtu&st)", &index, &domain, &code, &message,
                 &start_us, &end_us, &cpu_us, &cpu_wait_us, &out_len, &checksum, &summary, &peak_rss);

  if (index != slot->in_flight[0])
    {
      reason = g_strdup_printf (_("answered task %u while working on task %u"), index + 1,
                                slot->in_flight[0] + 1);
      slot_broken (slot, reason);
      return;
    }

  /* The times are the worker's word: ordered, and within the run so far
   * (worker and parent share CLOCK_MONOTONIC), so no sum can overflow. */
  if (start_us < self->start_us || end_us < start_us || end_us > g_get_monotonic_time () ||
      cpu_us < 0 || cpu_us > (end_us - start_us) + G_USEC_PER_SEC)
    {
      slot_broken (slot, _("reported impossible times"));
      return;
    }

  if (slot->deadline != NULL)
    g_source_destroy (slot->deadline);
  g_clear_pointer (&slot->deadline, g_source_unref);

  record = px_task_record_new ();
  record->index = index;
  record->lane = slot->lane;
  record->start_us = start_us;
  record->end_us = end_us;
  record->cpu_us = cpu_us;
  record->cpu_wait_us = MAX (cpu_wait_us, -1);
  record->bytes_out = out_len;
  record->pid = slot->pid != NULL ? (guint) g_ascii_strtoull (slot->pid, NULL, 10) : 0;
  slot->peak_rss = MAX (slot->peak_rss, (gint64) peak_rss);

  px_task_outcome_init (&outcome);
  outcome.out_len = out_len;
  outcome.checksum = checksum;
  if (g_bytes_get_size (bulk) > 0)
    outcome.output = g_bytes_ref (bulk);

  if (domain[0] != '\0')
    record->error = g_strdup (message);
  else if (outcome.output != NULL &&
           (g_bytes_get_size (outcome.output) != out_len ||
            px_checksum (0, g_bytes_get_data (outcome.output, NULL), out_len) != checksum))
    record->error = g_strdup (_("The output that came back over the pipe does not match its checksum"));
  else if (!px_workload_verify (self->workload, index, &outcome, &error))
    record->error = g_strdup (error->message);
  else
    record->summary = g_strdup (summary);

  px_task_outcome_clear (&outcome);

  slot->n_in_flight--;
  memmove (slot->in_flight, slot->in_flight + 1, slot->n_in_flight * sizeof slot->in_flight[0]);
  finish_task (self, g_steal_pointer (&record));

  if (slot->n_in_flight > 0)
    slot_start_head (slot);
  slot_fill (slot);
  pool_maybe_finish (self);
}

static void
slot_header_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  WorkerSlot *slot = user_data;
  PxProcessPool *self = slot->pool;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  gsize n_read = 0;
  gboolean ok;

  ok = g_input_stream_read_all_finish (G_INPUT_STREAM (object), result, &n_read, &error) &&
       n_read == PX_FRAME_HEADER_SIZE;

  if (slot_is_stale (slot, object))
    {
      g_object_unref (self);
      return;
    }

  if (!ok)
    {
      slot_broken (slot, NULL);
      g_object_unref (self);
      return;
    }

  if (!px_frame_parse_header (slot->header_data, &slot->header, &error))
    {
      reason = g_strdup_printf (_("sent a malformed reply (%s)"), error->message);
      slot_broken (slot, reason);
      g_object_unref (self);
      return;
    }

  slot->length = PX_FRAME_PADDED (slot->header.record_length) + slot->header.bulk_length;
  slot->payload = g_malloc (slot->length);
  /* slot_payload_cb adopts the reference taken for the header read */
  g_input_stream_read_all_async (g_subprocess_get_stdout_pipe (slot->process),
                                 slot->payload, slot->length, G_PRIORITY_DEFAULT,
                                 slot->cancellable, slot_payload_cb, slot);
}

static void slot_send (WorkerSlot *slot,
                       GBytes     *frame);

static void
slot_write_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  WorkerSlot *slot = user_data;
  g_autoptr(PxProcessPool) self = slot->pool;
  gsize written = 0;

  /* A worker that died mid-write shows up as end of file on the read side. */
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, NULL);
  self->pipe_bytes += written;

  if (slot_is_stale (slot, object))
    return;

  g_clear_pointer (&slot->writing, g_bytes_unref);
  if (!g_queue_is_empty (&slot->queued))
    {
      g_autoptr(GBytes) next = g_queue_pop_head (&slot->queued);

      slot_send (slot, next);
    }
}

/* One write at a time per stream: bytes sent while others are still being
 * written wait their turn. */
static void
slot_send (WorkerSlot *slot,
           GBytes     *frame)
{
  if (g_bytes_get_size (frame) == 0)
    return;

  if (slot->writing != NULL)
    {
      g_queue_push_tail (&slot->queued, g_bytes_ref (frame));
      return;
    }

  slot->writing = g_bytes_ref (frame);
  g_output_stream_write_all_async (g_subprocess_get_stdin_pipe (slot->process),
                                   g_bytes_get_data (frame, NULL), g_bytes_get_size (frame),
                                   G_PRIORITY_DEFAULT, slot->cancellable, slot_write_cb,
                                   slot_hold (slot));
}

static gboolean
slot_spawn (WorkerSlot  *slot,
            GError     **error)
{
  PxProcessPool *self = slot->pool;
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  g_autofree char *parent = g_strdup_printf ("%d", (int) getpid ());

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* The worker checks it is still ours once it has asked to die with us. */
  g_subprocess_launcher_setenv (launcher, "PX_WORKER_PARENT", parent, TRUE);
  slot->process = g_subprocess_launcher_spawn (launcher, error, self->worker_path, NULL);
  if (slot->process == NULL)
    return FALSE;
  slot->pid = g_strdup (g_subprocess_get_identifier (slot->process));

  /* Best effort: the kernel may cap it (fs.pipe-max-size). */
  fcntl (g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (g_subprocess_get_stdin_pipe (slot->process))),
         F_SETPIPE_SZ, PIPE_SIZE);
  fcntl (g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (g_subprocess_get_stdout_pipe (slot->process))),
         F_SETPIPE_SZ, PIPE_SIZE);

  slot->cancellable = g_cancellable_new ();
  slot_send (slot, self->setup_frame);

  return TRUE;
}

static gboolean
pool_take_next (PxProcessPool *self,
                guint         *index)
{
  if (!g_queue_is_empty (&self->requeued))
    *index = GPOINTER_TO_UINT (g_queue_pop_head (&self->requeued));
  else if (self->next_index < self->n_tasks)
    *index = self->next_index++;
  else
    return FALSE;

  return TRUE;
}

static guint
pool_n_running (PxProcessPool *self)
{
  guint n = 0;

  for (guint i = 0; i < self->n_slots; i++)
    n += self->slots[i].process != NULL;

  return n;
}

/* Fills the worker's pipeline up to depth tasks; retires it when there is
 * no more work. */
static void
slot_fill_to (WorkerSlot *slot,
              guint       depth)
{
  PxProcessPool *self = slot->pool;
  guint index;

  if (pool_is_cancelled (self))
    {
      slot_retire (slot, TRUE);
      return;
    }

  while (slot->n_in_flight < depth && pool_take_next (self, &index))
    {
      g_autoptr(GBytes) input = NULL;
      g_autoptr(GBytes) frame = NULL;
      g_autoptr(GError) error = NULL;

      if (slot->process == NULL && !slot_spawn (slot, &error))
        {
          g_autofree char *message = NULL;

          /* One failed start (EAGAIN, say) costs this lane, not the run:
           * the task goes back to the queue for the workers still up.
           * With none up, the task fails with the reason, and the next
           * task tries again. */
          if (self->n_spawn_failures++ == 0)
            g_message (_("Could not start worker %u: %s; going on with the workers that run"),
                       slot->lane + 1, error->message);
          if (pool_n_running (self) > 0)
            {
              g_queue_push_head (&self->requeued, GUINT_TO_POINTER (index));
              break;
            }

          message = g_strdup_printf (_("Could not start a worker process: %s"), error->message);
          fail_task (self, index, slot->lane, message);
          continue;
        }

      input = px_workload_dup_task_input (self->workload, index);
      frame = px_frame_encode (PX_FRAME_TASK, g_variant_new ("(u)", index), input);
      slot_send (slot, frame);
      slot_send (slot, input);

      slot->in_flight[slot->n_in_flight++] = index;
      if (slot->n_in_flight == 1)
        slot_start_head (slot);
    }

  if (slot->n_in_flight == 0)
    slot_retire (slot, FALSE);
}

static void
slot_fill (WorkerSlot *slot)
{
  slot_fill_to (slot, PIPELINE_DEPTH);
}

static void
pool_maybe_finish (PxProcessPool *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->task == NULL)
    return;

  for (guint i = 0; i < self->n_slots; i++)
    if (self->slots[i].n_in_flight > 0 || self->slots[i].process != NULL)
      return;

  if (self->n_exiting > 0)
    return;

  task = g_steal_pointer (&self->task);
  if (self->cancel_source != NULL)
    g_source_destroy (self->cancel_source);
  g_clear_pointer (&self->cancel_source, g_source_unref);

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_boolean (task, TRUE);
}

static gboolean
pool_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  PxProcessPool *self = user_data;

  for (guint i = 0; i < self->n_slots; i++)
    slot_retire (&self->slots[i], TRUE);

  g_clear_pointer (&self->cancel_source, g_source_unref);
  pool_maybe_finish (self);

  return G_SOURCE_REMOVE;
}

static void
px_process_pool_dispose (GObject *object)
{
  PxProcessPool *self = (PxProcessPool *) object;

  if (self->cancel_source != NULL)
    g_source_destroy (self->cancel_source);
  g_clear_pointer (&self->cancel_source, g_source_unref);

  for (guint i = 0; i < self->n_slots; i++)
    {
      if (self->slots[i].process != NULL)
        g_subprocess_force_exit (self->slots[i].process);
      slot_clear (&self->slots[i]);
    }
  g_clear_object (&self->workload);
  g_clear_object (&self->task);

  G_OBJECT_CLASS (px_process_pool_parent_class)->dispose (object);
}

static void
px_process_pool_finalize (GObject *object)
{
  PxProcessPool *self = (PxProcessPool *) object;

  g_clear_pointer (&self->slots, g_free);
  g_queue_clear (&self->requeued);
  g_clear_pointer (&self->setup_frame, g_bytes_unref);
  g_clear_pointer (&self->worker_path, g_free);

  G_OBJECT_CLASS (px_process_pool_parent_class)->finalize (object);
}

static void
px_process_pool_class_init (PxProcessPoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = px_process_pool_dispose;
  object_class->finalize = px_process_pool_finalize;

  signals[TASK_STARTED] = g_signal_new ("task-started", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[TASK_FINISHED] = g_signal_new ("task-finished", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1,
                                         PX_TYPE_TASK_RECORD | G_SIGNAL_TYPE_STATIC_SCOPE);

  /* A worker that dies while we write to it must become an error, not
   * take the whole program down with SIGPIPE. */
  signal (SIGPIPE, SIG_IGN);
}

static void
px_process_pool_init (PxProcessPool *self)
{
}

PxProcessPool *
px_process_pool_new (const char *worker_path,
                     PxWorkload *workload,
                     guint       n_workers,
                     gboolean    return_output)
{
  PxProcessPool *self;

  g_return_val_if_fail (worker_path != NULL, NULL);
  g_return_val_if_fail (PX_IS_WORKLOAD (workload), NULL);
  g_return_val_if_fail (n_workers > 0, NULL);

  self = g_object_new (PX_TYPE_PROCESS_POOL, NULL);
  self->worker_path = g_strdup (worker_path);
  self->workload = g_object_ref (workload);
  self->n_workers = n_workers;
  self->return_output = return_output;

  return self;
}

void
px_process_pool_set_task_timeout_us (PxProcessPool *self,
                                     gint64         timeout_us)
{
  g_return_if_fail (PX_IS_PROCESS_POOL (self));

  self->task_timeout_us = MAX (timeout_us, 0);
}

void
px_process_pool_run_async (PxProcessPool       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GVariant) config = NULL;

  g_return_if_fail (PX_IS_PROCESS_POOL (self));
  g_return_if_fail (self->task == NULL);
  g_return_if_fail (self->slots == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, px_process_pool_run_async);
  self->start_us = g_get_monotonic_time ();

  self->n_tasks = px_workload_get_n_tasks (self->workload);
  self->n_slots = MIN (self->n_workers, MAX (self->n_tasks, 1));
  self->slots = g_new0 (WorkerSlot, self->n_slots);

  config = px_workload_dup_config (self->workload);
  self->setup_frame = px_frame_encode (PX_FRAME_SETUP,
                                       g_variant_new ("(s@a{sv}b)",
                                                      G_OBJECT_TYPE_NAME (self->workload),
                                                      config, self->return_output),
                                       NULL);

  for (guint i = 0; i < self->n_slots; i++)
    {
      self->slots[i].pool = self;
      self->slots[i].lane = i;
    }

  if (cancellable != NULL)
    {
      /* Fires on this thread's context, whichever thread cancels. */
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (pool_cancelled_cb), self, NULL);
      g_source_attach (self->cancel_source, g_main_context_get_thread_default ());
    }

  /* A task for every worker before a second one for any: with fewer tasks
   * than 2 × workers, the pipelines would otherwise leave workers idle. */
  for (guint i = 0; i < self->n_slots; i++)
    slot_fill_to (&self->slots[i], 1);
  for (guint i = 0; i < self->n_slots; i++)
    slot_fill (&self->slots[i]);

  pool_maybe_finish (self);
}

gboolean
px_process_pool_run_finish (PxProcessPool  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (PX_IS_PROCESS_POOL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint64
px_process_pool_get_pipe_bytes (PxProcessPool *self)
{
  g_return_val_if_fail (PX_IS_PROCESS_POOL (self), 0);

  return self->pipe_bytes;
}

guint64
px_process_pool_get_peak_rss_bytes (PxProcessPool *self)
{
  guint64 sum = 0;

  g_return_val_if_fail (PX_IS_PROCESS_POOL (self), 0);

  for (guint i = 0; i < self->n_slots; i++)
    sum += self->slots[i].peak_rss;

  return sum;
}
