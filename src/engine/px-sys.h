/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64 user_us;
  gint64 sys_us;
} PxCpuTimes;

/* CPU time of the calling thread. */
gint64   px_thread_cpu_us        (void);
/* getrusage() of this process, and of its reaped children. */
void     px_process_cpu_times    (PxCpuTimes *self_times,
                                  PxCpuTimes *children_times);
/* Time the calling thread has waited on a run queue for a CPU, from the
 * second field of /proc/thread-self/schedstat; -1 where the kernel does not
 * report it (said once, on standard error). */
gint64   px_thread_cpu_wait_us   (void);
/* The whole machine's busy time (all cores, steal excluded) and steal time
 * since boot, in µs, from the "cpu" line of /proc/stat; FALSE when it cannot
 * be read. */
gboolean px_read_machine_times   (gint64     *busy_us,
                                  gint64     *steal_us);
/* getrusage() of the calling thread. */
void     px_thread_cpu_times     (PxCpuTimes *times);
/* Peak resident set size of this process since the last reset. The reset
 * needs /proc/self/clear_refs; where it is refused the peak is the
 * lifetime one. */
void     px_peak_rss_reset       (void);
guint64  px_peak_rss_bytes       (void);
guint    px_count_open_fds       (void);
/* Process ids of the live (or unreaped) children of this process. */
GArray  *px_list_children        (void);
/* CPU time (user + system, µs) so far of this process's live children
 * (the embedded server, say): reaped ones count in RUSAGE_CHILDREN. */
gint64   px_live_children_cpu_us (void);
/* Each core's cumulative busy and total time (clock ticks) from
 * /proc/stat; FALSE when it cannot be read. */
gboolean px_read_core_times      (GArray     *busy,
                                  GArray     *total);
/* Sets the calling thread's niceness (Linux keeps one per thread); a
 * thread of a GLib pool is reused, so this sets it back as well. */
void     px_set_thread_nice      (int         nice);
/* Lifts the soft limit on open files to the hard one: a thousand
 * connections in flight need more than the usual 1,024. */
void     px_raise_fd_limit       (void);
/* parallax-worker: next to the running program in the build tree, else in
 * the installed libexecdir. Never looked up on $PATH. */
char    *px_find_worker_binary   (void);

G_END_DECLS
