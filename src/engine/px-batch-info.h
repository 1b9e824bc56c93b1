/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The context of a batch, saved with its results so that a replay says
 * what it replays: when and where it ran, and with which parameters. */
typedef struct
{
  GDateTime  *created;        /* when the batch started; NULL: not recorded */
  char       *app_version;    /* NULL: not recorded */
  /* The machine: cores 0, cpu_model and os NULL when unknown. */
  guint       cores;
  char       *cpu_model;
  char       *os;
  /* The parameters. workload, strategies, n_tasks and n_workers are known
   * for files of any age (strategies NULL, counts 0 where not); the rest
   * only when has_parameters is TRUE. */
  char       *workload;
  char      **strategies;
  guint       n_tasks;
  guint       n_workers;
  gboolean    has_parameters;
  int         latency_ms;     /* fetch from the embedded server; -1 otherwise */
  char       *api_url;        /* fetch from elsewhere, without credentials; NULL otherwise */
  char       *input_name;     /* decompress: the user's file (its name only); NULL: the bundled corpus */
  double      serial;         /* amdahl's serial fraction; -1 otherwise */
  gboolean    pure_python;    /* decompress as pure Python */
  gboolean    return_output;  /* worker processes send their outputs back */
} PxBatchInfo;

/* What a saved context may hold: longer strings or larger numbers are
 * refused as a hostile file. */
#define PX_BATCH_MAX_TEXT        512
#define PX_BATCH_MAX_URL         2048
#define PX_BATCH_MAX_LATENCY_MS  60000

#define PX_TYPE_BATCH_INFO (px_batch_info_get_type ())
GType        px_batch_info_get_type       (void) G_GNUC_CONST;
/* A batch of workload that starts now on this machine: the date, the
 * version and the machine are filled in, latency_ms and serial are -1,
 * return_output is TRUE, has_parameters TRUE. */
PxBatchInfo *px_batch_info_new            (const char         *workload);
PxBatchInfo *px_batch_info_copy           (const PxBatchInfo  *info);
void         px_batch_info_free           (PxBatchInfo        *info);
/* Keeps url without its user, password, query and fragment: a token in it
 * must never reach a file. */
void         px_batch_info_set_api_url    (PxBatchInfo        *info,
                                           const char         *url);
/* Keeps the name of the file only (NULL: the bundled corpus). */
void         px_batch_info_set_input_path (PxBatchInfo        *info,
                                           const char         *path);
/* Adds "created", "app_version", "machine" and "parameters" (with the
 * parameters that apply to the workload) to the object builder is in. */
void         px_batch_info_to_json        (const PxBatchInfo  *info,
                                           JsonBuilder        *builder);
/* From the root object of saved results: tolerant of files from before the
 * context was saved (they give what they have: the workload, its tasks and
 * workers, the cores), strict with what is there. NULL with error set for
 * a member of the wrong type, a string too long or a number out of range. */
PxBatchInfo *px_batch_info_new_from_json  (JsonObject         *root,
                                           GError            **error);
/* For people, translated, one line each: the workload and its parameters;
 * the machine (NULL when unknown); when it ran and with which Parallax
 * ("Recorded with an older Parallax…" when not known). */
char        *px_batch_info_dup_parameters (const PxBatchInfo  *info);
char        *px_batch_info_dup_machine    (const PxBatchInfo  *info);
char        *px_batch_info_dup_recorded   (const PxBatchInfo  *info);

/* The address without user, password, query and fragment; NULL when url is
 * not an absolute URL. */
char        *px_url_strip_credentials     (const char         *url);
/* The "model name" of /proc/cpuinfo; NULL where there is none. */
char        *px_machine_cpu_model         (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxBatchInfo, px_batch_info_free)

G_END_DECLS
