/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer: the worker protocol's decoder, as a worker reads its stdin
 * (frames back to back from a descriptor) and as the parent checks a
 * header and a record. */
#define _GNU_SOURCE /* memfd_create */
#include "config.h"

#include <sys/mman.h>
#include <unistd.h>

#include "px-protocol.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
use_record (PxFrameKind  kind,
            GVariant    *record)
{
  g_autofree char *text = g_variant_print (record, TRUE);

  g_assert (text != NULL);
  /* What each side reads out of a record of its kind. */
  if (kind == PX_FRAME_RESULT)
    {
      const char *domain, *message, *summary;
      gint64 start_us, end_us, cpu_us;
      guint64 out_len, peak_rss;
      guint32 checksum;
      guint index;
      int code;

      g_variant_get (record, "(u&si&sxxxtu&st)", &index, &domain, &code, &message,
                     &start_us, &end_us, &cpu_us, &out_len, &checksum, &summary, &peak_rss);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  PxFrameHeader header;
  int fd;

  if (size >= PX_FRAME_HEADER_SIZE && px_frame_parse_header (data, &header, NULL))
    {
      gsize padded = PX_FRAME_PADDED (header.record_length);

      if (padded <= size - PX_FRAME_HEADER_SIZE)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (data + PX_FRAME_HEADER_SIZE, header.record_length);
          g_autoptr(GVariant) record = px_frame_decode_record (header.kind, bytes, NULL);

          if (record != NULL)
            use_record (header.kind, record);
        }
    }

  fd = memfd_create ("frames", MFD_CLOEXEC);
  if (fd < 0 || write (fd, data, size) != (ssize_t) size || lseek (fd, 0, SEEK_SET) != 0)
    abort ();

  for (;;)
    {
      g_autoptr(GVariant) record = NULL;
      g_autoptr(GBytes) bulk = NULL;
      PxFrameKind kind;

      if (!px_frame_read_fd (fd, &kind, &record, &bulk, NULL))
        break;
      use_record (kind, record);
    }
  close (fd);

  return 0;
}
