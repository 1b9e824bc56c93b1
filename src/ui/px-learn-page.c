/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "parallax"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "px-learn-page.h"

struct _PxLearnPage
{
  GtkWidget   parent_instance;

  GtkListBox *lessons_list;
};

G_DEFINE_FINAL_TYPE (PxLearnPage, px_learn_page, GTK_TYPE_WIDGET)

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  PxLesson *lesson = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;

  /* Translators: a lesson in the list: its number and its title */
  title = g_strdup_printf (_("%d. %s"), px_lesson_book_find (user_data, px_lesson_get_id (lesson)) + 1,
                           px_lesson_get_title (lesson));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), px_lesson_get_expect (lesson));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  return row;
}

static void
row_activated_cb (PxLearnPage   *self,
                  GtkListBoxRow *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.lesson-open", "u",
                              (guint32) gtk_list_box_row_get_index (row));
}

static void
px_learn_page_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), PX_TYPE_LEARN_PAGE);
  /* The template's own top box is not bound to a field. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (px_learn_page_parent_class)->dispose (object);
}

static void
px_learn_page_class_init (PxLearnPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = px_learn_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/parallaxlab/Parallax/px-learn-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PxLearnPage, lessons_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
px_learn_page_init (PxLearnPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->lessons_list, "row-activated", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);
}

void
px_learn_page_set_book (PxLearnPage  *self,
                        PxLessonBook *book)
{
  g_return_if_fail (PX_IS_LEARN_PAGE (self));
  g_return_if_fail (PX_IS_LESSON_BOOK (book));

  gtk_list_box_bind_model (self->lessons_list, G_LIST_MODEL (book), create_row,
                           g_object_ref (book), g_object_unref);
}
