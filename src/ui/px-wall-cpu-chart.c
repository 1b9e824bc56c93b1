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
  PxChartCache   cache;

  PxChartTheme   theme;
  gint           focus_run;  /* the group the keyboard is on, or -1 */
};

enum {
  PROP_0,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PxWallCpuChart, px_wall_cpu_chart, GTK_TYPE_WIDGET)

static void
px_wall_cpu_chart_invalidate (PxWallCpuChart *self)
{
  g_autofree char *description = px_wall_cpu_describe (self->runs);

  px_chart_cache_clear (&self->cache);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  px_chart_widget_set_accessible (GTK_WIDGET (self), _("Wall time and CPU time"), description);
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

  i = keyboard ? -1 : px_wall_cpu_hit_test (&self->theme, self->runs, gtk_widget_get_width (GTK_WIDGET (self)),
                                            gtk_widget_get_height (GTK_WIDGET (self)), x, y);
  /* The pointer's group, else the keyboard's. */
  if (i < 0 && gtk_widget_has_focus (GTK_WIDGET (self)))
    i = self->focus_run;
  if (i < 0 || (guint) i >= self->runs->len)
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
  if (px_run_result_get_cpu_wait_us (run) >= 0)
    {
      g_autofree char *queued = px_chart_format_duration (px_run_result_get_cpu_wait_us (run));

      g_string_append_c (s, '\n');
      g_string_append_printf (s, _("Waiting for a CPU (all threads): %s"), queued);
    }
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
      *minimum = (int) ceil (px_chart_theme_get_font (&self->theme) * 18);
      *natural = (int) ceil (px_chart_theme_get_font (&self->theme) * 26);
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

  if (px_chart_cache_is_empty (&self->cache))
    px_chart_cache_paint (&self->cache, widget, width, height, paint_chart, self);
  px_chart_cache_append (&self->cache, snapshot, width, height);

  /* The keyboard's group: a frame around its two bars. */
  if (self->focus_run >= 0 && (guint) self->focus_run < self->runs->len && gtk_widget_has_focus (widget))
    {
      PxChartRect wall, cpu;
      double lw = MAX (round (2. * self->theme.scale), 1.);
      double x0, x1, top;
      cairo_t *cr;

      gboolean has_wall = px_wall_cpu_get_bar_rect (&self->theme, self->runs, width, height, self->focus_run,
                                                    PX_WALL_CPU_BAR_WALL, &wall);
      gboolean has_cpu = px_wall_cpu_get_bar_rect (&self->theme, self->runs, width, height, self->focus_run,
                                                   PX_WALL_CPU_BAR_CPU_USER, &cpu);

      if (!has_wall && !has_cpu)
        return;
      if (!has_wall)
        wall = cpu;
      if (!has_cpu)
        cpu = wall;
      x0 = MIN (wall.x, cpu.x) - 2 * lw;
      x1 = MAX (wall.x + wall.width, cpu.x + cpu.width) + 2 * lw;
      top = MIN (wall.y, cpu.y) - 2 * lw;
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      cairo_set_line_width (cr, lw);
      px_chart_set_source (cr, &self->theme.foreground, 1.);
      cairo_rectangle (cr, x0, top, x1 - x0, MAX (wall.y + wall.height, cpu.y + cpu.height) - top + lw);
      cairo_stroke (cr);
      cairo_destroy (cr);
    }
}

static gboolean
px_wall_cpu_chart_key_pressed_cb (PxWallCpuChart        *self,
                                  guint                  keyval,
                                  guint                  keycode,
                                  GdkModifierType        state,
                                  GtkEventControllerKey *key)
{
  return px_chart_widget_key_step (GTK_WIDGET (self), keyval, state, self->runs->len, &self->focus_run);
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

  px_chart_cache_clear (&self->cache);
  g_clear_pointer (&self->runs, g_ptr_array_unref);

  G_OBJECT_CLASS (px_wall_cpu_chart_parent_class)->dispose (object);
}

static void
px_wall_cpu_chart_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PxWallCpuChart *self = PX_WALL_CPU_CHART (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, px_wall_cpu_chart_get_zoom (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_wall_cpu_chart_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PxWallCpuChart *self = PX_WALL_CPU_CHART (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      px_wall_cpu_chart_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_wall_cpu_chart_class_init (PxWallCpuChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = px_wall_cpu_chart_dispose;
  object_class->get_property = px_wall_cpu_chart_get_property;
  object_class->set_property = px_wall_cpu_chart_set_property;

  widget_class->measure = px_wall_cpu_chart_measure;
  widget_class->size_allocate = px_wall_cpu_chart_size_allocate;
  widget_class->snapshot = px_wall_cpu_chart_snapshot;
  widget_class->css_changed = px_wall_cpu_chart_css_changed;

  properties[PROP_ZOOM] = px_chart_zoom_param_spec ();
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "wallcpuchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
px_wall_cpu_chart_init (PxWallCpuChart *self)
{
  self->runs = g_ptr_array_new ();
  self->focus_run = -1;
  px_chart_widget_init (GTK_WIDGET (self), &self->theme, G_CALLBACK (px_wall_cpu_chart_query_tooltip_cb),
                        G_CALLBACK (px_wall_cpu_chart_update_theme),
                        G_CALLBACK (px_wall_cpu_chart_key_pressed_cb));
  px_wall_cpu_chart_invalidate (self);
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
      self->focus_run = -1;
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

double
px_wall_cpu_chart_get_zoom (PxWallCpuChart *self)
{
  g_return_val_if_fail (PX_IS_WALL_CPU_CHART (self), 1.);

  return self->theme.scale;
}

void
px_wall_cpu_chart_set_zoom (PxWallCpuChart *self,
                            double          zoom)
{
  g_return_if_fail (PX_IS_WALL_CPU_CHART (self));

  if (px_chart_widget_set_zoom (GTK_WIDGET (self), &self->theme, zoom, properties[PROP_ZOOM]))
    px_wall_cpu_chart_invalidate (self);
}
