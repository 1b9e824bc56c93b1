/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "parallax-worker"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "px-mock-server.h"
#include "px-protocol.h"
#include "px-sys.h"
#include "px-task-context.h"
#include "px-workload.h"

/* Test builds (test-fault-worker) misbehave on purpose on the task whose
 * index PX_FAULT names: "kill:N" dies by SIGKILL mid-task, "garbage:N"
 * answers with junk, "exit:N" exits with status 3. */
#ifdef PX_WORKER_FAULTS
static void
maybe_misbehave (guint index)
{
  const char *fault = g_getenv ("PX_FAULT");
  const char *colon;

  if (fault == NULL || (colon = strchr (fault, ':')) == NULL ||
      g_ascii_strtoull (colon + 1, NULL, 10) != index)
    return;

  if (g_str_has_prefix (fault, "kill:"))
    raise (SIGKILL);
  else if (g_str_has_prefix (fault, "exit:"))
    _exit (3);
  else if (g_str_has_prefix (fault, "garbage:"))
    {
      static const char junk[] = "\x00\x00\x00\x10\x00\x00\x00\x00R\x00\x00\x00\x00\x00\x00\x00not a GVariant!!";

      if (write (STDOUT_FILENO, junk, sizeof junk - 1) < 0)
        _exit (4);
    }
}
#endif

/* Runs the task and writes its result; FALSE when the parent is gone. */
static gboolean
run_task (PxWorkload     *workload,
          PxTaskContext  *ctx,
          GVariant       *task,
          GBytes         *input,
          GError        **write_error)
{
  g_autoptr(GError) error = NULL;
  PxTaskOutcome outcome;
  gint64 start_us, end_us, cpu_before, cpu_us;
  guint index;
  gboolean ok;
  GVariant *reply;

  g_variant_get (task, "(u)", &index);

#ifdef PX_WORKER_FAULTS
  maybe_misbehave (index);
#endif

  px_task_outcome_init (&outcome);
  start_us = g_get_monotonic_time ();
  cpu_before = px_thread_cpu_us ();
  ok = px_workload_execute (workload, input, ctx, &outcome, &error);
  cpu_us = px_thread_cpu_us () - cpu_before;
  end_us = g_get_monotonic_time ();

  reply = g_variant_new ("(usisxxxtust)",
                         index,
                         ok ? "" : g_quark_to_string (error->domain),
                         ok ? 0 : error->code,
                         ok ? "" : error->message,
                         start_us, end_us, cpu_us,
                         outcome.out_len, outcome.checksum,
                         outcome.summary != NULL ? outcome.summary : "",
                         (guint64) px_peak_rss_bytes ());
  ok = px_frame_write_fd (STDOUT_FILENO, PX_FRAME_RESULT, reply, outcome.output, write_error);
  px_task_outcome_clear (&outcome);

  return ok;
}

static int
run_worker (void)
{
  g_autoptr(PxWorkload) workload = NULL;
  g_autoptr(PxTaskContext) ctx = NULL;
  g_autoptr(GVariant) setup = NULL;
  g_autoptr(GBytes) setup_bulk = NULL;
  g_autoptr(GVariant) config = NULL;
  g_autoptr(GError) error = NULL;
  const char *type_name;
  gboolean return_output;
  PxFrameKind kind;

  if (!px_frame_read_fd (STDIN_FILENO, &kind, &setup, &setup_bulk, &error))
    {
      if (error != NULL)
        g_printerr ("parallax-worker: %s\n", error->message);
      return error != NULL ? EXIT_FAILURE : EXIT_SUCCESS;
    }

  if (kind != PX_FRAME_SETUP)
    {
      g_printerr ("parallax-worker: %s\n", _("The first frame must set the workload up"));
      return EXIT_FAILURE;
    }

  g_variant_get (setup, "(&s@a{sv}b)", &type_name, &config, &return_output);
  workload = px_workload_new_from_config (type_name, config, &error);
  if (workload == NULL)
    {
      g_printerr ("parallax-worker: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* One context for every task, so a workload can keep its connections. */
  ctx = px_task_context_new (NULL, NULL, return_output);

  for (;;)
    {
      g_autoptr(GVariant) task = NULL;
      g_autoptr(GBytes) input = NULL;

      if (!px_frame_read_fd (STDIN_FILENO, &kind, &task, &input, &error))
        break;

      if (kind != PX_FRAME_TASK)
        {
          g_printerr ("parallax-worker: %s\n", _("Expected a task frame"));
          return EXIT_FAILURE;
        }

      if (!run_task (workload, ctx, task, input, &error))
        break;
    }

  if (error != NULL)
    {
      g_printerr ("parallax-worker: %s\n", error->message);
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}

/* The sources stay until run_server removes them. */
static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
stdin_closed_cb (int           fd,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  return quit_cb (user_data);
}

static int
run_server (guint port,
            guint latency_ms)
{
  g_autoptr(PxMockServer) server = px_mock_server_new (latency_ms);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  guint sigterm_id, sigint_id, stdin_id;

  /* Serve only as long as the program that started us. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  px_raise_fd_limit ();

  if (!px_mock_server_listen (server, port, &error))
    {
      g_printerr ("parallax-worker: %s\n", error->message);
      return EXIT_FAILURE;
    }

  g_print ("%u\n", px_mock_server_get_port (server));
  fflush (stdout);

  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  /* The parent closing our stdin is the polite way to stop us. */
  stdin_id = g_unix_fd_add (STDIN_FILENO, G_IO_HUP | G_IO_IN | G_IO_ERR, stdin_closed_cb, loop);

  g_main_loop_run (loop);

  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);
  g_source_remove (stdin_id);

  return EXIT_SUCCESS;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean serve = FALSE;
  int port = 0;
  int latency_ms = PX_MOCK_SERVER_DEFAULT_LATENCY_MS;
  const GOptionEntry entries[] = {
    { "serve", 0, 0, G_OPTION_ARG_NONE, &serve, N_("Serve the GitHub-like API instead of tasks"), NULL },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_("Port to serve on (0: any free port)"), N_("PORT") },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms, N_("Latency of each response"), N_("MS") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Runs Parallax tasks sent on standard input, or serves the "
                                           "embedded GitHub-like API. Started by Parallax itself."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("parallax-worker: %s\n", error->message);
      return 2;
    }

  if (serve)
    {
      if (port < 0 || port > 65535 || latency_ms < 0)
        {
          g_printerr ("parallax-worker: %s\n", _("Port or latency out of range"));
          return 2;
        }
      return run_server (port, latency_ms);
    }

  return run_worker ();
}
