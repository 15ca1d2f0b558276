#!/usr/bin/env python3
"""The site's privacy contract (docs/serve.md, "What the site reveals") against an adaptive attacker.

The mediator and every party but one (the victim) attack together. They know everything about the victim but
its limits: its positions and saliences are given to them (the worst case). The victim's limits are drawn at
random, off any grid: a limit on each continuous issue (a reservation, or for half the victims a one-sided
"at least" or "at most") and a no_deal value. The attackers use every view
they have: extreme and crafted preferences, revised every round, as many rounds as the declared budget allows,
their own acceptances and proposals, the public state, their own views of each offer, every refusal, and the
audit log.

Two things are measured, over VICTIMS random victims (--victims, at least 50):

1. Indistinguishability. Each victim has a twin whose limits lie elsewhere in the same cells of the public
   resolution (the issue's lattice step; a tenth for no_deal). The same attack, run against both (the attack is
   adaptive: each step depends on what it saw), must see exactly the same answers, byte for byte once the
   negotiation's own id, times and hashes are set aside. If it does, no estimator of any kind can tell the
   victim's limits more finely than their cells.
2. Estimates. Four estimators (the ends of the suggestions, their midpoint against the attackers' own
   limit, a binary search over the rounds on `zopa_exists`, and acceptance probing of single packages for
   no_deal) each guess every limit. Their median errors are reported against the declared resolution and must
   not beat a quarter of it by much: a limit uniform in its cell is guessed, at best (the cell's middle), with a
   median error of a quarter of the cell.

The victim is passive for the twin comparison (it sets its preferences and accepts nothing: what a party
chooses to accept is its own disclosure, and an agreement reveals it), and honest for the estimates (it accepts
every offer its own page marks acceptable, so agreements happen and the attackers see them).

Usage: attacker_test.py --parley PATH [--db-url postgresql://...] [--victims N] [--seed S]
"""
import argparse
import json
import math
import os
import random
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--parley", required=True)
parser.add_argument("--db-url", help="a postgresql:// URL to run the server on instead of a SQLite file")
parser.add_argument("--victims", type=int, default=50)
parser.add_argument("--seed", type=int, default=20261206)
parser.add_argument("--verbose", action="store_true")
parser.add_argument("--rule", action="store_true",
                    help="host the talks under a decision rule: at least 2 of the 3 parties, the victim among them")
args = parser.parse_args()

# Three parties and a mediator. The victim `v` wants x high and y low; the attackers `a1` and `a2` (and the
# mediator) want to learn where v's limits lie. Resolutions: x 10, y 100 (the steps), no_deal 0.1.
SCENARIO = """parley: 1
title: A victim and two attackers
issues:
  - {id: x, name: Share, scale: [0, 100], step: 10}
  - {id: y, name: Cost, scale: [0, 1000], step: 100}
  - {id: z, name: Order, options: [first, second, third]}
actors:
  - {id: v, role: party, capability: 10, stances: {x: {position: 50, salience: 50}}}
  - {id: a1, role: party, capability: 10, stances: {x: {position: 50, salience: 50}}}
  - {id: a2, role: party, capability: 10, stances: {x: {position: 50, salience: 50}}}
  - {id: m, role: mediator, capability: 10, stances: {x: {position: 50, salience: 50}}}
"""
# Under a decision rule (docs/serve.md, "Decision rules") the offers come from the packages that the victim and one
# attacker can pass, and an offer is agreed once they accept it: the contract must hold the same.
if args.rule:
    SCENARIO += "decision: {parties: 2, vetoes: [v]}\n"
RANGE = {"x": (0.0, 100.0), "y": (0.0, 1000.0)}
STEP = {"x": 10.0, "y": 100.0}
OPTIONS = ["first", "second", "third"]
NO_DEAL_STEP = 0.1

failures = []


def check(what, ok, detail=""):
    if not ok:
        failures.append(f"{what}: {detail}" if detail != "" else what)
        if args.verbose:
            print("FAIL", failures[-1], flush=True)
    return bool(ok)


def off_grid(lo, hi, step, rng):
    """Uniform in (lo, hi), at least 1% of a step from every lattice value."""
    while True:
        x = rng.uniform(lo, hi)
        if abs(x / step - round(x / step)) > 0.01:
            return x


def twin_of(limit, step, rng):
    """Another value in the same cell (k*step, (k+1)*step), off the grid."""
    k = math.floor(limit / step)
    return off_grid(k * step, (k + 1) * step, step, rng)


class Victim:
    def __init__(self, rng, binding_no_deal, one_sided=False):
        # Wants x high (position 100) and y low (position 0): each reservation lies below, resp. above.
        self.sal = {"x": rng.randint(20, 60), "y": rng.randint(20, 60), "z": rng.randint(0, 30)}
        self.z = rng.randrange(3)
        self.rx = off_grid(5, 85, STEP["x"], rng)
        self.ry = off_grid(150, 950, STEP["y"], rng)
        # Half the victims have a no_deal that binds (the attack on no_deal needs that), half one that rarely
        # does (the attacks on the reservations need that); either way off the grid.
        self.binding_no_deal = binding_no_deal
        # Half the victims write their limits one-sided ("at least" on x, "at most" on y): at the scale's end they
        # accept what the reservation accepts, through the site's other reading of limits.
        self.one_sided = one_sided
        self.nd = off_grid(0.45, 0.85, NO_DEAL_STEP, rng) if binding_no_deal else off_grid(0.01, 0.2, NO_DEAL_STEP, rng)

    def twin(self, rng):
        t = Victim.__new__(Victim)
        t.sal, t.z, t.binding_no_deal, t.one_sided = dict(self.sal), self.z, self.binding_no_deal, self.one_sided
        t.rx = twin_of(self.rx, STEP["x"], rng)
        t.ry = twin_of(self.ry, STEP["y"], rng)
        t.nd = twin_of(self.nd, NO_DEAL_STEP, rng)
        return t

    def prefs(self):
        x_limit, y_limit = ("at_least", "at_most") if self.one_sided else ("reservation", "reservation")
        return {"stances": {"x": {"position": 100, "salience": self.sal["x"], x_limit: self.rx},
                            "y": {"position": 0, "salience": self.sal["y"], y_limit: self.ry},
                            "z": {"position": OPTIONS[self.z], "salience": self.sal["z"]}},
                "no_deal": self.nd}

    def utility(self, package):
        """The victim's utility (docs/models.md §2.2), which the attackers are given."""
        total = sum(self.sal.values())
        ux = 1 - abs(package["x"] - 100) / 100
        uy = 1 - abs(package["y"] - 0) / 1000
        uz = 1 - abs(OPTIONS.index(package["z"]) - self.z) / 2
        return (self.sal["x"] * ux + self.sal["y"] * uy + self.sal["z"] * uz) / total


# ---------------------------------------------------------------------------------------------------------------
# One negotiation: the attackers' side of it, recording everything they see.

VOLATILE = {"id", "created", "time", "prev", "hash", "digest", "negotiation"}


def scrub(node):
    """An answer without what differs between two negotiations whatever the secrets: the negotiation's id, its
    times, and the audit chain's hashes and digests (keyed by a random salt)."""
    if isinstance(node, dict):
        return {k: ("*" if k in VOLATILE and not isinstance(v, (int, float)) or k in ("time", "created") else scrub(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [scrub(x) for x in node]
    return node


class Talks:
    def __init__(self, server, victim, honest):
        self.host, self.port = server
        self.victim, self.honest = victim, honest
        self.transcript = []
        status, raw = harness.call(self.host, self.port, "POST", "/api/negotiations", SCENARIO.encode(),
                                   headers={"Content-Type": "application/yaml"})
        if status != 201:
            raise SystemExit(f"create: {status} {raw[:300]!r}")
        created = json.loads(raw)
        self.id, self.mediator = created["id"], created["mediator_token"]
        self.tokens = {}
        for party, code in created["invitations"].items():
            status, raw = harness.call(self.host, self.port, "POST", f"/api/negotiations/{self.id}/seats",
                                       {"invitation": code})
            if status != 201:
                raise SystemExit(f"seat: {status} {raw[:300]!r}")
            self.tokens[party] = json.loads(raw)["token"]
        self.path = f"/api/negotiations/{self.id}"
        self.state = None

    def see(self, what, status, raw):
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        self.transcript.append((what, status, json.dumps(scrub(body), sort_keys=True)))
        return body

    def attacker(self, who, method, suffix="", body=None):
        token = self.mediator if who == "m" else self.tokens[who]
        status, raw = harness.call(self.host, self.port, method, self.path + suffix, body, token)
        return status, self.see(f"{who} {method} {suffix}", status, raw)

    def victim_acts(self):
        """The victim's turn: honest, it accepts every open offer its own page marks acceptable (the site's
        answer to it is the victim's own, never seen by the attackers)."""
        if not self.honest:
            return
        token = self.tokens["v"]
        status, raw = harness.call(self.host, self.port, "GET", self.path, token=token)
        s = json.loads(raw)
        if s["round"] == 0:
            return
        ok = [int(k) for k, yes in s["you"]["acceptable"].items() if yes]
        offered = {o["id"] for o in (s["improvements"] if s["status"] == "agreed" else s["suggestions"])}
        harness.call(self.host, self.port, "POST", self.path + "/acceptances",
                     {"suggestions": sorted(i for i in ok if i in offered)}, token)

    def public(self):
        status, s = self.attacker("m", "GET")
        for who in ("a1", "a2"):
            self.attacker(who, "GET")
        self.state = s
        return s

    def set_attackers(self, prefs1, prefs2):
        self.attacker("a1", "PUT", "/preferences", prefs1)
        self.attacker("a2", "PUT", "/preferences", prefs2)

    def round(self):
        status, _ = self.attacker("m", "POST", "/rounds")
        self.victim_acts()
        return status == 200 and self.public()


def indifferent():
    return {"stances": {}}


def wants_low_x(reservation=None):
    s = {"x": {"position": 0, "salience": 100}}
    if reservation is not None:
        s["x"]["reservation"] = reservation
    return {"stances": s}


def wants_high_y(reservation=None):
    s = {"y": {"position": 1000, "salience": 100}}
    if reservation is not None:
        s["y"]["reservation"] = reservation
    return {"stances": s}


def only(package):
    """Preferences that accept exactly one package of the lattice: each value its own position and limit."""
    return {"stances": {"x": {"position": package["x"], "salience": 1, "reservation": package["x"]},
                        "y": {"position": package["y"], "salience": 1, "reservation": package["y"]},
                        "z": {"position": package["z"], "salience": 1, "reservation": package["z"]}}}


def attack(talks):
    """The attack, adaptive; returns the estimates {estimator: {limit: value}}."""
    v = talks.victim
    est = {}
    # The victim sets its preferences first; the attackers' first preferences open round 1.
    harness.call(talks.host, talks.port, "PUT", talks.path + "/preferences", v.prefs(), talks.tokens["v"])
    talks.public()

    # 1. Extreme preferences: the suggestions' ends sit near the victim's limits.
    talks.set_attackers({"stances": {**wants_low_x()["stances"], **wants_high_y()["stances"]}},
                        {"stances": {**wants_low_x()["stances"], **wants_high_y()["stances"]}})
    talks.victim_acts()
    s = talks.public()
    xs = [o["values"]["x"] for o in s["suggestions"]]
    ys = [o["values"]["y"] for o in s["suggestions"]]
    # The attackers know the mechanism: the suggestions' ends are the victim's reservations moved inward onto
    # the lattice, so each lies in the cell beyond its end: guess the cell's middle.
    est["ends"] = {"rx": min(xs) - STEP["x"] / 2 if xs else None, "ry": max(ys) + STEP["y"] / 2 if ys else None}
    # 2. Midpoints: one issue at a time, the Nash point against the attackers' own end of the scale.
    talks.set_attackers(wants_low_x(), indifferent())
    s = talks.round()
    xs = [o["values"]["x"] for o in (s["suggestions"] if s else [])]
    mid_x = statistics.mean(xs) if xs else None
    talks.set_attackers(wants_high_y(), indifferent())
    s = talks.round()
    ys = [o["values"]["y"] for o in (s["suggestions"] if s else [])]
    mid_y = statistics.mean(ys) if ys else None
    est["midpoint"] = {"rx": None if mid_x is None else 2 * mid_x - 100, "ry": None if mid_y is None else 2 * mid_y}

    # 3. Binary search over rounds: a1 accepts x <= c only (y and z free), so a deal exists iff the victim
    # accepts some x <= c. Then the same for y >= c. Continuous c, one round each.
    # Knowing the mechanism, the attackers turn the threshold into a cell: a deal appears once a1's own limit,
    # moved outward onto the lattice, reaches the victim's limit moved outward, so the victim's limit lies in
    # the cell beyond that lattice value.
    def search(make, lo, hi, steps):
        for _ in range(steps):
            c = (lo + hi) / 2
            talks.set_attackers(make(c), indifferent())
            s = talks.round()
            if not s:
                break
            if s["zopa_exists"]:
                hi = c if make is wants_low_x else hi
                lo = lo if make is wants_low_x else c
            else:
                lo = c if make is wants_low_x else lo
                hi = hi if make is wants_low_x else c
        c = (lo + hi) / 2
        # The threshold is a lattice value T. x: a deal once c passes T, where a1's limit moved outward (the
        # lattice value above c) reaches the victim's limit moved outward, T + step: the victim's limit lies in
        # [T + step, T + 2 step). y mirrors it.
        t = round(c / STEP["x" if make is wants_low_x else "y"])
        if make is wants_low_x:
            return t * STEP["x"] + STEP["x"] * 1.5
        return t * STEP["y"] - STEP["y"] * 1.5

    est["search"] = {"rx": search(wants_low_x, 0.0, 100.0, 14), "ry": search(wants_high_y, 0.0, 1000.0, 14)}
    cell_x = math.floor(est["search"]["rx"] / STEP["x"]) * STEP["x"]  # what the attackers now know of the cells
    cell_y = math.floor(est["search"]["ry"] / STEP["y"]) * STEP["y"]

    # 4. Acceptance probing of single packages for no_deal: the attackers accept exactly one lattice package,
    # chosen (knowing the victim's utility) by binary search over its utility to the victim; a deal exists iff
    # the victim's limits pass it. Packages inside the victim's reservations, as far as the attackers know them
    # (their cells, from the search), are the candidates.
    candidates = []
    for x in range(0, 101, 10):
        for y in range(0, 1001, 100):
            for z in OPTIONS:
                p = {"x": x, "y": y, "z": z}
                if x >= cell_x + STEP["x"] and y <= cell_y:
                    candidates.append((v.utility(p), p))
    candidates.sort(key=lambda t: t[0])
    lo, hi = 0, len(candidates) - 1  # find the least utility whose package passes
    accepted_at, refused_at = None, None
    for _ in range(12):
        if lo > hi:
            break
        k = (lo + hi) // 2
        u, p = candidates[k]
        talks.set_attackers(only(p), indifferent())
        s = talks.round()
        if not s:
            break
        if s["zopa_exists"]:
            accepted_at, hi = u, k - 1
        else:
            refused_at, lo = u, k + 1
        # Proposals and acceptances as probes: a1 proposes the package openly and both accept every offer.
        talks.attacker("a1", "POST", "/proposals", {"values": p})
        for who in ("a1", "a2"):
            talks.attacker(who, "POST", "/acceptances", {"suggestions": [o["id"] for o in s["suggestions"]]})
    # The site reads no_deal rounded down to a tenth for `zopa_exists`: a multiple of a tenth in (refused,
    # accepted] is that rounded value, and the victim's no_deal lies in the tenth above it.
    if accepted_at is not None and refused_at is not None:
        tenths = [k / 10 for k in range(11) if refused_at < k / 10 <= accepted_at + 1e-12]
        est["probing"] = {"nd": tenths[0] + NO_DEAL_STEP / 2 if len(tenths) == 1 else (accepted_at + refused_at) / 2}
    else:
        est["probing"] = {"nd": accepted_at if accepted_at is not None else refused_at}

    # What the attackers can still read: the audit log and the final state.
    talks.attacker("m", "GET", "/audit")
    talks.public()
    return est


def main():
    rng = random.Random(args.seed)
    tmp = tempfile.mkdtemp(prefix="parley-attacker-")
    db = args.db_url or os.path.join(tmp, "attack.db")
    proc, host, port = harness.start_server(
        args.parley, db, os.path.join(tmp, "serve.stderr"),
        ["--round-budget", "100", "--negotiations-per-client", "100000", "--creations-per-minute", "100000"])
    errors = {}
    resolution = {"rx": STEP["x"], "ry": STEP["y"], "nd": NO_DEAL_STEP}
    distinguishable = 0
    agreements = 0
    rounds = []
    try:
        for n in range(args.victims):
            victim = Victim(rng, binding_no_deal=n % 2 == 1, one_sided=n % 4 >= 2)
            twin = victim.twin(rng)
            # 1. The same adaptive attack against twins (passive victims) sees the same answers.
            a, b = Talks((host, port), victim, honest=False), Talks((host, port), twin, honest=False)
            est = attack(a)
            attack(b)
            rounds.append(a.state["round"])
            if a.transcript != b.transcript:
                distinguishable += 1
                first = next((i for i, (p, q) in enumerate(zip(a.transcript, b.transcript)) if p != q),
                             min(len(a.transcript), len(b.transcript)))
                check(f"victim {n}: twins with limits in the same cells look the same to the attackers",
                      False, f"limits {vars(victim)} and {vars(twin)}; first difference at step {first}: "
                      f"{a.transcript[first] if first < len(a.transcript) else None} against "
                      f"{b.transcript[first] if first < len(b.transcript) else None}")
            # 2. An honest victim accepts what its limits allow, so agreements happen: the agreed package is
            # one more view (the victim accepted it: its reservations lie at or beyond its values).
            honest = Talks((host, port), victim, honest=True)
            attack(honest)
            agreed = [json.loads(body)["agreement"] for what, status, body in honest.transcript
                      if what == "m GET " and json.loads(body).get("agreement")]
            if agreed:
                est["agreement"] = {"rx": min(g["values"]["x"] for g in agreed) - STEP["x"] / 2,
                                    "ry": max(g["values"]["y"] for g in agreed) + STEP["y"] / 2}
                agreements += 1
            truth = {"rx": victim.rx, "ry": victim.ry, "nd": victim.nd}
            for estimator, guesses in est.items():
                for limit, guess in guesses.items():
                    # Each limit is measured on the victims where it binds (the others' limits are unknowable
                    # for another reason than the contract: reported errors would only look better).
                    if guess is not None and (limit == "nd") == victim.binding_no_deal:
                        errors.setdefault((estimator, limit), []).append(abs(guess - truth[limit]))
    finally:
        rc = harness.stop_server(proc)
    check("the server stops cleanly", rc == 0, rc)
    check(f"every one of {args.victims} twin pairs is indistinguishable", distinguishable == 0,
          f"{distinguishable} pairs told apart")
    lines = []
    for (estimator, limit), errs in sorted(errors.items()):
        med = statistics.median(errs)
        ratio = med / resolution[limit]
        lines.append(f"  {estimator:9s} {limit}: median error {med:.4g} = {ratio:.3f} x resolution "
                     f"{resolution[limit]:g} over {len(errs)} victims (best {min(errs):.3g})")
        check(f"{estimator} estimate of {limit}: median error {ratio:.3f} x resolution is not below 0.15",
              ratio >= 0.15, f"{med} against resolution {resolution[limit]}")
        if estimator != "agreement":
            check(f"{estimator} estimate of {limit} over half the victims", len(errs) == args.victims // 2, len(errs))
    print(f"serve attacker: {args.victims} random victims, {len(rounds)} twin pairs, up to {max(rounds)} rounds each;"
          f" {agreements} honest victims reached an agreement")
    print("\n".join(lines))
    if failures:
        print(f"serve attacker: {len(failures)} failures", file=sys.stderr)
        for f in failures[:30]:
            print("  " + f, file=sys.stderr)
        sys.exit(1)
    print("serve attacker: the attackers learn no limit finer than the declared resolution")


main()
