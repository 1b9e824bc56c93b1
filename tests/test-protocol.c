/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <unistd.h>

#include "px-engine.h"
#include "px-protocol.h"

static void
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      g_assert_cmpint (n, >, 0);
      data += n;
      len -= n;
    }
}

typedef struct
{
  int     fd;
  GBytes *bulk;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *writer = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (px_frame_write_fd (writer->fd, PX_FRAME_TASK, g_variant_new ("(u)", 7), writer->bulk, &error));
  g_assert_no_error (error);
  g_assert_true (px_frame_write_fd (writer->fd, PX_FRAME_SETUP,
                                    g_variant_new_parsed ("('PxDecompressWorkload', @a{sv} {}, true)"),
                                    NULL, &error));
  g_assert_no_error (error);
  close (writer->fd);

  return NULL;
}

static void
test_round_trip (void)
{
  g_autoptr(GVariant) task = NULL;
  g_autoptr(GVariant) setup = NULL;
  g_autoptr(GVariant) none = NULL;
  g_autoptr(GBytes) bulk = NULL;
  g_autoptr(GBytes) setup_bulk = NULL;
  g_autoptr(GBytes) none_bulk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *data = g_malloc (200001);
  Writer writer;
  GThread *thread;
  PxFrameKind kind;
  int fds[2];
  guint index;

  for (guint i = 0; i < 200001; i++)
    data[i] = i * 7;
  writer.bulk = g_bytes_new_take (g_steal_pointer (&data), 200001);

  g_assert_no_errno (pipe (fds));
  writer.fd = fds[1];
  /* More than a pipe holds: the writer needs a thread of its own. */
  thread = g_thread_new ("writer", writer_thread, &writer);

  g_assert_true (px_frame_read_fd (fds[0], &kind, &task, &bulk, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kind, ==, PX_FRAME_TASK);
  g_variant_get (task, "(u)", &index);
  g_assert_cmpuint (index, ==, 7);
  g_assert_true (g_bytes_equal (bulk, writer.bulk));

  g_assert_true (px_frame_read_fd (fds[0], &kind, &setup, &setup_bulk, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kind, ==, PX_FRAME_SETUP);
  g_assert_cmpuint (g_bytes_get_size (setup_bulk), ==, 0);

  /* A clean end of file is not an error. */
  g_assert_false (px_frame_read_fd (fds[0], &kind, &none, &none_bulk, &error));
  g_assert_no_error (error);
  g_assert_null (none);

  g_thread_join (thread);
  g_bytes_unref (writer.bulk);
  close (fds[0]);
}

static void
test_bad_header (void)
{
  const guint8 cases[][PX_FRAME_HEADER_SIZE] = {
    { 0, 0, 0, 4, 0, 0, 0, 0, 'Z' },                    /* unknown kind */
    { 0, 0, 0, 4, 0, 0, 0, 0, 'R', 0, 0, 1 },           /* stray byte */
    { 0, 0, 0, 0, 0, 0, 0, 0, 'R' },                    /* empty record */
    { 0, 0x10, 0, 1, 0, 0, 0, 0, 'R' },                 /* record too long */
    { 0, 0, 0, 4, 0x7f, 0xff, 0xff, 0xff, 'R' },        /* bulk over the limit */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      PxFrameHeader header;

      g_assert_false (px_frame_parse_header (cases[i], &header, &error));
      g_assert_error (error, PX_ERROR, PX_ERROR_PROTOCOL);
    }
}

static void
test_truncated (void)
{
  g_autoptr(GVariant) decoded = NULL;
  g_autoptr(GBytes) bulk = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 partial[] = { 0, 0, 0, 4, 0, 0, 0, 100, 'T', 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 2 };
  PxFrameKind kind;
  int fds[2];

  g_assert_no_errno (pipe (fds));
  write_all (fds[1], partial, sizeof partial);
  close (fds[1]);

  g_assert_false (px_frame_read_fd (fds[0], &kind, &decoded, &bulk, &error));
  g_assert_error (error, PX_ERROR, PX_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "Truncated"));
  close (fds[0]);
}

static void
test_malformed_record (void)
{
  g_autoptr(GBytes) junk = g_bytes_new_static ("this is not a result record", 27);
  g_autoptr(GVariant) decoded = NULL;
  g_autoptr(GError) error = NULL;

  decoded = px_frame_decode_record (PX_FRAME_RESULT, junk, &error);
  g_assert_null (decoded);
  g_assert_error (error, PX_ERROR, PX_ERROR_PROTOCOL);
}

static void
test_setup_config_round_trip (void)
{
  g_autoptr(PxWorkload) workload = px_decompress_workload_new (17);
  g_autoptr(PxWorkload) copy = NULL;
  g_autoptr(GVariant) config = px_workload_dup_config (workload);
  g_autoptr(GVariant) bad = NULL;
  g_autoptr(GError) error = NULL;

  copy = px_workload_new_from_config (G_OBJECT_TYPE_NAME (workload), config, &error);
  g_assert_no_error (error);
  g_assert_true (PX_IS_DECOMPRESS_WORKLOAD (copy));

  g_assert_null (px_workload_new_from_config ("GObject", config, &error));
  g_assert_error (error, PX_ERROR, PX_ERROR_PROTOCOL);
  g_clear_error (&error);

  bad = g_variant_ref_sink (g_variant_new_parsed ("{'max-output': <'many'>}"));
  g_assert_null (px_workload_new_from_config (G_OBJECT_TYPE_NAME (workload), bad, &error));
  g_assert_error (error, PX_ERROR, PX_ERROR_PROTOCOL);
}

static void
test_workload_names (void)
{
  g_assert_true (px_workload_type_from_name ("fetch") == PX_TYPE_FETCH_WORKLOAD);
  g_assert_true (px_workload_type_from_name ("decompress") == PX_TYPE_DECOMPRESS_WORKLOAD);
  g_assert_true (px_workload_type_from_name ("amdahl") == PX_TYPE_AMDAHL_WORKLOAD);
  g_assert_true (px_workload_type_from_name ("nope") == 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parallax/protocol/round-trip", test_round_trip);
  g_test_add_func ("/parallax/protocol/bad-header", test_bad_header);
  g_test_add_func ("/parallax/protocol/truncated", test_truncated);
  g_test_add_func ("/parallax/protocol/malformed-record", test_malformed_record);
  g_test_add_func ("/parallax/protocol/setup-config", test_setup_config_round_trip);
  g_test_add_func ("/parallax/protocol/workload-names", test_workload_names);

  return g_test_run ();
}
