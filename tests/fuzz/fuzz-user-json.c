/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer: the parser of a server's reply to GET /users/LOGIN. */
#include "config.h"

#include "px-engine.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  PxTaskOutcome outcome;

  px_task_outcome_init (&outcome);
  px_fetch_parse_reply ("torvalds", (const char *) data, size, 1024 * 1024, TRUE, &outcome, NULL);
  px_task_outcome_clear (&outcome);

  return 0;
}
