/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-decompress-workload"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <bzlib.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "px-decompress-workload.h"
#include "px-error.h"
#include "px-protocol.h"
#include "px-safe-io.h"
#include "px-task-context.h"

#define CORPUS_PATH       "/io/github/parallaxlab/Parallax/engine/corpus.txt"
#define DEFAULT_LEVEL     9

/* One step feeds at most IN_SLICE compressed bytes and takes at most
 * OUT_CHUNK bytes out. libbz2 Huffman-decodes a whole block (up to 900 kB)
 * before it outputs any of it, so bounding the input too keeps that phase
 * in small steps: about 0.5 ms each on a slow server core. The one step
 * per block that cannot be split is where libbz2 links the whole block for
 * the inverse BWT, 1–2 ms there for the corpus's 600 kB block. */
#define IN_SLICE          (8 * 1024)
#define OUT_CHUNK         (32 * 1024)

struct _PxDecompressWorkload
{
  PxWorkload  parent_instance;

  /* Settings */
  guint       n_tasks;
  guint64     max_output;
  guint       level;
  gboolean    pure_python;

  /* Where the blob comes from: at most one is set; none means the corpus */
  char       *input_file;
  char       *bz2_file;
  GBytes     *bz2_bytes;

  /* From prepare () */
  GBytes     *blob;
  guint       blob_level;
  struct stat blob_stat;     /* of the file it was read from */
  guint64     blob_max_output;
  guint64     ref_len;
  guint32     ref_checksum;
  guint       has_reference : 1;
};

typedef struct
{
  bz_stream   stream;
  GBytes     *input;
  const char *data;
  gsize       len;
  gsize       pos;
  guint64     max_output;
  guint64     out_len;
  guint32     checksum;
  char       *scratch;
  /* The whole output, only when it must be returned. Grown by hand so that
   * the allocation, not only the length, stays within max_output. */
  guint8     *kept;
  gsize       kept_len;
  gsize       kept_alloc;
  guint       keep_output : 1;
  guint       stream_open : 1;
} DecompressState;

enum {
  PROP_0,
  PROP_N_TASKS,
  PROP_MAX_OUTPUT,
  PROP_LEVEL,
  PROP_PURE_PYTHON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PxDecompressWorkload, px_decompress_workload, PX_TYPE_WORKLOAD)

static void
decompress_state_free (DecompressState *state)
{
  if (state->stream_open)
    BZ2_bzDecompressEnd (&state->stream);
  g_clear_pointer (&state->input, g_bytes_unref);
  g_free (state->kept);
  g_free (state->scratch);
  g_free (state);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DecompressState, decompress_state_free)

static gboolean
open_stream (DecompressState  *state,
             GError          **error)
{
  int ret;

  memset (&state->stream, 0, sizeof state->stream);
  ret = BZ2_bzDecompressInit (&state->stream, 0, 0);
  if (ret != BZ_OK)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_FAILED,
                   _("Could not start the bzip2 decompressor (error %d)"), ret);
      return FALSE;
    }
  state->stream_open = TRUE;

  return TRUE;
}

static DecompressState *
decompress_state_new (GBytes   *input,
                      guint64   max_output,
                      gboolean  keep_output,
                      GError  **error)
{
  g_autoptr(DecompressState) state = g_new0 (DecompressState, 1);

  state->input = g_bytes_ref (input);
  state->data = g_bytes_get_data (input, &state->len);
  state->max_output = max_output;
  state->keep_output = !!keep_output;

  if (state->len == 0)
    {
      g_set_error_literal (error, PX_ERROR, PX_ERROR_CORRUPT,
                           _("The compressed data is empty"));
      return NULL;
    }

  if (!open_stream (state, error))
    return NULL;

  state->scratch = g_malloc (OUT_CHUNK);

  return g_steal_pointer (&state);
}

/* Appends the scratch output; the caller has checked it fits the cap. */
static void
keep (DecompressState *state,
      guint            produced)
{
  if (state->kept_len + produced > state->kept_alloc)
    {
      gsize want = MAX (state->kept_alloc * 2, state->kept_len + produced);

      state->kept_alloc = (gsize) MIN ((guint64) want, state->max_output);
      state->kept = g_realloc (state->kept, state->kept_alloc);
    }

  memcpy (state->kept + state->kept_len, state->scratch, produced);
  state->kept_len += produced;
}

/* What follows a complete stream: another stream, as pbzip2 and `cat a.bz2
 * b.bz2` write, or trailing garbage, which bzip2 (1) ignores and so do we. */
static gboolean
next_stream_follows (DecompressState *state)
{
  const char *rest = state->data + state->pos;

  return state->len - state->pos >= 4 &&
         memcmp (rest, "BZh", 3) == 0 &&
         rest[3] >= '1' && rest[3] <= '9';
}

static PxStepResult
decompress_step (DecompressState  *state,
                 GError          **error)
{
  guint64 room = state->max_output - state->out_len;
  guint produced;
  int ret;

  state->stream.next_in = (char *) state->data + state->pos;
  state->stream.avail_in = (unsigned int) MIN (state->len - state->pos, IN_SLICE);
  state->stream.next_out = state->scratch;
  /* One byte past the cap is enough to tell a bomb, and no more is held. */
  state->stream.avail_out = room >= OUT_CHUNK ? OUT_CHUNK : (unsigned int) room + 1;

  ret = BZ2_bzDecompress (&state->stream);

  state->pos = state->stream.next_in - state->data;
  produced = state->stream.next_out - state->scratch;

  switch (ret)
    {
    case BZ_OK:
    case BZ_STREAM_END:
      break;

    case BZ_DATA_ERROR_MAGIC:
      g_set_error_literal (error, PX_ERROR, PX_ERROR_CORRUPT,
                           _("Not bzip2 data: the header is missing"));
      return PX_STEP_ERROR;

    case BZ_DATA_ERROR:
      g_set_error_literal (error, PX_ERROR, PX_ERROR_CORRUPT,
                           _("The bzip2 data is corrupt: a block does not decode or fails its checksum"));
      return PX_STEP_ERROR;

    case BZ_MEM_ERROR:
      g_set_error_literal (error, PX_ERROR, PX_ERROR_FAILED,
                           _("Out of memory while decompressing"));
      return PX_STEP_ERROR;

    default:
      g_set_error (error, PX_ERROR, PX_ERROR_FAILED,
                   _("The bzip2 decompressor failed (error %d)"), ret);
      return PX_STEP_ERROR;
    }

  if (produced > room)
    {
      g_autofree char *limit = g_format_size (state->max_output);

      g_set_error (error, PX_ERROR, PX_ERROR_TOO_LARGE,
                   _("The output exceeds the limit of %s"), limit);
      return PX_STEP_ERROR;
    }

  state->out_len += produced;
  state->checksum = px_checksum (state->checksum, (const guint8 *) state->scratch, produced);
  if (state->keep_output && produced > 0)
    keep (state, produced);

  if (ret == BZ_STREAM_END)
    {
      BZ2_bzDecompressEnd (&state->stream);
      state->stream_open = FALSE;

      if (!next_stream_follows (state))
        return PX_STEP_DONE;
      if (!open_stream (state, error))
        return PX_STEP_ERROR;

      return PX_STEP_MORE;
    }

  /* All the input is in, there was room for more output, and yet the
   * stream has not ended: it was cut short. */
  if (state->pos == state->len && state->stream.avail_out > 0)
    {
      g_set_error_literal (error, PX_ERROR, PX_ERROR_CORRUPT,
                           _("The bzip2 data is truncated: it ends before its end-of-stream marker"));
      return PX_STEP_ERROR;
    }

  return PX_STEP_MORE;
}

static GBytes *
load_corpus (GError **error)
{
  return g_resources_lookup_data (CORPUS_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

static GBytes *
compress_blob (GBytes  *plain,
               guint    level,
               GError **error)
{
  gsize plain_len;
  const char *plain_data = g_bytes_get_data (plain, &plain_len);
  /* The bound libbz2's manual gives for the worst case */
  unsigned int dest_len = (unsigned int) (plain_len + plain_len / 100 + 600);
  g_autofree char *dest = g_malloc (dest_len);
  int ret;

  ret = BZ2_bzBuffToBuffCompress (dest, &dest_len, (char *) plain_data, (unsigned int) plain_len,
                                  (int) level, 0, 0);
  if (ret != BZ_OK)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_FAILED,
                   _("Could not compress the input (bzip2 error %d)"), ret);
      return NULL;
    }

  return g_bytes_new_take (g_realloc (g_steal_pointer (&dest), dest_len), dest_len);
}

static GBytes *
read_file (const char    *path,
           gsize          max_bytes,
           GCancellable  *cancellable,
           GError       **error)
{
  return px_read_file_bounded (path, max_bytes, cancellable, error);
}

static GBytes *
load_blob (PxDecompressWorkload  *self,
           GCancellable          *cancellable,
           GError               **error)
{
  /* libbz2 takes 32-bit lengths; every task would fail on a larger file. */
  gsize plain_cap = MIN (self->max_output, (guint64) G_MAXINT);

  g_autoptr(GBytes) plain = NULL;
  gsize plain_len;

  if (self->bz2_bytes != NULL)
    return g_bytes_ref (self->bz2_bytes);
  if (self->bz2_file != NULL)
    return read_file (self->bz2_file, MIN ((gsize) PX_FRAME_MAX_BULK, (gsize) G_MAXINT), cancellable, error);

  if (self->input_file != NULL)
    {
      g_autofree char *name = NULL;

      plain = read_file (self->input_file, plain_cap, cancellable, error);
      if (plain == NULL)
        return NULL;

      name = g_filename_display_name (self->input_file);
      plain_len = g_bytes_get_size (plain);
      if (plain_len == 0)
        {
          g_set_error (error, PX_ERROR, PX_ERROR_FAILED, _("“%s” is empty"), name);
          return NULL;
        }
    }
  else
    {
      plain = load_corpus (error);
      if (plain == NULL)
        return NULL;
    }

  return compress_blob (plain, self->level, error);
}

static guint
px_decompress_workload_get_n_tasks (PxWorkload *workload)
{
  return PX_DECOMPRESS_WORKLOAD (workload)->n_tasks;
}

static char *
px_decompress_workload_dup_task_label (PxWorkload *workload,
                                       guint       index)
{
  return g_strdup_printf (_("blob %u"), index + 1);
}

static void
source_stat (PxDecompressWorkload *self,
             struct stat          *st)
{
  const char *path = self->bz2_file != NULL ? self->bz2_file : self->input_file;

  memset (st, 0, sizeof *st);
  if (path != NULL && g_stat (path, st) != 0)
    memset (st, 0, sizeof *st);
}

/* The same file, as far as a stat can tell, without reading it again. */
static gboolean
source_unchanged (PxDecompressWorkload *self)
{
  struct stat st;

  source_stat (self, &st);
  return st.st_dev == self->blob_stat.st_dev && st.st_ino == self->blob_stat.st_ino &&
         st.st_size == self->blob_stat.st_size &&
         st.st_mtim.tv_sec == self->blob_stat.st_mtim.tv_sec &&
         st.st_mtim.tv_nsec == self->blob_stat.st_mtim.tv_nsec;
}

static gboolean
px_decompress_workload_prepare (PxWorkload    *workload,
                                GCancellable  *cancellable,
                                GError       **error)
{
  PxDecompressWorkload *self = PX_DECOMPRESS_WORKLOAD (workload);
  g_autoptr(DecompressState) state = NULL;
  PxStepResult result = PX_STEP_MORE;

  /* A batch prepares once per strategy: the input is read (and the
   * reference made) once for the same settings and the same file. */
  if (self->blob != NULL && self->blob_level == self->level && self->blob_max_output == self->max_output &&
      source_unchanged (self))
    return TRUE;

  g_clear_pointer (&self->blob, g_bytes_unref);
  self->has_reference = FALSE;

  self->blob = load_blob (self, cancellable, error);
  if (self->blob == NULL)
    return FALSE;

  /* A blob that does not decompress is not an error of the run: each task
   * then fails with the decompression error itself, and there is no
   * reference to verify against. */
  state = decompress_state_new (self->blob, self->max_output, FALSE, NULL);
  while (state != NULL && result == PX_STEP_MORE)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_clear_pointer (&self->blob, g_bytes_unref);
          return FALSE;
        }
      result = decompress_step (state, NULL);
    }

  self->blob_level = self->level;
  self->blob_max_output = self->max_output;
  source_stat (self, &self->blob_stat);
  if (result == PX_STEP_DONE)
    {
      self->ref_len = state->out_len;
      self->ref_checksum = state->checksum;
      self->has_reference = TRUE;
    }

  return TRUE;
}

static GBytes *
px_decompress_workload_dup_task_input (PxWorkload *workload,
                                       guint       index)
{
  PxDecompressWorkload *self = PX_DECOMPRESS_WORKLOAD (workload);

  g_return_val_if_fail (self->blob != NULL, NULL);

  return g_bytes_ref (self->blob);
}

static gboolean
px_decompress_workload_verify (PxWorkload           *workload,
                               guint                 index,
                               const PxTaskOutcome  *outcome,
                               GError              **error)
{
  PxDecompressWorkload *self = PX_DECOMPRESS_WORKLOAD (workload);
  g_autofree char *expected_len = NULL;
  g_autofree char *got_len = NULL;

  if (!self->has_reference ||
      (outcome->out_len == self->ref_len && outcome->checksum == self->ref_checksum))
    return TRUE;

  expected_len = g_strdup_printf ("%" G_GUINT64_FORMAT, self->ref_len);
  got_len = g_strdup_printf ("%" G_GUINT64_FORMAT, outcome->out_len);
  g_set_error (error, PX_ERROR, PX_ERROR_MISMATCH,
               _("Expected %s bytes with CRC-32 %08x, got %s bytes with CRC-32 %08x"),
               expected_len, self->ref_checksum, got_len, outcome->checksum);

  return FALSE;
}

static gpointer
px_decompress_workload_step_begin (PxWorkload     *workload,
                                   GBytes         *input,
                                   PxTaskContext  *ctx,
                                   GError        **error)
{
  PxDecompressWorkload *self = PX_DECOMPRESS_WORKLOAD (workload);

  return decompress_state_new (input, self->max_output, px_task_context_get_keep_output (ctx), error);
}

static PxStepResult
px_decompress_workload_step (PxWorkload     *workload,
                             gpointer        data,
                             PxTaskOutcome  *outcome,
                             GError        **error)
{
  DecompressState *state = data;
  g_autofree char *size = NULL;
  PxStepResult result;

  result = decompress_step (state, error);
  if (result != PX_STEP_DONE)
    return result;

  outcome->out_len = state->out_len;
  outcome->checksum = state->checksum;
  g_clear_pointer (&outcome->output, g_bytes_unref);
  if (state->keep_output)
    {
      guint8 *output = g_realloc (g_steal_pointer (&state->kept), state->kept_len);

      outcome->output = g_bytes_new_take (output, state->kept_len);
    }

  size = g_format_size (state->out_len);
  g_free (outcome->summary);
  outcome->summary = g_strdup_printf (_("%s, CRC-32 %08x"), size, state->checksum);

  return PX_STEP_DONE;
}

static void
px_decompress_workload_step_free (gpointer data)
{
  decompress_state_free (data);
}

/* CPython's bz2 module releases the GIL while libbz2 runs; a decompressor
 * written in Python would hold it. */
static gboolean
px_decompress_workload_releases_gil (PxWorkload *workload)
{
  return !PX_DECOMPRESS_WORKLOAD (workload)->pure_python;
}

static void
px_decompress_workload_finalize (GObject *object)
{
  PxDecompressWorkload *self = PX_DECOMPRESS_WORKLOAD (object);

  g_free (self->input_file);
  g_free (self->bz2_file);
  g_clear_pointer (&self->bz2_bytes, g_bytes_unref);
  g_clear_pointer (&self->blob, g_bytes_unref);

  G_OBJECT_CLASS (px_decompress_workload_parent_class)->finalize (object);
}

static void
px_decompress_workload_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PxDecompressWorkload *self = PX_DECOMPRESS_WORKLOAD (object);

  switch (prop_id)
    {
    case PROP_N_TASKS:
      g_value_set_uint (value, self->n_tasks);
      break;

    case PROP_MAX_OUTPUT:
      g_value_set_uint64 (value, self->max_output);
      break;

    case PROP_LEVEL:
      g_value_set_uint (value, self->level);
      break;

    case PROP_PURE_PYTHON:
      g_value_set_boolean (value, self->pure_python);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_decompress_workload_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  PxDecompressWorkload *self = PX_DECOMPRESS_WORKLOAD (object);

  switch (prop_id)
    {
    case PROP_N_TASKS:
      if (self->n_tasks != g_value_get_uint (value))
        {
          self->n_tasks = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_MAX_OUTPUT:
      if (self->max_output != g_value_get_uint64 (value))
        {
          self->max_output = g_value_get_uint64 (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_LEVEL:
      if (self->level != g_value_get_uint (value))
        {
          self->level = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_PURE_PYTHON:
      if (self->pure_python != g_value_get_boolean (value))
        {
          self->pure_python = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_decompress_workload_class_init (PxDecompressWorkloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  PxWorkloadClass *workload_class = PX_WORKLOAD_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                            G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = px_decompress_workload_finalize;
  object_class->get_property = px_decompress_workload_get_property;
  object_class->set_property = px_decompress_workload_set_property;

  workload_class->name = "decompress";
  workload_class->get_n_tasks = px_decompress_workload_get_n_tasks;
  workload_class->dup_task_label = px_decompress_workload_dup_task_label;
  workload_class->prepare = px_decompress_workload_prepare;
  workload_class->dup_task_input = px_decompress_workload_dup_task_input;
  workload_class->verify = px_decompress_workload_verify;
  workload_class->step_begin = px_decompress_workload_step_begin;
  workload_class->step = px_decompress_workload_step;
  workload_class->step_free = px_decompress_workload_step_free;
  workload_class->releases_gil = px_decompress_workload_releases_gil;

  properties[PROP_N_TASKS] =
    g_param_spec_uint ("n-tasks", NULL, NULL,
                       1, G_MAXUINT, PX_DECOMPRESS_DEFAULT_TASKS,
                       flags);
  /* The cap on one task's output, against decompression bombs; a worker
   * process enforces it too. */
  properties[PROP_MAX_OUTPUT] =
    g_param_spec_uint64 ("max-output", NULL, NULL,
                         1, G_MAXUINT64, PX_DECOMPRESS_DEFAULT_MAX_OUTPUT,
                         flags | PX_PARAM_WORKER);
  /* bzip2's block size, in 100 kB, for what prepare () compresses. */
  properties[PROP_LEVEL] =
    g_param_spec_uint ("level", NULL, NULL,
                       1, 9, DEFAULT_LEVEL,
                       flags);
  /* Decompress as if written in pure Python: the simulated GIL is held
   * throughout, so the gil strategy runs it one thread at a time. */
  properties[PROP_PURE_PYTHON] =
    g_param_spec_boolean ("pure-python", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
px_decompress_workload_init (PxDecompressWorkload *self)
{
}

PxWorkload *
px_decompress_workload_new (guint n_tasks)
{
  g_return_val_if_fail (n_tasks > 0, NULL);

  return g_object_new (PX_TYPE_DECOMPRESS_WORKLOAD,
                       "n-tasks", n_tasks,
                       NULL);
}

static void
clear_source (PxDecompressWorkload *self)
{
  g_clear_pointer (&self->blob, g_bytes_unref);
  self->has_reference = FALSE;
  g_clear_pointer (&self->input_file, g_free);
  g_clear_pointer (&self->bz2_file, g_free);
  g_clear_pointer (&self->bz2_bytes, g_bytes_unref);
}

void
px_decompress_workload_set_input_file (PxDecompressWorkload *self,
                                       const char           *path)
{
  g_return_if_fail (PX_IS_DECOMPRESS_WORKLOAD (self));
  g_return_if_fail (path != NULL);

  clear_source (self);
  self->input_file = g_strdup (path);
}

void
px_decompress_workload_set_bz2_file (PxDecompressWorkload *self,
                                     const char           *path)
{
  g_return_if_fail (PX_IS_DECOMPRESS_WORKLOAD (self));
  g_return_if_fail (path != NULL);

  clear_source (self);
  self->bz2_file = g_strdup (path);
}

void
px_decompress_workload_set_bz2_bytes (PxDecompressWorkload *self,
                                      GBytes               *blob)
{
  g_return_if_fail (PX_IS_DECOMPRESS_WORKLOAD (self));
  g_return_if_fail (blob != NULL);

  clear_source (self);
  self->bz2_bytes = g_bytes_ref (blob);
}

GBytes *
px_decompress_workload_dup_corpus (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *corpus = load_corpus (&error);

  /* The corpus is compiled into the library: a miss is a packaging bug. */
  if (corpus == NULL)
    g_critical ("The bundled corpus is missing: %s", error->message);

  return corpus;
}
