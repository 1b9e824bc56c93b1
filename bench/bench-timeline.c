/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-timeline"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "px-bench.h"
#include "px-timeline-draw.h"
#include "px-wall-cpu-draw.h"

/* Times the timeline at 1920×1080 with 10,000 and 100,000 tasks: a full
 * draw (sorting and packing the tasks, then drawing), a redraw of the
 * packed tasks at another size, zoomed and panned frames, and the overlay
 * of running bars; then parallax-cli plot of a saved 100,000-task run.
 * Usage: bench-timeline [FRAMES] */

#define WIDTH          1920
#define HEIGHT         1080
#define FULL_TARGET_MS 8.
#define BIG_TARGET_MS  16.
#define PLOT_TARGET_S  2.

/* A batch of each strategy, per_run tasks each: what a decompress run
 * looks like, the async run's tasks overlapping. */
static GPtrArray *
make_runs (guint per_run)
{
  GPtrArray *runs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint s = 0; s < PX_N_STRATEGIES; s++)
    {
      guint lanes = s == PX_STRATEGY_SEQUENTIAL || s == PX_STRATEGY_ASYNC ? 1 : 8;
      PxRunResult *run = px_run_result_new ("bench", s, lanes, per_run);
      g_autofree gint64 *lane_t = g_new0 (gint64, lanes);

      for (guint i = 0; i < per_run; i++)
        {
          guint lane = i % lanes;
          gint64 d = 200 + (i * 7919) % 3000;
          gint64 start = s == PX_STRATEGY_ASYNC ? i * 150 : lane_t[lane];

          lane_t[lane] = start + d;
          /* The last few still run, as during a live run. */
          if (i >= per_run - lanes)
            {
              px_run_result_add_started (run, i, lane, start);
            }
          else
            {
              PxTaskRecord *record = px_task_record_new ();

              record->index = i;
              record->lane = lane;
              record->start_us = start;
              record->end_us = start + d;
              record->cpu_us = d / 3;
              record->error = i % 97 == 0 ? g_strdup ("failed") : NULL;
              px_run_result_take_task (run, record);
            }
        }
      for (gint64 t = 50000; t < lane_t[0]; t += 50000)
        {
          double busy[8] = { .9, .8, .7, .6, .5, .4, .3, .2 };

          px_run_result_add_cpu_sample (run, t, busy, G_N_ELEMENTS (busy));
        }
      px_run_result_set_measurements (run, lane_t[0], lane_t[0] / 3, lane_t[0] / 50, 0, 0);
      g_ptr_array_add (runs, run);
    }
  px_run_results_compute_speedups (runs);

  return runs;
}

/* 100,000 fetches at 10 ms with 1,000 in flight on the event loop, as
 * parallax-cli run -w fetch -s async -n 1000 --tasks 100000 --latency-ms 10
 * records them, saved as JSON. */
static char *
write_async_run (guint n_tasks)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  PxRunResult *run = px_run_result_new ("fetch", PX_STRATEGY_ASYNC, 1000, n_tasks);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  char *path = NULL;
  int fd;

  for (guint i = 0; i < n_tasks; i++)
    {
      PxTaskRecord *record = px_task_record_new ();

      record->index = i;
      record->label = g_strdup_printf ("user%u", i % 1000);
      record->lane = 0;
      record->start_us = (i / 1000) * 10200 + (i % 1000) * 2;
      record->end_us = record->start_us + 10000 + (i * 7919) % 400;
      record->cpu_us = 250;
      record->bytes_in = 40;
      record->bytes_out = 900;
      px_run_result_take_task (run, record);
    }
  px_run_result_set_measurements (run, (n_tasks / 1000 + 1) * 10200, n_tasks * 250, n_tasks * 30, 0, 0);
  g_ptr_array_add (runs, run);

  node = px_run_results_to_json (runs);
  text = json_to_string (node, FALSE);
  fd = g_file_open_tmp ("bench-timeline-XXXXXX.json", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  return path;
}

static void
bench_batch (guint   per_run,
             guint   frames,
             double  target_ms)
{
  g_autoptr(GPtrArray) runs = make_runs (per_run);
  g_autofree double *ms = g_new (double, frames);
  g_autoptr(PxTimelineLayout) layout = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  PxChartTheme theme;
  double span, full_ms, redraw_ms;

  px_chart_theme_init_default (&theme, FALSE);
  g_print ("%u tasks (%u runs × %u), %d×%d, %u frames, target %.0f ms\n", PX_N_STRATEGIES * per_run,
           PX_N_STRATEGIES, per_run, WIDTH, HEIGHT, frames, target_ms);

  for (guint i = 0; i < frames; i++)
    {
      gint64 begin = px_bench_now ();

      px_draw_timeline (cr, &theme, runs, WIDTH, HEIGHT, 0, 0, 2, 100);
      cairo_surface_flush (surface);
      ms[i] = px_bench_elapsed_ms (begin);
    }
  px_bench_report ("full draw, packing included", ms, frames, target_ms);
  full_ms = ms[frames / 2];

  layout = px_timeline_layout_new (&theme, runs, WIDTH, HEIGHT, 0, 0);
  span = px_timeline_layout_get_span (layout);

  /* What the widget does after a resize: the same packed tasks. */
  for (guint i = 0; i < frames; i++)
    {
      gint64 begin = px_bench_now ();

      px_timeline_layout_set_view (layout, &theme, WIDTH - (i % 2), HEIGHT, 0, 0);
      px_draw_timeline_layout (cr, &theme, layout, PX_TIMELINE_PART_STATIC, 0, -1);
      cairo_surface_flush (surface);
      ms[i] = px_bench_elapsed_ms (begin);
    }
  px_bench_report ("redraw of the packed tasks (resize)", ms, frames, target_ms);

  /* Zooming in step by step to 1/64 of the span, then panning across. */
  for (guint i = 0; i < frames; i++)
    {
      double window = span / MIN (1u << (i % 7), 64u);
      double t0 = (span - window) * ((i * 37) % 100) / 100.;
      gint64 begin = px_bench_now ();

      px_timeline_layout_set_view (layout, &theme, WIDTH, HEIGHT, t0, t0 + window);
      px_draw_timeline_layout (cr, &theme, layout, PX_TIMELINE_PART_STATIC, 0, -1);
      cairo_surface_flush (surface);
      ms[i] = px_bench_elapsed_ms (begin);
    }
  px_bench_report ("zoom and pan frames", ms, frames, BIG_TARGET_MS);
  redraw_ms = ms[frames / 2];
  /* Before, the widget sorted and packed the tasks again for every zoom,
   * pan or resize: each of those frames cost a full draw. */
  g_print ("%-44s %.2f× the cost of repacking each frame, as before\n", "zoom and pan frames, after / before",
           redraw_ms / full_ms);

  px_timeline_layout_set_view (layout, &theme, WIDTH, HEIGHT, 0, 0);
  for (guint i = 0; i < frames; i++)
    {
      gint64 begin = px_bench_now ();

      px_draw_timeline_layout (cr, &theme, layout, PX_TIMELINE_PART_RUNNING | PX_TIMELINE_PART_HOVER, 2, 100);
      cairo_surface_flush (surface);
      ms[i] = px_bench_elapsed_ms (begin);
    }
  px_bench_report ("per frame over the cache: overlay", ms, frames, target_ms);

  for (guint i = 0; i < frames; i++)
    {
      gint64 begin = px_bench_now ();

      px_draw_wall_cpu (cr, &theme, runs, WIDTH, HEIGHT);
      cairo_surface_flush (surface);
      ms[i] = px_bench_elapsed_ms (begin);
    }
  px_bench_report ("wall/CPU chart, full draw", ms, frames, target_ms);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Load, draw and write the PNG in a process of its own, as a shell loop
 * over recorded runs would. */
static void
bench_plot (void)
{
  g_autofree char *json = write_async_run (100000);
  g_autofree char *png = g_strconcat (json, ".png", NULL);
  g_autofree char *cli = g_build_filename (PX_BUILD_ROOT, "src", "cli", "parallax-cli", NULL);
  const char *argv[] = { cli, "plot", json, "--chart", "timeline", "--size", "1920x1080", "--output", png, NULL };
  g_autoptr(GError) error = NULL;
  struct rusage before, after;
  gint64 begin;
  double cpu_s;
  int status;

  getrusage (RUSAGE_CHILDREN, &before);
  begin = g_get_monotonic_time ();
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  getrusage (RUSAGE_CHILDREN, &after);
  cpu_s = (after.ru_utime.tv_sec - before.ru_utime.tv_sec) + (after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1e6 +
          (after.ru_stime.tv_sec - before.ru_stime.tv_sec) + (after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1e6;
  g_print ("%-44s wall %6.2f s  CPU %6.2f s  CPU/target %.2f  (exit %d)\n",
           "parallax-cli plot, 100,000-task run to PNG", (g_get_monotonic_time () - begin) / 1e6, cpu_s,
           cpu_s / PLOT_TARGET_S, WIFEXITED (status) ? WEXITSTATUS (status) : -1);

  g_unlink (json);
  g_unlink (png);
}

int
main (int   argc,
      char *argv[])
{
  guint frames = px_bench_parse_frames (argc, argv, 100);

  setlocale (LC_ALL, "");
  bench_batch (2000, frames, FULL_TARGET_MS);
  bench_batch (20000, MAX (frames / 4, 10), BIG_TARGET_MS);
  bench_plot ();

  return EXIT_SUCCESS;
}
