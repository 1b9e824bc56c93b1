/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <signal.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "px-engine.h"
#include "px-test-server.h"
#include "px-test-trace.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliResult;

static void
cli_result_clear (CliResult *result)
{
  g_free (result->out);
  g_free (result->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

static char *
cli_path (void)
{
  return g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "parallax-cli", NULL);
}

static void
run_cli (CliResult   *result,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, cli_path ());
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_help (void)
{
  g_auto(CliResult) top = { 0 };
  g_auto(CliResult) run = { 0 };
  g_auto(CliResult) none = { 0 };

  run_cli (&top, "--help", NULL);
  g_assert_cmpint (top.status, ==, 0);
  for (guint i = 0; i < 4; i++)
    g_assert_nonnull (strstr (top.out, (const char *[]) { "run", "scale", "serve", "amdahl" }[i]));

  run_cli (&run, "run", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--no-return-output"));
  g_assert_nonnull (strstr (run.out, "Exit status"));

  run_cli (&none, NULL);
  g_assert_cmpint (none.status, ==, 2);
}

static void
test_usage_errors (void)
{
  const char *cases[][4] = {
    { "run", "--workload", "nope", NULL },
    { "run", "--workload", "decompress", "--strategies=warp" },
    { "run", "--workload", "decompress", "--format=xml" },
    { "run", "--workload", "fetch", "--bz2=x" },
    { "scale", "--workload", "decompress", "--strategy=async" },
    { "amdahl", "--p", "150", NULL },
    { "teleport", NULL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(CliResult) result = { 0 };
      g_autofree char *hint = NULL;

      run_cli (&result, cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL);

      if (result.status != 2)
        g_printerr ("%s %s: %s\n", cases[i][0], cases[i][1] != NULL ? cases[i][1] : "", result.err);
      g_assert_cmpint (result.status, ==, 2);
      g_assert_true (g_str_has_prefix (result.err, "parallax-cli: "));
      /* The hint names the command that was given, if there is one. */
      hint = g_str_equal (cases[i][0], "teleport")
             ? g_strdup ("Try “parallax-cli --help”.")
             : g_strdup_printf ("Try “parallax-cli %s --help”.", cases[i][0]);
      g_assert_nonnull (strstr (result.err, hint));
    }
}

/* --version after a command; --p 90 is 90 %, and the output says so. */
static void
test_version_and_percent (void)
{
  g_auto(CliResult) version = { 0 };
  g_auto(CliResult) percent = { 0 };
  g_auto(CliResult) table = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *expected = g_strdup_printf ("parallax-cli %s\n", PACKAGE_VERSION);

  run_cli (&version, "run", "--workload", "fetch", "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_cmpstr (version.out, ==, expected);

  run_cli (&percent, "amdahl", "--p", "90", "--n", "2", "--format", "json", NULL);
  g_assert_cmpint (percent.status, ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (parse_object (parser, percent.out), "p"), ==, 0.9);
  g_assert_nonnull (strstr (percent.err, "read as a percentage"));

  run_cli (&table, "amdahl", "--p", "0.9", "--n", "2", NULL);
  g_assert_cmpint (table.status, ==, 0);
  g_assert_true (g_str_has_prefix (table.out, "P = 0.9 (90 %)\n"));
  g_assert_cmpstr (table.err, ==, "");
}

static void
test_run_json (void)
{
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *runs;

  run_cli (&result, "run", "-w", "decompress", "-t", "4", "-n", "2", "-s", "sequential,threads",
           "--format", "json", NULL);
  g_assert_cmpint (result.status, ==, 0);

  root = parse_object (parser, result.out);
  g_assert_cmpstr (json_object_get_string_member (root, "workload"), ==, "decompress");
  g_assert_cmpint (json_object_get_int_member (root, "tasks"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (root, "cores"), ==, g_get_num_processors ());
  runs = json_object_get_array_member (root, "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (runs, 0), "speedup"), ==, 1.);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (runs, 1), "tasks_ok"), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (runs, 1),
                                                                         "tasks")), ==, 4);
}

static void
test_run_fetch_csv (void)
{
  g_auto(CliResult) result = { 0 };
  g_auto(GStrv) lines = NULL;

  run_cli (&result, "run", "-w", "fetch", "-t", "6", "-n", "3", "--latency-ms", "5", "-s", "async,threads",
           "--format", "csv", NULL);
  g_assert_cmpint (result.status, ==, 0);

  lines = g_strsplit (result.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "workload,strategy,workers"));
  g_assert_true (g_str_has_prefix (lines[1], "fetch,async,3,6,"));
  g_assert_true (g_str_has_prefix (lines[2], "fetch,threads,3,6,"));
}

/* An async run's trace: the requests in flight at once on tracks of their
 * own, so that Perfetto shows every one. */
static void
test_run_trace (void)
{
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  run_cli (&result, "run", "--workload", "fetch", "--tasks", "8", "--workers", "4", "--latency-ms", "50",
           "--strategies", "async", "--format", "trace", NULL);
  g_assert_cmpint (result.status, ==, 0);
  parse_object (parser, result.out);
  g_assert_cmpuint (px_test_assert_trace_nests (json_parser_get_root (parser)), >=, 2);
}

/* Ctrl+C during the second strategy: exit 130, the first run complete, the
 * second marked cancelled with the tasks it finished. */
static void
test_run_interrupted (void)
{
  g_autofree char *cli = cli_path ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *dir = g_dir_make_tmp ("parallax-cli-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "runs.json", NULL);
  g_autofree char *saved = NULL;
  g_autofree char *latency = g_strdup_printf ("%d", 100 * SLOWDOWN);
  JsonArray *runs;
  JsonObject *second;
  char *line;

  /* The table on standard output, progress on standard error; the JSON of
   * the same runs in a file. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              cli, "run", "--workload", "fetch", "--tasks", "40", "--workers", "20",
                              "--latency-ms", latency, "--strategies", "threads,sequential", NULL);
  g_assert_no_error (error);
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  while ((line = g_data_input_stream_read_line (err, NULL, NULL, &error)) != NULL)
    {
      gboolean second_started = g_str_has_prefix (line, "Running sequential");

      g_free (line);
      if (second_started)
        break;
    }
  g_assert_no_error (error);

  /* Sequential fetches take 100 ms each (longer under the sanitizers): a
   * few finish, far from all 40. */
  g_usleep (G_USEC_PER_SEC / 2 * SLOWDOWN);
  g_subprocess_send_signal (process, SIGINT);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &rest, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 130);

  g_assert_true (g_regex_match_simple ("^threads +20 .* 40 +0 ", out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^sequential +1 +cancelled: [0-9]+ of 40 tasks finished", out,
                                       G_REGEX_MULTILINE, 0));
  g_assert_nonnull (strstr (rest, "Interrupted: the run of sequential was cancelled"));
  g_assert_null (strstr (rest, "Operation was cancelled"));

  /* The same with JSON: the cancelled run has its finished tasks. */
  g_clear_object (&process);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, cli, "run", "--workload", "fetch",
                              "--tasks", "40", "--latency-ms", latency, "--strategies", "sequential",
                              "--format", "json", "--output", json, NULL);
  g_assert_no_error (error);
  g_usleep (G_USEC_PER_SEC * SLOWDOWN);
  g_subprocess_send_signal (process, SIGINT);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 130);
  g_assert_true (g_file_get_contents (json, &saved, NULL, &error));
  g_assert_no_error (error);
  runs = json_object_get_array_member (parse_object (parser, saved), "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 1);
  second = json_array_get_object_element (runs, 0);
  g_assert_true (json_object_get_boolean_member (second, "cancelled"));
  g_assert_cmpint (json_object_get_int_member (second, "tasks_ok"), <, 40);
  g_assert_cmpint (json_object_get_int_member (second, "tasks_ok"), ==,
                   json_array_get_length (json_object_get_array_member (second, "tasks")));

  g_assert_cmpint (g_unlink (json), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_run_failures (void)
{
  g_autofree char *dir = g_dir_make_tmp ("parallax-cli-XXXXXX", NULL);
  g_autofree char *logins = g_build_filename (dir, "logins.txt", NULL);
  g_autofree char *blob = g_build_filename (dir, "corrupt.bz2", NULL);
  g_autofree char *output = g_build_filename (dir, "out.json", NULL);
  g_auto(CliResult) fetch = { 0 };
  g_auto(CliResult) decompress = { 0 };
  g_auto(CliResult) missing = { 0 };

  g_assert_true (g_file_set_contents (logins, "torvalds\nno-such-user-anywhere\n", -1, NULL));
  g_assert_true (g_file_set_contents (blob, "BZh9 not really", -1, NULL));

  run_cli (&fetch, "run", "-w", "fetch", "--logins", logins, "-t", "2", "--latency-ms", "0", "-s", "threads",
           "--format", "json", "--output", output, NULL);
  g_assert_cmpint (fetch.status, ==, 1);
  g_assert_cmpstr (fetch.out, ==, "");
  g_assert_nonnull (strstr (fetch.err, "no-such-user-anywhere"));
  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));

  run_cli (&decompress, "run", "-w", "decompress", "--bz2", blob, "-t", "3", "-s", "processes", NULL);
  g_assert_cmpint (decompress.status, ==, 1);
  g_assert_nonnull (strstr (decompress.err, "processes #3 blob 3:"));

  run_cli (&missing, "run", "-w", "decompress", "--input", "/nonexistent/file", "-s", "threads", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "/nonexistent/file"));

  g_unlink (output);
  g_unlink (blob);
  g_unlink (logins);
  g_rmdir (dir);
}

static void
test_amdahl (void)
{
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *points;

  run_cli (&result, "amdahl", "--p", "0.9", "--n", "8", "--format", "json", NULL);
  g_assert_cmpint (result.status, ==, 0);
  root = parse_object (parser, result.out);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "limit"), 10., 1e-9);
  points = json_object_get_array_member (root, "points");
  g_assert_cmpuint (json_array_get_length (points), ==, 4);
  /* S(8) = 1 / (0.1 + 0.9 / 8), to the six decimals written */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (points, 3),
                                                                 "speedup"),
                                  1. / (0.1 + 0.9 / 8.), 5e-7);
}

static void
test_scale (void)
{
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *points;

  run_cli (&result, "scale", "-w", "amdahl", "-t", "8", "--serial", "0.2", "--max-workers", "2",
           "--repeat", "1", "--format", "json", NULL);
  g_assert_cmpint (result.status, ==, 0);
  root = parse_object (parser, result.out);
  points = json_object_get_array_member (root, "points");
  g_assert_cmpuint (json_array_get_length (points), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (points, 1), "workers"), ==, 2);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (points, 0), "karp_flatt"));
  g_assert_true (json_object_has_member (root, "fitted_p"));
}

static void
test_serve (void)
{
  g_autofree char *path = cli_path ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *user_url = NULL;
  g_autoptr(GFile) user = NULL;
  g_autofree char *body = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              path, "serve", "--port", "0", "--latency-ms", "0", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  url = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));

  /* Any HTTP client can use it. */
  user_url = g_strconcat (url, "/users/torvalds", NULL);
  {
    g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
    g_autoptr(SoupMessage) message = soup_message_new ("GET", user_url);
    g_autoptr(GBytes) bytes = soup_session_send_and_read (session, message, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (message), ==, 200);
    body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  }
  g_assert_nonnull (strstr (body, "\"login\":\"torvalds\"") ?: strstr (body, "\"login\": \"torvalds\""));

  g_subprocess_send_signal (process, SIGINT);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

/* run's JSON says when, where and how its batch ran; report prints it
 * above the table. */
static void
test_run_json_context (void)
{
  g_autofree char *dir = g_dir_make_tmp ("parallax-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "batch.parallax.json", NULL);
  g_auto(CliResult) result = { 0 };
  g_auto(CliResult) fetch = { 0 };
  g_auto(CliResult) report = { 0 };
  g_autofree char *saved = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) fetch_parser = json_parser_new ();
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *machine, *parameters;
  JsonArray *strategies;
  const char *created_text;
  const char *machine_line, *parameters_line, *table_line;

  run_cli (&result, "run", "-w", "amdahl", "-s", "sequential,gil", "-t", "4", "-n", "2", "--serial", "0.2",
           "--no-return-output", "--format", "json", "--output", path, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &saved, NULL, &error));
  g_assert_no_error (error);
  root = parse_object (parser, saved);

  g_assert_cmpint (json_object_get_int_member (root, "format_version"), ==, PX_JSON_FORMAT_VERSION);
  created_text = json_object_get_string_member (root, "created");
  /* ISO 8601 with the offset written out: 2026-11-30T14:05:00+01:00 */
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d$",
                                       created_text, 0, 0));
  created = g_date_time_new_from_iso8601 (created_text, NULL);
  g_assert_nonnull (created);
  g_assert_cmpint (ABS (g_date_time_difference (now, created)), <, 600 * G_TIME_SPAN_SECOND);
  g_assert_cmpstr (json_object_get_string_member (root, "app_version"), ==, PACKAGE_VERSION);

  machine = json_object_get_object_member (root, "machine");
  g_assert_cmpint (json_object_get_int_member (machine, "cores"), ==, g_get_num_processors ());
  g_assert_true (json_object_has_member (machine, "cpu_model"));
  g_assert_true (json_object_has_member (machine, "os"));

  parameters = json_object_get_object_member (root, "parameters");
  g_assert_cmpstr (json_object_get_string_member (parameters, "workload"), ==, "amdahl");
  strategies = json_object_get_array_member (parameters, "strategies");
  g_assert_cmpuint (json_array_get_length (strategies), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (strategies, 0), ==, "sequential");
  g_assert_cmpstr (json_array_get_string_element (strategies, 1), ==, "gil");
  g_assert_cmpint (json_object_get_int_member (parameters, "tasks"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (parameters, "workers"), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (parameters, "serial"), ==, 0.2);
  g_assert_false (json_object_get_boolean_member (parameters, "return_output"));
  g_assert_false (json_object_has_member (parameters, "latency_ms"));

  /* report: the context above the table, in this order. */
  run_cli (&report, "report", path, NULL);
  g_assert_cmpint (report.status, ==, 0);
  g_assert_true (g_str_has_prefix (report.out, "Recorded "));
  machine_line = strstr (report.out, "\nMachine:");
  parameters_line = strstr (report.out, "\nParameters: amdahl · sequential, gil · 4 tasks · 2 workers · serial "
                                        "fraction 20 %");
  table_line = strstr (report.out, "\nstrategy");
  g_assert_nonnull (machine_line);
  g_assert_nonnull (parameters_line);
  g_assert_nonnull (table_line);
  g_assert_true (machine_line < parameters_line && parameters_line < table_line);

  /* fetch from the embedded server: its latency, and no address. */
  run_cli (&fetch, "run", "-w", "fetch", "-s", "async", "-t", "2", "-n", "2", "--latency-ms", "5",
           "--format", "json", NULL);
  g_assert_cmpint (fetch.status, ==, 0);
  parameters = json_object_get_object_member (parse_object (fetch_parser, fetch.out), "parameters");
  g_assert_cmpint (json_object_get_int_member (parameters, "latency_ms"), ==, 5);
  g_assert_true (json_object_get_null_member (parameters, "api_url"));

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parallax/cli/help", test_help);
  g_test_add_func ("/parallax/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/parallax/cli/run-json", test_run_json);
  g_test_add_func ("/parallax/cli/run-fetch-csv", test_run_fetch_csv);
  g_test_add_func ("/parallax/cli/run-json-context", test_run_json_context);
  g_test_add_func ("/parallax/cli/run-trace", test_run_trace);
  g_test_add_func ("/parallax/cli/run-interrupted", test_run_interrupted);
  g_test_add_func ("/parallax/cli/run-failures", test_run_failures);
  g_test_add_func ("/parallax/cli/amdahl", test_amdahl);
  g_test_add_func ("/parallax/cli/version-and-percent", test_version_and_percent);
  g_test_add_func ("/parallax/cli/scale", test_scale);
  g_test_add_func ("/parallax/cli/serve", test_serve);

  return g_test_run ();
}
