#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages Parallax needs (only those missing) and
# builds it into BUILD_DIR (default: _build). Sourced by run.sh and test.sh.
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$SRC/_build}

PACKAGES="build-essential meson ninja-build pkg-config gettext python3 libgtk-4-dev libadwaita-1-dev
  libglib2.0-dev libglib2.0-dev-bin libsoup-3.0-dev libjson-glib-dev libbz2-dev zlib1g-dev"

install_missing_packages () {
  local missing=() sudo=
  for p in $PACKAGES; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# setup_build DIR [MESON OPTIONS…]
setup_build () {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$SRC" "$@"
  fi
  meson compile -C "$dir"
}
