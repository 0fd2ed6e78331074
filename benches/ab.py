#!/usr/bin/env python3
"""Two builds of bearing, side by side in one run: is a change faster or slower?

Runs command A and command B alternately (A B, then B A, ...) so that a machine that
speeds up or slows down during the run (another job, thermal limits) weighs on both the
same, and prints the median wall time and the median CPU time (user + system of the
child) of each, and the ratios B/A. Timing one build after the other drifts by more than
the few percent a change is judged on; interleaving does not.

Usage:
    benches/ab.py [--runs N] [--cwd DIR] -- COMMAND_A ::: COMMAND_B

Example (the two commands benches/check.sh times, on its default workload):
    git worktree add /tmp/before <commit> && cargo build --release --manifest-path /tmp/before/Cargo.toml
    benches/ab.py --runs 61 --cwd "$WORK/default" -- \\
        /tmp/before/target/release/bearing check -q --as-of 2026-10-01 ::: \\
        target/release/bearing check -q --as-of 2026-10-01

Exit status and output of the commands are ignored (a plan with findings exits 1).
"""

import argparse
import os
import resource
import shlex
import statistics
import subprocess
import sys
import time


def run_once(command, cwd):
    """Wall seconds and CPU seconds (user + system) of one run of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=31, help="pairs of runs (default 31)")
    parser.add_argument("--cwd", default=".", help="folder to run both commands in")
    parser.add_argument("commands", nargs=argparse.REMAINDER, help="-- COMMAND_A ::: COMMAND_B")
    args = parser.parse_args()
    words = args.commands[1:] if args.commands[:1] == ["--"] else args.commands
    if ":::" not in words:
        parser.error("give two commands separated by :::")
    split = words.index(":::")
    commands = {"A": words[:split], "B": words[split + 1 :]}
    if not commands["A"] or not commands["B"]:
        parser.error("give two commands separated by :::")
    cwd = os.path.abspath(args.cwd)
    # One untimed run each: files in the page cache for both.
    for command in commands.values():
        run_once(command, cwd)
    times = {"A": ([], []), "B": ([], [])}
    for i in range(args.runs):
        for name in ("A", "B") if i % 2 == 0 else ("B", "A"):
            wall, cpu = run_once(commands[name], cwd)
            times[name][0].append(wall)
            times[name][1].append(cpu)
    median = {name: (statistics.median(w), statistics.median(c)) for name, (w, c) in times.items()}
    for name in ("A", "B"):
        wall, cpu = median[name]
        shown = " ".join(shlex.quote(w) for w in commands[name])
        print(f"{name}: wall {wall * 1000:7.1f} ms   cpu {cpu * 1000:7.1f} ms   {shown}")
    print(
        f"B/A: wall {median['B'][0] / median['A'][0]:.3f}   cpu {median['B'][1] / median['A'][1]:.3f}"
        f"   ({args.runs} pairs, interleaved)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
