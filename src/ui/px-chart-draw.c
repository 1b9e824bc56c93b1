/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-chart-draw"

#include "config.h"

#include <adwaita.h>

#include "px-chart-draw.h"

void
px_chart_color_from_rgba (PxChartColor  *color,
                          const GdkRGBA *rgba)
{
  color->red = rgba->red;
  color->green = rgba->green;
  color->blue = rgba->blue;
  color->alpha = rgba->alpha;
}

static void
lookup_color (GtkWidget    *widget,
              const char   *name,
              PxChartColor *color)
{
  GdkRGBA rgba;
  gboolean found;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS /* becomes gtk_widget_get_color () in 4.10 */
  found = gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, &rgba);
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (found)
    px_chart_color_from_rgba (color, &rgba);
}

void
px_chart_theme_init_for_widget (PxChartTheme *theme,
                                GtkWidget    *widget)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  const PangoFontDescription *font;
  double scale;

  g_return_if_fail (theme != NULL);
  g_return_if_fail (GTK_IS_WIDGET (widget));

  scale = theme->scale;
  px_chart_theme_init_default (theme, dark);
  theme->scale = scale;
  lookup_color (widget, "window_fg_color", &theme->foreground);
  lookup_color (widget, "error_color", &theme->error);
  theme->grid = theme->foreground;
  theme->grid.alpha *= dark ? 0.12 : 0.10;
  theme->muted = theme->foreground;
  theme->muted.alpha *= 0.62;
  /* The widget lets its parent's background show through; boxes behind
   * labels and rings around dots take the colour of what shows through. */
  lookup_color (widget, "window_bg_color", &theme->background);
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
                      GCallback     update_theme,
                      GCallback     key_pressed)
{
  GtkEventController *controller;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (theme != NULL);

  /* Until css_changed gives the real style, so that measure has a font. */
  px_chart_theme_init_default (theme, FALSE);
  theme->background.alpha = 0.;

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (widget, "query-tooltip", query_tooltip, NULL);
  /* Swapped so that update_theme gets the widget; the connection goes with
   * the widget, the style manager lives on. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           update_theme, widget, G_CONNECT_SWAPPED);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_swapped (controller, "key-pressed", key_pressed, widget);
  gtk_widget_add_controller (widget, controller);

  /* A click gives the chart the keys, without taking the click from the
   * chart's own gestures. */
  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  g_signal_connect_swapped (controller, "pressed", G_CALLBACK (gtk_widget_grab_focus), widget);
  gtk_widget_add_controller (widget, controller);

  /* The highlight of the focused item shows only with the focus. */
  controller = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (gtk_widget_queue_draw), widget);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (gtk_widget_queue_draw), widget);
  gtk_widget_add_controller (widget, controller);
}

gboolean
px_chart_widget_key_step (GtkWidget       *widget,
                          guint            keyval,
                          GdkModifierType  state,
                          guint            n_items,
                          gint            *focus)
{
  int step;

  if (keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left)
    step = -1;
  else if (keyval == GDK_KEY_Right || keyval == GDK_KEY_KP_Right)
    step = 1;
  else
    return FALSE;
  if (n_items == 0 || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)))
    return FALSE;

  *focus = *focus < 0 ? 0 : CLAMP (*focus + step, 0, (int) n_items - 1);
  gtk_widget_queue_draw (widget);
  gtk_widget_trigger_tooltip_query (widget);
  return TRUE;
}

void
px_chart_widget_set_accessible (GtkWidget  *widget,
                                const char *label,
                                const char *description)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

GParamSpec *
px_chart_zoom_param_spec (void)
{
  return g_param_spec_double ("zoom", NULL, NULL, PX_CHART_ZOOM_MIN, PX_CHART_ZOOM_MAX, 1.,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

gboolean
px_chart_widget_set_zoom (GtkWidget    *widget,
                          PxChartTheme *theme,
                          double        zoom,
                          GParamSpec   *pspec)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  zoom = CLAMP (zoom, PX_CHART_ZOOM_MIN, PX_CHART_ZOOM_MAX);
  if (zoom == theme->scale)
    return FALSE;
  theme->scale = zoom;
  gtk_widget_queue_resize (widget);
  g_object_notify_by_pspec (G_OBJECT (widget), pspec);
  return TRUE;
}

gboolean
px_chart_cache_is_empty (const PxChartCache *cache)
{
  return cache->texture == NULL && cache->surface == NULL;
}

void
px_chart_cache_clear (PxChartCache *cache)
{
  g_clear_object (&cache->texture);
  g_clear_pointer (&cache->surface, cairo_surface_destroy);
}

void
px_chart_cache_paint (PxChartCache     *cache,
                      GtkWidget        *widget,
                      int               width,
                      int               height,
                      PxChartPaintFunc  paint,
                      gpointer          data)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;
  int scale = gtk_widget_get_scale_factor (widget);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GBytes) bytes = NULL;

  px_chart_cache_clear (cache);
  cairo_surface_set_device_scale (surface, scale, scale);
  paint (cr, data);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (GSK_IS_CAIRO_RENDERER (renderer))
    {
      cache->surface = surface;
      return;
    }

  /* GDK_MEMORY_DEFAULT is the layout of cairo's ARGB32; the bytes keep
   * the surface. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * height * scale,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  cache->texture = gdk_memory_texture_new (width * scale, height * scale, GDK_MEMORY_DEFAULT, bytes,
                                           cairo_image_surface_get_stride (surface));
}

void
px_chart_cache_append (const PxChartCache *cache,
                       GtkSnapshot        *snapshot,
                       int                 width,
                       int                 height)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
  cairo_t *cr;

  if (cache->texture != NULL)
    {
      gtk_snapshot_append_texture (snapshot, cache->texture, &bounds);
      return;
    }

  if (cache->surface == NULL)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  cairo_set_source_surface (cr, cache->surface, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
}
