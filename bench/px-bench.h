/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the benches share: frame times in milliseconds, reported as their
 * median and 95th percentile against a frame budget. Times are the CPU
 * time of the drawing thread: on a shared machine, wall time would also
 * count the time spent waiting for a core. */

/* The first argument, or default_frames; never fewer than 10 frames. */
guint  px_bench_parse_frames (int          argc,
                              char        *argv[],
                              guint        default_frames);
/* This thread's CPU time, in µs. */
gint64 px_bench_now          (void);
/* Since begin, a px_bench_now (). */
double px_bench_elapsed_ms   (gint64       begin);
/* Sorts ms in place. */
void   px_bench_report       (const char  *what,
                              double      *ms,
                              guint        n,
                              double       target_ms);

G_END_DECLS
