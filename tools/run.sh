#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Quick start: installs what is missing, builds, and opens Parallax on its
# embedded defaults (the built-in GitHub-like server, the bundled corpus).
# Arguments go to the app (e.g. --screenshot FILE).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

install_missing_packages build
setup_build "$BUILD_DIR"

# Run from the build tree: the schema compiled there, no install needed.
export GSETTINGS_SCHEMA_DIR="$BUILD_DIR/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
exec "$BUILD_DIR/src/ui/parallax" "$@"
