#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Parallax benchmark: the cost of many requests in flight.

Usage: bench/bench-inflight.py [BUILD_DIR] [--before OTHER_BUILD_DIR] [--rounds K] [--tasks M]
       (BUILD_DIR defaults to _build, set up and built here if missing;
       OTHER_BUILD_DIR must be built already)

Fetches M users (5,000) from the embedded server at 10 ms latency with
async and threads at N = 10, 100, 300 and 1,000 in flight, and prints the
client's CPU time per request and the wall time against the latency bound
(M / N × 10 ms); then 1,000 fetches at 100 ms with 1,000 in flight against
their 0.1 s bound, with the verdict. With --before, a second build (say, of
an older commit) runs the same batches interleaved with this one, round by
round, and the ratio before/after is printed: each ratio compares runs made
seconds apart, so the drift of a shared machine mostly cancels out.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IN_FLIGHT = (10, 100, 300, 1000)
STRATEGIES = ("async", "threads")


def ensure_built(build):
    if not os.path.exists(os.path.join(build, "build.ninja")):
        subprocess.run(["meson", "setup", build, ROOT, "-Dbuildtype=release"], check=True,
                       stdout=subprocess.DEVNULL)
    subprocess.run(["meson", "compile", "-C", build], check=True, stdout=subprocess.DEVNULL)


def fetch(build, workers, tasks, latency_ms):
    """One parallax-cli run of both strategies against one embedded server."""
    cli = os.path.join(build, "src", "cli", "parallax-cli")
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        proc = subprocess.run([cli, "run", "--workload", "fetch", "--strategies", ",".join(STRATEGIES),
                               "--workers", str(workers), "--tasks", str(tasks),
                               "--latency-ms", str(latency_ms), "--format", "json", "--output", out.name],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if proc.returncode not in (0, 1):
            sys.exit(f"{cli} failed with {workers} in flight:\n{proc.stderr}")
        with open(out.name) as f:
            report = json.load(f)
    bound = -(-tasks // workers) * latency_ms / 1000
    return {run["strategy"]: {"cpu_ms": (run["cpu_user_s"] + run["cpu_sys_s"]) * 1000 / tasks,
                              "over_bound": run["wall_s"] / bound,
                              "verdict": run["verdict"], "failed": run["tasks_failed"]}
            for run in report["runs"]}


def median(values):
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def measure(builds, rounds, workers, tasks, latency_ms):
    """{build: [one result per round]}, the builds' order alternating."""
    results = {build: [] for build in builds}
    for r in range(rounds):
        for build in (builds if r % 2 == 0 else builds[::-1]):
            results[build].append(fetch(build, workers, tasks, latency_ms))
    return results


def report(label, builds, results, key, fmt):
    after = builds[0]
    for strategy in STRATEGIES:
        values = [r[strategy][key] for r in results[after]]
        line = f"  {label:>6}  {strategy:<8} {fmt.format(median(values))}"
        if len(builds) > 1:
            before = builds[1]
            old = median([r[strategy][key] for r in results[before]])
            ratio = median([b[strategy][key] / a[strategy][key]
                            for a, b in zip(results[after], results[before])])
            line += f"   before {fmt.format(old)}   before/after {ratio:5.2f}×"
        verdicts = sorted({r[strategy]["verdict"] for r in results[after]})
        failed = sum(r[strategy]["failed"] for b in builds for r in results[b])
        print(line + f"   ({', '.join(verdicts)})" + (f"  {failed} FAILED" if failed else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", nargs="?", default=os.path.join(ROOT, "_build"))
    parser.add_argument("--before", help="another build to compare with, run interleaved")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tasks", type=int, default=5000)
    args = parser.parse_args()

    builds = [os.path.abspath(args.build)] + ([os.path.abspath(args.before)] if args.before else [])
    ensure_built(builds[0])
    if args.before and not os.path.exists(os.path.join(builds[1], "src", "cli", "parallax-cli")):
        sys.exit(f"{builds[1]} has no parallax-cli: build it first")

    print(f"Requests in flight, {os.cpu_count()} cores; the median of {args.rounds} rounds")
    print(f"build {builds[0]}" + (f", before: {builds[1]}" if len(builds) > 1 else ""))
    print(f"\n{args.tasks} fetches at 10 ms: client CPU per request (ms)  [verdicts of this build]")
    walls = {}
    for n in IN_FLIGHT:
        walls[n] = measure(builds, args.rounds, n, args.tasks, 10)
        report(f"N={n}", builds, walls[n], "cpu_ms", "{:6.3f}")

    print(f"\n{args.tasks} fetches at 10 ms: wall time / the bound of {args.tasks} / N × 10 ms")
    for n in IN_FLIGHT:
        report(f"N={n}", builds, walls[n], "over_bound", "{:6.2f}×")

    print("\n1,000 fetches at 100 ms, N = 1,000: wall time / the 0.1 s bound, then CPU per request (ms)")
    results = measure(builds, args.rounds, 1000, 1000, 100)
    report("wall", builds, results, "over_bound", "{:6.2f}×")
    report("CPU", builds, results, "cpu_ms", "{:6.3f}")


if __name__ == "__main__":
    main()
