/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "parallax"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "px-amdahl-draw.h"
#include "px-amdahl-page.h"
#include "px-amdahl-plot.h"
#include "px-engine.h"
#include "px-export.h"

#define MEASURE_TASKS 100
#define MEASURE_NICE 5

struct _PxAmdahlPage
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkWidget          *sidebar;
  GtkAdjustment      *p_adjustment;
  GtkAdjustment      *log_n_adjustment;
  GtkAdjustment      *n_adjustment;
  GtkSwitch          *log_y_switch;
  GtkSwitch          *gustafson_switch;
  AdwComboRow        *workload_row;
  AdwActionRow       *serial_row;
  GtkSpinButton      *serial_spin;
  AdwComboRow        *strategy_row;
  GtkSpinButton      *repeat_spin;
  GtkProgressBar     *progress_bar;
  GtkLabel           *speedup_label;
  GtkLabel           *efficiency_label;
  GtkLabel           *limit_label;
  GtkLabel           *n90_label;
  PxAmdahlChart      *chart;
  GtkWidget          *fit_box;
  GtkLabel           *fit_label;
  GtkWidget          *points_frame;
  GtkGrid            *points_grid;
  GtkWidget          *karp_flatt_label;

  /* Owned */
  GSettings          *settings;
  GSimpleActionGroup *actions;
  PxRunner           *runner;
  PxScaler           *scaler;
  GCancellable       *cancellable;
  GArray             *points;      /* PxScalePoint */
  GPtrArray          *point_strategies;  /* the strategy of each point, by name */
  gboolean            single_runs;       /* the points are single runs, not medians */
  PxStrategy          measure_strategy;
  guint               measure_repeat;
  double              fitted_p;
  gboolean            syncing_n;
};

enum {
  MEASURE_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PxAmdahlPage, px_amdahl_page, GTK_TYPE_WIDGET)

static void
show_toast (PxAmdahlPage *self,
            const char   *message)
{
  px_export_show_toast (GTK_WIDGET (self), message);
}

static void
update_actions (PxAmdahlPage *self)
{
  gboolean measuring = self->cancellable != NULL;
  GAction *action;

  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "measure");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), !measuring);
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "stop");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), measuring);
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "use-fitted-p");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), isfinite (self->fitted_p));
}

static void
update_readouts (PxAmdahlPage *self)
{
  double p = px_amdahl_page_get_p (self);
  guint n = px_amdahl_page_get_n (self);
  double limit = px_amdahl_limit (p);
  double n90 = px_amdahl_n_for_fraction_of_limit (p, .9);
  g_autofree char *speedup = g_strdup_printf ("%.2f×", px_amdahl_speedup (p, n));
  g_autofree char *efficiency = g_strdup_printf ("%.0f %%", 100. * px_amdahl_efficiency (p, n));
  g_autofree char *limit_text = isfinite (limit) ? g_strdup_printf ("%.1f×", limit) : g_strdup ("∞");
  g_autofree char *n90_text = isfinite (n90) ? g_strdup_printf ("%.0f", n90) : g_strdup ("—");

  gtk_label_set_text (self->speedup_label, speedup);
  gtk_label_set_text (self->efficiency_label, efficiency);
  gtk_label_set_text (self->limit_label, limit_text);
  gtk_label_set_text (self->n90_label, n90_text);

  g_object_set (self->chart, "p", p, "n", (double) n, NULL);

  if (self->settings != NULL)
    {
      g_settings_set_double (self->settings, "amdahl-p", p);
      g_settings_set_uint (self->settings, "amdahl-n", n);
    }
}

static void
p_changed_cb (PxAmdahlPage *self)
{
  update_readouts (self);
}

/* The slider moves along log₂ N (each step doubles N); the spin button
 * takes any whole N. */
static void
log_n_changed_cb (PxAmdahlPage *self)
{
  if (self->syncing_n)
    return;

  self->syncing_n = TRUE;
  gtk_adjustment_set_value (self->n_adjustment, round (exp2 (gtk_adjustment_get_value (self->log_n_adjustment))));
  self->syncing_n = FALSE;
  update_readouts (self);
}

static void
n_changed_cb (PxAmdahlPage *self)
{
  if (self->syncing_n)
    return;

  self->syncing_n = TRUE;
  gtk_adjustment_set_value (self->log_n_adjustment, log2 (gtk_adjustment_get_value (self->n_adjustment)));
  self->syncing_n = FALSE;
  update_readouts (self);
}

static void
grid_add (GtkGrid    *grid,
          const char *text,
          int         column,
          int         row,
          gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0. : 1.);
  gtk_widget_add_css_class (label, heading ? "heading" : "numeric");
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

static void
update_points (PxAmdahlPage *self,
               const char   *source)
{
  const char *headings[] = { N_("Workers"), N_("Strategy"),
                             self->single_runs ? N_("Wall (single run)") : N_("Wall (median)"),
                             N_("Speedup"), N_("Efficiency"), N_("Karp–Flatt e") };
  guint cores = g_get_num_processors ();
  GtkWidget *child;

  px_amdahl_chart_set_points (self->chart, (const PxScalePoint *) (gpointer) self->points->data,
                              self->points->len, (const char *const *) self->point_strategies->pdata,
                              self->fitted_p);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->points_grid))) != NULL)
    gtk_grid_remove (self->points_grid, child);

  for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
    grid_add (self->points_grid, _(headings[c]), c, 0, TRUE);

  for (guint i = 0; i < self->points->len; i++)
    {
      const PxScalePoint *point = &g_array_index (self->points, PxScalePoint, i);
      g_autofree char *workers = g_strdup_printf (point->workers > cores ? _("%u (past the cores)") : "%u",
                                                  point->workers);
      g_autofree char *wall = px_chart_format_duration (point->wall_s * 1e6);
      g_autofree char *speedup = g_strdup_printf ("%.2f×", point->speedup);
      g_autofree char *efficiency = g_strdup_printf ("%.0f %%", 100. * point->efficiency);
      g_autofree char *karp_flatt = isfinite (point->karp_flatt) ? g_strdup_printf ("%.3f", point->karp_flatt)
                                                                 : g_strdup ("—");

      grid_add (self->points_grid, workers, 0, i + 1, FALSE);
      grid_add (self->points_grid, g_ptr_array_index (self->point_strategies, i), 1, i + 1, FALSE);
      grid_add (self->points_grid, wall, 2, i + 1, FALSE);
      grid_add (self->points_grid, speedup, 3, i + 1, FALSE);
      grid_add (self->points_grid, efficiency, 4, i + 1, FALSE);
      grid_add (self->points_grid, karp_flatt, 5, i + 1, FALSE);
    }

  gtk_widget_set_visible (self->points_frame, self->points->len > 0);
  gtk_widget_set_visible (self->karp_flatt_label, self->points->len > 0);
  gtk_widget_set_visible (self->fit_box, self->points->len > 0);

  if (isfinite (self->fitted_p))
    {
      g_autofree char *markup = NULL;
      guint n_fitted = 0;

      for (guint i = 0; i < self->points->len; i++)
        n_fitted += g_array_index (self->points, PxScalePoint, i).workers <= cores;

      /* Translators: the fitted parallel fraction, how many points it came from, and where they came from */
      markup = g_strdup_printf (ngettext ("<b>Fitted P = %.1f %%</b>, from %u point (%s)",
                                          "<b>Fitted P = %.1f %%</b>, from %u points (%s)", n_fitted),
                                100. * self->fitted_p, n_fitted, source);
      gtk_label_set_markup (self->fit_label, markup);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("Too few points to fit P (%s)"), source);

      gtk_label_set_text (self->fit_label, text);
    }

  update_actions (self);
}

static void
scaler_progress_cb (PxScaler     *scaler,
                    guint         done,
                    guint         total,
                    PxAmdahlPage *self)
{
  g_autofree char *text = g_strdup_printf (_("Run %u of %u"), MIN (done + 1, total), total);

  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 1.);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
measure_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PxAmdahlPage) self = user_data;
  g_autoptr(GError) error = NULL;
  PxScaler *scaler = PX_SCALER (object);

  g_clear_object (&self->cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);

  if (px_scaler_run_finish (scaler, result, &error))
    {
      g_array_set_size (self->points, 0);
      g_ptr_array_set_size (self->point_strategies, 0);
      for (guint i = 0; i < px_scaler_get_n_points (scaler); i++)
        {
          g_array_append_vals (self->points, px_scaler_get_point (scaler, i), 1);
          g_ptr_array_add (self->point_strategies, (gpointer) px_strategy_get_title (self->measure_strategy));
        }
      self->single_runs = self->measure_repeat <= 1;
      self->fitted_p = px_scaler_get_fitted_p (scaler);
      update_points (self, _("measured here"));

      if (px_scaler_get_tasks_failed (scaler) > 0)
        show_toast (self, _("Some tasks failed during the measurement: the speedups are suspect"));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (self, error->message);

  g_clear_object (&self->scaler);
  update_actions (self);
  g_signal_emit (self, signals[MEASURE_FINISHED], 0);
}

static void
measure_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  PxAmdahlPage *self = user_data;
  g_autoptr(PxWorkload) workload = NULL;
  PxStrategy strategy;

  if (self->cancellable != NULL)
    return;

  if (adw_combo_row_get_selected (self->workload_row) == 0)
    workload = px_decompress_workload_new (MEASURE_TASKS);
  else
    workload = px_amdahl_workload_new (MEASURE_TASKS, gtk_spin_button_get_value (self->serial_spin));

  strategy = adw_combo_row_get_selected (self->strategy_row) == 0 ? PX_STRATEGY_THREADS : PX_STRATEGY_PROCESSES;

  self->measure_strategy = strategy;
  self->measure_repeat = gtk_spin_button_get_value_as_int (self->repeat_spin);
  self->cancellable = g_cancellable_new ();
  self->scaler = px_scaler_new (self->runner, workload, strategy, 2 * g_get_num_processors (),
                                self->measure_repeat);
  g_signal_connect_object (self->scaler, "progress", G_CALLBACK (scaler_progress_cb), self, 0);

  gtk_progress_bar_set_fraction (self->progress_bar, 0.);
  gtk_progress_bar_set_text (self->progress_bar, _("Preparing"));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  update_actions (self);

  px_scaler_run_async (self->scaler, self->cancellable, measure_done_cb, g_object_ref (self));
}

static void
stop_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  px_amdahl_page_stop (PX_AMDAHL_PAGE (user_data));
}

static void
use_fitted_p_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  PxAmdahlPage *self = user_data;

  if (isfinite (self->fitted_p))
    px_amdahl_page_set_p (self, self->fitted_p);
}

static void
draw_plot_cb (cairo_t            *cr,
              const PxChartTheme *theme,
              gpointer            data,
              double              width,
              double              height)
{
  PxAmdahlPlot plot;

  px_amdahl_chart_get_plot (PX_AMDAHL_PAGE (data)->chart, &plot);
  px_draw_amdahl (cr, theme, &plot, width, height);
}

static void
export_chart_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  g_autofree char *caption = px_export_caption_here_and_now (_("Amdahl’s law"));

  px_export_image_with_dialog (GTK_WIDGET (user_data), "parallax-amdahl", draw_plot_cb, G_OBJECT (user_data),
                               caption);
}

static void
copy_chart_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  px_export_copy_image (GTK_WIDGET (user_data), draw_plot_cb, user_data);
}

static const GActionEntry page_actions[] = {
  { "measure", measure_action },
  { "stop", stop_action },
  { "use-fitted-p", use_fitted_p_action },
  { "export-chart", export_chart_action },
  { "copy-chart", copy_chart_action },
};

static void
workload_changed_cb (PxAmdahlPage *self)
{
  /* The kind of work goes under the row's title: the choice stays short. */
  const char *kinds[] = { N_("CPU-bound: bzip2 decompression"), N_("CPU work with a serial part you choose") };
  guint selected = MIN (adw_combo_row_get_selected (self->workload_row), G_N_ELEMENTS (kinds) - 1);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->workload_row), _(kinds[selected]));
  gtk_widget_set_visible (GTK_WIDGET (self->serial_row), selected == 1);
}

static void
px_amdahl_page_dispose (GObject *object)
{
  PxAmdahlPage *self = PX_AMDAHL_PAGE (object);
  GtkWidget *child;

  px_amdahl_page_stop (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PX_TYPE_AMDAHL_PAGE);
  /* GTK 4.8 unparents only the template children bound to fields. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->settings);
  g_clear_object (&self->actions);
  g_clear_object (&self->runner);
  g_clear_object (&self->scaler);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->point_strategies, g_ptr_array_unref);

  G_OBJECT_CLASS (px_amdahl_page_parent_class)->dispose (object);
}

static void
px_amdahl_page_class_init (PxAmdahlPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = px_amdahl_page_dispose;

  signals[MEASURE_FINISHED] = g_signal_new ("measure-finished", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (PX_TYPE_AMDAHL_CHART);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/parallaxlab/Parallax/px-amdahl-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, p_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, log_n_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, n_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, log_y_switch);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, gustafson_switch);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, workload_row);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, serial_row);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, serial_spin);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, strategy_row);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, repeat_spin);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, speedup_label);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, efficiency_label);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, limit_label);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, n90_label);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, chart);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, fit_box);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, fit_label);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, points_frame);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, points_grid);
  gtk_widget_class_bind_template_child (widget_class, PxAmdahlPage, karp_flatt_label);
}

static void
px_amdahl_page_init (PxAmdahlPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->points = g_array_new (FALSE, TRUE, sizeof (PxScalePoint));
  self->point_strategies = g_ptr_array_new ();
  self->fitted_p = NAN;
  self->runner = px_runner_new ();
  /* Measuring keeps every core busy: the window must still get its turn. */
  px_runner_set_nice (self->runner, MEASURE_NICE);

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), page_actions, G_N_ELEMENTS (page_actions), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "amdahl", G_ACTION_GROUP (self->actions));

  g_signal_connect_object (self->p_adjustment, "value-changed", G_CALLBACK (p_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->log_n_adjustment, "value-changed", G_CALLBACK (log_n_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->n_adjustment, "value-changed", G_CALLBACK (n_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workload_row, "notify::selected", G_CALLBACK (workload_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_object_bind_property (self->log_y_switch, "active", self->chart, "log-y", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->gustafson_switch, "active", self->chart, "gustafson", G_BINDING_SYNC_CREATE);

  workload_changed_cb (self);
  update_readouts (self);
  update_actions (self);
}

void
px_amdahl_page_set_settings (PxAmdahlPage *self,
                             GSettings    *settings)
{
  g_return_if_fail (PX_IS_AMDAHL_PAGE (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  px_amdahl_page_set_p (self, g_settings_get_double (settings, "amdahl-p"));
  px_amdahl_page_set_n (self, g_settings_get_uint (settings, "amdahl-n"));
  g_settings_bind (settings, "amdahl-log-y", self->log_y_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "amdahl-gustafson", self->gustafson_switch, "active", G_SETTINGS_BIND_DEFAULT);
  /* From now on, every change is kept. */
  g_set_object (&self->settings, settings);
}

GActionGroup *
px_amdahl_page_get_action_group (PxAmdahlPage *self)
{
  g_return_val_if_fail (PX_IS_AMDAHL_PAGE (self), NULL);

  return G_ACTION_GROUP (self->actions);
}

double
px_amdahl_page_get_p (PxAmdahlPage *self)
{
  g_return_val_if_fail (PX_IS_AMDAHL_PAGE (self), NAN);

  return gtk_adjustment_get_value (self->p_adjustment) / 100.;
}

void
px_amdahl_page_set_p (PxAmdahlPage *self,
                      double        p)
{
  g_return_if_fail (PX_IS_AMDAHL_PAGE (self));

  /* The slider's 0.1 % steps */
  gtk_adjustment_set_value (self->p_adjustment, round (CLAMP (p, 0., 1.) * 1000.) / 10.);
}

guint
px_amdahl_page_get_n (PxAmdahlPage *self)
{
  g_return_val_if_fail (PX_IS_AMDAHL_PAGE (self), 0);

  return (guint) gtk_adjustment_get_value (self->n_adjustment);
}

void
px_amdahl_page_set_n (PxAmdahlPage *self,
                      guint         n)
{
  g_return_if_fail (PX_IS_AMDAHL_PAGE (self));

  gtk_adjustment_set_value (self->n_adjustment, n);
}

double
px_amdahl_page_get_fitted_p (PxAmdahlPage *self)
{
  g_return_val_if_fail (PX_IS_AMDAHL_PAGE (self), NAN);

  return self->fitted_p;
}

guint
px_amdahl_page_get_n_points (PxAmdahlPage *self)
{
  g_return_val_if_fail (PX_IS_AMDAHL_PAGE (self), 0);

  return self->points->len;
}

gboolean
px_amdahl_page_get_measuring (PxAmdahlPage *self)
{
  g_return_val_if_fail (PX_IS_AMDAHL_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

void
px_amdahl_page_stop (PxAmdahlPage *self)
{
  g_return_if_fail (PX_IS_AMDAHL_PAGE (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

void
px_amdahl_page_show_runs (PxAmdahlPage *self,
                          GPtrArray    *runs)
{
  g_autofree PxScalePoint *points = NULL;
  g_autofree PxStrategy *strategies = NULL;
  PxRunResult *sequential = NULL;
  guint n_points;
  double fitted_p;

  g_return_if_fail (PX_IS_AMDAHL_PAGE (self));
  g_return_if_fail (runs != NULL);

  for (guint i = 0; i < runs->len; i++)
    if (px_run_result_get_strategy (g_ptr_array_index (runs, i)) == PX_STRATEGY_SEQUENTIAL &&
        px_run_result_get_wall_us (g_ptr_array_index (runs, i)) > 0)
      sequential = g_ptr_array_index (runs, i);

  /* Without a sequential run there is nothing to compare with. */
  if (sequential == NULL || self->cancellable != NULL)
    return;

  /* Amdahl's law is about work that keeps a core busy: the speedup of
   * waits that overlap (a fetch batch) is no point on its curves. */
  if (px_run_result_get_verdict (sequential) == PX_VERDICT_IO_BOUND ||
      px_run_result_get_verdict (sequential) == PX_VERDICT_IO_OR_CPU_BOUND)
    {
      g_autofree char *text = g_strdup_printf (_("The Run page's last batch is not CPU-bound (its sequential run "
                                                 "was %s): its speedups are no Amdahl points"),
                                               px_verdict_get_title (px_run_result_get_verdict (sequential)));

      show_toast (self, text);
      return;
    }

  points = px_amdahl_points_from_runs (runs, g_get_num_processors (), &n_points, &fitted_p, &strategies);
  if (points == NULL)
    return;

  g_array_set_size (self->points, 0);
  g_array_append_vals (self->points, points, n_points);
  g_ptr_array_set_size (self->point_strategies, 0);
  for (guint i = 0; i < n_points; i++)
    g_ptr_array_add (self->point_strategies, (gpointer) px_strategy_get_title (strategies[i]));
  self->single_runs = TRUE;
  self->fitted_p = fitted_p;
  update_points (self, _("single runs from the Run page"));
}

void
px_amdahl_page_set_controls_visible (PxAmdahlPage *self,
                                     gboolean      visible)
{
  g_return_if_fail (PX_IS_AMDAHL_PAGE (self));

  gtk_widget_set_visible (self->sidebar, visible);
}

void
px_amdahl_page_set_chart_zoom (PxAmdahlPage *self,
                               double        zoom)
{
  g_return_if_fail (PX_IS_AMDAHL_PAGE (self));

  g_object_set (self->chart, "zoom", zoom, NULL);
}

void
px_amdahl_page_measure (PxAmdahlPage *self,
                        const char   *workload,
                        double        serial,
                        PxStrategy    strategy)
{
  g_return_if_fail (PX_IS_AMDAHL_PAGE (self));
  g_return_if_fail (workload != NULL);
  g_return_if_fail (strategy == PX_STRATEGY_THREADS || strategy == PX_STRATEGY_PROCESSES);

  if (self->cancellable != NULL)
    return;

  adw_combo_row_set_selected (self->workload_row, g_str_equal (workload, "decompress") ? 0 : 1);
  if (serial >= 0.)
    gtk_spin_button_set_value (self->serial_spin, serial);
  adw_combo_row_set_selected (self->strategy_row, strategy == PX_STRATEGY_THREADS ? 0 : 1);
  g_action_group_activate_action (G_ACTION_GROUP (self->actions), "measure", NULL);
}
