/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* json-glib parses recursively: a document nested a hundred thousand deep
 * overflows the stack. Everything we read from outside goes through
 * px_json_parse, which measures the nesting first. Our own documents are
 * at most five deep. */
#define PX_JSON_MAX_DEPTH 64

/* The deepest nesting of arrays and objects in data (strings skipped);
 * stops counting at limit + 1. */
guint       px_json_scan_depth (const char  *data,
                                gsize        length,
                                guint        limit);
/* Parses data of at most max_length bytes and at most PX_JSON_MAX_DEPTH
 * levels. Returns the parser, whose root is never NULL, or NULL with error
 * set (PX_ERROR_MALFORMED, or PX_ERROR_TOO_LARGE) — also for an empty
 * document, which json-glib accepts without a root. */
JsonParser *px_json_parse      (const char  *data,
                                gsize        length,
                                gsize        max_length,
                                GError     **error);

G_END_DECLS
