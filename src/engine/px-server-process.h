/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PX_TYPE_SERVER_PROCESS (px_server_process_get_type ())
G_DECLARE_FINAL_TYPE (PxServerProcess, px_server_process, PX, SERVER_PROCESS, GObject)

/* The embedded GitHub-like server in a process of its own
 * (parallax-worker --serve), so that its CPU time never counts as the
 * workload's. It stops when this object goes away. */
PxServerProcess *px_server_process_new          (const char       *worker_path,
                                                 guint             latency_ms);
gboolean         px_server_process_start        (PxServerProcess  *self,
                                                 GCancellable     *cancellable,
                                                 GError          **error);
void             px_server_process_start_async  (PxServerProcess  *self,
                                                 GCancellable     *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer          user_data);
gboolean         px_server_process_start_finish (PxServerProcess  *self,
                                                 GAsyncResult     *result,
                                                 GError          **error);
/* "http://127.0.0.1:PORT"; NULL until started. */
const char      *px_server_process_get_url      (PxServerProcess  *self);
void             px_server_process_stop         (PxServerProcess  *self);

G_END_DECLS
