#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages Parallax needs (only those missing) and
# builds it into BUILD_DIR (default: _build). Sourced by run.sh and test.sh.
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$SRC/_build}

# packages SECTION…: the packages of those sections of tools/packages.txt
packages () {
  local want=" $* "
  awk -v want="$want" '/^\[/ { s = substr($0, 2, length($0) - 2); next }
    /^[^#]/ && index(want, " " s " ") { print $1 }' "$SRC/tools/packages.txt"
}

# install_missing_packages SECTION…
install_missing_packages () {
  local missing=() sudo=
  for p in $(packages "$@"); do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "Installing: ${missing[*]}"
  # Wait for another apt or an unattended upgrade instead of failing on its lock.
  local lock=(-o DPkg::Lock::Timeout=600)
  $sudo apt-get "${lock[@]}" update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -qq --no-install-recommends "${missing[@]}"
}

# setup_build DIR [MESON OPTIONS…]
setup_build () {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$SRC" "$@"
  fi
  meson compile -C "$dir"
}
