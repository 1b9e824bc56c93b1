/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-timeline"

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <gtk/gtk.h>

#include "px-bench.h"
#include "px-chart-draw.h"

/* Times the timeline drawing of 10,000 tasks (5 runs × 2,000) at 1920×1080
 * against a frame budget of 8 ms, the full draw and the widget's cached
 * path, and the wall/CPU chart. Usage: bench-timeline [FRAMES] */

#define WIDTH     1920
#define HEIGHT    1080
#define PER_RUN   2000
#define TARGET_MS 8.

static GPtrArray *
make_runs (void)
{
  GPtrArray *runs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint s = 0; s < PX_N_STRATEGIES; s++)
    {
      guint lanes = s == PX_STRATEGY_SEQUENTIAL || s == PX_STRATEGY_ASYNC ? 1 : 8;
      PxRunResult *run = px_run_result_new ("bench", s, lanes, PER_RUN);
      g_autofree gint64 *lane_t = g_new0 (gint64, lanes);

      for (guint i = 0; i < PER_RUN; i++)
        {
          guint lane = i % lanes;
          gint64 d = 200 + (i * 7919) % 3000;
          gint64 start = s == PX_STRATEGY_ASYNC ? i * 150 : lane_t[lane];

          lane_t[lane] = start + d;
          /* The last few still run, as during a live run. */
          if (i >= PER_RUN - lanes)
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

int
main (int   argc,
      char *argv[])
{
  guint frames = px_bench_parse_frames (argc, argv, 200);
  g_autoptr(GPtrArray) runs = NULL;
  g_autofree double *ms = NULL;
  PxChartTheme theme;
  cairo_surface_t *surface;
  cairo_surface_t *cache;
  cairo_t *cr;

  setlocale (LC_ALL, "");
  ms = g_new (double, frames);
  runs = make_runs ();
  px_chart_theme_init_default (&theme, FALSE);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (surface);

  g_print ("%u tasks (%u runs × %u), %d×%d, %u frames, target %.0f ms\n",
           PX_N_STRATEGIES * PER_RUN, PX_N_STRATEGIES, PER_RUN, WIDTH, HEIGHT, frames, TARGET_MS);

  for (guint i = 0; i < frames; i++)
    {
      gint64 begin = g_get_monotonic_time ();

      px_draw_timeline (cr, &theme, runs, WIDTH, HEIGHT, 0, 0, 2, 100);
      cairo_surface_flush (surface);
      ms[i] = px_bench_elapsed_ms (begin);
    }
  px_bench_report ("timeline, full draw (image surface)", ms, frames, TARGET_MS);

  for (guint i = 0; i < frames; i++)
    {
      gint64 begin = g_get_monotonic_time ();
      PxTimelineLayout *layout = px_timeline_layout_new (&theme, runs, WIDTH, HEIGHT, 0, 0);

      px_timeline_layout_free (layout);
      ms[i] = px_bench_elapsed_ms (begin);
    }
  px_bench_report ("timeline, layout only (sort, sub-rows)", ms, frames, TARGET_MS);

  /* The widget's path: the static part painted once into a texture (an
   * image surface here), each frame shows it and draws the running bars
   * and the hover on top. */
  {
    g_autoptr(PxTimelineLayout) layout = px_timeline_layout_new (&theme, runs, WIDTH, HEIGHT, 0, 0);
    gint64 begin = g_get_monotonic_time ();
    cairo_t *cache_cr;

    cache = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
    cache_cr = cairo_create (cache);
    px_draw_timeline_layout (cache_cr, &theme, layout, PX_TIMELINE_PART_STATIC, 0, -1);
    cairo_destroy (cache_cr);
    cairo_surface_flush (cache);
    g_print ("%-44s %7.3f ms (once per change)\n", "timeline, static part into the texture",
             px_bench_elapsed_ms (begin));

    for (guint i = 0; i < frames; i++)
      {
        begin = g_get_monotonic_time ();
        px_draw_timeline_layout (cr, &theme, layout, PX_TIMELINE_PART_RUNNING | PX_TIMELINE_PART_HOVER, 2, 100);
        cairo_surface_flush (surface);
        ms[i] = px_bench_elapsed_ms (begin);
      }
    px_bench_report ("timeline, per frame over the cache: overlay", ms, frames, TARGET_MS);

    for (guint i = 0; i < frames; i++)
      {
        begin = g_get_monotonic_time ();
        cairo_set_source_surface (cr, cache, 0, 0);
        cairo_paint (cr);
        px_draw_timeline_layout (cr, &theme, layout, PX_TIMELINE_PART_RUNNING | PX_TIMELINE_PART_HOVER, 2, 100);
        cairo_surface_flush (surface);
        ms[i] = px_bench_elapsed_ms (begin);
      }
    px_bench_report ("timeline, cached texture blitted + overlay", ms, frames, TARGET_MS);
    cairo_surface_destroy (cache);
  }

  for (guint i = 0; i < frames; i++)
    {
      gint64 begin = g_get_monotonic_time ();

      px_draw_wall_cpu (cr, &theme, runs, WIDTH, HEIGHT);
      cairo_surface_flush (surface);
      ms[i] = px_bench_elapsed_ms (begin);
    }
  px_bench_report ("wall/CPU chart, full draw", ms, frames, TARGET_MS);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return EXIT_SUCCESS;
}
