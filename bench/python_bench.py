#!/usr/bin/env python3
"""The Python package's overhead (docs/benchmarks.md, "Python"): each task through `parley` in Python (the scenario
loaded once; the typed result, and to_dict()) against the same services call timed in C++ (parley_services_time)
and against the command line's whole process. Medians of --runs runs, the three interleaved.

  PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py --build build [--runs 5]

Also the negotiations per second of a tournament whose players are Python strategies against one of built-in
strategies, on the same scenario.
"""
import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENEVA = ROOT / "examples" / "geneva.yaml"

TASKS = [
    ("analyze", {}, ["analyze"], ["analyze"]),
    ("forecast eum", {"model": "eum"}, ["eum"], ["forecast", "--model", "eum"]),
    ("forecast smp", {"model": "smp"}, ["smp"], ["forecast", "--model", "smp"]),
    ("sweep 100,000 draws, 2 threads", {"draws": 100000, "threads": 2}, ["sweep", "100000", "2"],
     ["sweep", "--draws", "100000", "--threads", "2"]),
]


def timed(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=str(ROOT / "build"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    sys.path.insert(0, f"{args.build}/python")
    import parley
    s = parley.load(GENEVA)
    binary = Path(args.build) / "parley"
    services = Path(args.build) / "parley_services_time"
    print("| task | C++ services | Python, typed result | Python, to_dict() | overhead (to_dict) | CLI whole process |")
    print("|---|---|---|---|---|---|")
    for name, kwargs, cpp_args, cli_args in TASKS:
        method = s.sweep if cli_args[0] == "sweep" else s.analyze if cli_args[0] == "analyze" else s.forecast
        cpp, typed, to_dict, cli = [], [], [], []
        for _ in range(args.runs):
            out = subprocess.run([str(services), str(GENEVA), *cpp_args[:1], "1", *cpp_args[1:]], check=True,
                                 capture_output=True, text=True).stdout
            cpp.append(float(out.split()[0]))
            typed.append(timed(lambda: method(**kwargs)))
            to_dict.append(timed(lambda: method(**kwargs).to_dict()))
            cli.append(timed(lambda: subprocess.run([str(binary), cli_args[0], str(GENEVA), *cli_args[1:],
                                                     "--format", "json"], check=True, stdout=subprocess.DEVNULL)))
        c, t, d, w = (statistics.median(x) for x in (cpp, typed, to_dict, cli))
        print(f"| {name} | {c * 1e3:.2f} ms | {t * 1e3:.2f} ms | {d * 1e3:.2f} ms | {(d / c - 1) * 100:+.1f} % "
              f"| {w * 1e3:.2f} ms |")

    class Steady(parley.Strategy):
        def propose(self, state):
            return self.negotiation.at_least(max(0.55, 1 - 0.5 * state.t))

        def respond(self, state, offer):
            return self.negotiation.utility(offer) >= max(0.55, 1 - 0.5 * state.t)

    ktab = ROOT / "examples" / "ktab-dummy-3dim.yaml"
    for label, strategies in (("built-in (boulware, hardliner, conceder)", ["boulware", "hardliner", "conceder"]),
                              ("with one Python strategy", ["boulware", "hardliner", Steady()])):
        runs = []
        for _ in range(args.runs):
            start = time.perf_counter()
            t = parley.tournament([ktab], strategies=strategies, repetitions=1, rounds=60, threads=1)
            runs.append((time.perf_counter() - start, t.negotiations))
        seconds = statistics.median(r[0] for r in runs)
        print(f"tournament on {ktab.name}, {label}: {runs[0][1]} negotiations in {seconds:.3f} s "
              f"({runs[0][1] / seconds:,.0f} negotiations/s, 1 thread)")


if __name__ == "__main__":
    main()
