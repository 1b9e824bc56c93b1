#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Parallax benchmark: ratios measured in one run, on this machine.

Usage: bench/bench.py [BUILD_DIR]      (default: _build; built if missing)

Decompress 300 tasks: speedup of threads and processes over sequential at
N = cores, against the ideal N. Fetch 1,000 users at 100 ms latency: wall
time of async (N = 100) and threads (N = 100) against the latency bound,
and their CPU. Peak RSS of each 300-task decompress run. Then the threads
scale past the core count, cliff and all. Absolute times drift on a shared
machine; the ratios are what to compare.
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "_build"))
CLI = os.path.join(BUILD, "src", "cli", "parallax-cli")


def ensure_built():
    if not os.path.exists(os.path.join(BUILD, "build.ninja")):
        subprocess.run(["meson", "setup", BUILD, ROOT, "-Dbuildtype=release"], check=True,
                       stdout=subprocess.DEVNULL)
    subprocess.run(["meson", "compile", "-C", BUILD], check=True, stdout=subprocess.DEVNULL)


def cli(*args):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        proc = subprocess.run([CLI, *args, "--format", "json", "--output", out.name],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if proc.returncode not in (0, 1):
            sys.exit(f"parallax-cli {' '.join(args)} failed:\n{proc.stderr}")
        with open(out.name) as f:
            return json.load(f)


def runs_by_strategy(report):
    return {run["strategy"]: run for run in report["runs"]}


def verdict(ok):
    return "met" if ok else "MISSED"


def median(values):
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def rounds(n, *args):
    """n interleaved rounds of all the strategies: each ratio compares runs
    made minutes apart at most, so drift of the shared machine cancels."""
    return [runs_by_strategy(cli("run", *args)) for _ in range(n)]


def main():
    ensure_built()
    cores = os.cpu_count()
    n = 5
    print(f"Parallax benchmark on {cores} cores ({os.uname().machine}), build {BUILD}")
    print(f"Each figure is the median over {n} rounds; a round runs every strategy once, in turn.\n")

    results = rounds(n, "--workload", "decompress", "--tasks", "300", "--workers", str(cores),
                     "--strategies", "sequential,threads,processes")
    print(f"decompress 300 tasks, N = {cores}:")
    print(f"  sequential  {median([r['sequential']['wall_s'] for r in results]):7.3f} s")
    targets = {"threads": 0.98, "processes": 0.96}
    for name in ("threads", "processes"):
        speedup = median([r["sequential"]["wall_s"] / r[name]["wall_s"] for r in results])
        wall = median([r[name]["wall_s"] for r in results])
        target = targets[name] * cores
        print(f"  {name:<10}  {wall:7.3f} s  speedup {speedup:5.2f}× = {speedup / cores:5.1%} of ideal {cores}×  "
              f"(target ≥ {target:.2f}×: {verdict(speedup >= target)}); "
              f"pipe {results[0][name]['pipe_bytes'] / 1e6:6.1f} MB")
    rss = {name: max(r[name]["peak_rss_bytes"] for r in results) for name in results[0]}
    print("  peak RSS (largest of the rounds): " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in rss.items())
          + f"  (target < 100 MB: {verdict(all(v < 100e6 for v in rss.values()))})")

    # 1,000 users, 100 ms latency, 100 in flight: bound = 1000 / 100 × 0.1 s.
    bound = 1000 / 100 * 0.1
    results = rounds(n, "--workload", "fetch", "--tasks", "1000", "--workers", "100",
                     "--latency-ms", "100", "--strategies", "async,threads")
    print(f"\nfetch 1,000 users at 100 ms latency, N = 100; bound {bound:.2f} s:")
    for name in ("async", "threads"):
        wall = median([r[name]["wall_s"] for r in results])
        cpu = median([r[name]["cpu_user_s"] + r[name]["cpu_sys_s"] for r in results])
        failed = sum(r[name]["tasks_failed"] for r in results)
        print(f"  {name:<8}  {wall:6.3f} s = {wall / bound:5.3f}× the bound (target ≤ 1.05×: "
              f"{verdict(wall / bound <= 1.05)}); CPU {cpu:5.3f} s (target < 0.3 s: {verdict(cpu < 0.3)}); "
              f"failed {failed}")

    report = cli("scale", "--workload", "decompress", "--tasks", "300", "--strategy", "threads",
                 "--max-workers", str(2 * cores), "--repeat", "3")
    print("\nscale, decompress with threads (median of 3 at each N):")
    for point in report["points"]:
        kf = point["karp_flatt"]
        print(f"  N = {point['workers']:<3} wall {point['wall_s']:7.3f} s  speedup {point['speedup']:5.2f}×  "
              f"efficiency {point['efficiency']:5.1%}  Karp–Flatt {'—' if kf is None else f'{kf:6.3f}'}"
              + ("  (more workers than cores)" if point["workers"] > cores else ""))
    fitted = report["fitted_p"]
    print(f"  fitted P (N ≤ {cores}) = {'—' if fitted is None else f'{fitted:.1%}'}")


if __name__ == "__main__":
    main()
