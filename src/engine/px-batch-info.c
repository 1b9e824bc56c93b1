/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-batch-info"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "px-batch-info.h"
#include "px-error.h"
#include "px-format.h"
#include "px-run-result.h"
#include "px-text.h"
#include "px-types.h"
#include "px-workload.h"

/* "2026-11-30T14:05:00+01:00" and a little room. */
#define MAX_DATE_TEXT 64

G_DEFINE_BOXED_TYPE (PxBatchInfo, px_batch_info, px_batch_info_copy, px_batch_info_free)

static gboolean
is_workload (const PxBatchInfo *info,
             const char        *name)
{
  return g_strcmp0 (info->workload, name) == 0;
}

char *
px_url_strip_credentials (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL || (uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL)) == NULL)
    return NULL;

  return g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), g_uri_get_path (uri), NULL, NULL);
}

char *
px_machine_cpu_model (void)
{
  g_autofree char *cpuinfo = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    return NULL;

  lines = g_strsplit (cpuinfo, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');

      if (g_str_has_prefix (lines[i], "model name") && colon != NULL)
        {
          g_strstrip (lines[i]);
          colon = strchr (lines[i], ':');
          while (g_ascii_isspace (colon[1]))
            colon++;
          if (colon[1] != '\0')
            return px_text_escape (colon + 1, -1, PX_BATCH_MAX_TEXT);
        }
    }

  return NULL;
}

PxBatchInfo *
px_batch_info_new (const char *workload)
{
  PxBatchInfo *info = g_new0 (PxBatchInfo, 1);
  g_autofree char *os = NULL;

  info->created = g_date_time_new_now_local ();
  info->app_version = g_strdup (PACKAGE_VERSION);
  info->cores = g_get_num_processors ();
  info->cpu_model = px_machine_cpu_model ();
  os = g_get_os_info (G_OS_INFO_KEY_PRETTY_NAME);
  info->os = px_text_escape (os, -1, PX_BATCH_MAX_TEXT);
  info->workload = g_strdup (workload);
  info->has_parameters = TRUE;
  info->latency_ms = -1;
  info->serial = -1.;
  info->return_output = TRUE;

  return info;
}

PxBatchInfo *
px_batch_info_copy (const PxBatchInfo *info)
{
  PxBatchInfo *copy = g_memdup2 (info, sizeof *info);

  copy->created = info->created != NULL ? g_date_time_ref (info->created) : NULL;
  copy->app_version = g_strdup (info->app_version);
  copy->cpu_model = g_strdup (info->cpu_model);
  copy->os = g_strdup (info->os);
  copy->workload = g_strdup (info->workload);
  copy->strategies = g_strdupv (info->strategies);
  copy->api_url = g_strdup (info->api_url);
  copy->input_name = g_strdup (info->input_name);

  return copy;
}

void
px_batch_info_free (PxBatchInfo *info)
{
  if (info == NULL)
    return;

  g_clear_pointer (&info->created, g_date_time_unref);
  g_free (info->app_version);
  g_free (info->cpu_model);
  g_free (info->os);
  g_free (info->workload);
  g_strfreev (info->strategies);
  g_free (info->api_url);
  g_free (info->input_name);
  g_free (info);
}

void
px_batch_info_set_api_url (PxBatchInfo *info,
                           const char  *url)
{
  g_return_if_fail (info != NULL);

  g_free (info->api_url);
  info->api_url = px_url_strip_credentials (url);
}

void
px_batch_info_set_input_path (PxBatchInfo *info,
                              const char  *path)
{
  g_return_if_fail (info != NULL);

  g_free (info->input_name);
  info->input_name = path != NULL ? g_path_get_basename (path) : NULL;
}

static void
add_parameters (const PxBatchInfo *info,
                JsonBuilder       *builder)
{
  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_object (builder);
  px_json_add_string_or_null (builder, "workload", info->workload);
  json_builder_set_member_name (builder, "strategies");
  json_builder_begin_array (builder);
  for (guint i = 0; info->strategies != NULL && info->strategies[i] != NULL; i++)
    json_builder_add_string_value (builder, info->strategies[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "tasks");
  json_builder_add_int_value (builder, info->n_tasks);
  json_builder_set_member_name (builder, "workers");
  json_builder_add_int_value (builder, info->n_workers);

  if (is_workload (info, "fetch"))
    {
      /* Stripped again: whoever filled the field, no password is written. */
      g_autofree char *url = px_url_strip_credentials (info->api_url);

      json_builder_set_member_name (builder, "latency_ms");
      if (url == NULL && info->latency_ms >= 0)
        json_builder_add_int_value (builder, info->latency_ms);
      else
        json_builder_add_null_value (builder);
      px_json_add_string_or_null (builder, "api_url", url);
    }
  else if (is_workload (info, "decompress"))
    {
      g_autofree char *name = info->input_name != NULL ? g_path_get_basename (info->input_name) : NULL;

      px_json_add_string_or_null (builder, "input", name);
      json_builder_set_member_name (builder, "pure_python");
      json_builder_add_boolean_value (builder, info->pure_python);
    }
  else if (is_workload (info, "amdahl"))
    {
      json_builder_set_member_name (builder, "serial");
      if (info->serial >= 0.)
        json_builder_add_double_value (builder, info->serial);
      else
        json_builder_add_null_value (builder);
    }

  json_builder_set_member_name (builder, "return_output");
  json_builder_add_boolean_value (builder, info->return_output);
  json_builder_end_object (builder);
}

void
px_batch_info_to_json (const PxBatchInfo *info,
                       JsonBuilder       *builder)
{
  g_return_if_fail (info != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  if (info->created != NULL)
    {
      g_autofree char *created = g_date_time_format (info->created, "%Y-%m-%dT%H:%M:%S%:z");

      json_builder_set_member_name (builder, "created");
      json_builder_add_string_value (builder, created);
    }
  if (info->app_version != NULL)
    {
      json_builder_set_member_name (builder, "app_version");
      json_builder_add_string_value (builder, info->app_version);
    }
  if (info->cores > 0)
    {
      json_builder_set_member_name (builder, "machine");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "cores");
      json_builder_add_int_value (builder, info->cores);
      px_json_add_string_or_null (builder, "cpu_model", info->cpu_model);
      px_json_add_string_or_null (builder, "os", info->os);
      json_builder_end_object (builder);
    }
  if (info->has_parameters)
    add_parameters (info, builder);
}

static gboolean
wrong_type (const char  *name,
            GError     **error)
{
  g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: “%s” is missing or has the wrong type"), name);
  return FALSE;
}

static gboolean
out_of_range (const char  *name,
              GError     **error)
{
  g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: “%s” is out of range"), name);
  return FALSE;
}

static gboolean
is_null (JsonObject *object,
         const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

/* A string member of at most max_chars characters; *value stays NULL for
 * a null one where nullable. */
static gboolean
get_string (JsonObject  *object,
            const char  *name,
            gboolean     nullable,
            glong        max_chars,
            char       **value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *text;

  if (nullable && is_null (object, name))
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (name, error);

  text = json_node_get_string (node);
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > max_chars)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: “%s” is too long"), name);
      return FALSE;
    }

  /* It is printed to terminals and shown in labels. */
  *value = px_text_escape (text, -1, G_MAXSIZE);
  return TRUE;
}

static gboolean
get_int (JsonObject  *object,
         const char  *name,
         gint64       min,
         gint64       max,
         gint64      *value,
         GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return wrong_type (name, error);

  *value = json_node_get_int (node);
  if (*value < min || *value > max)
    return out_of_range (name, error);
  return TRUE;
}

static gboolean
get_boolean (JsonObject  *object,
             const char  *name,
             gboolean    *value,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_type (name, error);

  *value = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_object (JsonObject  *object,
            const char  *name,
            JsonObject **value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (name, error);

  *value = json_node_get_object (node);
  return TRUE;
}

static gboolean
read_machine (PxBatchInfo  *info,
              JsonObject   *root,
              GError      **error)
{
  JsonObject *machine;
  gint64 cores;

  if (!json_object_has_member (root, "machine"))
    {
      /* Older files have the cores of the machine that wrote them. */
      if (json_object_has_member (root, "cores"))
        {
          if (!get_int (root, "cores", 1, PX_RUN_MAX_CORES, &cores, error))
            return FALSE;
          info->cores = cores;
        }
      return TRUE;
    }

  if (!get_object (root, "machine", &machine, error) ||
      !get_int (machine, "cores", 1, PX_RUN_MAX_CORES, &cores, error) ||
      !get_string (machine, "cpu_model", TRUE, PX_BATCH_MAX_TEXT, &info->cpu_model, error) ||
      !get_string (machine, "os", TRUE, PX_BATCH_MAX_TEXT, &info->os, error))
    return FALSE;

  info->cores = cores;
  return TRUE;
}

static gboolean
read_strategies (PxBatchInfo  *info,
                 JsonObject   *parameters,
                 GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean seen[PX_N_STRATEGIES] = { FALSE };
  JsonNode *node = json_object_get_member (parameters, "strategies");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type ("strategies", error);

  array = json_node_get_array (node);
  if (json_array_get_length (array) > PX_N_STRATEGIES)
    return out_of_range ("strategies", error);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      PxStrategy strategy;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return wrong_type ("strategies", error);
      if (!px_strategy_from_string (json_node_get_string (element), &strategy) || seen[strategy])
        return out_of_range ("strategies", error);
      seen[strategy] = TRUE;
      g_strv_builder_add (builder, px_strategy_to_string (strategy));
    }

  info->strategies = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_source (PxBatchInfo  *info,
             JsonObject   *parameters,
             GError      **error)
{
  gint64 latency_ms;
  g_autofree char *url = NULL;

  if (!is_null (parameters, "latency_ms"))
    {
      if (!get_int (parameters, "latency_ms", 0, PX_BATCH_MAX_LATENCY_MS, &latency_ms, error))
        return FALSE;
      info->latency_ms = latency_ms;
    }

  if (!get_string (parameters, "api_url", TRUE, PX_BATCH_MAX_URL, &url, error))
    return FALSE;
  if (url != NULL)
    {
      /* A hand-made file may carry a password: it is not kept either. */
      info->api_url = px_url_strip_credentials (url);
      if (info->api_url == NULL)
        return wrong_type ("api_url", error);
    }

  return TRUE;
}

static gboolean
read_input (PxBatchInfo  *info,
            JsonObject   *parameters,
            GError      **error)
{
  if (!get_string (parameters, "input", TRUE, PX_BATCH_MAX_TEXT, &info->input_name, error))
    return FALSE;

  /* A file's name, not a path. */
  if (info->input_name != NULL &&
      (info->input_name[0] == '\0' || strchr (info->input_name, '/') != NULL))
    return wrong_type ("input", error);

  return !json_object_has_member (parameters, "pure_python") ||
         get_boolean (parameters, "pure_python", &info->pure_python, error);
}

static gboolean
read_parameters (PxBatchInfo  *info,
                 JsonObject   *root,
                 GError      **error)
{
  g_autofree char *workload = NULL;
  JsonObject *parameters;
  gint64 n_tasks, n_workers;

  if (!json_object_has_member (root, "parameters"))
    return TRUE;

  if (!get_object (root, "parameters", &parameters, error) ||
      !get_string (parameters, "workload", FALSE, PX_BATCH_MAX_TEXT, &workload, error))
    return FALSE;
  if (px_workload_type_from_name (workload) == 0 || g_strcmp0 (workload, info->workload) != 0)
    return out_of_range ("workload", error);

  if (!read_strategies (info, parameters, error) ||
      !get_int (parameters, "tasks", 1, PX_RUN_MAX_TASKS, &n_tasks, error) ||
      !get_int (parameters, "workers", 1, PX_RUN_MAX_LANES, &n_workers, error))
    return FALSE;
  info->n_tasks = n_tasks;
  info->n_workers = n_workers;

  if (is_workload (info, "fetch") && !read_source (info, parameters, error))
    return FALSE;
  if (is_workload (info, "decompress") && !read_input (info, parameters, error))
    return FALSE;
  if (is_workload (info, "amdahl") && !is_null (parameters, "serial"))
    {
      JsonNode *node = json_object_get_member (parameters, "serial");

      if (!JSON_NODE_HOLDS_VALUE (node) ||
          (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64))
        return wrong_type ("serial", error);
      info->serial = json_node_get_double (node);
      if (!(info->serial >= 0. && info->serial <= 1.))
        return out_of_range ("serial", error);
    }

  if (json_object_has_member (parameters, "return_output") &&
      !get_boolean (parameters, "return_output", &info->return_output, error))
    return FALSE;

  info->has_parameters = TRUE;
  return TRUE;
}

PxBatchInfo *
px_batch_info_new_from_json (JsonObject  *root,
                             GError     **error)
{
  g_autoptr(PxBatchInfo) info = g_new0 (PxBatchInfo, 1);
  g_autofree char *created = NULL;
  gint64 count;

  g_return_val_if_fail (root != NULL, NULL);

  info->latency_ms = -1;
  info->serial = -1.;
  info->return_output = TRUE;

  if (!get_string (root, "workload", FALSE, PX_BATCH_MAX_TEXT, &info->workload, error))
    return NULL;
  if (json_object_has_member (root, "tasks"))
    {
      if (!get_int (root, "tasks", 0, PX_RUN_MAX_TASKS, &count, error))
        return NULL;
      info->n_tasks = count;
    }
  if (json_object_has_member (root, "workers"))
    {
      if (!get_int (root, "workers", 0, PX_RUN_MAX_LANES, &count, error))
        return NULL;
      info->n_workers = count;
    }

  if (json_object_has_member (root, "created"))
    {
      if (!get_string (root, "created", FALSE, MAX_DATE_TEXT, &created, error))
        return NULL;
      info->created = g_date_time_new_from_iso8601 (created, NULL);
      if (info->created == NULL)
        {
          g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Saved run: “%s” is not a date"), "created");
          return NULL;
        }
    }
  if (json_object_has_member (root, "app_version") &&
      !get_string (root, "app_version", FALSE, MAX_DATE_TEXT, &info->app_version, error))
    return NULL;

  if (!read_machine (info, root, error) || !read_parameters (info, root, error))
    return NULL;

  return g_steal_pointer (&info);
}

static void
append_part (GString    *line,
             const char *part)
{
  if (line->len > 0)
    g_string_append (line, " · ");
  g_string_append (line, part);
}

char *
px_batch_info_dup_parameters (const PxBatchInfo *info)
{
  GString *line = g_string_new (NULL);
  g_autofree char *strategies = NULL;
  g_autofree char *tasks = NULL;
  g_autofree char *workers = NULL;
  g_autofree char *source = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  append_part (line, info->workload != NULL ? info->workload : "");
  if (info->strategies != NULL && info->strategies[0] != NULL)
    {
      strategies = g_strjoinv (", ", info->strategies);
      append_part (line, strategies);
    }
  if (info->n_tasks > 0)
    {
      tasks = g_strdup_printf (ngettext ("%u task", "%u tasks", info->n_tasks), info->n_tasks);
      append_part (line, tasks);
    }
  if (info->n_workers > 0)
    {
      workers = g_strdup_printf (ngettext ("%u worker", "%u workers", info->n_workers), info->n_workers);
      append_part (line, workers);
    }
  if (!info->has_parameters)
    return g_string_free (line, FALSE);

  if (is_workload (info, "fetch") && info->api_url != NULL)
    source = g_strdup (info->api_url);
  else if (is_workload (info, "fetch") && info->latency_ms >= 0)
    source = g_strdup_printf (_("embedded server, %d ms latency"), info->latency_ms);
  else if (is_workload (info, "decompress") && info->input_name != NULL)
    /* Translators: the file a decompress batch compressed and decompressed */
    source = g_strdup_printf (_("input %s"), info->input_name);
  else if (is_workload (info, "decompress"))
    source = g_strdup (_("bundled corpus"));
  else if (is_workload (info, "amdahl") && info->serial >= 0.)
    source = g_strdup_printf (_("serial fraction %.4g %%"), 100. * info->serial);
  if (source != NULL)
    append_part (line, source);

  if (is_workload (info, "decompress") && info->pure_python)
    append_part (line, _("as pure Python"));
  if (info->strategies != NULL && g_strv_contains ((const char * const *) info->strategies, "processes"))
    append_part (line, info->return_output ? _("outputs sent back") : _("outputs not sent back"));

  return g_string_free (line, FALSE);
}

char *
px_batch_info_dup_machine (const PxBatchInfo *info)
{
  GString *line;

  g_return_val_if_fail (info != NULL, NULL);

  if (info->cores == 0)
    return NULL;

  line = g_string_new (NULL);
  g_string_append_printf (line, ngettext ("%u core", "%u cores", info->cores), info->cores);
  if (info->cpu_model != NULL)
    g_string_append_printf (line, ", %s", info->cpu_model);
  if (info->os != NULL)
    g_string_append_printf (line, ", %s", info->os);

  return g_string_free (line, FALSE);
}

char *
px_batch_info_dup_recorded (const PxBatchInfo *info)
{
  g_autofree char *date = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  if (info->created == NULL)
    return g_strdup (_("Recorded with an older Parallax, which saved no date or parameters"));

  /* The date and time as the recording machine's clock had them. */
  date = g_date_time_format (info->created, "%x %X");
  if (info->app_version != NULL)
    /* Translators: a date and time, then a version number */
    return g_strdup_printf (_("Recorded %s with Parallax %s"), date, info->app_version);
  /* Translators: a date and time */
  return g_strdup_printf (_("Recorded %s"), date);
}
