/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text from servers, workers and files is printed to terminals and shown
 * in labels: a copy with control characters escaped (\n, \e, \x7f and C1
 * codes as \xNN or \u0085), invalid UTF-8 as U+FFFD, and cut to about
 * max_bytes with an ellipsis. NULL stays NULL. */
char *px_text_escape (const char *text,
                      gssize      length,
                      gsize       max_bytes);

/* The most of a message we keep: room for a sentence and a long name. */
#define PX_TEXT_MAX_MESSAGE 4096

G_END_DECLS
