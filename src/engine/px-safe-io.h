/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reads a regular file whole, once, refusing one larger than max_bytes
 * while reading it (a file that grows is caught too). FIFOs, devices and
 * directories are refused with a clear error without blocking in open().
 * The cancellable is checked between chunks. System errors are
 * G_FILE_ERROR, as g_file_get_contents sets them. */
GBytes *px_read_file_bounded (const char    *path,
                              gsize          max_bytes,
                              GCancellable  *cancellable,
                              GError       **error);

/* Where results are written. Opened before the work starts, so a path that
 * cannot be written fails at once. A regular file (or a new one) is written
 * to a temporary file beside it and renamed over it on commit: readers see
 * the old file or the new one, never a part. A symlink is followed: its
 * target is replaced and the link stays. A FIFO or a character device
 * (/dev/stdout) is written as a stream. */
typedef struct _PxOutputFile PxOutputFile;

PxOutputFile *px_output_file_open   (const char     *path,
                                     GError        **error);
/* Appends; a stream is opened at the first write. */
gboolean      px_output_file_write  (PxOutputFile   *self,
                                     const void     *data,
                                     gsize           length,
                                     GError        **error);
/* Makes what was written the file (fsync, rename), or closes the stream. */
gboolean      px_output_file_commit (PxOutputFile   *self,
                                     GError        **error);
/* Removes the temporary file if nothing was committed. */
void          px_output_file_free   (PxOutputFile   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PxOutputFile, px_output_file_free)

G_END_DECLS
