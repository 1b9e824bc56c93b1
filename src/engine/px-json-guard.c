/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-json-guard"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "px-error.h"
#include "px-json-guard.h"

guint
px_json_scan_depth (const char *data,
                    gsize       length,
                    guint       limit)
{
  gboolean in_string = FALSE;
  guint depth = 0;
  guint deepest = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;

        case '[':
        case '{':
          depth++;
          deepest = MAX (deepest, depth);
          if (deepest > limit)
            return deepest;
          break;

        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;

        default:
          break;
        }
    }

  return deepest;
}

JsonParser *
px_json_parse (const char  *data,
               gsize        length,
               gsize        max_length,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > max_length)
    {
      g_autofree char *size = g_format_size (max_length);

      g_set_error (error, PX_ERROR, PX_ERROR_TOO_LARGE, _("The JSON document is larger than %s"), size);
      return NULL;
    }

  if (px_json_scan_depth (data, length, PX_JSON_MAX_DEPTH) > PX_JSON_MAX_DEPTH)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED,
                   _("The JSON document is nested deeper than %u levels"), PX_JSON_MAX_DEPTH);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  /* json-glib may fail, or succeed without a root, and set no error. */
  if (!json_parser_load_from_data (parser, data != NULL ? data : "", length, &local_error) ||
      json_parser_get_root (parser) == NULL)
    {
      if (local_error != NULL)
        g_set_error (error, PX_ERROR, PX_ERROR_MALFORMED, _("Not valid JSON: %s"), local_error->message);
      else
        g_set_error_literal (error, PX_ERROR, PX_ERROR_MALFORMED, _("Not valid JSON: the document is empty"));
      return NULL;
    }

  return g_steal_pointer (&parser);
}
