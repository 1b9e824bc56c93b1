/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PX_TYPE_MOCK_SERVER (px_mock_server_get_type ())
G_DECLARE_FINAL_TYPE (PxMockServer, px_mock_server, PX, MOCK_SERVER, GObject)

#define PX_MOCK_SERVER_DEFAULT_LATENCY_MS 100
/* The API takes no bodies: a request announcing more gets a 413. */
#define PX_MOCK_SERVER_MAX_REQUEST_BODY   (64 * 1024)

/* A GitHub-like API on 127.0.0.1: GET /users/{login}. It serves from the
 * thread-default main context of the thread that calls listen(); drop the
 * last reference on that thread too. Logins starting with fault-500-,
 * fault-ratelimit-, fault-malformed-, fault-slow-, fault-drop-, fault-big-,
 * fault-type- or fault-missing- get the matching faulty answer, and
 * ?latency_ms=N overrides the latency of one request. */
PxMockServer *px_mock_server_new            (guint          latency_ms);
gboolean      px_mock_server_listen         (PxMockServer  *self,
                                             guint          port,
                                             GError       **error);
guint         px_mock_server_get_port       (PxMockServer  *self);
/* "http://127.0.0.1:PORT", no trailing slash. */
char         *px_mock_server_dup_url        (PxMockServer  *self);
guint         px_mock_server_get_latency_ms (PxMockServer  *self);
void          px_mock_server_set_latency_ms (PxMockServer  *self,
                                             guint          latency_ms);
/* Requests answered so far, and the most that were in flight at once. */
guint         px_mock_server_get_n_served   (PxMockServer  *self);
guint         px_mock_server_get_max_in_flight (PxMockServer *self);
/* Connections that carried a request so far. */
guint         px_mock_server_get_n_connections (PxMockServer *self);
/* Every response carries "x-parallax-auth: present" when the request had an
 * Authorization header (never its value). Counted as authorized are the
 * requests with "Authorization: Bearer TOKEN": TOKEN as set here, or any
 * token while none is set. */
void          px_mock_server_set_expected_token (PxMockServer *self,
                                                 const char   *token);
guint         px_mock_server_get_n_authorized (PxMockServer *self);

G_END_DECLS
