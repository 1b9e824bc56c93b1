/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "px-chart-common.h"

G_BEGIN_DECLS

/* What the chart tests share: reading back pixels, and putting a widget on
 * screen under Xvfb. */

typedef struct
{
  double r, g, b;
} PxTestPixel;

/* setlocale, g_test_init and, with a display, gtk_init and adw_init. */
void        px_test_charts_init           (int              *argc,
                                           char           ***argv);
PxTestPixel px_test_get_pixel             (cairo_surface_t  *surface,
                                           double            x,
                                           double            y);
double      px_test_pixel_distance        (PxTestPixel       p,
                                           const PxChartColor    *c);
/* Into the build directory, for a look when a test fails. */
void        px_test_save_png              (cairo_surface_t  *surface,
                                           const char       *name);

/* TRUE, and the test skipped, without a display; fatal instead when
 * PARALLAX_REQUIRE_DISPLAY=1. */
gboolean    px_test_skip_without_display  (void);
void        px_test_wait_for_size         (GtkWidget        *widget);
/* Renders the widget as the compositor would, saves it as png and counts
 * what it drew; unless alpha_at is NULL, the alpha under (x, y) goes to
 * *alpha_at. */
guint       px_test_render_widget         (GtkWidget        *widget,
                                           const char       *png,
                                           double            x,
                                           double            y,
                                           guint8           *alpha_at);

G_END_DECLS
