/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PX_TYPE_APPLICATION (px_application_get_type ())
G_DECLARE_FINAL_TYPE (PxApplication, px_application, PX, APPLICATION, AdwApplication)

PxApplication *px_application_new          (void);
GSettings     *px_application_get_settings (PxApplication *self);
/* What main () returns: 1 after a batch from the command line failed. */
int            px_application_get_exit_status (PxApplication *self);
void           px_application_set_exit_status (PxApplication *self,
                                               int            status);

G_END_DECLS
