/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer: the saved-run loader (what the app opens and parallax-cli
 * report reads), then every writer on what it accepted. */
#include "config.h"

#include "px-engine.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GPtrArray) runs = px_run_results_new_from_json ((const char *) data, size, NULL);

  if (runs != NULL)
    {
      g_autoptr(JsonNode) json = px_run_results_to_json (runs);
      g_autoptr(JsonNode) trace = px_run_results_to_trace (runs);
      g_autofree char *csv = px_run_results_to_csv (runs);

      g_assert (json != NULL && trace != NULL && csv != NULL);

      for (guint i = 0; i < runs->len; i++)
        {
          PxRunResult *run = g_ptr_array_index (runs, i);

          px_run_result_get_n_lanes (run);
          px_run_result_get_span_us (run);
          px_run_result_get_verdict (run);
        }
    }

  return 0;
}
