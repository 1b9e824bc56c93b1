/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "px-types.h"

G_BEGIN_DECLS

/* A simulated global interpreter lock, as CPython's: held while running
 * "Python" work, dropped around I/O and C work that releases it, and handed
 * over every switch interval only when another thread asks for it. Fair
 * (FIFO), so that a thread that drops it to let others run really lets
 * them, as CPython's forced switching does; waiting threads sleep. */
PxGil   *px_gil_new     (gint64 switch_interval_us);
void     px_gil_free    (PxGil *gil);
void     px_gil_acquire (PxGil *gil);
void     px_gil_release (PxGil *gil);
/* Called while holding the lock: hands it over when the holder has had it
 * for the switch interval and someone is waiting. */
void     px_gil_yield   (PxGil *gil);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxGil, px_gil_free)

G_END_DECLS
