#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Completes a few command lines with the generated bash completion, as bash
# would on Tab, and checks the candidates.
set -euo pipefail
cli_completion=$1
app_completion=$2
# shellcheck source=/dev/null
. "$cli_completion"
# shellcheck source=/dev/null
. "$app_completion"

fail=0
# expect "WORDS…" "CANDIDATES": the last word is the one being completed
expect () {
  local line=$1 want=$2 fn=_parallax_cli
  read -r -a COMP_WORDS <<< "$line"
  [[ $line == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
  [ "${COMP_WORDS[0]}" = parallax ] && fn=_parallax
  COMPREPLY=()
  "$fn"
  local got="${COMPREPLY[*]}"
  if [ "$got" != "$want" ]; then
    echo "'$line': got '$got', want '$want'" >&2
    fail=1
  fi
}

expect "parallax-cli " "run scale serve amdahl report plot --help --version"
expect "parallax-cli sc" "scale"
expect "parallax-cli run --wo" "--workers --workload"
expect "parallax-cli run --workload " "fetch decompress amdahl"
expect "parallax-cli run --format t" "table trace"
expect "parallax-cli scale --strategy p" "processes"
expect "parallax-cli amdahl --" "--p --n --format --output --help"
expect "parallax --scr" "--screenshot --screenshot-page"
exit $fail
