/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-safe-io"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "px-error.h"
#include "px-safe-io.h"

#define READ_CHUNK (64 * 1024)

struct _PxOutputFile
{
  char     *display;
  char     *target;     /* the path written or renamed over */
  char     *temp_path;  /* NULL for a stream */
  int       fd;
  gboolean  committed;
};

static G_GNUC_PRINTF (3, 4) gboolean
set_errno_error (GError     **error,
                 int          saved,
                 const char  *format,
                 ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  /* GFileError, as g_file_get_contents sets it. */
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", what, g_strerror (saved));
  return FALSE;
}

GBytes *
px_read_file_bounded (const char    *path,
                      gsize          max_bytes,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GByteArray) data = NULL;
  struct stat st;
  int fd;

  /* O_NONBLOCK: opening a FIFO nobody writes to would wait forever. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      set_errno_error (error, errno, _("Could not open “%s”"), display);
      return NULL;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, PX_ERROR, PX_ERROR_FAILED,
                   _("“%s” is not a regular file (a pipe, a device or a folder cannot be read as input)"),
                   display);
      close (fd);
      return NULL;
    }

  if ((guint64) st.st_size > max_bytes)
    {
      g_autofree char *limit = g_format_size (max_bytes);

      g_set_error (error, PX_ERROR, PX_ERROR_TOO_LARGE, _("“%s” is larger than the limit of %s"), display, limit);
      close (fd);
      return NULL;
    }

  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  data = g_byte_array_sized_new (st.st_size);

  for (;;)
    {
      gsize left = max_bytes - data->len;
      /* One byte past the cap tells a file that grew from one that fits. */
      gsize room = left >= READ_CHUNK ? READ_CHUNK : left + 1;
      gsize old_len = data->len;
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (fd);
          return NULL;
        }

      g_byte_array_set_size (data, old_len + room);
      n = read (fd, data->data + old_len, room);
      if (n < 0 && errno == EINTR)
        {
          g_byte_array_set_size (data, old_len);
          continue;
        }
      if (n < 0)
        {
          set_errno_error (error, errno, _("Could not read “%s”"), display);
          close (fd);
          return NULL;
        }
      g_byte_array_set_size (data, old_len + n);
      if (n == 0)
        break;
      if (data->len > max_bytes)
        {
          g_autofree char *limit = g_format_size (max_bytes);

          g_set_error (error, PX_ERROR, PX_ERROR_TOO_LARGE, _("“%s” is larger than the limit of %s"),
                       display, limit);
          close (fd);
          return NULL;
        }
    }

  close (fd);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

PxOutputFile *
px_output_file_open (const char  *path,
                     GError     **error)
{
  g_autoptr(PxOutputFile) self = g_new0 (PxOutputFile, 1);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);

  self->fd = -1;
  self->display = g_filename_display_name (path);

  if (g_lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
    {
      /* Replace what the link points to; the link itself stays. */
      self->target = realpath (path, NULL);
      if (self->target == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("“%s” is a symbolic link to a file that does not exist"), self->display);
          return NULL;
        }
    }
  else
    self->target = g_strdup (path);

  if (g_stat (self->target, &st) == 0 && !S_ISREG (st.st_mode))
    {
      if (S_ISDIR (st.st_mode))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("“%s” is a folder"), self->display);
          return NULL;
        }
      if (!S_ISFIFO (st.st_mode) && !S_ISCHR (st.st_mode))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                       _("“%s” is neither a file, a pipe nor a character device"), self->display);
          return NULL;
        }
      /* A stream: it is opened when the results are ready, since opening
       * a FIFO waits for its reader. */
      if (access (self->target, W_OK) != 0)
        {
          set_errno_error (error, errno, _("Cannot write to “%s”"), self->display);
          return NULL;
        }
      return g_steal_pointer (&self);
    }

  dir = g_path_get_dirname (self->target);
  base = g_path_get_basename (self->target);
  self->temp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  self->fd = g_mkstemp_full (self->temp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (self->fd < 0)
    {
      g_clear_pointer (&self->temp_path, g_free);
      set_errno_error (error, errno, _("Cannot write to “%s”"), self->display);
      return NULL;
    }

  return g_steal_pointer (&self);
}

static gboolean
write_all (int          fd,
           const void  *buf,
           gsize        length)
{
  const char *data = buf;

  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= n;
    }

  return TRUE;
}

gboolean
px_output_file_write (PxOutputFile  *self,
                      const void    *data,
                      gsize          length,
                      GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->committed, FALSE);

  if (self->fd < 0)
    {
      g_assert (self->temp_path == NULL);
      self->fd = g_open (self->target, O_WRONLY | O_CLOEXEC | O_NOCTTY, 0);
      if (self->fd < 0)
        return set_errno_error (error, errno, _("Could not open “%s”"), self->display);
    }

  if (!write_all (self->fd, data, length))
    return set_errno_error (error, errno, _("Could not write “%s”"), self->display);

  return TRUE;
}

gboolean
px_output_file_commit (PxOutputFile  *self,
                       GError       **error)
{
  struct stat st;
  int fd;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->committed, FALSE);

  fd = g_steal_fd (&self->fd);
  if (self->temp_path == NULL)
    {
      self->committed = TRUE;
      if (fd >= 0 && close (fd) != 0)
        return set_errno_error (error, errno, _("Could not write “%s”"), self->display);
      return TRUE;
    }

  /* Keep the permissions of the file we replace. */
  if (g_stat (self->target, &st) == 0)
    fchmod (fd, st.st_mode & 07777);

  if (fsync (fd) != 0)
    {
      close (fd);
      return set_errno_error (error, errno, _("Could not write “%s”"), self->display);
    }
  if (close (fd) != 0)
    return set_errno_error (error, errno, _("Could not write “%s”"), self->display);
  if (g_rename (self->temp_path, self->target) != 0)
    return set_errno_error (error, errno, _("Could not write “%s”"), self->display);

  self->committed = TRUE;
  return TRUE;
}

void
px_output_file_free (PxOutputFile *self)
{
  if (self == NULL)
    return;

  if (self->fd >= 0)
    close (self->fd);
  if (self->temp_path != NULL && !self->committed)
    g_unlink (self->temp_path);
  g_free (self->temp_path);
  g_free (self->target);
  g_free (self->display);
  g_free (self);
}
