/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-amdahl"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>

#include "px-amdahl.h"
#include "px-amdahl-draw.h"
#include "px-bench.h"

/* Times the Amdahl plot at 1920×1080 into an image surface, as a slider
 * drag redraws it: P and N change every frame, with the reference family,
 * Gustafson's line, eight measured points and a fit. The target is 2 ms a
 * frame, for the whole plot and for the widget's path (the static part
 * cached in a render node). Usage: bench-amdahl [FRAMES] */

#define WIDTH     1920
#define HEIGHT    1080
#define TARGET_MS 2.

/* A drag over P from 50 % to 99.9 % and N over the whole axis. */
static void
drag (PxAmdahlPlot *plot,
      guint         frame)
{
  plot->p = .5 + .499 * (frame % 100) / 99.;
  plot->n = exp2 (12. * (frame % 37) / 36.);
}

static void
run (const char         *what,
     cairo_t            *cr,
     const PxChartTheme *theme,
     PxAmdahlPlot       *plot,
     double             *ms,
     guint               frames)
{
  cairo_surface_t *surface = cairo_get_target (cr);

  for (guint i = 0; i < frames; i++)
    {
      gint64 begin;

      drag (plot, i);
      begin = px_bench_now ();
      px_draw_amdahl (cr, theme, plot, WIDTH, HEIGHT);
      cairo_surface_flush (surface);
      ms[i] = px_bench_elapsed_ms (begin);
    }
  px_bench_report (what, ms, frames, TARGET_MS);
}

/* The widget's path: the static part drawn into an image (a texture in
 * the widget) when the axis changes level, then painted under the dynamic
 * part, as GTK's cairo renderer paints a texture. */
static void
run_cached (const char         *what,
            cairo_t            *cr,
            const PxChartTheme *theme,
            PxAmdahlPlot       *plot,
            double             *ms,
            guint               frames)
{
  cairo_surface_t *surface = cairo_get_target (cr);
  cairo_surface_t *cache = NULL;
  PxAmdahlPlot cache_plot;
  guint rebuilt = 0;

  for (guint i = 0; i < frames; i++)
    {
      gint64 begin;

      drag (plot, i);
      begin = px_bench_now ();
      if (cache != NULL && !px_amdahl_plot_same_static (theme, &cache_plot, plot, WIDTH, HEIGHT))
        g_clear_pointer (&cache, cairo_surface_destroy);
      if (cache == NULL)
        {
          cairo_t *cache_cr;

          cache = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
          cache_cr = cairo_create (cache);
          px_draw_amdahl_parts (cache_cr, theme, plot, WIDTH, HEIGHT, PX_AMDAHL_PART_STATIC);
          cairo_destroy (cache_cr);
          cache_plot = *plot;
          rebuilt++;
        }
      cairo_save (cr);
      cairo_set_source_surface (cr, cache, 0, 0);
      cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
      cairo_paint (cr);
      cairo_restore (cr);
      px_draw_amdahl_parts (cr, theme, plot, WIDTH, HEIGHT, PX_AMDAHL_PART_DYNAMIC);
      cairo_surface_flush (surface);
      ms[i] = px_bench_elapsed_ms (begin);
    }
  px_bench_report (what, ms, frames, TARGET_MS);
  g_print ("%-44s static part redrawn on %u of %u frames\n", "", rebuilt, frames);
  g_clear_pointer (&cache, cairo_surface_destroy);
}

int
main (int   argc,
      char *argv[])
{
  guint frames = px_bench_parse_frames (argc, argv, 1000);
  g_autofree double *ms = NULL;
  PxScalePoint points[8];
  PxChartTheme theme;
  PxAmdahlPlot plot;
  cairo_surface_t *surface;
  cairo_t *cr;

  setlocale (LC_ALL, "");
  ms = g_new (double, frames);

  /* 1, 2, 4, … 128 workers on 16 cores, P ≈ 0.97, ±5 % spread. */
  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      guint n = 1u << i;
      double s = MIN (px_amdahl_speedup (.97, n), px_amdahl_speedup (.97, 16));

      points[i] = (PxScalePoint) { n, 10. / s, 9.5 / s, 10.5 / s, s, s / n, px_karp_flatt (s, n) };
    }
  px_amdahl_plot_init (&plot);
  plot.points = points;
  plot.n_points = G_N_ELEMENTS (points);
  plot.fitted_p = .97;
  plot.cores = 16;
  plot.gustafson = TRUE;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (surface);
  g_print ("Amdahl plot, %d×%d, %u frames, target %.0f ms\n", WIDTH, HEIGHT, frames, TARGET_MS);

  px_chart_theme_init_default (&theme, FALSE);
  run ("light, linear, everything", cr, &theme, &plot, ms, frames);
  run_cached ("light, linear, static part cached", cr, &theme, &plot, ms, frames);
  plot.log_y = TRUE;
  run ("light, log y, everything", cr, &theme, &plot, ms, frames);

  /* As in the widget: no background to paint, the window's shows. */
  px_chart_theme_init_default (&theme, TRUE);
  theme.background.alpha = 0.;
  plot.log_y = FALSE;
  run ("dark, transparent (widget), everything", cr, &theme, &plot, ms, frames);
  run_cached ("dark, transparent, static part cached", cr, &theme, &plot, ms, frames);

  plot.points = NULL;
  plot.n_points = 0;
  plot.gustafson = FALSE;
  px_chart_theme_init_default (&theme, FALSE);
  run ("light, linear, model only", cr, &theme, &plot, ms, frames);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return EXIT_SUCCESS;
}
