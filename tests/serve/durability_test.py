#!/usr/bin/env python3
"""`parley serve` keeps every write it acknowledged across a SIGKILL (docs/serve.md: each action and its audit
entry in one transaction, SQLite in WAL mode).

Each iteration starts the server on the same SQLite file, checks that everything acknowledged so far is still
there, creates a negotiation, and drives concurrent writes (preference PUTs, proposals, acceptances) from one
thread per party of the newest two negotiations, recording every write that got a 2xx answer; then SIGKILLs
the server at a seeded random moment. After each kill `parley audit verify --db FILE` must exit 0. At the end
a clean start, a last check and SIGTERM. After a restart:

* a party's GET preferences is its last acknowledged PUT, or the one it was sending when the server died;
* likewise its acceptances (`you.acceptances`);
* every acknowledged proposal is listed (as often as it was acknowledged, at most once more);
* the audit log has one entry per acknowledged action (at most one more per party), and its hash chain,
  recomputed here as docs/serve.md says, is intact.

With --db-url the same on PostgreSQL (the server process dies; the database does not).

Usage: durability_test.py --parley PATH [--seed N] [--iterations N] [--db-url postgresql://...] [--root DIR]
"""
import argparse
import collections
import hashlib
import http.client
import json
import math
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from audit_chain import chain_problem  # noqa: E402
import harness  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--parley", required=True)
parser.add_argument("--seed", type=int, default=20261202)
parser.add_argument("--iterations", type=int, default=5)
parser.add_argument("--db-url", help="a postgresql:// URL to run the server on instead of a SQLite file")
parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
args = parser.parse_args()

SCENARIO = os.path.join(args.root, "tests", "serve", "three_parties.yaml")
BUDGET = 60.0  # seconds, the whole test
started = time.monotonic()
failures = []


def check(what, ok, detail=""):
    if not ok:
        failures.append(f"{what}: {detail}")
    return bool(ok)


def start_server(db, log_path):
    return harness.start_server(args.parley, db, log_path)


def call(host, port, method, path, body=None, token=None):
    return harness.call(host, port, method, path, body, token)


def chain_ok(log):
    """None when the chain is intact (tests/serve/audit_chain.py: the rules of docs/serve.md)."""
    return chain_problem(log)


# -- what the test knows about each negotiation --------------------------------------------------------------

class Op:
    def __init__(self, kind, body):
        self.kind, self.body, self.state = kind, body, "sending"  # then acked | refused | unknown


class Known:
    def __init__(self, nid, mediator, tokens, suggestions):
        self.id, self.mediator, self.tokens, self.suggestions = nid, mediator, tokens, suggestions
        self.ops = {p: [] for p in tokens}  # per party, in the order its one writer thread sent them

    def allowed(self, party, kind):
        """The values a restart may show for the last write of `kind`: the last acknowledged one, and any
        later one whose fate is unknown."""
        ops = [o for o in self.ops[party] if o.kind == kind]
        acked = [i for i, o in enumerate(ops) if o.state == "acked"]
        start = acked[-1] if acked else 0
        before = [] if acked else [[]] if kind == "acceptances" else []  # nothing accepted yet
        return before + [o.body for o in ops[start:] if o.state in ("acked", "unknown")]

    def counts(self, party, kind):
        ops = [o for o in self.ops[party] if o.kind == kind]
        return sum(o.state == "acked" for o in ops), sum(o.state == "unknown" for o in ops)


ISSUES = {"land": (0, 100, 10), "money": (0, 1000, 100)}
ORDER = ["first", "second", "third"]


def random_prefs(rng):
    stances = {"land": {"position": round(rng.uniform(0, 100), 1), "salience": rng.randint(1, 100)},
               "money": {"position": round(rng.uniform(0, 1000), 1), "salience": rng.randint(1, 100)}}
    if rng.random() < 0.5:
        stances["order"] = {"position": rng.choice(ORDER), "salience": rng.randint(0, 100)}
    return {"stances": stances}


def random_values(rng):
    return {"land": rng.randrange(0, 101, 10), "money": rng.randrange(0, 1001, 100), "order": rng.choice(ORDER)}


def create(host, port, rng):
    status, raw = call(host, port, "POST", "/api/negotiations", open(SCENARIO, "rb").read())
    if not check("create answers 201", status == 201, raw[:300]):
        raise SystemExit("\n".join(failures))
    body = json.loads(raw)
    tokens = {}
    for party, code in body["invitations"].items():
        status, raw = call(host, port, "POST", f"/api/negotiations/{body['id']}/seats", {"invitation": code})
        if not check(f"{party} takes its seat (201)", status == 201, raw[:300]):
            raise SystemExit("\n".join(failures))
        tokens[party] = json.loads(raw)["token"]
    known = Known(body["id"], body["mediator_token"], tokens, [])
    for party, token in known.tokens.items():
        op = Op("preferences", random_prefs(rng))
        known.ops[party].append(op)
        status, raw = call(host, port, "PUT", f"/api/negotiations/{known.id}/preferences", op.body, token)
        op.state = "acked" if check(f"the first PUT of {party} answers 204", status == 204, raw[:300]) else "refused"
    status, raw = call(host, port, "GET", f"/api/negotiations/{known.id}", token=known.mediator)
    state = json.loads(raw) if status == 200 else {}
    check("round 1 opens", state.get("round") == 1, raw[:300])
    known.suggestions = [s["id"] for s in state.get("suggestions", [])]
    check("round 1 has suggestions", known.suggestions, raw[:300])
    return known


def writer(host, port, known, party, rng):
    """One party's writes, in order; stops at the first failed connection (the server was killed)."""
    path = f"/api/negotiations/{known.id}"
    token = known.tokens[party]
    while True:
        roll = rng.random()
        if roll < 0.35:
            op = Op("preferences", random_prefs(rng))
            method, url, expect = "PUT", path + "/preferences", 204
        elif roll < 0.7:
            op = Op("proposals", random_values(rng))
            method, url, expect = "POST", path + "/proposals", 200
        else:
            # c never accepts anything, so that no package is ever accepted by all and the state stays open.
            ids = [] if party == "c" else sorted(rng.sample(known.suggestions, rng.randint(0, len(known.suggestions))))
            op = Op("acceptances", ids)
            method, url, expect = "POST", path + "/acceptances", 200
        known.ops[party].append(op)
        body = {"values": op.body} if op.kind == "proposals" else \
            {"suggestions": op.body} if op.kind == "acceptances" else op.body
        try:
            status, raw = call(host, port, method, url, body, token)
        except (OSError, http.client.HTTPException):
            op.state = "unknown"
            return
        if status == expect:
            op.state = "acked"
        else:
            op.state = "refused"
            failures.append(f"{method} {url} as {party} answered {status} under load: {raw[:300]!r}")
            return


def verify(host, port, known_all, label):
    for known in known_all:
        path = f"/api/negotiations/{known.id}"
        status, raw = call(host, port, "GET", path, token=known.mediator)
        if not check(f"{label}: negotiation {known.id} is still there", status == 200, raw[:300]):
            continue
        state = json.loads(raw)
        check(f"{label}: {known.id} is still open in round 1", state["status"] == "open" and state["round"] == 1,
              (state["status"], state["round"]))
        listed = collections.Counter((p["party"], json.dumps(p["values"], sort_keys=True)) for p in state["proposals"])
        for party, token in known.tokens.items():
            status, raw = call(host, port, "GET", path + "/preferences", token=token)
            allowed = known.allowed(party, "preferences")
            check(f"{label}: {known.id} {party}'s preferences are its last acknowledged ones",
                  status == 200 and json.loads(raw) in allowed, f"got {raw[:300]!r}, allowed {allowed}")
            status, raw = call(host, port, "GET", path, token=token)
            mine = sorted(json.loads(raw)["you"]["acceptances"]) if status == 200 else None
            allowed = known.allowed(party, "acceptances")
            check(f"{label}: {known.id} {party}'s acceptances are its last acknowledged ones", mine in allowed,
                  f"got {mine}, allowed {allowed}")
            sent = collections.Counter()
            maybe = collections.Counter()
            for op in known.ops[party]:
                if op.kind == "proposals" and op.state in ("acked", "unknown"):
                    (sent if op.state == "acked" else maybe)[(party, json.dumps(op.body, sort_keys=True))] += 1
            for key in set(sent) | set(maybe):
                check(f"{label}: {known.id} {party}'s proposal {key[1]} listed as often as acknowledged",
                      sent[key] <= listed[key] <= sent[key] + maybe[key],
                      f"listed {listed[key]}, acknowledged {sent[key]}, unknown {maybe[key]}")
            extra = sum(listed[k] for k in listed if k[0] == party and k not in sent and k not in maybe)
            check(f"{label}: {known.id} {party} has no proposals it did not send", extra == 0, extra)
        status, raw = call(host, port, "GET", path + "/audit", token=known.mediator)
        if not check(f"{label}: {known.id} audit answers 200", status == 200, raw[:300]):
            continue
        log = json.loads(raw)
        broken = chain_ok(log)
        check(f"{label}: {known.id} audit chain", broken is None, broken)
        for party in known.tokens:
            for kind in ("preferences", "acceptances", "proposals"):
                acked, unknown = known.counts(party, kind)
                n = sum(1 for e in log["entries"] if e["actor"].removeprefix("party:") == party and
                        (e["action"] == kind or (kind == "proposals" and e["action"].startswith("propos"))))
                check(f"{label}: {known.id} audit has {party}'s acknowledged {kind}", acked <= n <= acked + unknown,
                      f"{n} entries, {acked} acknowledged, {unknown} unknown")


def main():
    tmp = tempfile.mkdtemp(prefix="parley-durability-")
    sqlite = os.path.join(tmp, "d.db")
    db = args.db_url or sqlite
    log_path = os.path.join(tmp, "serve.stderr")
    rng = random.Random(args.seed)
    known_all = []
    try:
        for iteration in range(args.iterations):
            proc, host, port = start_server(db, log_path)
            try:
                verify(host, port, known_all, f"after kill {iteration}")
                known_all.append(create(host, port, rng))
                threads = []
                for known in known_all[-2:]:
                    for party in known.tokens:
                        t = threading.Thread(target=writer, args=(host, port, known, party,
                                                                  random.Random(rng.random())), daemon=True)
                        threads.append(t)
                time.sleep(0.05)
                for t in threads:
                    t.start()
                time.sleep(rng.uniform(0.3, 1.5))
                if not args.db_url:
                    check(f"iteration {iteration}: the store is in WAL mode (a -wal file beside it)",
                          os.path.exists(sqlite + "-wal"), sorted(os.listdir(tmp)))
            finally:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
            for t in threads:
                t.join(30)
            check(f"iteration {iteration}: writers stopped", not any(t.is_alive() for t in threads))
            r = subprocess.run([args.parley, "audit", "verify", "--db", db], capture_output=True, text=True, timeout=60)
            check(f"after kill {iteration}: audit verify --db exits 0", r.returncode == 0,
                  f"exit {r.returncode}: {r.stderr}{r.stdout}")
            if failures or time.monotonic() - started > BUDGET - 10:
                break
        proc, host, port = start_server(db, log_path)
        try:
            verify(host, port, known_all, "after the last kill")
        finally:
            proc.terminate()
            try:
                rc = proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                rc = None
        check("SIGTERM stops the server (exit 0)", rc == 0, rc)
        r = subprocess.run([args.parley, "audit", "verify", "--db", db], capture_output=True, text=True, timeout=60)
        check("audit verify --db at the end exits 0", r.returncode == 0, f"exit {r.returncode}: {r.stderr}{r.stdout}")
        elapsed = time.monotonic() - started
        check(f"the test stays within {BUDGET:.0f} s", elapsed < BUDGET, f"{elapsed:.1f} s")
        acked = sum(o.state == "acked" for k in known_all for ops in k.ops.values() for o in ops)
        unknown = sum(o.state == "unknown" for k in known_all for ops in k.ops.values() for o in ops)
        check("writes were acknowledged", acked > 20, acked)
        if failures:
            print("\n".join(failures[:100]))
            print("server stderr (tail):", open(log_path, "rb").read()[-2000:].decode("utf-8", "replace"))
            sys.exit(1)
        print(f"durability: {len(known_all)} negotiations, {acked} acknowledged writes survived "
              f"{min(args.iterations, len(known_all))} SIGKILLs ({unknown} in flight when killed); audit chains "
              f"intact ({elapsed:.1f} s)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
