/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "parallax"

#include "config.h"

#include <gio/gio.h>

#include "px-engine.h"
#include "px-lesson.h"

enum {
  PROP_0,
  /* strings */
  PROP_ID,
  PROP_TITLE,
  PROP_TEXT,
  PROP_SNIPPET,
  PROP_EXPECT,
  PROP_PAGE,
  PROP_WORKLOAD,
  PROP_STRATEGIES,
  PROP_WORKERS,
  PROP_CHECK,
  PROP_TABLE,
  PROP_LINKS,
  N_STRING_PROPS,
  /* the others */
  PROP_TASKS = N_STRING_PROPS,
  PROP_LATENCY_MS,
  PROP_SERIAL,
  PROP_AMDAHL_P,
  PROP_PURE_PYTHON,
  PROP_RETURN_OUTPUT,
  N_PROPS
};

struct _PxLesson
{
  GObject   parent_instance;

  char     *strings[N_STRING_PROPS];
  guint     tasks;
  int       latency_ms;
  double    serial;
  double    amdahl_p;
  gboolean  pure_python;
  gboolean  return_output;
};

G_DEFINE_FINAL_TYPE (PxLesson, px_lesson, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
px_lesson_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PxLesson *self = PX_LESSON (object);

  if (prop_id > PROP_0 && prop_id < N_STRING_PROPS)
    {
      g_value_set_string (value, self->strings[prop_id]);
      return;
    }

  switch (prop_id)
    {
    case PROP_TASKS:
      g_value_set_uint (value, self->tasks);
      break;
    case PROP_LATENCY_MS:
      g_value_set_int (value, self->latency_ms);
      break;
    case PROP_SERIAL:
      g_value_set_double (value, self->serial);
      break;
    case PROP_AMDAHL_P:
      g_value_set_double (value, self->amdahl_p);
      break;
    case PROP_PURE_PYTHON:
      g_value_set_boolean (value, self->pure_python);
      break;
    case PROP_RETURN_OUTPUT:
      g_value_set_boolean (value, self->return_output);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_lesson_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PxLesson *self = PX_LESSON (object);

  if (prop_id > PROP_0 && prop_id < N_STRING_PROPS)
    {
      g_free (self->strings[prop_id]);
      self->strings[prop_id] = g_value_dup_string (value);
      return;
    }

  switch (prop_id)
    {
    case PROP_TASKS:
      self->tasks = g_value_get_uint (value);
      break;
    case PROP_LATENCY_MS:
      self->latency_ms = g_value_get_int (value);
      break;
    case PROP_SERIAL:
      self->serial = g_value_get_double (value);
      break;
    case PROP_AMDAHL_P:
      self->amdahl_p = g_value_get_double (value);
      break;
    case PROP_PURE_PYTHON:
      self->pure_python = g_value_get_boolean (value);
      break;
    case PROP_RETURN_OUTPUT:
      self->return_output = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_lesson_finalize (GObject *object)
{
  PxLesson *self = PX_LESSON (object);

  for (guint i = 0; i < N_STRING_PROPS; i++)
    g_free (self->strings[i]);

  G_OBJECT_CLASS (px_lesson_parent_class)->finalize (object);
}

static void
px_lesson_class_init (PxLessonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char * const names[N_STRING_PROPS] = {
    [PROP_ID] = "id", [PROP_TITLE] = "title", [PROP_TEXT] = "text", [PROP_SNIPPET] = "snippet",
    [PROP_EXPECT] = "expect", [PROP_PAGE] = "page", [PROP_WORKLOAD] = "workload",
    [PROP_STRATEGIES] = "strategies", [PROP_WORKERS] = "workers", [PROP_CHECK] = "check",
    [PROP_TABLE] = "table", [PROP_LINKS] = "links",
  };
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS;

  object_class->finalize = px_lesson_finalize;
  object_class->get_property = px_lesson_get_property;
  object_class->set_property = px_lesson_set_property;

  for (guint i = PROP_ID; i < N_STRING_PROPS; i++)
    properties[i] = g_param_spec_string (names[i], NULL, NULL, NULL, flags);
  properties[PROP_TASKS] = g_param_spec_uint ("tasks", NULL, NULL, 0, 100000, 0, flags);
  properties[PROP_LATENCY_MS] = g_param_spec_int ("latency-ms", NULL, NULL, -1, 10000, -1, flags);
  properties[PROP_SERIAL] = g_param_spec_double ("serial", NULL, NULL, -1., 1., -1., flags);
  properties[PROP_AMDAHL_P] = g_param_spec_double ("amdahl-p", NULL, NULL, -1., 1., -1., flags);
  properties[PROP_PURE_PYTHON] = g_param_spec_boolean ("pure-python", NULL, NULL, FALSE, flags);
  /* As the preference's default: the outputs come back, as with Python's
   * ProcessPoolExecutor. */
  properties[PROP_RETURN_OUTPUT] = g_param_spec_boolean ("return-output", NULL, NULL, TRUE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
px_lesson_init (PxLesson *self)
{
}

static const char *
get_string (PxLesson *self,
            guint     prop_id)
{
  g_return_val_if_fail (PX_IS_LESSON (self), "");

  return self->strings[prop_id] != NULL ? self->strings[prop_id] : "";
}

const char *
px_lesson_get_id (PxLesson *self)
{
  return get_string (self, PROP_ID);
}

const char *
px_lesson_get_title (PxLesson *self)
{
  return get_string (self, PROP_TITLE);
}

const char *
px_lesson_get_text (PxLesson *self)
{
  return get_string (self, PROP_TEXT);
}

const char *
px_lesson_get_snippet (PxLesson *self)
{
  return get_string (self, PROP_SNIPPET);
}

const char *
px_lesson_get_expect (PxLesson *self)
{
  return get_string (self, PROP_EXPECT);
}

const char *
px_lesson_get_page (PxLesson *self)
{
  return get_string (self, PROP_PAGE);
}

const char *
px_lesson_get_workload (PxLesson *self)
{
  return get_string (self, PROP_WORKLOAD);
}

/* A comma-separated list, each item stripped, empty ones dropped. */
static GStrv
split_list (const char *text,
            const char *separator)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit (text, separator, -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (builder, parts[i]);

  return g_strv_builder_end (builder);
}

GStrv
px_lesson_dup_strategies (PxLesson *self)
{
  return split_list (get_string (self, PROP_STRATEGIES), ",");
}

guint
px_lesson_get_tasks (PxLesson *self)
{
  g_return_val_if_fail (PX_IS_LESSON (self), 0);

  return self->tasks;
}

guint
px_lesson_get_workers_for (PxLesson *self,
                           guint     cores)
{
  const char *text = get_string (self, PROP_WORKERS);
  guint64 factor = 1;
  char *end = NULL;

  cores = MAX (cores, 1);
  if (g_str_equal (text, "executor"))
    return MIN (32, cores + 4);

  if (g_ascii_isdigit (*text))
    {
      factor = g_ascii_strtoull (text, &end, 10);
      if (*end == '\0')
        return factor >= 1 && factor <= 1024 ? factor : 0;
      if (*end != '*')
        return 0;
      text = end + 1;
    }

  if (!g_str_equal (text, "cores") || factor < 1 || factor > 64)
    return 0;

  return MIN (factor * cores, 1024);
}

int
px_lesson_get_latency_ms (PxLesson *self)
{
  g_return_val_if_fail (PX_IS_LESSON (self), -1);

  return self->latency_ms;
}

double
px_lesson_get_serial (PxLesson *self)
{
  g_return_val_if_fail (PX_IS_LESSON (self), -1.);

  return self->serial;
}

double
px_lesson_get_amdahl_p (PxLesson *self)
{
  g_return_val_if_fail (PX_IS_LESSON (self), -1.);

  return self->amdahl_p;
}

gboolean
px_lesson_get_pure_python (PxLesson *self)
{
  g_return_val_if_fail (PX_IS_LESSON (self), FALSE);

  return self->pure_python;
}

gboolean
px_lesson_get_return_output (PxLesson *self)
{
  g_return_val_if_fail (PX_IS_LESSON (self), FALSE);

  return self->return_output;
}

GStrv
px_lesson_dup_table_rows (PxLesson *self)
{
  return self->strings[PROP_TABLE] != NULL ? split_list (self->strings[PROP_TABLE], "\n") : NULL;
}

GStrv
px_lesson_dup_links (PxLesson *self)
{
  return self->strings[PROP_LINKS] != NULL ? split_list (self->strings[PROP_LINKS], ",") : NULL;
}

PxLessonCheck *
px_lesson_parse_check (PxLesson  *self,
                       GError   **error)
{
  return px_lesson_check_parse (get_string (self, PROP_CHECK), error);
}

static G_GNUC_PRINTF (3, 4) gboolean
malformed (PxLesson    *self,
           GError     **error,
           const char  *format,
           ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Lesson “%s”: %s",
               get_string (self, PROP_ID), reason);
  return FALSE;
}

gboolean
px_lesson_validate (PxLesson  *self,
                    GError   **error)
{
  g_auto(GStrv) strategies = px_lesson_dup_strategies (self);
  g_auto(GStrv) rows = px_lesson_dup_table_rows (self);
  g_auto(GStrv) links = px_lesson_dup_links (self);
  g_autoptr(PxLessonCheck) check = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *page = px_lesson_get_page (self);

  g_return_val_if_fail (PX_IS_LESSON (self), FALSE);

  for (guint i = PROP_ID; i <= PROP_WORKLOAD; i++)
    if (*get_string (self, i) == '\0' && i != PROP_SNIPPET)
      return malformed (self, error, "%s is empty", g_param_spec_get_name (properties[i]));

  if (!g_str_equal (page, "run") && !g_str_equal (page, "amdahl"))
    return malformed (self, error, "page “%s” is neither run nor amdahl", page);
  if (px_workload_type_from_name (px_lesson_get_workload (self)) == 0)
    return malformed (self, error, "unknown workload “%s”", px_lesson_get_workload (self));
  if (strategies[0] == NULL)
    return malformed (self, error, "no strategies");
  for (guint i = 0; strategies[i] != NULL; i++)
    if (!px_strategy_from_string (strategies[i], NULL))
      return malformed (self, error, "unknown strategy “%s”", strategies[i]);
  if (g_str_equal (page, "amdahl") && !g_str_equal (strategies[0], "threads") &&
      !g_str_equal (strategies[0], "processes"))
    return malformed (self, error, "the Amdahl page measures threads or processes");
  if (px_lesson_get_workers_for (self, 1) == 0 && self->strings[PROP_WORKERS] != NULL)
    return malformed (self, error, "workers “%s” is not N, cores, K*cores or executor",
                      self->strings[PROP_WORKERS]);
  if ((rows == NULL) != (links == NULL) ||
      (rows != NULL && g_strv_length (rows) != g_strv_length (links)))
    return malformed (self, error, "the table needs one link per row");
  for (guint i = 0; rows != NULL && rows[i] != NULL; i++)
    if (strchr (rows[i], '|') == NULL)
      return malformed (self, error, "table row “%s” has no ‘|’", rows[i]);

  check = px_lesson_parse_check (self, &local_error);
  if (check == NULL)
    return malformed (self, error, "%s", local_error->message);
  for (guint i = 0; i < PX_N_STRATEGIES; i++)
    if (px_lesson_check_uses (check, px_strategy_to_string (i)) &&
        !g_strv_contains ((const char * const *) strategies, px_strategy_to_string (i)))
      return malformed (self, error, "the check reads %s, which the experiment does not run",
                        px_strategy_to_string (i));

  return TRUE;
}
