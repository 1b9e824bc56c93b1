/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "parallax"

#include "config.h"

#include "px-preferences-window.h"

struct _PxPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwComboRow          *color_scheme_row;
  GtkSwitch            *return_output_switch;
  GtkSpinButton        *task_timeout_spin;

  /* Owned */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (PxPreferencesWindow, px_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
color_scheme_row_changed_cb (PxPreferencesWindow *self)
{
  g_settings_set_enum (self->settings, "color-scheme", adw_combo_row_get_selected (self->color_scheme_row));
}

static void
px_preferences_window_dispose (GObject *object)
{
  PxPreferencesWindow *self = PX_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PX_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (px_preferences_window_parent_class)->dispose (object);
}

static void
px_preferences_window_class_init (PxPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = px_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/parallaxlab/Parallax/px-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PxPreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, PxPreferencesWindow, return_output_switch);
  gtk_widget_class_bind_template_child (widget_class, PxPreferencesWindow, task_timeout_spin);
}

static void
px_preferences_window_init (PxPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PxPreferencesWindow *
px_preferences_window_new (GSettings *settings)
{
  PxPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (PX_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);

  adw_combo_row_set_selected (self->color_scheme_row, g_settings_get_enum (settings, "color-scheme"));
  g_signal_connect_object (self->color_scheme_row, "notify::selected",
                           G_CALLBACK (color_scheme_row_changed_cb), self, G_CONNECT_SWAPPED);
  g_settings_bind (settings, "return-output", self->return_output_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "task-timeout", self->task_timeout_spin, "value", G_SETTINGS_BIND_DEFAULT);

  return self;
}
