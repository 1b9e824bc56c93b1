/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "px-safe-io.h"

G_BEGIN_DECLS

/* What the commands of parallax-cli share. */

#define EXIT_TASKS_FAILED 1
#define EXIT_USAGE        2

/* Upper bounds of the numeric options: past them a value is a typo, and
 * would ask for hours or gigabytes. */
#define MAX_LATENCY_MS 60000
#define MAX_REPEAT     100
#define MAX_AMDAHL_N   (1 << 24)

typedef enum
{
  FORMAT_TABLE,
  FORMAT_JSON,
  FORMAT_CSV,
  FORMAT_TRACE,
} Format;

G_GNUC_PRINTF (1, 2)
int       usage_error     (const char    *format,
                           ...);
gboolean  parse_format    (const char    *name,
                           Format        *format);
gboolean  open_output     (const char    *path,
                           PxOutputFile **output,
                           GError       **error);
gboolean  write_output    (PxOutputFile  *output,
                           const char    *text,
                           GError       **error);
char     *json_take_text  (JsonNode      *node);
char     *runs_to_table   (GPtrArray     *runs);
guint     report_failures (GPtrArray     *runs);

int       command_report  (int            argc,
                           char         **argv);

G_END_DECLS
