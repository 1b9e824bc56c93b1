#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Quick start: installs what is missing, builds, and runs both workloads
# with every strategy on the embedded defaults (the built-in GitHub-like
# server, the bundled corpus). Extra arguments go to each parallax-cli run.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

install_missing_packages
setup_build "$BUILD_DIR"

cli="$BUILD_DIR/src/cli/parallax-cli"
status=0
"$cli" run --workload fetch "$@" || status=$?
echo
"$cli" run --workload decompress "$@" || status=$?
exit $status
