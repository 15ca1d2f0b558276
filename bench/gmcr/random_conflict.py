#!/usr/bin/env python3
"""Generate a random graph-model conflict for gmcr-py and for parley.

The same conflict is written twice: as a gmcr-py save file (.gmcr JSON) and
as a parley scenario (YAML; the `conflict` section of
docs/scenario-format.md). Everything follows from (options, dms, seed) through
random.Random(seed), so a conflict can be rebuilt from its command line.

Shape of the conflict:
- options o1..oN; decision makers d1..dD; DM k controls the k-th contiguous
  block of options (block sizes differ by at most one, so gmcr-py's
  reorderOptionsByDM keeps the declared order and its state numbers are
  parley's);
- each DM has 3-6 prioritization statements over any options, most important
  first: a conjunction of 1-3 literals, or now and then a disjunction of 2-3
  such conjunctions;
- 0-2 infeasible conditions, each a conjunction of 2-3 literals;
- every option reversible, unless --directions, which makes some options
  one-way (gmcr-py fwd = parley take, back = drop), at least one of them;
  the rest of the conflict is the same with or without the flag.

Usage:
  random_conflict.py --options N --dms D --seed S --out-gmcr F.gmcr \
      --out-yaml F.yaml [--directions] [--status-quo]
"""

import argparse
import json
import random
import sys

# A literal is (option index, "Y" or "N"); a conjunction is a tuple of
# literals with distinct options, sorted by option; a condition is
# ("and", conjunction) or ("or", (conjunction, ...)).


def random_conjunction(rng, n_options, min_len, max_len):
    size = rng.randint(min_len, min(max_len, n_options))
    picked = sorted(rng.sample(range(n_options), size))
    return tuple((k, rng.choice("YN")) for k in picked)


def random_statement(rng, n_options):
    if rng.random() < 0.2:
        members = set()
        want = rng.randint(2, 3)
        for _ in range(20):  # bounded: tiny conflicts have few conjunctions
            members.add(random_conjunction(rng, n_options, 1, 2))
            if len(members) == want:
                break
        if len(members) >= 2:
            return ("or", tuple(sorted(members)))
    return ("and", random_conjunction(rng, n_options, 1, 3))


def distinct(rng, count, make):
    """`count` distinct conditions from `make` (gmcr-py drops duplicates)."""
    out = []
    for _ in range(50 * count):
        cond = make()
        if cond not in out:
            out.append(cond)
        if len(out) == count:
            break
    return out


def block_sizes(rng, n_options, n_dms):
    base, extra = divmod(n_options, n_dms)
    bigger = set(rng.sample(range(n_dms), extra))
    return [base + (1 if k in bigger else 0) for k in range(n_dms)]


def directions(rng, n_options, enabled):
    dirs = ["both"] * n_options
    if not enabled:
        return dirs
    for k in range(n_options):
        if rng.random() < 0.25:
            dirs[k] = rng.choice(["fwd", "back"])
    if all(d == "both" for d in dirs):
        dirs[rng.randrange(n_options)] = rng.choice(["fwd", "back"])
    return dirs


def generate(n_options, n_dms, seed, with_directions):
    """The conflict as a plain dict (option indices are 0-based)."""
    if n_dms < 2 or n_options < n_dms:
        raise ValueError("need at least 2 decision makers and one option each")
    rng = random.Random(seed)
    sizes = block_sizes(rng, n_options, n_dms)
    owners, start = [], 0
    for size in sizes:
        owners.append(list(range(start, start + size)))
        start += size
    prefs = [distinct(rng, rng.randint(3, 6),
                      lambda: random_statement(rng, n_options))
             for _ in range(n_dms)]
    infeasible = distinct(
        rng, rng.randint(0, 2),
        lambda: ("and", random_conjunction(rng, n_options, 2, 3)))
    # Drawn last, so --directions changes nothing else in the conflict.
    dirs = directions(rng, n_options, with_directions)
    return {"n_options": n_options, "owners": owners, "directions": dirs,
            "preferences": prefs, "infeasible": infeasible}


# --- gmcr-py ---------------------------------------------------------------

def gmcr_condition(cond):
    kind, body = cond
    if kind == "and":
        return [[k, v] for k, v in body]
    return {"compound": True,
            "members": [[[k, v] for k, v in conj] for conj in body]}


def to_gmcr(conflict):
    return {
        "options": [{"name": f"o{k + 1}", "permittedDirection": d}
                    for k, d in enumerate(conflict["directions"])],
        "decisionMakers": [
            {"name": f"d{i + 1}", "options": opts,
             "preferences": [gmcr_condition(c) for c in prefs]}
            for i, (opts, prefs) in enumerate(zip(conflict["owners"],
                                                  conflict["preferences"]))],
        "infeasibles": [gmcr_condition(c) for c in conflict["infeasible"]],
        "useManualPreferenceRanking": False,
        "program": "gmcr-py",
    }


def gmcr_text(data):
    """JSON with one option, decision maker or infeasible per line."""
    parts = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            items = ",\n  ".join(json.dumps(v) for v in value)
            parts.append(f"{json.dumps(key)}: [\n  {items}\n ]")
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(value)}")
    return "{" + ",\n ".join(parts) + "\n}\n"


# --- parley ----------------------------------------------------------------

PARLEY_DIRECTION = {"fwd": "take", "back": "drop"}


def expr_conjunction(conj):
    return " and ".join(f"o{k + 1}" if v == "Y" else f"not o{k + 1}"
                        for k, v in conj)


def expr_condition(cond):
    kind, body = cond
    if kind == "and":
        return expr_conjunction(body)
    return " or ".join(f"({expr_conjunction(c)})" if len(c) > 1
                       else expr_conjunction(c) for c in body)


def first_feasible(conflict):
    """The pattern (Y/N per option) of the feasible state with the lowest code: option k is bit k."""
    n = conflict["n_options"]
    for code in range(1 << n):
        if not any(all(((code >> k) & 1) == (letter == "Y") for k, letter in cond)
                   for _, cond in conflict["infeasible"]):
            return "".join("Y" if (code >> k) & 1 else "N" for k in range(n))
    raise ValueError("no feasible state")


def to_yaml(conflict, command, status_quo=False):
    n_dms = len(conflict["owners"])
    lines = [
        f"# Generated by: {command}",
        "# (which writes the same conflict as a gmcr-py .gmcr file).",
        "parley: 1",
        f"title: Random conflict, {conflict['n_options']} options, "
        f"{n_dms} decision makers",
        "description: >-",
        "  Random graph-model conflict for cross-checking and benchmarking",
        "  against gmcr-py. The issue is nominal; the conflict section is the",
        "  point of this file.",
        "issues:",
        "  - {id: nominal, name: Nominal issue}",
        "actors:",
    ]
    for i in range(n_dms):
        lines += [f"  - id: d{i + 1}", f"    name: D{i + 1}",
                  "    capability: 1",
                  "    stances: {nominal: {position: 50, salience: 50}}"]
    lines += ["conflict:", "  options:"]
    for i, opts in enumerate(conflict["owners"]):
        for k in opts:
            extra = ""
            d = conflict["directions"][k]
            if d != "both":
                extra = f", direction: {PARLEY_DIRECTION[d]}"
            lines.append(f"    - {{id: o{k + 1}, actor: d{i + 1}, "
                         f"label: Option {k + 1}{extra}}}")
    if status_quo:
        lines.append(f'  status_quo: "{first_feasible(conflict)}"')
    if conflict["infeasible"]:
        lines.append("  infeasible:")
        lines += [f'    - "{expr_condition(c)}"'
                  for c in conflict["infeasible"]]
    lines.append("  preferences:")
    for i, prefs in enumerate(conflict["preferences"]):
        lines.append(f"    d{i + 1}:")
        lines += [f'      - "{expr_condition(c)}"' for c in prefs]
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--options", type=int, required=True)
    ap.add_argument("--dms", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out-gmcr", required=True)
    ap.add_argument("--out-yaml", required=True)
    ap.add_argument("--directions", action="store_true",
                    help="make some options one-way (fwd/take, back/drop)")
    ap.add_argument("--status-quo", action="store_true",
                    help="parley's YAML only: the feasible state of lowest code is the status quo")
    args = ap.parse_args(argv)
    try:
        conflict = generate(args.options, args.dms, args.seed,
                            args.directions)
    except ValueError as err:
        ap.error(str(err))
    command = (f"random_conflict.py --options {args.options} --dms {args.dms}"
               f" --seed {args.seed}"
               + (" --directions" if args.directions else "")
               + (" --status-quo" if args.status_quo else ""))
    with open(args.out_gmcr, "w") as f:
        f.write(gmcr_text(to_gmcr(conflict)))
    with open(args.out_yaml, "w") as f:
        f.write(to_yaml(conflict, command, args.status_quo))
    return 0


if __name__ == "__main__":
    sys.exit(main())
