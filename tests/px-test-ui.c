/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sys/wait.h>

#include "px-test-ui.h"

PxApplication *
px_test_ui_init (int    *argc,
                 char ***argv)
{
  g_autoptr(GError) error = NULL;
  PxApplication *app;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      if (g_strcmp0 (g_getenv ("PARALLAX_REQUIRE_DISPLAY"), "1") == 0)
        g_error ("No display, and PARALLAX_REQUIRE_DISPLAY=1");
      g_print ("1..0 # SKIP no display\n");
      return NULL;
    }

  gtk_test_init (argc, argv, NULL);
  adw_init ();

  app = px_application_new ();
  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  return app;
}

void
px_test_find_all (GtkWidget *root,
                  GType      type,
                  GPtrArray *found)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    px_test_find_all (child, type, found);
}

GtkWidget *
px_test_find_widget (GtkWidget *root,
                     GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = px_test_find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

void
px_test_spin_until (gboolean (*done) (gpointer),
                    gpointer   data,
                    guint      timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %u s", timeout_s);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

gboolean
px_test_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

void
px_test_close_window (GtkWindow *window)
{
  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
px_test_run_app (const char * const  *args,
                 char               **out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, g_test_build_filename (G_TEST_BUILT, "..", "src", "ui", "parallax", NULL));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  if (out != NULL)
    g_clear_pointer (out, g_free);
  /* Its output is not the test's TAP. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                               out != NULL ? G_SPAWN_DEFAULT : G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, out, NULL,
                               &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));

  return WEXITSTATUS (wait_status);
}
