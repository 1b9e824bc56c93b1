/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "px-bench.h"

guint
px_bench_parse_frames (int    argc,
                       char  *argv[],
                       guint  default_frames)
{
  guint frames = argc > 1 ? (guint) atoi (argv[1]) : default_frames;

  return MAX (frames, 10);
}

gint64
px_bench_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

double
px_bench_elapsed_ms (gint64 begin)
{
  return (px_bench_now () - begin) / 1e3;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

void
px_bench_report (const char *what,
                 double     *ms,
                 guint       n,
                 double      target_ms)
{
  double median, p95;

  qsort (ms, n, sizeof *ms, compare_double);
  median = ms[n / 2];
  p95 = ms[MIN ((guint) (n * 0.95), n - 1)];
  g_print ("%-44s median %7.3f ms  p95 %7.3f ms  median/target %.2f\n", what, median, p95, median / target_ms);
}
