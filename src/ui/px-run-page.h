/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "px-batch-info.h"

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
/* A batch's parameters: what px_run_page_dup_request() reads from the
 * controls, what px_run_page_set_request() sets them to, what a batch from
 * the command line asks for.
 *
 * workload: "fetch", "decompress" or "amdahl"; strategies: names of
 * strategies; api_url: where fetch gets users, NULL for the embedded server
 * (the real API's address, https://api.github.com, picks "GitHub", any other
 * a custom address); input_path: the file decompress compresses, NULL for
 * the bundled corpus; return_output: the "return-output" setting.
 *
 * For px_run_page_set_request(), these values leave a control as it is:
 * workload NULL, strategies NULL, n_tasks 0, n_workers 0, latency_ms < 0,
 * serial < 0. api_url, input_path, pure_python and return_output are always
 * applied (NULL meaning the embedded server and the bundled corpus). */
typedef struct
{
  char     *workload;
  char    **strategies;
  guint     n_tasks;
  guint     n_workers;
  int       latency_ms;
  double    serial;
  gboolean  pure_python;
  char     *api_url;
  char     *input_path;
  gboolean  return_output;
  char     *save_path;   /* a batch from the command line: where to save it as JSON */
} PxBatchRequest;

void            px_batch_request_free     (PxBatchRequest       *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxBatchRequest, px_batch_request_free)

/* What the controls say now, every field filled (save_path NULL). */
PxBatchRequest *px_run_page_dup_request   (PxRunPage            *self);
/* Sets the controls to request without starting a run; see PxBatchRequest
 * for the fields that keep a control as it is. The caller has checked the
 * values. */
void            px_run_page_set_request   (PxRunPage            *self,
                                           const PxBatchRequest *request);
/* px_run_page_set_request(), then starts the batch (unless one is running). */
void            px_run_page_run_batch     (PxRunPage            *self,
                                           const PxBatchRequest *request);
/* The context of the batch shown (its date, machine and parameters), as
 * its saved JSON carries it; NULL before any. */
const PxBatchInfo *px_run_page_get_batch_info (PxRunPage      *self);
/* The batch shown: PxRunResults, one per strategy. */
GPtrArray    *px_run_page_get_runs         (PxRunPage  *self);
/* Shows a batch saved as JSON (as "run.save" writes it), sets the controls
 * to its parameters and shows the "Replay" band above it with its date,
 * machine and parameters, until the next run. */
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
