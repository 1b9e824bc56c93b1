/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-decompress"

#include "config.h"

#include <string.h>

#include <bzlib.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "px-decompress-workload.h"
#include "px-error.h"
#include "px-task-context.h"

static GBytes *
compress (GBytes *plain)
{
  gsize len;
  const char *data = g_bytes_get_data (plain, &len);
  unsigned int dest_len = (unsigned int) (len + len / 100 + 600);
  char *dest = g_malloc (dest_len);

  g_assert_cmpint (BZ2_bzBuffToBuffCompress (dest, &dest_len, (char *) data, (unsigned int) len,
                                             9, 0, 0), ==, BZ_OK);

  return g_bytes_new_take (dest, dest_len);
}

static GBytes *
load_test_data (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

static PxWorkload *
new_prepared_with_blob (GBytes *blob)
{
  PxWorkload *workload = px_decompress_workload_new (4);
  g_autoptr(GError) error = NULL;

  px_decompress_workload_set_bz2_bytes (PX_DECOMPRESS_WORKLOAD (workload), blob);
  g_assert_true (px_workload_prepare (workload, NULL, &error));
  g_assert_no_error (error);

  return workload;
}

/* Runs task 0 blocking, as the sequential and thread strategies do. */
static gboolean
run_task (PxWorkload     *workload,
          gboolean        keep_output,
          GCancellable   *cancellable,
          PxTaskOutcome  *outcome,
          GError        **error)
{
  g_autoptr(PxTaskContext) ctx = px_task_context_new (cancellable, NULL, keep_output);
  g_autoptr(GBytes) input = px_workload_dup_task_input (workload, 0);

  px_task_outcome_init (outcome);

  return px_workload_execute (workload, input, ctx, outcome, error);
}

static void
test_corpus (void)
{
  g_autoptr(GBytes) corpus = px_decompress_workload_dup_corpus ();
  g_autoptr(GBytes) compressed = NULL;
  const guint8 *data;
  gsize len;
  double ratio;

  g_assert_nonnull (corpus);
  data = g_bytes_get_data (corpus, &len);
  g_assert_cmpuint (len, >=, 590000);
  g_assert_cmpuint (len, <=, 630000);

  /* Text, as the Learn page says: printable ASCII and newlines. */
  for (gsize i = 0; i < len; i++)
    g_assert_true (g_ascii_isprint (data[i]) || data[i] == '\n');

  compressed = compress (corpus);
  ratio = (double) g_bytes_get_size (compressed) / len;
  g_test_message ("corpus: %" G_GSIZE_FORMAT " bytes, bz2 ratio %.2f %%", len, 100. * ratio);
  g_assert_cmpfloat (ratio, >=, 0.25);
  g_assert_cmpfloat (ratio, <=, 0.29);
}

static void
test_defaults (void)
{
  g_autoptr(PxWorkload) workload = g_object_new (PX_TYPE_DECOMPRESS_WORKLOAD, NULL);
  g_autofree char *label = px_workload_dup_task_label (workload, 16);
  guint64 max_output;
  guint level;

  g_object_get (workload, "max-output", &max_output, "level", &level, NULL);
  g_assert_cmpstr (px_workload_get_name (workload), ==, "decompress");
  g_assert_cmpuint (px_workload_get_n_tasks (workload), ==, PX_DECOMPRESS_DEFAULT_TASKS);
  g_assert_cmpuint (max_output, ==, PX_DECOMPRESS_DEFAULT_MAX_OUTPUT);
  g_assert_cmpuint (level, ==, 9);
  g_assert_cmpstr (label, ==, "blob 17");
  g_assert_true (px_workload_type_from_name ("decompress") == PX_TYPE_DECOMPRESS_WORKLOAD);
}

static void
test_execute_corpus (void)
{
  g_autoptr(PxWorkload) workload = px_decompress_workload_new (3);
  g_autoptr(GBytes) corpus = px_decompress_workload_dup_corpus ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input0 = NULL;
  g_autoptr(GBytes) input2 = NULL;
  PxTaskOutcome outcome;
  gsize corpus_len;
  const guint8 *corpus_data = g_bytes_get_data (corpus, &corpus_len);
  gint64 start;

  g_assert_true (px_workload_prepare (workload, NULL, &error));
  g_assert_no_error (error);

  /* Every task decompresses the same blob: one buffer, shared. */
  input0 = px_workload_dup_task_input (workload, 0);
  input2 = px_workload_dup_task_input (workload, 2);
  g_assert_true (input0 == input2);
  g_assert_cmpuint (g_bytes_get_size (input0), <, corpus_len / 3);

  start = g_get_monotonic_time ();
  g_assert_true (run_task (workload, FALSE, NULL, &outcome, &error));
  g_test_message ("one task: %.1f ms", (g_get_monotonic_time () - start) / 1000.);
  g_assert_no_error (error);
  g_assert_cmpuint (outcome.out_len, ==, corpus_len);
  g_assert_cmphex (outcome.checksum, ==, px_checksum (0, corpus_data, corpus_len));
  /* Outputs are checked and dropped unless they must cross a pipe. */
  g_assert_null (outcome.output);
  g_assert_nonnull (outcome.summary);
  g_assert_true (px_workload_verify (workload, 0, &outcome, &error));
  g_assert_no_error (error);
  px_task_outcome_clear (&outcome);
}

static void
test_keep_output (void)
{
  g_autoptr(PxWorkload) workload = px_decompress_workload_new (1);
  g_autoptr(GBytes) corpus = px_decompress_workload_dup_corpus ();
  g_autoptr(GError) error = NULL;
  PxTaskOutcome outcome;

  g_assert_true (px_workload_prepare (workload, NULL, &error));
  g_assert_true (run_task (workload, TRUE, NULL, &outcome, &error));
  g_assert_no_error (error);
  g_assert_nonnull (outcome.output);
  g_assert_true (g_bytes_equal (outcome.output, corpus));
  px_task_outcome_clear (&outcome);
}

static void
test_reference_vectors (void)
{
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *bz2_name = g_strdup_printf ("sample%u.bz2", i);
      g_autofree char *ref_name = g_strdup_printf ("sample%u.ref", i);
      g_autofree char *bz2_path = g_test_build_filename (G_TEST_DIST, "data", bz2_name, NULL);
      g_autoptr(GBytes) ref = load_test_data (ref_name);
      g_autoptr(PxWorkload) workload = px_decompress_workload_new (1);
      g_autoptr(GError) error = NULL;
      PxTaskOutcome outcome;

      px_decompress_workload_set_bz2_file (PX_DECOMPRESS_WORKLOAD (workload), bz2_path);
      g_assert_true (px_workload_prepare (workload, NULL, &error));
      g_assert_no_error (error);

      g_assert_true (run_task (workload, TRUE, NULL, &outcome, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (outcome.out_len, ==, g_bytes_get_size (ref));
      g_assert_true (g_bytes_equal (outcome.output, ref));
      g_assert_true (px_workload_verify (workload, 0, &outcome, &error));
      g_assert_no_error (error);
      px_task_outcome_clear (&outcome);
    }
}

static GBytes *
concat (GBytes     *a,
        GBytes     *b,
        const char *tail)
{
  GByteArray *array = g_byte_array_new ();

  g_byte_array_append (array, g_bytes_get_data (a, NULL), g_bytes_get_size (a));
  if (b != NULL)
    g_byte_array_append (array, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
  if (tail != NULL)
    g_byte_array_append (array, (const guint8 *) tail, strlen (tail));

  return g_byte_array_free_to_bytes (array);
}

static void
test_multi_stream (void)
{
  g_autoptr(GBytes) one = load_test_data ("sample1.bz2");
  g_autoptr(GBytes) three = load_test_data ("sample3.bz2");
  g_autoptr(GBytes) ref_one = load_test_data ("sample1.ref");
  g_autoptr(GBytes) ref_three = load_test_data ("sample3.ref");
  g_autoptr(GBytes) blob = concat (one, three, NULL);
  g_autoptr(GBytes) expected = concat (ref_one, ref_three, NULL);
  g_autoptr(PxWorkload) workload = new_prepared_with_blob (blob);
  g_autoptr(GError) error = NULL;
  PxTaskOutcome outcome;

  /* Concatenated streams, as pbzip2 writes, decompress to the
   * concatenated outputs. */
  g_assert_true (run_task (workload, TRUE, NULL, &outcome, &error));
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (outcome.output, expected));
  g_assert_true (px_workload_verify (workload, 0, &outcome, &error));
  px_task_outcome_clear (&outcome);
}

static void
test_trailing_garbage (void)
{
  g_autoptr(GBytes) three = load_test_data ("sample3.bz2");
  g_autoptr(GBytes) ref = load_test_data ("sample3.ref");
  g_autoptr(GBytes) garbage = concat (three, NULL, "\nnot a stream at all");
  g_autoptr(GBytes) short_tail = concat (three, NULL, "\n");
  g_autoptr(GBytes) bad_stream = concat (three, NULL, "BZh9 but no stream");
  g_autoptr(GError) error = NULL;
  PxTaskOutcome outcome;

  /* What follows the last stream is ignored unless it starts a stream,
   * as bzip2 (1) does. */
  {
    g_autoptr(PxWorkload) workload = new_prepared_with_blob (garbage);

    g_assert_true (run_task (workload, TRUE, NULL, &outcome, &error));
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (outcome.output, ref));
    px_task_outcome_clear (&outcome);
  }
  {
    g_autoptr(PxWorkload) workload = new_prepared_with_blob (short_tail);

    g_assert_true (run_task (workload, TRUE, NULL, &outcome, &error));
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (outcome.output, ref));
    px_task_outcome_clear (&outcome);
  }
  {
    g_autoptr(PxWorkload) workload = new_prepared_with_blob (bad_stream);

    g_assert_false (run_task (workload, FALSE, NULL, &outcome, &error));
    g_assert_error (error, PX_ERROR, PX_ERROR_CORRUPT);
    px_task_outcome_clear (&outcome);
  }
}

static GBytes *
dup_corpus_blob (void)
{
  g_autoptr(GBytes) corpus = px_decompress_workload_dup_corpus ();

  return compress (corpus);
}

static char *
expect_corrupt (GBytes     *blob,
                const char *needle)
{
  g_autoptr(PxWorkload) workload = new_prepared_with_blob (blob);
  g_autoptr(GError) error = NULL;
  PxTaskOutcome outcome;

  /* prepare () succeeded above; the failure belongs to each task. */
  for (guint i = 0; i < 2; i++)
    {
      g_clear_error (&error);
      g_assert_false (run_task (workload, FALSE, NULL, &outcome, &error));
      g_assert_error (error, PX_ERROR, PX_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, needle));
      px_task_outcome_clear (&outcome);
    }

  /* No reference could be made, so nothing to verify against. */
  g_assert_true (px_workload_verify (workload, 0, &outcome, NULL));

  return g_strdup (error->message);
}

static void
test_bad_blobs (void)
{
  g_autoptr(GBytes) good = dup_corpus_blob ();
  gsize len = g_bytes_get_size (good);
  g_autofree guint8 *flipped = g_memdup2 (g_bytes_get_data (good, NULL), len);
  g_autoptr(GBytes) corrupt = NULL;
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (good, 0, len / 2);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) not_bz2 = g_bytes_new_static ("Just some text, nothing compressed here.\n", 41);
  g_autofree char *corrupt_message = NULL;
  g_autofree char *truncated_message = NULL;
  g_autofree char *empty_message = NULL;
  g_autofree char *not_bz2_message = NULL;

  for (gsize i = len / 2; i < len / 2 + 16; i++)
    flipped[i] ^= 0xff;
  corrupt = g_bytes_new (flipped, len);

  corrupt_message = expect_corrupt (corrupt, "corrupt");
  truncated_message = expect_corrupt (truncated, "truncated");
  empty_message = expect_corrupt (empty, "empty");
  not_bz2_message = expect_corrupt (not_bz2, "Not bzip2");

  g_assert_cmpstr (corrupt_message, !=, truncated_message);
  g_assert_cmpstr (corrupt_message, !=, empty_message);
  g_assert_cmpstr (corrupt_message, !=, not_bz2_message);
  g_assert_cmpstr (truncated_message, !=, empty_message);
  g_assert_cmpstr (truncated_message, !=, not_bz2_message);
  g_assert_cmpstr (empty_message, !=, not_bz2_message);
}

static GBytes *
compress_zeros (gsize len)
{
  g_autoptr(GBytes) zeros = g_bytes_new_take (g_malloc0 (len), len);

  return compress (zeros);
}

static void
test_bomb (void)
{
  g_autoptr(GBytes) bomb = compress_zeros (64 * 1024 * 1024);
  g_autoptr(PxWorkload) workload = px_decompress_workload_new (1);
  g_autoptr(GError) error = NULL;
  PxTaskOutcome outcome;

  g_test_message ("64 MiB of zeros compress to %" G_GSIZE_FORMAT " bytes", g_bytes_get_size (bomb));
  g_object_set (workload, "max-output", (guint64) 1024 * 1024, NULL);
  px_decompress_workload_set_bz2_bytes (PX_DECOMPRESS_WORKLOAD (workload), bomb);
  g_assert_true (px_workload_prepare (workload, NULL, &error));
  g_assert_no_error (error);

  /* Even when the output is kept, it never grows past the cap. */
  g_assert_false (run_task (workload, TRUE, NULL, &outcome, &error));
  g_assert_error (error, PX_ERROR, PX_ERROR_TOO_LARGE);
  g_assert_null (outcome.output);
  px_task_outcome_clear (&outcome);
}

static void
test_cap_boundary (void)
{
  const gsize cap = 1024 * 1024;
  g_autoptr(GBytes) at_cap = compress_zeros (cap);
  g_autoptr(GBytes) over_cap = compress_zeros (cap + 1);
  g_autoptr(GError) error = NULL;
  PxTaskOutcome outcome;

  /* Exactly the cap is allowed; one byte more is not. */
  {
    g_autoptr(PxWorkload) workload = new_prepared_with_blob (at_cap);

    g_object_set (workload, "max-output", (guint64) cap, NULL);
    g_assert_true (run_task (workload, TRUE, NULL, &outcome, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (outcome.out_len, ==, cap);
    g_assert_cmpuint (g_bytes_get_size (outcome.output), ==, cap);
    px_task_outcome_clear (&outcome);
  }
  {
    g_autoptr(PxWorkload) workload = new_prepared_with_blob (over_cap);

    g_object_set (workload, "max-output", (guint64) cap, NULL);
    g_assert_false (run_task (workload, TRUE, NULL, &outcome, &error));
    g_assert_error (error, PX_ERROR, PX_ERROR_TOO_LARGE);
    px_task_outcome_clear (&outcome);
  }
}

static void
test_verify_mismatch (void)
{
  g_autoptr(PxWorkload) workload = px_decompress_workload_new (1);
  g_autoptr(GError) error = NULL;
  g_autofree char *len_str = NULL;
  PxTaskOutcome outcome;

  g_assert_true (px_workload_prepare (workload, NULL, &error));
  g_assert_true (run_task (workload, FALSE, NULL, &outcome, &error));
  g_assert_no_error (error);
  len_str = g_strdup_printf ("%" G_GUINT64_FORMAT, outcome.out_len);

  outcome.checksum ^= 1;
  g_assert_false (px_workload_verify (workload, 0, &outcome, &error));
  g_assert_error (error, PX_ERROR, PX_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error->message, len_str));
  g_clear_error (&error);

  outcome.checksum ^= 1;
  outcome.out_len -= 1;
  g_assert_false (px_workload_verify (workload, 0, &outcome, &error));
  g_assert_error (error, PX_ERROR, PX_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error->message, len_str));
  g_clear_error (&error);

  outcome.out_len += 1;
  g_assert_true (px_workload_verify (workload, 0, &outcome, &error));
  g_assert_no_error (error);
  px_task_outcome_clear (&outcome);
}

static gpointer
cancel_later_thread (gpointer data)
{
  g_usleep (10 * 1000);
  g_cancellable_cancel (data);

  return NULL;
}

static void
test_cancel (void)
{
  g_autoptr(GBytes) one = dup_corpus_blob ();
  g_autoptr(GByteArray) many = g_byte_array_new ();
  g_autoptr(GBytes) blob = NULL;
  g_autoptr(PxWorkload) workload = NULL;
  g_autoptr(GError) error = NULL;
  PxTaskOutcome outcome;

  /* Ten streams back to back: far more than 10 ms of work. */
  for (guint i = 0; i < 10; i++)
    g_byte_array_append (many, g_bytes_get_data (one, NULL), g_bytes_get_size (one));
  blob = g_bytes_new (many->data, many->len);
  workload = new_prepared_with_blob (blob);

  {
    /* prepare () decompresses once too, and stops as soon. */
    g_autoptr(PxWorkload) unprepared = px_decompress_workload_new (1);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    px_decompress_workload_set_bz2_bytes (PX_DECOMPRESS_WORKLOAD (unprepared), blob);
    g_cancellable_cancel (cancellable);
    g_assert_false (px_workload_prepare (unprepared, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    g_assert_false (run_task (workload, FALSE, cancellable, &outcome, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    px_task_outcome_clear (&outcome);
  }
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    GThread *thread = g_thread_new ("cancel", cancel_later_thread, cancellable);

    g_assert_false (run_task (workload, FALSE, cancellable, &outcome, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_thread_join (thread);
    px_task_outcome_clear (&outcome);
  }
}

typedef struct
{
  PxTaskOutcome outcomes[10];
  GError       *errors[10];
  guint         pending;
  GMainLoop    *loop;
} AsyncRun;

typedef struct
{
  AsyncRun *run;
  guint     index;
} AsyncTask;

static void
execute_async_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AsyncTask *task = user_data;
  AsyncRun *run = task->run;

  px_workload_execute_finish (PX_WORKLOAD (source), result,
                              &run->outcomes[task->index], &run->errors[task->index]);
  if (--run->pending == 0)
    g_main_loop_quit (run->loop);
  g_free (task);
}

static void
test_async (void)
{
  g_autoptr(PxWorkload) workload = px_decompress_workload_new (10);
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(PxTaskContext) ctx = px_task_context_new (NULL, NULL, FALSE);
  g_autoptr(GError) error = NULL;
  AsyncRun run = { 0 };
  PxTaskOutcome expected;

  g_assert_true (px_workload_prepare (workload, NULL, &error));
  g_assert_true (run_task (workload, FALSE, NULL, &expected, &error));
  g_assert_no_error (error);

  /* Ten tasks in flight on one thread, a step of each in turn. */
  g_main_context_push_thread_default (context);
  run.loop = g_main_loop_new (context, FALSE);
  run.pending = 10;
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(GBytes) input = px_workload_dup_task_input (workload, i);
      AsyncTask *task = g_new0 (AsyncTask, 1);

      task->run = &run;
      task->index = i;
      px_task_outcome_init (&run.outcomes[i]);
      px_workload_execute_async (workload, input, ctx, NULL, execute_async_cb, task);
    }
  g_main_loop_run (run.loop);
  g_main_loop_unref (run.loop);
  g_main_context_pop_thread_default (context);

  for (guint i = 0; i < 10; i++)
    {
      g_assert_no_error (run.errors[i]);
      g_assert_cmpuint (run.outcomes[i].out_len, ==, expected.out_len);
      g_assert_cmphex (run.outcomes[i].checksum, ==, expected.checksum);
      g_assert_cmpint (run.outcomes[i].cpu_us, >=, 0);
      g_assert_true (px_workload_verify (workload, i, &run.outcomes[i], &error));
      g_assert_no_error (error);
      px_task_outcome_clear (&run.outcomes[i]);
    }
  px_task_outcome_clear (&expected);
}

static void
async_cancel_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GError **error = user_data;
  PxTaskOutcome outcome;

  px_task_outcome_init (&outcome);
  g_assert_false (px_workload_execute_finish (PX_WORKLOAD (source), result, &outcome, error));
  px_task_outcome_clear (&outcome);
}

static gpointer
cancel_soon_thread (gpointer data)
{
  g_usleep (2000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;
  PxTaskOutcome outcome;
  g_autoptr(GError) error = NULL;

  px_task_outcome_init (&outcome);
  g_assert_true (px_workload_execute_finish (PX_WORKLOAD (source), result, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (outcome.out_len, >, 0);
  px_task_outcome_clear (&outcome);
  *done = TRUE;
}

/* As asyncio runs a coroutine that never awaits: the whole task in one
 * dispatch of the main loop. */
static void
test_async_one_dispatch (void)
{
  g_autoptr(PxWorkload) workload = px_decompress_workload_new (1);
  g_autoptr(PxTaskContext) ctx = px_task_context_new (NULL, NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  g_assert_true (px_workload_prepare (workload, NULL, &error));
  input = px_workload_dup_task_input (workload, 0);

  px_workload_execute_async (workload, input, ctx, NULL, async_done_cb, &done);
  g_assert_true (g_main_context_iteration (NULL, FALSE));
  /* The task's callback is the next dispatch at most. */
  if (!done)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (done);
}

static void
test_async_cancel (void)
{
  g_autoptr(PxWorkload) workload = px_decompress_workload_new (1);
  g_autoptr(PxWorkload) corpus = px_decompress_workload_new (1);
  g_autoptr(PxTaskContext) ctx = px_task_context_new (NULL, NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GByteArray) streams = g_byte_array_new ();
  g_autoptr(GBytes) blob = NULL;
  g_autoptr(GBytes) joined = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GError) error = NULL;
  GThread *canceller;

  /* Forty streams of the corpus: far more work than the 2 ms before the
   * cancel, which must stop it between steps within the one dispatch. */
  g_assert_true (px_workload_prepare (corpus, NULL, &error));
  blob = px_workload_dup_task_input (corpus, 0);
  for (guint i = 0; i < 40; i++)
    g_byte_array_append (streams, g_bytes_get_data (blob, NULL), g_bytes_get_size (blob));
  joined = g_bytes_new (streams->data, streams->len);
  px_decompress_workload_set_bz2_bytes (PX_DECOMPRESS_WORKLOAD (workload), joined);
  g_assert_true (px_workload_prepare (workload, NULL, &error));
  input = px_workload_dup_task_input (workload, 0);

  px_workload_execute_async (workload, input, ctx, cancellable, async_cancel_cb, &error);
  canceller = g_thread_new ("canceller", cancel_soon_thread, cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (canceller);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_config_round_trip (void)
{
  g_autoptr(PxWorkload) workload = px_decompress_workload_new (5);
  g_autoptr(PxWorkload) copy = NULL;
  g_autoptr(GVariant) config = NULL;
  g_autoptr(GError) error = NULL;
  guint64 max_output = 0;

  g_object_set (workload, "max-output", G_GUINT64_CONSTANT (12345678), NULL);
  config = px_workload_dup_config (workload);
  copy = px_workload_new_from_config (G_OBJECT_TYPE_NAME (workload), config, &error);
  g_assert_no_error (error);
  g_assert_true (PX_IS_DECOMPRESS_WORKLOAD (copy));

  g_object_get (copy, "max-output", &max_output, NULL);
  g_assert_cmpuint (max_output, ==, 12345678);
}

static void
test_input_file (void)
{
  g_autoptr(PxWorkload) workload = px_decompress_workload_new (1);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  PxTaskOutcome outcome;
  int fd;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "Line %u of the user's own file.\n", i);

  fd = g_file_open_tmp ("parallax-XXXXXX.txt", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  px_decompress_workload_set_input_file (PX_DECOMPRESS_WORKLOAD (workload), path);
  g_assert_true (px_workload_prepare (workload, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (run_task (workload, TRUE, NULL, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (outcome.output, NULL), g_bytes_get_size (outcome.output),
                   text->str, text->len);
  g_assert_true (px_workload_verify (workload, 0, &outcome, &error));
  px_task_outcome_clear (&outcome);

  /* An empty file has nothing to decompress: an error of the whole run. */
  g_file_set_contents (path, "", 0, &error);
  g_assert_no_error (error);
  g_assert_false (px_workload_prepare (workload, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_unlink (path);
}

static void
test_missing_file (void)
{
  g_autoptr(PxWorkload) workload = px_decompress_workload_new (1);
  g_autoptr(GError) error = NULL;

  px_decompress_workload_set_input_file (PX_DECOMPRESS_WORKLOAD (workload),
                                         "/nonexistent/parallax/input.txt");
  g_assert_false (px_workload_prepare (workload, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  px_decompress_workload_set_bz2_file (PX_DECOMPRESS_WORKLOAD (workload),
                                       "/nonexistent/parallax/input.bz2");
  g_assert_false (px_workload_prepare (workload, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parallax/decompress/corpus", test_corpus);
  g_test_add_func ("/parallax/decompress/defaults", test_defaults);
  g_test_add_func ("/parallax/decompress/execute", test_execute_corpus);
  g_test_add_func ("/parallax/decompress/keep-output", test_keep_output);
  g_test_add_func ("/parallax/decompress/reference-vectors", test_reference_vectors);
  g_test_add_func ("/parallax/decompress/multi-stream", test_multi_stream);
  g_test_add_func ("/parallax/decompress/trailing-garbage", test_trailing_garbage);
  g_test_add_func ("/parallax/decompress/bad-blobs", test_bad_blobs);
  g_test_add_func ("/parallax/decompress/bomb", test_bomb);
  g_test_add_func ("/parallax/decompress/cap-boundary", test_cap_boundary);
  g_test_add_func ("/parallax/decompress/verify-mismatch", test_verify_mismatch);
  g_test_add_func ("/parallax/decompress/cancel", test_cancel);
  g_test_add_func ("/parallax/decompress/async", test_async);
  g_test_add_func ("/parallax/decompress/async-one-dispatch", test_async_one_dispatch);
  g_test_add_func ("/parallax/decompress/async-cancel", test_async_cancel);
  g_test_add_func ("/parallax/decompress/config-round-trip", test_config_round_trip);
  g_test_add_func ("/parallax/decompress/input-file", test_input_file);
  g_test_add_func ("/parallax/decompress/missing-file", test_missing_file);

  return g_test_run ();
}
