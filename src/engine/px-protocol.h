/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The worker protocol. Each frame is a 16-byte header — the length of the
 * record and of the bulk data as big-endian uint32s, a kind byte, seven zero
 * bytes — then a record, a small GVariant in normal form, followed by zeros
 * up to a multiple of 8 bytes (PX_FRAME_PADDED), then the bulk data (a task's input, a task's output) as raw bytes. Both
 * sides check the lengths against the limits and the record against its
 * kind's type before they trust it; bulk data is checked by its consumer
 * (a result's output against its length and checksum). Keeping bulk data
 * out of the GVariant spares a per-byte normal-form check. */

#define PX_FRAME_HEADER_SIZE 16
#define PX_FRAME_MAX_RECORD  ((guint32) 1024 * 1024)
/* Room for an output at the default 256 MiB cap. */
#define PX_FRAME_MAX_BULK    ((guint32) 320 * 1024 * 1024)

typedef enum
{
  PX_FRAME_SETUP  = 'S', /* (sa{sv}b): workload type, its settings, return outputs */
  PX_FRAME_TASK   = 'T', /* (u): task index; bulk: the task's input */
  PX_FRAME_RESULT = 'R', /* see PX_FRAME_RESULT_TYPE; bulk: the output, if returned */
} PxFrameKind;

#define PX_FRAME_SETUP_TYPE  "(sa{sv}b)"
#define PX_FRAME_TASK_TYPE   "(u)"
/* index, error domain ("" when ok), error code, error message, start µs,
 * end µs (CLOCK_MONOTONIC, shared with the parent), CPU µs, µs waiting for
 * a CPU (-1: unknown), output length, checksum, summary, worker peak RSS */
#define PX_FRAME_RESULT_TYPE "(usisxxxxtust)"

#define PX_FRAME_PADDED(length) (((gsize) (length) + 7) & ~(gsize) 7)

typedef struct
{
  PxFrameKind kind;
  guint32     record_length;  /* without its padding */
  guint32     bulk_length;
} PxFrameHeader;

const GVariantType *px_frame_kind_get_type (PxFrameKind          kind);
/* The header and the record; the bulk data is sent after it as it is. */
GBytes   *px_frame_encode        (PxFrameKind          kind,
                                  GVariant            *record,
                                  GBytes              *bulk);
gboolean  px_frame_parse_header  (const guint8        *data,
                                  PxFrameHeader       *header,
                                  GError             **error);
GVariant *px_frame_decode_record (PxFrameKind          kind,
                                  GBytes              *record,
                                  GError             **error);
/* Blocking, on plain file descriptors (the worker's side). read returns
 * FALSE with no error at a clean end of file before a header. */
gboolean  px_frame_read_fd       (int                  fd,
                                  PxFrameKind         *kind,
                                  GVariant           **record,
                                  GBytes             **bulk,
                                  GError             **error);
gboolean  px_frame_write_fd      (int                  fd,
                                  PxFrameKind          kind,
                                  GVariant            *record,
                                  GBytes              *bulk,
                                  GError             **error);

G_END_DECLS
