/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "px-chart-common.h"
#include "px-timeline-draw.h"
#include "px-wall-cpu-draw.h"

G_BEGIN_DECLS

/* What the chart widgets share over the drawing in src/charts/: the theme
 * from the widget's style, the cache texture, tooltips, accessibility. */

/* Colours and font of the widget's style (call from css_changed); the
 * scale is left as it was. */
void        px_chart_theme_init_for_widget (PxChartTheme     *theme,
                                            GtkWidget        *widget);
void        px_chart_color_from_rgba       (PxChartColor     *color,
                                            const GdkRGBA    *rgba);

/* The part of a chart that changes only with its data or size, painted
 * once in device pixels and kept between frames. For GL renderers it is a
 * texture, uploaded once (a cairo render node would be rasterised and
 * uploaded again at every frame). For the cairo renderer it is an image
 * surface, painted through a cairo node: GTK 4.8 copies a texture into a
 * fresh surface at every frame it draws, which costs a page fault per 4 KiB
 * of chart in the frames that matter most, the first after Run. */
typedef void (*PxChartPaintFunc) (cairo_t  *cr,
                                  gpointer  data);

typedef struct
{
  GdkTexture      *texture;
  cairo_surface_t *surface;
} PxChartCache;

gboolean    px_chart_cache_is_empty        (const PxChartCache *cache);
void        px_chart_cache_clear           (PxChartCache     *cache);
void        px_chart_cache_paint           (PxChartCache     *cache,
                                            GtkWidget        *widget,
                                            int               width,
                                            int               height,
                                            PxChartPaintFunc  paint,
                                            gpointer          data);
void        px_chart_cache_append          (const PxChartCache *cache,
                                            GtkSnapshot      *snapshot,
                                            int               width,
                                            int               height);

/* What the chart widgets share at init: theme starts as the light default
 * over a transparent background, query_tooltip answers the widget's
 * tooltips, update_theme (called with the widget, which also calls it
 * from css_changed) follows AdwStyleManager:dark, and key_pressed (called
 * with the widget first) gets the keys. The widget takes keyboard focus
 * (also on a click) and redraws when it gains or loses it. */
void        px_chart_widget_init           (GtkWidget        *widget,
                                            PxChartTheme     *theme,
                                            GCallback         query_tooltip,
                                            GCallback         update_theme,
                                            GCallback         key_pressed);
/* Left and Right move *focus over n_items (to the first when it is -1),
 * then redraw and show its tooltip; FALSE for other keys. */
gboolean    px_chart_widget_key_step       (GtkWidget        *widget,
                                            guint             keyval,
                                            GdkModifierType   state,
                                            guint             n_items,
                                            gint             *focus);
/* The accessible label and description (what it shows, its key numbers). */
void        px_chart_widget_set_accessible (GtkWidget        *widget,
                                            const char       *label,
                                            const char       *description);
/* The "zoom" property every chart widget has: the factor of its unit,
 * which is the scale of its theme. */
GParamSpec *px_chart_zoom_param_spec       (void);
/* Sets the theme's scale to zoom, clamped; on a change queues a resize,
 * notifies pspec and returns TRUE (the widget then redraws). */
gboolean    px_chart_widget_set_zoom       (GtkWidget        *widget,
                                            PxChartTheme     *theme,
                                            double            zoom,
                                            GParamSpec       *pspec);
#define PX_CHART_ZOOM_MIN 0.5
#define PX_CHART_ZOOM_MAX 4.

G_END_DECLS
