/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-chart-draw"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "px-chart-draw.h"

/* Sizes are multiples of the font size, so that a chart exported with a
 * bigger font for a projector keeps its proportions. */
#define MARGIN             12.
#define GUTTER_EM          8.5
#define HEADER_EM          2.0
#define BUSY_EM            2.8
#define HEAT_MAX_EM        2.4
#define LANE_EM            1.9
#define SECTION_GAP        4.
#define BAND_GAP_EM        1.0
#define AXIS_EM            1.9
#define LEGEND_EM          2.0
/* A lane holding overlapping tasks grows by this much per sub-row, up to
 * MAX_LANE_EM; past that its sub-rows get thinner. */
#define SUBROW_EM          0.42
#define MAX_LANE_EM        14.0
/* Lanes never grow past this factor of their natural height. */
#define MAX_LANE_SCALE     1.6
#define HEAT_LEVELS        8

typedef struct
{
  PxRunResult *run;
  double       now_us;      /* the span, or the latest start of a running task */
  guint        n_lanes;
  guint       *order;       /* task indices by lane, then by start */
  guint       *lane_first;  /* n_lanes + 1 offsets into order */
  guint       *lane_rows;   /* sub-rows of each lane: tasks at once */
  guint       *row;         /* the sub-row of each task, by index */
  guint        peak_rows;
  guint        n_cores;     /* of the cpu samples, 0 without */

  /* Geometry */
  double       y;
  double       busy_y;
  double       busy_h;
  double       heat_y;
  double       heat_h;
  double       lanes_y;
  double      *lane_y;      /* n_lanes + 1 */
} Band;

struct _PxTimelineLayout
{
  GPtrArray *runs;
  Band      *bands;
  guint      n_bands;
  double     width;
  double     height;
  double     font_size;
  double     plot_x;
  double     plot_w;
  double     t0_us;
  double     t1_us;
  double     axis_y;
  double     legend_y;
};

typedef struct
{
  double x, y, w, h;
} Rect;

/* Colours */

static void
rgba_parse (GdkRGBA    *rgba,
            const char *spec)
{
  gboolean ok = gdk_rgba_parse (rgba, spec);

  g_assert (ok);
}

void
px_chart_set_source (cairo_t       *cr,
                     const GdkRGBA *rgba,
                     double         alpha)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha * alpha);
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

  rgba_parse (&theme->foreground, dark ? "#FFFFFF" : "#1E1E1E");
  rgba_parse (&theme->background, dark ? "#1E1E1E" : "#FFFFFF");
  rgba_parse (&theme->grid, dark ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.10)");
  rgba_parse (&theme->muted, dark ? "rgba(255,255,255,0.62)" : "rgba(0,0,0,0.60)");
  rgba_parse (&theme->error, dark ? "#FF6B5E" : "#D0021B");
  for (guint i = 0; i < PX_N_STRATEGIES; i++)
    rgba_parse (&theme->strategy[i], dark ? dark_palette[i] : light[i]);
  theme->font_family = "Cantarell, DejaVu Sans, sans-serif";
  theme->font_size = 13.;
}

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              GdkRGBA    *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS /* becomes gtk_widget_get_color () in 4.10 */
  gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

void
px_chart_theme_init_for_widget (PxChartTheme *theme,
                                GtkWidget    *widget)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  const PangoFontDescription *font;

  g_return_if_fail (theme != NULL);
  g_return_if_fail (GTK_IS_WIDGET (widget));

  px_chart_theme_init_default (theme, dark);
  lookup_color (widget, "window_fg_color", &theme->foreground);
  lookup_color (widget, "error_color", &theme->error);
  theme->grid = theme->foreground;
  theme->grid.alpha *= dark ? 0.12 : 0.10;
  theme->muted = theme->foreground;
  theme->muted.alpha *= 0.62;
  /* The widget lets its parent's background show through. */
  theme->background.alpha = 0.;

  font = pango_context_get_font_description (gtk_widget_get_pango_context (widget));
  if (font != NULL && pango_font_description_get_size (font) > 0)
    {
      double size = pango_font_description_get_size (font) / (double) PANGO_SCALE;

      if (!pango_font_description_get_size_is_absolute (font))
        size *= 96. / 72.;
      theme->font_size = size;
    }
}

void
px_chart_widget_init (GtkWidget    *widget,
                      PxChartTheme *theme,
                      GCallback     query_tooltip,
                      GCallback     update_theme)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (theme != NULL);

  /* Until css_changed gives the real style, so that measure has a font. */
  px_chart_theme_init_default (theme, FALSE);
  theme->background.alpha = 0.;

  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (widget, "query-tooltip", query_tooltip, NULL);
  /* Swapped so that update_theme gets the widget; the connection goes with
   * the widget, the style manager lives on. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           update_theme, widget, G_CONNECT_SWAPPED);
}

/* Units */

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
  text->scale = -1.;
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
          double            scale,
          PxChartTextFlags  flags)
{
  gboolean bold = (flags & PX_CHART_TEXT_BOLD) != 0;

  if (scale != text->scale || bold != text->bold)
    {
      pango_font_description_set_absolute_size (text->font, text->theme->font_size * scale * PANGO_SCALE);
      pango_font_description_set_weight (text->font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
      pango_layout_set_font_description (text->layout, text->font);
      text->scale = scale;
      text->bold = bold;
    }
  pango_layout_set_text (text->layout, s, -1);
}

double
px_chart_text_measure (PxChartText      *text,
                       const char       *s,
                       double            scale,
                       PxChartTextFlags  flags)
{
  int w, h;

  text_set (text, s, scale, flags);
  pango_layout_get_pixel_size (text->layout, &w, &h);

  return w;
}

double
px_chart_text_draw (PxChartText      *text,
                    const char       *s,
                    double            x,
                    double            y,
                    double            xalign,
                    double            yalign,
                    const GdkRGBA    *color,
                    double            scale,
                    PxChartTextFlags  flags)
{
  int w, h;

  text_set (text, s, scale, flags);
  pango_layout_get_pixel_size (text->layout, &w, &h);
  x = round (x - w * xalign);
  y = round (y - h * yalign);
  if (flags & PX_CHART_TEXT_BOXED)
    {
      const GdkRGBA *bg = &text->theme->background;
      double pad = .25 * text->theme->font_size;

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

/* Fills */

static cairo_pattern_t *
hatch_pattern_new (const GdkRGBA *color)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
  cairo_t *cr = cairo_create (surface);
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;

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

  pattern = cairo_pattern_create_for_surface (surface);
  cairo_surface_destroy (surface);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_matrix_init_identity (&matrix);
  cairo_pattern_set_matrix (pattern, &matrix);

  return pattern;
}

static void
rects_add (GArray *rects,
           double  x,
           double  y,
           double  w,
           double  h)
{
  Rect r = { x, y, w, h };

  if (w > 0 && h > 0)
    g_array_append_val (rects, r);
}

/* Bars sit on whole pixels: without antialiasing cairo fills them on its
 * fast path, which matters with thousands of them. */
static void
rects_path (cairo_t *cr,
            GArray  *rects)
{
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (guint i = 0; i < rects->len; i++)
    {
      const Rect *r = &g_array_index (rects, Rect, i);

      cairo_rectangle (cr, r->x, r->y, r->w, r->h);
    }
}

static void
rects_fill (cairo_t       *cr,
            GArray        *rects,
            const GdkRGBA *color,
            double         alpha)
{
  if (rects->len == 0)
    return;
  cairo_new_path (cr);
  rects_path (cr, rects);
  px_chart_set_source (cr, color, alpha);
  cairo_fill (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
}

static void
rects_fill_hatched (cairo_t       *cr,
                    GArray        *rects,
                    const GdkRGBA *color)
{
  cairo_pattern_t *hatch;

  if (rects->len == 0)
    return;

  rects_fill (cr, rects, color, 0.16);
  hatch = hatch_pattern_new (color);
  rects_path (cr, rects);
  cairo_set_source (cr, hatch);
  cairo_fill (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
  cairo_pattern_destroy (hatch);
}

static void
rects_outline (cairo_t       *cr,
               GArray        *rects,
               const GdkRGBA *color,
               double         alpha)
{
  if (rects->len == 0)
    return;
  cairo_new_path (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (guint i = 0; i < rects->len; i++)
    {
      const Rect *r = &g_array_index (rects, Rect, i);

      cairo_rectangle (cr, r->x + .5, r->y + .5, r->w - 1, r->h - 1);
    }
  px_chart_set_source (cr, color, alpha);
  cairo_set_line_width (cr, 1.);
  cairo_stroke (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
}

static void
fill_background (cairo_t            *cr,
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

static void
draw_empty_state (cairo_t            *cr,
                  const PxChartTheme *theme,
                  double              width,
                  double              height,
                  const char         *title,
                  const char         *subtitle)
{
  PxChartText text;
  double f = theme->font_size;
  double inset = MIN (MIN (width, height) / 6., 4 * f);
  const double dashes[] = { 6., 4. };

  cairo_save (cr);
  cairo_set_line_width (cr, 2.);
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

/* Timeline layout */

static gint64
record_end (const Band         *band,
            const PxTaskRecord *record)
{
  if (PX_TASK_RECORD_IS_RUNNING (record))
    return (gint64) band->now_us;
  return MAX (record->end_us, record->start_us);
}

typedef struct
{
  gint64 start;
  guint  lane;
  guint  index;
} SortItem;

static int
sort_item_compare (const void *a,
                   const void *b)
{
  const SortItem *x = a, *y = b;

  if (x->lane != y->lane)
    return x->lane < y->lane ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->index < y->index ? -1 : (x->index > y->index);
}

/* Packs the tasks of each lane into sub-rows so that overlapping tasks (the
 * async event loop's) sit one above the other. */
static void
band_pack (Band        *band,
           PxRunResult *run)
{
  guint n_tasks = px_run_result_get_n_tasks (run);
  g_autofree SortItem *items = g_new (SortItem, MAX (n_tasks, 1));
  g_autoptr(GArray) row_end = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = 0;
  gint64 span = px_run_result_get_span_us (run);

  band->run = run;
  band->n_lanes = px_run_result_get_n_lanes (run);
  band->now_us = span;

  for (guint i = 0; i < n_tasks; i++)
    {
      const PxTaskRecord *record = px_run_result_get_task (run, i);

      if (record == NULL)
        continue;
      if (PX_TASK_RECORD_IS_RUNNING (record))
        band->now_us = MAX (band->now_us, record->start_us);
      else
        band->now_us = MAX (band->now_us, record->end_us);
      band->n_lanes = MAX (band->n_lanes, record->lane + 1);
      items[n].start = record->start_us;
      items[n].lane = record->lane;
      items[n].index = i;
      n++;
    }
  qsort (items, n, sizeof *items, sort_item_compare);

  band->order = g_new (guint, MAX (n, 1));
  band->lane_first = g_new0 (guint, band->n_lanes + 1);
  band->lane_rows = g_new (guint, MAX (band->n_lanes, 1));
  band->row = g_new0 (guint, MAX (n_tasks, 1));
  band->lane_y = g_new0 (double, band->n_lanes + 1);
  band->peak_rows = 1;

  for (guint lane = 0, k = 0; lane < band->n_lanes; lane++)
    {
      band->lane_first[lane] = k;
      g_array_set_size (row_end, 0);

      for (; k < n && items[k].lane == lane; k++)
        {
          const PxTaskRecord *record = px_run_result_get_task (run, items[k].index);
          gint64 end = record_end (band, record);
          guint r;

          band->order[k] = items[k].index;
          for (r = 0; r < row_end->len; r++)
            if (g_array_index (row_end, gint64, r) <= record->start_us)
              break;
          if (r == row_end->len)
            g_array_append_val (row_end, end);
          else
            g_array_index (row_end, gint64, r) = end;
          band->row[items[k].index] = r;
        }

      band->lane_rows[lane] = MAX (row_end->len, 1);
      band->peak_rows = MAX (band->peak_rows, band->lane_rows[lane]);
    }
  band->lane_first[band->n_lanes] = n;

  if (px_run_result_get_n_cpu_samples (run) > 0)
    {
      gint64 t;

      px_run_result_get_cpu_sample (run, 0, &t, &band->n_cores);
    }
}

static void
band_clear (Band *band)
{
  g_free (band->order);
  g_free (band->lane_first);
  g_free (band->lane_rows);
  g_free (band->row);
  g_free (band->lane_y);
}

static double
lane_natural_height (const Band *band,
                     guint       lane,
                     double      f)
{
  return CLAMP (band->lane_rows[lane] * SUBROW_EM * f, LANE_EM * f, MAX_LANE_EM * f);
}

static double
heat_height (const Band *band,
             double      f)
{
  if (band->n_cores == 0)
    return 0.;
  return MIN (band->n_cores * 4., HEAT_MAX_EM * f);
}

/* The fixed heights of a band (title, strips, gaps) and of its lanes. */
static void
band_heights (const Band *band,
              double      f,
              double     *fixed,
              double     *lanes)
{
  double h = heat_height (band, f);

  *fixed = HEADER_EM * f + BUSY_EM * f + SECTION_GAP + (h > 0 ? h + SECTION_GAP : 0) + BAND_GAP_EM * f;
  *lanes = 0;
  for (guint lane = 0; lane < band->n_lanes; lane++)
    *lanes += lane_natural_height (band, lane, f);
}

static void
layout_bands (PxTimelineLayout *layout,
              GPtrArray        *runs)
{
  layout->runs = g_ptr_array_ref (runs);
  layout->n_bands = runs->len;
  layout->bands = g_new0 (Band, MAX (runs->len, 1));
  for (guint i = 0; i < runs->len; i++)
    band_pack (&layout->bands[i], g_ptr_array_index (runs, i));
}

static double
chrome_height (double f)
{
  return 2 * MARGIN + AXIS_EM * f + LEGEND_EM * f;
}

double
px_timeline_get_natural_height (const PxChartTheme *theme,
                                GPtrArray          *runs)
{
  PxTimelineLayout layout = { 0 };
  double f, total;

  g_return_val_if_fail (theme != NULL, 0.);

  f = theme->font_size;
  if (runs == NULL || runs->len == 0)
    return 12 * f;

  layout_bands (&layout, runs);
  total = chrome_height (f);
  for (guint i = 0; i < layout.n_bands; i++)
    {
      double fixed, lanes;

      band_heights (&layout.bands[i], f, &fixed, &lanes);
      total += fixed + lanes;
      band_clear (&layout.bands[i]);
    }
  g_free (layout.bands);
  g_ptr_array_unref (layout.runs);

  return ceil (total);
}

PxTimelineLayout *
px_timeline_layout_new (const PxChartTheme *theme,
                        GPtrArray          *runs,
                        double              width,
                        double              height,
                        double              t0_us,
                        double              t1_us)
{
  PxTimelineLayout *layout;
  double f, fixed_total = 0., lanes_total = 0., scale, y;

  g_return_val_if_fail (theme != NULL, NULL);
  g_return_val_if_fail (runs != NULL, NULL);

  f = theme->font_size;
  layout = g_new0 (PxTimelineLayout, 1);
  layout->width = width;
  layout->height = height;
  layout->font_size = f;
  layout->plot_x = MARGIN + GUTTER_EM * f;
  layout->plot_w = MAX (width - layout->plot_x - MARGIN - f, 1.);
  layout_bands (layout, runs);

  if (t1_us <= t0_us)
    {
      t0_us = 0.;
      t1_us = 0.;
      for (guint i = 0; i < layout->n_bands; i++)
        t1_us = MAX (t1_us, layout->bands[i].now_us);
      if (t1_us <= 0.)
        t1_us = 1000.;
    }
  layout->t0_us = t0_us;
  layout->t1_us = t1_us;

  for (guint i = 0; i < layout->n_bands; i++)
    {
      double fixed, lanes;

      band_heights (&layout->bands[i], f, &fixed, &lanes);
      fixed_total += fixed;
      lanes_total += lanes;
    }
  scale = lanes_total > 0 ? (height - chrome_height (f) - fixed_total) / lanes_total : 1.;
  scale = CLAMP (scale, 0.05, MAX_LANE_SCALE);

  y = MARGIN;
  for (guint i = 0; i < layout->n_bands; i++)
    {
      Band *band = &layout->bands[i];

      band->y = y;
      band->busy_y = y + HEADER_EM * f;
      band->busy_h = BUSY_EM * f;
      band->heat_y = band->busy_y + band->busy_h + SECTION_GAP;
      band->heat_h = heat_height (band, f);
      band->lanes_y = band->heat_y + (band->heat_h > 0 ? band->heat_h + SECTION_GAP : 0);

      band->lane_y[0] = round (band->lanes_y);
      for (guint lane = 0; lane < band->n_lanes; lane++)
        band->lane_y[lane + 1] = round (band->lane_y[lane] + MAX (lane_natural_height (band, lane, f) * scale, 1.));
      y = band->lane_y[band->n_lanes] + BAND_GAP_EM * f;
    }
  layout->axis_y = round (y - BAND_GAP_EM * f + SECTION_GAP);
  layout->legend_y = layout->axis_y + AXIS_EM * f;

  return layout;
}

void
px_timeline_layout_free (PxTimelineLayout *layout)
{
  if (layout == NULL)
    return;

  for (guint i = 0; i < layout->n_bands; i++)
    band_clear (&layout->bands[i]);
  g_free (layout->bands);
  g_ptr_array_unref (layout->runs);
  g_free (layout);
}

void
px_timeline_layout_get_window (PxTimelineLayout *layout,
                               double           *t0_us,
                               double           *t1_us)
{
  g_return_if_fail (layout != NULL);

  if (t0_us != NULL)
    *t0_us = layout->t0_us;
  if (t1_us != NULL)
    *t1_us = layout->t1_us;
}

void
px_timeline_layout_get_plot (PxTimelineLayout *layout,
                             double           *x,
                             double           *width)
{
  g_return_if_fail (layout != NULL);

  if (x != NULL)
    *x = layout->plot_x;
  if (width != NULL)
    *width = layout->plot_w;
}

static double
time_to_x (const PxTimelineLayout *layout,
           double                  t_us)
{
  return layout->plot_x + (t_us - layout->t0_us) / (layout->t1_us - layout->t0_us) * layout->plot_w;
}

/* The unsnapped horizontal extent of a task, clipped to the window;
 * FALSE outside it. */
static gboolean
task_extent (const PxTimelineLayout *layout,
             const Band             *band,
             const PxTaskRecord     *record,
             double                 *x0,
             double                 *x1)
{
  double start = record->start_us;
  double end = record_end (band, record);

  if (end < layout->t0_us || start > layout->t1_us)
    return FALSE;
  *x0 = time_to_x (layout, MAX (start, layout->t0_us));
  *x1 = time_to_x (layout, MIN (end, layout->t1_us));
  return TRUE;
}

static void
row_extent (const Band *band,
            guint       lane,
            guint       row,
            double     *y,
            double     *h)
{
  double top = band->lane_y[lane];
  double lane_h = band->lane_y[lane + 1] - top;
  double sub_h = lane_h / band->lane_rows[lane];
  double pad_top = 0., pad_bottom = 0., y0, y1;

  /* A gap between sub-rows keeps stacked bars countable. */
  if (sub_h >= 12.)
    pad_top = pad_bottom = 3.;
  else if (sub_h >= 3.)
    pad_bottom = 1.;

  y0 = round (top + row * sub_h + pad_top);
  y1 = round (top + (row + 1) * sub_h - pad_bottom);
  *y = y0;
  *h = MAX (y1 - y0, 1.);
}

/* Bars snap to whole pixels and lose a pixel at their end, so neighbours
 * on a lane stay apart. */
static void
snap_extent (double  x0,
             double  x1,
             double *sx,
             double *sw)
{
  double a = round (x0), b = round (x1);

  if (b - a >= 4.)
    b -= 1.;
  *sx = a;
  *sw = MAX (b - a, 1.);
}

gboolean
px_timeline_layout_get_task_rect (PxTimelineLayout *layout,
                                  guint             run,
                                  guint             index,
                                  graphene_rect_t  *rect)
{
  const PxTaskRecord *record;
  const Band *band;
  double x0, x1, x, w, y, h;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (run >= layout->n_bands)
    return FALSE;
  band = &layout->bands[run];
  if (index >= px_run_result_get_n_tasks (band->run))
    return FALSE;
  record = px_run_result_get_task (band->run, index);
  if (record == NULL || record->lane >= band->n_lanes || !task_extent (layout, band, record, &x0, &x1))
    return FALSE;

  snap_extent (x0, x1, &x, &w);
  row_extent (band, record->lane, band->row[index], &y, &h);
  graphene_rect_init (rect, x, y, w, h);

  return TRUE;
}

gboolean
px_timeline_layout_hit_test (PxTimelineLayout *layout,
                             double            x,
                             double            y,
                             guint            *run,
                             guint            *index)
{
  g_return_val_if_fail (layout != NULL, FALSE);

  for (guint i = 0; i < layout->n_bands; i++)
    {
      const Band *band = &layout->bands[i];

      if (band->n_lanes == 0 || y < band->lane_y[0] || y >= band->lane_y[band->n_lanes])
        continue;

      for (guint lane = 0; lane < band->n_lanes; lane++)
        {
          double best = G_MAXDOUBLE;
          gint best_index = -1;

          if (y < band->lane_y[lane] || y >= band->lane_y[lane + 1])
            continue;

          for (guint k = band->lane_first[lane]; k < band->lane_first[lane + 1]; k++)
            {
              const PxTaskRecord *record = px_run_result_get_task (band->run, band->order[k]);
              double x0, x1, ry, rh, distance;

              if (!task_extent (layout, band, record, &x0, &x1))
                continue;
              row_extent (band, lane, band->row[band->order[k]], &ry, &rh);
              /* Tiny bars are hard to hit: accept a few pixels off. */
              distance = (x < x0 ? x0 - x : (x > x1 ? x - x1 : 0.)) +
                         (y < ry ? ry - y : (y > ry + rh ? y - ry - rh : 0.));
              if (distance < best && distance <= 3.)
                {
                  best = distance;
                  best_index = band->order[k];
                }
            }

          if (best_index >= 0)
            {
              if (run != NULL)
                *run = i;
              if (index != NULL)
                *index = best_index;
              return TRUE;
            }
        }
    }

  return FALSE;
}

/* Timeline drawing */

static const char *
lane_title (PxStrategy strategy,
            guint      n_lanes,
            guint      lane,
            char      *buffer,
            gsize      size)
{
  switch (strategy)
    {
    case PX_STRATEGY_SEQUENTIAL:
      /* One worker thread: the main loop stays free for the window. */
      return _("worker thread");
    case PX_STRATEGY_ASYNC:
      if (n_lanes == 1)
        return _("event loop");
      g_snprintf (buffer, size, _("loop %u"), lane + 1);
      return buffer;
    case PX_STRATEGY_PROCESSES:
      g_snprintf (buffer, size, _("process %u"), lane + 1);
      return buffer;
    case PX_STRATEGY_THREADS:
    case PX_STRATEGY_GIL:
    default:
      g_snprintf (buffer, size, _("thread %u"), lane + 1);
      return buffer;
    }
}

static char *
band_summary (const Band *band)
{
  PxRunResult *run = band->run;
  GString *s = g_string_new (NULL);
  guint n_tasks = px_run_result_get_n_tasks (run);
  guint failed = px_run_result_get_tasks_failed (run);
  gint64 wall = px_run_result_get_wall_us (run);
  double speedup = px_run_result_get_speedup (run);

  g_string_append_printf (s, ngettext ("%u lane", "%u lanes", band->n_lanes), band->n_lanes);
  g_string_append (s, "  ·  ");
  g_string_append_printf (s, ngettext ("%u task", "%u tasks", n_tasks), n_tasks);
  if (band->peak_rows > 1)
    {
      g_string_append (s, "  ·  ");
      if (band->n_lanes == 1)
        g_string_append_printf (s, _("up to %u in flight on one lane"), band->peak_rows);
      else
        g_string_append_printf (s, _("up to %u in flight per lane"), band->peak_rows);
    }
  if (failed > 0)
    {
      g_string_append (s, "  ·  ");
      g_string_append_printf (s, ngettext ("%u failed", "%u failed", failed), failed);
    }
  if (wall > 0)
    {
      g_autofree char *d = px_chart_format_duration (wall);

      g_string_append (s, "  ·  ");
      g_string_append_printf (s, _("wall %s"), d);
    }
  if (!isnan (speedup) && px_run_result_get_strategy (run) != PX_STRATEGY_SEQUENTIAL)
    {
      g_string_append (s, "  ·  ");
      g_string_append_printf (s, _("%.2f× sequential"), speedup);
    }

  return g_string_free (s, FALSE);
}

/* How many tasks were on a CPU at each pixel column: each finished task
 * spreads cpu / wall over its interval. */
static double *
band_busy (const PxTimelineLayout *layout,
           const Band             *band,
           guint                   n_cols)
{
  double *busy = g_new0 (double, n_cols);
  g_autofree double *diff = g_new0 (double, n_cols + 1);
  double ppu = layout->plot_w / (layout->t1_us - layout->t0_us);
  guint n_tasks = px_run_result_get_n_tasks (band->run);
  double acc = 0.;

  for (guint i = 0; i < n_tasks; i++)
    {
      const PxTaskRecord *record = px_run_result_get_task (band->run, i);
      double wall, rate, fx0, fx1;

      if (record == NULL || PX_TASK_RECORD_IS_RUNNING (record))
        continue;
      wall = record->end_us - record->start_us;
      if (wall <= 0 || record->end_us < layout->t0_us || record->start_us > layout->t1_us)
        continue;
      rate = CLAMP (record->cpu_us / wall, 0., 1.);
      fx0 = (MAX (record->start_us, layout->t0_us) - layout->t0_us) * ppu;
      fx1 = (MIN (record->end_us, layout->t1_us) - layout->t0_us) * ppu;

      if (fx1 - fx0 < 1.)
        {
          guint c = (guint) CLAMP (fx0, 0., n_cols - 1.);

          busy[c] += rate * (fx1 - fx0);
        }
      else
        {
          guint c0 = (guint) CLAMP (ceil (fx0 - .5), 0., (double) n_cols);
          guint c1 = (guint) CLAMP (ceil (fx1 - .5), 0., (double) n_cols);

          diff[c0] += rate;
          diff[c1] -= rate;
        }
    }

  for (guint c = 0; c < n_cols; c++)
    {
      acc += diff[c];
      busy[c] += MAX (acc, 0.);
    }

  return busy;
}

static void
draw_busy_strip (cairo_t                *cr,
                 const PxChartTheme     *theme,
                 PxChartText            *text,
                 const PxTimelineLayout *layout,
                 const Band             *band,
                 const double           *busy,
                 guint                   n_cols,
                 double                  y_max,
                 guint                   n_cores)
{
  const GdkRGBA *color = &theme->strategy[px_run_result_get_strategy (band->run)];
  double base = band->busy_y + band->busy_h;
  double scale = band->busy_h / y_max;
  double line_y = floor (base - n_cores * scale) + .5;
  const double dashes[] = { 5., 3. };
  char label[64];

  px_chart_set_source (cr, &theme->grid, 0.5);
  cairo_rectangle (cr, layout->plot_x, band->busy_y, layout->plot_w, band->busy_h);
  cairo_fill (cr);

  cairo_new_path (cr);
  cairo_move_to (cr, layout->plot_x, base);
  for (guint c = 0; c < n_cols; c++)
    {
      double v = base - MIN (busy[c], y_max) * scale;

      cairo_line_to (cr, layout->plot_x + c, v);
      cairo_line_to (cr, layout->plot_x + c + 1, v);
    }
  cairo_line_to (cr, layout->plot_x + n_cols, base);
  cairo_close_path (cr);
  px_chart_set_source (cr, color, 0.55);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_set_line_width (cr, 1.);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.);
  px_chart_set_source (cr, &theme->foreground, 0.7);
  cairo_move_to (cr, layout->plot_x, line_y);
  cairo_line_to (cr, layout->plot_x + layout->plot_w, line_y);
  cairo_stroke (cr);
  cairo_restore (cr);

  g_snprintf (label, sizeof label, ngettext ("%u core", "%u cores", n_cores), n_cores);
  px_chart_text_draw (text, label, layout->plot_x + layout->plot_w - 4, line_y - 1, 1., 1., &theme->muted, 0.8,
                      PX_CHART_TEXT_NORMAL);
  px_chart_text_draw (text, _("cores busy"), layout->plot_x - 8, band->busy_y + band->busy_h / 2, 1., .5, &theme->muted,
                      0.85, PX_CHART_TEXT_NORMAL);
}

static void
draw_heat_rows (cairo_t                *cr,
                const PxChartTheme     *theme,
                PxChartText            *text,
                const PxTimelineLayout *layout,
                const Band             *band)
{
  const GdkRGBA *color = &theme->strategy[px_run_result_get_strategy (band->run)];
  GArray *levels[HEAT_LEVELS];
  guint n_samples = px_run_result_get_n_cpu_samples (band->run);
  double row_h = band->heat_h / band->n_cores;
  gint64 prev_t = 0;

  px_chart_set_source (cr, &theme->grid, 0.5);
  cairo_rectangle (cr, layout->plot_x, band->heat_y, layout->plot_w, band->heat_h);
  cairo_fill (cr);

  for (guint l = 0; l < HEAT_LEVELS; l++)
    levels[l] = g_array_new (FALSE, FALSE, sizeof (Rect));

  for (guint i = 0; i < n_samples; i++)
    {
      gint64 t;
      guint n_cores;
      const double *cores = px_run_result_get_cpu_sample (band->run, i, &t, &n_cores);
      double x0, x1;

      if (t >= layout->t0_us && prev_t <= layout->t1_us)
        {
          x0 = round (time_to_x (layout, MAX (prev_t, layout->t0_us)));
          x1 = round (time_to_x (layout, MIN (t, layout->t1_us)));
          for (guint k = 0; k < MIN (n_cores, band->n_cores); k++)
            {
              guint level = (guint) round (CLAMP (cores[k], 0., 1.) * (HEAT_LEVELS - 1));

              if (level > 0)
                rects_add (levels[level], x0, band->heat_y + k * row_h, MAX (x1 - x0, 1.), row_h);
            }
        }
      prev_t = t;
    }

  for (guint l = 1; l < HEAT_LEVELS; l++)
    rects_fill (cr, levels[l], color, (double) l / (HEAT_LEVELS - 1));
  for (guint l = 0; l < HEAT_LEVELS; l++)
    g_array_unref (levels[l]);

  px_chart_text_draw (text, _("each core"), layout->plot_x - 8, band->heat_y + band->heat_h / 2, 1., .5, &theme->muted,
                      0.85, PX_CHART_TEXT_NORMAL);
}

typedef struct
{
  gboolean active;
  gboolean failed;
  double   x0;
  double   x1;
} Pending;

static void
pending_flush (Pending    *pending,
               const Band *band,
               guint       lane,
               guint       row,
               GArray     *merged,
               GArray     *merged_failed)
{
  double y, h, x0, x1;

  if (!pending->active)
    return;
  row_extent (band, lane, row, &y, &h);
  x0 = floor (pending->x0);
  x1 = MAX (ceil (pending->x1), x0 + 1.);
  rects_add (pending->failed ? merged_failed : merged, x0, y, x1 - x0, h);
  pending->active = FALSE;
}

static void
draw_band_bars (cairo_t                *cr,
                const PxChartTheme     *theme,
                const PxTimelineLayout *layout,
                const Band             *band)
{
  const GdkRGBA *color = &theme->strategy[px_run_result_get_strategy (band->run)];
  g_autoptr(GArray) solid = g_array_new (FALSE, FALSE, sizeof (Rect));
  g_autoptr(GArray) waiting = g_array_new (FALSE, FALSE, sizeof (Rect));
  g_autoptr(GArray) outline = g_array_new (FALSE, FALSE, sizeof (Rect));
  g_autoptr(GArray) merged = g_array_new (FALSE, FALSE, sizeof (Rect));
  g_autoptr(GArray) failed_solid = g_array_new (FALSE, FALSE, sizeof (Rect));
  g_autoptr(GArray) failed_waiting = g_array_new (FALSE, FALSE, sizeof (Rect));
  g_autoptr(GArray) failed_outline = g_array_new (FALSE, FALSE, sizeof (Rect));
  g_autoptr(GArray) merged_failed = g_array_new (FALSE, FALSE, sizeof (Rect));
  g_autoptr(GArray) thin = g_array_new (FALSE, FALSE, sizeof (Rect));
  g_autoptr(GArray) failed_thin = g_array_new (FALSE, FALSE, sizeof (Rect));
  g_autofree Pending *pending = g_new0 (Pending, band->peak_rows);

  for (guint lane = 0; lane < band->n_lanes; lane++)
    {
      guint rows = band->lane_rows[lane];

      memset (pending, 0, rows * sizeof *pending);

      for (guint k = band->lane_first[lane]; k < band->lane_first[lane + 1]; k++)
        {
          guint index = band->order[k];
          const PxTaskRecord *record = px_run_result_get_task (band->run, index);
          gboolean failed = record->error != NULL;
          guint row = band->row[index];
          double x0, x1, x, w, y, h, wall, ratio, solid_w;

          if (record->start_us > layout->t1_us)
            break;
          if (PX_TASK_RECORD_IS_RUNNING (record) || !task_extent (layout, band, record, &x0, &x1))
            continue;

          /* More bars than pixels: merge those narrower than one. */
          if (x1 - x0 < 1.)
            {
              Pending *p = &pending[row];

              if (p->active && x0 <= p->x1 + 1.)
                {
                  p->x1 = MAX (p->x1, x1);
                  p->failed |= failed;
                }
              else
                {
                  pending_flush (p, band, lane, row, merged, merged_failed);
                  p->active = TRUE;
                  p->failed = failed;
                  p->x0 = x0;
                  p->x1 = x1;
                }
              continue;
            }

          snap_extent (x0, x1, &x, &w);
          row_extent (band, lane, row, &y, &h);
          wall = record->end_us - record->start_us;
          ratio = wall > 0 ? CLAMP (record->cpu_us / wall, 0., 1.) : 1.;
          solid_w = round (w * ratio);
          rects_add (failed ? failed_solid : solid, x, y, solid_w, h);
          /* Hatching needs a few pixels of height to read as hatching. */
          if (h >= 5.)
            rects_add (failed ? failed_waiting : waiting, x + solid_w, y, w - solid_w, h);
          else
            rects_add (failed ? failed_thin : thin, x + solid_w, y, w - solid_w, h);
          if (w >= 3. && h >= 5.)
            rects_add (failed ? failed_outline : outline, x, y, w, h);
        }

      for (guint row = 0; row < rows; row++)
        pending_flush (&pending[row], band, lane, row, merged, merged_failed);
    }

  rects_fill_hatched (cr, waiting, color);
  rects_fill (cr, thin, color, 0.4);
  rects_fill (cr, solid, color, 1.);
  rects_fill (cr, merged, color, 0.85);
  rects_outline (cr, outline, color, 1.);
  rects_fill_hatched (cr, failed_waiting, &theme->error);
  rects_fill (cr, failed_thin, &theme->error, 0.5);
  rects_fill (cr, failed_solid, &theme->error, 1.);
  rects_fill (cr, merged_failed, &theme->error, 0.9);
  rects_outline (cr, failed_outline, &theme->error, 1.);
}

static void
draw_band_frame (cairo_t                *cr,
                 const PxChartTheme     *theme,
                 PxChartText            *text,
                 const PxTimelineLayout *layout,
                 const Band             *band)
{
  PxStrategy strategy = px_run_result_get_strategy (band->run);
  double f = layout->font_size;
  double title_y = band->y + HEADER_EM * f / 2 - 2;
  g_autofree char *summary = band_summary (band);
  double w;

  px_chart_set_source (cr, &theme->strategy[strategy], 1.);
  cairo_rectangle (cr, MARGIN, round (title_y - .45 * f), round (.9 * f), round (.9 * f));
  cairo_fill (cr);
  w = px_chart_text_draw (text, px_strategy_get_title (strategy), MARGIN + 1.4 * f, title_y, 0., .5, &theme->foreground,
                          1.15, PX_CHART_TEXT_BOLD);
  px_chart_text_draw (text, summary, MARGIN + 1.4 * f + w + f, title_y, 0., .5, &theme->muted, 0.95,
                      PX_CHART_TEXT_NORMAL);

  for (guint lane = 0; lane < band->n_lanes; lane++)
    {
      double top = band->lane_y[lane], h = band->lane_y[lane + 1] - top;
      char buffer[64];

      if (lane % 2 == 1)
        {
          px_chart_set_source (cr, &theme->grid, 0.45);
          cairo_rectangle (cr, layout->plot_x, top, layout->plot_w, h);
          cairo_fill (cr);
        }
      if (h >= f * 0.9)
        px_chart_text_draw (text, lane_title (strategy, band->n_lanes, lane, buffer, sizeof buffer), layout->plot_x - 8,
                            top + h / 2, 1., .5, &theme->muted, 0.85, PX_CHART_TEXT_NORMAL);
    }

  if (band->n_lanes > 0)
    {
      double bottom = band->lane_y[band->n_lanes];

      px_chart_set_source (cr, &theme->grid, 1.5);
      cairo_set_line_width (cr, 1.);
      cairo_move_to (cr, layout->plot_x, floor (band->lane_y[0]) + .5);
      cairo_line_to (cr, layout->plot_x + layout->plot_w, floor (band->lane_y[0]) + .5);
      cairo_move_to (cr, layout->plot_x, floor (bottom) - .5);
      cairo_line_to (cr, layout->plot_x + layout->plot_w, floor (bottom) - .5);
      cairo_stroke (cr);
    }
}

static void
draw_axis (cairo_t                *cr,
           const PxChartTheme     *theme,
           PxChartText            *text,
           const PxTimelineLayout *layout)
{
  PxChartTicks ticks;
  double top = layout->n_bands > 0 ? layout->bands[0].busy_y : layout->axis_y;
  guint max_ticks = (guint) CLAMP (layout->plot_w / (7 * layout->font_size), 2, 12);

  px_chart_time_ticks (layout->t0_us, layout->t1_us, max_ticks, &ticks);

  cairo_set_line_width (cr, 1.);
  for (guint i = 0; i < ticks.n_ticks; i++)
    {
      double t = ticks.first_us + i * ticks.step_us;
      double x = floor (time_to_x (layout, t)) + .5;
      char label[64];

      px_chart_set_source (cr, &theme->grid, 1.);
      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, layout->axis_y + 4);
      cairo_stroke (cr);

      g_snprintf (label, sizeof label, "%.*f %s", ticks.decimals, t / ticks.divisor, ticks.unit);
      px_chart_text_draw (text, label, MIN (x, layout->plot_x + layout->plot_w - 2), layout->axis_y + 6,
                          t == layout->t0_us ? 0. : .5, 0., &theme->muted, 0.9, PX_CHART_TEXT_NORMAL);
    }

  px_chart_set_source (cr, &theme->muted, 1.);
  cairo_move_to (cr, layout->plot_x, layout->axis_y + .5);
  cairo_line_to (cr, layout->plot_x + layout->plot_w, layout->axis_y + .5);
  cairo_stroke (cr);
}

static void
draw_legend (cairo_t                *cr,
             const PxChartTheme     *theme,
             PxChartText            *text,
             const PxTimelineLayout *layout)
{
  double f = layout->font_size;
  double x = layout->plot_x, y = layout->legend_y + f * .5, s = round (f * .9);
  g_autoptr(GArray) rect = g_array_new (FALSE, FALSE, sizeof (Rect));

  rects_add (rect, x, y, 2 * s, s);
  rects_fill (cr, rect, &theme->muted, 1.);
  x += 2 * s + 6;
  x += px_chart_text_draw (text, _("on a CPU"), x, y + s / 2, 0., .5, &theme->foreground, .9,
                           PX_CHART_TEXT_NORMAL) + 2 * f;

  g_array_index (rect, Rect, 0).x = x;
  rects_fill_hatched (cr, rect, &theme->muted);
  rects_outline (cr, rect, &theme->muted, 1.);
  x += 2 * s + 6;
  x += px_chart_text_draw (text, _("waiting (I/O, lock, queue)"), x, y + s / 2, 0., .5, &theme->foreground, .9,
                           PX_CHART_TEXT_NORMAL) + 2 * f;

  g_array_index (rect, Rect, 0).x = x;
  rects_fill (cr, rect, &theme->error, 1.);
  x += 2 * s + 6;
  x += px_chart_text_draw (text, _("failed"), x, y + s / 2, 0., .5, &theme->foreground, .9,
                           PX_CHART_TEXT_NORMAL) + 2 * f;

  g_array_index (rect, Rect, 0).x = x;
  rects_fill (cr, rect, &theme->muted, 0.3);
  rects_outline (cr, rect, &theme->muted, 1.);
  x += 2 * s + 6;
  x += px_chart_text_draw (text, _("running"), x, y + s / 2, 0., .5, &theme->foreground, .9,
                           PX_CHART_TEXT_NORMAL) + 2 * f;

  g_array_index (rect, Rect, 0).x = x;
  g_array_index (rect, Rect, 0).h = s / 2;
  g_array_index (rect, Rect, 0).y = y + s / 4;
  rects_fill (cr, rect, &theme->muted, 0.55);
  px_chart_text_draw (text, _("cores busy: tasks on a CPU at once (estimated)"), x + 2 * s + 6, y + s / 2, 0., .5,
                      &theme->foreground, .9, PX_CHART_TEXT_NORMAL);
}

static void
draw_running (cairo_t                *cr,
              const PxChartTheme     *theme,
              const PxTimelineLayout *layout)
{
  for (guint i = 0; i < layout->n_bands; i++)
    {
      const Band *band = &layout->bands[i];
      const GdkRGBA *color = &theme->strategy[px_run_result_get_strategy (band->run)];
      g_autoptr(GArray) bars = g_array_new (FALSE, FALSE, sizeof (Rect));
      g_autoptr(GArray) heads = g_array_new (FALSE, FALSE, sizeof (Rect));
      guint n_tasks = px_run_result_get_n_tasks (band->run);

      for (guint index = 0; index < n_tasks; index++)
        {
          const PxTaskRecord *record = px_run_result_get_task (band->run, index);
          double x0, x1, x, w, y, h;

          if (record == NULL || !PX_TASK_RECORD_IS_RUNNING (record) || record->lane >= band->n_lanes ||
              !task_extent (layout, band, record, &x0, &x1))
            continue;
          x = round (x0);
          w = MAX (round (x1) - x, 3.);
          row_extent (band, record->lane, band->row[index], &y, &h);
          rects_add (bars, x, y, w, h);
          /* The growing end of the bar: "still going". */
          rects_add (heads, x + w - 3, y, 3, h);
        }

      rects_fill (cr, bars, color, 0.3);
      rects_outline (cr, bars, color, 1.);
      rects_fill (cr, heads, color, 1.);
    }
}

static void
draw_hover (cairo_t            *cr,
            const PxChartTheme *theme,
            PxTimelineLayout   *layout,
            guint               hover_run,
            gint                hover_index)
{
  graphene_rect_t r;

  if (hover_index < 0 || !px_timeline_layout_get_task_rect (layout, hover_run, hover_index, &r))
    return;

  cairo_set_line_width (cr, 2.);
  px_chart_set_source (cr, &theme->foreground, 1.);
  cairo_rectangle (cr, r.origin.x - 2, r.origin.y - 2, r.size.width + 4, r.size.height + 4);
  cairo_stroke (cr);
}

void
px_draw_timeline_layout (cairo_t            *cr,
                         const PxChartTheme *theme,
                         PxTimelineLayout   *layout,
                         PxTimelinePart      parts,
                         guint               hover_run,
                         gint                hover_index)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (theme != NULL);
  g_return_if_fail (layout != NULL);

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);

  if (parts & PX_TIMELINE_PART_STATIC)
    {
      PxChartText text;

      fill_background (cr, theme);
      if (layout->n_bands == 0)
        {
          draw_empty_state (cr, theme, layout->width, layout->height, _("No runs yet"),
                            _("Run a workload to see each strategy’s tasks over time"));
        }
      else
        {
          guint n_cols = (guint) ceil (layout->plot_w);
          g_autofree double **busy = g_new0 (double *, layout->n_bands);
          guint n_cores = g_get_num_processors ();
          double y_max = n_cores;

          px_chart_text_init (&text, cr, theme);
          for (guint i = 0; i < layout->n_bands; i++)
            {
              busy[i] = band_busy (layout, &layout->bands[i], n_cols);
              for (guint c = 0; c < n_cols; c++)
                y_max = MAX (y_max, busy[i][c]);
            }
          y_max *= 1.08;

          draw_axis (cr, theme, &text, layout);
          for (guint i = 0; i < layout->n_bands; i++)
            {
              const Band *band = &layout->bands[i];

              draw_band_frame (cr, theme, &text, layout, band);
              draw_busy_strip (cr, theme, &text, layout, band, busy[i], n_cols, y_max, n_cores);
              if (band->heat_h > 0)
                draw_heat_rows (cr, theme, &text, layout, band);
              draw_band_bars (cr, theme, layout, band);
              g_free (busy[i]);
            }
          draw_legend (cr, theme, &text, layout);
          px_chart_text_clear (&text);
        }
    }

  if (parts & PX_TIMELINE_PART_RUNNING)
    draw_running (cr, theme, layout);

  if (parts & PX_TIMELINE_PART_HOVER)
    draw_hover (cr, theme, layout, hover_run, hover_index);

  cairo_restore (cr);
}

void
px_draw_timeline (cairo_t            *cr,
                  const PxChartTheme *theme,
                  GPtrArray          *runs,
                  double              width,
                  double              height,
                  double              t0_us,
                  double              t1_us,
                  guint               hover_run,
                  gint                hover_index)
{
  g_autoptr(PxTimelineLayout) layout = NULL;
  g_autoptr(GPtrArray) none = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (theme != NULL);

  if (runs == NULL)
    runs = none = g_ptr_array_new ();
  layout = px_timeline_layout_new (theme, runs, width, height, t0_us, t1_us);
  px_draw_timeline_layout (cr, theme, layout, PX_TIMELINE_PART_ALL, hover_run, hover_index);
}

gboolean
px_timeline_hit_test (const PxChartTheme *theme,
                      GPtrArray          *runs,
                      double              width,
                      double              height,
                      double              t0_us,
                      double              t1_us,
                      double              x,
                      double              y,
                      guint              *run,
                      guint              *index)
{
  g_autoptr(PxTimelineLayout) layout = NULL;

  g_return_val_if_fail (theme != NULL, FALSE);

  if (runs == NULL)
    return FALSE;
  layout = px_timeline_layout_new (theme, runs, width, height, t0_us, t1_us);
  return px_timeline_layout_hit_test (layout, x, y, run, index);
}

/* Wall and CPU time */

typedef struct
{
  double       plot_x;
  double       plot_y;
  double       plot_w;
  double       plot_h;
  double       group_w;
  double       bar_w;
  double       gap;
  double       y_max_us;
  PxChartTicks ticks;
} WallCpuGeometry;

/* While a run goes on its totals are not measured yet: its span and the
 * CPU time of its finished tasks stand in. */
static void
run_times (PxRunResult *run,
           double      *wall,
           double      *user,
           double      *sys)
{
  *wall = px_run_result_get_wall_us (run);
  *user = px_run_result_get_cpu_user_us (run);
  *sys = px_run_result_get_cpu_sys_us (run);

  if (*wall <= 0)
    *wall = px_run_result_get_span_us (run);
  if (*user <= 0 && *sys <= 0)
    {
      guint n_tasks = px_run_result_get_n_tasks (run);

      for (guint i = 0; i < n_tasks; i++)
        {
          const PxTaskRecord *record = px_run_result_get_task (run, i);

          if (record != NULL && !PX_TASK_RECORD_IS_RUNNING (record))
            *user += record->cpu_us;
        }
    }
}

static void
wall_cpu_geometry (const PxChartTheme *theme,
                   GPtrArray          *runs,
                   double              width,
                   double              height,
                   WallCpuGeometry    *g)
{
  double f = theme->font_size;
  double max_us = 0.;

  for (guint i = 0; i < runs->len; i++)
    {
      double wall, user, sys;

      run_times (g_ptr_array_index (runs, i), &wall, &user, &sys);
      max_us = MAX (max_us, MAX (wall, user + sys));
    }
  if (max_us <= 0)
    max_us = 1000.;

  px_chart_time_ticks (0., max_us, 5, &g->ticks);
  g->y_max_us = ceil (max_us / g->ticks.step_us - 1e-9) * g->ticks.step_us;
  g->ticks.n_ticks = (guint) round (g->y_max_us / g->ticks.step_us) + 1;

  g->plot_x = MARGIN + 5.5 * f;
  g->plot_y = MARGIN + 2.6 * f + 1.6 * f;
  g->plot_w = MAX (width - g->plot_x - MARGIN, 1.);
  g->plot_h = MAX (height - g->plot_y - MARGIN - 4.6 * f, 1.);
  g->group_w = g->plot_w / MAX (runs->len, 1);
  g->gap = round (MIN (g->group_w * 0.04, 8.));
  g->bar_w = round (MIN (g->group_w * 0.3, 6 * f));
}

static gboolean
wall_cpu_bar (const WallCpuGeometry *g,
              PxRunResult           *run,
              guint                  i,
              PxWallCpuBar           bar,
              Rect                  *r)
{
  double cx = round (g->plot_x + g->group_w * (i + .5));
  double base = g->plot_y + g->plot_h;
  double scale = g->plot_h / g->y_max_us;
  double wall, user, sys;

  run_times (run, &wall, &user, &sys);

  switch (bar)
    {
    case PX_WALL_CPU_BAR_WALL:
      r->x = cx - g->gap / 2 - g->bar_w;
      r->h = round (wall * scale);
      r->y = base - r->h;
      break;
    case PX_WALL_CPU_BAR_CPU_USER:
      r->x = cx + g->gap / 2;
      r->h = round (user * scale);
      r->y = base - r->h;
      break;
    case PX_WALL_CPU_BAR_CPU_SYS:
    default:
      r->x = cx + g->gap / 2;
      r->h = round ((user + sys) * scale) - round (user * scale);
      r->y = base - round (user * scale) - r->h;
      break;
    }
  r->x = round (r->x);
  r->w = g->bar_w;

  return r->h > 0;
}

void
px_draw_wall_cpu (cairo_t            *cr,
                  const PxChartTheme *theme,
                  GPtrArray          *runs,
                  double              width,
                  double              height)
{
  WallCpuGeometry g;
  PxChartText text;
  double f, base;
  double sequential_wall = 0.;
  double x;
  g_autoptr(GArray) swatch = g_array_new (FALSE, FALSE, sizeof (Rect));

  g_return_if_fail (cr != NULL);
  g_return_if_fail (theme != NULL);

  cairo_save (cr);
  fill_background (cr, theme);

  if (runs == NULL || runs->len == 0)
    {
      draw_empty_state (cr, theme, width, height, _("No runs yet"),
                        _("Run a workload to compare wall time with CPU time"));
      cairo_restore (cr);
      return;
    }

  f = theme->font_size;
  wall_cpu_geometry (theme, runs, width, height, &g);
  base = g.plot_y + g.plot_h;
  px_chart_text_init (&text, cr, theme);

  /* Value axis */
  cairo_set_line_width (cr, 1.);
  for (guint i = 0; i < g.ticks.n_ticks; i++)
    {
      double v = i * g.ticks.step_us;
      double y = floor (base - v / g.y_max_us * g.plot_h) + .5;
      char label[64];

      px_chart_set_source (cr, i == 0 ? &theme->muted : &theme->grid, 1.);
      cairo_move_to (cr, g.plot_x, y);
      cairo_line_to (cr, g.plot_x + g.plot_w, y);
      cairo_stroke (cr);
      g_snprintf (label, sizeof label, "%.*f %s", g.ticks.decimals, v / g.ticks.divisor, g.ticks.unit);
      px_chart_text_draw (&text, label, g.plot_x - 8, y, 1., .5, &theme->muted, .9, PX_CHART_TEXT_NORMAL);
    }

  /* Legend, in neutral colours: each group has its strategy's */
  x = g.plot_x;
  rects_add (swatch, x, MARGIN + .2 * f, 2 * f, .9 * f);
  rects_fill (cr, swatch, &theme->muted, 1.);
  x += 2 * f + 6;
  x += px_chart_text_draw (&text, _("wall time (elapsed)"), x, MARGIN + .65 * f, 0., .5, &theme->foreground, .95,
                           PX_CHART_TEXT_NORMAL) + 2 * f;
  g_array_index (swatch, Rect, 0).x = x;
  rects_fill (cr, swatch, &theme->muted, .4);
  rects_outline (cr, swatch, &theme->muted, 1.);
  x += 2 * f + 6;
  x += px_chart_text_draw (&text, _("CPU time, user"), x, MARGIN + .65 * f, 0., .5, &theme->foreground, .95,
                           PX_CHART_TEXT_NORMAL) + 2 * f;
  g_array_index (swatch, Rect, 0).x = x;
  rects_fill_hatched (cr, swatch, &theme->muted);
  rects_outline (cr, swatch, &theme->muted, 1.);
  x += 2 * f + 6;
  px_chart_text_draw (&text, _("CPU time, system (kernel)"), x, MARGIN + .65 * f, 0., .5, &theme->foreground, .95,
                      PX_CHART_TEXT_NORMAL);

  for (guint i = 0; i < runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (runs, i);

      if (px_run_result_get_strategy (run) == PX_STRATEGY_SEQUENTIAL)
        {
          double user, sys;

          run_times (run, &sequential_wall, &user, &sys);
          break;
        }
    }

  for (guint i = 0; i < runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (runs, i);
      PxStrategy strategy = px_run_result_get_strategy (run);
      const GdkRGBA *color = &theme->strategy[strategy];
      double cx = round (g.plot_x + g.group_w * (i + .5));
      double wall, user, sys, speedup = px_run_result_get_speedup (run);
      g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (Rect));
      g_autofree char *wall_label = NULL;
      g_autofree char *cpu_label = NULL;
      char line[128];
      Rect r;

      run_times (run, &wall, &user, &sys);

      if (wall_cpu_bar (&g, run, i, PX_WALL_CPU_BAR_WALL, &r))
        {
          g_array_append_val (one, r);
          rects_fill (cr, one, color, 1.);
          g_array_set_size (one, 0);
        }
      wall_label = px_chart_format_duration (wall);
      px_chart_text_draw (&text, wall_label, r.x + r.w / 2, base - r.h - 4, .5, 1., &theme->foreground, .9,
                          PX_CHART_TEXT_BOLD);

      if (wall_cpu_bar (&g, run, i, PX_WALL_CPU_BAR_CPU_USER, &r))
        {
          g_array_append_val (one, r);
          rects_fill (cr, one, color, .4);
          rects_outline (cr, one, color, 1.);
          g_array_set_size (one, 0);
        }
      if (wall_cpu_bar (&g, run, i, PX_WALL_CPU_BAR_CPU_SYS, &r))
        {
          g_array_append_val (one, r);
          rects_fill_hatched (cr, one, color);
          rects_outline (cr, one, color, 1.);
          g_array_set_size (one, 0);
        }
      cpu_label = px_chart_format_duration (user + sys);
      px_chart_text_draw (&text, cpu_label, cx + g.gap / 2 + g.bar_w / 2,
                          base - round ((user + sys) / g.y_max_us * g.plot_h) - 4, .5, 1., &theme->foreground, .9,
                          PX_CHART_TEXT_BOLD);

      px_chart_text_draw (&text, px_strategy_get_title (strategy), cx, base + .5 * f, .5, 0., &theme->foreground, 1.,
                          PX_CHART_TEXT_BOLD);
      g_snprintf (line, sizeof line, _("CPU/wall %.2f"), wall > 0 ? (user + sys) / wall : 0.);
      px_chart_text_draw (&text, line, cx, base + 2 * f, .5, 0., &theme->muted, .95, PX_CHART_TEXT_NORMAL);
      if (isnan (speedup))
        g_snprintf (line, sizeof line, _("speedup —"));
      else
        g_snprintf (line, sizeof line, _("speedup %.2f×"), speedup);
      px_chart_text_draw (&text, line, cx, base + 3.3 * f, .5, 0., &theme->muted, .95, PX_CHART_TEXT_NORMAL);
    }

  if (sequential_wall > 0)
    {
      const double dashes[] = { 6., 4. };
      double y = floor (base - sequential_wall / g.y_max_us * g.plot_h) + .5;

      cairo_save (cr);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.);
      px_chart_set_source (cr, &theme->foreground, .55);
      cairo_move_to (cr, g.plot_x, y);
      cairo_line_to (cr, g.plot_x + g.plot_w, y);
      cairo_stroke (cr);
      cairo_restore (cr);
      px_chart_text_draw (&text, _("sequential wall time"), g.plot_x + g.plot_w - 2, y - 2, 1., 1., &theme->muted, .85,
                          PX_CHART_TEXT_NORMAL);
    }

  px_chart_text_clear (&text);
  cairo_restore (cr);
}

gboolean
px_wall_cpu_get_bar_rect (const PxChartTheme *theme,
                          GPtrArray          *runs,
                          double              width,
                          double              height,
                          guint               run,
                          PxWallCpuBar        bar,
                          graphene_rect_t    *rect)
{
  WallCpuGeometry g;
  Rect r;

  g_return_val_if_fail (theme != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (runs == NULL || run >= runs->len)
    return FALSE;

  wall_cpu_geometry (theme, runs, width, height, &g);
  if (!wall_cpu_bar (&g, g_ptr_array_index (runs, run), run, bar, &r))
    return FALSE;
  graphene_rect_init (rect, r.x, r.y, r.w, r.h);

  return TRUE;
}

gint
px_wall_cpu_hit_test (const PxChartTheme *theme,
                      GPtrArray          *runs,
                      double              width,
                      double              height,
                      double              x,
                      double              y)
{
  WallCpuGeometry g;
  gint i;

  g_return_val_if_fail (theme != NULL, -1);

  if (runs == NULL || runs->len == 0)
    return -1;

  wall_cpu_geometry (theme, runs, width, height, &g);
  if (x < g.plot_x || x >= g.plot_x + g.plot_w || y < MARGIN || y > height - MARGIN)
    return -1;
  i = (gint) ((x - g.plot_x) / g.group_w);

  return CLAMP (i, 0, (gint) runs->len - 1);
}

GdkTexture *
px_chart_paint_texture (GtkWidget        *widget,
                        int               width,
                        int               height,
                        PxChartPaintFunc  paint,
                        gpointer          data)
{
  int scale = gtk_widget_get_scale_factor (widget);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GBytes) bytes = NULL;

  cairo_surface_set_device_scale (surface, scale, scale);
  paint (cr, data);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* GDK_MEMORY_DEFAULT is the layout of cairo's ARGB32; the bytes keep
   * the surface. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * height * scale,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  return gdk_memory_texture_new (width * scale, height * scale, GDK_MEMORY_DEFAULT, bytes,
                                 cairo_image_surface_get_stride (surface));
}
