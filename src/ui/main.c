/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "px-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PxApplication) app = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = px_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);

  /* A batch run from the command line reports its outcome. */
  return status != 0 ? status : px_application_get_exit_status (app);
}
