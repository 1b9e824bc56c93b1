/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* parallax-cli plot: draws a saved batch of runs into a PNG, SVG or PDF.
 * argv[0] is "plot". Returns the exit status: 0, 1 for a file that cannot
 * be read or plotted, 2 for a usage error. */
int px_cli_plot (int    argc,
                 char **argv);

G_END_DECLS
