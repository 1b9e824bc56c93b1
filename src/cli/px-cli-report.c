/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "parallax-cli"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "px-cli.h"
#include "px-engine.h"

/* The table, under what the file says of its batch: when and where it ran,
 * and with which parameters. */
static char *
report_table (GPtrArray         *runs,
              const PxBatchInfo *info)
{
  g_autofree char *recorded = px_batch_info_dup_recorded (info);
  g_autofree char *machine = px_batch_info_dup_machine (info);
  g_autofree char *parameters = px_batch_info_dup_parameters (info);
  g_autofree char *table = runs_to_table (runs);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%s\n", recorded);
  if (machine != NULL)
    /* Translators: a line above the table of "parallax-cli report" */
    g_string_append_printf (text, _("Machine:    %s\n"), machine);
  /* Translators: a line above the table of "parallax-cli report" */
  g_string_append_printf (text, _("Parameters: %s\n\n"), parameters);
  g_string_append (text, table);

  return g_string_free (text, FALSE);
}

/* parallax-cli report: a saved batch (what run --format json and the app
 * write) printed in any format. */
int
command_report (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — print saved results"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(PxBatchInfo) info = NULL;
  g_autoptr(PxOutputFile) output = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *output_path = NULL;
  g_autofree char *display = NULL;
  g_autofree char *text = NULL;
  Format format;
  gsize length;
  const char *data;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("Output format: table, json, csv or trace (Chrome Trace Event JSON)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path, N_("Write the output to FILE"), N_("FILE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Loads results saved as JSON (by “run --format json” or the app) and prints\n"
                                  "them; the table comes after when, where and with which parameters they\n"
                                  "were recorded. Exit status: 0 printed, 1 the file could not be read, 2 usage error."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc != 2)
    return usage_error (_("report takes one FILE"));
  if (format_name != NULL && g_str_equal (format_name, "trace"))
    format = FORMAT_TRACE;
  else if (!parse_format (format_name, &format))
    return usage_error (_("Unknown format “%s” (table, json, csv or trace)"), format_name);

  display = g_filename_display_name (argv[1]);
  bytes = px_read_file_bounded (argv[1], PX_RUN_MAX_DOCUMENT, NULL, &error);
  if (bytes != NULL)
    {
      data = g_bytes_get_data (bytes, &length);
      runs = px_run_results_new_from_json_with_info (data != NULL ? data : "", length, &info, &error);
    }
  if (runs == NULL)
    {
      g_printerr (_("parallax-cli: cannot load %s: %s\n"), display, error->message);
      return EXIT_FAILURE;
    }
  if (runs->len == 0)
    {
      g_printerr (_("parallax-cli: %s holds no runs\n"), display);
      return EXIT_FAILURE;
    }

  if (!open_output (output_path, &output, &error))
    {
      g_printerr ("parallax-cli: %s\n", error->message);
      return EXIT_FAILURE;
    }

  switch (format)
    {
    case FORMAT_JSON:
      text = json_take_text (px_run_results_to_json_with_info (runs, info));
      break;

    case FORMAT_CSV:
      text = px_run_results_to_csv (runs);
      break;

    case FORMAT_TRACE:
      text = json_take_text (px_run_results_to_trace (runs));
      break;

    case FORMAT_TABLE:
    default:
      text = report_table (runs, info);
      break;
    }

  if (!write_output (output, text, &error))
    {
      g_printerr ("parallax-cli: %s\n", error->message);
      return EXIT_FAILURE;
    }

  report_failures (runs);
  return EXIT_SUCCESS;
}
