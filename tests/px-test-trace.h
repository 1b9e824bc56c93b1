/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Asserts what Perfetto needs of a Chrome trace: on each (pid, tid) the "X"
 * slices are disjoint or nested, never partly overlapping, and each such
 * thread is named by "thread_name" metadata. Returns the number of threads
 * with slices. */
guint px_test_assert_trace_nests (JsonNode *trace);

G_END_DECLS
