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

static void
test_round_trip (void)
{
  g_autoptr(GVariant) decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) frame = NULL;
  const guint8 input[] = { 0, 1, 2, 255 };
  g_autoptr(GVariant) bytes = NULL;
  PxFrameKind kind;
  int fds[2];
  guint index;

  g_assert_no_errno (pipe (fds));

  frame = px_frame_encode (PX_FRAME_TASK,
                           g_variant_new ("(u@ay)", 7,
                                          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, input,
                                                                     sizeof input, 1)));
  g_assert_cmpuint (g_bytes_get_size (frame), >, PX_FRAME_HEADER_SIZE);
  write_all (fds[1], g_bytes_get_data (frame, NULL), g_bytes_get_size (frame));
  close (fds[1]);

  g_assert_true (px_frame_read_fd (fds[0], &kind, &decoded, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kind, ==, PX_FRAME_TASK);
  g_variant_get (decoded, "(u@ay)", &index, &bytes);
  g_assert_cmpuint (index, ==, 7);
  g_assert_cmpmem (g_variant_get_data (bytes), g_variant_get_size (bytes), input, sizeof input);

  /* A clean end of file is not an error. */
  g_clear_pointer (&decoded, g_variant_unref);
  g_assert_false (px_frame_read_fd (fds[0], &kind, &decoded, &error));
  g_assert_no_error (error);
  close (fds[0]);
}

static void
test_bad_header (void)
{
  g_autoptr(GError) error = NULL;
  const guint8 unknown_kind[] = { 0, 0, 0, 4, 'Z', 0, 0, 0 };
  const guint8 too_long[] = { 0x7f, 0xff, 0xff, 0xff, 'R', 0, 0, 0 };
  PxFrameKind kind;
  guint32 length;

  g_assert_false (px_frame_parse_header (unknown_kind, &kind, &length, &error));
  g_assert_error (error, PX_ERROR, PX_ERROR_PROTOCOL);
  g_clear_error (&error);

  g_assert_false (px_frame_parse_header (too_long, &kind, &length, &error));
  g_assert_error (error, PX_ERROR, PX_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "limit"));
}

static void
test_truncated (void)
{
  g_autoptr(GVariant) decoded = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 partial[] = { 0, 0, 0, 100, 'T', 0, 0, 0, 1, 2, 3 };
  PxFrameKind kind;
  int fds[2];

  g_assert_no_errno (pipe (fds));
  write_all (fds[1], partial, sizeof partial);
  close (fds[1]);

  g_assert_false (px_frame_read_fd (fds[0], &kind, &decoded, &error));
  g_assert_error (error, PX_ERROR, PX_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "Truncated"));
  close (fds[0]);
}

static void
test_malformed_payload (void)
{
  g_autoptr(GBytes) junk = g_bytes_new_static ("this is not a result record", 27);
  g_autoptr(GVariant) decoded = NULL;
  g_autoptr(GError) error = NULL;

  decoded = px_frame_decode (PX_FRAME_RESULT, junk, &error);
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
  g_test_add_func ("/parallax/protocol/malformed-payload", test_malformed_payload);
  g_test_add_func ("/parallax/protocol/setup-config", test_setup_config_round_trip);
  g_test_add_func ("/parallax/protocol/workload-names", test_workload_names);

  return g_test_run ();
}
