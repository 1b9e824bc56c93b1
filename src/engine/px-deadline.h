/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Cancels a cancellable at a point in time (g_get_monotonic_time ()),
 * whichever thread waits on it and whether or not a main loop runs there:
 * one watcher thread serves every deadline. Stop it before the cancellable
 * goes. */
typedef struct _PxDeadline PxDeadline;

PxDeadline *px_deadline_start   (GCancellable *cancellable,
                                 gint64        deadline_us);
gboolean    px_deadline_expired (PxDeadline   *self);
void        px_deadline_stop    (PxDeadline   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxDeadline, px_deadline_stop)

G_END_DECLS
