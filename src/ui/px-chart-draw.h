/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gtk/gtk.h>

#include "px-run-result.h"

G_BEGIN_DECLS

/* Plain cairo drawing of a batch of runs: the widgets and the PNG/SVG/PDF
 * export share it, so nothing here needs more than a cairo_t and a size. */

typedef struct
{
  GdkRGBA     foreground;
  GdkRGBA     background;  /* alpha 0: leave the surface as it is */
  GdkRGBA     grid;
  GdkRGBA     muted;       /* secondary text */
  GdkRGBA     error;
  GdkRGBA     strategy[PX_N_STRATEGIES];
  const char *font_family; /* a static string */
  double      font_size;   /* in pixels */
} PxChartTheme;

void   px_chart_theme_init_default (PxChartTheme *theme,
                                    gboolean      dark);
/* Colours and font of the widget's style (call from css_changed). */
void   px_chart_theme_init_for_widget (PxChartTheme *theme,
                                       GtkWidget    *widget);
/* What the chart widgets share at init: theme starts as the light default
 * over a transparent background, query_tooltip answers the widget's
 * tooltips, and update_theme (called with the widget, which also calls it
 * from css_changed) follows AdwStyleManager:dark. */
/* Paints into a texture of the widget's size in device pixels. Widgets
 * cache what does not change that way rather than as a cairo render node,
 * which GTK 4.8 keeps as a recording and replays at every frame. */
typedef void (*PxChartPaintFunc) (cairo_t  *cr,
                                  gpointer  data);
GdkTexture *px_chart_paint_texture (GtkWidget        *widget,
                                    int               width,
                                    int               height,
                                    PxChartPaintFunc  paint,
                                    gpointer          data);

void   px_chart_widget_init           (GtkWidget    *widget,
                                       PxChartTheme *theme,
                                       GCallback     query_tooltip,
                                       GCallback     update_theme);

char  *px_chart_format_duration    (double        us);
char  *px_chart_format_bytes       (guint64       bytes);

/* For the drawing code of the charts (here and px-amdahl-draw.c). */
void   px_chart_set_source         (cairo_t       *cr,
                                    const GdkRGBA *rgba,
                                    double         alpha);

/* Text in the theme's font, through one PangoLayout per drawing. */
typedef struct
{
  cairo_t              *cr;
  const PxChartTheme   *theme;
  PangoLayout          *layout;
  PangoFontDescription *font;
  double                scale;  /* of the font set on the layout */
  gboolean              bold;
} PxChartText;

typedef enum
{
  PX_CHART_TEXT_NORMAL = 0,
  PX_CHART_TEXT_BOLD   = 1 << 0,
  /* Over a box of the theme's background, made opaque, for text that
   * crosses curves (a halo stroked around the glyphs would cost half a
   * millisecond a label). */
  PX_CHART_TEXT_BOXED  = 1 << 1,
} PxChartTextFlags;

void   px_chart_text_init          (PxChartText        *text,
                                    cairo_t            *cr,
                                    const PxChartTheme *theme);
void   px_chart_text_clear         (PxChartText        *text);
/* Sizes are a scale of the theme's font size; both return the width. */
double px_chart_text_measure       (PxChartText        *text,
                                    const char         *s,
                                    double              scale,
                                    PxChartTextFlags    flags);
/* Draws s with its box aligned on (x, y) by xalign and yalign (0 = left
 * or top, 1 = right or bottom). */
double px_chart_text_draw          (PxChartText        *text,
                                    const char         *s,
                                    double              x,
                                    double              y,
                                    double              xalign,
                                    double              yalign,
                                    const GdkRGBA      *color,
                                    double              scale,
                                    PxChartTextFlags    flags);

/* Ticks of a time axis from lo_us to hi_us at most max_ticks of them, in a
 * unit chosen by the range: tick i is at first_us + i * step_us and its
 * label is the value divided by divisor, followed by unit. */
typedef struct
{
  double      first_us;
  double      step_us;
  guint       n_ticks;
  double      divisor;
  const char *unit;
  guint       decimals;
} PxChartTicks;

void   px_chart_time_ticks         (double        lo_us,
                                    double        hi_us,
                                    guint         max_ticks,
                                    PxChartTicks *ticks);

/* The geometry of a timeline for one size and one state of the runs: where
 * each band, lane and bar goes. It keeps a reference on runs. */
typedef struct _PxTimelineLayout PxTimelineLayout;

typedef enum
{
  PX_TIMELINE_PART_STATIC  = 1 << 0, /* axes, strips, finished tasks */
  PX_TIMELINE_PART_RUNNING = 1 << 1,
  PX_TIMELINE_PART_HOVER   = 1 << 2,
  PX_TIMELINE_PART_ALL     = 0x7,
} PxTimelinePart;

/* t1_us <= t0_us shows everything, from 0 to the longest span. */
PxTimelineLayout *px_timeline_layout_new           (const PxChartTheme *theme,
                                                    GPtrArray          *runs,
                                                    double              width,
                                                    double              height,
                                                    double              t0_us,
                                                    double              t1_us);
void              px_timeline_layout_free          (PxTimelineLayout   *layout);
void              px_timeline_layout_get_window    (PxTimelineLayout   *layout,
                                                    double             *t0_us,
                                                    double             *t1_us);
/* The plot area: where time maps to x. */
void              px_timeline_layout_get_plot      (PxTimelineLayout   *layout,
                                                    double             *x,
                                                    double             *width);
/* The bar of a task as drawn (at least 1 px wide); FALSE when the task
 * never ran or lies outside the window. */
gboolean          px_timeline_layout_get_task_rect (PxTimelineLayout   *layout,
                                                    guint               run,
                                                    guint               index,
                                                    graphene_rect_t    *rect);
gboolean          px_timeline_layout_hit_test      (PxTimelineLayout   *layout,
                                                    double              x,
                                                    double              y,
                                                    guint              *run,
                                                    guint              *index);
/* The height at which every lane is comfortably readable. */
double            px_timeline_get_natural_height   (const PxChartTheme *theme,
                                                    GPtrArray          *runs);

void              px_draw_timeline_layout          (cairo_t            *cr,
                                                    const PxChartTheme *theme,
                                                    PxTimelineLayout   *layout,
                                                    PxTimelinePart      parts,
                                                    guint               hover_run,
                                                    gint                hover_index);
void              px_draw_timeline                 (cairo_t            *cr,
                                                    const PxChartTheme *theme,
                                                    GPtrArray          *runs,
                                                    double              width,
                                                    double              height,
                                                    double              t0_us,
                                                    double              t1_us,
                                                    guint               hover_run,
                                                    gint                hover_index);
gboolean          px_timeline_hit_test             (const PxChartTheme *theme,
                                                    GPtrArray          *runs,
                                                    double              width,
                                                    double              height,
                                                    double              t0_us,
                                                    double              t1_us,
                                                    double              x,
                                                    double              y,
                                                    guint              *run,
                                                    guint              *index);

typedef enum
{
  PX_WALL_CPU_BAR_WALL,
  PX_WALL_CPU_BAR_CPU_USER,
  PX_WALL_CPU_BAR_CPU_SYS,
} PxWallCpuBar;

void              px_draw_wall_cpu                 (cairo_t            *cr,
                                                    const PxChartTheme *theme,
                                                    GPtrArray          *runs,
                                                    double              width,
                                                    double              height);
gboolean          px_wall_cpu_get_bar_rect         (const PxChartTheme *theme,
                                                    GPtrArray          *runs,
                                                    double              width,
                                                    double              height,
                                                    guint               run,
                                                    PxWallCpuBar        bar,
                                                    graphene_rect_t    *rect);
/* The run whose group is under (x, y), or -1. */
gint              px_wall_cpu_hit_test             (const PxChartTheme *theme,
                                                    GPtrArray          *runs,
                                                    double              width,
                                                    double              height,
                                                    double              x,
                                                    double              y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxTimelineLayout, px_timeline_layout_free)

G_END_DECLS
