/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "px-runner.h"

G_BEGIN_DECLS

typedef struct
{
  guint  workers;
  double wall_s;      /* median of the repeats */
  double wall_min_s;
  double wall_max_s;
  double speedup;     /* against the median at N = 1 */
  double efficiency;
  double karp_flatt;  /* NAN at N = 1 */
} PxScalePoint;

#define PX_TYPE_SCALER (px_scaler_get_type ())
G_DECLARE_FINAL_TYPE (PxScaler, px_scaler, PX, SCALER, GObject)

/* Measures one strategy at N = 1, 2, 4, … up to max_workers (and
 * max_workers itself), the median of `repeat` runs each. "progress"
 * (runs done, runs in all) is emitted after every run. */
PxScaler           *px_scaler_new           (PxRunner      *runner,
                                             PxWorkload    *workload,
                                             PxStrategy     strategy,
                                             guint          max_workers,
                                             guint          repeat);
void                px_scaler_run_async     (PxScaler      *self,
                                             GCancellable  *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer       user_data);
gboolean            px_scaler_run_finish    (PxScaler      *self,
                                             GAsyncResult  *result,
                                             GError       **error);
guint               px_scaler_get_n_points  (PxScaler      *self);
const PxScalePoint *px_scaler_get_point     (PxScaler      *self,
                                             guint          index);
/* P fitted by least squares on 1/S = (1 − P) + P/N over the points with
 * no more workers than cores; NAN without a fit. */
double              px_scaler_get_fitted_p  (PxScaler      *self);
/* Task failures seen over all runs (a scale with failures is suspect). */
guint               px_scaler_get_tasks_failed (PxScaler   *self);
JsonNode           *px_scaler_to_json       (PxScaler      *self);
char               *px_scaler_to_csv        (PxScaler      *self);

G_END_DECLS
