/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-wall-cpu-chart"

#include "config.h"

#include <math.h>

#include <gtk/gtk.h>
#include <glib/gi18n.h>

#include "px-chart-draw.h"
#include "px-wall-cpu-chart.h"

struct _PxWallCpuChart
{
  GtkWidget      parent_instance;

  /* Owned */
  GPtrArray     *runs;
  GdkTexture    *cache;

  PxChartTheme   theme;
};

G_DEFINE_FINAL_TYPE (PxWallCpuChart, px_wall_cpu_chart, GTK_TYPE_WIDGET)

static void
px_wall_cpu_chart_invalidate (PxWallCpuChart *self)
{
  g_clear_object (&self->cache);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
px_wall_cpu_chart_update_theme (PxWallCpuChart *self)
{
  px_chart_theme_init_for_widget (&self->theme, GTK_WIDGET (self));
  px_wall_cpu_chart_invalidate (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static gboolean
px_wall_cpu_chart_query_tooltip_cb (PxWallCpuChart *self,
                                    int             x,
                                    int             y,
                                    gboolean        keyboard,
                                    GtkTooltip     *tooltip)
{
  g_autoptr(GString) s = NULL;
  g_autofree char *title = NULL;
  g_autofree char *wall = NULL;
  g_autofree char *user = NULL;
  g_autofree char *sys = NULL;
  PxRunResult *run;
  double speedup, efficiency;
  gint i;

  if (keyboard)
    return FALSE;
  i = px_wall_cpu_hit_test (&self->theme, self->runs, gtk_widget_get_width (GTK_WIDGET (self)),
                            gtk_widget_get_height (GTK_WIDGET (self)), x, y);
  if (i < 0)
    return FALSE;

  run = g_ptr_array_index (self->runs, i);
  title = g_markup_escape_text (px_strategy_get_title (px_run_result_get_strategy (run)), -1);
  s = g_string_new (NULL);
  g_string_append_printf (s, "<b>%s</b>", title);
  g_string_append_c (s, '\n');
  g_string_append_printf (s, ngettext ("%u worker", "%u workers", px_run_result_get_workers (run)),
                          px_run_result_get_workers (run));
  wall = px_chart_format_duration (px_run_result_get_wall_us (run));
  user = px_chart_format_duration (px_run_result_get_cpu_user_us (run));
  sys = px_chart_format_duration (px_run_result_get_cpu_sys_us (run));
  g_string_append_c (s, '\n');
  g_string_append_printf (s, _("Wall time: %s\nCPU time, user: %s\nCPU time, system: %s"), wall, user, sys);
  g_string_append_c (s, '\n');
  g_string_append_printf (s, _("CPU/wall: %.2f (%s)"), px_run_result_get_cpu_wall_ratio (run),
                          px_verdict_get_title (px_run_result_get_verdict (run)));

  speedup = px_run_result_get_speedup (run);
  efficiency = px_run_result_get_efficiency (run);
  g_string_append_c (s, '\n');
  if (isnan (speedup))
    g_string_append (s, _("Speedup: — (no sequential run)"));
  else
    g_string_append_printf (s, _("Speedup: %.2f×"), speedup);
  if (!isnan (efficiency))
    {
      g_string_append_c (s, '\n');
      g_string_append_printf (s, _("Efficiency: %.0f%% of the workers"), 100. * efficiency);
    }

  gtk_tooltip_set_markup (tooltip, s->str);
  return TRUE;
}

static void
px_wall_cpu_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  PxWallCpuChart *self = PX_WALL_CPU_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 320;
      *natural = 720;
    }
  else
    {
      /* Room for the legend, value labels and three lines under each group. */
      *minimum = (int) ceil (self->theme.font_size * 18);
      *natural = (int) ceil (self->theme.font_size * 26);
    }
}

static void
px_wall_cpu_chart_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  px_wall_cpu_chart_invalidate (PX_WALL_CPU_CHART (widget));
}

static void
paint_chart (cairo_t  *cr,
             gpointer  data)
{
  PxWallCpuChart *self = data;

  px_draw_wall_cpu (cr, &self->theme, self->runs, gtk_widget_get_width (GTK_WIDGET (self)),
                    gtk_widget_get_height (GTK_WIDGET (self)));
}

static void
px_wall_cpu_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  PxWallCpuChart *self = PX_WALL_CPU_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0)
    return;

  if (self->cache == NULL)
    self->cache = px_chart_paint_texture (widget, width, height, paint_chart, self);
  gtk_snapshot_append_texture (snapshot, self->cache, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static void
px_wall_cpu_chart_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (px_wall_cpu_chart_parent_class)->css_changed (widget, change);

  px_wall_cpu_chart_update_theme (PX_WALL_CPU_CHART (widget));
}

static void
px_wall_cpu_chart_dispose (GObject *object)
{
  PxWallCpuChart *self = PX_WALL_CPU_CHART (object);

  g_clear_object (&self->cache);
  g_clear_pointer (&self->runs, g_ptr_array_unref);

  G_OBJECT_CLASS (px_wall_cpu_chart_parent_class)->dispose (object);
}

static void
px_wall_cpu_chart_class_init (PxWallCpuChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = px_wall_cpu_chart_dispose;

  widget_class->measure = px_wall_cpu_chart_measure;
  widget_class->size_allocate = px_wall_cpu_chart_size_allocate;
  widget_class->snapshot = px_wall_cpu_chart_snapshot;
  widget_class->css_changed = px_wall_cpu_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "wallcpuchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
px_wall_cpu_chart_init (PxWallCpuChart *self)
{
  self->runs = g_ptr_array_new ();
  px_chart_widget_init (GTK_WIDGET (self), &self->theme, G_CALLBACK (px_wall_cpu_chart_query_tooltip_cb),
                        G_CALLBACK (px_wall_cpu_chart_update_theme));
}

GtkWidget *
px_wall_cpu_chart_new (void)
{
  return g_object_new (PX_TYPE_WALL_CPU_CHART, NULL);
}

void
px_wall_cpu_chart_set_runs (PxWallCpuChart *self,
                            GPtrArray      *runs)
{
  g_return_if_fail (PX_IS_WALL_CPU_CHART (self));

  if (runs != self->runs)
    {
      g_clear_pointer (&self->runs, g_ptr_array_unref);
      self->runs = runs != NULL ? g_ptr_array_ref (runs) : g_ptr_array_new ();
    }
  px_wall_cpu_chart_invalidate (self);
}

GPtrArray *
px_wall_cpu_chart_get_runs (PxWallCpuChart *self)
{
  g_return_val_if_fail (PX_IS_WALL_CPU_CHART (self), NULL);

  return self->runs;
}

void
px_wall_cpu_chart_runs_changed (PxWallCpuChart *self)
{
  g_return_if_fail (PX_IS_WALL_CPU_CHART (self));

  /* queue_draw coalesces: the cache is rebuilt at most once a frame. */
  px_wall_cpu_chart_invalidate (self);
}
