/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The worker protocol: each frame is an 8-byte header (payload length as a
 * big-endian uint32, a kind byte, three zero bytes that keep the payload
 * aligned for GVariant) and a GVariant payload in normal form. Both sides check the length against PX_FRAME_MAX_PAYLOAD and the
 * payload against the kind's type before they trust it. */

#define PX_FRAME_HEADER_SIZE 8
/* Room for an output at the default 256 MiB cap plus the record around it. */
#define PX_FRAME_MAX_PAYLOAD ((guint32) 320 * 1024 * 1024)

typedef enum
{
  PX_FRAME_SETUP  = 'S', /* (sa{sv}b): workload type, its settings, return outputs */
  PX_FRAME_TASK   = 'T', /* (uay): task index, task input */
  PX_FRAME_RESULT = 'R', /* see PX_FRAME_RESULT_TYPE */
} PxFrameKind;

#define PX_FRAME_SETUP_TYPE  "(sa{sv}b)"
#define PX_FRAME_TASK_TYPE   "(uay)"
/* index, error domain ("" when ok), error code, error message, start µs,
 * end µs (CLOCK_MONOTONIC, shared with the parent), CPU µs, output length,
 * checksum, output (empty unless returned), summary, worker peak RSS */
#define PX_FRAME_RESULT_TYPE "(usisxxxtuayst)"

const GVariantType *px_frame_kind_get_type (PxFrameKind   kind);
GBytes   *px_frame_encode        (PxFrameKind    kind,
                                  GVariant      *payload);
gboolean  px_frame_parse_header  (const guint8  *header,
                                  PxFrameKind   *kind,
                                  guint32       *length,
                                  GError       **error);
GVariant *px_frame_decode        (PxFrameKind    kind,
                                  GBytes        *payload,
                                  GError       **error);
/* Blocking, on plain file descriptors (the worker's side). read returns
 * FALSE with no error at a clean end of file before a header. */
gboolean  px_frame_read_fd       (int            fd,
                                  PxFrameKind   *kind,
                                  GVariant     **payload,
                                  GError       **error);
gboolean  px_frame_write_fd      (int            fd,
                                  PxFrameKind    kind,
                                  GVariant      *payload,
                                  GError       **error);

G_END_DECLS
