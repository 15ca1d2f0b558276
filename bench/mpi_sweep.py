#!/usr/bin/env python3
"""MPI overhead (issue 6): draws of the Geneva expected-utility forecast (every issue, 10 rounds) on 2 cores,
three ways, run in turn so that the machine's noise falls on all alike: one process with 1 thread, one
process with 2 threads, `mpirun -n 2` with 1 thread each. Prints every run, the medians and the ratios.

Usage: bench/mpi_sweep.py [--build DIR] [--reps N] [--draws D] [--quantiles auto|exact|sketch] [--pml NAME]

--pml ob1 passes `--mca pml ob1` to mpirun: on one machine Open MPI 4.1's default (UCX) spends about 0.2 s of
MPI_Init probing for networks that the shared-memory transport does not need (docs/cli.md, "MPI").
"""
import argparse
import os
import statistics
import subprocess
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser()
parser.add_argument("--build", default=os.path.join(root, "build"))
parser.add_argument("--reps", type=int, default=5)
parser.add_argument("--draws", type=int, default=100000)
parser.add_argument("--quantiles", default="auto", help="passed to sweep: sketch sends summaries, not draws")
parser.add_argument("--pml", default="", help="Open MPI's point-to-point layer, passed as --mca pml NAME")
args = parser.parse_args()
parley = os.path.join(args.build, "parley")
env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
sweep = [parley, "sweep", os.path.join(root, "examples", "geneva.yaml"), "--seed", "1", "--format", "json", "--quiet",
         "--quantiles", args.quantiles]


def wall(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


mpirun = ["mpirun", "-n", "2", "--bind-to", "none"] + (["--mca", "pml", args.pml] if args.pml else [])
ways = {
    "1 thread": sweep + ["--draws", str(args.draws), "--threads", "1"],
    "2 threads": sweep + ["--draws", str(args.draws), "--threads", "2"],
    "mpirun -n 2": mpirun + sweep + ["--draws", str(args.draws), "--threads", "1"],
    "mpirun launch (2 draws)": mpirun + sweep + ["--draws", "2", "--threads", "1"],
}
times = {name: [] for name in ways}
for rep in range(args.reps):
    for name, cmd in ways.items():
        times[name].append(wall(cmd))
    print(f"run {rep}: " + ", ".join(f"{name} {times[name][-1]:.2f} s" for name in ways), flush=True)
m = {name: statistics.median(t) for name, t in times.items()}
print(f"medians of {args.reps}, {args.draws} draws: " + "; ".join(f"{name} {m[name]:.2f} s" for name in ways))
print(f"2 threads over 1: {m['1 thread'] / m['2 threads']:.2f}x; 2 processes over 1 thread: "
      f"{m['1 thread'] / m['mpirun -n 2']:.2f}x")
print(f"mpirun -n 2 against 2 threads: {m['mpirun -n 2'] / m['2 threads']:.3f}x "
      f"({100 * (m['mpirun -n 2'] - m['2 threads']) / m['2 threads']:.1f} % overhead, of which "
      f"{m['mpirun launch (2 draws)']:.2f} s is mpirun's launch)")
