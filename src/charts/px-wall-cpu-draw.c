/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-charts"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "px-chart-private.h"
#include "px-wall-cpu-draw.h"

#define WAIT_HEADROOM 1.25

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
  gboolean     has_wait;  /* some run's CPU wait is known: a third bar */
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
  double f = px_chart_theme_get_font (theme), u = theme->scale;
  double margin = PX_CHART_MARGIN * u;
  double max_us = 0., max_wait_us = 0.;

  g->has_wait = FALSE;
  for (guint i = 0; i < runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (runs, i);
      double wall, user, sys;

      run_times (run, &wall, &user, &sys);
      max_us = MAX (max_us, MAX (wall, user + sys));
      max_wait_us = MAX (max_wait_us, px_run_result_get_cpu_wait_us (run));
      g->has_wait |= px_run_result_get_cpu_wait_us (run) >= 0;
    }
  /* Summed over many threads the CPU wait can dwarf the wall time: past a
   * little above it, its bar is cut short (and says so) rather than flatten
   * what the chart compares. */
  max_us = MAX (max_us, MIN (max_wait_us, WAIT_HEADROOM * max_us));
  if (max_us <= 0)
    max_us = 1000.;

  px_chart_time_ticks (0., max_us, 5, &g->ticks);
  g->y_max_us = ceil (max_us / g->ticks.step_us - 1e-9) * g->ticks.step_us;
  g->ticks.n_ticks = (guint) round (g->y_max_us / g->ticks.step_us) + 1;

  g->plot_x = round (margin + 5.5 * f);
  g->plot_y = round (margin + 2.6 * f + 1.6 * f);
  g->plot_w = MAX (round (width - g->plot_x - margin), 1.);
  g->plot_h = MAX (round (height - g->plot_y - margin - 4.6 * f), 1.);
  g->group_w = g->plot_w / MAX (runs->len, 1);
  g->gap = round (MIN (g->group_w * 0.04, 8. * u));
  g->bar_w = round (MIN (g->group_w * (g->has_wait ? 0.22 : 0.3), 6 * f));
}

static gboolean
wall_cpu_bar (const WallCpuGeometry *g,
              PxRunResult           *run,
              guint                  i,
              PxWallCpuBar           bar,
              PxRect                *r)
{
  /* Two bars either side of the centre, or three about it. */
  double cx = round (g->plot_x + g->group_w * (i + .5)) - (g->has_wait ? g->bar_w / 2 : -g->gap / 2);
  double base = g->plot_y + g->plot_h;
  double scale = g->plot_h / g->y_max_us;
  double wall, user, sys;

  run_times (run, &wall, &user, &sys);

  switch (bar)
    {
    case PX_WALL_CPU_BAR_WALL:
      r->x = cx - g->gap - g->bar_w;
      r->h = round (wall * scale);
      r->y = base - r->h;
      break;
    case PX_WALL_CPU_BAR_CPU_USER:
      r->x = cx;
      r->h = round (user * scale);
      r->y = base - r->h;
      break;
    case PX_WALL_CPU_BAR_CPU_SYS:
      r->x = cx;
      r->h = round ((user + sys) * scale) - round (user * scale);
      r->y = base - round (user * scale) - r->h;
      break;
    case PX_WALL_CPU_BAR_CPU_WAIT:
    default:
      r->x = cx + g->bar_w + g->gap;
      r->h = round (CLAMP (px_run_result_get_cpu_wait_us (run), 0, g->y_max_us) * scale);
      r->y = base - r->h;
      break;
    }
  r->x = round (r->x);
  r->w = g->bar_w;

  return r->h > 0;
}

/* A bar taller than the axis: a slanted gap near its top. */
static void
draw_cut (cairo_t            *cr,
          const PxChartTheme *theme,
          const PxRect       *r)
{
  double u = theme->scale, y = r->y + 12 * u;

  cairo_save (cr);
  cairo_move_to (cr, r->x - 2 * u, y + 3 * u);
  cairo_line_to (cr, r->x + r->w + 2 * u, y - 3 * u);
  cairo_line_to (cr, r->x + r->w + 2 * u, y + 1 * u);
  cairo_line_to (cr, r->x - 2 * u, y + 7 * u);
  cairo_close_path (cr);
  if (theme->background.alpha > 0)
    px_chart_set_source (cr, &theme->background, 1.);
  else
    cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* In neutral colours: each group has its strategy's; with the line of the
 * sequential run's wall time when there is one. Narrow or zoomed in, it
 * starts at the margin, shrinks a little and wraps. */
static void
draw_legend (cairo_t               *cr,
             const PxChartTheme    *theme,
             PxChartText           *text,
             const WallCpuGeometry *g,
             gboolean               sequential,
             double                 width)
{
  const char *labels[] = { _("wall time (elapsed)"), _("CPU time, user"), _("CPU time, system (kernel)"),
                           _("waiting for a CPU (all threads)"), _("sequential wall time") };
  gboolean shown[] = { TRUE, TRUE, TRUE, g->has_wait, sequential };
  const double dashes[] = { 6. * theme->scale, 4. * theme->scale };
  double f = px_chart_theme_get_font (theme), u = theme->scale;
  double margin = PX_CHART_MARGIN * u, x = g->plot_x, total = 0., scale, y, left;
  g_autoptr(GArray) swatch = g_array_new (FALSE, FALSE, sizeof (PxRect));

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (shown[i])
      total += 2 * f + 6 * u + px_chart_text_measure (text, labels[i], .95, PX_CHART_TEXT_NORMAL) + 2 * f;
  if (total > width - margin - x)
    x = margin;
  left = x;
  /* Shrinks a little, then takes a second row (the plot leaves room). */
  scale = CLAMP ((width - margin - x) / total, .85, 1.);
  f *= scale;
  y = margin + .65 * f;

  px_rects_add (swatch, x, y - .45 * f, 2 * f, .9 * f);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      double entry = 2 * f + 6 * u + px_chart_text_measure (text, labels[i], .95 * scale, PX_CHART_TEXT_NORMAL);

      if (!shown[i])
        continue;
      if (x > left && x + entry > width - margin)
        {
          x = left;
          y += 1.3 * f;
          g_array_index (swatch, PxRect, 0).y = y - .45 * f;
        }
      g_array_index (swatch, PxRect, 0).x = x;
      switch (i)
        {
        case 0:
          px_rects_fill (cr, swatch, &theme->muted, 1.);
          break;
        case 1:
          px_rects_fill (cr, swatch, &theme->muted, .4);
          px_rects_outline (cr, theme, swatch, &theme->muted, 1.);
          break;
        case 2:
          px_rects_fill_hatched (cr, theme, swatch, &theme->muted);
          px_rects_outline (cr, theme, swatch, &theme->muted, 1.);
          break;
        case 3:
          px_rects_fill_dotted (cr, theme, swatch, &theme->muted);
          px_rects_outline (cr, theme, swatch, &theme->muted, 1.);
          break;
        default:
          /* As the line across the plot: in the legend, not over the bars. */
          cairo_save (cr);
          cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.);
          cairo_set_line_width (cr, px_chart_line_width (theme, 1.));
          px_chart_set_source (cr, &theme->foreground, .55);
          cairo_move_to (cr, x, y);
          cairo_line_to (cr, x + 2 * f, y);
          cairo_stroke (cr);
          cairo_restore (cr);
          break;
        }
      x += 2 * f + 6 * u;
      x += px_chart_text_draw (text, labels[i], x, y, 0., .5, &theme->foreground, .95 * scale,
                               PX_CHART_TEXT_NORMAL) + 2 * f;
    }
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
  double f, u, lw, base;
  double sequential_wall = 0., slot;
  /* Value labels, so that crowded bars do not print over each other. */
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (PxRect));

  g_return_if_fail (cr != NULL);
  g_return_if_fail (theme != NULL);

  cairo_save (cr);
  px_chart_fill_background (cr, theme);

  if (runs == NULL || runs->len == 0)
    {
      px_chart_draw_empty_state (cr, theme, width, height, _("No runs yet"),
                                 _("Run a workload to compare wall time with CPU time"));
      cairo_restore (cr);
      return;
    }

  f = px_chart_theme_get_font (theme);
  u = theme->scale;
  lw = px_chart_line_width (theme, 1.);
  wall_cpu_geometry (theme, runs, width, height, &g);
  base = g.plot_y + g.plot_h;
  slot = g.group_w - 2 * u;
  px_chart_text_init (&text, cr, theme);

  /* Value axis */
  cairo_set_line_width (cr, lw);
  for (guint i = 0; i < g.ticks.n_ticks; i++)
    {
      double v = i * g.ticks.step_us;
      double y = px_chart_snap (base - v / g.y_max_us * g.plot_h, lw);
      char label[64];

      px_chart_set_source (cr, i == 0 ? &theme->muted : &theme->grid, 1.);
      cairo_move_to (cr, g.plot_x, y);
      cairo_line_to (cr, g.plot_x + g.plot_w, y);
      cairo_stroke (cr);
      g_snprintf (label, sizeof label, "%.*f %s", g.ticks.decimals, v / g.ticks.divisor, g.ticks.unit);
      px_chart_text_draw (&text, label, g.plot_x - 8 * u, y, 1., .5, &theme->muted, .9, PX_CHART_TEXT_NORMAL);
    }

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

  draw_legend (cr, theme, &text, &g, sequential_wall > 0, width);

  for (guint i = 0; i < runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (runs, i);
      PxStrategy strategy = px_run_result_get_strategy (run);
      const PxChartColor *color = &theme->strategy[strategy];
      double cx = round (g.plot_x + g.group_w * (i + .5));
      double wall, user, sys, y, speedup = px_run_result_get_speedup (run);
      g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (PxRect));
      g_autofree char *wall_label = NULL;
      g_autofree char *cpu_label = NULL;
      char line[128];
      PxRect r;

      run_times (run, &wall, &user, &sys);

      if (wall_cpu_bar (&g, run, i, PX_WALL_CPU_BAR_WALL, &r))
        {
          g_array_append_val (one, r);
          px_rects_fill (cr, one, color, 1.);
          g_array_set_size (one, 0);
        }
      wall_label = px_chart_format_duration (wall);
      px_chart_text_draw_placed (&text, placed, wall_label, r.x + r.w / 2, base - r.h - 4 * u, .5, 1.,
                                 &theme->foreground, .9, PX_CHART_TEXT_BOLD);

      if (wall_cpu_bar (&g, run, i, PX_WALL_CPU_BAR_CPU_USER, &r))
        {
          g_array_append_val (one, r);
          px_rects_fill (cr, one, color, .4);
          px_rects_outline (cr, theme, one, color, 1.);
          g_array_set_size (one, 0);
        }
      if (wall_cpu_bar (&g, run, i, PX_WALL_CPU_BAR_CPU_SYS, &r))
        {
          g_array_append_val (one, r);
          px_rects_fill_hatched (cr, theme, one, color);
          px_rects_outline (cr, theme, one, color, 1.);
          g_array_set_size (one, 0);
        }
      cpu_label = px_chart_format_duration (user + sys);
      wall_cpu_bar (&g, run, i, PX_WALL_CPU_BAR_CPU_USER, &r);
      /* Beside the wall time's when there is room, else a line above it. */
      y = base - round ((user + sys) / g.y_max_us * g.plot_h) - 4 * u;
      if (!px_chart_text_draw_placed (&text, placed, cpu_label, r.x + r.w / 2, y, .5, 1., &theme->foreground, .9,
                                      PX_CHART_TEXT_BOLD))
        px_chart_text_draw_placed (&text, placed, cpu_label, r.x + r.w / 2, y - 1.2 * f, .5, 1., &theme->foreground,
                                   .9, PX_CHART_TEXT_BOLD);
      if (px_run_result_get_cpu_wait_us (run) >= 0)
        {
          g_autofree char *wait_label = px_chart_format_duration (px_run_result_get_cpu_wait_us (run));

          if (wall_cpu_bar (&g, run, i, PX_WALL_CPU_BAR_CPU_WAIT, &r))
            {
              g_array_append_val (one, r);
              px_rects_fill_dotted (cr, theme, one, color);
              px_rects_outline (cr, theme, one, color, 1.);
              g_array_set_size (one, 0);
              if (px_run_result_get_cpu_wait_us (run) > g.y_max_us)
                draw_cut (cr, theme, &r);
            }
          px_chart_text_draw_placed (&text, placed, wait_label, r.x + r.w / 2, r.y - 4 * u, .5, 1.,
                                     &theme->foreground, .9, PX_CHART_TEXT_NORMAL);
        }

      /* Under its group, cut to its width. */
      px_chart_text_draw_within (&text, px_strategy_get_title (strategy), cx, base + .5 * f, slot, .5, 0.,
                                 &theme->foreground, 1., PX_CHART_TEXT_BOLD);
      g_snprintf (line, sizeof line, _("CPU/wall %.2f"), wall > 0 ? (user + sys) / wall : 0.);
      px_chart_text_draw_within (&text, line, cx, base + 2 * f, slot, .5, 0., &theme->muted, .95,
                                 PX_CHART_TEXT_NORMAL);
      if (isnan (speedup))
        g_snprintf (line, sizeof line, _("speedup —"));
      else
        g_snprintf (line, sizeof line, _("speedup %.2f×"), speedup);
      px_chart_text_draw_within (&text, line, cx, base + 3.3 * f, slot, .5, 0., &theme->muted, .95,
                                 PX_CHART_TEXT_NORMAL);
    }

  if (sequential_wall > 0)
    {
      const double dashes[] = { 6. * u, 4. * u };
      double y = px_chart_snap (base - sequential_wall / g.y_max_us * g.plot_h, lw);

      cairo_save (cr);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0.);
      px_chart_set_source (cr, &theme->foreground, .55);
      cairo_move_to (cr, g.plot_x, y);
      cairo_line_to (cr, g.plot_x + g.plot_w, y);
      cairo_stroke (cr);
      cairo_restore (cr);
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
                          PxChartRect        *rect)
{
  WallCpuGeometry g;
  PxRect r;

  g_return_val_if_fail (theme != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (runs == NULL || run >= runs->len)
    return FALSE;

  wall_cpu_geometry (theme, runs, width, height, &g);
  if (!wall_cpu_bar (&g, g_ptr_array_index (runs, run), run, bar, &r))
    return FALSE;
  rect->x = r.x;
  rect->y = r.y;
  rect->width = r.w;
  rect->height = r.h;

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
  if (x < g.plot_x || x >= g.plot_x + g.plot_w || y < PX_CHART_MARGIN * theme->scale ||
      y > height - PX_CHART_MARGIN * theme->scale)
    return -1;
  i = (gint) ((x - g.plot_x) / g.group_w);

  return CLAMP (i, 0, (gint) runs->len - 1);
}

char *
px_wall_cpu_describe (GPtrArray *runs)
{
  GString *s = g_string_new (NULL);

  if (runs == NULL || runs->len == 0)
    {
      g_string_append (s, _("No runs yet."));
      return g_string_free (s, FALSE);
    }

  g_string_append (s, _("Wall time beside CPU time for each strategy."));
  for (guint i = 0; i < runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (runs, i);
      double wall_us, user_us, sys_us, speedup = px_run_result_get_speedup (run);
      g_autofree char *wall = NULL;
      g_autofree char *cpu = NULL;

      run_times (run, &wall_us, &user_us, &sys_us);
      wall = px_chart_format_duration (wall_us);
      cpu = px_chart_format_duration (user_us + sys_us);
      g_string_append_c (s, ' ');
      /* Translators: a strategy, its wall time, CPU time and verdict */
      g_string_append_printf (s, _("%s: wall %s, CPU %s, %s"), px_strategy_get_title (px_run_result_get_strategy (run)),
                              wall, cpu, px_verdict_get_title (px_run_result_get_verdict (run)));
      if (!isnan (speedup) && px_run_result_get_strategy (run) != PX_STRATEGY_SEQUENTIAL)
        g_string_append_printf (s, _(", %.2f× sequential"), speedup);
      g_string_append_c (s, '.');
    }

  return g_string_free (s, FALSE);
}
