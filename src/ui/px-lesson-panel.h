/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "px-lesson.h"

G_BEGIN_DECLS

typedef enum
{
  PX_LESSON_STATUS_READY,
  PX_LESSON_STATUS_RUNNING,
  PX_LESSON_STATUS_MATCHED,
  PX_LESSON_STATUS_MISMATCHED,
  /* Stopped, or a run it needs is missing: nothing to judge. */
  PX_LESSON_STATUS_INCOMPLETE,
} PxLessonStatus;

#define PX_TYPE_LESSON_PANEL (px_lesson_panel_get_type ())
G_DECLARE_FINAL_TYPE (PxLessonPanel, px_lesson_panel, PX, LESSON_PANEL, GtkWidget)

/* The open lesson beside the page that shows it: its text, snippet and
 * what you should see, the outcome of its experiment, and the buttons of
 * the window's "win.lesson-*" actions. */
GtkWidget      *px_lesson_panel_new          (void);
void            px_lesson_panel_set_lesson   (PxLessonPanel  *self,
                                              PxLesson       *lesson,
                                              guint           position,
                                              guint           n_lessons);
PxLesson       *px_lesson_panel_get_lesson   (PxLessonPanel  *self);
/* message: the outcome in a sentence; report: a line per clause of the
 * check (NULL for none). */
void            px_lesson_panel_set_status   (PxLessonPanel  *self,
                                              PxLessonStatus  status,
                                              const char     *message,
                                              const char     *report);
PxLessonStatus  px_lesson_panel_get_status   (PxLessonPanel  *self);
/* The text shown as the status: for tests and accessibility. */
const char     *px_lesson_panel_get_message  (PxLessonPanel  *self);
/* Moves the keyboard focus to Show Me, so Space runs it. */
void            px_lesson_panel_focus_show_me (PxLessonPanel *self);

G_END_DECLS
