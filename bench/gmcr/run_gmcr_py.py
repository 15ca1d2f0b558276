#!/usr/bin/env python3
"""Time gmcr-py's stability analysis of one .gmcr file and print its results.

gmcr-py (https://github.com/onp/gmcr-py) is imported from GMCR_PY_DIR; only its
headless core is used (data_01_conflictModel, data_02_conflictSolvers), which
needs numpy but not tkinter. Nothing of gmcr-py is copied here.

Stability of every (decision maker, state) is computed with LogicalSolver's
per-concept methods (nash, gmr, smr, seq, sim), not findEquilibria.

gmcr-py 0.4.1's `sim` builds the others' combinations of moves as one
itertools.product iterator and walks it once per improvement of the focal
decision maker, so the second improvement sees only what the first left
unread. By default this script hands that module an itertools whose product
is a list, which makes every improvement see every combination, as the
definition in its own narration says (docs/stability.md, "SIM");
--sim-as-released runs it unchanged. "setup" is loading the file plus building the solver (the
reachability and payoff matrices). Times are time.perf_counter seconds.

States are numbered as gmcr-py numbers them: feasible states 1..n by
increasing code, code = sum of 2^k over the Y options k (0-based, option 0 the
least significant bit), after gmcr-py reorders options by decision maker. For
files from random_conflict.py that order is the declared order, which makes
the numbers parley's; "options" in the output shows the order used.

Output (stdout, JSON):
  {"states": n, "options": [names],
   "seconds": {"setup": s, <concept>: s, ..., "total": s},
   "peak_rss_mb": peak resident memory of this process,
   "equilibria": {concept: [states]}, "stable": {concept: {dm: [states]}}}
with "feasible" (each state as a Y/N string, option 1 first) added when
--list-states is given. gmcr-py's own prints go to stderr.

Usage:
  run_gmcr_py.py GMCR_PY_DIR FILE.gmcr [--concepts nash,gmr,smr,seq,sim]
      [--json OUT] [--list-states] [--sim-as-released]
"""

import argparse
import contextlib
import itertools
import json
import os
import resource
import sys
import time

CONCEPTS = ("nash", "gmr", "smr", "seq", "sim")


class _ListProducts:
    """itertools, with product() returning a list that can be walked again."""

    def __getattr__(self, name):
        return getattr(itertools, name)

    @staticmethod
    def product(*iterables, **kwargs):
        return list(itertools.product(*iterables, **kwargs))


def analyse(gmcr_py_dir, path, concepts=CONCEPTS, list_states=False,
            sim_as_released=False):
    """Run gmcr-py on `path`; return the result dict described above."""
    sys.path.insert(0, os.path.abspath(gmcr_py_dir))
    import data_01_conflictModel as model
    import data_02_conflictSolvers as solvers
    solvers.itertools = itertools if sim_as_released else _ListProducts()

    if not os.path.isfile(path):
        raise FileNotFoundError(path)
    seconds = {}
    # gmcr-py reports some problems (duplicate conditions, unreadable
    # files) with print(); keep stdout for our JSON.
    with contextlib.redirect_stdout(sys.stderr):
        start = time.perf_counter()
        conflict = model.ConflictModel()
        conflict.load_from_file(path)
        solver = solvers.LogicalSolver(conflict)
        seconds["setup"] = time.perf_counter() - start

        n = len(conflict.feasibles)
        stable, equilibria = {}, {}
        for concept in concepts:
            test = getattr(solver, concept)
            start = time.perf_counter()
            per_dm = {dm.name: [s + 1 for s in range(n) if test(dm, s)[0]]
                      for dm in solver.effectiveDMs}
            seconds[concept] = time.perf_counter() - start
            stable[concept] = per_dm
            common = set(range(1, n + 1))
            for states in per_dm.values():
                common &= set(states)
            equilibria[concept] = sorted(common)
    seconds["total"] = sum(seconds.values())

    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # Linux
    result = {"states": n, "options": conflict.options.names(),
              "seconds": seconds, "peak_rss_mb": round(peak_kib / 1024),
              "equilibria": equilibria, "stable": stable}
    if list_states:
        result["feasible"] = list(conflict.feasibles.yn)
    return result


def to_text(obj, indent=""):
    """JSON with dicts one key per line and lists on one line."""
    if not isinstance(obj, dict) or not obj:
        return json.dumps(obj)
    inner = indent + " "
    items = [f"{inner}{json.dumps(k)}: {to_text(v, inner)}"
             for k, v in obj.items()]
    return "{\n" + ",\n".join(items) + "\n" + indent + "}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gmcr_py_dir", help="a checkout of gmcr-py")
    ap.add_argument("file", help="a gmcr-py .gmcr save file")
    ap.add_argument("--concepts", default=",".join(CONCEPTS),
                    help="comma-separated subset of nash,gmr,smr,seq,sim")
    ap.add_argument("--json", metavar="OUT", help="also write the JSON here")
    ap.add_argument("--list-states", action="store_true",
                    help="add each feasible state as a Y/N string")
    ap.add_argument("--sim-as-released", action="store_true",
                    help="run gmcr-py's sim without the fix described above")
    args = ap.parse_args(argv)
    concepts = [c for c in args.concepts.split(",") if c]
    unknown = [c for c in concepts if c not in CONCEPTS]
    if unknown or not concepts:
        ap.error(f"unknown concept(s): {', '.join(unknown) or '(none)'}")
    try:
        result = analyse(args.gmcr_py_dir, args.file, concepts,
                         args.list_states, args.sim_as_released)
    except FileNotFoundError as err:
        print(f"run_gmcr_py.py: no such file: {err}", file=sys.stderr)
        return 66
    text = to_text(result)
    print(text)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
