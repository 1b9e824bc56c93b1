/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "px-test-charts"

#include "config.h"

#include <locale.h>
#include <math.h>

#include <adwaita.h>

#include "px-test-charts.h"

static gboolean have_display;

void
px_test_charts_init (int    *argc,
                     char ***argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (argc, argv, NULL);

  have_display = g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL;
  if (have_display)
    {
      gtk_init ();
      adw_init ();
    }
}

PxTestPixel
px_test_get_pixel (cairo_surface_t *surface,
                   double           x,
                   double           y)
{
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 p;

  cairo_surface_flush (surface);
  g_assert_cmpfloat (x, >=, 0);
  g_assert_cmpfloat (y, >=, 0);
  g_assert_cmpfloat (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpfloat (y, <, cairo_image_surface_get_height (surface));
  p = *(const guint32 *) (data + (int) y * stride + 4 * (int) x);

  return (PxTestPixel) { ((p >> 16) & 0xff) / 255., ((p >> 8) & 0xff) / 255., (p & 0xff) / 255. };
}

double
px_test_pixel_distance (PxTestPixel    p,
                        const PxChartColor *c)
{
  return fabs (p.r - c->red) + fabs (p.g - c->green) + fabs (p.b - c->blue);
}

void
px_test_save_png (cairo_surface_t *surface,
                  const char      *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);

  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  g_test_message ("wrote %s", path);
}

gboolean
px_test_skip_without_display (void)
{
  if (have_display)
    return FALSE;
  if (g_strcmp0 (g_getenv ("PARALLAX_REQUIRE_DISPLAY"), "1") == 0)
    g_error ("PARALLAX_REQUIRE_DISPLAY=1 but there is no display");
  g_test_skip ("no display");
  return TRUE;
}

void
px_test_wait_for_size (GtkWidget *widget)
{
  /* Generous: under the sanitizers on a loaded machine the first frame is slow. */
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while ((!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) <= 1) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  /* A few frames, so the allocation and first snapshot have happened. */
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 4;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_cmpint (gtk_widget_get_width (widget), >, 1);
}

guint
px_test_render_widget (GtkWidget  *widget,
                       const char *png,
                       double      x,
                       double      y,
                       guint8     *alpha_at)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint8 *data = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, png, NULL);
  guint n = 0;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  /* A widget's paintable is empty until its first frame, which a loaded
   * machine may not have drawn yet. A fresh paintable each try: one stops
   * drawing after a few snapshots between frames. */
  for (;;)
    {
      gdk_paintable_snapshot (paintable, snapshot, w, h);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL || g_get_monotonic_time () > deadline)
        break;
      gtk_widget_queue_draw (widget);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
      g_object_unref (paintable);
      paintable = gtk_widget_paintable_new (widget);
      snapshot = gtk_snapshot_new ();
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));

  data = g_malloc (4 * w * h);
  gdk_texture_download (texture, data, 4 * w);
  /* The charts leave their background to the window: count what they drew. */
  for (int i = 0; i < w * h; i++)
    if (data[4 * i + 3] > 0)
      n++;
  if (alpha_at != NULL)
    {
      g_assert_true (x >= 0 && x < w && y >= 0 && y < h);
      *alpha_at = data[4 * ((int) y * w + (int) x) + 3];
    }

  return n;
}
