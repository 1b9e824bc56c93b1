/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "px-lesson.h"

G_BEGIN_DECLS

#define PX_TYPE_LESSON_BOOK (px_lesson_book_get_type ())
G_DECLARE_FINAL_TYPE (PxLessonBook, px_lesson_book, PX, LESSON_BOOK, GObject)

/* The lecture: a list model of PxLessons in order. In GtkBuilder XML its
 * lessons are its <child> objects, so that adding or reordering one is an
 * edit of px-lessons.ui, not of C. */
/* The lessons in the resources. */
PxLessonBook *px_lesson_book_new_default (void);
PxLessonBook *px_lesson_book_new_from_resource (const char    *path);
/* The position of the lesson with this id, or -1. */
int           px_lesson_book_find        (PxLessonBook  *self,
                                          const char    *id);
PxLesson     *px_lesson_book_get_lesson  (PxLessonBook  *self,
                                          guint          position);

G_END_DECLS
