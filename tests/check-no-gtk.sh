#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The CLI draws charts without GTK: none of its libraries may be GTK's.
set -eu
libs=$(ldd "$1")
if printf '%s\n' "$libs" | grep -i gtk; then
  echo "$1 links GTK" >&2
  exit 1
fi
echo "$1: no GTK among $(printf '%s\n' "$libs" | wc -l) libraries"
