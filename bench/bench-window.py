#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Does the window measure what the CLI measures?

Usage: xvfb-run -a bench/bench-window.py [BUILD_DIR] [ROUNDS]   (default: _build, 5)

Runs the same decompress batch (sequential and threads at N = cores) in the
window (`parallax --workload … --save FILE`, live drawing on) and with
parallax-cli, alternately, ROUNDS times, and prints each round's threads
speedup over sequential for both, their medians and the window's over the
CLI's, with how many cores the window's own drawing took and how busy the
other programs kept the machine. Set GSK_RENDERER to compare renderers.
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "_build"))
N_ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
CLI = os.path.join(BUILD, "src", "cli", "parallax-cli")
APP = os.path.join(BUILD, "src", "ui", "parallax")
BATCH = ["--workload", "decompress", "--strategies", "sequential,threads", "--tasks", "100",
         "--workers", str(os.cpu_count())]


def run(argv, out):
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({proc.returncode}):\n{proc.stderr}")
    with open(out) as f:
        return {r["strategy"]: r for r in json.load(f)["runs"]}


def median(values):
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def cores(run, key):
    value = run.get(key)
    return value / run["wall_s"] if value is not None and run["wall_s"] > 0 else float("nan")


def others(run):
    """Other programs' cores: others_cpu_s counts Parallax's own drawing too."""
    return cores(run, "others_cpu_s") - cores(run, "app_cpu_s")


def main():
    if "DISPLAY" not in os.environ and "WAYLAND_DISPLAY" not in os.environ:
        sys.exit("No display: run it under xvfb-run -a")
    os.environ.update(GSETTINGS_SCHEMA_DIR=os.path.join(BUILD, "data"), GTK_A11Y="none")
    window, cli = [], []
    print(f"decompress, 100 tasks, threads N={os.cpu_count()} over sequential; "
          f"renderer {os.environ.get('GSK_RENDERER', 'default')}")
    print("round  window  CLI    window drawing  others (window run / CLI run)")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "batch.json")
        for i in range(N_ROUNDS):
            w = run([APP, *BATCH, "--save", out], out)
            c = run([CLI, "run", *BATCH, "--format", "json", "--output", out], out)
            window.append(w["sequential"]["wall_s"] / w["threads"]["wall_s"])
            cli.append(c["sequential"]["wall_s"] / c["threads"]["wall_s"])
            drawing = median([cores(r, "app_cpu_s") for r in w.values()])
            others_w = median([others(r) for r in w.values()])
            others_c = median([others(r) for r in c.values()])
            print(f"{i + 1:5}  {window[-1]:5.2f}× {cli[-1]:5.2f}×  {drawing:5.2f} cores     "
                  f"{others_w:4.2f} / {others_c:4.2f} cores")
    print(f"median  {median(window):5.2f}× {median(cli):5.2f}×  window/CLI {median(window) / median(cli):.2f}")


if __name__ == "__main__":
    main()
