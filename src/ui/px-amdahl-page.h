/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "px-types.h"

G_BEGIN_DECLS

#define PX_TYPE_AMDAHL_PAGE (px_amdahl_page_get_type ())
G_DECLARE_FINAL_TYPE (PxAmdahlPage, px_amdahl_page, PX, AMDAHL_PAGE, GtkWidget)

/* The Amdahl page: S(N) with P and N sliders, and over it the speedups
 * measured on this machine with P fitted to them. Its actions
 * ("amdahl.measure", "amdahl.stop", "amdahl.use-fitted-p",
 * "amdahl.export-chart", "amdahl.copy-chart") are in the "amdahl" action
 * group. "measure-finished" is emitted when a measurement ends. */
/* P, N and the axis choices are kept in settings. */
void          px_amdahl_page_set_settings     (PxAmdahlPage *self,
                                               GSettings    *settings);
GActionGroup *px_amdahl_page_get_action_group (PxAmdahlPage *self);
double        px_amdahl_page_get_p            (PxAmdahlPage *self);
void          px_amdahl_page_set_p            (PxAmdahlPage *self,
                                               double        p);
guint         px_amdahl_page_get_n            (PxAmdahlPage *self);
void          px_amdahl_page_set_n            (PxAmdahlPage *self,
                                               guint         n);
/* NAN until points were measured and fitted. */
double        px_amdahl_page_get_fitted_p     (PxAmdahlPage *self);
guint         px_amdahl_page_get_n_points     (PxAmdahlPage *self);
gboolean      px_amdahl_page_get_measuring    (PxAmdahlPage *self);
void          px_amdahl_page_stop             (PxAmdahlPage *self);
/* Takes the speedups of a Run page batch that covered several worker
 * counts (the sequential run and the threads or processes runs). */
void          px_amdahl_page_show_runs        (PxAmdahlPage *self,
                                               GPtrArray    *runs);
void          px_amdahl_page_set_controls_visible (PxAmdahlPage *self,
                                                   gboolean      visible);
void          px_amdahl_page_set_chart_zoom   (PxAmdahlPage *self,
                                               double        zoom);
/* Sets the measurement's workload ("decompress" or "amdahl"), serial
 * fraction (< 0: as it is) and strategy (threads or processes), and
 * starts Measure Scaling; nothing while a measurement runs. */
void          px_amdahl_page_measure          (PxAmdahlPage *self,
                                               const char   *workload,
                                               double        serial,
                                               PxStrategy    strategy);

G_END_DECLS
