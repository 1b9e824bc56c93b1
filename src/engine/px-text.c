/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-text"

#include "config.h"

#include "px-text.h"

char *
px_text_escape (const char *text,
                gssize      length,
                gsize       max_bytes)
{
  GString *out;
  const char *p, *end;

  if (text == NULL)
    return NULL;

  end = text + (length < 0 ? strlen (text) : (gsize) length);
  out = g_string_sized_new (MIN ((gsize) (end - text), max_bytes) + 8);

  for (p = text; p < end; )
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (out->len >= max_bytes)
        {
          g_string_append (out, "…");
          break;
        }

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append (out, "\xef\xbf\xbd");
          p++;
          continue;
        }

      if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else if (c >= 0x80 && c < 0xa0)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }

  return g_string_free (out, FALSE);
}
