/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-amdahl-chart"

#include "config.h"

#include <math.h>

#include <gtk/gtk.h>

#include "px-amdahl.h"
#include "px-amdahl-draw.h"
#include "px-amdahl-plot.h"
#include "px-test-charts.h"

#define WIDTH  1600
#define HEIGHT 900

/* A scaling run on 2 cores: near-linear up to 2 workers, flat past them. */
static const PxScalePoint points[] = {
  { 1, 10.0, 9.8, 10.3, 1.00, 1.00, NAN },
  { 2, 5.4, 5.2, 5.9, 1.85, .926, .080 },
  { 4, 5.2, 4.9, 5.8, 1.92, .481, .360 },
  { 8, 5.3, 5.0, 5.6, 1.89, .236, .460 },
};

/* Pixels */

/* The nearest any pixel within ±radius of (x, y) comes to the colour. */
static double
nearest_around (cairo_surface_t *surface,
                double           x,
                double           y,
                int              radius,
                const PxChartColor   *color)
{
  double best = G_MAXDOUBLE;

  for (int dy = -radius; dy <= radius; dy++)
    for (int dx = -radius; dx <= radius; dx++)
      best = MIN (best, px_test_pixel_distance (px_test_get_pixel (surface, x + dx, y + dy), color));

  return best;
}

static guint
count_near (cairo_surface_t *surface,
            const PxChartColor   *color,
            double           tolerance)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  guint n = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (px_test_pixel_distance (px_test_get_pixel (surface, x, y), color) < tolerance)
        n++;
  return n;
}

/* The largest share of a row between x0 and x1, over rows y0..y1, that is
 * blue: where a horizontal accent line would show. */
static double
max_blue_row (cairo_surface_t *surface,
              double           x0,
              double           x1,
              double           y0,
              double           y1)
{
  double best = 0.;

  for (int y = (int) y0; y <= (int) y1; y++)
    {
      guint n = 0;

      for (int x = (int) x0; x < (int) x1; x++)
        {
          PxTestPixel p = px_test_get_pixel (surface, x, y);

          if (p.b - p.r > .25)
            n++;
        }
      best = MAX (best, n / (x1 - x0));
    }

  return best;
}

static cairo_surface_t *
render (const PxChartTheme *theme,
        const PxAmdahlPlot *plot,
        const char         *png)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  px_draw_amdahl (cr, theme, plot, WIDTH, HEIGHT);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  if (png != NULL)
    px_test_save_png (surface, png);

  return surface;
}

static void
marker_point (const PxChartTheme *theme,
              const PxAmdahlPlot *plot,
              double             *x,
              double             *y)
{
  px_amdahl_plot_get_marker_point (theme, plot, WIDTH, HEIGHT, x, y);
  g_assert_true (isfinite (*x) && isfinite (*y));
}

static void
with_points (PxAmdahlPlot *plot)
{
  plot->points = points;
  plot->n_points = G_N_ELEMENTS (points);
  plot->cores = 2;
  plot->fitted_p = .92;
}

/* Tests */

static void
check_full (gboolean dark)
{
  PxChartTheme theme;
  PxAmdahlPlot plot;
  cairo_surface_t *surface;
  double x, y;

  px_chart_theme_init_default (&theme, dark);
  px_amdahl_plot_init (&plot);
  with_points (&plot);
  plot.gustafson = TRUE;
  surface = render (&theme, &plot, dark ? "amdahl-dark.png" : "amdahl-light.png");

  /* The marker: the accent, ringed in the background. */
  marker_point (&theme, &plot, &x, &y);
  g_assert_cmpfloat (px_test_pixel_distance (px_test_get_pixel (surface, x, y), &theme.strategy[PX_STRATEGY_SEQUENTIAL]),
                     <, .1);
  cairo_surface_destroy (surface);

  plot.log_y = TRUE;
  plot.p = .99;
  plot.n = 256;
  surface = render (&theme, &plot, dark ? "amdahl-log-dark.png" : "amdahl-log-light.png");
  marker_point (&theme, &plot, &x, &y);
  g_assert_cmpfloat (px_test_pixel_distance (px_test_get_pixel (surface, x, y), &theme.strategy[PX_STRATEGY_SEQUENTIAL]),
                     <, .1);
  cairo_surface_destroy (surface);
}

static void
test_light (void)
{
  check_full (FALSE);
}

static void
test_dark (void)
{
  check_full (TRUE);
}

static void
test_marker (void)
{
  PxChartTheme theme;
  PxAmdahlPlot plot;
  double x0, y0, x1, y1;

  px_chart_theme_init_default (&theme, FALSE);
  px_amdahl_plot_init (&plot);

  /* N grows: right, and up along the rising curve. */
  plot.p = .9;
  plot.n = 8;
  marker_point (&theme, &plot, &x0, &y0);
  plot.n = 16;
  marker_point (&theme, &plot, &x1, &y1);
  g_assert_cmpfloat (x1, >, x0 + 10);
  g_assert_cmpfloat (y1, <, y0);

  /* P grows at the same N: straight up, within the classic figure's axis
   * and when the limit outgrows it (up to 99 %, the axis stays). */
  for (double p = .5; p < .95; p += .05)
    {
      plot.p = p;
      marker_point (&theme, &plot, &x0, &y0);
      plot.p = p + .05;
      marker_point (&theme, &plot, &x1, &y1);
      g_assert_cmpfloat_with_epsilon (x0, x1, 1e-9);
      g_assert_cmpfloat (y1, <, y0);
    }

  /* Each marker is drawn where it is said to be. */
  for (guint i = 0; i < 3; i++)
    {
      cairo_surface_t *surface;
      double x, y;

      plot.p = .5 + .2 * i;
      plot.n = 2 << (3 * i);
      surface = render (&theme, &plot, NULL);
      marker_point (&theme, &plot, &x, &y);
      g_assert_cmpfloat (px_test_pixel_distance (px_test_get_pixel (surface, x, y), &theme.background), >, .3);
      cairo_surface_destroy (surface);
    }
}

static void
test_curve (void)
{
  PxChartTheme theme;
  PxAmdahlPlot plot;
  cairo_surface_t *surface;
  const PxChartColor *accent = &theme.strategy[PX_STRATEGY_SEQUENTIAL];

  px_chart_theme_init_default (&theme, FALSE);
  px_amdahl_plot_init (&plot);
  plot.p = .9;
  plot.n = 2;
  surface = render (&theme, &plot, "amdahl-curve.png");

  /* Away from the marker, S(N) of the chosen P lies on the accent line. */
  for (guint n = 16; n <= 1024; n *= 4)
    {
      double x, y;

      px_amdahl_plot_to_pixel (&theme, &plot, WIDTH, HEIGHT, n, px_amdahl_speedup (plot.p, n), &x, &y);
      g_assert_cmpfloat (nearest_around (surface, x, y, 2, accent), <, .15);
      /* …and not where another P would put it. */
      px_amdahl_plot_to_pixel (&theme, &plot, WIDTH, HEIGHT, n, px_amdahl_speedup (.6, n), &x, &y);
      g_assert_cmpfloat (nearest_around (surface, x, y, 2, accent), >, .3);
    }

  cairo_surface_destroy (surface);
}

static void
test_extremes (void)
{
  PxChartTheme theme;
  PxAmdahlPlot plot;
  cairo_surface_t *surface;
  double x0, x1, y_top, y_bottom, x, y;

  px_chart_theme_init_default (&theme, FALSE);
  px_amdahl_plot_init (&plot);

  /* The asymptote of P = 95 % is a dashed row of accent... */
  plot.p = .95;
  surface = render (&theme, &plot, NULL);
  px_amdahl_plot_to_pixel (&theme, &plot, WIDTH, HEIGHT, 1, 20, &x0, &y);
  px_amdahl_plot_to_pixel (&theme, &plot, WIDTH, HEIGHT, plot.max_n, 20, &x1, NULL);
  g_assert_cmpfloat (max_blue_row (surface, x0, x1, y - 2, y + 2), >, .4);
  cairo_surface_destroy (surface);

  /* ...and at P = 1 there is none: S = N, up to the x extent. */
  for (guint log_y = 0; log_y < 2; log_y++)
    {
      plot.p = 1.;
      plot.log_y = log_y;
      surface = render (&theme, &plot, log_y ? "amdahl-p1-log.png" : "amdahl-p1.png");
      px_amdahl_plot_to_pixel (&theme, &plot, WIDTH, HEIGHT, 1, 1, &x0, &y_bottom);
      px_amdahl_plot_to_pixel (&theme, &plot, WIDTH, HEIGHT, plot.max_n, plot.max_n, &x1, &y_top);
      g_assert_cmpfloat (y_top, >=, 0);
      g_assert_cmpfloat (max_blue_row (surface, x0, x1, y_top, y_bottom - 3), <, .3);
      marker_point (&theme, &plot, &x, &y);
      g_assert_cmpfloat (y, <, y_bottom);
      cairo_surface_destroy (surface);

      /* P = 0: flat at 1, the limit 1 on it. */
      plot.p = 0.;
      surface = render (&theme, &plot, log_y ? "amdahl-p0-log.png" : "amdahl-p0.png");
      marker_point (&theme, &plot, &x, &y);
      px_amdahl_plot_to_pixel (&theme, &plot, WIDTH, HEIGHT, 1, 1, NULL, &y_bottom);
      g_assert_cmpfloat_with_epsilon (y, y_bottom, 1e-9);
      cairo_surface_destroy (surface);
    }

  /* A limit past the x extent: noted, not drawn off the surface. */
  plot.p = .99999;
  plot.log_y = FALSE;
  surface = render (&theme, &plot, NULL);
  cairo_surface_destroy (surface);

  /* Nonsense in, finite geometry out. */
  plot.p = NAN;
  plot.n = INFINITY;
  surface = render (&theme, &plot, NULL);
  marker_point (&theme, &plot, &x, &y);
  cairo_surface_destroy (surface);
}

static void
test_log_y (void)
{
  PxChartTheme theme;
  PxAmdahlPlot plot;
  double x0, y0, x1, y1;

  px_chart_theme_init_default (&theme, FALSE);
  px_amdahl_plot_init (&plot);
  marker_point (&theme, &plot, &x0, &y0);
  plot.log_y = TRUE;
  marker_point (&theme, &plot, &x1, &y1);
  g_assert_cmpfloat_with_epsilon (x0, x1, 1e-9);
  g_assert_cmpfloat (fabs (y1 - y0), >, 20);

  /* On a log axis each doubling of S is the same height. */
  {
    double ya, yb, yc;

    px_amdahl_plot_to_pixel (&theme, &plot, WIDTH, HEIGHT, 1, 2, NULL, &ya);
    px_amdahl_plot_to_pixel (&theme, &plot, WIDTH, HEIGHT, 1, 4, NULL, &yb);
    px_amdahl_plot_to_pixel (&theme, &plot, WIDTH, HEIGHT, 1, 8, NULL, &yc);
    g_assert_cmpfloat_with_epsilon (ya - yb, yb - yc, 1e-6);
  }
}

static void
test_measured (void)
{
  PxChartTheme theme;
  PxAmdahlPlot plot;
  cairo_surface_t *surface;
  const PxChartColor *measured = &theme.strategy[PX_STRATEGY_ASYNC];

  px_chart_theme_init_default (&theme, FALSE);
  px_amdahl_plot_init (&plot);
  plot.n = 512;
  with_points (&plot);
  surface = render (&theme, &plot, "amdahl-measured.png");

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      double x, y;

      px_amdahl_plot_to_pixel (&theme, &plot, WIDTH, HEIGHT, points[i].workers, points[i].speedup, &x, &y);
      g_assert_cmpint (px_amdahl_plot_hit_test (&theme, &plot, WIDTH, HEIGHT, x + 1, y - 1), ==, i);
      if (points[i].workers <= plot.cores)
        {
          /* Within the cores: a filled dot. */
          g_assert_cmpfloat (px_test_pixel_distance (px_test_get_pixel (surface, x, y), measured), <, .1);
        }
      else
        {
          /* Past them: a ring, empty inside (but for the faint grid line
           * of N = 4 or 8 down the middle). */
          g_assert_cmpfloat (px_test_pixel_distance (px_test_get_pixel (surface, x - 2, y), &theme.background), <, .05);
          g_assert_cmpfloat (px_test_pixel_distance (px_test_get_pixel (surface, x + 2, y), &theme.background), <, .05);
          g_assert_cmpfloat (px_test_pixel_distance (px_test_get_pixel (surface, x, y), measured), >, 1.);
          g_assert_cmpfloat (nearest_around (surface, x + .5 * theme.font_size, y, 1, measured), <, .2);
        }
    }
  g_assert_cmpint (px_amdahl_plot_hit_test (&theme, &plot, WIDTH, HEIGHT, WIDTH / 2, 40), ==, -1);

  /* Without points nothing is hit and nothing is drawn there. */
  plot.points = NULL;
  plot.n_points = 0;
  g_assert_cmpint (px_amdahl_plot_hit_test (&theme, &plot, WIDTH, HEIGHT, 0, 0), ==, -1);
  cairo_surface_destroy (surface);
  surface = render (&theme, &plot, NULL);
  g_assert_cmpuint (count_near (surface, measured, .1), ==, 0);
  cairo_surface_destroy (surface);
}

static void
test_gustafson (void)
{
  PxChartTheme theme;
  PxAmdahlPlot plot;
  cairo_surface_t *surface;
  const PxChartColor *orange = &theme.strategy[PX_STRATEGY_PROCESSES];
  guint off, on;

  px_chart_theme_init_default (&theme, FALSE);
  px_amdahl_plot_init (&plot);
  surface = render (&theme, &plot, NULL);
  off = count_near (surface, orange, .15);
  cairo_surface_destroy (surface);

  plot.gustafson = TRUE;
  surface = render (&theme, &plot, "amdahl-gustafson.png");
  on = count_near (surface, orange, .15);
  cairo_surface_destroy (surface);

  g_assert_cmpuint (off, ==, 0);
  g_assert_cmpuint (on, >, 500);
}

/* Widget */

static void
test_widget (void)
{
  GtkWidget *window, *chart;
  PxAmdahlPlot plot;
  guint before, after;
  guint8 alpha;
  double x0, y0, x1, y1;

  if (px_test_skip_without_display ())
    return;

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 700);
  chart = px_amdahl_chart_new ();
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  px_test_wait_for_size (chart);

  g_object_set (chart, "p", .9, "n", 4., NULL);
  px_test_wait_for_size (chart);
  px_amdahl_chart_get_marker_point (PX_AMDAHL_CHART (chart), &x0, &y0);
  before = px_test_render_widget (chart, "amdahl-widget-before.png", x0, y0, &alpha);
  g_assert_cmpuint (before, >, 5000);
  g_assert_cmpuint (alpha, ==, 255);

  px_amdahl_chart_set_p (PX_AMDAHL_CHART (chart), .97);
  px_amdahl_chart_set_n (PX_AMDAHL_CHART (chart), 64);
  px_amdahl_chart_set_gustafson (PX_AMDAHL_CHART (chart), TRUE);
  px_amdahl_chart_set_points (PX_AMDAHL_CHART (chart), points, G_N_ELEMENTS (points), NULL, .92);
  px_test_wait_for_size (chart);
  px_amdahl_chart_get_marker_point (PX_AMDAHL_CHART (chart), &x1, &y1);
  g_assert_cmpfloat (x1, >, x0);
  g_assert_cmpfloat (y1, <, y0);
  after = px_test_render_widget (chart, "amdahl-widget.png", x1, y1, &alpha);
  g_assert_cmpuint (after, >, before);
  g_assert_cmpuint (alpha, ==, 255);

  /* The plot for export is what the widget shows, with copied points. */
  px_amdahl_chart_get_plot (PX_AMDAHL_CHART (chart), &plot);
  g_assert_cmpfloat (plot.p, ==, .97);
  g_assert_cmpfloat (plot.n, ==, 64);
  g_assert_true (plot.gustafson);
  g_assert_false (plot.log_y);
  g_assert_cmpuint (plot.n_points, ==, G_N_ELEMENTS (points));
  g_assert_true (plot.points != points);
  g_assert_cmpfloat (plot.points[2].speedup, ==, points[2].speedup);

  /* Out of range values are clamped, and properties notify on change only. */
  px_amdahl_chart_set_p (PX_AMDAHL_CHART (chart), 2.);
  g_assert_cmpfloat (px_amdahl_chart_get_p (PX_AMDAHL_CHART (chart)), ==, 1.);
  px_amdahl_chart_set_log_y (PX_AMDAHL_CHART (chart), TRUE);
  g_assert_true (px_amdahl_chart_get_log_y (PX_AMDAHL_CHART (chart)));
  px_test_wait_for_size (chart);
  g_assert_cmpuint (px_test_render_widget (chart, "amdahl-widget-log.png", x1, y1, &alpha), >, 5000);

  px_amdahl_chart_set_points (PX_AMDAHL_CHART (chart), NULL, 0, NULL, NAN);
  px_amdahl_chart_get_plot (PX_AMDAHL_CHART (chart), &plot);
  g_assert_null (plot.points);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_widget_notify (void)
{
  g_autoptr(GtkWidget) chart = NULL;
  guint count = 0;

  if (px_test_skip_without_display ())
    return;

  chart = g_object_ref_sink (px_amdahl_chart_new ());
  g_signal_connect (chart, "notify", G_CALLBACK (count_notify_cb), &count);
  g_object_set (chart, "p", .95, "n", 8., "log-y", FALSE, "gustafson", FALSE, NULL);
  g_assert_cmpuint (count, ==, 0);
  g_object_set (chart, "p", .5, "n", 16., "log-y", TRUE, "gustafson", TRUE, NULL);
  g_assert_cmpuint (count, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  px_test_charts_init (&argc, &argv);

  g_test_add_func ("/parallax/amdahl-chart/light", test_light);
  g_test_add_func ("/parallax/amdahl-chart/dark", test_dark);
  g_test_add_func ("/parallax/amdahl-chart/marker", test_marker);
  g_test_add_func ("/parallax/amdahl-chart/curve", test_curve);
  g_test_add_func ("/parallax/amdahl-chart/extremes", test_extremes);
  g_test_add_func ("/parallax/amdahl-chart/log-y", test_log_y);
  g_test_add_func ("/parallax/amdahl-chart/measured", test_measured);
  g_test_add_func ("/parallax/amdahl-chart/gustafson", test_gustafson);
  g_test_add_func ("/parallax/amdahl-chart/widget", test_widget);
  g_test_add_func ("/parallax/amdahl-chart/widget/notify", test_widget_notify);

  return g_test_run ();
}
