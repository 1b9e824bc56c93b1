/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "px-application.h"

G_BEGIN_DECLS

/* What the window tests share. */

/* GTK and libadwaita up, and the application registered (beside any other
 * Parallax); NULL, having said "SKIP" in TAP, when there is no display
 * (unless PARALLAX_REQUIRE_DISPLAY=1, which makes that an error). */
PxApplication *px_test_ui_init        (int         *argc,
                                       char      ***argv);
void           px_test_find_all       (GtkWidget   *root,
                                       GType        type,
                                       GPtrArray   *found);
/* The first widget of the type under root (root included), or NULL. */
GtkWidget     *px_test_find_widget    (GtkWidget   *root,
                                       GType        type);
/* Iterates the main loop until done (data) or aborts after timeout_s. */
void           px_test_spin_until     (gboolean   (*done) (gpointer),
                                       gpointer     data,
                                       guint        timeout_s);
gboolean       px_test_is_mapped      (gpointer     widget);
/* Runs the built parallax with args (NULL-terminated) and returns its exit
 * status; its output into *out when out is not NULL, else dropped. */
int            px_test_run_app        (const char * const *args,
                                       char              **out);
/* Destroys the window and lets what it started wind down. */
void           px_test_close_window   (GtkWindow   *window);

G_END_DECLS
