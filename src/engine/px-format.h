/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Text formats of results: JSON and CSV. */

/* The version of the JSON that run, scale and amdahl write ("format_version").
 * 2: saved results carry their context (created, app_version, machine,
 * parameters); files of version 1 still load. */
#define PX_JSON_FORMAT_VERSION 2

/* node as indented JSON text. Unlike json_to_string(), which writes every
 * double with 17 digits (0.94999999999999996), a double is written with six
 * decimals at most (the microsecond, the finest thing Parallax measures),
 * without trailing zeros but always with a decimal point (0.95, 20.0). */
char *px_json_to_text      (JsonNode   *node);
/* Adds the member name to the object builder is in: value, or null. */
void  px_json_add_string_or_null (JsonBuilder *builder,
                                  const char  *name,
                                  const char  *value);
/* Appends field to a CSV line as RFC 4180 has it: quoted, with quotes
 * doubled, when it holds a comma, a quote or a line break. */
void  px_csv_append_field  (GString    *line,
                            const char *field);

G_END_DECLS
