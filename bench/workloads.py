#!/usr/bin/env python3
"""Times the heavy workloads of docs/benchmarks.md ("Near the algorithmic limit") as whole processes.

Each workload's input is generated from a fixed seed by the generators beside this script, so a run can be
repeated anywhere. Every command runs REPEAT times after one warm-up run; the script prints the median wall
time and the peak resident memory of one more run. With --baseline, a second parley binary runs each command
too, interleaved run by run with the first, and the ratio of the medians (baseline / this) is printed: both in
the same session, on the same inputs.

Usage: workloads.py [--parley build/parley] [--baseline OTHER/parley] [--repeat 5] [--only NAME[,NAME]]
                    [--list] [--out DIR]
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def generate(out, name, argv):
    """Writes the standard output of a generator script to out/name, once."""
    path = os.path.join(out, name)
    if not os.path.exists(path):
        with open(path, "w", encoding="utf-8") as f:
            subprocess.run([sys.executable] + argv, stdout=f, check=True)
    return path


def conflict(out, options, dms, seed, status_quo=False):
    """random_conflict.py's conflict; with status_quo, its feasible state of lowest code is the status quo."""
    path = os.path.join(out, f"conflict_{options}x{dms}_{seed}{'_sq' if status_quo else ''}.yaml")
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(HERE, "gmcr", "random_conflict.py"), "--options", str(options),
                        "--dms", str(dms), "--seed", str(seed), "--out-gmcr", path + ".gmcr", "--out-yaml", path]
                       + (["--status-quo"] if status_quo else []), check=True, stdout=subprocess.DEVNULL)
    return path


def eum_csv(out, actors, seed):
    """A one-issue BDM-style CSV (actor, capability, position, salience) with every position distinct."""
    path = os.path.join(out, f"eum_{actors}_{seed}.csv")
    if not os.path.exists(path):
        rng = random.Random(seed)
        with open(path, "w", encoding="utf-8") as f:
            f.write("actor,capability,position,salience\n")
            for a, p in enumerate(rng.sample(range(10**9), actors)):
                f.write(f"a{a},{rng.uniform(1, 100):.6f},{p / 1e7:.7f},{rng.uniform(0.05, 1):.6f}\n")
    return path


def workloads(out):
    """(name, what, argv after the binary) for every workload; inputs are made on first use."""
    space = os.path.join(HERE, "make_space.py")
    ktab = os.path.join(HERE, "make_ktab_csv.py")
    return [
        ("frontier-5-33k", "analyze, 10^6 packages (3 issues x 100 values), 5 parties, 33,426 frontier points",
         lambda: ["analyze", generate(out, "space_3x100_5_seed7.yaml", [space, "3", "100", "5", "7"]), "--format",
                  "json"]),
        ("frontier-5", "analyze, 10^6 packages (3 issues x 100 values), 5 parties, 100,595 frontier points",
         lambda: ["analyze", generate(out, "space_3x100_5.yaml", [space, "3", "100", "5", "1"]), "--format", "json"]),
        ("frontier-7", "analyze, 10^6 packages (3 issues x 100 values), 7 parties",
         lambda: ["analyze", generate(out, "space_3x100_7.yaml", [space, "3", "100", "7", "1"]), "--format", "json"]),
        ("frontier-7-rule", "analyze, 10^6 packages (3 issues x 100 values), 7 parties with reservations, "
                            "at least 5 of 7 must accept",
         lambda: ["analyze", generate(out, "space_3x100_7_rule5.yaml", [space, "3", "100", "7", "1", "5"]),
                  "--format", "json"]),
        ("frontier-7-all", "the same scenario without its rule (every party must accept)",
         lambda: ["analyze", generate(out, "space_3x100_7_all.yaml", [space, "3", "100", "7", "1", "7"]),
                  "--format", "json"]),
        ("frontier-nominal-5", "analyze, 10^6 packages (3 nominal issues x 100 options, values per option, 80% "
                               "of the options accepted), 5 parties",
         lambda: ["analyze", generate(out, "nominal_3x100_5.yaml", [os.path.join(HERE, "make_nominal.py"), "3", "100",
                                                                    "5", "1"]), "--format", "json"]),
        ("smp-200", "forecast --model smp, 200 actors x 3 issues",
         lambda: ["forecast", generate(out, "ktab_200_3.csv", [ktab, "200", "3", "1"]), "--model", "smp",
                  "--format", "json"]),
        ("smp-500", "forecast --model smp, 500 actors x 3 issues",
         lambda: ["forecast", generate(out, "ktab_500_3.csv", [ktab, "500", "3", "1"]), "--model", "smp",
                  "--format", "json"]),
        ("smp-200-5", "forecast --model smp, 200 actors x 3 issues, 5 turns, KTAB's defaults (the fast paths)",
         lambda: ["forecast", generate(out, "ktab_200_3.csv", [ktab, "200", "3", "1"]), "--model", "smp",
                  "--rounds", "5", "--threads", "1", "--format", "json"]),
        ("smp-200-5-params", "forecast --model smp, 200 x 3, 5 turns, prop-bin votes, Markov-uniform PCE, "
                             "power-weighted s2pmax bargains (the general paths)",
         lambda: ["forecast", generate(out, "ktab_200_3.csv", [ktab, "200", "3", "1"]), "--model", "smp",
                  "--rounds", "5", "--threads", "1", "--smp-voting", "prop-bin", "--smp-pce", "markov-uniform",
                  "--smp-bargain", "power-weighted", "--smp-interpolation", "s2pmax", "--format", "json"]),
        ("eum-10k", "forecast (expected utility), 10,000 actors with distinct positions, 10 rounds",
         lambda: ["forecast", eum_csv(out, 10000, 1), "--csv-scale", "0:100", "--csv-salience-max", "1",
                  "--format", "json"]),
        ("exchange-100", "forecast --model exchange, 100 actors x 10 issues, 10 rounds (56,000 candidates a round)",
         lambda: ["forecast", generate(out, "decide_100_10.csv", [os.path.join(HERE, "exchange", "make_decide.py"),
                                                                  "100", "10", "1"]), "--model", "exchange",
                  "--format", "json"]),
        ("exchange-1000", "forecast --model exchange, 1,000 actors x 10 issues, 10 rounds (5.6 million candidates)",
         lambda: ["forecast", generate(out, "decide_1000_10.csv", [os.path.join(HERE, "exchange", "make_decide.py"),
                                                                   "1000", "10", "1"]), "--model", "exchange",
                  "--format", "csv"]),
        ("all-geneva", "forecast --model all on the flagship (six model runs)",
         lambda: ["forecast", os.path.join(os.path.dirname(HERE), "examples", "geneva.yaml"), "--model", "all",
                  "--format", "json"]),
        ("sweep-100k", "sweep of the flagship forecast, 100,000 draws, every draw kept (exact quantiles)",
         lambda: ["sweep", os.path.join(os.path.dirname(HERE), "examples", "geneva.yaml"), "--draws", "100000",
                  "--quantiles", "exact", "--format", "json", "--quiet"]),
        ("sweep-100k-sketch", "the same, summarised as drawn (no draw kept)",
         lambda: ["sweep", os.path.join(os.path.dirname(HERE), "examples", "geneva.yaml"), "--draws", "100000",
                  "--quantiles", "sketch", "--format", "json", "--quiet"]),
        ("sweep-1m", "sweep of the flagship forecast, 1,000,000 draws (7.7e8 values: summarised as drawn)",
         lambda: ["sweep", os.path.join(os.path.dirname(HERE), "examples", "geneva.yaml"), "--draws", "1000000",
                  "--format", "json", "--quiet"]),
        ("stability-16x3", "stability, 16 options x 3 decision makers, text",
         lambda: ["stability", conflict(out, 16, 3, 1)]),
        ("stability-16x3-json", "stability, 16 options x 3 decision makers, JSON",
         lambda: ["stability", conflict(out, 16, 3, 1), "--format", "json"]),
        ("stability-22x4", "stability, 22 options x 4 decision makers, with a status quo, text",
         lambda: ["stability", conflict(out, 22, 4, 1, status_quo=True)]),
        ("stability-24x4", "stability, 24 options x 4 decision makers (11,010,048 states), text",
         lambda: ["stability", conflict(out, 24, 4, 1)]),
        ("stability-24x4-json", "the same, every equilibrium listed in JSON (7,059,456; 2.2 GB)",
         lambda: ["stability", conflict(out, 24, 4, 1), "--states", "equilibria", "--format", "json"]),
        ("stability-24x4-csv", "the same, every state a row of CSV (11,010,048 rows; 0.9 GB)",
         lambda: ["stability", conflict(out, 24, 4, 1), "--format", "csv"]),
    ]


def wall(argv):
    """Wall seconds of one run (output discarded); a failing run stops the script."""
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()[:500]}")
    return seconds


def peak_kb(argv):
    """Peak resident KB of one run, measured by /usr/bin/time in a process of its own."""
    done = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return int(done.stderr.decode().strip().splitlines()[-1])


def measure(binaries, argv, repeat):
    times = [[] for _ in binaries]
    for b in binaries:
        wall([b] + argv)  # warm-up
    for _ in range(repeat):
        for k, b in enumerate(binaries):
            times[k].append(wall([b] + argv))
    return [statistics.median(t) for t in times], [peak_kb([b] + argv) for b in binaries]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parley", default="build/parley")
    ap.add_argument("--baseline")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--only")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--out", help="where generated inputs are kept (default: a temporary folder)")
    args = ap.parse_args()
    out = args.out or tempfile.mkdtemp(prefix="parley-workloads-")
    os.makedirs(out, exist_ok=True)
    chosen = args.only.split(",") if args.only else None
    binaries = [args.parley] + ([args.baseline] if args.baseline else [])
    header = "| workload | what | median | peak memory |"
    if args.baseline:
        header = "| workload | what | median | peak memory | baseline median | baseline memory | ratio |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for name, what, make in workloads(out):
        if args.list:
            print(f"| {name} | {what} | | |")
            continue
        if chosen and name not in chosen:
            continue
        medians, peaks = measure(binaries, make(), args.repeat)
        row = f"| {name} | {what} | {medians[0]:.3f} s | {peaks[0] / 1024:.0f} MB |"
        if args.baseline:
            row += f" {medians[1]:.3f} s | {peaks[1] / 1024:.0f} MB | {medians[1] / medians[0]:.2f}x |"
        print(row, flush=True)


if __name__ == "__main__":
    main()
