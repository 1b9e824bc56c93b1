/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "px-application.h"
#include "px-lesson-book.h"
#include "px-lesson-panel.h"
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
PxLessonBook  *px_window_get_lesson_book  (PxWindow   *self);
/* The open lesson's position in the book, or -1. */
int            px_window_get_lesson       (PxWindow   *self);
PxLessonPanel *px_window_get_lesson_panel (PxWindow   *self);
/* Opens the lesson beside its page, ready for Show Me; FALSE when there
 * is no such lesson. */
gboolean       px_window_open_lesson      (PxWindow   *self,
                                           const char *id);
/* Opens the lesson, runs its experiment, then writes the screenshot and
 * the results (each when not NULL), sets the exit status (0: the
 * experiment ran; 1: it could not, or a file could not be written) and
 * closes the window. */
void           px_window_run_lesson       (PxWindow   *self,
                                           const char *id,
                                           const char *screenshot,
                                           const char *save_path);

G_END_DECLS
