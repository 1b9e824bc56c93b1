/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "px-application.h"
#include "px-run-page.h"

G_BEGIN_DECLS

#define PX_TYPE_WINDOW (px_window_get_type ())
G_DECLARE_FINAL_TYPE (PxWindow, px_window, PX, WINDOW, AdwApplicationWindow)

PxWindow *px_window_new             (PxApplication *application);
/* Runs a short demo on the Run page (a batch) or the Amdahl page (Measure
 * Scaling), saves the window as a PNG at path, and closes the window. */
void      px_window_take_screenshot (PxWindow      *self,
                                     const char    *path,
                                     gboolean       amdahl);
/* Shows the results saved in file on the Run page. */
void      px_window_open_file       (PxWindow      *self,
                                     GFile         *file);
/* Runs the batch on the Run page, saves its results as JSON, sets the
 * application's exit status (0: every task succeeded; 1: a task failed, a
 * run could not start or the file could not be written) and closes the
 * window. */
void      px_window_run_batch       (PxWindow             *self,
                                     const PxBatchRequest *request);
void      px_window_add_toast       (PxWindow      *self,
                                     AdwToast      *toast);

G_END_DECLS
