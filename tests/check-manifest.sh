#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Parses a Flatpak manifest offline; unknown keys or wrong types are fatal.
# flatpak-builder writes .flatpak-builder/ into the current folder: use a scratch one.
set -eu
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
G_DEBUG=fatal-warnings "$1" --show-manifest "$2" > /dev/null
