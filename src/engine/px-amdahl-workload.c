/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-amdahl-workload"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "px-amdahl-workload.h"
#include "px-error.h"
#include "px-task-context.h"

/* About one second of work on one core: a unit took 4.0 ns on the AMD EPYC
 * server core it was measured on, and the same at -O0 and -O2, since the
 * multiplies in the chain set the pace. */
#define DEFAULT_WORK_UNITS G_GUINT64_CONSTANT (250000000)
#define DEFAULT_N_TASKS    100
#define DEFAULT_SERIAL     0.1

/* Steps and the serial part check the clock every chunk (tens of µs) and
 * stop at a millisecond, so a simulated GIL can switch and a cancel is seen. */
#define CHUNK_UNITS        4096
#define SLICE_US           1000

/* A task's input: its index, first unit and number of units, three
 * little-endian 64-bit integers. */
#define INPUT_SIZE         (3 * sizeof (guint64))

struct _PxAmdahlWorkload
{
  PxWorkload parent_instance;

  guint      n_tasks;
  double     serial_fraction;
  guint64    work_units;

  /* The serial part's result, kept so that the compiler cannot drop the
   * work that computed it. */
  guint64    serial_result;
};

typedef struct
{
  guint   index;
  guint64 next;
  guint64 end;
  guint64 count;
  guint64 state;
} AmdahlState;

enum {
  PROP_0,
  PROP_N_TASKS,
  PROP_SERIAL_FRACTION,
  PROP_WORK_UNITS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PxAmdahlWorkload, px_amdahl_workload, PX_TYPE_WORKLOAD)

/* The finaliser of splitmix64: a chain of multiplies and shifts that each
 * depend on the last, so the work cannot be vectorised or folded away and
 * takes the same time everywhere. */
static inline guint64
mix (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);

  return z ^ (z >> 31);
}

/* The result depends only on the range, never on how it was sliced. */
static guint64
range_seed (guint64 first)
{
  return mix (first ^ G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));
}

static guint64
crunch (guint64 state,
        guint64 first,
        guint64 count)
{
  for (guint64 i = first; i < first + count; i++)
    state = mix (state ^ i);

  return state;
}

/* Crunches [*next, end) for about a millisecond at most. */
static guint64
crunch_slice (guint64  state,
              guint64 *next,
              guint64  end)
{
  gint64 deadline = g_get_monotonic_time () + SLICE_US;

  while (*next < end)
    {
      guint64 count = MIN (end - *next, CHUNK_UNITS);

      state = crunch (state, *next, count);
      *next += count;

      if (g_get_monotonic_time () >= deadline)
        break;
    }

  return state;
}

static guint64
get_serial_units (PxAmdahlWorkload *self)
{
  double serial = round (self->serial_fraction * (double) self->work_units);

  /* Near G_MAXUINT64 the product can round up to 2^64, which no guint64
   * holds. */
  if (serial >= (double) self->work_units)
    return self->work_units;

  return (guint64) serial;
}

/* The parallel part, split evenly: the first (parallel % n) tasks take one
 * unit more. */
static void
get_task_range (PxAmdahlWorkload *self,
                guint             index,
                guint64          *first,
                guint64          *count)
{
  guint64 serial = get_serial_units (self);
  guint64 parallel = self->work_units - serial;
  guint64 quotient = parallel / self->n_tasks;
  guint64 remainder = parallel % self->n_tasks;

  *first = serial + index * quotient + MIN (index, remainder);
  *count = quotient + (index < remainder ? 1 : 0);
}

static char *
format_summary (guint   index,
                guint64 units)
{
  g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, units);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "task %u: %s unit", "task %u: %s units",
                                       (gulong) MIN (units, G_MAXULONG)),
                          index + 1, number);
}

static guint
px_amdahl_workload_get_n_tasks (PxWorkload *workload)
{
  return PX_AMDAHL_WORKLOAD (workload)->n_tasks;
}

static char *
px_amdahl_workload_dup_task_label (PxWorkload *workload,
                                   guint       index)
{
  return g_strdup_printf (_("task %u"), index + 1);
}

static void
px_amdahl_workload_run_serial (PxWorkload    *workload,
                               PxTaskContext *ctx)
{
  PxAmdahlWorkload *self = PX_AMDAHL_WORKLOAD (workload);
  GCancellable *cancellable = px_task_context_get_cancellable (ctx);
  guint64 end = get_serial_units (self);
  guint64 next = 0;
  guint64 state = range_seed (0);

  while (next < end && !g_cancellable_is_cancelled (cancellable))
    {
      state = crunch_slice (state, &next, end);
      px_task_context_checkpoint (ctx);
    }

  self->serial_result = state;
}

static GBytes *
px_amdahl_workload_dup_task_input (PxWorkload *workload,
                                   guint       index)
{
  PxAmdahlWorkload *self = PX_AMDAHL_WORKLOAD (workload);
  guint64 words[3];
  guint64 first, count;

  g_return_val_if_fail (index < self->n_tasks, NULL);

  get_task_range (self, index, &first, &count);
  words[0] = GUINT64_TO_LE ((guint64) index);
  words[1] = GUINT64_TO_LE (first);
  words[2] = GUINT64_TO_LE (count);

  return g_bytes_new (words, sizeof words);
}

static gpointer
px_amdahl_workload_step_begin (PxWorkload     *workload,
                               GBytes         *input,
                               PxTaskContext  *ctx,
                               GError        **error)
{
  guint64 words[3];
  AmdahlState *state;
  gsize size;
  const guint8 *data = g_bytes_get_data (input, &size);

  /* The input may have come over a pipe: trust nothing in it. */
  if (size != INPUT_SIZE)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_PROTOCOL,
                   _("A task input of %zu bytes, expected %zu"), size, INPUT_SIZE);
      return NULL;
    }

  memcpy (words, data, sizeof words);
  words[0] = GUINT64_FROM_LE (words[0]);
  words[1] = GUINT64_FROM_LE (words[1]);
  words[2] = GUINT64_FROM_LE (words[2]);

  if (words[0] > G_MAXUINT || words[2] > G_MAXUINT64 - words[1])
    {
      g_set_error_literal (error, PX_ERROR, PX_ERROR_PROTOCOL,
                           _("A task input with an impossible range of units"));
      return NULL;
    }

  state = g_new0 (AmdahlState, 1);
  state->index = (guint) words[0];
  state->next = words[1];
  state->end = words[1] + words[2];
  state->count = words[2];
  state->state = range_seed (words[1]);

  return state;
}

static PxStepResult
px_amdahl_workload_step (PxWorkload     *workload,
                         gpointer        data,
                         PxTaskOutcome  *outcome,
                         GError        **error)
{
  AmdahlState *state = data;

  state->state = crunch_slice (state->state, &state->next, state->end);
  if (state->next < state->end)
    return PX_STEP_MORE;

  outcome->out_len = state->count;
  outcome->checksum = (guint32) (state->state ^ (state->state >> 32));
  g_free (outcome->summary);
  outcome->summary = format_summary (state->index, state->count);

  return PX_STEP_DONE;
}

static void
px_amdahl_workload_step_free (gpointer data)
{
  g_free (data);
}

static gboolean
px_amdahl_workload_verify (PxWorkload           *workload,
                           guint                 index,
                           const PxTaskOutcome  *outcome,
                           GError              **error)
{
  PxAmdahlWorkload *self = PX_AMDAHL_WORKLOAD (workload);
  g_autofree char *expected_str = NULL;
  g_autofree char *got_str = NULL;
  guint64 first, expected;

  if (index >= self->n_tasks)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MISMATCH,
                   _("Task %u does not exist: there are %u"), index + 1, self->n_tasks);
      return FALSE;
    }

  get_task_range (self, index, &first, &expected);
  if (outcome->out_len == expected)
    return TRUE;

  expected_str = g_strdup_printf ("%" G_GUINT64_FORMAT, expected);
  got_str = g_strdup_printf ("%" G_GUINT64_FORMAT, outcome->out_len);
  g_set_error (error, PX_ERROR, PX_ERROR_MISMATCH,
               _("Task %u did %s units of work instead of %s"), index + 1, got_str, expected_str);

  return FALSE;
}

static void
px_amdahl_workload_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PxAmdahlWorkload *self = PX_AMDAHL_WORKLOAD (object);

  switch (prop_id)
    {
    case PROP_N_TASKS:
      g_value_set_uint (value, self->n_tasks);
      break;

    case PROP_SERIAL_FRACTION:
      g_value_set_double (value, self->serial_fraction);
      break;

    case PROP_WORK_UNITS:
      g_value_set_uint64 (value, self->work_units);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_amdahl_workload_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PxAmdahlWorkload *self = PX_AMDAHL_WORKLOAD (object);

  switch (prop_id)
    {
    case PROP_N_TASKS:
      if (self->n_tasks != g_value_get_uint (value))
        {
          self->n_tasks = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_SERIAL_FRACTION:
      if (self->serial_fraction != g_value_get_double (value))
        {
          self->serial_fraction = g_value_get_double (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_WORK_UNITS:
      if (self->work_units != g_value_get_uint64 (value))
        {
          self->work_units = g_value_get_uint64 (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_amdahl_workload_class_init (PxAmdahlWorkloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  PxWorkloadClass *workload_class = PX_WORKLOAD_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                            G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = px_amdahl_workload_get_property;
  object_class->set_property = px_amdahl_workload_set_property;

  workload_class->name = "amdahl";
  workload_class->get_n_tasks = px_amdahl_workload_get_n_tasks;
  workload_class->dup_task_label = px_amdahl_workload_dup_task_label;
  workload_class->run_serial = px_amdahl_workload_run_serial;
  workload_class->dup_task_input = px_amdahl_workload_dup_task_input;
  workload_class->verify = px_amdahl_workload_verify;
  workload_class->step_begin = px_amdahl_workload_step_begin;
  workload_class->step = px_amdahl_workload_step;
  workload_class->step_free = px_amdahl_workload_step_free;

  /* A worker process needs none of these: each task's input carries its
   * range of units. */
  properties[PROP_N_TASKS] =
    g_param_spec_uint ("n-tasks", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_N_TASKS,
                       flags);
  properties[PROP_SERIAL_FRACTION] =
    g_param_spec_double ("serial-fraction", NULL, NULL,
                         0., 1., DEFAULT_SERIAL,
                         flags);
  properties[PROP_WORK_UNITS] =
    g_param_spec_uint64 ("work-units", NULL, NULL,
                         1, G_MAXUINT64, DEFAULT_WORK_UNITS,
                         flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
px_amdahl_workload_init (PxAmdahlWorkload *self)
{
}

PxWorkload *
px_amdahl_workload_new (guint  n_tasks,
                        double serial_fraction)
{
  g_return_val_if_fail (n_tasks > 0, NULL);
  g_return_val_if_fail (serial_fraction >= 0. && serial_fraction <= 1., NULL);

  return g_object_new (PX_TYPE_AMDAHL_WORKLOAD,
                       "n-tasks", n_tasks,
                       "serial-fraction", serial_fraction,
                       NULL);
}
