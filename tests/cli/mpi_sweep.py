#!/usr/bin/env python3
"""`mpirun -n K parley sweep` (issue 6): the same output as one process, byte for byte, for K = 2 and 3;
failures reported once, with parley's exit status; commands other than sweep and tournament refused under
mpirun. Also `mpirun -n K parley tournament` (issue 8) against one process.

Usage: mpi_sweep.py --parley PATH --mpirun PATH --root SOURCE_DIR
       mpi_sweep.py --parley PATH --root SOURCE_DIR --without-mpi  (a parley built without MPI refuses to run
       as one of several processes instead of printing its sweep once per process)
"""
import argparse
import os
import subprocess
import sys
import tempfile

parser = argparse.ArgumentParser()
parser.add_argument("--parley", required=True)
parser.add_argument("--mpirun")
parser.add_argument("--root", required=True)
parser.add_argument("--without-mpi", action="store_true")
args = parser.parse_args()

if args.without_mpi:
    geneva = os.path.join(args.root, "examples", "geneva.yaml")
    r = subprocess.run([args.parley, "sweep", geneva, "--draws", "10"], capture_output=True, text=True,
                       env=dict(os.environ, OMPI_COMM_WORLD_SIZE="2", OMPI_COMM_WORLD_RANK="1"), timeout=60)
    if r.returncode != 64 or "built without MPI, so it cannot run as one of 2 processes" not in r.stderr or r.stdout:
        print(f"expected a refusal (exit 64), got exit {r.returncode}: {r.stderr}{r.stdout[:200]}")
        sys.exit(1)
    print("a parley without MPI refuses to run as one of 2 processes")
    sys.exit(0)

env = dict(os.environ)
# CI runs as root in a container; Open MPI refuses root unless told, and has no hostfile: allow more ranks
# than cores.
env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OMPI_MCA_rmaps_base_oversubscribe="1")
geneva = os.path.join(args.root, "examples", "geneva.yaml")
failures = []


def run(ranks, *parley_args):
    cmd = ([args.mpirun, "-n", str(ranks)] if ranks else []) + [args.parley, *parley_args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)


def check(what, ok, detail=""):
    if not ok:
        failures.append(f"{what}: {detail}")


# Formats that need the summaries only (JSON, YAML, text) summarise where the draws are; CSV and --sensitivity
# bring every draw to rank 0.
cases = [
    ["--draws", "1234", "--seed", "9", "--format", "json"],
    ["--draws", "777", "--seed", "5"],
    ["--draws", "333", "--seed", "8", "--issue", "territory", "--format", "yaml"],
    ["--draws", "300", "--seed", "2", "--format", "csv"],
    ["--draws", "250", "--seed", "4", "--format", "json", "--sensitivity"],
    ["--draws", "40", "--analysis", "stability", "--format", "json"],
    ["--draws", "30", "--issue", "territory", "--vary", "actors.ru.capability=60..100:3", "--format", "json"],
    ["--draws", "2", "--issue", "security", "--format", "json", "--threads", "1"],
]
for case in cases:
    one = run(0, "sweep", geneva, "--quiet", *case)
    check(f"one process {case}", one.returncode == 0 and one.stdout, one.stderr)
    for ranks in (2, 3):
        many = run(ranks, "sweep", geneva, "--quiet", *case)
        check(f"{ranks} processes {case} exit", many.returncode == 0, many.stderr)
        check(f"{ranks} processes {case} output", many.stdout == one.stdout,
              f"{len(many.stdout)} bytes against {len(one.stdout)}")

# The run store: written by rank 0 alone, and what it holds equals one process's.
with tempfile.TemporaryDirectory() as tmp:
    stored = {}
    for ranks in (0, 2):
        db = os.path.join(tmp, f"runs{ranks}.db")
        r = run(ranks, "sweep", geneva, "--quiet", "--draws", "1500", "--issue", "security", "--out", db, "--keep-draws")
        check(f"--out with {ranks} processes", r.returncode == 0, r.stderr)
        shown = subprocess.run([args.parley, "runs", "show", db, "1", "--format", "csv"], capture_output=True, text=True)
        stored[ranks] = shown.stdout
    check("kept draws", stored[0] == stored[2] and stored[0].count("\n") > 1500, "the stores differ")
    # Without --keep-draws no draw travels: the stored summary equals one process's.
    summaries = {}
    for ranks in (0, 2):
        db = os.path.join(tmp, f"summary{ranks}.db")
        r = run(ranks, "sweep", geneva, "--quiet", "--draws", "1100", "--seed", "6", "--out", db)
        check(f"--out without --keep-draws, {ranks} processes", r.returncode == 0, r.stderr)
        shown = subprocess.run([args.parley, "runs", "show", db, "1", "--format", "json"], capture_output=True, text=True)
        summaries[ranks] = shown.stdout
    check("stored summaries", summaries[0] == summaries[2] and '"outputs"' in summaries[0],
          f"{len(summaries[2])} bytes against {len(summaries[0])}")

# Failures: the status of one process, the message once.
refused = run(2, "sweep", geneva, "--draws", "0")
check("--draws 0 status", refused.returncode == 64, refused.returncode)
check("--draws 0 message once", refused.stderr.count("parley: error: --draws must be") == 1, refused.stderr)
missing = run(2, "sweep", os.path.join(args.root, "no-such-file.yaml"), "--draws", "10")
check("missing file status", missing.returncode == 66, missing.returncode)
check("missing file message once", missing.stderr.count("cannot open") == 1, missing.stderr)
other = run(2, "analyze", geneva)
check("analyze refused",
      other.returncode == 64 and "only 'parley sweep' and 'parley tournament' run across MPI processes" in other.stderr,
      other.stderr)

# `mpirun -n K parley tournament` (issue 8): rank 0's scores equal one process's, byte for byte.
bilateral = os.path.join(args.root, "tests", "cli", "sim", "bilateral.yaml")
tournaments = [
    [bilateral, geneva, "--strategies", "boulware,linear,random,frontier", "--repetitions", "60", "--format", "json"],
    [bilateral, "--strategies", "conceder,tit-for-tat,random:0.3", "--repetitions", "5", "--protocol", "single-text",
     "--format", "csv", "--threads", "1"],
]
for case in tournaments:
    one = run(0, "tournament", *case)
    check(f"one process tournament {case}", one.returncode == 0 and one.stdout, one.stderr)
    for ranks in (2, 3):
        many = run(ranks, "tournament", *case)
        check(f"{ranks} processes tournament {case}", many.returncode == 0 and many.stdout == one.stdout, many.stderr)
bad = run(2, "tournament", bilateral, os.path.join(args.root, "tests", "scenarios", "bad", "unknown-role.yaml"),
          "--strategies", "linear")
check("tournament bad input status", bad.returncode == 65, bad.returncode)
check("tournament bad input diagnostics once", bad.stderr.count("unknown role 'observer'") == 1, bad.stderr)

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"mpi: {len(cases)} sweeps and {len(tournaments)} tournaments byte-identical on 2 and 3 processes; store and "
      "failures as one process")
