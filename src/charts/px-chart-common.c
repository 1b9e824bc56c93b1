/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-charts"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "px-chart-private.h"

/* Colours */

gboolean
px_chart_color_parse (PxChartColor *color,
                      const char   *spec)
{
  unsigned int r, g, b;
  double a = 1.;
  char *end = NULL;
  int n = 0;

  g_return_val_if_fail (color != NULL, FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  if (spec[0] == '#')
    {
      if (strlen (spec) != 7 || sscanf (spec + 1, "%2x%2x%2x%n", &r, &g, &b, &n) != 3 || n != 6)
        return FALSE;
    }
  else
    {
      if (sscanf (spec, "rgba(%u,%u,%u,%n", &r, &g, &b, &n) != 3 || n == 0)
        return FALSE;
      /* The alpha in C's notation whatever the locale ("%lf" wants
       * "0,10" in German). */
      a = g_ascii_strtod (spec + n, &end);
      if (end == spec + n || !g_str_equal (end, ")") || r > 255 || g > 255 || b > 255 || !(a >= 0. && a <= 1.))
        return FALSE;
    }

  color->red = r / 255.;
  color->green = g / 255.;
  color->blue = b / 255.;
  color->alpha = a;
  return TRUE;
}

static void
color_set (PxChartColor *color,
           const char   *spec)
{
  gboolean ok = px_chart_color_parse (color, spec);

  g_assert (ok);
}

void
px_chart_set_source (cairo_t            *cr,
                     const PxChartColor *color,
                     double              alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

void
px_chart_theme_init_default (PxChartTheme *theme,
                             gboolean      dark)
{
  /* Okabe–Ito hues (safe for the common colour-vision deficiencies),
   * darkened on light backgrounds and lightened on dark ones so both
   * keep contrast. Vermillion is left out: red means a failed task. */
  static const char * const light[PX_N_STRATEGIES] = {
    "#0072B2", "#008F68", "#C77F00", "#B8558F", "#6E6300",
  };
  static const char * const dark_palette[PX_N_STRATEGIES] = {
    "#56B4E9", "#2FC79A", "#E69F00", "#E48CC0", "#F0E442",
  };

  g_return_if_fail (theme != NULL);

  color_set (&theme->foreground, dark ? "#FFFFFF" : "#1E1E1E");
  color_set (&theme->background, dark ? "#1E1E1E" : "#FFFFFF");
  color_set (&theme->grid, dark ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.10)");
  color_set (&theme->muted, dark ? "rgba(255,255,255,0.62)" : "rgba(0,0,0,0.60)");
  color_set (&theme->error, dark ? "#FF6B5E" : "#D0021B");
  for (guint i = 0; i < PX_N_STRATEGIES; i++)
    color_set (&theme->strategy[i], dark ? dark_palette[i] : light[i]);
  theme->font_family = "Cantarell, DejaVu Sans, sans-serif";
  theme->font_size = 13.;
  theme->scale = 1.;
}

double
px_chart_scale_for_size (double width,
                         double height,
                         double zoom)
{
  double fit = MIN (width / PX_CHART_REFERENCE_WIDTH, height / PX_CHART_REFERENCE_HEIGHT);

  /* Below half the reference, text would be too small to read. */
  return MAX (fit, .5) * (zoom > 0. ? zoom : 1.);
}

double
px_chart_theme_get_font (const PxChartTheme *theme)
{
  return theme->font_size * theme->scale;
}

double
px_chart_line_width (const PxChartTheme *theme,
                     double              width)
{
  return MAX (round (width * theme->scale), 1.);
}

double
px_chart_snap (double v,
               double line_width)
{
  /* Odd widths centre on a pixel's middle, even ones on its edge. */
  return fmod (line_width, 2.) == 1. ? floor (v) + .5 : round (v);
}

char *
px_chart_format_duration (double us)
{
  double a = fabs (us);

  if (a < 1000.)
    return g_strdup_printf (_("%.0f µs"), us);
  if (a < 10000.)
    return g_strdup_printf (_("%.2f ms"), us / 1e3);
  if (a < 1e6)
    return g_strdup_printf (_("%.1f ms"), us / 1e3);
  if (a < 1e7)
    return g_strdup_printf (_("%.2f s"), us / 1e6);
  return g_strdup_printf (_("%.1f s"), us / 1e6);
}

char *
px_chart_format_bytes (guint64 bytes)
{
  return g_format_size (bytes);
}

void
px_chart_time_ticks (double        lo_us,
                     double        hi_us,
                     guint         max_ticks,
                     PxChartTicks *ticks)
{
  double range, raw, mag, step;

  g_return_if_fail (ticks != NULL);

  if (!(hi_us > lo_us))
    hi_us = lo_us + 1.;
  range = hi_us - lo_us;
  max_ticks = MAX (max_ticks, 2);

  raw = range / max_ticks;
  mag = pow (10., floor (log10 (raw)));
  if (raw <= mag)
    step = mag;
  else if (raw <= 2 * mag)
    step = 2 * mag;
  else if (raw <= 5 * mag)
    step = 5 * mag;
  else
    step = 10 * mag;
  step = MAX (step, 1.);

  if (MAX (fabs (hi_us), fabs (lo_us)) < 2000.)
    {
      ticks->divisor = 1.;
      ticks->unit = _("µs");
    }
  else if (MAX (fabs (hi_us), fabs (lo_us)) < 2e6)
    {
      ticks->divisor = 1e3;
      ticks->unit = _("ms");
    }
  else
    {
      ticks->divisor = 1e6;
      ticks->unit = _("s");
    }

  ticks->step_us = step;
  ticks->first_us = ceil (lo_us / step - 1e-9) * step;
  ticks->n_ticks = (guint) floor ((hi_us - ticks->first_us) / step + 1e-9) + 1;
  ticks->decimals = (guint) MAX (0., -floor (log10 (step / ticks->divisor) + 1e-9));
}

/* Text: one PangoLayout per drawing */
void
px_chart_text_init (PxChartText        *text,
                    cairo_t            *cr,
                    const PxChartTheme *theme)
{
  text->cr = cr;
  text->theme = theme;
  text->layout = pango_cairo_create_layout (cr);
  text->font = pango_font_description_from_string (theme->font_family);
  text->size = -1.;
  text->bold = FALSE;
}

void
px_chart_text_clear (PxChartText *text)
{
  g_clear_object (&text->layout);
  g_clear_pointer (&text->font, pango_font_description_free);
}

/* Setting a font invalidates the layout's cached runs: only on a change. */
static void
text_set (PxChartText      *text,
          const char       *s,
          double            size,
          PxChartTextFlags  flags)
{
  gboolean bold = (flags & PX_CHART_TEXT_BOLD) != 0;

  if (size != text->size || bold != text->bold)
    {
      pango_font_description_set_absolute_size (text->font,
                                                px_chart_theme_get_font (text->theme) * size * PANGO_SCALE);
      pango_font_description_set_weight (text->font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
      pango_layout_set_font_description (text->layout, text->font);
      text->size = size;
      text->bold = bold;
    }
  pango_layout_set_text (text->layout, s, -1);
}

double
px_chart_text_measure (PxChartText      *text,
                       const char       *s,
                       double            size,
                       PxChartTextFlags  flags)
{
  int w, h;

  text_set (text, s, size, flags);
  pango_layout_get_pixel_size (text->layout, &w, &h);

  return w;
}

double
px_chart_text_draw (PxChartText        *text,
                    const char         *s,
                    double              x,
                    double              y,
                    double              xalign,
                    double              yalign,
                    const PxChartColor *color,
                    double              size,
                    PxChartTextFlags    flags)
{
  int w, h;

  text_set (text, s, size, flags);
  pango_layout_get_pixel_size (text->layout, &w, &h);
  x = round (x - w * xalign);
  y = round (y - h * yalign);
  if (flags & PX_CHART_TEXT_BOXED)
    {
      const PxChartColor *bg = &text->theme->background;
      double pad = .25 * px_chart_theme_get_font (text->theme);

      /* Opaque even when the background is not painted (alpha 0): the
       * box stands for what shows through. */
      cairo_rectangle (text->cr, x - pad, y, w + 2 * pad, h);
      cairo_set_source_rgb (text->cr, bg->red, bg->green, bg->blue);
      cairo_fill (text->cr);
    }
  cairo_move_to (text->cr, x, y);
  px_chart_set_source (text->cr, color, 1.);
  pango_cairo_show_layout (text->cr, text->layout);

  return w;
}

double
px_chart_text_draw_within (PxChartText        *text,
                           const char         *s,
                           double              x,
                           double              y,
                           double              max_width,
                           double              xalign,
                           double              yalign,
                           const PxChartColor *color,
                           double              size,
                           PxChartTextFlags    flags)
{
  double w;

  if (max_width < 1.)
    return 0.;

  pango_layout_set_width (text->layout, (int) (max_width * PANGO_SCALE));
  pango_layout_set_ellipsize (text->layout, PANGO_ELLIPSIZE_END);
  w = px_chart_text_draw (text, s, x, y, xalign, yalign, color, size, flags);
  /* The layout is shared: the next text is not cut. */
  pango_layout_set_width (text->layout, -1);
  pango_layout_set_ellipsize (text->layout, PANGO_ELLIPSIZE_NONE);

  return w;
}

gboolean
px_chart_text_draw_placed (PxChartText        *text,
                           GArray             *placed,
                           const char         *s,
                           double              x,
                           double              y,
                           double              xalign,
                           double              yalign,
                           const PxChartColor *color,
                           double              size,
                           PxChartTextFlags    flags)
{
  /* Labels that touch read as one: keep a space between them. */
  double pad = .3 * px_chart_theme_get_font (text->theme);
  PxRect box;
  int w, h;

  text_set (text, s, size, flags);
  pango_layout_get_pixel_size (text->layout, &w, &h);
  box = (PxRect) { round (x - w * xalign), round (y - h * yalign), w, h };

  for (guint i = 0; i < placed->len; i++)
    {
      const PxRect *other = &g_array_index (placed, PxRect, i);

      if (box.x < other->x + other->w + pad && other->x < box.x + box.w + pad &&
          box.y < other->y + other->h && other->y < box.y + box.h)
        return FALSE;
    }

  g_array_append_val (placed, box);
  cairo_move_to (text->cr, box.x, box.y);
  px_chart_set_source (text->cr, color, 1.);
  pango_cairo_show_layout (text->cr, text->layout);
  return TRUE;
}

/* Fills */

/* A pattern repeating surface, which it takes. */
static cairo_pattern_t *
tile_pattern_new (cairo_surface_t *surface)
{
  cairo_pattern_t *pattern = cairo_pattern_create_for_surface (surface);

  cairo_surface_destroy (surface);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);

  return pattern;
}

static cairo_pattern_t *
hatch_pattern_new (const PxChartTheme *theme,
                   const PxChartColor *color)
{
  /* A tile of 8 × 8 units with a 1.6-unit stroke, in whole pixels so the
   * tiles meet without seams. */
  int size = (int) MAX (round (8. * theme->scale), 4.);
  double k = size / 8.;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, k, k);
  px_chart_set_source (cr, color, 0.85);
  cairo_set_line_width (cr, 1.6);
  cairo_move_to (cr, -2, 10);
  cairo_line_to (cr, 10, -2);
  cairo_move_to (cr, -2, 2);
  cairo_line_to (cr, 2, -2);
  cairo_move_to (cr, 6, 10);
  cairo_line_to (cr, 10, 6);
  cairo_stroke (cr);
  cairo_destroy (cr);

  return tile_pattern_new (surface);
}

/* Dots on a grid of 4 × 4 units: at a glance apart from the hatching, and
 * as light, so both read as "not on a CPU". */
static cairo_pattern_t *
dot_pattern_new (const PxChartTheme *theme,
                 const PxChartColor *color)
{
  int size = (int) MAX (round (4. * theme->scale), 3.);
  double d = MAX (round (1.6 * theme->scale), 1.);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cairo_t *cr = cairo_create (surface);

  px_chart_set_source (cr, color, 1.);
  cairo_rectangle (cr, round ((size - d) / 2), round ((size - d) / 2), d, d);
  cairo_fill (cr);
  cairo_destroy (cr);

  return tile_pattern_new (surface);
}

void
px_rects_add (GArray *rects,
              double  x,
              double  y,
              double  w,
              double  h)
{
  PxRect r = { x, y, w, h };

  if (w > 0 && h > 0)
    g_array_append_val (rects, r);
}

static void
rects_path (cairo_t *cr,
            GArray  *rects)
{
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (guint i = 0; i < rects->len; i++)
    {
      const PxRect *r = &g_array_index (rects, PxRect, i);

      cairo_rectangle (cr, r->x, r->y, r->w, r->h);
    }
}

void
px_rects_fill (cairo_t            *cr,
               GArray             *rects,
               const PxChartColor *color,
               double              alpha)
{
  if (rects->len == 0)
    return;
  cairo_new_path (cr);
  rects_path (cr, rects);
  px_chart_set_source (cr, color, alpha);
  cairo_fill (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
}

/* A light ground under the pattern, which it takes. */
static void
rects_fill_pattern (cairo_t            *cr,
                    GArray             *rects,
                    const PxChartColor *color,
                    cairo_pattern_t    *pattern)
{
  px_rects_fill (cr, rects, color, 0.16);
  rects_path (cr, rects);
  cairo_set_source (cr, pattern);
  cairo_fill (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
  cairo_pattern_destroy (pattern);
}

void
px_rects_fill_hatched (cairo_t            *cr,
                       const PxChartTheme *theme,
                       GArray             *rects,
                       const PxChartColor *color)
{
  if (rects->len > 0)
    rects_fill_pattern (cr, rects, color, hatch_pattern_new (theme, color));
}

void
px_rects_fill_dotted (cairo_t            *cr,
                      const PxChartTheme *theme,
                      GArray             *rects,
                      const PxChartColor *color)
{
  if (rects->len > 0)
    rects_fill_pattern (cr, rects, color, dot_pattern_new (theme, color));
}

void
px_rects_outline (cairo_t            *cr,
                  const PxChartTheme *theme,
                  GArray             *rects,
                  const PxChartColor *color,
                  double              alpha)
{
  double lw = px_chart_line_width (theme, 1.);

  if (rects->len == 0)
    return;
  cairo_new_path (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (guint i = 0; i < rects->len; i++)
    {
      const PxRect *r = &g_array_index (rects, PxRect, i);

      cairo_rectangle (cr, r->x + lw / 2, r->y + lw / 2, r->w - lw, r->h - lw);
    }
  px_chart_set_source (cr, color, alpha);
  cairo_set_line_width (cr, lw);
  cairo_stroke (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
}

void
px_chart_fill_background (cairo_t            *cr,
                          const PxChartTheme *theme)
{
  if (theme->background.alpha <= 0.)
    return;
  cairo_save (cr);
  px_chart_set_source (cr, &theme->background, 1.);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint (cr);
  cairo_restore (cr);
}

void
px_chart_draw_empty_state (cairo_t            *cr,
                           const PxChartTheme *theme,
                           double              width,
                           double              height,
                           const char         *title,
                           const char         *subtitle)
{
  PxChartText text;
  double f = px_chart_theme_get_font (theme), u = theme->scale;
  double inset = MIN (MIN (width, height) / 6., 4 * f);
  const double dashes[] = { 6. * u, 4. * u };

  cairo_save (cr);
  cairo_set_line_width (cr, 2. * u);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.);
  px_chart_set_source (cr, &theme->muted, 0.5);
  cairo_rectangle (cr, inset, inset, MAX (width - 2 * inset, 1), MAX (height - 2 * inset, 1));
  cairo_stroke (cr);
  cairo_restore (cr);

  px_chart_text_init (&text, cr, theme);
  px_chart_text_draw (&text, title, width / 2, height / 2 - .2 * f, .5, 1., &theme->foreground, 1.6,
                      PX_CHART_TEXT_BOLD);
  px_chart_text_draw (&text, subtitle, width / 2, height / 2 + .4 * f, .5, 0., &theme->muted, 1.1,
                      PX_CHART_TEXT_NORMAL);
  px_chart_text_clear (&text);
}

/* Captions */

char *
px_chart_caption_for_runs (GPtrArray  *runs,
                           const char *machine,
                           GDateTime  *date)
{
  GString *s = g_string_new (NULL);

  if (runs != NULL && runs->len > 0)
    {
      PxRunResult *first = g_ptr_array_index (runs, 0);
      guint n_tasks = px_run_result_get_n_tasks (first);
      GString *workers = g_string_new (NULL);

      for (guint i = 0; i < runs->len; i++)
        {
          PxRunResult *run = g_ptr_array_index (runs, i);

          if (px_run_result_get_strategy (run) == PX_STRATEGY_SEQUENTIAL)
            continue;
          if (workers->len > 0)
            g_string_append (workers, ", ");
          g_string_append_printf (workers, "%s %u", px_strategy_to_string (px_run_result_get_strategy (run)),
                                  px_run_result_get_workers (run));
        }

      g_string_append_printf (s, _("Workload %s"), px_run_result_get_workload (first));
      g_string_append (s, "  ·  ");
      g_string_append_printf (s, ngettext ("%u task", "%u tasks", n_tasks), n_tasks);
      if (workers->len > 0)
        {
          g_string_append (s, "  ·  ");
          g_string_append_printf (s, _("workers: %s"), workers->str);
        }
      g_string_free (workers, TRUE);
    }
  if (machine != NULL && *machine != '\0')
    {
      if (s->len > 0)
        g_string_append (s, "  ·  ");
      g_string_append (s, machine);
    }
  if (date != NULL)
    {
      g_autofree char *day = g_date_time_format (date, "%Y-%m-%d %H:%M");

      if (s->len > 0)
        g_string_append (s, "  ·  ");
      g_string_append (s, day);
    }

  return g_string_free (s, FALSE);
}

double
px_chart_draw_caption (cairo_t            *cr,
                       const PxChartTheme *theme,
                       const char         *caption,
                       double              width,
                       double              height)
{
  PxChartText text;
  double f = px_chart_theme_get_font (theme);
  double h = 2.2 * f;
  double lw = px_chart_line_width (theme, 1.);
  double y = px_chart_snap (height - h, lw);

  g_return_val_if_fail (cr != NULL, 0.);
  g_return_val_if_fail (theme != NULL, 0.);

  if (caption == NULL || *caption == '\0')
    return 0.;

  cairo_save (cr);
  cairo_set_line_width (cr, lw);
  px_chart_set_source (cr, &theme->grid, 1.);
  cairo_move_to (cr, PX_CHART_MARGIN * theme->scale, y);
  cairo_line_to (cr, width - PX_CHART_MARGIN * theme->scale, y);
  cairo_stroke (cr);
  px_chart_text_init (&text, cr, theme);
  px_chart_text_draw (&text, caption, PX_CHART_MARGIN * theme->scale, height - h / 2, 0., .5, &theme->muted, .95,
                      PX_CHART_TEXT_NORMAL);
  px_chart_text_clear (&text);
  cairo_restore (cr);

  return h;
}
