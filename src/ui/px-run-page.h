/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Saved results: JSON files named *.parallax.json */
#define PX_RESULTS_MIME_TYPE "application/x-parallax-results+json"

#define PX_TYPE_RUN_PAGE (px_run_page_get_type ())
G_DECLARE_FINAL_TYPE (PxRunPage, px_run_page, PX, RUN_PAGE, GtkWidget)

/* The Run page: choose a workload and strategies, run them one after
 * another on the same tasks, watch the timeline grow, compare wall and CPU
 * time. Its actions ("run.start", "run.stop", "run.open", "run.save",
 * "run.export-chart", "run.copy-chart") live in the "run" action group,
 * which the window also exposes to its menu. "batch-finished" is emitted
 * when a batch ends, finished or stopped. */
void          px_run_page_set_settings     (PxRunPage  *self,
                                            GSettings  *settings);
GActionGroup *px_run_page_get_action_group (PxRunPage  *self);
gboolean      px_run_page_get_running      (PxRunPage  *self);
void          px_run_page_stop             (PxRunPage  *self);
/* A short decompress run with every strategy, for screenshots. */
void          px_run_page_run_demo         (PxRunPage  *self);
/* A batch given on the command line: the workload by name ("fetch",
 * "decompress", "amdahl"; fetch uses the embedded server), the strategies by
 * name, workers; tasks only where > 0, latency_ms and serial where ≥ 0
 * (else the defaults); where to save
 * the results as JSON. */
typedef struct
{
  char     *workload;
  char    **strategies;
  guint     n_tasks;
  guint     n_workers;
  int       latency_ms;
  double    serial;
  gboolean  pure_python;
  char     *save_path;
} PxBatchRequest;

void          px_batch_request_free        (PxBatchRequest       *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxBatchRequest, px_batch_request_free)

/* Sets the controls to the request and starts the batch; the caller has
 * checked the values. */
void          px_run_page_run_batch        (PxRunPage            *self,
                                            const PxBatchRequest *request);
/* The batch shown: PxRunResults, one per strategy. */
GPtrArray    *px_run_page_get_runs         (PxRunPage  *self);
/* Shows a batch saved as JSON (as "run.save" writes it). */
gboolean      px_run_page_load_json        (PxRunPage  *self,
                                            const char *data,
                                            gsize       length,
                                            GError    **error);
/* Reads a file saved by "run.save" as JSON and shows it (an error is a toast). */
void          px_run_page_open_file        (PxRunPage  *self,
                                            GFile      *file);
/* The parameters beside the results; hidden while a lesson shows them. */
void          px_run_page_set_controls_visible (PxRunPage *self,
                                                gboolean   visible);
/* The charts' scale (see PxTimeline:zoom). */
void          px_run_page_set_chart_zoom   (PxRunPage  *self,
                                            double      zoom);
/* Without the progress rows, for presentation mode: the timeline shows
 * the progress. */
void          px_run_page_set_compact      (PxRunPage  *self,
                                            gboolean    compact);

G_END_DECLS
