/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "px-test-trace.h"

typedef struct
{
  gint64 ts;
  gint64 end;
} Slice;

static int
compare_slices (gconstpointer a,
                gconstpointer b)
{
  const Slice *x = a, *y = b;

  /* At the same start the longer slice is the parent. */
  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  return x->end > y->end ? -1 : x->end < y->end;
}

static void
assert_nested (const char *thread,
               GArray     *slices)
{
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_sort (slices, compare_slices);
  for (guint i = 0; i < slices->len; i++)
    {
      const Slice *slice = &g_array_index (slices, Slice, i);

      while (open->len > 0 && g_array_index (open, gint64, open->len - 1) <= slice->ts)
        g_array_set_size (open, open->len - 1);
      if (open->len > 0 && slice->end > g_array_index (open, gint64, open->len - 1))
        g_error ("Thread %s: the slice at %" G_GINT64_FORMAT " µs overlaps the one before without nesting",
                 thread, slice->ts);
      g_array_append_val (open, slice->end);
    }
}

guint
px_test_assert_trace_nests (JsonNode *trace)
{
  g_autoptr(GHashTable) threads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *events = json_object_get_array_member (json_node_get_object (trace), "traceEvents");
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      const char *ph = json_object_get_string_member (event, "ph");
      g_autofree char *thread = NULL;

      if (!json_object_has_member (event, "tid"))
        continue;
      thread = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                json_object_get_int_member (event, "pid"),
                                json_object_get_int_member (event, "tid"));

      if (g_str_equal (ph, "M") && g_str_equal (json_object_get_string_member (event, "name"), "thread_name"))
        {
          JsonObject *args = json_object_get_object_member (event, "args");

          g_hash_table_replace (names, g_steal_pointer (&thread),
                                g_strdup (json_object_get_string_member (args, "name")));
        }
      else if (g_str_equal (ph, "X"))
        {
          GArray *slices = g_hash_table_lookup (threads, thread);
          Slice slice;

          if (slices == NULL)
            {
              slices = g_array_new (FALSE, FALSE, sizeof (Slice));
              g_hash_table_insert (threads, g_strdup (thread), slices);
            }
          slice.ts = json_object_get_int_member (event, "ts");
          slice.end = slice.ts + json_object_get_int_member (event, "dur");
          g_array_append_val (slices, slice);
        }
    }

  g_hash_table_iter_init (&iter, threads);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *name = g_hash_table_lookup (names, key);

      if (name == NULL || *name == '\0')
        g_error ("Thread %s has slices and no thread_name", (const char *) key);
      assert_nested (key, value);
    }

  return g_hash_table_size (threads);
}
