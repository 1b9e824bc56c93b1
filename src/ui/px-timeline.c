/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-timeline"

#include "config.h"

#include <math.h>

#include <gtk/gtk.h>
#include <glib/gi18n.h>

#include "px-chart-draw.h"
#include "px-timeline.h"

#define ZOOM_STEP 1.25
/* Below this window the bars of even µs tasks are wide enough. */
#define MIN_WINDOW_US 10.

struct _PxTimeline
{
  GtkWidget         parent_instance;

  /* Owned */
  GPtrArray        *runs;
  PxTimelineLayout *layout;  /* for the current runs; its view may be stale */
  PxChartCache      cache;   /* the static part, drawn from layout */
  gboolean          view_valid;

  PxChartTheme      theme;
  double            natural_height;
  guint             changed_tick_id;

  /* The visible window; t1_us <= t0_us shows everything. */
  double            t0_us;
  double            t1_us;
  double            drag_t0_us;
  double            drag_t1_us;
  double            pointer_x;

  guint             hover_run;
  gint              hover_index;
  /* The bar the keyboard is on: the highlight and tooltip follow it. */
  guint             focus_run;
  guint             focus_index;  /* G_MAXUINT: none */
};

enum {
  PROP_0,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PxTimeline, px_timeline, GTK_TYPE_WIDGET)

/* A new window or size keeps the packed tasks: only the view changes. */
static void
px_timeline_invalidate_view (PxTimeline *self)
{
  px_chart_cache_clear (&self->cache);
  self->view_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Records changed: the tasks are sorted and packed again. */
static void
px_timeline_invalidate (PxTimeline *self)
{
  g_clear_pointer (&self->layout, px_timeline_layout_free);
  px_timeline_invalidate_view (self);
}

static void
px_timeline_update_accessible (PxTimeline *self)
{
  g_autofree char *description = px_timeline_describe (self->runs);

  px_chart_widget_set_accessible (GTK_WIDGET (self), _("Task timeline"), description);
}

static void
px_timeline_update_natural_height (PxTimeline *self)
{
  double height = px_timeline_get_natural_height (&self->theme, self->runs);

  if (height != self->natural_height)
    {
      self->natural_height = height;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
}

static PxTimelineLayout *
px_timeline_ensure_layout (PxTimeline *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->layout == NULL)
    self->layout = px_timeline_layout_new (&self->theme, self->runs, width, height, self->t0_us, self->t1_us);
  else if (!self->view_valid)
    px_timeline_layout_set_view (self->layout, &self->theme, width, height, self->t0_us, self->t1_us);
  self->view_valid = TRUE;
  return self->layout;
}

static void
px_timeline_update_theme (PxTimeline *self)
{
  px_chart_theme_init_for_widget (&self->theme, GTK_WIDGET (self));
  px_timeline_invalidate_view (self);
  px_timeline_update_natural_height (self);
}

static void
px_timeline_set_hover (PxTimeline *self,
                       guint       run,
                       gint        index)
{
  if (self->hover_run == run && self->hover_index == index)
    return;
  self->hover_run = run;
  self->hover_index = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
px_timeline_full_span (PxTimeline *self)
{
  return px_timeline_layout_get_span (px_timeline_ensure_layout (self));
}

static void
px_timeline_set_window (PxTimeline *self,
                        double      t0_us,
                        double      t1_us)
{
  double full = px_timeline_full_span (self);
  double span = t1_us - t0_us;

  if (span >= full)
    {
      t0_us = t1_us = 0.;
    }
  else
    {
      span = MAX (span, MIN_WINDOW_US);
      t0_us = CLAMP (t0_us, 0., full - span);
      t1_us = t0_us + span;
    }

  if (t0_us == self->t0_us && t1_us == self->t1_us)
    return;
  self->t0_us = t0_us;
  self->t1_us = t1_us;
  px_timeline_invalidate_view (self);
}

/* Zooms by factor around the time at anchor_x, a widget coordinate. */
static void
px_timeline_zoom_at (PxTimeline *self,
                     double      anchor_x,
                     double      factor)
{
  PxTimelineLayout *layout = px_timeline_ensure_layout (self);
  double t0, t1, plot_x, plot_w, anchor;

  px_timeline_layout_get_window (layout, &t0, &t1);
  px_timeline_layout_get_plot (layout, &plot_x, &plot_w);
  anchor = t0 + CLAMP ((anchor_x - plot_x) / plot_w, 0., 1.) * (t1 - t0);
  px_timeline_set_window (self, anchor - (anchor - t0) * factor, anchor + (t1 - anchor) * factor);
}

static gboolean
px_timeline_changed_tick_cb (GtkWidget     *widget,
                             GdkFrameClock *frame_clock,
                             gpointer       user_data)
{
  PxTimeline *self = PX_TIMELINE (widget);

  self->changed_tick_id = 0;
  px_timeline_invalidate (self);
  px_timeline_update_natural_height (self);
  px_timeline_update_accessible (self);

  return G_SOURCE_REMOVE;
}

static void
px_timeline_motion_cb (PxTimeline               *self,
                       double                    x,
                       double                    y,
                       GtkEventControllerMotion *motion)
{
  guint run, index;

  self->pointer_x = x;
  if (px_timeline_layout_hit_test (px_timeline_ensure_layout (self), x, y, &run, &index))
    px_timeline_set_hover (self, run, index);
  else
    px_timeline_set_hover (self, 0, -1);
}

static void
px_timeline_leave_cb (PxTimeline               *self,
                      GtkEventControllerMotion *motion)
{
  px_timeline_set_hover (self, 0, -1);
}

static gboolean
px_timeline_scroll_cb (PxTimeline               *self,
                       double                    dx,
                       double                    dy,
                       GtkEventControllerScroll *scroll)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));

  /* Plain scrolling belongs to the page around us. */
  if (!(state & GDK_CONTROL_MASK) || dy == 0.)
    return FALSE;

  px_timeline_zoom_at (self, self->pointer_x, pow (ZOOM_STEP, dy));
  return TRUE;
}

static void
px_timeline_drag_begin_cb (PxTimeline     *self,
                           double          x,
                           double          y,
                           GtkGestureDrag *drag)
{
  px_timeline_layout_get_window (px_timeline_ensure_layout (self), &self->drag_t0_us, &self->drag_t1_us);
}

static void
px_timeline_drag_update_cb (PxTimeline     *self,
                            double          offset_x,
                            double          offset_y,
                            GtkGestureDrag *drag)
{
  double plot_w, dt;

  if (self->t1_us <= self->t0_us)
    return;
  px_timeline_layout_get_plot (px_timeline_ensure_layout (self), NULL, &plot_w);
  dt = -offset_x / plot_w * (self->drag_t1_us - self->drag_t0_us);
  px_timeline_set_window (self, self->drag_t0_us + dt, self->drag_t1_us + dt);
}

static void
append_escaped (GString    *s,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (s, escaped);
}

/* A task's details as Pango markup: its tooltip, and (as plain text) the
 * accessible description while it has the keyboard focus. */
static char *
px_timeline_dup_task_markup (PxTimeline *self,
                             guint       run_index,
                             guint       index)
{
  const PxTaskRecord *record;
  PxRunResult *run;
  GString *s;
  g_autofree char *duration = NULL;
  g_autofree char *cpu = NULL;
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  gint64 wall;

  run = g_ptr_array_index (self->runs, run_index);
  record = px_run_result_get_task (run, index);
  s = g_string_new ("<b>");
  if (record->label != NULL)
    append_escaped (s, record->label);
  else
    g_string_append_printf (s, _("Task %u"), index);
  g_string_append (s, "</b>  ");
  append_escaped (s, px_strategy_get_title (px_run_result_get_strategy (run)));
  g_string_append_c (s, '\n');

  if (PX_TASK_RECORD_IS_RUNNING (record))
    {
      wall = MAX (px_run_result_get_span_us (run) - record->start_us, 0);
      duration = px_chart_format_duration (wall);
      g_string_append_printf (s, _("Running for at least %s"), duration);
    }
  else
    {
      wall = record->end_us - record->start_us;
      duration = px_chart_format_duration (wall);
      cpu = px_chart_format_duration (record->cpu_us);
      g_string_append_printf (s, _("Duration: %s"), duration);
      g_string_append_c (s, '\n');
      g_string_append_printf (s, _("CPU time: %s (%.0f%% of its duration)"), cpu,
                              wall > 0 ? 100. * record->cpu_us / wall : 0.);
      if (record->cpu_wait_us >= 0)
        {
          g_autofree char *queued = px_chart_format_duration (record->cpu_wait_us);

          g_string_append_c (s, '\n');
          g_string_append_printf (s, _("Waiting for a CPU: %s"), queued);
        }
      in = px_chart_format_bytes (record->bytes_in);
      out = px_chart_format_bytes (record->bytes_out);
      g_string_append_c (s, '\n');
      g_string_append_printf (s, _("In: %s, out: %s"), in, out);
    }

  if (record->summary != NULL)
    {
      g_string_append_c (s, '\n');
      append_escaped (s, record->summary);
    }
  if (record->error != NULL)
    {
      g_string_append (s, "\n<b>");
      append_escaped (s, _("Failed:"));
      g_string_append (s, "</b> ");
      append_escaped (s, record->error);
    }

  return g_string_free (s, FALSE);
}

static gboolean
px_timeline_query_tooltip_cb (PxTimeline *self,
                              int         x,
                              int         y,
                              gboolean    keyboard,
                              GtkTooltip *tooltip)
{
  PxTimelineLayout *layout = px_timeline_ensure_layout (self);
  g_autofree char *markup = NULL;
  PxChartRect rect;
  guint run_index, index;

  /* The pointer's bar, else the keyboard's. */
  if (keyboard || !px_timeline_layout_hit_test (layout, x, y, &run_index, &index))
    {
      if (self->focus_index == G_MAXUINT || !gtk_widget_has_focus (GTK_WIDGET (self)) ||
          self->focus_run >= self->runs->len)
        return FALSE;
      run_index = self->focus_run;
      index = self->focus_index;
    }

  markup = px_timeline_dup_task_markup (self, run_index, index);
  gtk_tooltip_set_markup (tooltip, markup);
  if (px_timeline_layout_get_task_rect (layout, run_index, index, &rect))
    gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) {
                                (int) rect.x, (int) rect.y, MAX ((int) rect.width, 1), MAX ((int) rect.height, 1) });

  return TRUE;
}

static void
px_timeline_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  PxTimeline *self = PX_TIMELINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 320;
      *natural = 900;
    }
  else
    {
      if (self->natural_height < 0)
        self->natural_height = px_timeline_get_natural_height (&self->theme, self->runs);
      /* The page scrolls: take the height that keeps every lane readable. */
      *minimum = *natural = (int) self->natural_height;
    }
}

static void
px_timeline_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  px_timeline_invalidate_view (PX_TIMELINE (widget));
}

static void
union_task_rect (PxTimelineLayout *layout,
                 guint             run,
                 guint             index,
                 double            grow,
                 graphene_rect_t  *bounds,
                 gboolean         *any)
{
  PxChartRect rect;
  graphene_rect_t r;

  if (!px_timeline_layout_get_task_rect (layout, run, index, &rect))
    return;
  graphene_rect_init (&r, rect.x - grow, rect.y - grow, rect.width + 2 * grow, rect.height + 2 * grow);
  if (*any)
    graphene_rect_union (bounds, &r, bounds);
  else
    *bounds = r;
  *any = TRUE;
}

static void
paint_static (cairo_t  *cr,
              gpointer  data)
{
  PxTimeline *self = data;

  px_draw_timeline_layout (cr, &self->theme, self->layout, PX_TIMELINE_PART_STATIC, 0, -1);
}

static void
px_timeline_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  PxTimeline *self = PX_TIMELINE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PxTimelineLayout *layout;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  gboolean any = FALSE;
  guint highlight_run = self->hover_run;
  gint highlight_index = self->hover_index;
  double grow = 4. * self->theme.scale;

  if (width <= 0 || height <= 0)
    return;

  layout = px_timeline_ensure_layout (self);
  if (highlight_index < 0 && self->focus_index != G_MAXUINT && gtk_widget_has_focus (widget))
    {
      highlight_run = self->focus_run;
      highlight_index = (gint) self->focus_index;
    }

  if (px_chart_cache_is_empty (&self->cache))
    px_chart_cache_paint (&self->cache, widget, width, height, paint_static, self);
  px_chart_cache_append (&self->cache, snapshot, width, height);

  /* Running bars and the hover change every frame: draw them on top, in
   * bounds no bigger than they need. */
  for (guint i = 0; i < self->runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (self->runs, i);
      guint n_tasks = px_run_result_get_n_tasks (run);

      for (guint index = 0; index < n_tasks; index++)
        {
          const PxTaskRecord *record = px_run_result_get_task (run, index);

          if (record != NULL && PX_TASK_RECORD_IS_RUNNING (record))
            union_task_rect (layout, i, index, grow, &bounds, &any);
        }
    }
  if (highlight_index >= 0)
    union_task_rect (layout, highlight_run, highlight_index, grow, &bounds, &any);

  if (any)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &bounds);

      px_draw_timeline_layout (cr, &self->theme, layout, PX_TIMELINE_PART_RUNNING | PX_TIMELINE_PART_HOVER,
                               highlight_run, highlight_index);
      cairo_destroy (cr);
    }
}

/* Pans, when zoomed, so the focused task shows. */
static void
px_timeline_show_focus (PxTimeline *self)
{
  PxRunResult *run = g_ptr_array_index (self->runs, self->focus_run);
  const PxTaskRecord *record = px_run_result_get_task (run, self->focus_index);
  double start = record->start_us;
  double end = PX_TASK_RECORD_IS_RUNNING (record) ? start : record->end_us;
  double span = self->t1_us - self->t0_us;

  if (self->t1_us > self->t0_us && (end < self->t0_us || start > self->t1_us))
    px_timeline_set_window (self, (start + end) / 2 - span / 2, (start + end) / 2 + span / 2);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
}

/* GTK 4.8 shows tooltips under the pointer only: the focused bar's details
 * also become the chart's accessible description, for screen readers, and
 * the tooltip follows the focus where the pointer rests on the chart. */
static void
px_timeline_announce_focus (PxTimeline *self)
{
  g_autofree char *markup = px_timeline_dup_task_markup (self, self->focus_run, self->focus_index);
  g_autofree char *text = NULL;

  if (!pango_parse_markup (markup, -1, 0, NULL, &text, NULL, NULL))
    return;
  px_chart_widget_set_accessible (GTK_WIDGET (self), _("Task timeline"), text);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
}

static gboolean
px_timeline_step_focus (PxTimeline *self,
                        int         run_step,
                        int         task_step)
{
  PxTimelineLayout *layout = px_timeline_ensure_layout (self);
  guint run = self->focus_run, next;

  if (self->runs->len == 0)
    return FALSE;
  if (run_step != 0 || self->focus_index == G_MAXUINT)
    {
      if (self->focus_index != G_MAXUINT)
        run = (guint) CLAMP ((int) run + run_step, 0, (int) self->runs->len - 1);
      if (!px_timeline_layout_step_task (layout, run, G_MAXUINT, 1, &next))
        return FALSE;
    }
  else if (!px_timeline_layout_step_task (layout, run, self->focus_index, task_step, &next))
    {
      return TRUE;
    }

  self->focus_run = run;
  self->focus_index = next;
  px_timeline_show_focus (self);
  px_timeline_announce_focus (self);
  return TRUE;
}

static gboolean
px_timeline_key_pressed_cb (PxTimeline            *self,
                            guint                  keyval,
                            guint                  keycode,
                            GdkModifierType        state,
                            GtkEventControllerKey *key)
{
  PxChartRect rect;
  double anchor;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;

  /* Zoom about the focused bar, else the middle. */
  anchor = gtk_widget_get_width (GTK_WIDGET (self)) / 2.;
  if (self->focus_index != G_MAXUINT &&
      px_timeline_layout_get_task_rect (px_timeline_ensure_layout (self), self->focus_run, self->focus_index, &rect))
    anchor = rect.x + rect.width / 2;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      return px_timeline_step_focus (self, 0, -1);
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      return px_timeline_step_focus (self, 0, 1);
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      return px_timeline_step_focus (self, -1, 0);
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      return px_timeline_step_focus (self, 1, 0);
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      px_timeline_zoom_at (self, anchor, 1. / ZOOM_STEP);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      px_timeline_zoom_at (self, anchor, ZOOM_STEP);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      px_timeline_reset_zoom (self);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
px_timeline_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (px_timeline_parent_class)->css_changed (widget, change);

  px_timeline_update_theme (PX_TIMELINE (widget));
}

static void
px_timeline_dispose (GObject *object)
{
  PxTimeline *self = PX_TIMELINE (object);

  if (self->changed_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->changed_tick_id);
      self->changed_tick_id = 0;
    }
  px_chart_cache_clear (&self->cache);
  g_clear_pointer (&self->layout, px_timeline_layout_free);
  g_clear_pointer (&self->runs, g_ptr_array_unref);

  G_OBJECT_CLASS (px_timeline_parent_class)->dispose (object);
}

static void
px_timeline_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PxTimeline *self = PX_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, px_timeline_get_zoom (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_timeline_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PxTimeline *self = PX_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      px_timeline_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
px_timeline_class_init (PxTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = px_timeline_dispose;
  object_class->get_property = px_timeline_get_property;
  object_class->set_property = px_timeline_set_property;

  widget_class->measure = px_timeline_measure;
  widget_class->size_allocate = px_timeline_size_allocate;
  widget_class->snapshot = px_timeline_snapshot;
  widget_class->css_changed = px_timeline_css_changed;

  properties[PROP_ZOOM] = px_chart_zoom_param_spec ();
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
px_timeline_init (PxTimeline *self)
{
  GtkEventController *controller;
  GtkGesture *drag;

  self->runs = g_ptr_array_new ();
  self->natural_height = -1;
  self->hover_index = -1;
  self->focus_index = G_MAXUINT;
  px_chart_widget_init (GTK_WIDGET (self), &self->theme, G_CALLBACK (px_timeline_query_tooltip_cb),
                        G_CALLBACK (px_timeline_update_theme), G_CALLBACK (px_timeline_key_pressed_cb));
  px_timeline_update_accessible (self);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (px_timeline_motion_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (px_timeline_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (px_timeline_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  drag = gtk_gesture_drag_new ();
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (px_timeline_drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (px_timeline_drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}

GtkWidget *
px_timeline_new (void)
{
  return g_object_new (PX_TYPE_TIMELINE, NULL);
}

void
px_timeline_set_runs (PxTimeline *self,
                      GPtrArray  *runs)
{
  g_return_if_fail (PX_IS_TIMELINE (self));

  if (runs == self->runs)
    {
      px_timeline_runs_changed (self);
      return;
    }

  g_clear_pointer (&self->runs, g_ptr_array_unref);
  self->runs = runs != NULL ? g_ptr_array_ref (runs) : g_ptr_array_new ();
  self->t0_us = self->t1_us = 0.;
  self->hover_index = -1;
  self->focus_index = G_MAXUINT;
  px_timeline_invalidate (self);
  px_timeline_update_natural_height (self);
  px_timeline_update_accessible (self);
}

GPtrArray *
px_timeline_get_runs (PxTimeline *self)
{
  g_return_val_if_fail (PX_IS_TIMELINE (self), NULL);

  return self->runs;
}

void
px_timeline_runs_changed (PxTimeline *self)
{
  g_return_if_fail (PX_IS_TIMELINE (self));

  /* Records may arrive thousands of times a second: redraw once a frame. */
  if (self->changed_tick_id == 0)
    self->changed_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), px_timeline_changed_tick_cb,
                                                          NULL, NULL);
}

void
px_timeline_reset_zoom (PxTimeline *self)
{
  g_return_if_fail (PX_IS_TIMELINE (self));

  self->t0_us = self->t1_us = 0.;
  px_timeline_invalidate_view (self);
}

double
px_timeline_get_zoom (PxTimeline *self)
{
  g_return_val_if_fail (PX_IS_TIMELINE (self), 1.);

  return self->theme.scale;
}

void
px_timeline_set_zoom (PxTimeline *self,
                      double      zoom)
{
  g_return_if_fail (PX_IS_TIMELINE (self));

  if (px_chart_widget_set_zoom (GTK_WIDGET (self), &self->theme, zoom, properties[PROP_ZOOM]))
    {
      px_timeline_invalidate_view (self);
      px_timeline_update_natural_height (self);
    }
}
