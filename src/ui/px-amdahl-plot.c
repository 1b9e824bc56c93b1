/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-amdahl-plot"

#include "config.h"

#include <math.h>

#include <gtk/gtk.h>
#include <glib/gi18n.h>

#include "px-amdahl-plot.h"

#define MAX_N 4096

struct _PxAmdahlChart
{
  GtkWidget     parent_instance;

  /* Owned */
  PxScalePoint  *points;
  GStrv          labels;       /* plot.point_labels; NULL without */
  PxChartCache   cache;        /* the static part, drawn from cache_plot */

  PxAmdahlPlot   plot;         /* plot.points is points */
  PxAmdahlPlot   cache_plot;
  PxChartTheme   theme;
  gint           focus_point;  /* the point the keyboard is on, or -1 */
};

enum {
  PROP_0,
  PROP_P,
  PROP_N,
  PROP_LOG_Y,
  PROP_GUSTAFSON,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PxAmdahlChart, px_amdahl_chart, GTK_TYPE_WIDGET)

/* Every change of what the plot shows: redraw, and tell screen readers. */
static void
px_amdahl_chart_changed (PxAmdahlChart *self)
{
  g_autofree char *description = px_amdahl_plot_describe (&self->plot);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  px_chart_widget_set_accessible (GTK_WIDGET (self), _("Amdahl’s law"), description);
}

static void
px_amdahl_chart_invalidate (PxAmdahlChart *self)
{
  px_chart_cache_clear (&self->cache);
  px_amdahl_chart_changed (self);
}

static void
px_amdahl_chart_update_theme (PxAmdahlChart *self)
{
  px_chart_theme_init_for_widget (&self->theme, GTK_WIDGET (self));
  px_amdahl_chart_invalidate (self);
}

static gboolean
px_amdahl_chart_query_tooltip_cb (PxAmdahlChart *self,
                                  int            x,
                                  int            y,
                                  gboolean       keyboard,
                                  GtkTooltip    *tooltip)
{
  g_autoptr(GString) s = NULL;
  g_autofree char *median = NULL;
  g_autofree char *fastest = NULL;
  g_autofree char *slowest = NULL;
  const PxScalePoint *point;
  gint i;

  i = keyboard ? -1 : px_amdahl_plot_hit_test (&self->theme, &self->plot, gtk_widget_get_width (GTK_WIDGET (self)),
                                               gtk_widget_get_height (GTK_WIDGET (self)), x, y);
  /* The pointer's point, else the keyboard's. */
  if (i < 0 && gtk_widget_has_focus (GTK_WIDGET (self)))
    i = self->focus_point;
  if (i < 0 || (guint) i >= self->plot.n_points)
    return FALSE;

  point = &self->points[i];
  s = g_string_new ("<b>");
  g_string_append_printf (s, ngettext ("%u worker", "%u workers", point->workers), point->workers);
  g_string_append (s, "</b>");
  if (self->plot.cores > 0 && point->workers > self->plot.cores)
    {
      g_string_append_c (s, '\n');
      g_string_append_printf (s, ngettext ("More workers than the %u core: they share it",
                                           "More workers than the %u cores: they share them", self->plot.cores),
                              self->plot.cores);
    }

  median = px_chart_format_duration (point->wall_s * G_USEC_PER_SEC);
  fastest = px_chart_format_duration (point->wall_min_s * G_USEC_PER_SEC);
  slowest = px_chart_format_duration (point->wall_max_s * G_USEC_PER_SEC);
  g_string_append_c (s, '\n');
  g_string_append_printf (s, _("Wall time: %s (median), %s to %s"), median, fastest, slowest);
  g_string_append_c (s, '\n');
  g_string_append_printf (s, _("Speedup: %.2f×"), point->speedup);
  g_string_append_c (s, '\n');
  g_string_append_printf (s, _("Efficiency: %.0f%%"), 100. * point->efficiency);
  if (!isnan (point->karp_flatt))
    {
      g_string_append_c (s, '\n');
      /* The serial fraction implied by the speedup; growing with N means
       * overhead grows too. */
      g_string_append_printf (s, _("Karp–Flatt serial fraction e: %.3f"), point->karp_flatt);
    }

  gtk_tooltip_set_markup (tooltip, s->str);
  return TRUE;
}

static void
px_amdahl_chart_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  PxAmdahlChart *self = PX_AMDAHL_CHART (widget);

  /* Room for the legend, the axes and the labels at the right ends. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) ceil (px_chart_theme_get_font (&self->theme) * 26);
      *natural = (int) ceil (px_chart_theme_get_font (&self->theme) * 60);
    }
  else
    {
      *minimum = (int) ceil (px_chart_theme_get_font (&self->theme) * 18);
      *natural = (int) ceil (px_chart_theme_get_font (&self->theme) * 34);
    }
}

static void
px_amdahl_chart_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  px_amdahl_chart_invalidate (PX_AMDAHL_CHART (widget));
}

static void
paint_static (cairo_t  *cr,
              gpointer  data)
{
  PxAmdahlChart *self = data;

  px_draw_amdahl_parts (cr, &self->theme, &self->plot, gtk_widget_get_width (GTK_WIDGET (self)),
                        gtk_widget_get_height (GTK_WIDGET (self)), PX_AMDAHL_PART_STATIC);
}

/* A slider step draws only the dynamic part over the cached static one:
 * the whole plot takes about 2 ms at 1920×1080, over half of it in the
 * reference curves (see bench/bench-amdahl.c). */
static void
px_amdahl_chart_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  PxAmdahlChart *self = PX_AMDAHL_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  if (!px_chart_cache_is_empty (&self->cache) && !px_amdahl_plot_same_static (&self->theme, &self->cache_plot, &self->plot, width, height))
    px_chart_cache_clear (&self->cache);
  if (px_chart_cache_is_empty (&self->cache))
    {
      px_chart_cache_paint (&self->cache, widget, width, height, paint_static, self);
      self->cache_plot = self->plot;
    }
  px_chart_cache_append (&self->cache, snapshot, width, height);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  px_draw_amdahl_parts (cr, &self->theme, &self->plot, width, height, PX_AMDAHL_PART_DYNAMIC);
  /* The keyboard's point: a ring around it. */
  if (self->focus_point >= 0 && (guint) self->focus_point < self->plot.n_points && gtk_widget_has_focus (widget))
    {
      const PxScalePoint *point = &self->points[self->focus_point];
      double x, y, f = px_chart_theme_get_font (&self->theme);

      px_amdahl_plot_to_pixel (&self->theme, &self->plot, width, height, point->workers, point->speedup, &x, &y);
      cairo_new_sub_path (cr);
      cairo_arc (cr, round (x), y, f, 0., 2 * G_PI);
      cairo_set_line_width (cr, MAX (round (2. * self->theme.scale), 1.));
      px_chart_set_source (cr, &self->theme.foreground, 1.);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static gboolean
px_amdahl_chart_key_pressed_cb (PxAmdahlChart         *self,
                                guint                  keyval,
                                guint                  keycode,
                                GdkModifierType        state,
                                GtkEventControllerKey *key)
{
  return px_chart_widget_key_step (GTK_WIDGET (self), keyval, state, self->plot.n_points, &self->focus_point);
}

static void
px_amdahl_chart_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (px_amdahl_chart_parent_class)->css_changed (widget, change);

  px_amdahl_chart_update_theme (PX_AMDAHL_CHART (widget));
  gtk_widget_queue_resize (widget);
}

static void
px_amdahl_chart_dispose (GObject *object)
{
  PxAmdahlChart *self = PX_AMDAHL_CHART (object);

  px_chart_cache_clear (&self->cache);

  G_OBJECT_CLASS (px_amdahl_chart_parent_class)->dispose (object);
}

static void
px_amdahl_chart_finalize (GObject *object)
{
  PxAmdahlChart *self = PX_AMDAHL_CHART (object);

  g_clear_pointer (&self->points, g_free);
  g_clear_pointer (&self->labels, g_strfreev);

  G_OBJECT_CLASS (px_amdahl_chart_parent_class)->finalize (object);
}

static void
px_amdahl_chart_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PxAmdahlChart *self = PX_AMDAHL_CHART (object);

  switch (prop_id)
    {
    case PROP_P:
      g_value_set_double (value, px_amdahl_chart_get_p (self));
      break;
    case PROP_N:
      g_value_set_double (value, px_amdahl_chart_get_n (self));
      break;
    case PROP_LOG_Y:
      g_value_set_boolean (value, px_amdahl_chart_get_log_y (self));
      break;
    case PROP_GUSTAFSON:
      g_value_set_boolean (value, px_amdahl_chart_get_gustafson (self));
      break;
    case PROP_ZOOM:
      g_value_set_double (value, px_amdahl_chart_get_zoom (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_amdahl_chart_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PxAmdahlChart *self = PX_AMDAHL_CHART (object);

  switch (prop_id)
    {
    case PROP_P:
      px_amdahl_chart_set_p (self, g_value_get_double (value));
      break;
    case PROP_N:
      px_amdahl_chart_set_n (self, g_value_get_double (value));
      break;
    case PROP_LOG_Y:
      px_amdahl_chart_set_log_y (self, g_value_get_boolean (value));
      break;
    case PROP_GUSTAFSON:
      px_amdahl_chart_set_gustafson (self, g_value_get_boolean (value));
      break;
    case PROP_ZOOM:
      px_amdahl_chart_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_amdahl_chart_class_init (PxAmdahlChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = px_amdahl_chart_dispose;
  object_class->finalize = px_amdahl_chart_finalize;
  object_class->get_property = px_amdahl_chart_get_property;
  object_class->set_property = px_amdahl_chart_set_property;

  widget_class->measure = px_amdahl_chart_measure;
  widget_class->size_allocate = px_amdahl_chart_size_allocate;
  widget_class->snapshot = px_amdahl_chart_snapshot;
  widget_class->css_changed = px_amdahl_chart_css_changed;

  properties[PROP_P] =
    g_param_spec_double ("p", NULL, NULL, 0., 1., .95,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N] =
    g_param_spec_double ("n", NULL, NULL, 1., MAX_N, 8.,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOG_Y] =
    g_param_spec_boolean ("log-y", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GUSTAFSON] =
    g_param_spec_boolean ("gustafson", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] = px_chart_zoom_param_spec ();
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "amdahlchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
px_amdahl_chart_init (PxAmdahlChart *self)
{
  px_amdahl_plot_init (&self->plot);
  self->plot.max_n = MAX_N;
  self->plot.cores = g_get_num_processors ();
  self->focus_point = -1;
  px_chart_widget_init (GTK_WIDGET (self), &self->theme, G_CALLBACK (px_amdahl_chart_query_tooltip_cb),
                        G_CALLBACK (px_amdahl_chart_update_theme),
                        G_CALLBACK (px_amdahl_chart_key_pressed_cb));
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (px_amdahl_chart_invalidate), NULL);
  px_amdahl_chart_changed (self);
}

GtkWidget *
px_amdahl_chart_new (void)
{
  return g_object_new (PX_TYPE_AMDAHL_CHART, NULL);
}

double
px_amdahl_chart_get_p (PxAmdahlChart *self)
{
  g_return_val_if_fail (PX_IS_AMDAHL_CHART (self), 0.);

  return self->plot.p;
}

void
px_amdahl_chart_set_p (PxAmdahlChart *self,
                       double         p)
{
  g_return_if_fail (PX_IS_AMDAHL_CHART (self));
  g_return_if_fail (!isnan (p));

  p = CLAMP (p, 0., 1.);
  if (p == self->plot.p)
    return;
  self->plot.p = p;
  px_amdahl_chart_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_P]);
}

double
px_amdahl_chart_get_n (PxAmdahlChart *self)
{
  g_return_val_if_fail (PX_IS_AMDAHL_CHART (self), 1.);

  return self->plot.n;
}

void
px_amdahl_chart_set_n (PxAmdahlChart *self,
                       double         n)
{
  g_return_if_fail (PX_IS_AMDAHL_CHART (self));
  g_return_if_fail (!isnan (n));

  n = CLAMP (n, 1., MAX_N);
  if (n == self->plot.n)
    return;
  self->plot.n = n;
  px_amdahl_chart_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N]);
}

gboolean
px_amdahl_chart_get_log_y (PxAmdahlChart *self)
{
  g_return_val_if_fail (PX_IS_AMDAHL_CHART (self), FALSE);

  return self->plot.log_y;
}

void
px_amdahl_chart_set_log_y (PxAmdahlChart *self,
                           gboolean       log_y)
{
  g_return_if_fail (PX_IS_AMDAHL_CHART (self));

  log_y = !!log_y;
  if (log_y == self->plot.log_y)
    return;
  self->plot.log_y = log_y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_Y]);
}

gboolean
px_amdahl_chart_get_gustafson (PxAmdahlChart *self)
{
  g_return_val_if_fail (PX_IS_AMDAHL_CHART (self), FALSE);

  return self->plot.gustafson;
}

void
px_amdahl_chart_set_gustafson (PxAmdahlChart *self,
                               gboolean       gustafson)
{
  g_return_if_fail (PX_IS_AMDAHL_CHART (self));

  gustafson = !!gustafson;
  if (gustafson == self->plot.gustafson)
    return;
  self->plot.gustafson = gustafson;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GUSTAFSON]);
}

void
px_amdahl_chart_set_points (PxAmdahlChart      *self,
                            const PxScalePoint *points,
                            guint               n_points,
                            const char *const  *labels,
                            double              fitted_p)
{
  g_return_if_fail (PX_IS_AMDAHL_CHART (self));
  g_return_if_fail (points != NULL || n_points == 0);

  g_clear_pointer (&self->points, g_free);
  g_clear_pointer (&self->labels, g_strfreev);
  if (n_points > 0)
    self->points = g_memdup2 (points, n_points * sizeof *points);
  self->plot.points = self->points;
  self->plot.n_points = n_points;
  if (labels != NULL && n_points > 0)
    {
      self->labels = g_new0 (char *, n_points + 1);
      for (guint i = 0; i < n_points; i++)
        self->labels[i] = g_strdup (labels[i]);
    }
  self->plot.point_labels = (const char *const *) self->labels;
  self->plot.fitted_p = fitted_p;
  self->focus_point = -1;
  /* The new copy may sit where the old one did. */
  px_amdahl_chart_invalidate (self);
}

void
px_amdahl_chart_get_plot (PxAmdahlChart *self,
                          PxAmdahlPlot  *out)
{
  g_return_if_fail (PX_IS_AMDAHL_CHART (self));
  g_return_if_fail (out != NULL);

  *out = self->plot;
}

void
px_amdahl_chart_get_marker_point (PxAmdahlChart *self,
                                  double        *x,
                                  double        *y)
{
  g_return_if_fail (PX_IS_AMDAHL_CHART (self));

  px_amdahl_plot_get_marker_point (&self->theme, &self->plot, gtk_widget_get_width (GTK_WIDGET (self)),
                                   gtk_widget_get_height (GTK_WIDGET (self)), x, y);
}

double
px_amdahl_chart_get_zoom (PxAmdahlChart *self)
{
  g_return_val_if_fail (PX_IS_AMDAHL_CHART (self), 1.);

  return self->theme.scale;
}

void
px_amdahl_chart_set_zoom (PxAmdahlChart *self,
                          double         zoom)
{
  g_return_if_fail (PX_IS_AMDAHL_CHART (self));

  if (px_chart_widget_set_zoom (GTK_WIDGET (self), &self->theme, zoom, properties[PROP_ZOOM]))
    px_amdahl_chart_invalidate (self);
}
