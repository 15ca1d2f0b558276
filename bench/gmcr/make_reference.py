#!/usr/bin/env python3
"""Write gmcr-py's results on 20 random two-DM conflicts as parley test data.

For seeds 1..20: options = 3 + (seed - 1) % 4 (3 to 6), two decision makers,
--directions on seeds 11..20 (so every size appears with and without one-way
options). Each conflict is written as OUTDIR/seedNN.yaml (the parley
scenario from random_conflict.py) and OUTDIR/seedNN.expected.json: gmcr-py's
feasible states (Y/N strings, option o1 first, in state-number order), its
equilibria per concept and its stable states per concept and decision maker
(keyed d1, d2, which are both the gmcr-py names and the parley ids). No
timings, so the files change only when the generator or gmcr-py does.

Only two-DM conflicts: gmcr-py lets each opponent move at most once in a
sanctioning sequence, while parley's group moves allow any sequence with no
decision maker moving twice in a row; with one opponent the two agree.

Usage:
  make_reference.py GMCR_PY_DIR OUTDIR
"""

import argparse
import os
import subprocess
import sys

import random_conflict
import run_gmcr_py

SEEDS = range(1, 21)


def case(seed):
    """(options, directions) of the reference conflict for `seed`."""
    return 3 + (seed - 1) % 4, seed > 10


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gmcr_py_dir")
    ap.add_argument("outdir")
    args = ap.parse_args(argv)
    commit = subprocess.run(
        ["git", "-C", args.gmcr_py_dir, "log", "-1", "--format=%H"],
        capture_output=True, text=True, check=True).stdout.strip()
    os.makedirs(args.outdir, exist_ok=True)
    for seed in SEEDS:
        n_options, directions = case(seed)
        stem = os.path.join(args.outdir, f"seed{seed:02d}")
        gmcr = stem + ".gmcr"
        flags = ["--options", str(n_options), "--dms", "2",
                 "--seed", str(seed)] + (["--directions"] if directions
                                         else [])
        random_conflict.main(flags + ["--out-gmcr", gmcr,
                                      "--out-yaml", stem + ".yaml"])
        result = run_gmcr_py.analyse(args.gmcr_py_dir, gmcr,
                                     list_states=True)
        os.remove(gmcr)  # reproducible from the YAML's command line
        expected = {
            "generated_by": "random_conflict.py " + " ".join(flags),
            "gmcr_py_commit": commit,
            "states": result["states"],
            "feasible": result["feasible"],
            "equilibria": result["equilibria"],
            "stable": result["stable"],
        }
        with open(stem + ".expected.json", "w") as f:
            f.write(run_gmcr_py.to_text(expected) + "\n")
        print(f"{stem}: {n_options} options, {result['states']} states")
    return 0


if __name__ == "__main__":
    sys.exit(main())
