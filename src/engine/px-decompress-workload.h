/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "px-workload.h"

G_BEGIN_DECLS

#define PX_TYPE_DECOMPRESS_WORKLOAD (px_decompress_workload_get_type ())
G_DECLARE_FINAL_TYPE (PxDecompressWorkload, px_decompress_workload, PX, DECOMPRESS_WORKLOAD, PxWorkload)

#define PX_DECOMPRESS_DEFAULT_TASKS 300
#define PX_DECOMPRESS_DEFAULT_MAX_OUTPUT (G_GUINT64_CONSTANT (256) * 1024 * 1024)

/* By default the bundled corpus, bz2-compressed once in prepare(). */
PxWorkload *px_decompress_workload_new            (guint                 n_tasks);
/* The user's own uncompressed file, compressed once in prepare(). */
void        px_decompress_workload_set_input_file (PxDecompressWorkload *self,
                                                   const char           *path);
/* An already compressed blob, taken as it is. */
void        px_decompress_workload_set_bz2_file   (PxDecompressWorkload *self,
                                                   const char           *path);
void        px_decompress_workload_set_bz2_bytes  (PxDecompressWorkload *self,
                                                   GBytes               *blob);
/* The bundled corpus, uncompressed. */
GBytes     *px_decompress_workload_dup_corpus     (void);

G_END_DECLS
