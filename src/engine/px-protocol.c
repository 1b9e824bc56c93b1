/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-protocol"

#include "config.h"

#include <errno.h>
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

GBytes *
px_frame_encode (PxFrameKind  kind,
                 GVariant    *payload)
{
  g_autoptr(GVariant) sunk = g_variant_ref_sink (payload);
  gsize size = g_variant_get_size (sunk);
  guint8 *data;
  guint32 be;

  g_return_val_if_fail (g_variant_is_of_type (sunk, px_frame_kind_get_type (kind)), NULL);
  g_return_val_if_fail (size <= PX_FRAME_MAX_PAYLOAD, NULL);

  data = g_malloc0 (PX_FRAME_HEADER_SIZE + size);
  be = GUINT32_TO_BE ((guint32) size);
  memcpy (data, &be, 4);
  data[4] = (guint8) kind;
  g_variant_store (sunk, data + PX_FRAME_HEADER_SIZE);

  return g_bytes_new_take (data, PX_FRAME_HEADER_SIZE + size);
}

gboolean
px_frame_parse_header (const guint8  *header,
                       PxFrameKind   *kind,
                       guint32       *length,
                       GError       **error)
{
  guint32 be;

  memcpy (&be, header, 4);
  *length = GUINT32_FROM_BE (be);
  *kind = header[4];

  if (px_frame_kind_get_type (*kind) == NULL || header[5] != 0 || header[6] != 0 || header[7] != 0)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_PROTOCOL,
                   _("Unknown frame kind 0x%02x"), header[4]);
      return FALSE;
    }

  if (*length > PX_FRAME_MAX_PAYLOAD)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_PROTOCOL,
                   _("Frame of %u bytes is over the limit of %u"),
                   *length, PX_FRAME_MAX_PAYLOAD);
      return FALSE;
    }

  return TRUE;
}

GVariant *
px_frame_decode (PxFrameKind   kind,
                 GBytes       *payload,
                 GError      **error)
{
  const GVariantType *type = px_frame_kind_get_type (kind);
  g_autoptr(GVariant) variant = NULL;

  g_return_val_if_fail (type != NULL, NULL);

  variant = g_variant_ref_sink (g_variant_new_from_bytes (type, payload, FALSE));

  /* Anything from another process is untrusted: only a payload in normal
   * form is exactly what its type says it is. */
  if (!g_variant_is_normal_form (variant))
    {
      g_set_error (error, PX_ERROR, PX_ERROR_PROTOCOL,
                   _("Malformed “%c” frame of %zu bytes"), kind, g_bytes_get_size (payload));
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

gboolean
px_frame_read_fd (int           fd,
                  PxFrameKind  *kind,
                  GVariant    **payload,
                  GError      **error)
{
  guint8 header[PX_FRAME_HEADER_SIZE];
  g_autoptr(GBytes) bytes = NULL;
  guint32 length;
  guint8 *data;
  gssize n;

  n = read_full (fd, header, sizeof header, error);
  if (n < 0)
    return FALSE;
  if (n == 0)
    return FALSE;
  if (n < (gssize) sizeof header)
    {
      g_set_error (error, PX_ERROR, PX_ERROR_PROTOCOL, _("Truncated frame header"));
      return FALSE;
    }

  if (!px_frame_parse_header (header, kind, &length, error))
    return FALSE;

  data = g_malloc (length);
  n = read_full (fd, data, length, error);
  if (n != (gssize) length)
    {
      g_free (data);
      if (n >= 0)
        g_set_error (error, PX_ERROR, PX_ERROR_PROTOCOL,
                     _("Truncated frame: %zd of %u bytes"), n, length);
      return FALSE;
    }

  bytes = g_bytes_new_take (data, length);
  *payload = px_frame_decode (*kind, bytes, error);

  return *payload != NULL;
}

gboolean
px_frame_write_fd (int           fd,
                   PxFrameKind   kind,
                   GVariant     *payload,
                   GError      **error)
{
  g_autoptr(GBytes) frame = px_frame_encode (kind, payload);
  const guint8 *data;
  gsize len;
  gsize done = 0;

  data = g_bytes_get_data (frame, &len);

  while (done < len)
    {
      gssize n = write (fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not write a frame: %s"), g_strerror (saved));
          return FALSE;
        }
      done += n;
    }

  return TRUE;
}
