/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "px-amdahl-draw.h"
#include "px-chart-export.h"
#include "px-chart-private.h"
#include "px-engine.h"
#include "px-wall-cpu-draw.h"

/* parallax-cli plot, and the charts' scale, without GTK: this program does
 * not link it either. */

#define MS 1000

typedef struct
{
  char *dir;
  char *run;   /* a saved batch of every strategy */
} Fixture;

/* A decompress-like batch: a sequential run, threads and processes on two
 * lanes at twice its speed, async and GIL like sequential. */
static GPtrArray *
make_batch (void)
{
  GPtrArray *runs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint s = 0; s < PX_N_STRATEGIES; s++)
    {
      gboolean parallel = s == PX_STRATEGY_THREADS || s == PX_STRATEGY_PROCESSES;
      guint lanes = parallel ? 2 : 1;
      PxRunResult *run = px_run_result_new ("decompress", s, lanes, 40);
      double busy[2] = { .9, parallel ? .9 : .1 };
      gint64 wall = (parallel ? 105 : 200) * MS;

      for (guint i = 0; i < 40; i++)
        {
          PxTaskRecord *record = px_task_record_new ();

          record->index = i;
          record->lane = i % lanes;
          record->start_us = (i / lanes) * 5 * MS;
          record->end_us = record->start_us + 5 * MS;
          record->cpu_us = 4 * MS;
          record->error = i == 7 ? g_strdup ("corrupt") : NULL;
          px_run_result_take_task (run, record);
        }
      for (gint64 t = 50 * MS; t <= wall; t += 50 * MS)
        px_run_result_add_cpu_sample (run, t, busy, G_N_ELEMENTS (busy));
      px_run_result_set_measurements (run, wall, wall * lanes * 9 / 10, 2 * MS, 0, 0);
      g_ptr_array_add (runs, run);
    }
  px_run_results_compute_speedups (runs);

  return runs;
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *text,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, text, length, &error);
  g_assert_no_error (error);
  return path;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) runs = make_batch ();
  g_autoptr(JsonNode) node = px_run_results_to_json (runs);
  g_autofree char *text = json_to_string (node, TRUE);
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-plot-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->run = write_file (fixture, "run.json", text, -1);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->run);
}

/* Runs parallax-cli with args (NULL-terminated); returns its exit status
 * and, unless NULL, its standard error. */
static int
plot (const char * const *args,
      char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err_text = NULL;

  g_ptr_array_add (argv, g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "parallax-cli", NULL));
  g_ptr_array_add (argv, g_strdup ("plot"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err_text, &error);
  g_assert_no_error (error);
  /* Exited, not killed: a crash is never an answer. */
  g_assert_true (g_subprocess_get_if_exited (process));
  if (err != NULL)
    *err = g_steal_pointer (&err_text);

  return g_subprocess_get_exit_status (process);
}

static char *
read_head (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, length, &error);
  g_assert_no_error (error);
  return data;
}

/* Pixels */

static void
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y,
          double          *rgb)
{
  const guint8 *row = cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface);
  guint32 p = ((const guint32 *) (gconstpointer) row)[x];

  rgb[0] = ((p >> 16) & 0xff) / 255.;
  rgb[1] = ((p >> 8) & 0xff) / 255.;
  rgb[2] = (p & 0xff) / 255.;
}

/* How many pixels are within tolerance of color. */
static guint
count_color (cairo_surface_t    *surface,
             const PxChartColor *color,
             double              tolerance)
{
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  guint n = 0;

  cairo_surface_flush (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double rgb[3];

        pixel_at (surface, x, y, rgb);
        if (fabs (rgb[0] - color->red) + fabs (rgb[1] - color->green) + fabs (rgb[2] - color->blue) < tolerance)
          n++;
      }

  return n;
}

static void
test_formats (Fixture       *fixture,
              gconstpointer  data)
{
  const struct
  {
    const char *name;
    const char *chart;
    const char *magic;
  } cases[] = {
    { "timeline.png", "timeline", "\x89PNG\r\n\x1a\n" },
    { "timeline.svg", "timeline", "<?xml" },
    { "timeline.pdf", "timeline", "%PDF-" },
    { "wall-cpu.PNG", "wall-cpu", "\x89PNG\r\n\x1a\n" },
    { "amdahl.pdf", "amdahl", "%PDF-" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = g_build_filename (fixture->dir, cases[i].name, NULL);
      const char *args[] = { fixture->run, "--chart", cases[i].chart, "--size", "1280x720", "--caption",
                             "--output", out, NULL };
      g_autofree char *err = NULL;
      g_autofree char *head = NULL;
      gsize length;

      g_assert_cmpint (plot (args, &err), ==, 0);
      /* Nothing to say but, under the sanitizers, their summary. */
      g_assert_null (strstr (err, "parallax-cli"));
      g_assert_null (strstr (err, "CRITICAL"));
      g_assert_null (strstr (err, "WARNING"));
      head = read_head (out, &length);
      g_assert_cmpuint (length, >, 5000);
      g_assert_true (memcmp (head, cases[i].magic, strlen (cases[i].magic)) == 0);
      if (g_str_has_suffix (cases[i].name, ".svg"))
        g_assert_nonnull (strstr (head, "<svg"));
    }
}

static void
test_png_pixels (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *light = g_build_filename (fixture->dir, "light.png", NULL);
  g_autofree char *dark = g_build_filename (fixture->dir, "dark.png", NULL);
  const char *light_args[] = { fixture->run, "--size", "1600x900", "--output", light, NULL };
  const char *dark_args[] = { fixture->run, "--size", "800x450", "--dark", "--output", dark, NULL };
  cairo_surface_t *surface;
  PxChartTheme theme;
  guint total = 1600 * 900;

  g_assert_cmpint (plot (light_args, NULL), ==, 0);
  surface = cairo_image_surface_create_from_png (light);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1600);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 900);
  /* The light palette: a white ground, each strategy's colour in its bars,
   * the failed task in red. */
  px_chart_theme_init_default (&theme, FALSE);
  g_assert_cmpuint (count_color (surface, &theme.background, .05), >, total / 3);
  for (guint s = 0; s < PX_N_STRATEGIES; s++)
    g_assert_cmpuint (count_color (surface, &theme.strategy[s], .08), >, 500);
  g_assert_cmpuint (count_color (surface, &theme.error, .08), >, 20);
  cairo_surface_destroy (surface);

  g_assert_cmpint (plot (dark_args, NULL), ==, 0);
  surface = cairo_image_surface_create_from_png (dark);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 800);
  px_chart_theme_init_default (&theme, TRUE);
  g_assert_cmpuint (count_color (surface, &theme.background, .05), >, 800 * 450 / 3);
  cairo_surface_destroy (surface);
}

static void
test_amdahl_fit (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) runs = make_batch ();
  g_autofree PxScalePoint *points = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = g_build_filename (fixture->dir, "amdahl.png", NULL);
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint n_points;
  double fitted_p;

  /* Sequential, threads and processes: 200 ms, then 105 ms on two
   * workers; S = 1.905 gives P = 2 (1 − 1/S) = 0.95. */
  points = px_amdahl_points_from_runs (runs, 2, &n_points, &fitted_p, NULL);
  g_assert_nonnull (points);
  g_assert_cmpuint (n_points, ==, 3);
  g_assert_cmpfloat_with_epsilon (fitted_p, 2. * (1. - 105. / 200.), 1e-6);

  /* Without a sequential run nothing can be fitted: a clear error. */
  g_ptr_array_remove_index (runs, 0);
  node = px_run_results_to_json (runs);
  text = json_to_string (node, FALSE);
  path = write_file (fixture, "no-sequential.json", text, -1);
  {
    const char *args[] = { path, "--chart", "amdahl", "--output", out, NULL };

    g_assert_cmpint (plot (args, &err), ==, 1);
    g_assert_nonnull (strstr (err, "sequential"));
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
}

/* Pixels of a and b (image surfaces of one size) that differ in the box
 * x0..x1 × y0..y1. */
static guint
count_differing (cairo_surface_t *a,
                 cairo_surface_t *b,
                 int              x0,
                 int              x1,
                 int              y0,
                 int              y1)
{
  const guint32 *da = (const guint32 *) (gconstpointer) cairo_image_surface_get_data (a);
  const guint32 *db = (const guint32 *) (gconstpointer) cairo_image_surface_get_data (b);
  int stride = cairo_image_surface_get_stride (a) / 4;
  guint n = 0;

  for (int y = MAX (y0, 0); y < MIN (y1, cairo_image_surface_get_height (a)); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, cairo_image_surface_get_width (a)); x++)
      n += da[y * stride + x] != db[y * stride + x];
  return n;
}

static cairo_surface_t *
render_amdahl (const PxAmdahlPlot *plot)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1600, 900);
  cairo_t *cr = cairo_create (surface);
  PxChartTheme theme;

  px_chart_theme_init_default (&theme, FALSE);
  px_draw_amdahl (cr, &theme, plot, 1600, 900);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

/* The measured points say which strategy they measured: threads and
 * processes both at N = 2 and 1.9×, labelled one beside the point and one
 * a line away rather than over each other; sequential at N = 1. */
static void
test_amdahl_labels (void)
{
  g_autoptr(GPtrArray) runs = make_batch ();
  g_autofree PxScalePoint *points = NULL;
  g_autofree PxStrategy *strategies = NULL;
  const char *labels[4] = { NULL };
  cairo_surface_t *bare, *labelled;
  PxAmdahlPlot plot;
  PxChartTheme theme;
  double x, y, f;

  px_chart_theme_init_default (&theme, FALSE);
  f = px_chart_theme_get_font (&theme);
  px_amdahl_plot_init (&plot);
  points = px_amdahl_points_from_runs (runs, 2, &plot.n_points, &plot.fitted_p, &strategies);
  g_assert_cmpuint (plot.n_points, ==, 3);
  for (guint i = 0; i < plot.n_points; i++)
    labels[i] = px_strategy_get_title (strategies[i]);
  plot.points = points;
  plot.max_n = 8;
  bare = render_amdahl (&plot);
  plot.point_labels = labels;
  labelled = render_amdahl (&plot);

  px_amdahl_plot_to_pixel (&theme, &plot, 1600, 900, 2, points[1].speedup, &x, &y);
  /* Beside the point, and a line above or below it. */
  g_assert_cmpuint (count_differing (bare, labelled, x + f, x + 5 * f, y - .5 * f, y + .5 * f), >, f * f);
  g_assert_cmpuint (count_differing (bare, labelled, x + f, x + 5 * f, y - 2 * f, y - .8 * f) +
                      count_differing (bare, labelled, x + f, x + 5 * f, y + .8 * f, y + 2 * f), >, f * f);
  /* Nothing far from the points changes. */
  g_assert_cmpuint (count_differing (bare, labelled, x + 10 * f, 1600, 0, y - 4 * f), ==, 0);

  cairo_surface_destroy (bare);
  cairo_surface_destroy (labelled);
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *good = read_head (fixture->run, NULL);
  g_autofree char *truncated = g_strndup (good, strlen (good) / 2);
  g_autofree char *out = g_build_filename (fixture->dir, "out.png", NULL);
  const char *bad[] = {
    "",
    "not json at all",
    "[1, 2, 3]",
    "{\"workload\": \"fetch\"}",
    "{\"workload\": \"fetch\", \"runs\": 7}",
    "{\"workload\": \"fetch\", \"runs\": []}",
    "{\"workload\": \"fetch\", \"runs\": [{\"strategy\": \"threads\"}]}",
    "{\"workload\": \"fetch\", \"runs\": [{\"strategy\": 3, \"workers\": \"x\"}]}",
    "\xff\xfe\x00garbage",
    truncated,
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *name = g_strdup_printf ("bad-%u.json", i);
      g_autofree char *path = write_file (fixture, name, bad[i], i == 8 ? 10 : -1);
      const char *args[] = { path, "--output", out, NULL };
      g_autofree char *err = NULL;

      g_assert_cmpint (plot (args, &err), ==, 1);
      g_assert_true (g_str_has_prefix (err, "parallax-cli: "));
      g_assert_nonnull (strstr (err, name));
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }

  {
    g_autofree char *missing = g_build_filename (fixture->dir, "missing.json", NULL);
    const char *args[] = { missing, "--output", out, NULL };

    g_assert_cmpint (plot (args, NULL), ==, 1);
  }
}

static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *out = g_build_filename (fixture->dir, "out.png", NULL);
  g_autofree char *gif = g_build_filename (fixture->dir, "out.gif", NULL);
  const char * const usage[][8] = {
    { fixture->run, "--size", "0x100", "--output", out, NULL },
    { fixture->run, "--size", "1920", "--output", out, NULL },
    { fixture->run, "--size", "99999x100", "--output", out, NULL },
    { fixture->run, "--size", "-5x-5", "--output", out, NULL },
    { fixture->run, "--scale", "0", "--output", out, NULL },
    { fixture->run, "--chart", "pie", "--output", out, NULL },
    { fixture->run, "--output", gif, NULL },
    { fixture->run, NULL },
    { "--output", out, NULL },
    { fixture->run, fixture->run, "--output", out, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (plot (usage[i], &err), ==, 2);
      g_assert_nonnull (strstr (err, "parallax-cli plot --help"));
    }
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

/* Scale */

static cairo_surface_t *
render (GPtrArray *runs,
        int        width,
        int        height,
        double     zoom)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  PxChartTheme theme;

  px_chart_theme_init_default (&theme, FALSE);
  px_chart_render (cr, px_export_draw_wall_cpu, runs, &theme, zoom, NULL, width, height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

/* The mean difference between big, averaged over 2 × 2 pixels, and small. */
static double
downscaled_difference (cairo_surface_t *big,
                       cairo_surface_t *small)
{
  int w = cairo_image_surface_get_width (small), h = cairo_image_surface_get_height (small);
  double sum = 0.;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double a[3], b[3] = { 0, 0, 0 };

        pixel_at (small, x, y, a);
        for (int k = 0; k < 4; k++)
          {
            double p[3];

            pixel_at (big, 2 * x + k % 2, 2 * y + k / 2, p);
            for (int c = 0; c < 3; c++)
              b[c] += p[c] / 4.;
          }
        for (int c = 0; c < 3; c++)
          sum += fabs (a[c] - b[c]);
      }

  return sum / (3. * w * h);
}

static double
text_height (int width,
             int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 16, 16);
  cairo_t *cr = cairo_create (surface);
  PxChartTheme theme;
  PxChartText text;
  int w, h;

  px_chart_theme_init_default (&theme, FALSE);
  theme.scale = px_chart_scale_for_size (width, height, 1.);
  px_chart_text_init (&text, cr, &theme);
  px_chart_text_measure (&text, "Threads 2.02× sequential", 1., PX_CHART_TEXT_NORMAL);
  pango_layout_get_pixel_size (text.layout, &w, &h);
  px_chart_text_clear (&text);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return h;
}

static void
test_scale (void)
{
  g_autoptr(GPtrArray) runs = make_batch ();
  cairo_surface_t *hd = render (runs, 1920, 1080, 1.);
  cairo_surface_t *uhd = render (runs, 3840, 2160, 1.);
  /* What a 4K export was before the scale: the 1080p sizes. */
  cairo_surface_t *unscaled = render (runs, 3840, 2160, 1080. / 2160.);
  double same = downscaled_difference (uhd, hd);
  double different = downscaled_difference (unscaled, hd);
  double ratio = text_height (3840, 2160) / text_height (1920, 1080);

  /* Text, as Pango lays it out, twice as tall at twice the size. */
  g_assert_cmpfloat (ratio, >, 1.85);
  g_assert_cmpfloat (ratio, <, 2.15);
  g_assert_cmpfloat (text_height (1280, 720) / text_height (1920, 1080), <, .75);

  /* The 4K image is the 1080p one at twice the resolution: halved, it
   * differs from it only where edges fall between pixels. */
  g_test_message ("mean difference: scaled %.4f, unscaled %.4f", same, different);
  g_assert_cmpfloat (same, <, .02);
  g_assert_cmpfloat (different, >, 3 * same);

  cairo_surface_destroy (hd);
  cairo_surface_destroy (uhd);
  cairo_surface_destroy (unscaled);
}

static void
test_format_from_path (void)
{
  PxImageFormat format = PX_IMAGE_PNG;

  g_assert_true (px_chart_format_from_path ("a/b.svg", &format));
  g_assert_cmpint (format, ==, PX_IMAGE_SVG);
  g_assert_true (px_chart_format_from_path ("x.PDF", &format));
  g_assert_cmpint (format, ==, PX_IMAGE_PDF);
  g_assert_true (px_chart_format_from_path ("chart.png", &format));
  g_assert_cmpint (format, ==, PX_IMAGE_PNG);
  g_assert_false (px_chart_format_from_path ("chart", &format));
  g_assert_false (px_chart_format_from_path ("chart.jpeg", &format));
  g_assert_false (px_chart_format_from_path ("dir.svg/chart", &format));
}

/* Labels drawn in order of importance: one that would print over an
 * earlier one is left out, one beside it is drawn. */
static void
test_placed_labels (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 200);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (PxRect));
  PxChartTheme theme;
  PxChartText text;

  px_chart_theme_init_default (&theme, FALSE);
  px_chart_text_init (&text, cr, &theme);

  g_assert_true (px_chart_text_draw_placed (&text, placed, "816.0 ms", 100, 50, .5, 1., &theme.foreground, 1.,
                                            PX_CHART_TEXT_BOLD));
  g_assert_false (px_chart_text_draw_placed (&text, placed, "815.3 ms", 110, 52, .5, 1., &theme.foreground, 1.,
                                             PX_CHART_TEXT_BOLD));
  g_assert_true (px_chart_text_draw_placed (&text, placed, "223 µs", 300, 150, .5, 1., &theme.foreground, 1.,
                                            PX_CHART_TEXT_NORMAL));
  g_assert_cmpuint (placed->len, ==, 2);
  g_assert_cmpfloat (g_array_index (placed, PxRect, 0).w, >, 0.);

  px_chart_text_clear (&text);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_dir (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static gboolean
set_comma_locale (void)
{
  return setlocale (LC_NUMERIC, "de_DE.UTF-8") != NULL && localeconv ()->decimal_point[0] == ',';
}

/* Colours, in C's notation whatever the locale: the app runs in German,
 * whose decimal separator is a comma. The locale is made here when the
 * system has none (localedef, from Debian's locales package). */
static void
test_color_parse (void)
{
  static const char * const bad[] = { "", "#12345", "#12345g", "rgba(0,0,0,1.5)", "rgba(256,0,0,0.5)",
                                      "rgba(0,0,0,0.5", "rgba(0,0,0,)", "rgba(0,0,0,0.5)x", "red" };
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autofree char *dir = NULL;
  gboolean comma = set_comma_locale ();
  PxChartColor color;

  if (!comma)
    {
      g_autofree char *path = NULL;
      int status = -1;

      dir = g_dir_make_tmp ("parallax-locale-XXXXXX", NULL);
      path = g_build_filename (dir, "de_DE.UTF-8", NULL);
      if (g_spawn_sync (NULL, (char *[]) { "localedef", "-i", "de_DE", "-f", "UTF-8", path, NULL }, NULL,
                        G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                        NULL, NULL, &status, NULL) &&
          g_spawn_check_wait_status (status, NULL))
        {
          g_setenv ("LOCPATH", dir, TRUE);
          comma = set_comma_locale ();
          g_unsetenv ("LOCPATH");
        }
    }

  g_assert_true (px_chart_color_parse (&color, "rgba(0,0,0,0.10)"));
  g_assert_cmpfloat_with_epsilon (color.alpha, .1, 1e-9);
  g_assert_true (px_chart_color_parse (&color, "#ff8000"));
  g_assert_cmpfloat_with_epsilon (color.green, 128. / 255., 1e-9);
  g_assert_cmpfloat_with_epsilon (color.alpha, 1., 1e-9);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (px_chart_color_parse (&color, bad[i]));

  setlocale (LC_NUMERIC, saved);
  if (dir != NULL)
    remove_dir (dir);
  if (!comma)
    g_test_incomplete ("no locale with a decimal comma: install Debian's locales package");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/plot/formats", Fixture, NULL, fixture_set_up, test_formats, fixture_tear_down);
  g_test_add ("/plot/png-pixels", Fixture, NULL, fixture_set_up, test_png_pixels, fixture_tear_down);
  g_test_add ("/plot/amdahl-fit", Fixture, NULL, fixture_set_up, test_amdahl_fit, fixture_tear_down);
  g_test_add ("/plot/malformed", Fixture, NULL, fixture_set_up, test_malformed, fixture_tear_down);
  g_test_add ("/plot/usage", Fixture, NULL, fixture_set_up, test_usage, fixture_tear_down);
  g_test_add_func ("/plot/scale", test_scale);
  g_test_add_func ("/plot/color-parse", test_color_parse);
  g_test_add_func ("/plot/placed-labels", test_placed_labels);
  g_test_add_func ("/plot/amdahl-labels", test_amdahl_labels);
  g_test_add_func ("/plot/format-from-path", test_format_from_path);

  return g_test_run ();
}
