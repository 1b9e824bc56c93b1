/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "px-workload.h"

G_BEGIN_DECLS

#define PX_TYPE_AMDAHL_WORKLOAD (px_amdahl_workload_get_type ())
G_DECLARE_FINAL_TYPE (PxAmdahlWorkload, px_amdahl_workload, PX, AMDAHL_WORKLOAD, PxWorkload)

/* A fixed amount of deterministic CPU work: the serial fraction runs once in
 * run_serial(), the rest is split evenly into the tasks. */
PxWorkload *px_amdahl_workload_new (guint   n_tasks,
                                    double  serial_fraction);

G_END_DECLS
