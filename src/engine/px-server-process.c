/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-server-process"

#include "config.h"

#include <signal.h>

#include <glib/gi18n-lib.h>

#include "px-error.h"
#include "px-server-process.h"
#include "px-sys.h"

struct _PxServerProcess
{
  GObject           parent_instance;

  char             *worker_path;
  guint             latency_ms;
  GSubprocess      *process;
  GDataInputStream *stdout_lines;
  char             *url;
};

G_DEFINE_FINAL_TYPE (PxServerProcess, px_server_process, G_TYPE_OBJECT)

static gboolean
spawn (PxServerProcess  *self,
       GError          **error)
{
  g_autofree char *latency = g_strdup_printf ("--latency-ms=%u", self->latency_ms);

  g_return_val_if_fail (self->process == NULL, FALSE);

  self->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                    error, self->worker_path, "--serve", latency, NULL);
  if (self->process == NULL)
    return FALSE;

  self->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  return TRUE;
}

/* The server's first line is its port. */
static gboolean
take_port_line (PxServerProcess  *self,
                const char       *line,
                GError          **error)
{
  guint64 port = 0;

  if (line == NULL || !g_ascii_string_to_unsigned (line, 10, 1, 65535, &port, NULL))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, PX_ERROR, PX_ERROR_WORKER,
                     _("The embedded server did not start (%s)"), self->worker_path);
      px_server_process_stop (self);
      return FALSE;
    }

  self->url = g_strdup_printf ("http://127.0.0.1:%u", (guint) port);
  return TRUE;
}

static void
px_server_process_dispose (GObject *object)
{
  PxServerProcess *self = (PxServerProcess *) object;

  px_server_process_stop (self);

  G_OBJECT_CLASS (px_server_process_parent_class)->dispose (object);
}

static void
px_server_process_finalize (GObject *object)
{
  PxServerProcess *self = (PxServerProcess *) object;

  g_clear_pointer (&self->worker_path, g_free);

  G_OBJECT_CLASS (px_server_process_parent_class)->finalize (object);
}

static void
px_server_process_class_init (PxServerProcessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = px_server_process_dispose;
  object_class->finalize = px_server_process_finalize;
}

static void
px_server_process_init (PxServerProcess *self)
{
}

PxServerProcess *
px_server_process_new (const char *worker_path,
                       guint       latency_ms)
{
  PxServerProcess *self = g_object_new (PX_TYPE_SERVER_PROCESS, NULL);

  self->worker_path = worker_path != NULL ? g_strdup (worker_path) : px_find_worker_binary ();
  self->latency_ms = latency_ms;

  return self;
}

gboolean
px_server_process_start (PxServerProcess  *self,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_autofree char *line = NULL;

  g_return_val_if_fail (PX_IS_SERVER_PROCESS (self), FALSE);

  if (!spawn (self, error))
    return FALSE;

  line = g_data_input_stream_read_line_utf8 (self->stdout_lines, NULL, cancellable, error);
  return take_port_line (self, line, error);
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PxServerProcess *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (!take_port_line (self, line, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
px_server_process_start_async (PxServerProcess     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PX_IS_SERVER_PROCESS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, px_server_process_start_async);

  if (!spawn (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_data_input_stream_read_line_async (self->stdout_lines, G_PRIORITY_DEFAULT, cancellable,
                                       read_line_cb, g_steal_pointer (&task));
}

gboolean
px_server_process_start_finish (PxServerProcess  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (PX_IS_SERVER_PROCESS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
px_server_process_get_url (PxServerProcess *self)
{
  g_return_val_if_fail (PX_IS_SERVER_PROCESS (self), NULL);

  return self->url;
}

void
px_server_process_stop (PxServerProcess *self)
{
  g_return_if_fail (PX_IS_SERVER_PROCESS (self));

  g_clear_pointer (&self->url, g_free);
  g_clear_object (&self->stdout_lines);

  if (self->process != NULL)
    {
      /* SIGTERM ends its main loop at once; reap it so nothing is left. */
      g_subprocess_send_signal (self->process, SIGTERM);
      if (g_subprocess_wait (self->process, NULL, NULL) &&
          g_subprocess_get_if_exited (self->process) && g_subprocess_get_exit_status (self->process) != 0)
        g_warning ("The embedded server exited with status %d",
                   g_subprocess_get_exit_status (self->process));
      g_clear_object (&self->process);
    }
}
