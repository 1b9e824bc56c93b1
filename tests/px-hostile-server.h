/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* An HTTP server on 127.0.0.1 that answers GET /users/LOGIN badly on
 * purpose: "empty" (200, no body), "nocontent" (204), "badchunk" (broken
 * chunked encoding), "deep" (JSON nested 100,000 deep), "ctrlreason" (a
 * reason phrase of terminal escapes), "trickle" (a byte every 200 ms for
 * two minutes); anything else gets a 404. A thread per connection: a
 * trickling reply holds no one else up. */
typedef struct _HostileServer HostileServer;

HostileServer *hostile_server_start   (void);
const char    *hostile_server_get_url (HostileServer *self);
void           hostile_server_stop    (HostileServer *self);

G_END_DECLS
