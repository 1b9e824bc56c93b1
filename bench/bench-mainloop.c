/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Main-loop stalls of the app while a run goes on.
 *
 * Opens the Parallax window, runs 300 decompress tasks with threads, then
 * with processes, and meanwhile wakes up every PROBE_MS on the main loop:
 * any lateness of a wake-up is time the main loop could not react (a stall
 * the user would feel). Prints the longest and the 99th percentile, against
 * the targets (50 ms and 16 ms, a frame), and the same once the main
 * thread's waits for a CPU (schedstat) are taken out: what is left is the
 * app's own doing, what was taken out the machine's. Needs a display:
 * xvfb-run -a _build/bench/bench-mainloop with GSETTINGS_SCHEMA_DIR=_build/data. */
#include "config.h"

#include <adwaita.h>

#include "px-application.h"
#include "px-run-page.h"
#include "px-sys.h"
#include "px-window.h"

#define PROBE_MS 5
#define SETTLE_MS 500
#define TARGET_WORST_MS 50.
#define TARGET_P99_MS 16.

typedef struct
{
  GArray *lateness_ms;
  GArray *own_ms;      /* lateness less the main thread's wait for a CPU */
  gint64  last;
  gint64  last_wait;
  gint64  start;
  double  worst;
  double  worst_at_s;
} Probe;

static gboolean
probe_cb (gpointer data)
{
  Probe *probe = data;
  gint64 now = g_get_monotonic_time ();
  double late = (now - probe->last) / 1000. - PROBE_MS;
  gint64 wait = px_thread_cpu_wait_us ();
  double own = MAX (late - (wait - probe->last_wait) / 1000., 0.);

  g_array_append_val (probe->lateness_ms, late);
  g_array_append_val (probe->own_ms, own);
  probe->last_wait = wait;
  if (late > probe->worst)
    {
      probe->worst = late;
      probe->worst_at_s = (now - probe->start) / 1e6;
    }
  probe->last = now;

  return G_SOURCE_CONTINUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static GtkWidget *
find_run_page (GtkWidget *root)
{
  if (PX_IS_RUN_PAGE (root))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_run_page (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
after_paint_cb (GdkFrameClock *clock,
                guint         *n_frames)
{
  (*n_frames)++;
}

static gboolean
settle_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A lecturer presses Run in a window that is already on screen: the
 * window's first frames (everything drawn and rasterised anew) are not
 * the run's doing, so they are over before the probe starts. */
static void
wait_until_drawn (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  guint n_frames = 0;
  gboolean settled = FALSE;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &n_frames);

  gtk_widget_queue_draw (window);
  while (n_frames == 0)
    g_main_context_iteration (NULL, TRUE);
  g_timeout_add (SETTLE_MS, settle_cb, &settled);
  while (!settled)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
}

static void
measure (PxApplication *app,
         const char    *strategy)
{
  GSettings *settings = px_application_get_settings (app);
  const char *strategies[] = { strategy, NULL };
  Probe probe = { g_array_new (FALSE, FALSE, sizeof (double)), g_array_new (FALSE, FALSE, sizeof (double)), 0 };
  PxWindow *window;
  PxRunPage *page;
  gint64 start;
  guint probe_id;
  double worst, p99, own_worst, own_p99;

  g_settings_set_string (settings, "workload", "decompress");
  g_settings_set_uint (settings, "decompress-tasks", 300);
  g_settings_set_uint (settings, "workers", g_get_num_processors ());
  g_settings_set_strv (settings, "strategies", strategies);

  window = px_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  page = PX_RUN_PAGE (find_run_page (GTK_WIDGET (window)));
  wait_until_drawn (GTK_WIDGET (window));

  probe.last = g_get_monotonic_time ();
  probe.last_wait = px_thread_cpu_wait_us ();
  probe_id = g_timeout_add (PROBE_MS, probe_cb, &probe);
  start = probe.start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "run.start", NULL);
  while (px_run_page_get_running (page))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (probe_id);

  g_array_sort (probe.lateness_ms, compare_doubles);
  worst = g_array_index (probe.lateness_ms, double, probe.lateness_ms->len - 1);
  p99 = g_array_index (probe.lateness_ms, double, probe.lateness_ms->len * 99 / 100);
  g_array_sort (probe.own_ms, compare_doubles);
  own_worst = g_array_index (probe.own_ms, double, probe.own_ms->len - 1);
  own_p99 = g_array_index (probe.own_ms, double, probe.own_ms->len * 99 / 100);
  g_print ("decompress 300 tasks, %-9s %5.2f s, %u wake-ups: main-loop stall longest %6.1f ms (at %.2f s, "
           "target %.0f: %s), 99th percentile %5.1f ms (target %.0f: %s); without the waits for a CPU "
           "%6.1f ms and %5.1f ms\n",
           strategy, (g_get_monotonic_time () - start) / 1e6, probe.lateness_ms->len, worst, probe.worst_at_s,
           TARGET_WORST_MS, worst <= TARGET_WORST_MS ? "met" : "MISSED", p99, TARGET_P99_MS,
           p99 <= TARGET_P99_MS ? "met" : "MISSED", own_worst, own_p99);

  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (probe.lateness_ms);
  g_array_unref (probe.own_ms);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PxApplication) app = NULL;
  g_autoptr(GError) error = NULL;

  /* Never touch the user's settings. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_init ();
  adw_init ();

  app = px_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  measure (app, "threads");
  measure (app, "processes");

  return 0;
}
