/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-protocol"

#include "config.h"

#include <errno.h>
#include <sys/uio.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "px-error.h"
#include "px-protocol.h"

const GVariantType *
px_frame_kind_get_type (PxFrameKind kind)
{
  switch (kind)
    {
    case PX_FRAME_SETUP:
      return G_VARIANT_TYPE (PX_FRAME_SETUP_TYPE);
    case PX_FRAME_TASK:
      return G_VARIANT_TYPE (PX_FRAME_TASK_TYPE);
    case PX_FRAME_RESULT:
      return G_VARIANT_TYPE (PX_FRAME_RESULT_TYPE);
    default:
      return NULL;
    }
}

static guint32
read_be32 (const guint8 *data)
{
  guint32 be;

  memcpy (&be, data, 4);
  return GUINT32_FROM_BE (be);
}

static void
write_be32 (guint8  *data,
            guint32  value)
{
  guint32 be = GUINT32_TO_BE (value);

  memcpy (data, &be, 4);
}

GBytes *
px_frame_encode (PxFrameKind  kind,
                 GVariant    *record,
                 GBytes      *bulk)
{
  g_autoptr(GVariant) sunk = g_variant_ref_sink (record);
  gsize size = g_variant_get_size (sunk);
  gsize padded = PX_FRAME_PADDED (size);
  gsize bulk_size = bulk != NULL ? g_bytes_get_size (bulk) : 0;
  guint8 *data;

  g_return_val_if_fail (g_variant_is_of_type (sunk, px_frame_kind_get_type (kind)), NULL);
  g_return_val_if_fail (padded <= PX_FRAME_MAX_RECORD, NULL);
  g_return_val_if_fail (bulk_size <= PX_FRAME_MAX_BULK, NULL);

  /* The header is 16 bytes and g_malloc aligns to 8 or more: the record
   * lands aligned, as GVariant wants it. */
  data = g_malloc0 (PX_FRAME_HEADER_SIZE + padded);
  write_be32 (data, (guint32) size);
  write_be32 (data + 4, (guint32) bulk_size);
  data[8] = (guint8) kind;
  g_variant_store (sunk, data + PX_FRAME_HEADER_SIZE);

  return g_bytes_new_take (data, PX_FRAME_HEADER_SIZE + padded);
}

gboolean
px_frame_parse_header (const guint8   *data,
                       PxFrameHeader  *header,
                       GError        **error)
{
  header->record_length = read_be32 (data);
  header->bulk_length = read_be32 (data + 4);
  header->kind = data[8];

  for (guint i = 9; i < PX_FRAME_HEADER_SIZE; i++)
    if (data[i] != 0)
      {
        g_set_error (error, PX_ERROR, PX_ERROR_PROTOCOL, _("Frame header with stray bytes"));
        return FALSE;
      }

  if (px_frame_kind_get_type (header->kind) == NULL)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_PROTOCOL, _("Unknown frame kind 0x%02x"), data[8]);
      return FALSE;
    }

  if (header->record_length == 0 || header->record_length > PX_FRAME_MAX_RECORD)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_PROTOCOL,
                   _("Frame record of %u bytes is empty or over the limit of %u"),
                   header->record_length, PX_FRAME_MAX_RECORD);
      return FALSE;
    }

  if (header->bulk_length > PX_FRAME_MAX_BULK)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_PROTOCOL,
                   _("Frame data of %u bytes is over the limit of %u"),
                   header->bulk_length, PX_FRAME_MAX_BULK);
      return FALSE;
    }

  return TRUE;
}

GVariant *
px_frame_decode_record (PxFrameKind   kind,
                        GBytes       *record,
                        GError      **error)
{
  const GVariantType *type = px_frame_kind_get_type (kind);
  g_autoptr(GVariant) variant = NULL;

  g_return_val_if_fail (type != NULL, NULL);

  variant = g_variant_ref_sink (g_variant_new_from_bytes (type, record, FALSE));

  /* Anything from another process is untrusted: only a record in normal
   * form is exactly what its type says it is. */
  if (!g_variant_is_normal_form (variant))
    {
      g_set_error (error, PX_ERROR, PX_ERROR_PROTOCOL,
                   _("Malformed “%c” frame of %zu bytes"), kind, g_bytes_get_size (record));
      return NULL;
    }

  return g_steal_pointer (&variant);
}

static gssize
read_full (int      fd,
           guint8  *buf,
           gsize    len,
           GError **error)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = read (fd, buf + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not read a frame: %s"), g_strerror (saved));
          return -1;
        }
      if (n == 0)
        break;
      done += n;
    }

  return done;
}

static gboolean
read_exactly (int      fd,
              guint8  *buf,
              gsize    len,
              GError **error)
{
  gssize n = read_full (fd, buf, len, error);

  if (n < 0)
    return FALSE;
  if ((gsize) n < len)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_PROTOCOL,
                   _("Truncated frame: %zd of %zu bytes"), n, len);
      return FALSE;
    }

  return TRUE;
}

gboolean
px_frame_read_fd (int           fd,
                  PxFrameKind  *kind,
                  GVariant    **record,
                  GBytes      **bulk,
                  GError      **error)
{
  guint8 data[PX_FRAME_HEADER_SIZE];
  g_autoptr(GBytes) record_bytes = NULL;
  PxFrameHeader header;
  guint8 *buf;
  gssize n;

  n = read_full (fd, data, sizeof data, error);
  if (n <= 0)
    return FALSE;
  if (n < (gssize) sizeof data)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_PROTOCOL, _("Truncated frame header"));
      return FALSE;
    }

  if (!px_frame_parse_header (data, &header, error))
    return FALSE;

  buf = g_malloc (PX_FRAME_PADDED (header.record_length));
  if (!read_exactly (fd, buf, PX_FRAME_PADDED (header.record_length), error))
    {
      g_free (buf);
      return FALSE;
    }
  record_bytes = g_bytes_new_take (buf, header.record_length);

  buf = g_malloc (MAX (header.bulk_length, 1));
  if (!read_exactly (fd, buf, header.bulk_length, error))
    {
      g_free (buf);
      return FALSE;
    }

  *record = px_frame_decode_record (header.kind, record_bytes, error);
  if (*record == NULL)
    {
      g_free (buf);
      return FALSE;
    }

  *kind = header.kind;
  *bulk = g_bytes_new_take (buf, header.bulk_length);
  return TRUE;
}

gboolean
px_frame_write_fd (int           fd,
                   PxFrameKind   kind,
                   GVariant     *record,
                   GBytes       *bulk,
                   GError      **error)
{
  g_autoptr(GBytes) head = px_frame_encode (kind, record, bulk);
  struct iovec iov[2];
  guint n_iov = 2;

  iov[0].iov_base = (gpointer) g_bytes_get_data (head, &iov[0].iov_len);
  iov[1].iov_base = bulk != NULL ? (gpointer) g_bytes_get_data (bulk, &iov[1].iov_len) : NULL;
  if (bulk == NULL)
    iov[1].iov_len = 0;

  while (n_iov > 0)
    {
      gssize n = writev (fd, iov + (2 - n_iov), n_iov);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not write a frame: %s"), g_strerror (saved));
          return FALSE;
        }

      /* Skip what was written, across the two pieces. */
      while (n_iov > 0 && (gsize) n >= iov[2 - n_iov].iov_len)
        {
          n -= iov[2 - n_iov].iov_len;
          n_iov--;
        }
      if (n_iov > 0)
        {
          iov[2 - n_iov].iov_base = (guint8 *) iov[2 - n_iov].iov_base + n;
          iov[2 - n_iov].iov_len -= n;
        }
    }

  return TRUE;
}
