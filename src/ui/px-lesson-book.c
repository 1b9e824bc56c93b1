/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "parallax"

#include "config.h"

#include "px-lesson-book.h"

#define PX_LESSONS_RESOURCE "/io/github/parallaxlab/Parallax/px-lessons.ui"

struct _PxLessonBook
{
  GObject    parent_instance;

  GPtrArray *lessons;
};

static void px_lesson_book_list_model_init (GListModelInterface *iface);
static void px_lesson_book_buildable_init  (GtkBuildableIface   *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PxLessonBook, px_lesson_book, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, px_lesson_book_list_model_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, px_lesson_book_buildable_init))

static GType
px_lesson_book_get_item_type (GListModel *model)
{
  return PX_TYPE_LESSON;
}

static guint
px_lesson_book_get_n_items (GListModel *model)
{
  return PX_LESSON_BOOK (model)->lessons->len;
}

static gpointer
px_lesson_book_get_item (GListModel *model,
                         guint       position)
{
  PxLessonBook *self = PX_LESSON_BOOK (model);

  if (position >= self->lessons->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->lessons, position));
}

static void
px_lesson_book_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = px_lesson_book_get_item_type;
  iface->get_n_items = px_lesson_book_get_n_items;
  iface->get_item = px_lesson_book_get_item;
}

static void
px_lesson_book_add_child (GtkBuildable *buildable,
                          GtkBuilder   *builder,
                          GObject      *child,
                          const char   *type)
{
  PxLessonBook *self = PX_LESSON_BOOK (buildable);
  g_autoptr(GError) error = NULL;

  if (!PX_IS_LESSON (child))
    {
      g_critical ("A lesson book holds lessons, not %s", G_OBJECT_TYPE_NAME (child));
      return;
    }
  /* Tests check every lesson; one broken by an edit is left out, not run. */
  if (!px_lesson_validate (PX_LESSON (child), &error))
    {
      g_warning ("%s", error->message);
      return;
    }

  g_ptr_array_add (self->lessons, g_object_ref (child));
  g_list_model_items_changed (G_LIST_MODEL (self), self->lessons->len - 1, 0, 1);
}

static void
px_lesson_book_buildable_init (GtkBuildableIface *iface)
{
  iface->add_child = px_lesson_book_add_child;
}

static void
px_lesson_book_finalize (GObject *object)
{
  PxLessonBook *self = PX_LESSON_BOOK (object);

  g_ptr_array_unref (self->lessons);

  G_OBJECT_CLASS (px_lesson_book_parent_class)->finalize (object);
}

static void
px_lesson_book_class_init (PxLessonBookClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = px_lesson_book_finalize;

  g_type_ensure (PX_TYPE_LESSON);
}

static void
px_lesson_book_init (PxLessonBook *self)
{
  self->lessons = g_ptr_array_new_with_free_func (g_object_unref);
}

PxLessonBook *
px_lesson_book_new_from_resource (const char *path)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  GObject *book;

  g_return_val_if_fail (path != NULL, NULL);

  g_type_ensure (PX_TYPE_LESSON_BOOK);
  gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);
  if (!gtk_builder_add_from_resource (builder, path, &error) ||
      !PX_IS_LESSON_BOOK (book = gtk_builder_get_object (builder, "book")))
    {
      g_critical ("The lessons in %s: %s", path, error != NULL ? error->message : "no book");
      return g_object_new (PX_TYPE_LESSON_BOOK, NULL);
    }

  return g_object_ref (PX_LESSON_BOOK (book));
}

PxLessonBook *
px_lesson_book_new_default (void)
{
  return px_lesson_book_new_from_resource (PX_LESSONS_RESOURCE);
}

int
px_lesson_book_find (PxLessonBook *self,
                     const char   *id)
{
  g_return_val_if_fail (PX_IS_LESSON_BOOK (self), -1);
  g_return_val_if_fail (id != NULL, -1);

  for (guint i = 0; i < self->lessons->len; i++)
    if (g_str_equal (px_lesson_get_id (g_ptr_array_index (self->lessons, i)), id))
      return i;

  return -1;
}

PxLesson *
px_lesson_book_get_lesson (PxLessonBook *self,
                           guint         position)
{
  g_return_val_if_fail (PX_IS_LESSON_BOOK (self), NULL);
  g_return_val_if_fail (position < self->lessons->len, NULL);

  return g_ptr_array_index (self->lessons, position);
}
