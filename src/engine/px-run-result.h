/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "px-batch-info.h"
#include "px-types.h"

G_BEGIN_DECLS

typedef struct
{
  guint    index;
  char    *label;
  guint    lane;      /* which thread, worker process or event-loop slot */
  gint64   start_us;  /* since the run started */
  gint64   end_us;
  gint64   cpu_us;
  gint64   cpu_wait_us; /* waiting on a run queue for a CPU; -1 when unknown.
                         * The rest of the time off a CPU, end − start −
                         * cpu − cpu_wait, waited for I/O or a lock. */
  guint64  bytes_in;  /* the task's input */
  guint64  bytes_out; /* the task's output */
  guint    pid;       /* the worker process that ran it; 0 in this process */
  char    *summary;
  char    *error;     /* NULL when the task succeeded */
} PxTaskRecord;

/* A task that has started and not finished yet has end_us < 0. */
#define PX_TASK_RECORD_IS_RUNNING(record) ((record)->end_us < 0)

#define PX_TYPE_TASK_RECORD (px_task_record_get_type ())
GType         px_task_record_get_type (void) G_GNUC_CONST;
PxTaskRecord *px_task_record_new      (void);
PxTaskRecord *px_task_record_copy     (const PxTaskRecord *record);
void          px_task_record_free     (PxTaskRecord       *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxTaskRecord, px_task_record_free)

/* What a run can hold; a saved run past these is refused, since a file
 * asks for memory (a lane, an index) and drawing time it should not get. */
#define PX_RUN_MAX_TASKS        1000000
#define PX_RUN_MAX_LANES        1024
#define PX_RUN_MAX_RUNS         100
#define PX_RUN_MAX_CORES        4096
#define PX_RUN_MAX_CPU_SAMPLES  200000
#define PX_RUN_MAX_SAMPLE_VALUES (PX_RUN_MAX_CPU_SAMPLES * 16)
#define PX_RUN_MAX_SECONDS      1e7
#define PX_RUN_MAX_DOCUMENT     ((gsize) 128 * 1024 * 1024)

/* Thresholds of the verdict on CPU / (wall − CPU wait per lane): below the
 * first the run waited more than it computed; above the second more than one
 * core was busy. Within PX_VERDICT_MARGIN of a threshold the verdict says
 * "between", so that noise cannot flip it. */
#define PX_VERDICT_IO_BOUND_BELOW 0.5
#define PX_VERDICT_PARALLEL_ABOVE 1.5
#define PX_VERDICT_MARGIN         0.1

/* A run is disturbed when other programs (or the hypervisor's steal) took
 * more than this share of one core on average, or when it waited for a CPU
 * that long with no more workers than cores. */
#define PX_DISTURBED_CORE_SHARE   0.1
#define PX_DISTURBED_SLACK_US     40000

#define PX_TYPE_RUN_RESULT (px_run_result_get_type ())
G_DECLARE_FINAL_TYPE (PxRunResult, px_run_result, PX, RUN_RESULT, GObject)

PxRunResult        *px_run_result_new                (const char         *workload,
                                                      PxStrategy          strategy,
                                                      guint               workers,
                                                      guint               n_tasks);
const char         *px_run_result_get_workload       (PxRunResult        *self);
PxStrategy          px_run_result_get_strategy       (PxRunResult        *self);
guint               px_run_result_get_workers        (PxRunResult        *self);
guint               px_run_result_get_n_tasks        (PxRunResult        *self);
/* Records by task index; NULL for a task that never ran (a cancelled run). */
const PxTaskRecord *px_run_result_get_task           (PxRunResult        *self,
                                                      guint               index);
void                px_run_result_take_task          (PxRunResult        *self,
                                                      PxTaskRecord       *record);
/* Records a task as running (end_us = -1) until its record replaces it. */
void                px_run_result_add_started        (PxRunResult        *self,
                                                      guint               index,
                                                      guint               lane,
                                                      gint64              start_us);
/* Lanes used: the highest lane of any record plus one. */
guint               px_run_result_get_n_lanes        (PxRunResult        *self);
/* The end of the last finished task, or the wall time once measured. */
gint64              px_run_result_get_span_us        (PxRunResult        *self);
/* What the OS saw on each core while the run went on (other programs
 * included): samples of each core's busy fraction, 0 to 1, from /proc/stat. */
void                px_run_result_add_cpu_sample     (PxRunResult        *self,
                                                      gint64              t_us,
                                                      const double       *busy,
                                                      guint               n_cores);
guint               px_run_result_get_n_cpu_samples  (PxRunResult        *self);
/* Returns the busy fractions of n_cores cores at sample i, taken at *t_us
 * (since the run started; the sample covers the time since the previous one). */
const double       *px_run_result_get_cpu_sample     (PxRunResult        *self,
                                                      guint               i,
                                                      gint64             *t_us,
                                                      guint              *n_cores);
guint               px_run_result_get_tasks_ok       (PxRunResult        *self);
guint               px_run_result_get_tasks_failed   (PxRunResult        *self);
gint64              px_run_result_get_wall_us        (PxRunResult        *self);
gint64              px_run_result_get_cpu_user_us    (PxRunResult        *self);
gint64              px_run_result_get_cpu_sys_us     (PxRunResult        *self);
guint64             px_run_result_get_pipe_bytes     (PxRunResult        *self);
guint64             px_run_result_get_peak_rss_bytes (PxRunResult        *self);
void                px_run_result_set_measurements   (PxRunResult        *self,
                                                      gint64              wall_us,
                                                      gint64              cpu_user_us,
                                                      gint64              cpu_sys_us,
                                                      guint64             pipe_bytes,
                                                      guint64             peak_rss_bytes);
/* What else ran: time this run's threads and workers waited on a run queue
 * (-1: unknown), the CPU every other program used meanwhile (Parallax's own
 * other work — the app's drawing, the embedded server — included, and also
 * given apart as app_cpu), and the hypervisor's steal; -1 when /proc/stat
 * was unreadable. */
void                px_run_result_set_contention     (PxRunResult        *self,
                                                      gint64              cpu_wait_us,
                                                      gint64              others_cpu_us,
                                                      gint64              app_cpu_us,
                                                      gint64              steal_us);
gint64              px_run_result_get_cpu_wait_us    (PxRunResult        *self);
/* When the workload's serial part ran (on the run's driver thread, lane 0's
 * time before any task), since the run started; FALSE when it has none. */
void                px_run_result_set_serial_span    (PxRunResult        *self,
                                                      gint64              start_us,
                                                      gint64              end_us);
gboolean            px_run_result_get_serial_span    (PxRunResult        *self,
                                                      gint64             *start_us,
                                                      gint64             *end_us);
gint64              px_run_result_get_others_cpu_us  (PxRunResult        *self);
gint64              px_run_result_get_app_cpu_us     (PxRunResult        *self);
gint64              px_run_result_get_steal_us       (PxRunResult        *self);
gboolean            px_run_result_get_disturbed      (PxRunResult        *self);
/* In words, translated: "other programs used 1.4 cores during this run:
 * timings are disturbed"; NULL when the run was not disturbed. */
char               *px_run_result_dup_disturbance    (PxRunResult        *self);
double              px_run_result_get_cpu_wall_ratio (PxRunResult        *self);
/* A run stopped before its end: it has the tasks that finished, and no
 * measurements of the whole (wall and CPU time are 0). Its verdict in CSV is
 * "cancelled"; JSON says "cancelled": true. */
gboolean            px_run_result_get_cancelled      (PxRunResult        *self);
void                px_run_result_set_cancelled      (PxRunResult        *self,
                                                      gboolean            cancelled);
/* CPU / (wall − CPU wait per lane): CPU/wall with the time the run's
 * threads or workers sat queued for a CPU taken out of the wall time, so
 * that work beside busy programs is judged as on a quiet machine. The waits
 * are spread over the lanes: the waits of fifty threads woken by network
 * replies at once do not make I/O look like computation. CPU/wall where the
 * wait is unknown. */
double              px_run_result_get_compute_ratio  (PxRunResult        *self);
PxVerdict           px_run_result_get_verdict        (PxRunResult        *self);
/* Against the sequential run of the same batch; NAN when there was none. */
double              px_run_result_get_speedup        (PxRunResult        *self);
void                px_run_result_set_speedup        (PxRunResult        *self,
                                                      double              speedup);
double              px_run_result_get_efficiency     (PxRunResult        *self);
JsonNode           *px_run_result_to_json            (PxRunResult        *self);
PxRunResult        *px_run_result_new_from_json      (JsonNode           *node,
                                                      GError            **error);

/* A batch: runs of one workload over the same tasks. */
void                px_run_results_compute_speedups  (GPtrArray          *runs);
JsonNode           *px_run_results_to_json           (GPtrArray          *runs);
/* With the batch's context (info may be NULL): what a saved batch holds. */
JsonNode           *px_run_results_to_json_with_info (GPtrArray          *runs,
                                                      const PxBatchInfo  *info);
char               *px_run_results_to_csv            (GPtrArray          *runs);
/* Chrome Trace Event JSON ("X" events, µs, a pid per run, a named tid per
 * lane, and per in-flight slot of the event loop, so that slices on one tid
 * never overlap), which Perfetto and chrome://tracing open. */
JsonNode           *px_run_results_to_trace          (GPtrArray          *runs);
GPtrArray          *px_run_results_new_from_json     (const char         *data,
                                                      gssize              length,
                                                      GError            **error);
/* Also gives the batch's context in *info (info may be NULL): what the file
 * has of it, the strategies of its runs where it names none. */
GPtrArray          *px_run_results_new_from_json_with_info (const char   *data,
                                                            gssize        length,
                                                            PxBatchInfo **info,
                                                            GError      **error);

G_END_DECLS
