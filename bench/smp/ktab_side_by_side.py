#!/usr/bin/env python3
"""KTAB's spatial model side by side with parley's, under KTAB's parameters (docs/benchmarks.md).

Runs KTAB's `smpc` (built from KTAB's source outside this repository; nothing of KTAB's is committed) and
`parley forecast --model smp` on the same KTAB XML scenario with the same <ModelParameters>, and compares the
position of every actor on every issue in every state. smpc stores positions in its SQLite database
(table VectorPosition, 0..100) at full precision; parley's JSON gives them on the same scale.

  python3 bench/smp/ktab_side_by_side.py --smpc PATH --parley build/parley --xml FILE.xml \
      [--set VictoryProbModel=Square,VotingRule=PropBin ...] [--single] [--random N --seed S] \
      [--repetitions R] [--stochastic R]

--set      one parameter set (KTAB's element and value names; the rest KTAB's defaults); repeatable
--single   every value of every parameter, one at a time, the rest at KTAB's defaults
--random   N random combinations of all nine parameters (deterministic transitions), drawn with --seed
--repetitions R  time each side R times (whole process, medians) instead of once
--stochastic R   with StateTransitions=Stochastic, compare the final positions in distribution over R runs
                 each (smpc's stochastic runs do not replay: its threads share one generator)

smpc exits 0 even when it fails; a run whose log says "Error:" counts as refused. KTAB's XML reader requires
<prngSeed> and <IdealAdjustment>: a copy without them gets a seed and the identity adjustment (each actor's
ideal is its position), which is what smpc starts from and what parley models.
"""
import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

# KTAB's parameters and their values, in KTAB's order (kmodel.h, smp.h); the first value listed last is the
# default.
PARAMETERS = {
    "VictoryProbModel": (["Linear", "Square", "Quartic", "Octic", "Binary"], "Linear"),
    "VotingRule": (["Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp"], "Prop"),
    "PCEModel": (["Conditional", "MarkovIncentive", "MarkovUniform"], "Conditional"),
    "StateTransitions": (["Deterministic", "Stochastic"], "Deterministic"),
    "BigRRange": (["Min", "Mid", "Max"], "Mid"),
    "BigRAdjust": (["None", "OneThird", "Half", "TwoThirds", "Full"], "OneThird"),
    "ThirdPartyCommit": (["NoCommit", "SemiCommit", "FullCommit"], "SemiCommit"),
    "InterVecBrgn": (["S1P1", "S2P2", "S2PMax"], "S2P2"),
    "BargnModel": (["InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"], "InitOnlyInterp"),
}

LOGGER = """* GLOBAL:
    FORMAT = %msg
    FILENAME = "smpc_log.txt"
    ENABLED = true
    TO_FILE = true
    TO_STANDARD_OUTPUT = false
* FATAL:
    ENABLED = false
"""


def ktab_csv_as_xml(path):
    """A KTAB CSV scenario (name, description, actors, issues; a header; per actor name, description, capability,
    then position and salience per issue) as KTAB's XML."""
    rows = [[c.strip() for c in line.split(",")] for line in open(path, encoding="utf-8-sig") if line.strip()]
    actors, issues = int(rows[0][2]), int(rows[0][3])
    root = ET.Element("Scenario")
    ET.SubElement(root, "name").text = rows[0][0]
    ET.SubElement(root, "desc").text = rows[0][1]
    dims = ET.SubElement(root, "Dimensions")
    for k in range(issues):
        ET.SubElement(dims, "dName").text = rows[1][3 + 2 * k].replace(" Position", "")
    el = ET.SubElement(root, "Actors")
    for row in rows[2:2 + actors]:
        a = ET.SubElement(el, "Actor")
        ET.SubElement(a, "name").text = row[0]
        ET.SubElement(a, "description").text = row[1]
        ET.SubElement(a, "capability").text = row[2]
        pos, sal = ET.SubElement(a, "Position"), ET.SubElement(a, "Salience")
        for k in range(issues):
            ET.SubElement(pos, "dCoord").text = row[3 + 2 * k]
            ET.SubElement(sal, "dSal").text = row[4 + 2 * k]
    return root


def variant(src, params, seed):
    """The scenario with exactly these parameters (all nine), a seed and, if missing, an identity adjustment."""
    root = ktab_csv_as_xml(src) if src.endswith(".csv") else ET.parse(src).getroot()
    for old in root.findall("ModelParameters"):
        root.remove(old)
    block = ET.Element("ModelParameters")
    for name, (_, default) in PARAMETERS.items():
        ET.SubElement(block, name).text = params.get(name, default)
    root.insert(0, block)
    seed_el = root.find("prngSeed")
    if seed_el is None:
        seed_el = ET.Element("prngSeed")
        root.insert(0, seed_el)
    seed_el.text = str(seed)
    if root.find("IdealAdjustment") is None:
        ia = ET.SubElement(root, "IdealAdjustment")
        pair = ET.SubElement(ia, "iaPair")
        first = root.find("Actors/Actor/name").text.strip()
        ET.SubElement(pair, "adjustingIdeal").text = first
        ET.SubElement(pair, "referencePos").text = first
        ET.SubElement(pair, "adjust").text = "1.0"
    return ET.tostring(root, encoding="unicode")


def run_smpc(smpc, xml_text, seed):
    """(positions[state][actor][issue] or None, error text, seconds)."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "scenario.xml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(xml_text)
        with open(os.path.join(d, "smpc-logger.conf"), "w") as f:
            f.write(LOGGER)
        start = time.perf_counter()
        p = subprocess.run([smpc, "--logmin", "--xml", path, "--seed", str(seed), "--connstr",
                            "Driver=QSQLITE;Database=run"],
                           cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=3600)
        seconds = time.perf_counter() - start
        log = open(os.path.join(d, "smpc_log.txt"), encoding="utf-8", errors="replace").read()
        errors = [l.strip() for l in log.splitlines() if l.strip().startswith("Error:")]
        if errors:
            return None, errors[0], seconds
        # An uncaught exception (smpc's range checks in probEduChlg) aborts it without an "Error:" line.
        if p.returncode != 0:
            what = p.stderr.decode("utf-8", "replace").strip().splitlines()
            return None, "exit %d%s" % (p.returncode, ": " + what[-1] if what else ""), seconds
        con = sqlite3.connect(os.path.join(d, "run.db"))
        rows = con.execute("SELECT Turn_t, Act_i, Dim_k, Pos_Coord FROM VectorPosition").fetchall()
        con.close()
        if not rows:
            return None, "no positions stored", seconds
    turns = 1 + max(r[0] for r in rows)
    actors = 1 + max(r[1] for r in rows)
    dims = 1 + max(r[2] for r in rows)
    pos = [[[None] * dims for _ in range(actors)] for _ in range(turns)]
    for t, a, k, x in rows:
        pos[t][a][k] = x
    return pos, "", seconds


def run_parley(parley, xml_text, seed, params):
    """Runs parley on the variant file itself: the parameters come from its <ModelParameters>."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "scenario.xml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(xml_text)
        args = ["--seed", str(seed)] if params.get("StateTransitions") == "Stochastic" else []
        start = time.perf_counter()
        p = subprocess.run([parley, "forecast", path, "--model", "smp", "--format", "json", "--quiet"] + args,
                           capture_output=True, text=True, timeout=3600)
        seconds = time.perf_counter() - start
    if p.returncode != 0:
        return None, p.stderr.strip().splitlines()[-1] if p.stderr.strip() else "exit %d" % p.returncode, seconds
    out = json.loads(p.stdout)
    pos = []
    for r in out["rounds"]:
        pos.append([list(issues.values()) for issues in r["positions"].values()])
    return pos, "", seconds


def compare(a, b):
    """(states a, states b, largest difference over the common states, first state that differs by > 0.005)."""
    common = min(len(a), len(b))
    largest, first = 0.0, None
    for t in range(common):
        d = max(abs(x - y) for ra, rb in zip(a[t], b[t]) for x, y in zip(ra, rb))
        largest = max(largest, d)
        if d > 0.005 and first is None:
            first = t
    return len(a), len(b), largest, first


def label(params):
    return ",".join("%s=%s" % kv for kv in params.items()) or "KTAB defaults"


def parameter_sets(args):
    sets = []
    for s in args.set or []:
        sets.append(dict(kv.split("=", 1) for kv in s.split(",") if kv))
    if args.single:
        sets.append({})
        for name, (values, default) in PARAMETERS.items():
            for v in values:
                if v != default and name != "StateTransitions":
                    sets.append({name: v})
    if args.random:
        rng = random.Random(args.seed)
        for _ in range(args.random):
            # smpc refuses BigRAdjust=Full whatever the input (its check that an actor's estimate of another's
            # utilities differs from the truth fails by construction), so the draws leave it out.
            sets.append({name: rng.choice([v for v in values if v != "Full"])
                         for name, (values, _) in PARAMETERS.items() if name != "StateTransitions"})
    return sets


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smpc", required=True)
    ap.add_argument("--parley", required=True)
    ap.add_argument("--xml", required=True, action="append", help="KTAB XML or CSV scenario (repeatable)")
    ap.add_argument("--set", action="append")
    ap.add_argument("--single", action="store_true")
    ap.add_argument("--random", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repetitions", type=int, default=1)
    ap.add_argument("--stochastic", type=int, default=0)
    ap.add_argument("--json", action="store_true", help="one JSON object per comparison")
    ap.add_argument("--write-reference", metavar="FILE",
                    help="write smpc's runs (parameters, states, every position) as the JSON that "
                         "tests/unit/forecast/smp_test.cpp reads")
    args = ap.parse_args()
    smpc = os.path.abspath(args.smpc)
    parley = os.path.abspath(args.parley)
    agree = total = 0
    reference = []
    for xml in args.xml:
        for params in parameter_sets(args):
            text = variant(xml, params, 1)
            times_k, times_p, runs_k = [], [], []
            for _ in range(args.repetitions):
                pk, err_k, tk = run_smpc(smpc, text, 1)
                pp, err_p, tp = run_parley(parley, text, 1, params)
                times_k.append(tk)
                times_p.append(tp)
                runs_k.append(pk)
            row = {"file": os.path.basename(xml), "parameters": label(params),
                   "smpc_s": statistics.median(times_k), "parley_s": statistics.median(times_p)}
            if pk is None or pp is None:
                row.update(smpc_error=err_k, parley_error=err_p)
                verdict = "both refuse" if pk is None and pp is None else "smpc refuses" if pk is None else "parley refuses"
            else:
                sk, sp, largest, first = compare(pk, pp)
                row.update(states_smpc=sk, states_parley=sp, largest=largest, first_difference=first)
                verdict = "agree" if sk == sp and first is None else "DIFFER"
                # smpc's queues fill from its threads, so under an order-dependent voting rule (ASymProsp) its own
                # runs can differ: count the runs parley matches and the distinct smpc trajectories.
                same = lambda a, b: a is not None and b is not None and len(a) == len(b) and compare(a, b)[3] is None
                distinct = []
                for r in runs_k:
                    if r is not None and not any(same(r, d) for d in distinct):
                        distinct.append(r)
                matched = sum(same(r, pp) for r in runs_k)
                row.update(smpc_trajectories=len(distinct), parley_matches=matched,
                           smpc_states=sorted(len(d) for d in distinct))
                if len(distinct) > 1:
                    verdict = "smpc varies"
                    row["detail"] = "%d smpc runs, %d distinct (states %s); parley matches %d" % (
                        len(runs_k), len(distinct), row["smpc_states"], matched)
            total += 1
            agree += verdict in ("agree", "both refuse")
            # Only runs smpc repeats: under ASymProsp its result depends on its threads' timing.
            if args.write_reference and verdict in ("agree", "both refuse") and params.get("VotingRule") != "ASymProsp":
                case = {"file": os.path.basename(xml),
                        "parameters": {name: params.get(name, default) for name, (_, default) in PARAMETERS.items()}}
                if pk is None:
                    case["refused"] = err_k
                else:
                    case["positions"] = [[[round(x, 9) for x in actor] for actor in state] for state in pk]
                reference.append(case)
            row["verdict"] = verdict
            if args.json:
                print(json.dumps(row))
            else:
                detail = (" " + row["detail"] if "detail" in row else
                          " states %d/%d largest %.4f%s" % (row["states_smpc"], row["states_parley"], row["largest"],
                          "" if row["first_difference"] is None else " from state %d" % row["first_difference"])
                          if "largest" in row else " smpc: %s | parley: %s" % (err_k or "ran", err_p or "ran"))
                print("%-14s %-60s %-13s%s  smpc %.3f s, parley %.3f s, %.0fx" % (
                    row["file"], row["parameters"], verdict, detail, row["smpc_s"], row["parley_s"],
                    row["smpc_s"] / max(row["parley_s"], 1e-9)))
            sys.stdout.flush()
    if args.stochastic:
        for xml in args.xml:
            stochastic(xml, smpc, parley, args.stochastic)
    if total:
        print("%d of %d parameter sets agree" % (agree, total))
    if args.write_reference:
        with open(args.write_reference, "w") as f:
            json.dump({"about": "KTAB smpc's runs (positions 0..100 from its database, state x actor x issue) "
                                "under the parameters given; written by bench/smp/ktab_side_by_side.py",
                       "cases": reference}, f, separators=(",", ":"))
            f.write("\n")


def stochastic(xml, smpc, parley, runs):
    """Final positions of stochastic runs, in distribution: per actor and issue, the difference of the means in
    standard errors."""
    params = {"StateTransitions": "Stochastic"}
    finals_k, finals_p, states_k, states_p = [], [], [], []
    for r in range(runs):
        text = variant(xml, params, 1000 + r)
        pk, err, _ = run_smpc(smpc, text, 1000 + r)
        if pk is not None:
            finals_k.append(pk[-1])
            states_k.append(len(pk))
        pp, err, _ = run_parley(parley, text, 1000 + r, params)
        if pp is not None:
            finals_p.append(pp[-1])
            states_p.append(len(pp))
    worst = 0.0
    for a in range(len(finals_k[0])):
        for k in range(len(finals_k[0][0])):
            xs = [f[a][k] for f in finals_k]
            ys = [f[a][k] for f in finals_p]
            se = (statistics.pvariance(xs) / len(xs) + statistics.pvariance(ys) / len(ys)) ** 0.5
            diff = abs(statistics.mean(xs) - statistics.mean(ys))
            worst = max(worst, diff / se if se > 0 else (0.0 if diff < 1e-9 else float("inf")))
    print("%s stochastic, %d runs each: states smpc %.1f (%d-%d), parley %.1f (%d-%d); final positions' means "
          "within %.2f standard errors" % (os.path.basename(xml), runs, statistics.mean(states_k), min(states_k),
                                           max(states_k), statistics.mean(states_p), min(states_p), max(states_p),
                                           worst))


if __name__ == "__main__":
    main()
