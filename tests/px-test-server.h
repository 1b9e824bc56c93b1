/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "px-mock-server.h"

G_BEGIN_DECLS

/* Under AddressSanitizer every allocation is many times slower: latencies
 * are stretched so that requests still overlap, and CPU-bound time limits
 * with them. The limits stay far below what serial requests would take. */
#if defined(__SANITIZE_ADDRESS__)
#define SLOWDOWN 20
#elif defined(__has_feature)
#if __has_feature (address_sanitizer)
#define SLOWDOWN 20
#endif
#endif
#ifndef SLOWDOWN
#define SLOWDOWN 1
#endif

/* The server runs in its own thread on its own main context: a sync client
 * call against a server on the same thread would never be answered. */
typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  PxMockServer *server;
  char         *url;
  guint         latency_ms;
  GMutex        mutex;
  GCond         cond;
  gboolean      ready;
} ServerThread;

ServerThread *server_thread_start (guint         latency_ms);
void          server_thread_stop  (ServerThread *st);

G_END_DECLS
