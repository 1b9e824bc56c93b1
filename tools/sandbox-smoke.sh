#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sandbox smoke test: runs an installed Parallax roughly the way Flatpak would, without needing
# a Flatpak runtime. The host's /usr plays the runtime, DESTDIR/app is bound read-only at /app,
# the network is unshared and only the X11 socket of $DISPLAY is passed in.
#
#   meson setup _build-app --prefix=/app -Dbuildtype=release
#   meson compile -C _build-app
#   DESTDIR=$PWD/_destdir meson install -C _build-app
#   xvfb-run -a tools/sandbox-smoke.sh _destdir _smoke
#
# Checks:
#   1. /app/bin/parallax starts and maps a window titled "Parallax" within $SMOKE_TIMEOUT
#      seconds; the window is saved to OUTDIR/parallax-window.png (skipped, with a note, while
#      the build installs no GUI).
#   2. /app/bin/parallax-cli run --workload decompress --tasks 4 --strategies threads,processes
#      succeeds inside the same sandbox, which proves /app/libexec/parallax/parallax-worker is
#      found and works. Its output goes to OUTDIR/parallax-cli.txt.
#
# Needs: bubblewrap, x11-utils (xwininfo), imagemagick (import, identify); xdotool is used when
# present. Environment: SMOKE_TIMEOUT (default 60), WIN_TITLE (default Parallax).
#
# Exit status: 0 passed, 1 failed, 2 usage, 77 skipped because bwrap cannot create namespaces
# here (an unprivileged container without user namespaces): that says nothing about the app.
set -euo pipefail

prog=$(basename "$0")
fail () { echo "$prog: FAIL: $*" >&2; exit 1; }
note () { echo "$prog: $*"; }

if [ $# -ne 2 ]; then
  echo "usage: $prog DESTDIR OUTDIR   (DESTDIR installed with --prefix=/app; run under X, e.g. xvfb-run -a)" >&2
  exit 2
fi

DESTDIR=$(realpath "$1")
OUTDIR=$(mkdir -p "$2" && realpath "$2")
SMOKE_TIMEOUT=${SMOKE_TIMEOUT:-60}
WIN_TITLE=${WIN_TITLE:-Parallax}

[ -x "$DESTDIR/app/bin/parallax-cli" ] ||
  fail "$DESTDIR/app/bin/parallax-cli not found: install with 'meson setup --prefix=/app' and 'DESTDIR=$DESTDIR meson install'"

for tool in bwrap:bubblewrap xwininfo:x11-utils import:imagemagick identify:imagemagick; do
  command -v "${tool%%:*}" >/dev/null || fail "'${tool%%:*}' not found (apt-get install ${tool#*:})"
done

# In a container without user namespaces bwrap fails before it runs anything.
if ! bwrap_error=$(bwrap --unshare-all --ro-bind / / true 2>&1); then
  note "SKIP: bwrap cannot create namespaces on this machine (${bwrap_error:-no message}); the sandbox smoke test did not run"
  exit 77
fi

[ -n "${DISPLAY:-}" ] || fail "DISPLAY is not set: run under an X server, e.g. 'xvfb-run -a $0 …'"
display_nr=${DISPLAY##*:}
display_nr=${display_nr%%.*}
x_socket=/tmp/.X11-unix/X$display_nr
[ -S "$x_socket" ] || fail "no local X socket $x_socket for DISPLAY=$DISPLAY"

scratch=$(mktemp -d)
app_pid=
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup () {
  if [ -n "$app_pid" ]; then
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# DESTDIR installs skip the post-install scripts, and /app is read-only in the sandbox:
# compile the staged schemas into a scratch folder instead of into DESTDIR.
mkdir -p "$scratch/schemas"
if [ -d "$DESTDIR/app/share/glib-2.0/schemas" ]; then
  glib-compile-schemas --targetdir="$scratch/schemas" "$DESTDIR/app/share/glib-2.0/schemas" ||
    fail "glib-compile-schemas failed on $DESTDIR/app/share/glib-2.0/schemas"
fi

sandbox_args=(
  --ro-bind /usr /usr
  --symlink usr/lib /lib --symlink usr/lib64 /lib64 --symlink usr/bin /bin --symlink usr/sbin /sbin
  --ro-bind /etc/fonts /etc/fonts --ro-bind /etc/ld.so.cache /etc/ld.so.cache
  --ro-bind "$DESTDIR/app" /app
  --ro-bind "$scratch/schemas" /run/schemas
  --proc /proc --dev /dev --tmpfs /tmp --dir /run/user/0
  --dir /tmp/.X11-unix --ro-bind "$x_socket" "/tmp/.X11-unix/X$display_nr"
  --bind "$OUTDIR" /output
  --chdir /tmp
  --unshare-all --die-with-parent --new-session --clearenv
  --setenv PATH /app/bin:/usr/bin --setenv HOME /tmp --setenv XDG_RUNTIME_DIR /run/user/0
  --setenv XDG_CONFIG_HOME /tmp/.config --setenv XDG_CACHE_HOME /tmp/.cache
  --setenv XDG_DATA_HOME /tmp/.local/share
  --setenv XDG_DATA_DIRS /app/share:/usr/share
  --setenv GSETTINGS_SCHEMA_DIR /run/schemas
  --setenv DISPLAY ":$display_nr" --setenv GDK_BACKEND x11
  --setenv GTK_A11Y none --setenv NO_AT_BRIDGE 1
  --setenv LANG C.UTF-8
)
if [ -n "${XAUTHORITY:-}" ] && [ -f "$XAUTHORITY" ]; then
  sandbox_args+=(--ro-bind "$XAUTHORITY" /tmp/.Xauthority --setenv XAUTHORITY /tmp/.Xauthority)
fi

sandbox () {
  bwrap "${sandbox_args[@]}" "$@"
}

# The id of the viewable top-level window called exactly $WIN_TITLE, if any.
find_window () {
  local id
  if command -v xdotool >/dev/null; then
    xdotool search --onlyvisible --name "^${WIN_TITLE}\$" 2>/dev/null | head -n 1
    return 0
  fi
  id=$(xwininfo -name "$WIN_TITLE" -int 2>/dev/null | sed -n 's/.*Window id: \([0-9]*\).*/\1/p') || true
  if [ -n "$id" ] && xwininfo -id "$id" 2>/dev/null | grep -q 'Map State: IsViewable'; then
    echo "$id"
  fi
}

status=0

# 1. The desktop app
if [ -x "$DESTDIR/app/bin/parallax" ]; then
  note "starting /app/bin/parallax in the sandbox (timeout ${SMOKE_TIMEOUT}s)"
  sandbox /app/bin/parallax > "$OUTDIR/parallax.log" 2>&1 &
  app_pid=$!
  win=
  deadline=$((SECONDS + SMOKE_TIMEOUT))
  while [ $SECONDS -lt $deadline ]; do
    if ! kill -0 "$app_pid" 2>/dev/null; then
      wait "$app_pid" && rc=0 || rc=$?
      app_pid=
      sed 's/^/  | /' "$OUTDIR/parallax.log" >&2
      fail "parallax exited (status $rc) before showing a window; log: $OUTDIR/parallax.log"
    fi
    win=$(find_window)
    [ -n "$win" ] && break
    sleep 0.5
  done
  [ -n "$win" ] || {
    sed 's/^/  | /' "$OUTDIR/parallax.log" >&2
    fail "no window titled '$WIN_TITLE' appeared within ${SMOKE_TIMEOUT}s; log: $OUTDIR/parallax.log"
  }
  # A mapped window is painted a little later, much later on a loaded machine:
  # capture until it shows content or the time is up.
  colours=0 deadline=$((SECONDS + SMOKE_TIMEOUT))
  while :; do
    sleep 1
    kill -0 "$app_pid" 2>/dev/null || fail "parallax died after mapping its window; log: $OUTDIR/parallax.log"
    import -window "$win" "$OUTDIR/parallax-window.png" || fail "could not capture window $win"
    colours=$(identify -format '%k' "$OUTDIR/parallax-window.png")
    [ "$colours" -ge 16 ] || [ $SECONDS -ge $deadline ] && break
  done
  geometry=$(identify -format '%wx%h' "$OUTDIR/parallax-window.png")
  if [ "$colours" -lt 16 ]; then
    status=1
    echo "$prog: FAIL: the window looks blank ($colours colours): $OUTDIR/parallax-window.png" >&2
  else
    note "ok: window '$WIN_TITLE' ($geometry) captured to $OUTDIR/parallax-window.png"
  fi
  kill "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
  app_pid=
  if grep -q -- '-CRITICAL \*\*' "$OUTDIR/parallax.log"; then
    status=1
    echo "$prog: FAIL: parallax logged criticals:" >&2
    grep -- '-CRITICAL \*\*' "$OUTDIR/parallax.log" | sed 's/^/  | /' >&2
  fi
  if grep -q -- '-WARNING \*\*' "$OUTDIR/parallax.log"; then
    note "warnings from parallax (not fatal):"
    grep -- '-WARNING \*\*' "$OUTDIR/parallax.log" | sed 's/^/  | /'
  fi
else
  note "SKIP: $DESTDIR/app/bin/parallax is not installed (no desktop app in this build yet); only the CLI is tested"
fi

# 2. The command-line front end and the worker processes, in the same sandbox
# shellcheck disable=SC2054  # the commas belong to --strategies
cli=(/app/bin/parallax-cli run --workload decompress --tasks 4 --strategies threads,processes)
note "running ${cli[*]}"
if sandbox timeout 300 "${cli[@]}" > "$OUTDIR/parallax-cli.txt" 2>&1; then
  sed 's/^/  | /' "$OUTDIR/parallax-cli.txt"
  for strategy in threads processes; do
    # the row ends in: … ok failed pipe-bytes peak-RSS; all 4 tasks must be ok, none failed
    grep -Eq "^$strategy .* 4 +0 " "$OUTDIR/parallax-cli.txt" || {
      status=1
      echo "$prog: FAIL: no '$strategy' row with 4 tasks ok and 0 failed in $OUTDIR/parallax-cli.txt" >&2
    }
  done
  [ $status -ne 0 ] || note "ok: parallax-cli ran both strategies with /app/libexec/parallax/parallax-worker"
else
  rc=$?
  sed 's/^/  | /' "$OUTDIR/parallax-cli.txt" >&2
  status=1
  echo "$prog: FAIL: parallax-cli exited with status $rc in the sandbox; output: $OUTDIR/parallax-cli.txt" >&2
fi

if [ $status -eq 0 ]; then
  note "PASS"
else
  echo "$prog: FAILED" >&2
fi
exit $status
