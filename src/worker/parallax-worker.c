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
#include "px-text.h"
#include "px-workload.h"

/* Test builds (test-fault-worker) misbehave on purpose on the task whose
 * index PX_FAULT names: "kill:N" dies by SIGKILL mid-task, "garbage:N"
 * answers with junk, "exit:N" exits with status 3, "stop:N" stops itself
 * (SIGSTOP: hung), "orphan:N" waits for ever (to be orphaned), "times:N"
 * reports the extremes of gint64 as its times (TRUE is returned). */
#ifdef PX_WORKER_FAULTS
static gboolean
maybe_misbehave (guint index)
{
  const char *fault = g_getenv ("PX_FAULT");
  const char *colon;

  if (fault == NULL || (colon = strchr (fault, ':')) == NULL ||
      g_ascii_strtoull (colon + 1, NULL, 10) != index)
    return FALSE;

  if (g_str_has_prefix (fault, "kill:"))
    raise (SIGKILL);
  else if (g_str_has_prefix (fault, "exit:"))
    _exit (3);
  else if (g_str_has_prefix (fault, "stop:"))
    raise (SIGSTOP);
  else if (g_str_has_prefix (fault, "orphan:"))
    for (;;)
      pause ();
  else if (g_str_has_prefix (fault, "garbage:"))
    {
      static const char junk[] = "\x00\x00\x00\x10\x00\x00\x00\x00R\x00\x00\x00\x00\x00\x00\x00not a GVariant!!";

      if (write (STDOUT_FILENO, junk, sizeof junk - 1) < 0)
        _exit (4);
    }

  return g_str_has_prefix (fault, "times:");
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
  g_autofree char *message = NULL;
  g_autofree char *summary = NULL;
  PxTaskOutcome outcome;
  gint64 start_us, end_us, cpu_before, cpu_us, wait_before, wait_after;
  guint index;
#ifdef PX_WORKER_FAULTS
  gboolean bad_times;
#endif
  gboolean ok;
  GVariant *reply;

  g_variant_get (task, "(u)", &index);

#ifdef PX_WORKER_FAULTS
  bad_times = maybe_misbehave (index);
#endif

  px_task_outcome_init (&outcome);
  start_us = g_get_monotonic_time ();
  wait_before = px_thread_cpu_wait_us ();
  cpu_before = px_thread_cpu_us ();
  ok = px_workload_execute (workload, input, ctx, &outcome, &error);
  cpu_us = px_thread_cpu_us () - cpu_before;
  wait_after = px_thread_cpu_wait_us ();
  end_us = g_get_monotonic_time ();
#ifdef PX_WORKER_FAULTS
  if (bad_times)
    {
      start_us = G_MININT64;
      end_us = G_MAXINT64;
      cpu_us = G_MININT64;
    }
#endif

  /* Messages and summaries quote what the task was given (a login of a
   * megabyte, say): cut them so the record stays within its frame. */
  message = ok ? g_strdup ("") : px_text_escape (error->message, -1, PX_TEXT_MAX_MESSAGE);
  summary = px_text_escape (outcome.summary != NULL ? outcome.summary : "", -1, PX_TEXT_MAX_MESSAGE);
  reply = g_variant_new ("(usisxxxxtust)",
                         index,
                         ok ? "" : g_quark_to_string (error->domain),
                         ok ? 0 : error->code,
                         message,
                         start_us, end_us, cpu_us,
                         wait_before >= 0 && wait_after >= 0 ? MAX (wait_after - wait_before, 0) : -1,
                         outcome.out_len, outcome.checksum,
                         summary,
                         (guint64) px_peak_rss_bytes ());
  ok = px_frame_write_fd (STDOUT_FILENO, PX_FRAME_RESULT, reply, outcome.output, write_error);
  px_task_outcome_clear (&outcome);

  return ok;
}

/* A worker has no use once the program that feeds it is gone, even when
 * that program was killed and could not close our stdin. */
static void
die_with_parent (void)
{
  const char *parent = g_getenv ("PX_WORKER_PARENT");

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  /* The parent may have died before the call above. */
  if (parent != NULL && g_ascii_strtoll (parent, NULL, 10) != getppid ())
    _exit (EXIT_FAILURE);
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

  die_with_parent ();

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
