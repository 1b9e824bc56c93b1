/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-charts"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

#include "px-chart-draw.h"
#include "px-export.h"
#include "px-test-charts.h"
#include "px-timeline.h"
#include "px-wall-cpu-chart.h"

#define WIDTH  1600
#define HEIGHT 900
#define MS     1000

/* Batches */

static void
add_record (PxRunResult *run,
            guint        index,
            guint        lane,
            gint64       start_us,
            gint64       end_us,
            gint64       cpu_us,
            const char  *error)
{
  PxTaskRecord *record = px_task_record_new ();

  record->index = index;
  record->label = g_strdup_printf ("user%u", index);
  record->lane = lane;
  record->start_us = start_us;
  record->end_us = end_us;
  record->cpu_us = cpu_us;
  record->bytes_in = 1000 + index;
  record->bytes_out = 20000;
  record->summary = g_strdup ("42 repositories");
  record->error = g_strdup (error);
  px_run_result_take_task (run, record);
}

static void
add_samples (PxRunResult *run,
             gint64       span_us,
             guint        busy_cores)
{
  for (gint64 t = 20 * MS; t <= span_us; t += 20 * MS)
    {
      double busy[4];

      for (guint k = 0; k < G_N_ELEMENTS (busy); k++)
        busy[k] = k < busy_cores ? 0.9 : 0.05 * k;
      px_run_result_add_cpu_sample (run, t, busy, G_N_ELEMENTS (busy));
    }
}

/* Sequential: 20 × 10 ms on one lane, task 3 failed. Threads: the same on
 * two lanes. Processes: fetch-like on four lanes, two still running.
 * Async: 50 overlapping fetches on lane 0. GIL: two lanes taking turns. */
static GPtrArray *
make_batch (void)
{
  GPtrArray *runs = g_ptr_array_new_with_free_func (g_object_unref);
  PxRunResult *run;

  run = px_run_result_new ("fetch", PX_STRATEGY_SEQUENTIAL, 1, 20);
  for (guint i = 0; i < 20; i++)
    add_record (run, i, 0, i * 10 * MS, (i + 1) * 10 * MS, i == 3 ? 10 * MS : 6 * MS,
                i == 3 ? "HTTP 404" : NULL);
  add_samples (run, 200 * MS, 1);
  px_run_result_set_measurements (run, 200 * MS, 120 * MS, 8 * MS, 0, 0);
  g_ptr_array_add (runs, run);

  run = px_run_result_new ("fetch", PX_STRATEGY_THREADS, 2, 20);
  for (guint i = 0; i < 20; i++)
    add_record (run, i, i % 2, (i / 2) * 10 * MS, (i / 2 + 1) * 10 * MS, 6 * MS, NULL);
  add_samples (run, 100 * MS, 2);
  px_run_result_set_measurements (run, 100 * MS, 118 * MS, 9 * MS, 0, 0);
  g_ptr_array_add (runs, run);

  run = px_run_result_new ("fetch", PX_STRATEGY_PROCESSES, 4, 20);
  for (guint i = 0; i < 18; i++)
    add_record (run, i, i % 4, (i / 4) * 12 * MS, (i / 4) * 12 * MS + 11 * MS, 1 * MS, NULL);
  px_run_result_add_started (run, 18, 2, 48 * MS);
  px_run_result_add_started (run, 19, 3, 48 * MS);
  add_samples (run, 70 * MS, 4);
  g_ptr_array_add (runs, run);

  run = px_run_result_new ("fetch", PX_STRATEGY_ASYNC, 1, 50);
  for (guint i = 0; i < 50; i++)
    add_record (run, i, 0, i * 200, i * 200 + 40 * MS, 500, i == 7 ? "timed out" : NULL);
  add_samples (run, 50 * MS, 1);
  px_run_result_set_measurements (run, 50 * MS, 25 * MS, 3 * MS, 0, 0);
  g_ptr_array_add (runs, run);

  run = px_run_result_new ("fetch", PX_STRATEGY_GIL, 2, 20);
  for (guint i = 0; i < 20; i++)
    add_record (run, i, i % 2, i * 8 * MS, i * 8 * MS + 14 * MS, 7 * MS, NULL);
  px_run_result_set_measurements (run, 166 * MS, 140 * MS, 6 * MS, 0, 0);
  g_ptr_array_add (runs, run);

  px_run_results_compute_speedups (runs);

  return runs;
}

static GPtrArray *
make_big_batch (guint per_run)
{
  GPtrArray *runs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint s = 0; s < PX_N_STRATEGIES; s++)
    {
      guint lanes = s == PX_STRATEGY_SEQUENTIAL || s == PX_STRATEGY_ASYNC ? 1 : 8;
      PxRunResult *run = px_run_result_new ("decompress", s, lanes, per_run);
      gint64 *lane_t = g_new0 (gint64, lanes);

      for (guint i = 0; i < per_run; i++)
        {
          guint lane = i % lanes;
          gint64 d = 200 + (i * 7919) % 3000;
          gint64 start = s == PX_STRATEGY_ASYNC ? i * 150 : lane_t[lane];

          add_record (run, i, lane, start, start + d, d / 2, i % 97 == 0 ? "corrupt" : NULL);
          lane_t[lane] = start + d;
        }
      add_samples (run, lane_t[0], 3);
      px_run_result_set_measurements (run, lane_t[0], lane_t[0] / 2, 0, 0, 0);
      g_free (lane_t);
      g_ptr_array_add (runs, run);
    }
  px_run_results_compute_speedups (runs);

  return runs;
}

/* Pixels */

static void
assert_drawn (cairo_surface_t       *surface,
              const PxChartRect *r,
              const PxChartColor         *background)
{
  PxTestPixel p = px_test_get_pixel (surface, r->x + r->width / 2, r->y + r->height / 2);

  g_assert_cmpfloat (px_test_pixel_distance (p, background), >, 0.1);
}

static void
assert_background (cairo_surface_t *surface,
                   double           x,
                   double           y,
                   const PxChartColor   *background)
{
  g_assert_cmpfloat (px_test_pixel_distance (px_test_get_pixel (surface, x, y), background), <, 0.01);
}

static guint
count_not_background (cairo_surface_t *surface,
                      const PxChartColor   *background)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  guint n = 0;

  for (int y = 0; y < h; y += 2)
    for (int x = 0; x < w; x += 2)
      if (px_test_pixel_distance (px_test_get_pixel (surface, x, y), background) > 0.1)
        n++;
  return n;
}

static cairo_surface_t *
render_timeline (const PxChartTheme *theme,
                 GPtrArray          *runs)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  px_draw_timeline (cr, theme, runs, WIDTH, HEIGHT, 0, 0, 0, -1);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  return surface;
}

/* Tests */

static void
test_ticks (void)
{
  PxChartTicks ticks;
  g_autofree char *a = px_chart_format_duration (850);
  g_autofree char *b = px_chart_format_duration (12345);
  g_autofree char *c = px_chart_format_duration (2.5e6);

  px_chart_time_ticks (0, 200 * MS, 10, &ticks);
  g_assert_cmpstr (ticks.unit, ==, "ms");
  g_assert_cmpfloat (ticks.step_us, ==, 20 * MS);
  g_assert_cmpuint (ticks.n_ticks, ==, 11);

  px_chart_time_ticks (0, 900, 4, &ticks);
  g_assert_cmpstr (ticks.unit, ==, "µs");
  g_assert_cmpfloat (ticks.step_us, ==, 500);

  px_chart_time_ticks (0, 12e6, 6, &ticks);
  g_assert_cmpstr (ticks.unit, ==, "s");
  g_assert_cmpfloat (ticks.step_us, ==, 2e6);
  g_assert_cmpuint (ticks.decimals, ==, 0);

  g_assert_cmpstr (a, ==, "850 µs");
  g_assert_cmpstr (b, ==, "12.3 ms");
  g_assert_cmpstr (c, ==, "2.50 s");
}

static void
check_timeline (gboolean dark)
{
  g_autoptr(GPtrArray) runs = make_batch ();
  g_autoptr(PxTimelineLayout) layout = NULL;
  PxChartTheme theme;
  cairo_surface_t *surface;
  PxChartRect r, r2;
  double plot_x, plot_w, t1;
  guint run, index;
  PxTestPixel p;

  px_chart_theme_init_default (&theme, dark);
  surface = render_timeline (&theme, runs);
  px_test_save_png (surface, dark ? "charts-timeline-dark.png" : "charts-timeline-light.png");
  layout = px_timeline_layout_new (&theme, runs, WIDTH, HEIGHT, 0, 0);
  px_timeline_layout_get_plot (layout, &plot_x, &plot_w);
  px_timeline_layout_get_window (layout, NULL, &t1);
  g_assert_cmpfloat (t1, ==, 200 * MS);

  /* Every finished bar is drawn, and the hit test finds it. */
  for (guint i = 0; i < runs->len; i++)
    for (guint k = 0; k < 10; k++)
      {
        g_assert_true (px_timeline_layout_get_task_rect (layout, i, k, &r));
        g_assert_cmpfloat (r.height, >=, 1);
        assert_drawn (surface, &r, &theme.background);
        g_assert_true (px_timeline_layout_hit_test (layout, r.x + r.width / 2,
                                                    r.y + r.height / 2, &run, &index));
        g_assert_cmpuint (run, ==, i);
        g_assert_cmpuint (index, ==, k);
      }

  /* Sequential task 3 failed and computed all along: solid red. */
  g_assert_true (px_timeline_layout_get_task_rect (layout, 0, 3, &r));
  p = px_test_get_pixel (surface, r.x + r.width / 2, r.y + r.height / 2);
  g_assert_cmpfloat (p.r - MAX (p.g, p.b), >, 0.3);

  /* A sequential task is mostly computing: its first quarter is solid. */
  g_assert_true (px_timeline_layout_get_task_rect (layout, 0, 5, &r));
  p = px_test_get_pixel (surface, r.x + r.width / 4, r.y + r.height / 2);
  g_assert_cmpfloat (px_test_pixel_distance (p, &theme.strategy[PX_STRATEGY_SEQUENTIAL]), <, 0.05);

  /* Threads: two lanes side by side. */
  g_assert_true (px_timeline_layout_get_task_rect (layout, 1, 0, &r));
  g_assert_true (px_timeline_layout_get_task_rect (layout, 1, 1, &r2));
  g_assert_cmpfloat (r.x, ==, r2.x);
  g_assert_cmpfloat (r2.y, >=, r.y + r.height);

  /* Async: one lane, the overlapping tasks stacked in sub-rows. */
  g_assert_true (px_timeline_layout_get_task_rect (layout, 3, 0, &r));
  g_assert_true (px_timeline_layout_get_task_rect (layout, 3, 49, &r2));
  g_assert_cmpfloat (r2.y, >, r.y);
  g_assert_cmpfloat (r2.x, >, r.x);

  /* Processes: the running tasks are drawn up to now. */
  g_assert_true (px_timeline_layout_get_task_rect (layout, 2, 18, &r));
  assert_drawn (surface, &r, &theme.background);

  /* Past the end of the threads run its first lane is empty. */
  g_assert_true (px_timeline_layout_get_task_rect (layout, 1, 0, &r));
  assert_background (surface, plot_x + plot_w * 153.7 / 200., r.y + r.height / 2, &theme.background);
  g_assert_false (px_timeline_layout_hit_test (layout, plot_x + plot_w * 153.7 / 200.,
                                               r.y + r.height / 2, NULL, NULL));

  cairo_surface_destroy (surface);
}

static void
test_timeline_light (void)
{
  check_timeline (FALSE);
}

static void
test_timeline_dark (void)
{
  check_timeline (TRUE);
}

static void
test_timeline_zoom (void)
{
  g_autoptr(GPtrArray) runs = make_batch ();
  g_autoptr(PxTimelineLayout) layout = NULL;
  PxChartTheme theme;
  PxChartRect r;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  px_chart_theme_init_default (&theme, FALSE);
  layout = px_timeline_layout_new (&theme, runs, WIDTH, HEIGHT, 50 * MS, 100 * MS);
  px_draw_timeline_layout (cr, &theme, layout, PX_TIMELINE_PART_ALL, 0, 6);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  px_test_save_png (surface, "charts-timeline-zoom.png");

  /* Culled outside the window, wide inside it. */
  g_assert_false (px_timeline_layout_get_task_rect (layout, 0, 0, &r));
  g_assert_true (px_timeline_layout_get_task_rect (layout, 0, 6, &r));
  g_assert_cmpfloat (r.width, >, WIDTH / 8);
  assert_drawn (surface, &r, &theme.background);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Pixels of x0..x1 along row y that differ between a and b. */
static guint
count_differing (cairo_surface_t *a,
                 cairo_surface_t *b,
                 double           x0,
                 double           x1,
                 double           y)
{
  guint n = 0;

  for (double x = ceil (x0); x < x1; x++)
    for (double dy = -2; dy <= 2; dy++)
      {
        PxTestPixel p = px_test_get_pixel (b, x, y + dy);
        PxChartColor c = { p.r, p.g, p.b, 1. };

        if (px_test_pixel_distance (px_test_get_pixel (a, x, y + dy), &c) > 0.02)
          n++;
      }
  return n;
}

/* One task of 100 ms: 30 on a CPU, 40 waiting for one, 30 for I/O. */
static GPtrArray *
make_cpu_wait_run (gint64 cpu_wait_us)
{
  GPtrArray *runs = g_ptr_array_new_with_free_func (g_object_unref);
  PxRunResult *run = px_run_result_new ("decompress", PX_STRATEGY_THREADS, 1, 1);
  PxTaskRecord *record = px_task_record_new ();

  record->end_us = 100 * MS;
  record->cpu_us = 30 * MS;
  record->cpu_wait_us = cpu_wait_us;
  px_run_result_take_task (run, record);
  px_run_result_set_measurements (run, 100 * MS, 30 * MS, 0, 0, 0);
  g_ptr_array_add (runs, run);

  return runs;
}

static void
test_timeline_cpu_wait (void)
{
  g_autoptr(GPtrArray) known = make_cpu_wait_run (40 * MS);
  g_autoptr(GPtrArray) unknown = make_cpu_wait_run (-1);
  g_autoptr(PxTimelineLayout) layout = NULL;
  PxChartTheme theme;
  cairo_surface_t *a, *b;
  PxChartRect r;
  double y;
  guint dotted = 0;

  px_chart_theme_init_default (&theme, FALSE);
  a = render_timeline (&theme, known);
  b = render_timeline (&theme, unknown);
  px_test_save_png (a, "charts-timeline-cpu-wait.png");
  layout = px_timeline_layout_new (&theme, known, WIDTH, HEIGHT, 0, 0);
  g_assert_true (px_timeline_layout_get_task_rect (layout, 0, 0, &r));
  y = r.y + r.height / 2;

  /* The CPU part is solid in both, the I/O part hatched in both; only the
   * middle, waiting for a CPU, is drawn apart. */
  g_assert_cmpuint (count_differing (a, b, r.x + 2, r.x + r.width * .28, y), ==, 0);
  g_assert_cmpuint (count_differing (a, b, r.x + r.width * .72, r.x + r.width - 3, y), ==, 0);
  g_assert_cmpuint (count_differing (a, b, r.x + r.width * .32, r.x + r.width * .68, y), >, r.width * .36);

  /* In dots of the strategy's own colour, where hatching has none. */
  for (double x = r.x + r.width * .32; x < r.x + r.width * .68; x++)
    for (double dy = -2; dy <= 2; dy++)
      if (px_test_pixel_distance (px_test_get_pixel (a, x, y + dy), &theme.strategy[PX_STRATEGY_THREADS]) < 0.02)
        dotted++;
  g_assert_cmpuint (dotted, >, r.width * .1);

  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

/* The synthetic workload: a serial part of 30 ms, then a task to 100 ms. */
static GPtrArray *
make_serial_run (gboolean with_span)
{
  GPtrArray *runs = g_ptr_array_new_with_free_func (g_object_unref);
  PxRunResult *run = px_run_result_new ("amdahl", PX_STRATEGY_THREADS, 2, 2);

  add_record (run, 0, 0, 30 * MS, 100 * MS, 70 * MS, NULL);
  add_record (run, 1, 1, 30 * MS, 100 * MS, 70 * MS, NULL);
  if (with_span)
    px_run_result_set_serial_span (run, 0, 30 * MS);
  px_run_result_set_measurements (run, 100 * MS, 170 * MS, 0, 0, 0);
  g_ptr_array_add (runs, run);

  return runs;
}

static void
test_timeline_serial (void)
{
  g_autoptr(GPtrArray) serial = make_serial_run (TRUE);
  g_autoptr(GPtrArray) blank = make_serial_run (FALSE);
  g_autoptr(PxTimelineLayout) layout = NULL;
  PxChartTheme theme;
  cairo_surface_t *a, *b;
  PxChartRect r0, r1;
  double plot_x, plot_w, cx, cy;
  guint text = 0;

  px_chart_theme_init_default (&theme, FALSE);
  a = render_timeline (&theme, serial);
  b = render_timeline (&theme, blank);
  px_test_save_png (a, "charts-timeline-serial.png");
  layout = px_timeline_layout_new (&theme, serial, WIDTH, HEIGHT, 0, 0);
  px_timeline_layout_get_plot (layout, &plot_x, &plot_w);
  g_assert_true (px_timeline_layout_get_task_rect (layout, 0, 0, &r0));
  g_assert_true (px_timeline_layout_get_task_rect (layout, 0, 1, &r1));

  /* Before the tasks, over both lanes: a band instead of a blank. */
  g_assert_cmpuint (count_differing (a, b, plot_x + 4, plot_x + plot_w * .05, r0.y + r0.height / 2), >,
                    plot_w * .05 * 5 * .8);
  g_assert_cmpuint (count_differing (a, b, plot_x + 4, plot_x + plot_w * .05, r1.y + r1.height / 2), >,
                    plot_w * .05 * 5 * .8);
  assert_background (b, plot_x + 4, r0.y + r0.height / 2, &theme.background);
  /* The tasks are drawn as they were. */
  g_assert_cmpuint (count_differing (a, b, r0.x + 2, r0.x + r0.width - 3, r0.y + r0.height / 2), ==, 0);

  /* Labelled in the middle of the band: text in the foreground colour. */
  cx = plot_x + plot_w * .15;
  cy = (r0.y + r1.y + r1.height) / 2;
  for (double x = cx - 60; x < cx + 60; x++)
    for (double y = cy - 8; y < cy + 8; y++)
      if (px_test_pixel_distance (px_test_get_pixel (a, x, y), &theme.foreground) < 0.3)
        text++;
  g_assert_cmpuint (text, >, 40);

  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

static void
check_wall_cpu (gboolean dark)
{
  g_autoptr(GPtrArray) runs = make_batch ();
  PxChartTheme theme;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  PxChartRect wall, user, sys;

  px_chart_theme_init_default (&theme, dark);
  px_draw_wall_cpu (cr, &theme, runs, WIDTH, HEIGHT);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  px_test_save_png (surface, dark ? "charts-wall-cpu-dark.png" : "charts-wall-cpu-light.png");

  for (guint i = 0; i < runs->len; i++)
    {
      g_assert_true (px_wall_cpu_get_bar_rect (&theme, runs, WIDTH, HEIGHT, i, PX_WALL_CPU_BAR_WALL, &wall));
      g_assert_true (px_wall_cpu_get_bar_rect (&theme, runs, WIDTH, HEIGHT, i, PX_WALL_CPU_BAR_CPU_USER, &user));
      assert_drawn (surface, &wall, &theme.background);
      assert_drawn (surface, &user, &theme.background);
      g_assert_cmpfloat (user.x, >, wall.x);
      g_assert_cmpint (px_wall_cpu_hit_test (&theme, runs, WIDTH, HEIGHT, wall.x + 1, wall.y + 1), ==, i);
    }

  /* Sequential: wall 200 ms, CPU 120 + 8 ms; system stacked on user. */
  g_assert_true (px_wall_cpu_get_bar_rect (&theme, runs, WIDTH, HEIGHT, 0, PX_WALL_CPU_BAR_WALL, &wall));
  g_assert_true (px_wall_cpu_get_bar_rect (&theme, runs, WIDTH, HEIGHT, 0, PX_WALL_CPU_BAR_CPU_USER, &user));
  g_assert_true (px_wall_cpu_get_bar_rect (&theme, runs, WIDTH, HEIGHT, 0, PX_WALL_CPU_BAR_CPU_SYS, &sys));
  g_assert_cmpfloat (fabs (user.height / wall.height - 0.6), <, 0.02);
  g_assert_cmpfloat (fabs (sys.y + sys.height - user.y), <, 0.5);
  assert_drawn (surface, &sys, &theme.background);
  /* Above the CPU bar, below the wall bar's top: empty. */
  assert_background (surface, user.x + user.width / 2 + 3, (wall.y + sys.y) / 2 + 7,
                     &theme.background);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Threads: wall 100 ms, CPU 150 ms, 60 ms waiting for a CPU. */
static void
test_wall_cpu_wait (void)
{
  g_autoptr(GPtrArray) runs = make_batch ();
  PxRunResult *threads = g_ptr_array_index (runs, 1);
  PxChartTheme theme;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  PxChartRect wall, user, queued;
  guint dotted = 0;

  px_chart_theme_init_default (&theme, FALSE);
  g_assert_false (px_wall_cpu_get_bar_rect (&theme, runs, WIDTH, HEIGHT, 1, PX_WALL_CPU_BAR_CPU_WAIT, &queued));

  px_run_result_set_contention (threads, 60 * MS, 0, 0, 0);
  px_draw_wall_cpu (cr, &theme, runs, WIDTH, HEIGHT);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  px_test_save_png (surface, "charts-wall-cpu-wait.png");

  /* Beside the CPU bar, as tall as 60 ms against the wall's 100. */
  g_assert_true (px_wall_cpu_get_bar_rect (&theme, runs, WIDTH, HEIGHT, 1, PX_WALL_CPU_BAR_WALL, &wall));
  g_assert_true (px_wall_cpu_get_bar_rect (&theme, runs, WIDTH, HEIGHT, 1, PX_WALL_CPU_BAR_CPU_USER, &user));
  g_assert_true (px_wall_cpu_get_bar_rect (&theme, runs, WIDTH, HEIGHT, 1, PX_WALL_CPU_BAR_CPU_WAIT, &queued));
  g_assert_cmpfloat (queued.x, >=, user.x + user.width);
  g_assert_cmpfloat (fabs (queued.height / wall.height - 0.6), <, 0.02);
  g_assert_cmpfloat (fabs (queued.y + queued.height - (wall.y + wall.height)), <, 0.5);
  g_assert_cmpint (px_wall_cpu_hit_test (&theme, runs, WIDTH, HEIGHT, queued.x + 1, queued.y + 1), ==, 1);
  /* Dotted in the strategy's colour. */
  for (double x = queued.x + 2; x < queued.x + queued.width - 2; x++)
    for (double y = queued.y + 2; y < queued.y + queued.height - 2; y += 3)
      if (px_test_pixel_distance (px_test_get_pixel (surface, x, y), &theme.strategy[PX_STRATEGY_THREADS]) < 0.02)
        dotted++;
  g_assert_cmpuint (dotted, >, queued.width * queued.height / 3 / 40);

  /* The other runs did not measure it: no bar. */
  g_assert_false (px_wall_cpu_get_bar_rect (&theme, runs, WIDTH, HEIGHT, 0, PX_WALL_CPU_BAR_CPU_WAIT, &queued));

  /* Eight threads on two cores wait ten times the wall time between them:
   * the bar is cut at a quarter above the longest wall, which keeps its
   * height. */
  px_run_result_set_contention (threads, 2000 * MS, 0, 0, 0);
  g_assert_true (px_wall_cpu_get_bar_rect (&theme, runs, WIDTH, HEIGHT, 0, PX_WALL_CPU_BAR_WALL, &wall));
  g_assert_true (px_wall_cpu_get_bar_rect (&theme, runs, WIDTH, HEIGHT, 1, PX_WALL_CPU_BAR_CPU_WAIT, &queued));
  g_assert_cmpfloat (queued.height / wall.height, <=, 1.26 * 1.5);
  g_assert_cmpfloat (wall.height, >, HEIGHT / 3);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_wall_cpu_light (void)
{
  check_wall_cpu (FALSE);
}

static void
test_wall_cpu_dark (void)
{
  check_wall_cpu (TRUE);
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new ();
  PxChartTheme theme;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  px_chart_theme_init_default (&theme, FALSE);
  px_draw_timeline (cr, &theme, runs, WIDTH, HEIGHT, 0, 0, 0, -1);
  g_assert_cmpuint (count_not_background (surface, &theme.background), >, 200);
  px_test_save_png (surface, "charts-timeline-empty.png");
  g_assert_false (px_timeline_hit_test (&theme, runs, WIDTH, HEIGHT, 0, 0, WIDTH / 2, HEIGHT / 2, NULL, NULL));

  px_draw_wall_cpu (cr, &theme, runs, WIDTH, HEIGHT);
  g_assert_cmpuint (count_not_background (surface, &theme.background), >, 200);
  g_assert_cmpint (px_wall_cpu_hit_test (&theme, runs, WIDTH, HEIGHT, WIDTH / 2, HEIGHT / 2), ==, -1);

  /* NULL is empty too. */
  px_draw_timeline (cr, &theme, NULL, WIDTH, HEIGHT, 0, 0, 0, -1);
  px_draw_wall_cpu (cr, &theme, NULL, WIDTH, HEIGHT);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_many_tasks (void)
{
  g_autoptr(GPtrArray) runs = make_big_batch (2000);
  g_autoptr(PxTimelineLayout) layout = NULL;
  PxChartTheme theme;
  cairo_surface_t *surface;
  PxChartRect r;
  gint64 begin;

  px_chart_theme_init_default (&theme, FALSE);
  begin = g_get_monotonic_time ();
  surface = render_timeline (&theme, runs);
  g_test_message ("10,000 tasks drawn in %.1f ms", (g_get_monotonic_time () - begin) / 1e3);
  px_test_save_png (surface, "charts-timeline-10k.png");

  /* Sub-pixel bars merge, but the lanes are still covered. */
  layout = px_timeline_layout_new (&theme, runs, WIDTH, HEIGHT, 0, 0);
  g_assert_true (px_timeline_layout_get_task_rect (layout, 1, 100, &r));
  assert_drawn (surface, &r, &theme.background);

  cairo_surface_destroy (surface);
}

/* Widgets */

static void
test_widget_timeline (void)
{
  g_autoptr(GPtrArray) runs = NULL;
  GtkWidget *window, *timeline;
  guint before, after;

  if (px_test_skip_without_display ())
    return;

  runs = make_batch ();
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 900);
  timeline = px_timeline_new ();
  gtk_window_set_child (GTK_WINDOW (window), timeline);
  gtk_window_present (GTK_WINDOW (window));
  px_test_wait_for_size (timeline);

  before = px_test_render_widget (timeline, "charts-widget-timeline-empty.png", 0, 0, NULL);
  g_assert_cmpuint (before, >, 100);

  px_timeline_set_runs (PX_TIMELINE (timeline), runs);
  px_test_wait_for_size (timeline);
  g_assert_cmpint (gtk_widget_get_height (timeline), >=, 300);
  after = px_test_render_widget (timeline, "charts-widget-timeline.png", 0, 0, NULL);
  g_assert_cmpuint (after, >, before);

  /* New records: the cached part is rebuilt on the next frame. */
  px_run_result_add_started (g_ptr_array_index (runs, 0), 19, 0, 190 * MS);
  px_timeline_runs_changed (PX_TIMELINE (timeline));
  px_test_wait_for_size (timeline);
  g_assert_cmpuint (px_test_render_widget (timeline, "charts-widget-timeline.png", 0, 0, NULL), >, 100);
  g_assert_true (px_timeline_get_runs (PX_TIMELINE (timeline)) == runs);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
paint_cross (cairo_t  *cr,
             gpointer  data)
{
  cairo_set_source_rgba (cr, 0.2, 0.4, 0.8, 0.75);
  cairo_rectangle (cr, 10, 20, 120, 8);
  cairo_rectangle (cr, 60, 0, 8, 90);
  cairo_fill (cr);
}

static GdkTexture *
render_cache (GskRenderer        *renderer,
              const PxChartCache *cache,
              int                 width,
              int                 height)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  px_chart_cache_append (cache, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* The cache is an image surface for the cairo renderer (a texture would be
 * copied into a new surface at every frame) and a texture otherwise; both
 * draw the same pixels. */
static void
test_widget_cache (void)
{
  const int width = 140, height = 100;
  PxChartCache on_screen = { 0 }, offscreen = { 0 };
  g_autoptr(GdkTexture) a = NULL;
  g_autoptr(GdkTexture) b = NULL;
  g_autofree guint8 *pixels_a = g_malloc (4 * width * height);
  g_autofree guint8 *pixels_b = g_malloc (4 * width * height);
  GtkWidget *window, *unrooted, *area;
  GskRenderer *renderer;
  guint drawn = 0;

  if (px_test_skip_without_display ())
    return;

  window = gtk_window_new ();
  area = gtk_drawing_area_new ();
  gtk_window_set_child (GTK_WINDOW (window), area);
  gtk_window_present (GTK_WINDOW (window));
  px_test_wait_for_size (area);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_assert_true (GSK_IS_CAIRO_RENDERER (renderer));
  unrooted = g_object_ref_sink (gtk_drawing_area_new ());

  g_assert_true (px_chart_cache_is_empty (&on_screen));
  px_chart_cache_paint (&on_screen, area, width, height, paint_cross, NULL);
  px_chart_cache_paint (&offscreen, unrooted, width, height, paint_cross, NULL);
  g_assert_false (px_chart_cache_is_empty (&on_screen));
  g_assert_nonnull (on_screen.surface);
  g_assert_null (on_screen.texture);
  g_assert_nonnull (offscreen.texture);
  g_assert_null (offscreen.surface);

  a = render_cache (renderer, &on_screen, width, height);
  b = render_cache (renderer, &offscreen, width, height);
  gdk_texture_download (a, pixels_a, 4 * width);
  gdk_texture_download (b, pixels_b, 4 * width);
  g_assert_cmpmem (pixels_a, 4 * width * height, pixels_b, 4 * width * height);
  for (int i = 0; i < width * height; i++)
    drawn += pixels_a[4 * i + 3] > 0;
  g_assert_cmpuint (drawn, ==, 120 * 8 + 8 * 90 - 8 * 8);

  px_chart_cache_clear (&on_screen);
  px_chart_cache_clear (&offscreen);
  g_assert_true (px_chart_cache_is_empty (&on_screen));
  g_assert_true (px_chart_cache_is_empty (&offscreen));
  g_object_unref (unrooted);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_widget_wall_cpu (void)
{
  g_autoptr(GPtrArray) runs = NULL;
  GtkWidget *window, *chart;
  guint before, after;

  if (px_test_skip_without_display ())
    return;

  runs = make_batch ();
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 500);
  chart = px_wall_cpu_chart_new ();
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  px_test_wait_for_size (chart);

  before = px_test_render_widget (chart, "charts-widget-wall-cpu-empty.png", 0, 0, NULL);
  g_assert_cmpuint (before, >, 100);

  px_wall_cpu_chart_set_runs (PX_WALL_CPU_CHART (chart), runs);
  px_wall_cpu_chart_runs_changed (PX_WALL_CPU_CHART (chart));
  px_test_wait_for_size (chart);
  after = px_test_render_widget (chart, "charts-widget-wall-cpu.png", 0, 0, NULL);
  g_assert_cmpuint (after, >, before);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Sends a key to the widget as its key controller would get it. */
static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }

  return handled;
}

static void
test_widget_keyboard (void)
{
  g_autoptr(GPtrArray) runs = NULL;
  g_autofree char *description = NULL;
  g_autofree char *differs = NULL;
  GtkWidget *window, *timeline, *chart;
  guint plain, focused;
  gint64 deadline;
  int minimum, natural, zoomed;

  if (px_test_skip_without_display ())
    return;

  runs = make_batch ();
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 900);
  timeline = px_timeline_new ();
  gtk_window_set_child (GTK_WINDOW (window), timeline);
  px_timeline_set_runs (PX_TIMELINE (timeline), runs);
  gtk_window_present (GTK_WINDOW (window));
  px_test_wait_for_size (timeline);
  chart = g_object_ref_sink (px_wall_cpu_chart_new ());
  px_wall_cpu_chart_set_runs (PX_WALL_CPU_CHART (chart), runs);

  /* Screen readers get a name and the key numbers. */
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (timeline), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     "Task timeline"));
  description = px_timeline_describe (runs);
  g_assert_nonnull (strstr (description, "Sequential: 20 tasks on 1 lane over 200.0 ms, 1 failed."));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (timeline),
                                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description));
  g_clear_pointer (&description, g_free);
  description = px_wall_cpu_describe (runs);
  g_test_message ("%s", description);
  g_assert_nonnull (strstr (description, "Threads: wall 100.0 ms, CPU 127.0 ms, CPU-bound, 2.00× sequential."));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                     description));

  /* Arrows move a highlight over the tasks, with the focus only. */
  g_assert_true (gtk_widget_get_focusable (timeline));
  plain = px_test_render_widget (timeline, "charts-keyboard-plain.png", 0, 0, NULL);
  g_assert_true (press_key (timeline, GDK_KEY_Right));
  g_assert_true (press_key (timeline, GDK_KEY_Right));
  g_assert_true (gtk_widget_grab_focus (timeline));
  px_test_wait_for_size (timeline);
  /* The highlight is in the next frame, which a loaded machine draws late. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while ((focused = px_test_render_widget (timeline, "charts-keyboard-focused.png", 0, 0, NULL)) == plain &&
         g_get_monotonic_time () < deadline)
    px_test_wait_for_size (timeline);
  g_assert_cmpuint (focused, !=, plain);
  /* The focused bar's details are read out instead of the whole chart's. */
  g_clear_pointer (&description, g_free);
  description = px_timeline_describe (runs);
  differs = gtk_test_accessible_check_property (GTK_ACCESSIBLE (timeline), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                description);
  g_assert_nonnull (differs);
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (timeline), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     "Task timeline"));
  g_assert_true (press_key (timeline, GDK_KEY_Down));
  g_assert_true (press_key (timeline, GDK_KEY_plus));
  g_assert_true (press_key (timeline, GDK_KEY_minus));
  g_assert_true (press_key (timeline, GDK_KEY_0));
  g_assert_false (press_key (timeline, GDK_KEY_a));
  g_assert_true (press_key (chart, GDK_KEY_Left));
  g_assert_false (press_key (chart, GDK_KEY_Up));

  /* The zoom factor scales the chart's text and spacing. */
  gtk_widget_measure (chart, GTK_ORIENTATION_VERTICAL, -1, &minimum, &natural, NULL, NULL);
  g_object_set (chart, "zoom", 2., NULL);
  gtk_widget_measure (chart, GTK_ORIENTATION_VERTICAL, -1, &zoomed, &natural, NULL, NULL);
  g_assert_cmpint (abs (zoomed - 2 * minimum), <=, 2);
  px_wall_cpu_chart_set_zoom (PX_WALL_CPU_CHART (chart), 100.);
  g_assert_cmpfloat (px_wall_cpu_chart_get_zoom (PX_WALL_CPU_CHART (chart)), ==, PX_CHART_ZOOM_MAX);

  g_object_unref (chart);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_export_format (void)
{
  /* A typed extension wins over the format picked in the dialog. */
  g_assert_cmpint (px_export_format_for_file ("/tmp/x.svg", "png"), ==, PX_IMAGE_SVG);
  g_assert_cmpint (px_export_format_for_file ("/tmp/x.PDF", NULL), ==, PX_IMAGE_PDF);
  g_assert_cmpint (px_export_format_for_file ("/tmp/x.png", "pdf"), ==, PX_IMAGE_PNG);
  g_assert_cmpint (px_export_format_for_file ("/tmp/x", "pdf"), ==, PX_IMAGE_PDF);
  g_assert_cmpint (px_export_format_for_file ("/tmp/x.txt", "svg"), ==, PX_IMAGE_SVG);
  g_assert_cmpint (px_export_format_for_file ("/tmp/x", NULL), ==, PX_IMAGE_PNG);
}

int
main (int   argc,
      char *argv[])
{
  px_test_charts_init (&argc, &argv);

  g_test_add_func ("/parallax/charts/ticks", test_ticks);
  g_test_add_func ("/parallax/charts/timeline/light", test_timeline_light);
  g_test_add_func ("/parallax/charts/timeline/dark", test_timeline_dark);
  g_test_add_func ("/parallax/charts/timeline/zoom", test_timeline_zoom);
  g_test_add_func ("/parallax/charts/timeline/cpu-wait", test_timeline_cpu_wait);
  g_test_add_func ("/parallax/charts/timeline/serial", test_timeline_serial);
  g_test_add_func ("/parallax/charts/wall-cpu/light", test_wall_cpu_light);
  g_test_add_func ("/parallax/charts/wall-cpu/dark", test_wall_cpu_dark);
  g_test_add_func ("/parallax/charts/wall-cpu/cpu-wait", test_wall_cpu_wait);
  g_test_add_func ("/parallax/charts/empty", test_empty);
  g_test_add_func ("/parallax/charts/many-tasks", test_many_tasks);
  g_test_add_func ("/parallax/charts/widget/timeline", test_widget_timeline);
  g_test_add_func ("/parallax/charts/widget/wall-cpu", test_widget_wall_cpu);
  g_test_add_func ("/parallax/charts/widget/cache", test_widget_cache);
  g_test_add_func ("/parallax/charts/widget/keyboard", test_widget_keyboard);
  g_test_add_func ("/parallax/charts/export-format", test_export_format);

  return g_test_run ();
}
