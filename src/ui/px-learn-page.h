/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "px-lesson-book.h"

G_BEGIN_DECLS

#define PX_TYPE_LEARN_PAGE (px_learn_page_get_type ())
G_DECLARE_FINAL_TYPE (PxLearnPage, px_learn_page, PX, LEARN_PAGE, GtkWidget)

/* The Learn page: the lecture's lessons in order; activating one opens it
 * through the window's "win.lesson-open" action. */
void px_learn_page_set_book (PxLearnPage  *self,
                             PxLessonBook *book);

G_END_DECLS
