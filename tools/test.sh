#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and runs the whole test suite twice:
# a plain build, then AddressSanitizer + UndefinedBehaviorSanitizer.
# Ends with the line "N passed, N failed" and fails if any test did.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

OUT=${OUT:-$SRC/_ci}
step () { printf '\n=== %s (%ss)\n' "$*" "$SECONDS"; }

step "packages"
# The tests also need a display server, the validators, the Flatpak manifest
# linter and what the sandbox smoke test uses.
install_missing_packages build test
pkg-config --modversion glib-2.0 libsoup-3.0 json-glib-1.0 | paste -sd' '

# Keep caches out of the real home, and the tests hermetic.
export XDG_CACHE_HOME="$OUT/xdg/cache" XDG_CONFIG_HOME="$OUT/xdg/config" XDG_DATA_HOME="$OUT/xdg/data"
mkdir -p "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
unset GITHUB_TOKEN
export GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory
# The window tests must not skip for want of a display here.
export PARALLAX_REQUIRE_DISPLAY=1

rm -rf "$OUT/build" "$OUT/build-asan" "$OUT/build-app" "$OUT/destdir" "$OUT/smoke"
failed=0

step "build"
setup_build "$OUT/build"
step "tests"
xvfb-run -a -s "-screen 0 1920x1080x24" meson test -C "$OUT/build" --no-rebuild --print-errorlogs || failed=1

step "build with AddressSanitizer + UndefinedBehaviorSanitizer"
setup_build "$OUT/build-asan" -Db_sanitize=address,undefined -Db_lundef=false
step "tests under the sanitizers"
xvfb-run -a -s "-screen 0 1920x1080x24" meson test -C "$OUT/build-asan" --no-rebuild --print-errorlogs --timeout-multiplier 3 || failed=1

step "fuzzing: each libFuzzer target for ${FUZZ_SECONDS:-30} s (clang, ASan + UBSan)"
# Each target starts from its seed corpus (tests/fuzz/corpus) and keeps what
# it finds in $OUT/fuzz. A crash leaves its input there and fails the suite.
rm -rf "$OUT/build-fuzz" "$OUT/fuzz"
CC=clang meson setup "$OUT/build-fuzz" "$SRC" -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
for name in saved-run user-json frame bz2; do
  meson compile -C "$OUT/build-fuzz" "tests/fuzz/fuzz-$name" >/dev/null
  mkdir -p "$OUT/fuzz/$name"
  status=0
  ( cd "$OUT/fuzz" && LSAN_OPTIONS="suppressions=$SRC/tests/lsan.supp" \
      "$OUT/build-fuzz/tests/fuzz/fuzz-$name" -max_total_time="${FUZZ_SECONDS:-30}" -print_final_stats=1 \
      "$OUT/fuzz/$name" "$SRC/tests/fuzz/corpus/$name" >"$OUT/fuzz/$name.log" 2>&1 ) || status=1
  echo "$status" >"$OUT/fuzz/$name.status"
  printf 'fuzz-%s: %s %s\n' "$name" "$(grep -o 'DONE.*cov: [0-9]* ft: [0-9]*' "$OUT/fuzz/$name.log" || echo FAILED)" \
    "$(grep -o 'number_of_executed_units: [0-9]*' "$OUT/fuzz/$name.log")"
  [ "$status" = 0 ] || { tail -30 "$OUT/fuzz/$name.log"; failed=1; }
done

step "installed into a Flatpak-like sandbox (bubblewrap, no network)"
meson setup "$OUT/build-app" "$SRC" --prefix=/app -Dbuildtype=release
meson compile -C "$OUT/build-app"
DESTDIR="$OUT/destdir" meson install -C "$OUT/build-app" --no-rebuild
smoke=0
xvfb-run -a "$SRC/tools/sandbox-smoke.sh" "$OUT/destdir" "$OUT/smoke" || smoke=$?

step "done"
# Counts subtests (TAP lines) where a test reports them, else the test itself.
status=0
python3 - "$OUT" "$smoke" <<'PY' || status=$?
import glob, json, re, sys
ok = bad = skipped = 0
for log in sorted(glob.glob(sys.argv[1] + "/build*/meson-logs/testlog.json")):
    for line in open(log):
        test = json.loads(line)
        result = test.get("result")
        tap = re.findall(r"^(ok|not ok) \d+[^\n]*", test.get("stdout") or "", re.M)
        n_ok = sum(1 for t in tap if t.startswith("ok") and "# SKIP" not in t)
        n_skip = sum(1 for t in tap if "# SKIP" in t)
        n_bad = len(tap) - n_ok - n_skip
        if result not in ("OK", "EXPECTEDFAIL", "SKIP") and n_bad == 0:
            n_bad = 1  # crashed, timed out or failed outside any subtest
        if not tap:
            n_ok = 1 if result in ("OK", "EXPECTEDFAIL") else 0
            n_skip = 1 if result == "SKIP" else 0
        ok, bad, skipped = ok + n_ok, bad + n_bad, skipped + n_skip
# Each fuzz target counts as one test.
for status in glob.glob(sys.argv[1] + "/fuzz/*.status"):
    if open(status).read().strip() == "0":
        ok += 1
    else:
        bad += 1
# The sandbox smoke test runs outside meson: it counts as one test
# (77: skipped, bwrap cannot create namespaces here).
if sys.argv[2] == "0":
    ok += 1
elif sys.argv[2] == "77":
    skipped += 1
else:
    bad += 1
print(f"{ok} passed, {bad} failed, {skipped} skipped")
sys.exit(1 if bad or ok == 0 else 0)
PY
exit $(( status || failed ))
