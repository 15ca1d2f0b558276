#!/usr/bin/env python3
"""Time gmcr-py on random conflicts and print a markdown table of medians.

For each decision-maker count and option count, and each seed, this writes
the conflict with random_conflict.py (all options reversible unless
--directions is given) into WORKDIR
and runs, in a fresh process,

  timeout TIMEOUT PYTHON run_gmcr_py.py GMCR_PY_DIR WORKDIR/dD_nN_sS.gmcr \
      --json WORKDIR/dD_nN_sS.json

then prints every command and run (seconds, states, peak memory, the load
average before the run) and a table of median total seconds (setup + nash +
gmr + smr + seq, as timed by run_gmcr_py.py). A run that times out or fails
is reported as such and left out of the median.

Usage:
  measure.py GMCR_PY_DIR WORKDIR [--dms 2,3] [--options 6,8,10,12]
      [--seeds 1,2,3] [--timeout 900] [--python /usr/bin/python3]
      [--directions]
"""

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def ints(text):
    return [int(x) for x in text.split(",") if x]


def run_one(args, dms, options, seed):
    tag = "_dir" if args.directions else ""
    stem = os.path.join(args.workdir, f"d{dms}_n{options}_s{seed}{tag}")
    subprocess.run([sys.executable, os.path.join(HERE, "random_conflict.py"),
                    "--options", str(options), "--dms", str(dms),
                    "--seed", str(seed), "--out-gmcr", stem + ".gmcr",
                    "--out-yaml", stem + ".yaml"]
                   + (["--directions"] if args.directions else []),
                   check=True)
    cmd = ["timeout", str(args.timeout), args.python,
           os.path.join(HERE, "run_gmcr_py.py"), args.gmcr_py_dir,
           stem + ".gmcr", "--json", stem + ".json"]
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    if os.path.exists(stem + ".json"):
        os.remove(stem + ".json")
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    row = {"dms": dms, "options": options, "seed": seed, "load": load,
           "command": shlex.join(cmd), "status": proc.returncode}
    if proc.returncode == 0:
        with open(stem + ".json") as f:
            result = json.load(f)
        row.update(states=result["states"], seconds=result["seconds"],
                   peak_rss_mb=result["peak_rss_mb"])
    print(json.dumps(row), flush=True)
    return row


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gmcr_py_dir")
    ap.add_argument("workdir")
    ap.add_argument("--dms", type=ints, default=[2, 3])
    ap.add_argument("--options", type=ints, default=[6, 8, 10, 12])
    ap.add_argument("--seeds", type=ints, default=[1, 2, 3])
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--python", default="/usr/bin/python3",
                    help="a Python with numpy, for gmcr-py")
    ap.add_argument("--directions", action="store_true",
                    help="conflicts with some one-way options")
    args = ap.parse_args(argv)
    os.makedirs(args.workdir, exist_ok=True)

    rows = [run_one(args, d, n, s)
            for d in args.dms for n in args.options for s in args.seeds]

    print("\n| DMs | options | states (per seed) | runs | median total s "
          "| median setup / nash / gmr / smr / seq s | peak MB |")
    print("|---|---|---|---|---|---|---|")
    for d in args.dms:
        for n in args.options:
            done = [r for r in rows if r["dms"] == d and r["options"] == n]
            ok = [r for r in done if r["status"] == 0]
            failed = len(done) - len(ok)
            runs = f"{len(ok)}" + (f" ({failed} failed or timed out)"
                                   if failed else "")
            if not ok:
                print(f"| {d} | {n} | | {runs} | | | |")
                continue

            def med(key):
                return statistics.median(r["seconds"][key] for r in ok)
            parts = " / ".join(f"{med(k):.3g}" for k in
                               ("setup", "nash", "gmr", "smr", "seq"))
            states = ", ".join(str(r["states"]) for r in ok)
            peak = max(r["peak_rss_mb"] for r in ok)
            print(f"| {d} | {n} | {states} | {runs} | {med('total'):.3g} "
                  f"| {parts} | {peak} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
