#!/usr/bin/env python3
"""The options registry drives the command line (issue 18): every command takes exactly its registered options (its
--help lists them and nothing else), and every option with a range or choices refuses a bad value the same way:
exit 64 and `--NAME: expected ..., found VALUE`."""
import argparse
import json
import os
import re
import subprocess
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--parley", required=True)
ap.add_argument("--root", required=True)
args = ap.parse_args()
geneva = os.path.join(args.root, "examples", "geneva.yaml")
runs = os.path.join(args.root, "tests", "cli", "runs", "runs.db")
# Each command with what it needs besides options.
commands = {
    "validate": ["validate", geneva], "show": ["show", geneva], "convert": ["convert", geneva, "--to", "json"],
    "analyze": ["analyze", geneva], "forecast": ["forecast", geneva], "stability": ["stability", geneva],
    "sweep": ["sweep", geneva], "runs-show": ["runs", "show", runs, "1"], "report": ["report", geneva],
    "simulate": ["simulate", geneva], "tournament": ["tournament", geneva, "--strategies", "linear"],
    "serve": ["serve"],
}
registry = json.loads(subprocess.run([args.parley, "help", "options", "--format", "json"], check=True,
                                     capture_output=True, text=True).stdout)["options"]
failures, checks = [], 0


def check(what, ok, detail=""):
    global checks
    checks += 1
    if not ok:
        failures.append("%s: %s" % (what, detail))


for task, base in commands.items():
    mine = {o["name"] for o in registry if task in o["tasks"]}
    helped = subprocess.run([args.parley] + base[:2 if task == "runs-show" else 1] + ["--help"], capture_output=True,
                            text=True).stdout
    listed = set(re.findall(r"--([a-z][a-z-]*)", helped.split("Options:", 1)[1])) - {"help"}
    # A help text may name another option of the same command (`--draws 0 runs ...`): those are its own too.
    check("%s: --help lists every registered option" % task, mine <= listed, sorted(mine - listed))
    check("%s: every option --help lists is registered" % task, listed <= mine, sorted(listed - mine))
    for o in registry:
        if task not in o["tasks"] or o["type"] not in ("choice", "integer", "number"):
            continue
        if o["type"] == "choice":
            bad = "nonsense"
        elif o["max"] is None:
            bad = "x1"
        elif o["type"] == "integer":
            bad = "%d" % (int(o["max"]) + 1)
        else:
            bad = repr(o["max"] * 2)
        proc = subprocess.run([args.parley] + base + ["--" + o["name"], bad], capture_output=True, text=True,
                              timeout=60)
        expected = "--%s: expected " % o["name"]
        check("%s --%s %s is refused with exit 64 in the registry's style" % (task, o["name"], bad),
              proc.returncode == 64 and proc.stderr.startswith(expected) and ("found " in proc.stderr),
              (proc.returncode, proc.stderr[:200]))

# Each default the registry states is the one the command uses: a command whose code disagrees refuses to start
# (options.hpp), so every command's --help must run.
for task, base in commands.items():
    proc = subprocess.run([args.parley] + base[:2 if task == "runs-show" else 1] + ["--help"], capture_output=True,
                          text=True)
    check("%s --help runs (its defaults agree with the registry)" % task, proc.returncode == 0, proc.stderr[:300])

for f in failures:
    print("FAIL " + f)
print("options registry: %d checks, %d failed" % (checks, len(failures)))
sys.exit(1 if failures else 0)
