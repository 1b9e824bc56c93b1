/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "parallax"

#include "config.h"

#include <glib/gi18n.h>

#include "px-lesson-panel.h"

struct _PxLessonPanel
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkLabel       *position_label;
  GtkLabel       *title_label;
  GtkLabel       *text_label;
  GtkLabel       *snippet_label;
  GtkGrid        *table_grid;
  GtkLabel       *expect_label;
  GtkBox         *status_box;
  GtkImage       *status_icon;
  GtkLabel       *status_label;
  GtkLabel       *report_label;
  GtkStack       *show_stack;
  GtkButton      *show_me_button;

  /* Owned */
  PxLesson       *lesson;
  PxLessonStatus  status;
};

G_DEFINE_FINAL_TYPE (PxLessonPanel, px_lesson_panel, GTK_TYPE_WIDGET)

static void
clear_table (PxLessonPanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table_grid))) != NULL)
    gtk_grid_remove (self->table_grid, child);
}

/* A decision table: situation, tool, and a button that runs the lesson
 * showing it. */
static void
fill_table (PxLessonPanel *self)
{
  g_auto(GStrv) rows = px_lesson_dup_table_rows (self->lesson);
  g_auto(GStrv) links = px_lesson_dup_links (self->lesson);

  clear_table (self);
  gtk_widget_set_visible (GTK_WIDGET (self->table_grid), rows != NULL);
  for (guint i = 0; rows != NULL && rows[i] != NULL; i++)
    {
      g_auto(GStrv) cells = g_strsplit (rows[i], "|", 2);
      GtkWidget *situation = gtk_label_new (g_strstrip (cells[0]));
      GtkWidget *tool = gtk_label_new (cells[1] != NULL ? g_strstrip (cells[1]) : "");
      GtkWidget *button = gtk_button_new_with_label (_("Run"));

      for (GtkWidget **cell = (GtkWidget *[]) { situation, tool, NULL }; *cell != NULL; cell++)
        {
          gtk_label_set_wrap (GTK_LABEL (*cell), TRUE);
          gtk_label_set_xalign (GTK_LABEL (*cell), 0.);
          gtk_widget_set_hexpand (*cell, TRUE);
          gtk_widget_add_css_class (*cell, "px-lesson-body");
        }
      gtk_widget_add_css_class (tool, "heading");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_focus_on_click (button, FALSE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.lesson-show-id");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", links[i]);
      gtk_widget_set_tooltip_text (button, _("Run This Row’s Example"));

      gtk_grid_attach (self->table_grid, situation, 0, i, 1, 1);
      gtk_grid_attach (self->table_grid, tool, 1, i, 1, 1);
      gtk_grid_attach (self->table_grid, button, 2, i, 1, 1);
    }
}

static void
px_lesson_panel_dispose (GObject *object)
{
  PxLessonPanel *self = PX_LESSON_PANEL (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), PX_TYPE_LESSON_PANEL);
  /* The template's own top box is not bound to a field. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->lesson);

  G_OBJECT_CLASS (px_lesson_panel_parent_class)->dispose (object);
}

static void
px_lesson_panel_class_init (PxLessonPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = px_lesson_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/parallaxlab/Parallax/px-lesson-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, PxLessonPanel, position_label);
  gtk_widget_class_bind_template_child (widget_class, PxLessonPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, PxLessonPanel, text_label);
  gtk_widget_class_bind_template_child (widget_class, PxLessonPanel, snippet_label);
  gtk_widget_class_bind_template_child (widget_class, PxLessonPanel, table_grid);
  gtk_widget_class_bind_template_child (widget_class, PxLessonPanel, expect_label);
  gtk_widget_class_bind_template_child (widget_class, PxLessonPanel, status_box);
  gtk_widget_class_bind_template_child (widget_class, PxLessonPanel, status_icon);
  gtk_widget_class_bind_template_child (widget_class, PxLessonPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, PxLessonPanel, report_label);
  gtk_widget_class_bind_template_child (widget_class, PxLessonPanel, show_stack);
  gtk_widget_class_bind_template_child (widget_class, PxLessonPanel, show_me_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lessonpanel");
}

static void
px_lesson_panel_init (PxLessonPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
px_lesson_panel_new (void)
{
  return g_object_new (PX_TYPE_LESSON_PANEL, NULL);
}

void
px_lesson_panel_set_lesson (PxLessonPanel *self,
                            PxLesson      *lesson,
                            guint          position,
                            guint          n_lessons)
{
  g_autofree char *caption = NULL;
  const char *snippet;

  g_return_if_fail (PX_IS_LESSON_PANEL (self));
  g_return_if_fail (PX_IS_LESSON (lesson));

  g_set_object (&self->lesson, lesson);

  /* Translators: the lesson's place in the lecture */
  caption = g_strdup_printf (_("Lesson %u of %u"), position + 1, n_lessons);
  gtk_label_set_label (self->position_label, caption);
  gtk_label_set_label (self->title_label, px_lesson_get_title (lesson));
  gtk_label_set_label (self->text_label, px_lesson_get_text (lesson));
  snippet = px_lesson_get_snippet (lesson);
  gtk_label_set_label (self->snippet_label, snippet);
  gtk_widget_set_visible (GTK_WIDGET (self->snippet_label), *snippet != '\0');
  gtk_label_set_label (self->expect_label, px_lesson_get_expect (lesson));
  fill_table (self);

  px_lesson_panel_set_status (self, PX_LESSON_STATUS_READY, NULL, NULL);
}

PxLesson *
px_lesson_panel_get_lesson (PxLessonPanel *self)
{
  g_return_val_if_fail (PX_IS_LESSON_PANEL (self), NULL);

  return self->lesson;
}

void
px_lesson_panel_set_status (PxLessonPanel  *self,
                            PxLessonStatus  status,
                            const char     *message,
                            const char     *report)
{
  static const char * const icons[] = {
    [PX_LESSON_STATUS_READY] = NULL,
    [PX_LESSON_STATUS_RUNNING] = "content-loading-symbolic",
    [PX_LESSON_STATUS_MATCHED] = "emblem-ok-symbolic",
    [PX_LESSON_STATUS_MISMATCHED] = "dialog-warning-symbolic",
    [PX_LESSON_STATUS_INCOMPLETE] = "dialog-information-symbolic",
  };
  static const char * const classes[] = { "success", "warning", "accent" };
  GtkWidget *box = GTK_WIDGET (self->status_box);

  g_return_if_fail (PX_IS_LESSON_PANEL (self));

  self->status = status;
  gtk_widget_set_visible (box, status != PX_LESSON_STATUS_READY);
  gtk_image_set_from_icon_name (self->status_icon, icons[status]);
  gtk_label_set_label (self->status_label, message != NULL ? message : "");
  gtk_label_set_label (self->report_label, report != NULL ? report : "");
  gtk_widget_set_visible (GTK_WIDGET (self->report_label), report != NULL && *report != '\0');

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (box, classes[i]);
  if (status == PX_LESSON_STATUS_MATCHED)
    gtk_widget_add_css_class (box, "success");
  else if (status == PX_LESSON_STATUS_MISMATCHED)
    gtk_widget_add_css_class (box, "warning");

  gtk_stack_set_visible_child_name (self->show_stack, status == PX_LESSON_STATUS_RUNNING ? "stop" : "show");

  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  message != NULL ? message : "", -1);
}

PxLessonStatus
px_lesson_panel_get_status (PxLessonPanel *self)
{
  g_return_val_if_fail (PX_IS_LESSON_PANEL (self), PX_LESSON_STATUS_READY);

  return self->status;
}

const char *
px_lesson_panel_get_message (PxLessonPanel *self)
{
  g_return_val_if_fail (PX_IS_LESSON_PANEL (self), NULL);

  return gtk_label_get_label (self->status_label);
}

void
px_lesson_panel_focus_show_me (PxLessonPanel *self)
{
  g_return_if_fail (PX_IS_LESSON_PANEL (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->show_me_button));
}
