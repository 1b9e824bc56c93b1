/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "px-amdahl-draw.h"
#include "px-chart-draw.h"

G_BEGIN_DECLS

#define PX_TYPE_AMDAHL_CHART (px_amdahl_chart_get_type ())
G_DECLARE_FINAL_TYPE (PxAmdahlChart, px_amdahl_chart, PX, AMDAHL_CHART, GtkWidget)

/* Amdahl's law for a chosen P and N (see px-amdahl-draw.h), redrawn on
 * every change of the properties "p", "n", "log-y" and "gustafson", with
 * measured points of a scaling run and their tooltips. With the keyboard
 * focus, Left and Right move between the points, with their tooltip. The
 * "zoom" property scales text, lines and dots. */
GtkWidget *px_amdahl_chart_new              (void);
double     px_amdahl_chart_get_p            (PxAmdahlChart      *self);
/* Clamped to [0, 1]. */
void       px_amdahl_chart_set_p            (PxAmdahlChart      *self,
                                             double              p);
double     px_amdahl_chart_get_n            (PxAmdahlChart      *self);
/* Clamped to [1, 4096]. */
void       px_amdahl_chart_set_n            (PxAmdahlChart      *self,
                                             double              n);
gboolean   px_amdahl_chart_get_log_y        (PxAmdahlChart      *self);
void       px_amdahl_chart_set_log_y        (PxAmdahlChart      *self,
                                             gboolean            log_y);
gboolean   px_amdahl_chart_get_gustafson    (PxAmdahlChart      *self);
void       px_amdahl_chart_set_gustafson    (PxAmdahlChart      *self,
                                             gboolean            gustafson);
/* Copies the points and their labels (n_points strategy titles, or
 * NULL); fitted_p is NAN without a fit. Points with more workers than
 * this machine's cores are drawn hollow. */
void       px_amdahl_chart_set_points       (PxAmdahlChart      *self,
                                             const PxScalePoint *points,
                                             guint               n_points,
                                             const char *const  *labels,
                                             double              fitted_p);
/* What the widget draws, to draw it elsewhere (export) with
 * px_draw_amdahl (); out->points and out->point_labels stay the
 * widget's until the next px_amdahl_chart_set_points (). */
void       px_amdahl_chart_get_plot         (PxAmdahlChart      *self,
                                             PxAmdahlPlot       *out);
double     px_amdahl_chart_get_zoom         (PxAmdahlChart      *self);
/* Clamped to [PX_CHART_ZOOM_MIN, PX_CHART_ZOOM_MAX]. */
void       px_amdahl_chart_set_zoom         (PxAmdahlChart      *self,
                                             double              zoom);
/* The marker's centre, in the widget's coordinates. */
void       px_amdahl_chart_get_marker_point (PxAmdahlChart      *self,
                                             double             *x,
                                             double             *y);

G_END_DECLS
