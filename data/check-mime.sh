#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Compiles a shared-mime-info package into a scratch database and checks that
# a saved results file is recognised as its type there (and only by its name).
set -eu
update_mime_database=$1
package=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/mime/packages"
cp "$package" "$scratch/mime/packages/"
# What update-mime-database rejects is fatal here: it only warns. Its note that the
# folder is not searched is silenced by searching it.
XDG_DATA_HOME=$scratch XDG_DATA_DIRS=$scratch "$update_mime_database" "$scratch/mime" 2> "$scratch/errors" || { cat "$scratch/errors" >&2; exit 1; }
if [ -s "$scratch/errors" ]; then cat "$scratch/errors" >&2; exit 1; fi
grep -qx '50:application/x-parallax-results+json:\*\.parallax\.json' "$scratch/mime/globs2" || { echo "no *.parallax.json glob" >&2; exit 1; }
grep -qx 'application/x-parallax-results+json' "$scratch/mime/types" || { echo "type not compiled" >&2; exit 1; }
grep -qx 'application/x-parallax-results+json application/json' "$scratch/mime/subclasses" ||
  { echo "not a subclass of application/json" >&2; exit 1; }
