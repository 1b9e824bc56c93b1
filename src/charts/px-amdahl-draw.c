/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-amdahl-draw"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "px-amdahl.h"
#include "px-amdahl-draw.h"
#include "px-chart-private.h"

/* Sizes are multiples of the font size or of the theme's unit, as in the
 * other charts, so a plot keeps its proportions at any scale. */
#define MARGIN        PX_CHART_MARGIN
#define LEFT_EM       6.0   /* the rotated axis title and the tick labels */
#define TOP_EM        3.9   /* the legend, and the note on the cores */
#define RIGHT_EM      5.0   /* labels at the curves' right ends */
#define BOTTOM_EM     3.4   /* tick labels and the axis title */
/* Curves are sampled by halving a step until its midpoint lies within
 * FLATNESS px of the chord: a few dozen points where the curve is straight
 * (most of it on a log₂ axis), many at the knee, none per whole N. */
#define FIRST_STEPS   24
#define MAX_DEPTH     8
#define FLATNESS      .2
#define MAX_LABELS    8
#define DOT_EM        .5
/* Text sizes, of the theme's font */
#define LABEL_SCALE   1.
#define TITLE_SCALE   1.1
#define MARKER_SCALE  1.25

/* The classic family, as in the figure of Amdahl's law on Wikipedia. */
static const double reference_p[] = { .50, .75, .90, .95, .99 };

/* The chosen curve takes the palette's blue, which is also the accent of
 * libadwaita 1.2 (fixed there), so the widget and the exports agree. */
#define ACCENT(theme)    (&(theme)->strategy[PX_STRATEGY_SEQUENTIAL])
#define GUSTAFSON(theme) (&(theme)->strategy[PX_STRATEGY_PROCESSES])
#define MEASURED(theme)  (&(theme)->strategy[PX_STRATEGY_ASYNC])

typedef struct
{
  double   f;
  double   u;          /* the theme's unit */
  double   plot_x;
  double   plot_y;
  double   plot_w;
  double   plot_h;
  double   log_max_n;  /* log₂ of the x extent */
  gboolean log_y;
  double   y_lo;       /* linear: speedups; log: their log₂ */
  double   y_hi;
  double   y_step;     /* between ticks, in the same unit */
} Geometry;

typedef enum
{
  CURVE_AMDAHL,
  CURVE_GUSTAFSON,
  CURVE_IDEAL,
} CurveKind;

typedef struct
{
  const Geometry *g;
  CurveKind       kind;
  double          p;
} Curve;

typedef struct
{
  double x;
  double y;
  double w;
  char   text[32];
} Label;

typedef struct
{
  char  text[128];
  guint kind;
} LegendEntry;

enum
{
  LEGEND_AMDAHL,
  LEGEND_IDEAL,
  LEGEND_GUSTAFSON,
  LEGEND_MEASURED,
  LEGEND_FITTED,
};

/* Colours */

/* What is behind the plot; the widget leaves it transparent, so rings and
 * halos take the theme's opaque background instead. */
static void
set_source_background (cairo_t            *cr,
                       const PxChartTheme *theme)
{
  cairo_set_source_rgb (cr, theme->background.red, theme->background.green, theme->background.blue);
}

static void
format_percent (char   *buf,
                gsize   size,
                double  fraction)
{
  double percent = 100. * fraction;

  /* Whole percents as sliders usually give them; a tenth otherwise, so
   * 99.9 % never reads as 100 %. */
  if (fabs (percent - round (percent)) < .05)
    g_snprintf (buf, size, _("%.0f %%"), percent);
  else
    g_snprintf (buf, size, _("%.1f %%"), percent);
}

static void
format_speedup (char   *buf,
                gsize   size,
                double  speedup)
{
  /* Three significant digits; the bounds are where rounding would add a
   * fourth (99.99 is "100×", not "100.0×"). */
  if (speedup < 9.995)
    g_snprintf (buf, size, _("%.2f×"), speedup);
  else if (speedup < 99.95)
    g_snprintf (buf, size, _("%.1f×"), speedup);
  else
    g_snprintf (buf, size, _("%.0f×"), speedup);
}

static void
format_workers (char   *buf,
                gsize   size,
                double  n)
{
  if (fabs (n - round (n)) < .005)
    g_snprintf (buf, size, "%.0f", n);
  else
    g_snprintf (buf, size, "%.2f", n);
}

/* Geometry */

static gboolean
point_is_valid (const PxScalePoint *point)
{
  return point->workers >= 1 && isfinite (point->speedup) && point->speedup > 0.;
}

/* The speedups of a point's fastest and slowest repeat, measured against
 * the same sequential median as the dot: S · median / wall. The spread of
 * the sequential run itself is left out, so the bar shows how much this
 * worker count varies, not the error of a ratio. FALSE without repeats. */
static gboolean
point_range (const PxScalePoint *point,
             double             *s_lo,
             double             *s_hi)
{
  if (!(point->wall_s > 0.) || !(point->wall_min_s > 0.) || !(point->wall_max_s > point->wall_min_s) ||
      !isfinite (point->wall_max_s))
    return FALSE;

  *s_lo = point->speedup * point->wall_s / point->wall_max_s;
  *s_hi = point->speedup * point->wall_s / point->wall_min_s;

  return TRUE;
}

static double
clamp_coordinate (double v,
                  double lo,
                  double hi)
{
  if (isnan (v) || v < lo)
    return lo;
  return MIN (v, hi);
}

static double
plot_p (const PxAmdahlPlot *plot)
{
  return CLAMP (isnan (plot->p) ? 0. : plot->p, 0., 1.);
}

static double
plot_n (const PxAmdahlPlot *plot)
{
  return CLAMP (isnan (plot->n) ? 1. : plot->n, 1., (double) MAX (plot->max_n, 2));
}

static void
geometry_init (Geometry           *g,
               const PxChartTheme *theme,
               const PxAmdahlPlot *plot,
               double              width,
               double              height)
{
  double f = px_chart_theme_get_font (theme), u = theme->scale;
  double p = plot_p (plot);
  double top, bottom = 1.;

  g->f = f;
  g->u = u;
  g->plot_x = round (MARGIN * u + LEFT_EM * f);
  g->plot_y = round (MARGIN * u + TOP_EM * f);
  g->plot_w = MAX (round (width - MARGIN * u - RIGHT_EM * f) - g->plot_x, 1.);
  g->plot_h = MAX (round (height - MARGIN * u - BOTTOM_EM * f) - g->plot_y, 1.);
  g->log_max_n = log2 (MAX (plot->max_n, 2));
  g->log_y = plot->log_y;

  /* The axis holds still while the sliders move, so the class sees the
   * curve bend rather than the axis stretch: it shows at least the
   * classic figure (linear: up to the 95 % curve's limit of 20; log: up to
   * the 99 % curve's 100), and grows by whole levels (1, 2, 5 × 10ᵏ or
   * doublings) only for a limit or a measured range that does not fit.
   * Limits are capped at the x extent, the S of P = 1 there. Within a
   * level the marker rises with P and with N. */
  top = MIN (px_amdahl_limit (p), (double) MAX (plot->max_n, 2));
  top = MAX (top, g->log_y ? 100. : 20.);
  for (guint i = 0; plot->points != NULL && i < plot->n_points; i++)
    {
      const PxScalePoint *point = &plot->points[i];
      double s_lo = point->speedup, s_hi = point->speedup;

      if (!point_is_valid (point))
        continue;
      point_range (point, &s_lo, &s_hi);
      top = MAX (top, s_hi);
      bottom = MIN (bottom, s_lo);
    }

  if (g->log_y)
    {
      g->y_lo = floor (log2 (bottom) + 1e-9);
      g->y_hi = ceil (log2 (top) + .1);
      g->y_step = 1.;
    }
  else
    {
      PxChartTicks ticks;
      double level = pow (10., floor (log10 (top)));
      guint max_ticks = (guint) CLAMP (g->plot_h / (3.2 * f), 2., 10.);

      if (top > 5. * level * (1. + 1e-9))
        level *= 10.;
      else if (top > 2. * level * (1. + 1e-9))
        level *= 5.;
      else if (top > level * (1. + 1e-9))
        level *= 2.;
      /* The time ticks' steps (1, 2, 5 × 10ᵏ, at least 1) suit speedups
       * too; their unit is not used. */
      px_chart_time_ticks (0., level, max_ticks, &ticks);
      g->y_step = ticks.step_us;
      g->y_lo = 0.;
      g->y_hi = 1.1 * level;
    }
}

static double
geometry_x (const Geometry *g,
            double          n)
{
  double x = g->plot_x + log2 (n) / g->log_max_n * g->plot_w;

  return clamp_coordinate (x, g->plot_x - 2 * g->plot_w, g->plot_x + 3 * g->plot_w);
}

static double
geometry_y (const Geometry *g,
            double          speedup)
{
  double v = g->log_y ? log2 (speedup) : speedup;
  double y = g->plot_y + g->plot_h - (v - g->y_lo) / (g->y_hi - g->y_lo) * g->plot_h;

  /* Speedups of 0 (−∞ on a log axis) and NAN land below the axis. */
  if (isnan (y))
    y = g->plot_y + 3 * g->plot_h;

  return clamp_coordinate (y, g->plot_y - 2 * g->plot_h, g->plot_y + 3 * g->plot_h);
}

/* The largest speedup the y-axis shows. */
static double
geometry_top (const Geometry *g)
{
  return g->log_y ? exp2 (g->y_hi) : g->y_hi;
}

/* Curves */

static double
curve_value (const Curve *c,
             double       n)
{
  switch (c->kind)
    {
    case CURVE_AMDAHL:
      return px_amdahl_speedup (c->p, n);
    case CURVE_GUSTAFSON:
      return px_gustafson_speedup (c->p, n);
    case CURVE_IDEAL:
    default:
      return n;
    }
}

/* t is log₂ N. Off the plot, y is held just outside the clip, where the
 * curve runs flat and costs no samples. */
static void
curve_point (const Curve *c,
             double       t,
             double      *x,
             double      *y)
{
  const Geometry *g = c->g;

  *x = g->plot_x + t / g->log_max_n * g->plot_w;
  *y = clamp_coordinate (geometry_y (g, curve_value (c, exp2 (t))), g->plot_y - 4., g->plot_y + g->plot_h + 4.);
}

static void
curve_subdivide (cairo_t     *cr,
                 const Curve *c,
                 double       t0,
                 double       y0,
                 double       t1,
                 double       x1,
                 double       y1,
                 guint        depth)
{
  double tm = (t0 + t1) / 2., xm, ym;

  curve_point (c, tm, &xm, &ym);
  /* x is linear in t: only y strays from the chord. */
  if (depth < MAX_DEPTH && fabs (ym - (y0 + y1) / 2.) > FLATNESS)
    {
      curve_subdivide (cr, c, t0, y0, tm, xm, ym, depth + 1);
      curve_subdivide (cr, c, tm, ym, t1, x1, y1, depth + 1);
    }
  else
    {
      cairo_line_to (cr, x1, y1);
    }
}

static void
curve_path (cairo_t        *cr,
            const Geometry *g,
            CurveKind       kind,
            double          p)
{
  Curve c = { g, kind, p };
  double x, y, t0 = 0.;

  curve_point (&c, 0., &x, &y);
  cairo_move_to (cr, x, y);
  for (guint i = 1; i <= FIRST_STEPS; i++)
    {
      double t1 = g->log_max_n * i / FIRST_STEPS, x1, y1;

      curve_point (&c, t1, &x1, &y1);
      curve_subdivide (cr, &c, t0, y, t1, x1, y1, 0);
      /* Every curve rises: once above the plot, it stays there, and cairo
       * would still rasterise the rest under the clip. */
      if (y1 <= g->plot_y - 4.)
        break;
      t0 = t1;
      y = y1;
    }
}

/* Where a curve's label goes: at its right end when that is on the plot,
 * else where it leaves through the top. */
static gboolean
curve_label_at_right (const Geometry *g,
                      CurveKind       kind,
                      double          p,
                      double          max_n,
                      double         *x,
                      double         *y)
{
  Curve c = { g, kind, p };
  double top = geometry_top (g);
  double end = curve_value (&c, max_n);
  double n_top;

  if (end <= top)
    {
      *x = g->plot_x + g->plot_w;
      *y = geometry_y (g, end);
      return TRUE;
    }

  /* S(N) = top: N = P / (1/top − (1 − P)) for Amdahl, top for S = N. */
  n_top = kind == CURVE_AMDAHL ? p / (1. / top - (1. - p)) : top;
  *x = geometry_x (g, MAX (n_top, 1.));
  *y = g->plot_y;
  return FALSE;
}

/* For g_qsort_with_data (), a stable sort: labels at one height keep their
 * order. */
static int
compare_label_y (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Label *la = a, *lb = b;

  return (la->y > lb->y) - (la->y < lb->y);
}

static int
compare_label_x (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Label *la = a, *lb = b;

  return (la->x > lb->x) - (la->x < lb->x);
}

/* Right-end labels keep at least `gap` apart vertically, in order. */
static void
labels_spread_vertically (Label  *labels,
                          guint   n,
                          double  gap,
                          double  lo,
                          double  hi)
{
  g_qsort_with_data (labels, n, sizeof *labels, compare_label_y, NULL);
  for (guint i = 1; i < n; i++)
    labels[i].y = MAX (labels[i].y, labels[i - 1].y + gap);
  if (n > 0 && labels[n - 1].y > hi)
    {
      labels[n - 1].y = hi;
      for (guint i = n - 1; i > 0; i--)
        labels[i - 1].y = MIN (labels[i - 1].y, labels[i].y - gap);
    }
  for (guint i = 0; i < n; i++)
    labels[i].y = MAX (labels[i].y, lo);
}

/* Top labels keep apart horizontally: each starts past the previous one. */
static void
labels_spread_horizontally (Label  *labels,
                            guint   n,
                            double  gap,
                            double  right)
{
  g_qsort_with_data (labels, n, sizeof *labels, compare_label_x, NULL);
  for (guint i = 1; i < n; i++)
    labels[i].x = MAX (labels[i].x, labels[i - 1].x + labels[i - 1].w + gap);
  if (n > 0 && labels[n - 1].x + labels[n - 1].w > right)
    {
      labels[n - 1].x = right - labels[n - 1].w;
      for (guint i = n - 1; i > 0; i--)
        labels[i - 1].x = MIN (labels[i - 1].x, labels[i].x - labels[i - 1].w - gap);
    }
}

/* Drawing */

/* A few pixels past the axes, so curves lying on them stay whole. */
static void
clip_to_plot (cairo_t        *cr,
              const Geometry *g)
{
  cairo_rectangle (cr, g->plot_x - 3 * g->u, g->plot_y, g->plot_w + 3 * g->u, g->plot_h + 3 * g->u);
  cairo_clip (cr);
}

/* Grid lines are whole-pixel rectangles filled without antialiasing, all
 * in one path: cairo's fast path, where a stroke would rasterise each. */
static void
draw_axes (cairo_t            *cr,
           const PxChartTheme *theme,
           const Geometry     *g,
           PxChartText        *text,
           guint               max_n)
{
  double f = g->f, base = g->plot_y + g->plot_h;
  guint n_x = MAX ((guint) round (g->log_max_n), 1);
  guint n_y = (guint) floor ((g->y_hi - g->y_lo) / g->y_step + 1e-9);
  double y_px = g->plot_h * g->y_step / (g->y_hi - g->y_lo);
  guint every_x = 1, every_y = 1;
  double lw = px_chart_line_width (theme, 1.);
  char label[32];
  double label_w;

  /* Fewer labels when they would touch. */
  g_snprintf (label, sizeof label, "%u", max_n);
  label_w = px_chart_text_measure (text, label, LABEL_SCALE, PX_CHART_TEXT_NORMAL);
  while (g->plot_w / n_x * every_x < label_w + f && every_x < n_x)
    every_x *= 2;
  while (y_px * every_y < 1.8 * f && every_y < n_y)
    every_y *= 2;

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (guint i = 1; i <= n_x; i++)
    cairo_rectangle (cr, floor (g->plot_x + g->plot_w * i / n_x), g->plot_y, lw, g->plot_h);
  for (guint i = every_y; i <= n_y; i += every_y)
    cairo_rectangle (cr, g->plot_x, floor (base - y_px * i), g->plot_w, lw);
  px_chart_set_source (cr, &theme->grid, 1.);
  cairo_fill (cr);
  cairo_rectangle (cr, g->plot_x - lw, g->plot_y, lw, g->plot_h + lw);
  cairo_rectangle (cr, g->plot_x, base, g->plot_w, lw);
  px_chart_set_source (cr, &theme->muted, 1.);
  cairo_fill (cr);
  cairo_restore (cr);

  for (guint i = 0; i <= n_x; i += every_x)
    {
      g_snprintf (label, sizeof label, "%u", 1u << i);
      px_chart_text_draw (text, label, floor (g->plot_x + g->plot_w * i / n_x) + .5, base + .4 * f, .5, 0.,
                          &theme->muted, LABEL_SCALE, PX_CHART_TEXT_NORMAL);
    }
  for (guint i = 0; i <= n_y; i += every_y)
    {
      double v = g->y_lo + i * g->y_step;
      double s = g->log_y ? exp2 (v) : v;

      if (s < 1. && s > 0.)
        g_snprintf (label, sizeof label, _("%g×"), s);
      else
        g_snprintf (label, sizeof label, _("%.0f×"), s);
      px_chart_text_draw (text, label, g->plot_x - .5 * f, floor (base - y_px * i) + .5, 1., .5, &theme->muted,
                          LABEL_SCALE, PX_CHART_TEXT_NORMAL);
    }

  px_chart_text_draw (text, _("workers N (log₂ scale)"), g->plot_x + g->plot_w / 2, base + 1.9 * f, .5, 0.,
                      &theme->foreground, TITLE_SCALE, PX_CHART_TEXT_NORMAL);
  cairo_save (cr);
  cairo_translate (cr, MARGIN * g->u, g->plot_y + g->plot_h / 2);
  cairo_rotate (cr, -G_PI / 2);
  px_chart_text_draw (text, g->log_y ? _("speedup S (log₂ scale)") : _("speedup S"), 0., 0., .5, 0., &theme->foreground,
                      TITLE_SCALE, PX_CHART_TEXT_NORMAL);
  cairo_restore (cr);
}

static void
draw_cores (cairo_t            *cr,
            const PxChartTheme *theme,
            const Geometry     *g,
            PxChartText        *text,
            const PxAmdahlPlot *plot)
{
  const double dashes[] = { 4. * g->u, 4. * g->u };
  g_autofree char *note = NULL;
  gboolean past = FALSE;
  double x;

  if (plot->cores == 0 || plot->cores >= plot->max_n || plot->points == NULL)
    return;
  for (guint i = 0; i < plot->n_points && !past; i++)
    past = point_is_valid (&plot->points[i]) && plot->points[i].workers > plot->cores;
  if (!past)
    return;

  x = px_chart_snap (geometry_x (g, plot->cores), px_chart_line_width (theme, 1.));

  /* The line rises above the plot to its note, where no curve, limit or
   * label of the plot can cover it. */
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.);
  cairo_set_line_width (cr, px_chart_line_width (theme, 1.));
  px_chart_set_source (cr, &theme->muted, 1.);
  cairo_move_to (cr, x, g->plot_y - 1.2 * g->f);
  cairo_line_to (cr, x, g->plot_y + g->plot_h);
  cairo_stroke (cr);
  cairo_restore (cr);

  note = g_strdup_printf (ngettext ("past %u core: the machine’s limit", "past %u cores: the machine’s limit",
                                    plot->cores),
                          plot->cores);
  px_chart_text_draw (text, note, x + .4 * g->f, g->plot_y - .2 * g->f, 0., 1., &theme->muted, LABEL_SCALE,
                      PX_CHART_TEXT_NORMAL);
}

static void
draw_measured (cairo_t            *cr,
               const PxChartTheme *theme,
               const Geometry     *g,
               const PxAmdahlPlot *plot)
{
  const PxChartColor *color = MEASURED (theme);
  double r = DOT_EM * g->f;

  /* Ranges first, under the dots; a hollow dot keeps its inside empty. */
  cairo_set_line_width (cr, 2. * g->u);
  px_chart_set_source (cr, color, .8);
  for (guint i = 0; i < plot->n_points; i++)
    {
      const PxScalePoint *point = &plot->points[i];
      gboolean hollow = plot->cores > 0 && point->workers > plot->cores;
      double s_lo, s_hi, x, y, y_lo, y_hi, cap = .3 * g->f;

      if (!point_is_valid (point) || !point_range (point, &s_lo, &s_hi))
        continue;
      x = round (geometry_x (g, point->workers));
      y = geometry_y (g, point->speedup);
      y_lo = geometry_y (g, s_lo);
      y_hi = geometry_y (g, s_hi);
      cairo_move_to (cr, x - cap, y_hi);
      cairo_line_to (cr, x + cap, y_hi);
      cairo_move_to (cr, x - cap, y_lo);
      cairo_line_to (cr, x + cap, y_lo);
      if (hollow)
        {
          if (y_hi < y - r)
            {
              cairo_move_to (cr, x, y_hi);
              cairo_line_to (cr, x, y - r);
            }
          if (y_lo > y + r)
            {
              cairo_move_to (cr, x, y + r);
              cairo_line_to (cr, x, y_lo);
            }
        }
      else
        {
          cairo_move_to (cr, x, y_hi);
          cairo_line_to (cr, x, y_lo);
        }
    }
  cairo_stroke (cr);

  for (guint i = 0; i < plot->n_points; i++)
    {
      const PxScalePoint *point = &plot->points[i];
      double x, y;

      if (!point_is_valid (point))
        continue;
      x = round (geometry_x (g, point->workers));
      y = geometry_y (g, point->speedup);
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0., 2 * G_PI);
      if (plot->cores > 0 && point->workers > plot->cores)
        {
          cairo_set_line_width (cr, 2.5 * g->u);
          px_chart_set_source (cr, color, 1.);
          cairo_stroke (cr);
        }
      else
        {
          px_chart_set_source (cr, color, 1.);
          cairo_fill_preserve (cr);
          cairo_set_line_width (cr, 1.5 * g->u);
          set_source_background (cr, theme);
          cairo_stroke (cr);
        }
    }
}

/* Whether a label's box at (x, y) overlaps one placed before. */
static gboolean
label_collides (GArray *placed,
                double  x,
                double  y,
                double  w,
                double  h)
{
  for (guint k = 0; k < placed->len; k++)
    {
      const PxRect *r = &g_array_index (placed, PxRect, k);

      if (x < r->x + r->w && r->x < x + w && y < r->y + r->h && r->y < y + h)
        return TRUE;
    }
  return FALSE;
}

/* Step 0, 1, 2, 3, 4 … of moving a label: 0, +1, −1, +2, −2 … lines. */
static double
label_offset (guint  step,
              double h)
{
  return (step % 2 ? 1. : -1.) * ((step + 1) / 2) * h;
}

/* Beside the last point of each label, on the side with room: the
 * points are by growing workers, so that is each strategy's largest N.
 * Labels that would overlap step down or up a line in turn. */
static void
draw_point_labels (const PxChartTheme *theme,
                   const Geometry     *g,
                   PxChartText        *text,
                   const PxAmdahlPlot *plot)
{
  double r = DOT_EM * g->f, h = 1.4 * LABEL_SCALE * g->f;
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (PxRect));

  for (guint i = 0; i < plot->n_points; i++)
    {
      const PxScalePoint *point = &plot->points[i];
      const char *label = plot->point_labels[i];
      gboolean last = TRUE;
      double x, y, w, left, xalign = 0.;
      guint step = 0;

      if (label == NULL || !point_is_valid (point))
        continue;
      for (guint j = i + 1; j < plot->n_points && last; j++)
        last = g_strcmp0 (plot->point_labels[j], label) != 0 || !point_is_valid (&plot->points[j]);
      if (!last)
        continue;

      x = round (geometry_x (g, point->workers));
      y = geometry_y (g, point->speedup);
      if (y < g->plot_y || y > g->plot_y + g->plot_h)
        continue;
      w = px_chart_text_measure (text, label, LABEL_SCALE, PX_CHART_TEXT_BOXED);
      left = x + r + .4 * g->f;
      if (left + w > g->plot_x + g->plot_w)
        {
          left = x - r - .4 * g->f - w;
          xalign = 1.;
        }
      while (step < 8 && label_collides (placed, left, y + label_offset (step, h) - h / 2, w, h))
        step++;
      y += label_offset (step, h);
      px_rects_add (placed, left, y - h / 2, w, h);
      px_chart_text_draw (text, label, xalign > 0 ? left + w : left, y, xalign, .5, &theme->foreground, LABEL_SCALE,
                          PX_CHART_TEXT_BOXED);
    }
}

/* Each curve is its own stroke: cairo 1.16 rasterises one path of several
 * crossing curves about three times slower. Rasterising a tall curve costs
 * about 0.1 ms whatever its length, most of a frame in all: all but the
 * chosen curve take the coarser antialiasing, which halves that without
 * showing on lines this thin. The family is opaque, premixed with the
 * background, so where its curves meet at N = 1 they do not darken. */
static void
draw_reference (cairo_t            *cr,
                const PxChartTheme *theme,
                const Geometry     *g,
                const PxAmdahlPlot *plot)
{
  const double fitted_dashes[] = { 7. * g->u, 4. * g->u };
  PxChartColor faint;

  faint.red = theme->background.red + .25 * (theme->foreground.red - theme->background.red);
  faint.green = theme->background.green + .25 * (theme->foreground.green - theme->background.green);
  faint.blue = theme->background.blue + .25 * (theme->foreground.blue - theme->background.blue);
  faint.alpha = 1.;

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  cairo_set_line_width (cr, 1.5 * g->u);
  px_chart_set_source (cr, &faint, 1.);
  for (guint i = 0; i < G_N_ELEMENTS (reference_p); i++)
    {
      curve_path (cr, g, CURVE_AMDAHL, reference_p[i]);
      cairo_stroke (cr);
    }
  curve_path (cr, g, CURVE_IDEAL, 1.);
  px_chart_set_source (cr, &theme->muted, 1.);
  cairo_stroke (cr);

  if (plot->points != NULL && plot->n_points > 0 && isfinite (plot->fitted_p))
    {
      curve_path (cr, g, CURVE_AMDAHL, CLAMP (plot->fitted_p, 0., 1.));
      cairo_set_dash (cr, fitted_dashes, G_N_ELEMENTS (fitted_dashes), 0.);
      cairo_set_line_width (cr, 2. * g->u);
      px_chart_set_source (cr, MEASURED (theme), 1.);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

static void
draw_chosen (cairo_t            *cr,
             const PxChartTheme *theme,
             const Geometry     *g,
             const PxAmdahlPlot *plot)
{
  double p = plot_p (plot), n = plot_n (plot);

  if (plot->gustafson)
    {
      cairo_save (cr);
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
      curve_path (cr, g, CURVE_GUSTAFSON, p);
      cairo_set_line_width (cr, 2.5 * g->u);
      px_chart_set_source (cr, GUSTAFSON (theme), 1.);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  curve_path (cr, g, CURVE_AMDAHL, p);
  cairo_set_line_width (cr, 4. * g->u);
  px_chart_set_source (cr, ACCENT (theme), 1.);
  cairo_stroke (cr);

  /* Gustafson's value at the chosen N, when on the plot. */
  if (plot->gustafson && px_gustafson_speedup (p, n) <= geometry_top (g))
    {
      cairo_arc (cr, geometry_x (g, n), geometry_y (g, px_gustafson_speedup (p, n)), .35 * g->f, 0., 2 * G_PI);
      px_chart_set_source (cr, GUSTAFSON (theme), 1.);
      cairo_fill (cr);
    }
}

/* The asymptote 1/(1 − P), dashed across the plot; none at P = 1. A
 * horizontal line on whole pixels needs no antialiasing. */
static void
draw_limit (cairo_t            *cr,
            const PxChartTheme *theme,
            const Geometry     *g,
            PxChartText        *text,
            double              p)
{
  const double dashes[] = { 10. * g->u, 6. * g->u };
  double limit = px_amdahl_limit (p);
  char value[32], label[96];

  if (p >= 1.)
    return;

  format_speedup (value, sizeof value, limit);
  if (limit > geometry_top (g))
    {
      g_snprintf (label, sizeof label, _("limit 1/(1 − P) = %s, above the chart"), value);
      px_chart_text_draw (text, label, g->plot_x + .6 * g->f, g->plot_y + .4 * g->f, 0., 0., ACCENT (theme),
                          TITLE_SCALE, PX_CHART_TEXT_BOLD | PX_CHART_TEXT_BOXED);
      return;
    }

  {
    double y = round (geometry_y (g, limit));

    cairo_save (cr);
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
    cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.);
    cairo_set_line_width (cr, 2. * g->u);
    px_chart_set_source (cr, ACCENT (theme), .85);
    cairo_move_to (cr, g->plot_x, y);
    cairo_line_to (cr, g->plot_x + g->plot_w, y);
    cairo_stroke (cr);
    cairo_restore (cr);

    g_snprintf (label, sizeof label, _("limit 1/(1 − P) = %s"), value);
    px_chart_text_draw (text, label, g->plot_x + .6 * g->f, MAX (y - .4 * g->f, g->plot_y + 1.4 * g->f), 0., 1.,
                        ACCENT (theme), TITLE_SCALE, PX_CHART_TEXT_BOLD | PX_CHART_TEXT_BOXED);
  }
}

/* The reference family's labels and the ideal line's, at their right
 * ends or where they leave through the top, kept apart. */
static void
draw_reference_labels (const PxChartTheme *theme,
                       const Geometry     *g,
                       PxChartText        *text,
                       const PxAmdahlPlot *plot)
{
  Label right[MAX_LABELS], top[MAX_LABELS];
  guint n_right = 0, n_top = 0;

  for (guint i = 0; i <= G_N_ELEMENTS (reference_p); i++)
    {
      gboolean ideal = i == G_N_ELEMENTS (reference_p);
      Label label = { 0, };
      Label *into;

      if (ideal)
        g_strlcpy (label.text, _("S = N"), sizeof label.text);
      else
        format_percent (label.text, sizeof label.text, reference_p[i]);
      if (curve_label_at_right (g, ideal ? CURVE_IDEAL : CURVE_AMDAHL, ideal ? 1. : reference_p[i], plot->max_n,
                                &label.x, &label.y))
        {
          into = &right[n_right++];
        }
      else
        {
          into = &top[n_top++];
          label.w = px_chart_text_measure (text, label.text, LABEL_SCALE, PX_CHART_TEXT_NORMAL);
        }
      *into = label;
    }

  labels_spread_vertically (right, n_right, 1.15 * g->f, g->plot_y, g->plot_y + g->plot_h);
  for (guint i = 0; i < n_right; i++)
    px_chart_text_draw (text, right[i].text, right[i].x + .4 * g->f, right[i].y, 0., .5, &theme->muted, LABEL_SCALE,
                        PX_CHART_TEXT_NORMAL);

  for (guint i = 0; i < n_top; i++)
    top[i].x += .3 * g->f;
  labels_spread_horizontally (top, n_top, .5 * g->f, g->plot_x + g->plot_w);
  for (guint i = 0; i < n_top; i++)
    px_chart_text_draw (text, top[i].text, top[i].x, top[i].y + .2 * g->f, 0., 0., &theme->muted, LABEL_SCALE,
                        PX_CHART_TEXT_BOXED);
}

/* The chosen curve's label, drawn over whichever reference label it
 * meets (the same one, when P is one of the family's). */
static void
draw_chosen_label (const PxChartTheme *theme,
                   const Geometry     *g,
                   PxChartText        *text,
                   const PxAmdahlPlot *plot)
{
  char label[32];
  double x, y;

  format_percent (label, sizeof label, plot_p (plot));
  if (curve_label_at_right (g, CURVE_AMDAHL, plot_p (plot), plot->max_n, &x, &y))
    px_chart_text_draw (text, label, x + .4 * g->f, y, 0., .5, ACCENT (theme), TITLE_SCALE,
                        PX_CHART_TEXT_BOLD | PX_CHART_TEXT_BOXED);
  else
    px_chart_text_draw (text, label, x - .3 * g->f, y + .2 * g->f, 1., 0., ACCENT (theme), TITLE_SCALE,
                        PX_CHART_TEXT_BOLD | PX_CHART_TEXT_BOXED);
}

static double
legend_swatch (cairo_t            *cr,
               double              x,
               double              y,
               double              f,
               const PxChartColor *color,
               double              line_width,
               const double       *dashes,
               guint               n_dashes)
{
  cairo_save (cr);
  cairo_set_line_width (cr, line_width);
  cairo_set_dash (cr, dashes, n_dashes, 0.);
  px_chart_set_source (cr, color, 1.);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + 2.2 * f, y);
  cairo_stroke (cr);
  cairo_restore (cr);

  return 2.2 * f + .5 * f;
}

static void
draw_legend (cairo_t            *cr,
             const PxChartTheme *theme,
             const Geometry     *g,
             PxChartText        *text,
             const PxAmdahlPlot *plot,
             double              width)
{
  const double fitted_dashes[] = { 7. * g->u, 4. * g->u };
  LegendEntry entries[5];
  guint n = 0;
  double f = g->f, x = g->plot_x, y = MARGIN * g->u + .8 * f;
  double total = 0., scale;
  char percent[32], speedup[32], workers[32];

  format_percent (percent, sizeof percent, plot_p (plot));
  entries[n].kind = LEGEND_AMDAHL;
  g_snprintf (entries[n++].text, sizeof entries[0].text, _("Amdahl, P = %s"), percent);
  entries[n].kind = LEGEND_IDEAL;
  g_strlcpy (entries[n++].text, _("ideal, S = N"), sizeof entries[0].text);
  if (plot->gustafson)
    {
      format_speedup (speedup, sizeof speedup, px_gustafson_speedup (plot_p (plot), plot_n (plot)));
      format_workers (workers, sizeof workers, plot_n (plot));
      entries[n].kind = LEGEND_GUSTAFSON;
      g_snprintf (entries[n++].text, sizeof entries[0].text, _("Gustafson, (1 − P) + P·N: %s at N = %s"), speedup,
                  workers);
    }
  if (plot->points != NULL && plot->n_points > 0)
    {
      guint used = 0;

      entries[n].kind = LEGEND_MEASURED;
      g_strlcpy (entries[n++].text, _("measured (median, min–max)"), sizeof entries[0].text);
      if (isfinite (plot->fitted_p))
        {
          /* As the scaler fits: the points within the cores. */
          for (guint i = 0; i < plot->n_points; i++)
            if (point_is_valid (&plot->points[i]) && (plot->cores == 0 || plot->points[i].workers <= plot->cores))
              used++;
          /* Always a tenth: a fit is not a slider value. */
          g_snprintf (percent, sizeof percent, _("%.1f %%"), 100. * plot->fitted_p);
          entries[n].kind = LEGEND_FITTED;
          g_snprintf (entries[n++].text, sizeof entries[0].text,
                      ngettext ("fitted P = %s, from %u point", "fitted P = %s, from %u points", used), percent, used);
        }
    }

  /* Narrow or zoomed in: the legend takes the axis title's margin too,
   * leaves out what the plot shows by itself (the ideal line is labelled
   * on the plot, the points are plain to see), then shrinks a little. */
  for (;;)
    {
      guint drop = n;

      total = 0.;
      for (guint i = 0; i < n; i++)
        total += 2.7 * f + px_chart_text_measure (text, entries[i].text, LABEL_SCALE,
                                                  i == 0 ? PX_CHART_TEXT_BOLD : PX_CHART_TEXT_NORMAL) + 1.5 * f;
      if (total > width - MARGIN * g->u - x)
        x = MARGIN * g->u;
      if (total * .7 <= width - MARGIN * g->u - x)
        break;
      for (guint i = 0; i < n && drop == n; i++)
        if (entries[i].kind == LEGEND_IDEAL)
          drop = i;
      for (guint i = 0; i < n && drop == n; i++)
        if (entries[i].kind == LEGEND_MEASURED)
          drop = i;
      if (drop == n)
        break;
      memmove (&entries[drop], &entries[drop + 1], (n - drop - 1) * sizeof entries[0]);
      n--;
    }
  scale = CLAMP ((width - MARGIN * g->u - x) / total, .7, 1.);
  f *= scale;

  for (guint i = 0; i < n; i++)
    {
      switch (entries[i].kind)
        {
        case LEGEND_AMDAHL:
          x += legend_swatch (cr, x, y, f, ACCENT (theme), 4. * g->u, NULL, 0);
          break;
        case LEGEND_IDEAL:
          x += legend_swatch (cr, x, y, f, &theme->muted, 1.5 * g->u, NULL, 0);
          break;
        case LEGEND_GUSTAFSON:
          x += legend_swatch (cr, x, y, f, GUSTAFSON (theme), 2.5 * g->u, NULL, 0);
          break;
        case LEGEND_FITTED:
          x += legend_swatch (cr, x, y, f, MEASURED (theme), 2. * g->u, fitted_dashes, G_N_ELEMENTS (fitted_dashes));
          break;
        case LEGEND_MEASURED:
        default:
          px_chart_set_source (cr, MEASURED (theme), 1.);
          cairo_set_line_width (cr, 2. * g->u);
          cairo_move_to (cr, x + 1.1 * f, y - .6 * f);
          cairo_line_to (cr, x + 1.1 * f, y + .6 * f);
          cairo_stroke (cr);
          cairo_arc (cr, x + 1.1 * f, y, .38 * f, 0., 2 * G_PI);
          cairo_fill (cr);
          x += 2.7 * f;
          break;
        }
      x += px_chart_text_draw (text, entries[i].text, x, y, 0., .5, &theme->foreground, LABEL_SCALE * scale,
                               i == 0 ? PX_CHART_TEXT_BOLD : PX_CHART_TEXT_NORMAL);
      x += 1.5 * f;
    }
}

static void
draw_marker (cairo_t            *cr,
             const PxChartTheme *theme,
             const Geometry     *g,
             PxChartText        *text,
             const PxAmdahlPlot *plot)
{
  const double dots[] = { 2. * g->u, 3. * g->u };
  double p = plot_p (plot), n = plot_n (plot);
  double s = px_amdahl_speedup (p, n);
  double x = geometry_x (g, n), y = geometry_y (g, s);
  double f = g->f, r = .5 * f, w;
  char speedup[32], efficiency[32], label[96];

  /* Guides down to the N axis and across to the S axis. */
  cairo_save (cr);
  cairo_set_dash (cr, dots, G_N_ELEMENTS (dots), 0.);
  cairo_set_line_width (cr, 1.5 * g->u);
  px_chart_set_source (cr, ACCENT (theme), .6);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x, g->plot_y + g->plot_h);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, g->plot_x, y);
  cairo_stroke (cr);
  cairo_restore (cr);

  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, r, 0., 2 * G_PI);
  px_chart_set_source (cr, ACCENT (theme), 1.);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 2.5 * g->u);
  set_source_background (cr, theme);
  cairo_stroke (cr);

  format_speedup (speedup, sizeof speedup, s);
  g_snprintf (efficiency, sizeof efficiency, _("%.0f %%"), 100. * px_amdahl_efficiency (p, n));
  g_snprintf (label, sizeof label, _("S = %s, efficiency %s"), speedup, efficiency);

  /* Below and right of the rising curve, or above and left of it near
   * the right edge; always inside the plot. */
  w = px_chart_text_measure (text, label, MARKER_SCALE, PX_CHART_TEXT_BOLD);
  if (w > .9 * g->plot_w)
    {
      /* A narrow plot: the speedup alone. */
      g_strlcpy (label, speedup, sizeof label);
      w = px_chart_text_measure (text, label, MARKER_SCALE, PX_CHART_TEXT_BOLD);
    }
  if (x + r + .4 * f + w <= g->plot_x + g->plot_w)
    px_chart_text_draw (text, label, x + r + .4 * f, MIN (y + .4 * f, g->plot_y + g->plot_h - 1.6 * f), 0., 0.,
                        &theme->foreground, MARKER_SCALE, PX_CHART_TEXT_BOLD | PX_CHART_TEXT_BOXED);
  else
    px_chart_text_draw (text, label, MAX (x - r - .4 * f, g->plot_x + w), MAX (y - .4 * f, g->plot_y + 1.6 * f), 1.,
                        1., &theme->foreground, MARKER_SCALE, PX_CHART_TEXT_BOLD | PX_CHART_TEXT_BOXED);
}

void
px_amdahl_plot_init (PxAmdahlPlot *plot)
{
  g_return_if_fail (plot != NULL);

  memset (plot, 0, sizeof *plot);
  plot->p = .95;
  plot->n = 8.;
  plot->max_n = 4096;
  plot->fitted_p = NAN;
}

void
px_draw_amdahl (cairo_t            *cr,
                const PxChartTheme *theme,
                const PxAmdahlPlot *plot,
                double              width,
                double              height)
{
  px_draw_amdahl_parts (cr, theme, plot, width, height, PX_AMDAHL_PART_ALL);
}

void
px_draw_amdahl_parts (cairo_t            *cr,
                      const PxChartTheme *theme,
                      const PxAmdahlPlot *plot,
                      double              width,
                      double              height,
                      PxAmdahlPart        parts)
{
  Geometry g;
  PxChartText text;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (theme != NULL);
  g_return_if_fail (plot != NULL);

  geometry_init (&g, theme, plot, width, height);
  cairo_save (cr);
  px_chart_text_init (&text, cr, theme);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  if (parts & PX_AMDAHL_PART_STATIC)
    {
      px_chart_fill_background (cr, theme);
      draw_axes (cr, theme, &g, &text, MAX (plot->max_n, 2));
      draw_cores (cr, theme, &g, &text, plot);
      cairo_save (cr);
      clip_to_plot (cr, &g);
      draw_reference (cr, theme, &g, plot);
      cairo_restore (cr);
      draw_reference_labels (theme, &g, &text, plot);
    }

  if (parts & PX_AMDAHL_PART_DYNAMIC)
    {
      cairo_save (cr);
      clip_to_plot (cr, &g);
      draw_chosen (cr, theme, &g, plot);
      draw_limit (cr, theme, &g, &text, plot_p (plot));
      cairo_restore (cr);
      if (plot->points != NULL && plot->n_points > 0)
        draw_measured (cr, theme, &g, plot);
      if (plot->points != NULL && plot->point_labels != NULL)
        draw_point_labels (theme, &g, &text, plot);
      draw_chosen_label (theme, &g, &text, plot);
      draw_legend (cr, theme, &g, &text, plot, width);
      draw_marker (cr, theme, &g, &text, plot);
    }

  px_chart_text_clear (&text);
  cairo_restore (cr);
}

gboolean
px_amdahl_plot_same_static (const PxChartTheme *theme,
                            const PxAmdahlPlot *a,
                            const PxAmdahlPlot *b,
                            double              width,
                            double              height)
{
  Geometry ga, gb;

  g_return_val_if_fail (theme != NULL, FALSE);
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (a->max_n != b->max_n || !a->log_y != !b->log_y || a->points != b->points || a->n_points != b->n_points ||
      a->cores != b->cores || !(a->fitted_p == b->fitted_p || (isnan (a->fitted_p) && isnan (b->fitted_p))))
    return FALSE;

  /* P moves the axis only when its limit changes level. */
  geometry_init (&ga, theme, a, width, height);
  geometry_init (&gb, theme, b, width, height);
  return ga.y_lo == gb.y_lo && ga.y_hi == gb.y_hi && ga.y_step == gb.y_step;
}

void
px_amdahl_plot_to_pixel (const PxChartTheme *theme,
                         const PxAmdahlPlot *plot,
                         double              width,
                         double              height,
                         double              n,
                         double              speedup,
                         double             *x,
                         double             *y)
{
  Geometry g;

  g_return_if_fail (theme != NULL);
  g_return_if_fail (plot != NULL);

  geometry_init (&g, theme, plot, width, height);
  if (x != NULL)
    *x = geometry_x (&g, n);
  if (y != NULL)
    *y = geometry_y (&g, speedup);
}

void
px_amdahl_plot_get_marker_point (const PxChartTheme *theme,
                                 const PxAmdahlPlot *plot,
                                 double              width,
                                 double              height,
                                 double             *x,
                                 double             *y)
{
  g_return_if_fail (theme != NULL);
  g_return_if_fail (plot != NULL);

  px_amdahl_plot_to_pixel (theme, plot, width, height, plot_n (plot),
                           px_amdahl_speedup (plot_p (plot), plot_n (plot)), x, y);
}

gint
px_amdahl_plot_hit_test (const PxChartTheme *theme,
                         const PxAmdahlPlot *plot,
                         double              width,
                         double              height,
                         double              x,
                         double              y)
{
  Geometry g;
  gint best = -1;
  double best_d = G_MAXDOUBLE;

  g_return_val_if_fail (theme != NULL, -1);
  g_return_val_if_fail (plot != NULL, -1);

  if (plot->points == NULL)
    return -1;

  geometry_init (&g, theme, plot, width, height);
  for (guint i = 0; i < plot->n_points; i++)
    {
      const PxScalePoint *point = &plot->points[i];
      double px, py, d, s_lo, s_hi, slack = .4 * g.f;

      if (!point_is_valid (point))
        continue;
      px = round (geometry_x (&g, point->workers));
      py = geometry_y (&g, point->speedup);
      d = hypot (x - px, y - py);
      /* Anywhere along the range bar counts too. */
      if (point_range (point, &s_lo, &s_hi) && fabs (x - px) <= slack &&
          y >= geometry_y (&g, s_hi) - slack && y <= geometry_y (&g, s_lo) + slack)
        d = MIN (d, fabs (x - px));
      if (d <= DOT_EM * g.f + slack && d < best_d)
        {
          best = (gint) i;
          best_d = d;
        }
    }

  return best;
}

PxScalePoint *
px_amdahl_points_from_runs (GPtrArray   *runs,
                            guint        cores,
                            guint       *n_points,
                            double      *fitted_p,
                            PxStrategy **strategies)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (PxScalePoint));
  g_autoptr(GArray) point_strategies = g_array_new (FALSE, FALSE, sizeof (PxStrategy));
  g_autoptr(GArray) n = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) s = g_array_new (FALSE, FALSE, sizeof (double));
  PxRunResult *sequential = NULL;

  g_return_val_if_fail (runs != NULL, NULL);
  g_return_val_if_fail (n_points != NULL, NULL);
  g_return_val_if_fail (fitted_p != NULL, NULL);

  *n_points = 0;
  *fitted_p = NAN;
  for (guint i = 0; i < runs->len; i++)
    if (px_run_result_get_strategy (g_ptr_array_index (runs, i)) == PX_STRATEGY_SEQUENTIAL &&
        px_run_result_get_wall_us (g_ptr_array_index (runs, i)) > 0)
      sequential = g_ptr_array_index (runs, i);

  /* Without a sequential run there is nothing to compare with. */
  if (sequential == NULL)
    return NULL;

  for (guint i = 0; i < runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (runs, i);
      PxStrategy strategy = px_run_result_get_strategy (run);
      double wall = px_run_result_get_wall_us (run) / 1e6;
      PxScalePoint point = { 0 };

      /* Only the strategies that run in parallel follow Amdahl's law. */
      if (wall <= 0 || (strategy != PX_STRATEGY_SEQUENTIAL && strategy != PX_STRATEGY_THREADS &&
                        strategy != PX_STRATEGY_PROCESSES))
        continue;

      point.workers = MAX (px_run_result_get_workers (run), 1);
      point.wall_s = point.wall_min_s = point.wall_max_s = wall;
      point.speedup = px_run_result_get_wall_us (sequential) / 1e6 / wall;
      point.efficiency = point.speedup / point.workers;
      point.karp_flatt = px_karp_flatt (point.speedup, point.workers);
      g_array_append_val (points, point);
      g_array_append_val (point_strategies, strategy);

      if (cores == 0 || point.workers <= cores)
        {
          double workers = point.workers;

          g_array_append_val (n, workers);
          g_array_append_val (s, point.speedup);
        }
    }

  if (!px_amdahl_fit ((const double *) (gpointer) n->data, (const double *) (gpointer) s->data, n->len, fitted_p,
                      NULL))
    *fitted_p = NAN;

  *n_points = points->len;
  if (strategies != NULL)
    *strategies = (PxStrategy *) (gpointer) g_array_free (g_steal_pointer (&point_strategies), FALSE);
  return (PxScalePoint *) (gpointer) g_array_free (g_steal_pointer (&points), FALSE);
}

char *
px_amdahl_plot_describe (const PxAmdahlPlot *plot)
{
  GString *s;
  char percent[32], speedup[32], limit[32];
  double p, n;

  g_return_val_if_fail (plot != NULL, NULL);

  p = plot_p (plot);
  n = plot_n (plot);
  s = g_string_new (NULL);
  format_percent (percent, sizeof percent, p);
  format_speedup (speedup, sizeof speedup, px_amdahl_speedup (p, n));
  /* Translators: P, N and the speedup S(N) */
  g_string_append_printf (s, _("Amdahl’s law: speedup against workers for P = %s; at N = %.0f the speedup is %s"),
                          percent, n, speedup);
  if (p < 1.)
    {
      format_speedup (limit, sizeof limit, px_amdahl_limit (p));
      g_string_append_printf (s, _(", at most %s with any number of workers"), limit);
    }
  g_string_append_c (s, '.');
  if (plot->points != NULL && plot->n_points > 0)
    {
      g_string_append_c (s, ' ');
      g_string_append_printf (s, ngettext ("%u measured point", "%u measured points", plot->n_points),
                              plot->n_points);
      if (isfinite (plot->fitted_p))
        g_string_append_printf (s, _(", fitted P = %.1f %%"), 100. * plot->fitted_p);
      g_string_append_c (s, '.');
    }

  return g_string_free (s, FALSE);
}
