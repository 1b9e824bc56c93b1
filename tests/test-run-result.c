/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "px-engine.h"
#include "px-test-trace.h"

static PxRunResult *
make_run (PxStrategy strategy,
          guint      workers,
          gint64     wall_us,
          gint64     cpu_us)
{
  PxRunResult *run = px_run_result_new ("decompress", strategy, workers, 3);

  for (guint i = 0; i < 3; i++)
    {
      PxTaskRecord *record = px_task_record_new ();

      record->index = i;
      record->label = g_strdup_printf ("blob %u", i + 1);
      record->lane = i % workers;
      record->start_us = i * 1000;
      record->end_us = i * 1000 + 500;
      record->cpu_us = 400;
      record->bytes_in = 160000;
      record->bytes_out = 600000;
      if (i == 2)
        record->error = g_strdup ("The bzip2 data is corrupt, “quoted”");
      else
        record->summary = g_strdup ("ok");
      px_run_result_take_task (run, record);
    }

  px_run_result_set_measurements (run, wall_us, cpu_us - cpu_us / 10, cpu_us / 10, 1234, 5678);
  for (guint i = 1; i <= 4; i++)
    {
      const double busy[2] = { 0.25 * i, 1. - 0.25 * i };

      px_run_result_add_cpu_sample (run, i * 50000, busy, 2);
    }
  return run;
}

static GPtrArray *
make_batch (void)
{
  GPtrArray *runs = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (runs, make_run (PX_STRATEGY_SEQUENTIAL, 1, 2000000, 2000000));
  g_ptr_array_add (runs, make_run (PX_STRATEGY_THREADS, 2, 1000000, 2000000));
  g_ptr_array_add (runs, make_run (PX_STRATEGY_ASYNC, 4, 4000000, 100000));
  px_run_results_compute_speedups (runs);

  return runs;
}

static void
test_derived (void)
{
  g_autoptr(GPtrArray) runs = make_batch ();
  PxRunResult *sequential = g_ptr_array_index (runs, 0);
  PxRunResult *threads = g_ptr_array_index (runs, 1);
  PxRunResult *async = g_ptr_array_index (runs, 2);

  g_assert_cmpfloat_with_epsilon (px_run_result_get_speedup (sequential), 1., 1e-9);
  g_assert_cmpfloat_with_epsilon (px_run_result_get_speedup (threads), 2., 1e-9);
  g_assert_cmpfloat_with_epsilon (px_run_result_get_efficiency (threads), 1., 1e-9);
  g_assert_cmpfloat_with_epsilon (px_run_result_get_speedup (async), .5, 1e-9);

  g_assert_cmpfloat_with_epsilon (px_run_result_get_cpu_wall_ratio (sequential), 1., 1e-9);
  g_assert_cmpint (px_run_result_get_verdict (sequential), ==, PX_VERDICT_CPU_BOUND);
  g_assert_cmpint (px_run_result_get_verdict (threads), ==, PX_VERDICT_PARALLEL);
  g_assert_cmpint (px_run_result_get_verdict (async), ==, PX_VERDICT_IO_BOUND);

  g_assert_cmpuint (px_run_result_get_tasks_ok (threads), ==, 2);
  g_assert_cmpuint (px_run_result_get_tasks_failed (threads), ==, 1);
}

static void
test_no_sequential (void)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *run;

  g_ptr_array_add (runs, make_run (PX_STRATEGY_THREADS, 2, 1000000, 2000000));
  px_run_results_compute_speedups (runs);
  g_assert_true (isnan (px_run_result_get_speedup (g_ptr_array_index (runs, 0))));

  node = px_run_results_to_json (runs);
  run = json_array_get_object_element (json_object_get_array_member (json_node_get_object (node), "runs"), 0);
  g_assert_true (json_object_get_null_member (run, "speedup"));
  g_assert_true (json_object_get_null_member (run, "efficiency"));
}

static void
test_json_names (void)
{
  g_autoptr(GPtrArray) runs = make_batch ();
  g_autoptr(JsonNode) node = px_run_results_to_json (runs);
  JsonObject *root = json_node_get_object (node);
  JsonObject *run, *task;
  const char *root_names[] = { "workload", "tasks", "workers", "cores", "runs" };
  const char *run_names[] = { "strategy", "workers", "wall_s", "cpu_user_s", "cpu_sys_s", "cpu_wall_ratio",
                              "speedup", "efficiency", "verdict", "pipe_bytes", "peak_rss_bytes",
                              "tasks_ok", "tasks_failed", "tasks" };
  const char *task_names[] = { "index", "label", "lane", "start_s", "end_s", "cpu_s", "bytes_in",
                               "bytes_out", "error" };

  for (guint i = 0; i < G_N_ELEMENTS (root_names); i++)
    g_assert_true (json_object_has_member (root, root_names[i]));
  g_assert_cmpstr (json_object_get_string_member (root, "workload"), ==, "decompress");
  g_assert_cmpint (json_object_get_int_member (root, "tasks"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (root, "workers"), ==, 4);

  run = json_array_get_object_element (json_object_get_array_member (root, "runs"), 1);
  for (guint i = 0; i < G_N_ELEMENTS (run_names); i++)
    g_assert_true (json_object_has_member (run, run_names[i]));
  g_assert_cmpstr (json_object_get_string_member (run, "strategy"), ==, "threads");
  g_assert_cmpstr (json_object_get_string_member (run, "verdict"), ==, "parallel");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (run, "wall_s"), 1., 1e-9);

  task = json_array_get_object_element (json_object_get_array_member (run, "tasks"), 2);
  for (guint i = 0; i < G_N_ELEMENTS (task_names); i++)
    g_assert_true (json_object_has_member (task, task_names[i]));
  g_assert_cmpstr (json_object_get_string_member (task, "error"), ==, "The bzip2 data is corrupt, “quoted”");
  task = json_array_get_object_element (json_object_get_array_member (run, "tasks"), 0);
  g_assert_true (json_object_get_null_member (task, "error"));
}

static void
test_json_round_trip (void)
{
  g_autoptr(GPtrArray) runs = make_batch ();
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = px_run_results_to_json (runs);
  g_autoptr(JsonNode) node_again = NULL;
  g_autofree char *text = json_to_string (node, FALSE);
  g_autofree char *again = NULL;

  loaded = px_run_results_new_from_json (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 3);

  node_again = px_run_results_to_json (loaded);
  again = json_to_string (node_again, FALSE);
  g_assert_cmpstr (again, ==, text);
}

static void
test_json_malformed (void)
{
  const char *cases[] = {
    "[1, 2]",
    "{\"workload\": 3, \"runs\": []}",
    "{\"workload\": \"fetch\"}",
    "{\"workload\": \"fetch\", \"runs\": [{\"strategy\": \"teleport\"}]}",
    "{\"workload\": \"fetch\", \"runs\": [{\"strategy\": \"threads\", \"workers\": 2, \"wall_s\": 1, "
    "\"cpu_user_s\": 1, \"cpu_sys_s\": 0, \"pipe_bytes\": 0, \"peak_rss_bytes\": 0, \"speedup\": null, "
    "\"tasks\": [{\"index\": \"zero\"}]}]}",
    "{ not json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) loaded = px_run_results_new_from_json (cases[i], -1, &error);

      g_assert_null (loaded);
      g_assert_nonnull (error);
    }
}

static void
test_running_records (void)
{
  g_autoptr(PxRunResult) run = px_run_result_new ("fetch", PX_STRATEGY_THREADS, 4, 10);
  g_autoptr(GPtrArray) runs = g_ptr_array_new ();
  g_autoptr(JsonNode) node = NULL;
  PxTaskRecord *done = px_task_record_new ();
  JsonArray *tasks;

  px_run_result_add_started (run, 3, 2, 1000);
  px_run_result_add_started (run, 4, 1, 1500);
  done->index = 4;
  done->lane = 1;
  done->start_us = 1500;
  done->end_us = 9000;
  px_run_result_take_task (run, done);

  g_assert_true (PX_TASK_RECORD_IS_RUNNING (px_run_result_get_task (run, 3)));
  g_assert_false (PX_TASK_RECORD_IS_RUNNING (px_run_result_get_task (run, 4)));
  g_assert_cmpuint (px_run_result_get_tasks_ok (run), ==, 1);
  g_assert_cmpuint (px_run_result_get_n_lanes (run), ==, 3);
  g_assert_cmpint (px_run_result_get_span_us (run), ==, 9000);

  /* A running task is not a result yet. */
  g_ptr_array_add (runs, run);
  node = px_run_results_to_json (runs);
  tasks = json_object_get_array_member (json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (node), "runs"), 0), "tasks");
  g_assert_cmpuint (json_array_get_length (tasks), ==, 1);
}

static void
test_trace (void)
{
  g_autoptr(GPtrArray) runs = make_batch ();
  g_autoptr(JsonNode) node = px_run_results_to_trace (runs);
  JsonArray *events = json_object_get_array_member (json_node_get_object (node), "traceEvents");
  guint n_complete = 0, n_meta = 0;
  gint64 last_ts_first_run = 0, first_ts_second_run = G_MAXINT64;

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      const char *ph = json_object_get_string_member (event, "ph");

      if (g_str_equal (ph, "M"))
        {
          n_meta++;
          continue;
        }
      g_assert_cmpstr (ph, ==, "X");
      n_complete++;
      g_assert_cmpint (json_object_get_int_member (event, "dur"), ==, 500);
      g_assert_cmpint (json_object_get_int_member (event, "tid"), >=, 1);
      if (json_object_get_int_member (event, "pid") == 1)
        last_ts_first_run = MAX (last_ts_first_run, json_object_get_int_member (event, "ts"));
      else if (json_object_get_int_member (event, "pid") == 2)
        first_ts_second_run = MIN (first_ts_second_run, json_object_get_int_member (event, "ts"));
    }

  /* Three processes; the threads of sequential (1), threads (2) and async
   * (1: its tasks never overlapped). */
  g_assert_cmpuint (n_meta, ==, 3 + 4);
  g_assert_cmpuint (n_complete, ==, 9);
  g_assert_cmpuint (px_test_assert_trace_nests (node), ==, 4);
  /* The runs follow one another on the trace's time axis. */
  g_assert_cmpint (first_ts_second_run, >, last_ts_first_run);
}

/* The event loop runs overlapping tasks on one lane: in the trace each
 * in-flight slot is a thread of its own, so Perfetto shows them all. */
static void
test_trace_async (void)
{
  const gint64 spans[][2] = { { 0, 100 }, { 10, 60 }, { 20, 200 }, { 70, 150 }, { 110, 300 }, { 160, 170 } };
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  PxRunResult *run = px_run_result_new ("fetch", PX_STRATEGY_ASYNC, 3, G_N_ELEMENTS (spans));
  g_autoptr(JsonNode) node = NULL;
  JsonArray *events;
  guint n_named = 0;

  for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
    {
      PxTaskRecord *record = px_task_record_new ();

      record->index = i;
      record->start_us = spans[i][0];
      record->end_us = spans[i][1];
      px_run_result_take_task (run, record);
    }
  g_ptr_array_add (runs, run);

  node = px_run_results_to_trace (runs);
  /* At most three were in flight at once (from 20 to 60 µs). */
  g_assert_cmpuint (px_test_assert_trace_nests (node), ==, 3);

  events = json_object_get_array_member (json_node_get_object (node), "traceEvents");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (g_str_equal (json_object_get_string_member (event, "name"), "thread_name"))
        {
          g_autofree char *expected = g_strdup_printf ("event loop, slot %u", ++n_named);

          g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (event, "args"), "name"),
                           ==, expected);
        }
    }
  g_assert_cmpuint (n_named, ==, 3);
}

/* A worker process's track names the process, and its pids when a worker
 * was replaced; the pid is saved with each task and read back. */
static void
test_trace_processes (void)
{
  const guint pids[][2] = { { 0, 4242 }, { 1, 4243 }, { 0, 4250 } };
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) again = NULL;
  PxRunResult *run = px_run_result_new ("decompress", PX_STRATEGY_PROCESSES, 2, G_N_ELEMENTS (pids));
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonArray *events;
  guint n_named = 0;

  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    {
      PxTaskRecord *record = px_task_record_new ();

      record->index = i;
      record->lane = pids[i][0];
      record->pid = pids[i][1];
      record->start_us = 100 * i;
      record->end_us = 100 * i + 50;
      px_run_result_take_task (run, record);
    }
  g_ptr_array_add (runs, run);

  node = px_run_results_to_trace (runs);
  events = json_object_get_array_member (json_node_get_object (node), "traceEvents");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      const char *name;

      if (!g_str_equal (json_object_get_string_member (event, "name"), "thread_name"))
        continue;
      name = json_object_get_string_member (json_object_get_object_member (event, "args"), "name");
      g_assert_cmpstr (name, ==, n_named++ == 0 ? "process 1 (pids 4242, 4250)" : "process 2 (pid 4243)");
    }
  g_assert_cmpuint (n_named, ==, 2);

  json = px_run_results_to_json (runs);
  text = json_to_string (json, FALSE);
  again = px_run_results_new_from_json (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (px_run_result_get_task (g_ptr_array_index (again, 0), 2)->pid, ==, 4250);
}

/* What a spreadsheet or Python's csv module reads back is what was written,
 * commas, quotes and line breaks included. */
static void
test_csv_round_trip (void)
{
  const char *workload = "de,com\"press\"\nsecond line";
  const char *script =
    "import csv, json, sys\n"
    "print(json.dumps(list(csv.reader(open(sys.argv[1], newline='')))))\n";
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *csv = NULL;
  g_autofree char *dir = g_dir_make_tmp ("parallax-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "runs.csv", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) python = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *rows;

  g_ptr_array_add (runs, px_run_result_new (workload, PX_STRATEGY_THREADS, 2, 0));
  g_ptr_array_add (runs, px_run_result_new ("plain", PX_STRATEGY_ASYNC, 2, 0));
  csv = px_run_results_to_csv (runs);
  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  g_assert_no_error (error);

  python = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "python3", "-c", script, path, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (python, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (python));

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  rows = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (json_array_get_length (json_array_get_array_element (rows, i)), ==, 19);
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (rows, 0), 0), ==, "workload");
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (rows, 1), 0), ==, workload);
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (rows, 1), 1), ==, "threads");
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (rows, 2), 0), ==, "plain");

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Numbers as measured: 0.95 s, not 0.94999999999999996; and the version of
 * the format, which a later Parallax may raise. */
static void
test_json_text (void)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *current = NULL;

  g_ptr_array_add (runs, make_run (PX_STRATEGY_SEQUENTIAL, 1, 950000, 1900000));
  px_run_results_compute_speedups (runs);
  node = px_run_results_to_json (runs);
  text = px_json_to_text (node);

  current = g_strdup_printf ("\"format_version\": %d,", PX_JSON_FORMAT_VERSION);
  g_assert_nonnull (strstr (text, current));
  g_assert_nonnull (strstr (text, "\"wall_s\": 0.95,"));
  g_assert_nonnull (strstr (text, "\"cpu_wall_ratio\": 2.0,"));
  g_assert_null (strstr (text, "9999"));

  loaded = px_run_results_new_from_json (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (px_run_result_get_wall_us (g_ptr_array_index (loaded, 0)), ==, 950000);
  g_clear_pointer (&loaded, g_ptr_array_unref);

  newer = g_strdup (text);
  memcpy (strstr (newer, current) + strlen ("\"format_version\": "), "9", 1);
  loaded = px_run_results_new_from_json (newer, -1, &error);
  g_assert_null (loaded);
  g_assert_error (error, PX_ERROR, PX_ERROR_MALFORMED);
}

static void
test_csv (void)
{
  g_autoptr(GPtrArray) runs = make_batch ();
  g_autofree char *csv = px_run_results_to_csv (runs);
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  g_auto(GStrv) header = g_strsplit (lines[0], ",", -1);
  g_auto(GStrv) threads = g_strsplit (lines[2], ",", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_cmpstr (lines[4], ==, "");
  g_assert_cmpuint (g_strv_length (header), ==, g_strv_length (threads));
  g_assert_cmpstr (header[1], ==, "strategy");
  g_assert_cmpstr (threads[1], ==, "threads");
  g_assert_cmpstr (threads[4], ==, "1.000000");
  g_assert_cmpstr (threads[8], ==, "2.0000");
  g_assert_cmpstr (threads[10], ==, "parallel");
}

static void
test_contention (void)
{
  g_autoptr(PxRunResult) quiet = make_run (PX_STRATEGY_SEQUENTIAL, 1, 2000000, 2000000);
  g_autoptr(PxRunResult) busy = make_run (PX_STRATEGY_SEQUENTIAL, 1, 2000000, 600000);
  g_autoptr(PxRunResult) unknown = make_run (PX_STRATEGY_SEQUENTIAL, 1, 2000000, 2000000);
  g_autofree char *text = NULL;

  px_run_result_set_contention (quiet, 10000, 50000, 0, 0);
  g_assert_false (px_run_result_get_disturbed (quiet));
  g_assert_null (px_run_result_dup_disturbance (quiet));

  /* 0.6 s of CPU in 2 s is I/O-bound by CPU/wall alone; with the 1.4 s it
   * waited for a CPU, the work was CPU-bound all along. */
  px_run_result_set_contention (busy, 1400000, 2800000, 0, 0);
  g_assert_true (px_run_result_get_disturbed (busy));
  g_assert_cmpint (px_run_result_get_verdict (busy), ==, PX_VERDICT_CPU_BOUND);
  text = px_run_result_dup_disturbance (busy);
  g_assert_cmpstr (text, ==, "other programs used 1.4 cores during this run: timings are disturbed");

  /* Unknown stays unknown: never a made-up zero. */
  g_assert_cmpint (px_run_result_get_cpu_wait_us (unknown), ==, -1);
  g_assert_cmpint (px_run_result_get_others_cpu_us (unknown), ==, -1);
  g_assert_false (px_run_result_get_disturbed (unknown));
}

static void
test_verdict_band (void)
{
  const struct { gint64 cpu_us; PxVerdict verdict; } cases[] = {
    { 700000, PX_VERDICT_IO_BOUND },
    { 900000, PX_VERDICT_IO_OR_CPU_BOUND },
    { 1100000, PX_VERDICT_IO_OR_CPU_BOUND },
    { 1300000, PX_VERDICT_CPU_BOUND },
    { 2900000, PX_VERDICT_CPU_BOUND_OR_PARALLEL },
    { 3300000, PX_VERDICT_PARALLEL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PxRunResult) run = make_run (PX_STRATEGY_THREADS, 2, 2000000, cases[i].cpu_us);

      g_assert_cmpint (px_run_result_get_verdict (run), ==, cases[i].verdict);
    }
}

static void
test_json_contention (void)
{
  g_autoptr(GPtrArray) runs = make_batch ();
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *csv = NULL;
  PxTaskRecord *record = px_task_record_copy (px_run_result_get_task (g_ptr_array_index (runs, 1), 0));
  JsonObject *root, *run;

  record->cpu_wait_us = 250;
  px_run_result_take_task (g_ptr_array_index (runs, 1), record);
  px_run_result_set_contention (g_ptr_array_index (runs, 1), 300000, 1500000, 100000, 20000);
  px_run_result_set_serial_span (g_ptr_array_index (runs, 1), 10, 250000);

  node = px_run_results_to_json (runs);
  root = json_node_get_object (node);
  run = json_array_get_object_element (json_object_get_array_member (root, "runs"), 1);
  g_assert_true (json_object_get_boolean_member (run, "disturbed"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (run, "cpu_wait_s"), 0.3, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (run, "others_cpu_s"), 1.5, 1e-9);
  /* The sequential run never set them: null, and not disturbed. */
  run = json_array_get_object_element (json_object_get_array_member (root, "runs"), 0);
  g_assert_true (json_object_get_null_member (run, "cpu_wait_s"));
  g_assert_false (json_object_get_boolean_member (run, "disturbed"));
  g_assert_true (json_object_get_null_member (json_array_get_object_element (json_object_get_array_member (run, "tasks"), 0),
                                              "cpu_wait_s"));

  text = json_to_string (node, FALSE);
  loaded = px_run_results_new_from_json (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (px_run_result_get_cpu_wait_us (g_ptr_array_index (loaded, 1)), ==, 300000);
  g_assert_cmpint (px_run_result_get_others_cpu_us (g_ptr_array_index (loaded, 1)), ==, 1500000);
  g_assert_cmpint (px_run_result_get_app_cpu_us (g_ptr_array_index (loaded, 1)), ==, 100000);
  g_assert_cmpint (px_run_result_get_steal_us (g_ptr_array_index (loaded, 1)), ==, 20000);
  g_assert_true (px_run_result_get_disturbed (g_ptr_array_index (loaded, 1)));
  g_assert_cmpint (px_run_result_get_task (g_ptr_array_index (loaded, 1), 0)->cpu_wait_us, ==, 250);
  g_assert_cmpint (px_run_result_get_task (g_ptr_array_index (loaded, 1), 1)->cpu_wait_us, ==, -1);
  g_assert_cmpint (px_run_result_get_cpu_wait_us (g_ptr_array_index (loaded, 0)), ==, -1);
  {
    gint64 start_us, end_us;

    g_assert_true (px_run_result_get_serial_span (g_ptr_array_index (loaded, 1), &start_us, &end_us));
    g_assert_cmpint (start_us, ==, 10);
    g_assert_cmpint (end_us, ==, 250000);
    g_assert_false (px_run_result_get_serial_span (g_ptr_array_index (loaded, 0), NULL, NULL));
  }

  csv = px_run_results_to_csv (runs);
  g_assert_nonnull (strstr (csv, ",cpu_wait_s,others_cpu_s,steal_s,disturbed\n"));
  g_assert_nonnull (strstr (csv, ",0.300000,1.500000,0.020000,true\n"));
  g_assert_nonnull (strstr (csv, ",,,,false\n"));
}

static void
test_json_without_contention (void)
{
  /* As saved before CPU wait was measured. */
  const char *old = "{\"workload\": \"decompress\", \"runs\": [{\"strategy\": \"threads\", \"workers\": 2,"
                    " \"wall_s\": 1.0, \"cpu_user_s\": 0.3, \"cpu_sys_s\": 0.0, \"pipe_bytes\": 0,"
                    " \"peak_rss_bytes\": 0, \"speedup\": null, \"tasks\": [{\"index\": 0, \"lane\": 0,"
                    " \"start_s\": 0.0, \"end_s\": 1.0, \"cpu_s\": 0.3, \"bytes_in\": 1, \"bytes_out\": 2}]}]}";
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  PxRunResult *run;

  runs = px_run_results_new_from_json (old, -1, &error);
  g_assert_no_error (error);
  run = g_ptr_array_index (runs, 0);
  g_assert_cmpint (px_run_result_get_cpu_wait_us (run), ==, -1);
  g_assert_cmpint (px_run_result_get_others_cpu_us (run), ==, -1);
  g_assert_false (px_run_result_get_disturbed (run));
  g_assert_cmpint (px_run_result_get_task (run, 0)->cpu_wait_us, ==, -1);
  g_assert_cmpint (px_run_result_get_verdict (run), ==, PX_VERDICT_IO_BOUND);
}

/* A batch of one run of workload, for the context tests. */
static GPtrArray *
make_batch_of (const char *workload)
{
  GPtrArray *runs = g_ptr_array_new_with_free_func (g_object_unref);
  PxRunResult *run = px_run_result_new (workload, PX_STRATEGY_THREADS, 4, 1);
  PxTaskRecord *record = px_task_record_new ();

  record->end_us = 1000;
  record->cpu_us = 100;
  px_run_result_take_task (run, record);
  px_run_result_set_measurements (run, 2000, 100, 0, 0, 0);
  g_ptr_array_add (runs, run);

  return runs;
}

static char *
batch_text (GPtrArray         *runs,
            const PxBatchInfo *info)
{
  g_autoptr(JsonNode) node = px_run_results_to_json_with_info (runs, info);

  return px_json_to_text (node);
}

static void
test_batch_info_round_trip (void)
{
  g_autoptr(GPtrArray) runs = make_batch_of ("decompress");
  g_autoptr(PxBatchInfo) info = px_batch_info_new ("decompress");
  g_autoptr(PxBatchInfo) loaded_info = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_autofree char *cores = NULL;
  const char *strategies[] = { "sequential", "threads", "async", NULL };

  info->strategies = g_strdupv ((char **) strategies);
  info->n_tasks = 1;
  info->n_workers = 4;
  px_batch_info_set_input_path (info, "/home/someone/private/book.txt");
  info->pure_python = TRUE;
  info->return_output = FALSE;
  text = batch_text (runs, info);

  g_assert_nonnull (strstr (text, "\"format_version\": 2,"));
  g_assert_nonnull (strstr (text, "\"created\": \""));
  cores = g_strdup_printf ("\"machine\": {\n    \"cores\": %u,", g_get_num_processors ());
  g_assert_nonnull (strstr (text, cores));
  g_assert_nonnull (strstr (text, "\"input\": \"book.txt\""));
  g_assert_null (strstr (text, "private"));

  loaded = px_run_results_new_from_json_with_info (text, -1, &loaded_info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 1);
  g_assert_nonnull (loaded_info->created);
  g_assert_cmpint (g_date_time_to_unix (loaded_info->created), ==, g_date_time_to_unix (info->created));
  g_assert_cmpint (g_date_time_get_utc_offset (loaded_info->created), ==, g_date_time_get_utc_offset (info->created));
  g_assert_cmpstr (loaded_info->app_version, ==, PACKAGE_VERSION);
  g_assert_cmpuint (loaded_info->cores, ==, g_get_num_processors ());
  g_assert_cmpstr (loaded_info->cpu_model, ==, info->cpu_model);
  g_assert_cmpstr (loaded_info->os, ==, info->os);
  g_assert_cmpstr (loaded_info->workload, ==, "decompress");
  g_assert_true (g_strv_equal ((const char * const *) loaded_info->strategies, strategies));
  g_assert_cmpuint (loaded_info->n_tasks, ==, 1);
  g_assert_cmpuint (loaded_info->n_workers, ==, 4);
  g_assert_true (loaded_info->has_parameters);
  g_assert_cmpstr (loaded_info->input_name, ==, "book.txt");
  g_assert_true (loaded_info->pure_python);
  g_assert_false (loaded_info->return_output);
  g_assert_cmpint (loaded_info->latency_ms, ==, -1);
  g_assert_null (loaded_info->api_url);

  /* Saved again, it is the same file. */
  again = batch_text (loaded, loaded_info);
  g_assert_cmpstr (again, ==, text);
}

static void
test_batch_info_old_file (void)
{
  /* Format 1, before the context was saved. */
  const char *old = "{\"workload\": \"amdahl\", \"tasks\": 1, \"workers\": 2, \"cores\": 8, \"runs\": ["
                    "{\"strategy\": \"gil\", \"workers\": 2, \"wall_s\": 1.0, \"cpu_user_s\": 0.3, \"cpu_sys_s\": 0.0,"
                    " \"pipe_bytes\": 0, \"peak_rss_bytes\": 0, \"speedup\": null, \"tasks\": [{\"index\": 0,"
                    " \"lane\": 0, \"start_s\": 0.0, \"end_s\": 1.0, \"cpu_s\": 0.3, \"bytes_in\": 1,"
                    " \"bytes_out\": 2}]}]}";
  g_autoptr(PxBatchInfo) info = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *parameters = NULL;
  g_autofree char *text = NULL;

  runs = px_run_results_new_from_json_with_info (old, -1, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_null (info->created);
  g_assert_null (info->app_version);
  g_assert_false (info->has_parameters);
  g_assert_cmpstr (info->workload, ==, "amdahl");
  g_assert_cmpuint (info->n_tasks, ==, 1);
  g_assert_cmpuint (info->n_workers, ==, 2);
  g_assert_cmpuint (info->cores, ==, 8);
  g_assert_cmpuint (g_strv_length (info->strategies), ==, 1);
  g_assert_cmpstr (info->strategies[0], ==, "gil");

  recorded = px_batch_info_dup_recorded (info);
  g_assert_nonnull (strstr (recorded, "older Parallax"));
  parameters = px_batch_info_dup_parameters (info);
  g_assert_cmpstr (parameters, ==, "amdahl · gil · 1 task · 2 workers");

  /* Saved again, it claims no context it never had. */
  text = batch_text (runs, info);
  g_assert_null (strstr (text, "\"created\""));
  g_assert_null (strstr (text, "\"parameters\""));
  g_assert_nonnull (strstr (text, "\"cores\": 8,"));
}

#define CONTEXT_HEAD "{\"format_version\": 2, \"workload\": \"amdahl\", \"runs\": [], "
#define CONTEXT_MACHINE "\"machine\": {\"cores\": 2, \"cpu_model\": null, \"os\": \"Linux\"}, "
#define CONTEXT_PARAMETERS "\"parameters\": {\"workload\": \"amdahl\", \"strategies\": [\"sequential\", \"gil\"]," \
                           " \"tasks\": 10, \"workers\": 2, \"serial\": 0.25, \"return_output\": true}"

static void
test_batch_info_hostile (void)
{
  g_autofree char *long_text = g_strnfill (600, 'x');
  g_autofree char *long_model = g_strdup_printf (CONTEXT_HEAD "\"machine\": {\"cores\": 2, \"cpu_model\": \"%s\","
                                                 " \"os\": null}}", long_text);
  g_autofree char *long_version = g_strdup_printf (CONTEXT_HEAD "\"app_version\": \"%s\"}", long_text);
  const char *cases[] = {
    CONTEXT_HEAD "\"created\": \"yesterday\"}",
    CONTEXT_HEAD "\"created\": 12}",
    CONTEXT_HEAD "\"machine\": []}",
    CONTEXT_HEAD "\"machine\": {\"cores\": 0, \"cpu_model\": null, \"os\": null}}",
    CONTEXT_HEAD "\"machine\": {\"cores\": 99999999999, \"cpu_model\": null, \"os\": null}}",
    CONTEXT_HEAD "\"machine\": {\"cores\": 2, \"cpu_model\": null, \"os\": 12}}",
    CONTEXT_HEAD "\"cores\": -1}",
    CONTEXT_HEAD "\"parameters\": \"all\"}",
    CONTEXT_HEAD "\"parameters\": {\"workload\": \"fetch\", \"strategies\": [], \"tasks\": 1, \"workers\": 1}}",
    CONTEXT_HEAD "\"parameters\": {\"workload\": \"amdahl\", \"strategies\": [\"fibres\"], \"tasks\": 1,"
                 " \"workers\": 1}}",
    CONTEXT_HEAD "\"parameters\": {\"workload\": \"amdahl\", \"strategies\": [\"gil\", \"gil\"], \"tasks\": 1,"
                 " \"workers\": 1}}",
    CONTEXT_HEAD "\"parameters\": {\"workload\": \"amdahl\", \"strategies\": [], \"tasks\": -3, \"workers\": 1}}",
    CONTEXT_HEAD "\"parameters\": {\"workload\": \"amdahl\", \"strategies\": [], \"tasks\": 1, \"workers\": 5000}}",
    CONTEXT_HEAD "\"parameters\": {\"workload\": \"amdahl\", \"strategies\": [], \"tasks\": 1, \"workers\": 1,"
                 " \"serial\": 1.5}}",
    CONTEXT_HEAD "\"parameters\": {\"workload\": \"amdahl\", \"strategies\": [], \"tasks\": 1, \"workers\": 1,"
                 " \"serial\": \"half\"}}",
    CONTEXT_HEAD "\"parameters\": {\"workload\": \"amdahl\", \"strategies\": [], \"tasks\": 1, \"workers\": 1,"
                 " \"return_output\": 1}}",
    long_model,
    long_version,
  };
  const char *fetch_cases[] = {
    "\"latency_ms\": 99999999, \"api_url\": null",
    "\"latency_ms\": null, \"api_url\": \"not an address\"",
    "\"latency_ms\": \"fast\", \"api_url\": null",
  };
  const char *decompress_cases[] = {
    "\"input\": \"../../etc/passwd\"",
    "\"input\": \"\"",
    "\"input\": 3",
  };
  g_autoptr(PxBatchInfo) info = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;

  /* The well-formed one loads, so the cases below fail for their fault. */
  runs = px_run_results_new_from_json_with_info (CONTEXT_HEAD "\"created\": \"2026-11-30T09:15:00+01:00\", "
                                                 CONTEXT_MACHINE CONTEXT_PARAMETERS "}", -1, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->cores, ==, 2);
  g_assert_null (info->cpu_model);
  g_assert_cmpfloat (info->serial, ==, 0.25);
  g_assert_cmpint (g_date_time_get_hour (info->created), ==, 9);
  g_clear_pointer (&runs, g_ptr_array_unref);
  g_clear_pointer (&info, px_batch_info_free);

  /* Control characters would reach a terminal: they come escaped. */
  runs = px_run_results_new_from_json_with_info (CONTEXT_HEAD "\"machine\": {\"cores\": 2, \"cpu_model\":"
                                                 " \"\\u001b]0;pwned\\u0007CPU\", \"os\": null}}", -1, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->cpu_model, ==, "\\x1b]0;pwned\\x07CPU");
  g_clear_pointer (&runs, g_ptr_array_unref);

  for (guint i = 0; i < G_N_ELEMENTS (cases) + G_N_ELEMENTS (fetch_cases) + G_N_ELEMENTS (decompress_cases); i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(PxBatchInfo) hostile_info = NULL;
      g_autoptr(GError) hostile_error = NULL;
      guint j = i - G_N_ELEMENTS (cases);
      guint k = j - G_N_ELEMENTS (fetch_cases);

      if (i < G_N_ELEMENTS (cases))
        text = g_strdup (cases[i]);
      else if (j < G_N_ELEMENTS (fetch_cases))
        text = g_strdup_printf ("{\"workload\": \"fetch\", \"runs\": [], \"parameters\": {\"workload\": \"fetch\","
                                " \"strategies\": [], \"tasks\": 1, \"workers\": 1, %s}}", fetch_cases[j]);
      else
        text = g_strdup_printf ("{\"workload\": \"decompress\", \"runs\": [], \"parameters\": {\"workload\":"
                                " \"decompress\", \"strategies\": [], \"tasks\": 1, \"workers\": 1, %s}}",
                                decompress_cases[k]);

      runs = px_run_results_new_from_json_with_info (text, -1, &hostile_info, &hostile_error);
      if (runs != NULL)
        g_printerr ("accepted: %s\n", text);
      g_assert_null (runs);
      g_assert_null (hostile_info);
      g_assert_error (hostile_error, PX_ERROR, PX_ERROR_MALFORMED);
      g_assert_true (g_str_has_prefix (hostile_error->message, "Saved run: "));
    }
}

static void
test_batch_info_credentials (void)
{
  g_autoptr(GPtrArray) runs = make_batch_of ("fetch");
  g_autoptr(PxBatchInfo) info = px_batch_info_new ("fetch");
  g_autoptr(PxBatchInfo) loaded_info = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *hand_made = NULL;
  g_autofree char *parameters = NULL;
  const char *secret_url = "https://octocat:hunter2@api.example.com:8443/v3?access_token=ghp_tok123#frag";
  const char *secrets[] = { "octocat", "hunter2", "ghp_tok123", "access_token", "frag", "@" };

  px_batch_info_set_api_url (info, secret_url);
  g_assert_cmpstr (info->api_url, ==, "https://api.example.com:8443/v3");
  info->n_tasks = 1;
  info->n_workers = 4;

  /* Also when the field was filled by hand, the file gets no credentials. */
  g_free (info->api_url);
  info->api_url = g_strdup (secret_url);
  text = batch_text (runs, info);
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    g_assert_null (strstr (text, secrets[i]));
  g_assert_nonnull (strstr (text, "\"api_url\": \"https://api.example.com:8443/v3\""));
  g_assert_nonnull (strstr (text, "\"latency_ms\": null"));

  /* A hand-made file with a password in it: loaded without. */
  hand_made = g_strdup_printf ("{\"workload\": \"fetch\", \"runs\": [], \"parameters\": {\"workload\": \"fetch\","
                               " \"strategies\": [\"async\"], \"tasks\": 1, \"workers\": 1, \"latency_ms\": null,"
                               " \"api_url\": \"%s\"}}", secret_url);
  loaded = px_run_results_new_from_json_with_info (hand_made, -1, &loaded_info, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded_info->api_url, ==, "https://api.example.com:8443/v3");
  parameters = px_batch_info_dup_parameters (loaded_info);
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    g_assert_null (strstr (parameters, secrets[i]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parallax/run-result/derived", test_derived);
  g_test_add_func ("/parallax/run-result/no-sequential", test_no_sequential);
  g_test_add_func ("/parallax/run-result/json-names", test_json_names);
  g_test_add_func ("/parallax/run-result/json-round-trip", test_json_round_trip);
  g_test_add_func ("/parallax/run-result/json-malformed", test_json_malformed);
  g_test_add_func ("/parallax/run-result/csv", test_csv);
  g_test_add_func ("/parallax/run-result/running-records", test_running_records);
  g_test_add_func ("/parallax/run-result/trace", test_trace);
  g_test_add_func ("/parallax/run-result/trace-async", test_trace_async);
  g_test_add_func ("/parallax/run-result/trace-processes", test_trace_processes);
  g_test_add_func ("/parallax/run-result/csv-round-trip", test_csv_round_trip);
  g_test_add_func ("/parallax/run-result/json-text", test_json_text);
  g_test_add_func ("/parallax/run-result/contention", test_contention);
  g_test_add_func ("/parallax/run-result/verdict-band", test_verdict_band);
  g_test_add_func ("/parallax/run-result/json-contention", test_json_contention);
  g_test_add_func ("/parallax/run-result/json-without-contention", test_json_without_contention);
  g_test_add_func ("/parallax/run-result/batch-info-round-trip", test_batch_info_round_trip);
  g_test_add_func ("/parallax/run-result/batch-info-old-file", test_batch_info_old_file);
  g_test_add_func ("/parallax/run-result/batch-info-hostile", test_batch_info_hostile);
  g_test_add_func ("/parallax/run-result/batch-info-credentials", test_batch_info_credentials);

  return g_test_run ();
}
