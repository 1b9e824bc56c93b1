/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "parallax-cli"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "px-amdahl-draw.h"
#include "px-chart-export.h"
#include "px-cli-plot.h"

#define EXIT_USAGE 2
/* Past this an image surface would not fit cairo's coordinates. */
#define MAX_SIDE 16384

typedef enum
{
  CHART_TIMELINE,
  CHART_WALL_CPU,
  CHART_AMDAHL,
} Chart;

static gboolean
parse_size (const char *text,
            int        *width,
            int        *height)
{
  char *end;
  gint64 w, h;

  w = g_ascii_strtoll (text, &end, 10);
  if (end == text || (*end != 'x' && *end != 'X'))
    return FALSE;
  text = end + 1;
  h = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE)
    return FALSE;

  *width = (int) w;
  *height = (int) h;
  return TRUE;
}

/* The cores of the machine that recorded the runs, from their samples of
 * each core; 0 when unknown. */
static guint
recorded_cores (GPtrArray *runs)
{
  for (guint i = 0; i < runs->len; i++)
    {
      PxRunResult *run = g_ptr_array_index (runs, i);
      guint n_cores = 0;
      gint64 t;

      if (px_run_result_get_n_cpu_samples (run) > 0)
        {
          px_run_result_get_cpu_sample (run, 0, &t, &n_cores);
          return n_cores;
        }
    }

  return 0;
}

static char *
make_caption (GPtrArray         *runs,
              const PxBatchInfo *info,
              GFile             *file,
              guint              cores)
{
  g_autoptr(GFileInfo) file_info = NULL;
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *machine = NULL;

  /* When and where the batch ran, as saved with it; from a file too old to
   * say, the file's time and the cores of its samples. */
  if (info != NULL && info->created != NULL)
    date = g_date_time_ref (info->created);
  else if ((file_info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE, NULL,
                                           NULL)) != NULL)
    date = g_file_info_get_modification_date_time (file_info);
  if (info != NULL && info->cores > 0)
    machine = px_batch_info_dup_machine (info);
  else if (cores > 0)
    machine = g_strdup_printf (ngettext ("recorded on %u core", "recorded on %u cores", cores), cores);

  return px_chart_caption_for_runs (runs, machine, date);
}

/* JSON's parser takes blank text for a document without a root. */
static gboolean
is_blank (const char *data,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

static guint
amdahl_axis (const PxScalePoint *points,
             guint               n_points)
{
  guint most = 1, max_n = 16;

  for (guint i = 0; i < n_points; i++)
    most = MAX (most, points[i].workers);
  /* Room to the right of the last point for the curve to bend. */
  while (max_n < 4 * most && max_n < 4096)
    max_n *= 2;

  return max_n;
}

typedef struct
{
  char          *chart_name;
  char          *size;
  char          *output;
  gboolean       dark;
  gboolean       caption;
  double         zoom;
  int            width;
  int            height;
  Chart          chart;
  PxImageFormat  format;
} PlotOptions;

static void
plot_options_clear (PlotOptions *options)
{
  g_free (options->chart_name);
  g_free (options->size);
  g_free (options->output);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PlotOptions, plot_options_clear)

/* Leaves the saved run's path in (*argv)[1]. */
static gboolean
parse_options (PlotOptions   *options,
               int           *argc,
               char        ***argv,
               GError       **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — draw a saved run into an image"));
  const GOptionEntry entries[] = {
    { "chart", 'c', 0, G_OPTION_ARG_STRING, &options->chart_name,
      N_("The chart: timeline, wall-cpu or amdahl (timeline)"), N_("CHART") },
    { "size", 0, 0, G_OPTION_ARG_STRING, &options->size, N_("Width and height in pixels (1920x1080)"), N_("WxH") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &options->zoom,
      N_("Text and lines this many times larger than for the size (1)"), N_("F") },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &options->dark, N_("Light text on a dark background"), NULL },
    { "caption", 0, 0, G_OPTION_ARG_NONE, &options->caption,
      N_("A line under the chart: workload, parameters, machine, date"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options->output,
      N_("The image to write: .png, .svg or .pdf"), N_("FILE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Draws a saved batch of runs (parallax-cli run --format json, or Save in\n"
                                  "the app) as the app does; the format follows the output's extension.\n"
                                  "amdahl fits P to the speedups of the threads and processes runs over\n"
                                  "the sequential one.\n\n"
                                  "Exit status: 0 written, 1 the file could not be read or plotted,\n"
                                  "2 usage error."));
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  if (*argc < 2)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("A saved run to plot is required"));
  else if (*argc > 2)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("Unexpected argument “%s”"), (*argv)[2]);
  else if (options->chart_name != NULL && !g_str_equal (options->chart_name, "timeline") &&
           !g_str_equal (options->chart_name, "wall-cpu") && !g_str_equal (options->chart_name, "amdahl"))
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("Unknown chart “%s” (timeline, wall-cpu or amdahl)"), options->chart_name);
  else if (options->size != NULL && !parse_size (options->size, &options->width, &options->height))
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("--size must be WIDTHxHEIGHT, each 1 to %d pixels: “%s”"), MAX_SIDE, options->size);
  else if (!isfinite (options->zoom) || options->zoom < .25 || options->zoom > 8.)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--scale must be between 0.25 and 8"));
  else if (options->output == NULL)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("--output is required"));
  else if (!px_chart_format_from_path (options->output, &options->format))
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("--output must end in .png, .svg or .pdf: “%s”"), options->output);
  else
    {
      options->chart = g_strcmp0 (options->chart_name, "wall-cpu") == 0 ? CHART_WALL_CPU
                       : g_strcmp0 (options->chart_name, "amdahl") == 0 ? CHART_AMDAHL
                                                                        : CHART_TIMELINE;
      return TRUE;
    }

  return FALSE;
}

int
px_cli_plot (int    argc,
             char **argv)
{
  g_auto(PlotOptions) options = { .zoom = 1., .width = 1920, .height = 1080 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *data = NULL;
  g_autofree char *caption = NULL;
  g_autofree PxScalePoint *points = NULL;
  g_autofree PxStrategy *strategies = NULL;
  g_autofree const char **labels = NULL;
  PxChartDrawFunc draw;
  PxChartTheme theme;
  PxAmdahlPlot plot;
  gpointer draw_data;
  gsize length;
  g_autoptr(PxBatchInfo) info = NULL;
  guint cores;

  if (!parse_options (&options, &argc, &argv, &error))
    {
      g_printerr ("parallax-cli: %s\n", error->message);
      g_printerr (_("Try “parallax-cli plot --help”.\n"));
      return EXIT_USAGE;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  if (g_file_load_contents (file, NULL, &data, &length, NULL, &error) && is_blank (data, length))
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The file is empty"));
  if (error != NULL || (runs = px_run_results_new_from_json_with_info (data, length, &info, &error)) == NULL)
    {
      g_printerr ("parallax-cli: %s: %s\n", argv[1], error->message);
      return EXIT_FAILURE;
    }
  g_clear_pointer (&data, g_free);
  if (runs->len == 0)
    {
      g_printerr (_("parallax-cli: %s: no runs to plot\n"), argv[1]);
      return EXIT_FAILURE;
    }

  cores = recorded_cores (runs);
  switch (options.chart)
    {
    case CHART_WALL_CPU:
      draw = px_export_draw_wall_cpu;
      draw_data = runs;
      break;

    case CHART_AMDAHL:
      px_amdahl_plot_init (&plot);
      points = px_amdahl_points_from_runs (runs, cores, &plot.n_points, &plot.fitted_p, &strategies);
      if (points == NULL || !isfinite (plot.fitted_p))
        {
          g_printerr (_("parallax-cli: %s: no speedups to fit: Amdahl’s law needs a sequential run and a "
                        "threads or processes run with more than one worker\n"),
                      argv[1]);
          return EXIT_FAILURE;
        }
      plot.points = points;
      labels = g_new0 (const char *, plot.n_points + 1);
      for (guint i = 0; i < plot.n_points; i++)
        labels[i] = px_strategy_get_title (strategies[i]);
      plot.point_labels = labels;
      plot.p = plot.fitted_p;
      plot.max_n = amdahl_axis (points, plot.n_points);
      plot.n = plot.max_n / 4;
      plot.cores = cores;
      draw = px_export_draw_amdahl;
      draw_data = &plot;
      break;

    case CHART_TIMELINE:
    default:
      draw = px_export_draw_timeline;
      draw_data = runs;
      break;
    }

  if (options.caption)
    caption = make_caption (runs, info, file, cores);
  px_chart_theme_init_default (&theme, options.dark);
  if (!px_chart_render_to_file (draw, draw_data, &theme, options.zoom, caption, options.format, options.width,
                                options.height, options.output, &error))
    {
      g_printerr ("parallax-cli: %s\n", error->message);
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}
