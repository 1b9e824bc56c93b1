/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-sys"
#define _GNU_SOURCE /* RUSAGE_THREAD */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "px-sys.h"

static gint64
timeval_to_us (const struct timeval *tv)
{
  return (gint64) tv->tv_sec * G_USEC_PER_SEC + tv->tv_usec;
}

gint64
px_thread_cpu_us (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;

  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

void
px_process_cpu_times (PxCpuTimes *self_times,
                      PxCpuTimes *children_times)
{
  struct rusage ru;

  if (self_times != NULL && getrusage (RUSAGE_SELF, &ru) == 0)
    {
      self_times->user_us = timeval_to_us (&ru.ru_utime);
      self_times->sys_us = timeval_to_us (&ru.ru_stime);
    }

  if (children_times != NULL && getrusage (RUSAGE_CHILDREN, &ru) == 0)
    {
      children_times->user_us = timeval_to_us (&ru.ru_utime);
      children_times->sys_us = timeval_to_us (&ru.ru_stime);
    }
}

gint64
px_thread_cpu_wait_us (void)
{
  static gsize reported;
  g_autofree char *contents = NULL;
  char *end;
  guint64 wait_ns;

  /* "time on a CPU (ns), time waiting on a run queue (ns), timeslices" */
  if (g_file_get_contents ("/proc/thread-self/schedstat", &contents, NULL, NULL))
    {
      g_ascii_strtoull (contents, &end, 10);
      if (end != contents && *end == ' ')
        {
          char *start = end;

          wait_ns = g_ascii_strtoull (start, &end, 10);
          if (end != start)
            return (gint64) (wait_ns / 1000);
        }
    }

  if (g_once_init_enter (&reported))
    {
      g_printerr ("%s\n", _("This kernel does not report how long threads wait for a CPU "
                            "(/proc/thread-self/schedstat): CPU wait is left unknown."));
      g_once_init_leave (&reported, 1);
    }

  return -1;
}

gboolean
px_read_machine_times (gint64 *busy_us,
                       gint64 *steal_us)
{
  g_autofree char *stat = NULL;
  guint64 v[8] = { 0 };
  guint64 all = 0, idle;
  long hz = sysconf (_SC_CLK_TCK);
  char *p;

  if (hz <= 0 || !g_file_get_contents ("/proc/stat", &stat, NULL, NULL) ||
      !g_str_has_prefix (stat, "cpu "))
    return FALSE;

  /* "cpu user nice system idle iowait irq softirq steal …" in clock ticks */
  p = stat + strlen ("cpu");
  for (guint k = 0; k < G_N_ELEMENTS (v) && *p != '\n' && *p != '\0'; k++)
    v[k] = g_ascii_strtoull (p, &p, 10);

  for (guint k = 0; k < G_N_ELEMENTS (v); k++)
    all += v[k];
  idle = MIN (v[3] + v[4] + v[7], all);

  *busy_us = (gint64) ((all - idle) * G_USEC_PER_SEC / (guint64) hz);
  *steal_us = (gint64) (v[7] * G_USEC_PER_SEC / (guint64) hz);

  return TRUE;
}

void
px_thread_cpu_times (PxCpuTimes *times)
{
  struct rusage ru;

  if (getrusage (RUSAGE_THREAD, &ru) == 0)
    {
      times->user_us = timeval_to_us (&ru.ru_utime);
      times->sys_us = timeval_to_us (&ru.ru_stime);
    }
}

void
px_peak_rss_reset (void)
{
  int fd = open ("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);

  if (fd < 0)
    return;

  /* "5" resets the peak RSS to the current RSS (Linux ≥ 4.0). */
  if (write (fd, "5", 1) != 1)
    g_debug ("Could not reset the peak RSS: %s", g_strerror (errno));
  close (fd);
}

guint64
px_peak_rss_bytes (void)
{
  g_autofree char *status = NULL;
  const char *line;
  struct rusage ru;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "VmHWM:")) != NULL)
    return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10) * 1024;

  if (getrusage (RUSAGE_SELF, &ru) == 0)
    return (guint64) ru.ru_maxrss * 1024;

  return 0;
}

guint
px_count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return 0;

  while (g_dir_read_name (dir) != NULL)
    n++;

  /* The directory's own descriptor is not one of ours. */
  return n > 0 ? n - 1 : 0;
}

GArray *
px_list_children (void)
{
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (GPid));
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  if (tasks == NULL)
    return pids;

  while ((tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", tid, "children", NULL);
      g_autofree char *contents = NULL;
      g_auto(GStrv) parts = NULL;

      if (!g_file_get_contents (path, &contents, NULL, NULL))
        continue;

      parts = g_strsplit_set (g_strstrip (contents), " \n", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          GPid pid;

          if (parts[i][0] == '\0')
            continue;
          pid = (GPid) g_ascii_strtoll (parts[i], NULL, 10);
          g_array_append_val (pids, pid);
        }
    }

  return pids;
}

gint64
px_live_children_cpu_us (void)
{
  g_autoptr(GArray) pids = px_list_children ();
  long hz = sysconf (_SC_CLK_TCK);
  guint64 ticks = 0;

  for (guint i = 0; i < pids->len && hz > 0; i++)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%d/stat", g_array_index (pids, GPid, i));
      g_autofree char *stat = NULL;
      const char *p;

      if (!g_file_get_contents (path, &stat, NULL, NULL) || (p = strrchr (stat, ')')) == NULL)
        continue;

      /* After "pid (comm)": state is field 3, utime and stime 14 and 15. */
      p++;
      for (guint field = 3; field < 14 && p != NULL; field++)
        p = strchr (p + 1, ' ');
      if (p == NULL)
        continue;

      ticks += g_ascii_strtoull (p, (char **) &p, 10);
      ticks += g_ascii_strtoull (p, NULL, 10);
    }

  return hz > 0 ? (gint64) (ticks * G_USEC_PER_SEC / (guint64) hz) : 0;
}

gboolean
px_read_core_times (GArray *busy,
                    GArray *total)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) lines = NULL;

  g_array_set_size (busy, 0);
  g_array_set_size (total, 0);

  if (!g_file_get_contents ("/proc/stat", &stat, NULL, NULL))
    return FALSE;

  lines = g_strsplit (stat, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* "cpuN user nice system idle iowait irq softirq steal …"; the
       * summary line "cpu " has no number. */
      guint64 v[8] = { 0 };
      guint64 all = 0, idle, used;
      char *p;

      if (!g_str_has_prefix (lines[i], "cpu") || !g_ascii_isdigit (lines[i][3]))
        continue;

      p = strchr (lines[i], ' ');
      for (guint k = 0; k < G_N_ELEMENTS (v) && p != NULL && *p != '\0'; k++)
        v[k] = g_ascii_strtoull (p, &p, 10);

      for (guint k = 0; k < G_N_ELEMENTS (v); k++)
        all += v[k];
      idle = MIN (v[3] + v[4], all);
      used = all - idle;

      g_array_append_val (total, all);
      g_array_append_val (busy, used);
    }

  return total->len > 0;
}

void
px_set_thread_nice (int nice)
{
  /* Lowering it back may be refused without privileges: that only keeps
   * a reused pool thread nicer than asked. */
  if (setpriority (PRIO_PROCESS, (id_t) gettid (), nice) != 0)
    g_debug ("Could not set the thread's niceness to %d: %s", nice, g_strerror (errno));
}

void
px_raise_fd_limit (void)
{
  struct rlimit rl;

  if (getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max)
    {
      rl.rlim_cur = rl.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &rl) != 0)
        g_debug ("Could not raise the open file limit: %s", g_strerror (errno));
    }
}

char *
px_find_worker_binary (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *installed = NULL;
  const char *override = g_getenv ("PARALLAX_WORKER");

  if (override != NULL && g_path_is_absolute (override))
    return g_strdup (override);

  if (exe != NULL && g_str_has_prefix (exe, PX_BUILD_ROOT G_DIR_SEPARATOR_S))
    return g_build_filename (PX_BUILD_ROOT, "src", "worker", "parallax-worker", NULL);

  installed = g_build_filename (PX_LIBEXECDIR, "parallax-worker", NULL);
  return g_steal_pointer (&installed);
}
