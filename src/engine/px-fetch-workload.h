/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "px-workload.h"

G_BEGIN_DECLS

#define PX_TYPE_FETCH_WORKLOAD (px_fetch_workload_get_type ())
G_DECLARE_FINAL_TYPE (PxFetchWorkload, px_fetch_workload, PX, FETCH_WORKLOAD, PxWorkload)

/* Task i: GET {api_url}/users/{login_i}. Logins default to the bundled list
 * and repeat when there are more tasks than logins. */
PxWorkload *px_fetch_workload_new          (const char       *api_url,
                                            guint             n_tasks);
void        px_fetch_workload_set_logins   (PxFetchWorkload  *self,
                                            const char * const *logins);
gboolean    px_fetch_workload_load_logins  (PxFetchWorkload  *self,
                                            const char       *path,
                                            GError          **error);
/* The bundled list (at least 1,000, the classic four first). */
GStrv       px_fetch_workload_dup_default_logins (void);
/* An API address the fetch workload can use: http or https, a host, no
 * user name or password, no query or fragment. The error never shows
 * credentials. */
/* Parses a reply to GET /users/ASKED into the outcome (login, name,
 * created_at); what a task does with the body it read. */
gboolean    px_fetch_parse_reply           (const char       *asked,
                                            const char       *body,
                                            gsize             body_len,
                                            gsize             max_body,
                                            gboolean          keep_output,
                                            PxTaskOutcome    *outcome,
                                            GError          **error);
gboolean    px_fetch_check_api_url         (const char       *url,
                                            GError          **error);

G_END_DECLS
