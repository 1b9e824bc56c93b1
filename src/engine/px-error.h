/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PX_ERROR (px_error_quark ())

typedef enum
{
  PX_ERROR_FAILED,
  PX_ERROR_NOT_FOUND,     /* 404: no such user */
  PX_ERROR_RATE_LIMITED,  /* 403/429 with x-ratelimit-remaining: 0 */
  PX_ERROR_HTTP,          /* any other unexpected status */
  PX_ERROR_MALFORMED,     /* bad JSON, missing or mistyped fields */
  PX_ERROR_TOO_LARGE,     /* a body or an output over its cap */
  PX_ERROR_CORRUPT,       /* a blob that is not valid bz2 */
  PX_ERROR_MISMATCH,      /* output length or checksum differs from the reference */
  PX_ERROR_WORKER,        /* a worker process died or could not start */
  PX_ERROR_PROTOCOL,      /* a worker sent a frame that does not validate */
} PxError;

GQuark px_error_quark (void);

G_END_DECLS
