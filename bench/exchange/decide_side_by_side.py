#!/usr/bin/env python3
"""parley's exchange model side by side with Decide's (foarsitter/decide-exchange-model).

Runs Decide's own model classes (EqualGainModel and its ModelLoop, from a source tree given with --decide) and
`parley forecast --model exchange` on the same input files in Decide's CSV layout, round by round, and compares
the outcome on every issue and every actor's voting position after each round. Decide's classes are driven
directly: its reader and CLI need packages Debian does not carry (typesystem, structlog, peewee), which the model
itself does not use; two stand-in modules keep those imports quiet.

Decide breaks ties between equal gains with an unseeded coin (EqualGainModel.ALLOW_RANDOM), and gains that are
equal in exact arithmetic often differ in Decide's 28-digit decimals by rounding alone (1e-27). parley compares
gains in units of 1e-12 and makes, of those in the highest unit, the exchange formed first; this script gives
Decide's model the same rule (numbering its exchanges as it forms them), so that the two can be compared exchange
by exchange, and counts the ties it met.

    python3 bench/exchange/decide_side_by_side.py --decide DIR --parley build/parley [--rounds N] FILE...

Two comparisons per file:

1. Exchange by exchange, Decide given parley's tie rule: one line per round with the largest differences. The runs
   agree to rounding (1e-13) until a round where an outcome lands exactly on an actor's position and Decide's
   decimals round it past that position (docs/models.md §10.3); from there they part.
   With --exact, Decide's check_nbs also reads an outcome within 1e-9 of a position as at it (exact arithmetic,
   as parley does); the runs then agree to rounding in every round.
2. Against Decide as it runs by default (ties broken by its coin), over --repetitions seeded runs: per issue the
   range of Decide's outcomes after the last round, and whether parley's deterministic outcome lies in it.

With --time R it also times R runs of each tool per file (medians) and prints the ratio. Exits 1 when round 1
differs (--tolerance) or parley's outcome lies outside Decide's range on more than --outside issues.
"""

import argparse
import csv
import decimal
import inspect
import io
import json
import statistics
import subprocess
import sys
import textwrap
import time
import types


def stand_ins():
    """Modules Decide's model files import but do not use."""
    typesystem = types.ModuleType("typesystem")
    fields = types.ModuleType("typesystem.fields")
    fields.Decimal = decimal.Decimal
    typesystem.fields = fields
    sys.modules["typesystem"] = typesystem
    sys.modules["typesystem.fields"] = fields
    database = types.ModuleType("decide.data.database")

    class Actor:  # Decide compares model actors with database rows by this class
        pass

    database.Actor = Actor
    sys.modules["decide.data.database"] = database


def read_rows(path):
    """Decide's records: (kind, cells...) with quotes removed, as its reader's csv.Sniffer finds them."""
    text = open(path, encoding="utf-8").read()
    first = next(line for line in text.splitlines() if line.strip())
    delimiter = "\t" if "\t" in first else (";" if ";" in first else ",")
    quote = "'" if first.lstrip().startswith("'") else '"'
    rows = []
    for row in csv.reader(io.StringIO(text), delimiter=delimiter, quotechar=quote):
        row = [c.strip() for c in row]
        if row and row[0]:
            rows.append(row)
    return rows


def decide_model(path, p=None):
    from decide.model import equalgain

    rows = read_rows(path)
    model = equalgain.EqualGainModel(randomized_value=decimal.Decimal(str(p)) if p else None)
    bounds = {}
    for row in rows:
        if row[0] == "#M":
            # typesystem's Number, as Decide's reader reads a scale point: an int when it is one, else a float
            value = float(row[2])
            bounds.setdefault(row[1], []).append(int(value) if value.is_integer() else value)
    for row in rows:
        if row[0] == "#A":
            model.add_actor(actor_name=row[2] if len(row) > 2 and row[2] else row[1], actor_id=row[1])
    for row in rows:
        if row[0] == "#P":
            issue = model.add_issue(row[1])
            points = bounds.get(row[1], [0, 100])
            issue.lower, issue.upper = min(points), max(points)
            issue.calculate_delta()
            issue.calculate_step_size()
    for row in rows:
        if row[0] == "#D":
            model.add_actor_issue(actor=row[1], issue=row[2], position=decimal.Decimal(row[3]),
                                  salience=decimal.Decimal(row[4]), power=decimal.Decimal(row[5]))
    return model


class Recorder:
    """Decide's event handler, reduced to what the comparison reads: after each round, the outcomes and the
    voting positions, on each issue's own scale."""

    def __init__(self, model):
        self.model = model
        self.rounds = []
        self.made = []

    def end_loop(self, iteration, repetition):
        m = self.model
        outcome = {i.name: float(i.de_normalize(m.nbs[i])) for i in m.issues}
        positions = {}
        for issue, actor_issues in m.actor_issues.items():
            for actor, ai in actor_issues.items():
                positions.setdefault(actor.actor_id, {})[issue.name] = float(issue.de_normalize(ai.position))
        self.rounds.append({"outcome": outcome, "positions": positions})

    def after_loop(self, realized, iteration, repetition):
        self.made.append(len(realized))

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def exact_reading(base):
    """Decide's check_nbs with differences within 1e-9 read as none (exact arithmetic), as parley reads them."""
    src = textwrap.dedent(inspect.getsource(base.AbstractExchangeActor.check_nbs))
    old = "if (x - self.nbs_0) >= 0 and (x - self.nbs_1) >= 0:"
    assert old in src, "Decide's check_nbs is not the one this script knows"
    src = src.replace(old, "snap = lambda d: 0 if abs(d) <= decimal.Decimal('1e-9') else d\n"
                      "    d0 = snap(x - self.nbs_0); d1 = snap(x - self.nbs_1)\n"
                      "    if d0 >= 0 and d1 >= 0:\n        pass\n    elif d0 <= 0 and d1 <= 0:\n        pass\n"
                      "    elif False:")
    namespace = dict(base.__dict__)
    namespace["decimal"] = decimal
    exec(src, namespace)
    base.AbstractExchangeActor.check_nbs = namespace["check_nbs"]


TIES = [0]
PARLEY_HIGHEST = [None]
DECIDE_HIGHEST = None


def tie_rule(equalgain):
    """parley's rule for ties in Decide's model: gains in units of 1e-12 (rounded to the nearest), and of the
    exchanges in the highest unit the one formed first (Decide's add_exchange numbers them here)."""
    formed = [0]
    original_add = equalgain.EqualGainModel.add_exchange

    def add_exchange(self, *args, **kwargs):
        e = original_add(self, *args, **kwargs)
        e.formed = formed[0]
        formed[0] += 1
        return e

    def unit(e):
        return int((e.gain / decimal.Decimal("1e-12")).to_integral_value(rounding=decimal.ROUND_HALF_UP))

    def highest_gain(self):
        best = max(unit(e) for e in self.exchanges)
        near = [e for e in self.exchanges if unit(e) == best]
        if len(near) > 1:
            TIES[0] += 1
        chosen = min(near, key=lambda e: e.formed)
        self.exchanges.remove(chosen)
        return chosen

    equalgain.EqualGainModel.add_exchange = add_exchange
    PARLEY_HIGHEST[0] = highest_gain


def run_decide(path, rounds, seed=None):
    """Decide's run; with a seed, its own tie coin (random.random) decides ties, seeded."""
    import random

    from decide.model import equalgain
    from decide.model.utils import ModelLoop

    if seed is not None:
        random.seed(seed)
    equalgain.EqualGainModel.highest_gain = DECIDE_HIGHEST if seed is not None else PARLEY_HIGHEST[0]
    model = decide_model(path)
    recorder = Recorder(model)
    loop = ModelLoop(model, recorder, 0)
    for _ in range(rounds):
        loop.loop()
    return recorder


def randomized(args, path):
    """The randomized variant in distribution: Decide's runs (random.seed(r)) and parley's (--seed r + 1) draw from
    different generators, so their runs differ; their outcomes' means over the runs should not."""
    import random

    from decide.model import equalgain
    from decide.model.utils import ModelLoop

    equalgain.EqualGainModel.highest_gain = PARLEY_HIGHEST[0]
    theirs, mine = [], []
    for r in range(args.repetitions):
        random.seed(r)
        model = decide_model(path, args.randomized)
        recorder = Recorder(model)
        loop = ModelLoop(model, recorder, 0)
        for _ in range(args.rounds):
            loop.loop()
        theirs.append(recorder.rounds[-1]["outcome"])
        out = subprocess.run([args.parley, "forecast", path, "--model", "exchange", "--variant", "randomized",
                              "--randomness", str(args.randomized), "--seed", str(r + 1), "--rounds",
                              str(args.rounds), "--format", "json"], check=True, capture_output=True, text=True)
        mine.append(list(json.loads(out.stdout)["rounds"][-1]["outcome"].values()))
    far = 0
    for k, name in enumerate(theirs[0]):
        a = [t[name] for t in theirs]
        b = [m[k] for m in mine]
        se = (statistics.variance(a) / len(a) + statistics.variance(b) / len(b)) ** 0.5 if len(a) > 1 else 0
        z = abs(statistics.mean(a) - statistics.mean(b)) / se if se > 0 else 0
        far += 1 if z > 3 else 0
        print(f"{path} {name}: Decide mean {statistics.mean(a):.2f} (sd {statistics.pstdev(a):.2f}), parley mean "
              f"{statistics.mean(b):.2f} (sd {statistics.pstdev(b):.2f}), difference {z:.1f} standard errors")
    print(f"{path}: randomized p = {args.randomized}, {args.repetitions} runs each: {far} issues over 3 standard "
          "errors apart")
    return far > 0


def run_parley(parley, path, rounds):
    out = subprocess.run([parley, "forecast", path, "--model", "exchange", "--rounds", str(rounds), "--format",
                          "json"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def compare(path, decide, ours, tolerance):
    """Largest differences per round; parley stops at a round with no exchange, Decide runs on unchanged."""
    # parley leaves out an actor or issue without weight (no #D line of positive salience and power): compare the
    # others, in the file's order.
    weighted = set()
    for row in read_rows(path):
        if row[0] == "#D" and float(row[4]) * float(row[5]) > 0:
            weighted.add((row[1], row[2]))
    ids = {}
    names = {}
    for row in read_rows(path):
        if row[0] == "#A" and any(a == row[1] for a, _ in weighted):
            ids[row[1]] = None
        if row[0] == "#P" and any(k == row[1] for _, k in weighted):
            names[row[1]] = None
    bad = False
    lines = []
    last = ours["rounds"][-1]
    for n, theirs in enumerate(decide.rounds):
        mine = ours["rounds"][n] if n < len(ours["rounds"]) else last
        made = len(mine["exchanges"]) if n < len(ours["rounds"]) else 0
        issue_ids = list(mine["outcome"].keys())
        d_out = max(abs(mine["outcome"][issue_ids[k]] - theirs["outcome"][name]) for k, name in enumerate(names))
        actor_ids = list(mine["positions"].keys())
        d_pos = 0.0
        for a, actor in enumerate(ids):
            for k, name in enumerate(names):
                if name in theirs["positions"].get(actor, {}):
                    d_pos = max(d_pos, abs(mine["positions"][actor_ids[a]][issue_ids[k]] -
                                           theirs["positions"][actor][name]))
        ok = d_out <= tolerance and d_pos <= tolerance and made == decide.made[n]
        bad = bad or not ok
        lines.append(f"{path} round {n + 1}: exchanges {made} (Decide {decide.made[n]}), outcome max |diff| "
                     f"{d_out:.3g}, positions max |diff| {d_pos:.3g}{'' if ok else '  MISMATCH'}")
    return bad, lines


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--decide", required=True, help="Decide's source tree (the folder holding decide/)")
    ap.add_argument("--parley", default="build/parley")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--tolerance", type=float, default=1e-6)
    ap.add_argument("--exact", action="store_true",
                    help="give Decide's check_nbs parley's exact reading of an outcome at a position")
    ap.add_argument("--repetitions", type=int, default=20, help="Decide's own runs (seeded coin) per file")
    ap.add_argument("--outside", type=int, default=1,
                    help="issues on which parley may lie outside Decide's range before the script fails")
    ap.add_argument("--time", type=int, default=0, help="also time this many runs of each tool per file")
    ap.add_argument("--randomized", type=float, default=0,
                    help="compare the randomized variant with this p instead, in distribution over --repetitions runs")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    sys.path.insert(0, args.decide)
    stand_ins()
    from decide.model import equalgain

    global DECIDE_HIGHEST
    DECIDE_HIGHEST = equalgain.EqualGainModel.highest_gain
    tie_rule(equalgain)
    if args.exact:
        from decide.model import base

        exact_reading(base)
    bad = False
    if args.randomized:
        for path in args.files:
            bad = randomized(args, path) or bad
        sys.exit(1 if bad else 0)
    for path in args.files:
        decide = run_decide(path, args.rounds)
        ours = run_parley(args.parley, path, args.rounds)
        file_bad, lines = compare(path, decide, ours, args.tolerance)
        bad = bad or file_bad
        print("\n".join(lines))
        print(f"{path}: {TIES[0]} choices among tied gains")
        TIES[0] = 0
        bad = bad or "MISMATCH" in lines[0]
        if args.repetitions:
            finals = [run_decide(path, args.rounds, seed=r).rounds[-1]["outcome"] for r in range(args.repetitions)]
            mine = list(ours["rounds"][-1]["outcome"].values())
            outside = 0
            for k, name in enumerate(finals[0]):
                values = [f[name] for f in finals]
                inside = min(values) - 1e-9 <= mine[k] <= max(values) + 1e-9
                outside += 0 if inside else 1
                print(f"{path} {name}: Decide's {args.repetitions} runs {min(values):.2f} to {max(values):.2f} "
                      f"(mean {statistics.mean(values):.2f}), parley {mine[k]:.2f}{'' if inside else '  OUTSIDE'}")
            print(f"{path}: parley inside Decide's range on {len(finals[0]) - outside} of {len(finals[0])} issues")
            bad = bad or outside > args.outside
        if args.time:
            def timed(fn):
                times = []
                for _ in range(args.time):
                    t = time.perf_counter()
                    fn()
                    times.append(time.perf_counter() - t)
                return statistics.median(times)
            t_decide = timed(lambda: run_decide(path, args.rounds))
            t_parley = timed(lambda: run_parley(args.parley, path, args.rounds))
            print(f"{path}: Decide {t_decide:.4f} s (in process), parley {t_parley:.4f} s (whole process), "
                  f"ratio {t_decide / t_parley:.1f}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
