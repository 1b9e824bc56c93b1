/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "px-run-result.h"

G_BEGIN_DECLS

/* What the charts share: colours, the theme, text, ticks and units. The
 * charts are plain cairo and Pango drawing, without GTK, so the window, the
 * export and parallax-cli draw them alike. */

typedef struct
{
  double red, green, blue, alpha;
} PxChartColor;

typedef struct
{
  double x, y, width, height;
} PxChartRect;

typedef struct
{
  PxChartColor  foreground;
  PxChartColor  background;  /* alpha 0: leave the surface as it is */
  PxChartColor  grid;
  PxChartColor  muted;       /* secondary text */
  PxChartColor  error;
  PxChartColor  strategy[PX_N_STRATEGIES];
  const char   *font_family; /* a static string */
  double        font_size;   /* in pixels, at scale 1 */
  /* The unit everything is drawn in, in pixels: fonts, line widths,
   * paddings, lane heights and hatching are multiples of it. */
  double        scale;
} PxChartTheme;

/* The reference output: a chart drawn at this size has scale 1 × zoom,
 * twice that size scale 2. */
#define PX_CHART_REFERENCE_WIDTH  1280
#define PX_CHART_REFERENCE_HEIGHT 720

/* Scale 1. */
void     px_chart_theme_init_default (PxChartTheme       *theme,
                                      gboolean            dark);
/* The unit for an output of width × height at a zoom factor. */
double   px_chart_scale_for_size     (double              width,
                                      double              height,
                                      double              zoom);
/* The font size in pixels: font_size × scale. */
double   px_chart_theme_get_font     (const PxChartTheme *theme);
gboolean px_chart_color_parse        (PxChartColor       *color,
                                      const char         *spec);
void     px_chart_set_source         (cairo_t            *cr,
                                      const PxChartColor *color,
                                      double              alpha);

char    *px_chart_format_duration    (double              us);
char    *px_chart_format_bytes       (guint64             bytes);

/* Text in the theme's font, through one PangoLayout per drawing. */
typedef struct
{
  cairo_t              *cr;
  const PxChartTheme   *theme;
  PangoLayout          *layout;
  PangoFontDescription *font;
  double                size;  /* of the font set on the layout */
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
/* Sizes are a factor of the theme's font (with its scale); both return
 * the width in pixels. */
double px_chart_text_measure       (PxChartText        *text,
                                    const char         *s,
                                    double              size,
                                    PxChartTextFlags    flags);
/* Draws s with its box aligned on (x, y) by xalign and yalign (0 = left
 * or top, 1 = right or bottom). */
double px_chart_text_draw          (PxChartText        *text,
                                    const char         *s,
                                    double              x,
                                    double              y,
                                    double              xalign,
                                    double              yalign,
                                    const PxChartColor *color,
                                    double              size,
                                    PxChartTextFlags    flags);
/* As px_chart_text_draw, cut with an ellipsis to fit in max_width pixels
 * (nothing when there is no room). */
double px_chart_text_draw_within   (PxChartText        *text,
                                    const char         *s,
                                    double              x,
                                    double              y,
                                    double              max_width,
                                    double              xalign,
                                    double              yalign,
                                    const PxChartColor *color,
                                    double              size,
                                    PxChartTextFlags    flags);
/* As px_chart_text_draw, unless its box would overlap one in placed (an
 * array of PxRect, see px-chart-private.h), to which it is then added:
 * labels drawn in order of importance keep the important ones. FALSE when
 * left out. */
gboolean px_chart_text_draw_placed (PxChartText        *text,
                                    GArray             *placed,
                                    const char         *s,
                                    double              x,
                                    double              y,
                                    double              xalign,
                                    double              yalign,
                                    const PxChartColor *color,
                                    double              size,
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

/* A line under a chart saying what it shows: the workload, its
 * parameters, the machine and the date. machine and date may be NULL. */
char  *px_chart_caption_for_runs   (GPtrArray          *runs,
                                    const char         *machine,
                                    GDateTime          *date);
/* Draws caption along the bottom of width × height and returns the height
 * it took, which the chart above leaves free. */
double px_chart_draw_caption       (cairo_t            *cr,
                                    const PxChartTheme *theme,
                                    const char         *caption,
                                    double              width,
                                    double              height);

G_END_DECLS
