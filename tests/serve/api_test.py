#!/usr/bin/env python3
"""`parley serve` end to end, as a black box, against docs/serve.md.

Starts `PARLEY serve --db STORE --listen 127.0.0.1:0` (STORE: a fresh SQLite file, or the PostgreSQL URL given
with --db-url), reads the port from its `listening on` line and checks, over plain HTTP:

* the flow: create (201, token shapes), the public state in round 0, preferences PUT/GET (each party sees
  only its own), round 1 opening by itself, suggestions (on the grid, agreeable, not beaten for everyone,
  listed by their values, utilities and acceptability equal to the utility formula of
  docs/models.md §2.2 applied to the party's own preferences), acceptances, agreement, improvements
  after agreement (built on purpose by preferences revised after agreement), proposals, mediator rounds;
* the audit log: the hash chain recomputed here exactly as docs/serve.md says, `parley audit verify FILE`
  (exit 0 on the export, 65 naming FILE:LINE:COL on tampered copies) and, on SQLite, `--db`;
* confidentiality: every endpoint, plus unknown paths and methods, called with every other party's token, the
  mediator's, none, garbage, another negotiation's, on real, neighbouring and random ids; 401 bodies
  byte-identical; 403 for the wrong role; 413 over 1 MiB; 400 with `request:LINE:COL: error:` on malformed
  bodies; and no response (body or header) that anyone but the owner sees contains one of the owner's
  confidential numbers in any plausible form (JSON numeric leaves and raw text).

Usage: api_test.py --parley PATH [--db-url postgresql://...] [--root SOURCE_DIR]
"""
import argparse
import collections
import decimal
import hashlib
import http.client
import itertools
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import audit_chain  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--parley", required=True)
parser.add_argument("--db-url", help="a postgresql:// URL to run the server on instead of a SQLite file")
parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
parser.add_argument("--verbose", action="store_true")
args = parser.parse_args()

ROOT = args.root
HERE = os.path.join(ROOT, "tests", "serve")
failures = []
notes = []
checks = 0


def check(what, ok, detail=""):
    global checks
    checks += 1
    if not ok:
        failures.append(f"{what}: {detail}" if detail != "" else what)
        if args.verbose:
            print("FAIL", failures[-1], flush=True)
    return bool(ok)


def short(data, limit=400):
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


# ---------------------------------------------------------------------------------------------------------
# The server and an HTTP client that records everything it sees.

LISTENING = re.compile(r"^parley serve: listening on http://([^\s:]+):(\d+) \(store (.+)\)\s*$")


class Server:
    def __init__(self, parley, store, workdir):
        self.stderr_path = os.path.join(workdir, "serve.stderr")
        self.stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen([parley, "serve", "--db", store, "--listen", "127.0.0.1:0"],
                                     stdout=subprocess.PIPE, stderr=self.stderr)
        self.lines = []
        found = threading.Event()

        def read():
            for raw in self.proc.stdout:
                self.lines.append(raw.decode("utf-8", "replace"))
                if LISTENING.match(self.lines[-1]):
                    found.set()
            found.set()

        threading.Thread(target=read, daemon=True).start()
        found.wait(30)
        match = next((m for m in map(LISTENING.match, self.lines) if m), None)
        if not match:
            self.proc.kill()
            raise SystemExit(f"parley serve printed no `listening on` line: stdout {self.lines!r}, stderr "
                             f"{short(open(self.stderr_path, 'rb').read())}")
        self.host, self.port, self.store_shown = match.group(1), int(match.group(2)), match.group(3)

    def stop(self):
        self.proc.terminate()
        try:
            return self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def __repr__(self):
        return f"{self.status} {short(self.body)}"


NO_DEAL_RESOLUTION = 0.1  # docs/serve.md: the public resolution of a no_deal value

# Every token handed out, to know whose eyes each response is for: token -> (negotiation id, party or None).
TOKEN_OWNER = {}
SEEN = []  # (description, viewer, Response): everything the server answered


class Client:
    def __init__(self, host, port):
        self.host, self.port = host, port

    def call(self, method, path, body=None, token=None, headers=None, auth=None, chunked=False):
        hdrs = dict(headers or {})
        if auth is not None:
            hdrs["Authorization"] = auth
        elif token is not None:
            hdrs["Authorization"] = "Bearer " + token
        data = body
        if isinstance(body, (dict, list)):
            data = json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        elif isinstance(body, str):
            data = body.encode()
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            if chunked:
                conn.putrequest(method, path)
                for k, v in hdrs.items():
                    conn.putheader(k, v)
                conn.putheader("Transfer-Encoding", "chunked")
                conn.endheaders()
                step = 64 * 1024
                try:
                    for i in range(0, len(data), step):
                        piece = data[i:i + step]
                        conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
                    conn.send(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the server may answer 413 and close before the whole body is sent
            else:
                try:
                    conn.request(method, path, body=data, headers=hdrs)
                except (BrokenPipeError, ConnectionResetError):
                    pass
            resp = conn.getresponse()
            out = Response(resp.status, resp.getheaders(), resp.read())
        finally:
            conn.close()
        viewer = TOKEN_OWNER.get(token) if token is not None else None
        SEEN.append((f"{method} {path} as {viewer or 'an outsider'}", viewer, out))
        return out


# ---------------------------------------------------------------------------------------------------------
# The utility model of docs/models.md §2.2, on the issues of the public state.

class Model:
    def __init__(self, issues):
        self.issues = issues
        self.by_id = {i["id"]: i for i in issues}

    def discrete(self, issue_id):
        return "options" in self.by_id[issue_id]

    def lo_hi(self, issue_id):
        issue = self.by_id[issue_id]
        if "options" in issue:
            return 0.0, float(len(issue["options"]) - 1)
        return float(issue["min"]), float(issue["max"])

    def num(self, issue_id, value):
        issue = self.by_id[issue_id]
        if "options" in issue and isinstance(value, str):
            return float(issue["options"].index(value))
        return float(value)

    def grid(self, issue_id):
        issue = self.by_id[issue_id]
        if "options" in issue:
            return list(issue["options"])
        lo, hi, step = float(issue["min"]), float(issue["max"]), float(issue["step"])
        points, k = [], 0
        while lo + k * step < hi - 1e-9 * max(1.0, abs(hi)):
            points.append(lo + k * step)
            k += 1
        return points + [hi]

    def packages(self):
        ids = [i["id"] for i in self.issues]
        for combo in itertools.product(*(self.grid(i) for i in ids)):
            yield dict(zip(ids, combo))

    def utility(self, prefs, package):
        stances = prefs.get("stances", {})
        total = sum(float(s.get("salience", 0)) for s in stances.values())
        if total <= 0:
            return 1.0
        u = 0.0
        for issue_id, s in stances.items():
            lo, hi = self.lo_hi(issue_id)
            p = self.num(issue_id, s["position"])
            x = self.num(issue_id, package[issue_id])
            # A nominal issue (options with no order): 1 at the position, 0 elsewhere.
            close = (1.0 if x == p else 0.0) if self.by_id[issue_id].get("ordered") is False else 1 - abs(x - p) / (hi - lo)
            u += float(s.get("salience", 0)) / total * close
        return u

    def on_lattice(self, issue_id, p, r, limits):
        """docs/serve.md, "What the site reveals": a reservation moved onto the issue's lattice, inward (the
        farthest lattice value on r's side no farther than r; the position when none) or outward (the nearest
        at or beyond r; the scale's end when none)."""
        if limits == "exact" or self.discrete(issue_id):
            return r
        lo, hi = self.lo_hi(issue_id)
        reach, side, tol = abs(r - p), (-1.0 if r < p else 1.0), 1e-9 * (hi - lo)
        best = None
        for v in self.grid(issue_id):
            d = (v - p) * side
            if d < -tol:
                continue
            if limits == "inward" and d <= reach + tol and (best is None or d > (best - p) * side):
                best = v
            if limits == "outward" and d >= reach - tol and (best is None or d < (best - p) * side):
                best = v
        if best is not None:
            return best
        return p if limits == "inward" else (lo if side < 0 else hi)

    @staticmethod
    def no_deal_at(x, limits):
        if limits == "exact":
            return x
        cells = x / NO_DEAL_RESOLUTION
        if abs(cells - round(cells)) < 1e-9:
            cells = round(cells)
        whole = math.ceil(cells) if limits == "inward" else math.floor(cells)
        return min(1.0, max(0.0, whole * NO_DEAL_RESOLUTION))

    def one_sided_on_lattice(self, issue_id, x, least, limits):
        """A one-sided limit moved onto the lattice: `at_least` inward up to the nearest lattice value at or above
        it, outward down to the nearest at or below it; `at_most` the other way round."""
        if limits == "exact" or self.discrete(issue_id):
            return x
        lo, hi = self.lo_hi(issue_id)
        tol = 1e-9 * (hi - lo)
        up = (limits == "inward") == least
        grid = self.grid(issue_id)
        return min(v for v in grid if v >= x - tol) if up else max(v for v in grid if v <= x + tol)

    def accepts(self, prefs, package, limits="exact"):
        for issue_id, s in prefs.get("stances", {}).items():
            x = self.num(issue_id, package[issue_id])
            if "reservation" in s:
                p = self.num(issue_id, s["position"])
                r = self.on_lattice(issue_id, p, self.num(issue_id, s["reservation"]), limits)
                if abs(x - p) > abs(r - p) + 1e-9 * (1 + abs(r - p)):
                    return False
            if "acceptable" in s and x not in [self.num(issue_id, o) for o in s["acceptable"]]:
                return False
            if "at_least" in s and x < self.one_sided_on_lattice(
                    issue_id, self.num(issue_id, s["at_least"]), True, limits) - 1e-9 * (1 + abs(x)):
                return False
            if "at_most" in s and x > self.one_sided_on_lattice(
                    issue_id, self.num(issue_id, s["at_most"]), False, limits) + 1e-9 * (1 + abs(x)):
                return False
        return "no_deal" not in prefs or \
            self.utility(prefs, package) >= self.no_deal_at(prefs["no_deal"], limits) - 1e-12

    def offer_set(self, all_prefs):
        """The packages the offers come from: every party's limits read inward when some package passes them
        all, else outward; and whether any package passes them outward (zopa_exists)."""
        packages = list(self.packages())
        inward = [x for x in packages if all(self.accepts(p, x, "inward") for p in all_prefs)]
        outward = [x for x in packages if all(self.accepts(p, x, "outward") for p in all_prefs)]
        return (inward or outward), bool(outward)

    def key(self, package):
        return tuple(self.num(i["id"], package[i["id"]]) for i in self.issues)

    def same(self, a, b):
        return set(a) == set(b) and all(abs(x - y) < 1e-9 for x, y in zip(self.key(a), self.key(b)))


# ---------------------------------------------------------------------------------------------------------
# The audit chain, recomputed as docs/serve.md says.

def entry_hash(entry, style="spaced"):
    """docs/serve.md fixes ", " and ": " as the separators; `style` names what a failure message compares."""
    if style == "spaced":
        return audit_chain.entry_hash(entry)
    line = json.dumps({k: entry[k] for k in audit_chain.HASHED}, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((entry["prev"] + "\n" + line).encode()).hexdigest()


canonical = audit_chain.canonical
shortest = audit_chain.shortest


HEX64 = re.compile(r"^[0-9a-f]{64}$")
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def check_chain(what, log, negotiation):
    ok = check(f"{what}: audit log shape", isinstance(log, dict) and log.get("negotiation") == negotiation
               and isinstance(log.get("entries"), list) and log["entries"], short(json.dumps(log)))
    if not ok:
        return False
    prev = "0" * 64
    style = "spaced"
    for i, e in enumerate(log["entries"]):
        where = f"{what}: audit entry {i + 1}"
        if not check(f"{where} keys", list(e.keys()) == ["seq", "time", "actor", "action", "detail", "prev", "hash"]
                     or set(e.keys()) == {"seq", "time", "actor", "action", "detail", "prev", "hash"}, list(e.keys())):
            return False
        check(f"{where} seq", e["seq"] == i + 1, e["seq"])
        check(f"{where} time", isinstance(e["time"], str) and TIME.match(e["time"]), e["time"])
        check(f"{where} prev", e["prev"] == prev, f"{e['prev']} after {prev}")
        check(f"{where} hash shape", isinstance(e["hash"], str) and HEX64.match(e["hash"]), e["hash"])
        if not check(f"{where} hash = SHA-256(prev \\n entry as one line of JSON)", e["hash"] == entry_hash(e, style),
                     f"{e['hash']}, not {entry_hash(e, 'compact')} (compact) or {entry_hash(e, 'spaced')} (spaced) over "
                     f"{canonical({k: e[k] for k in ('seq', 'time', 'actor', 'action', 'detail')})!r}"):
            return False
        prev = e["hash"]
    times = [e["time"] for e in log["entries"]]
    check(f"{what}: audit times in order", times == sorted(times), times)
    return True


def run_parley(*argv):
    return subprocess.run([args.parley, *argv], capture_output=True, text=True, timeout=120)


def verify_file_checks(what, log, body, tmp):
    """`parley audit verify FILE` on the export as served, re-indented, and on tampered copies."""
    raw = os.path.join(tmp, f"{what}-audit.json")
    with open(raw, "wb") as f:
        f.write(body)
    r = run_parley("audit", "verify", raw)
    n, head = len(log["entries"]), log["entries"][-1]["hash"]
    check(f"{what}: audit verify FILE exits 0", r.returncode == 0, f"exit {r.returncode}: {r.stderr}{r.stdout}")
    check(f"{what}: audit verify FILE says so", f"{n} entries, chain intact, head {head}" in r.stdout + r.stderr,
          r.stdout + r.stderr)
    pretty = os.path.join(tmp, f"{what}-audit-pretty.json")
    text = json.dumps(log, indent=2, ensure_ascii=False)
    with open(pretty, "w") as f:
        f.write(text + "\n")
    r = run_parley("audit", "verify", pretty)
    check(f"{what}: audit verify on the re-indented export exits 0", r.returncode == 0,
          f"exit {r.returncode}: {r.stderr}{r.stdout}")
    # Tamper with entry k in three ways; the message must locate the broken entry in the file.
    k = min(len(log["entries"]), 3) - 1
    lines = text.split("\n")

    def span_of_entry(index):
        # In the re-indented text, entry `index` starts at the line `    {` that precedes `"seq": index + 1`.
        seq_line = next(i for i, line in enumerate(lines) if line.strip() == f'"seq": {index + 1},')
        start = seq_line - 1
        end = next(i for i in range(seq_line, len(lines)) if lines[i].startswith("    }"))
        return start + 1, end + 1  # 1-based lines

    first, last = span_of_entry(k)
    tampered_logs = []
    t1 = json.loads(text)
    t1["entries"][k]["actor"] = "someone_else"
    tampered_logs.append(("actor changed", t1))
    t2 = json.loads(text)
    t2["entries"][k]["time"] = "1999-01-01T00:00:00Z"
    tampered_logs.append(("time changed", t2))
    t3 = json.loads(text)
    t3["entries"][k]["hash"] = ("1" if t3["entries"][k]["hash"][0] != "1" else "2") + t3["entries"][k]["hash"][1:]
    tampered_logs.append(("hash changed", t3))
    for label, tampered in tampered_logs:
        path = os.path.join(tmp, f"{what}-tampered-{label.replace(' ', '-')}.json")
        with open(path, "w") as f:
            f.write(json.dumps(tampered, indent=2, ensure_ascii=False) + "\n")
        r = run_parley("audit", "verify", path)
        out = r.stderr + r.stdout
        check(f"{what}: audit verify on a tampered copy ({label}) exits 65", r.returncode == 65,
              f"exit {r.returncode}: {out}")
        m = re.search(re.escape(path) + r":(\d+):(\d+)", out)
        if check(f"{what}: the tampered copy ({label}) is named FILE:LINE:COL", m, out):
            line = int(m.group(1))
            # The broken entry is k (its hash no longer matches); for "hash changed" it may also be k + 1,
            # whose prev no longer matches, but the first broken one is k.
            check(f"{what}: the tampered copy ({label}) is located in entry {k + 1} (lines {first}-{last})",
                  first <= line <= last, out)


# ---------------------------------------------------------------------------------------------------------
# Checks on the public state.

EXTRA_FIELDS = set()  # fields of the public state beyond the contract (reported, not failed)
STATE_KEYS = {"id", "title", "status", "round", "round_budget", "zopa_exists", "decision", "issues", "resolution",
              "no_deal_resolution", "parties", "suggestions", "improvements", "agreement", "proposals", "you"}
PARTY_KEYS = {"id", "name", "seated", "preferences_set", "responded", "stance"}


class Negotiation:
    """One negotiation as the test knows it: tokens, every party's last acknowledged preferences, the ids
    seen, and the counts of actions for the audit log."""

    def __init__(self, client, what, scenario_body, content_type):
        self.client, self.what = client, what
        r = client.call("POST", "/api/negotiations", scenario_body, headers={"Content-Type": content_type})
        body = r.json()
        if not check(f"{what}: create answers 201", r.status == 201 and isinstance(body, dict), r):
            raise SystemExit("\n".join(failures))
        check(f"{what}: create answers JSON", (r.header("Content-Type") or "").startswith("application/json"),
              r.header("Content-Type"))
        check(f"{what}: create answers exactly id, mediator_token, invitations (no party tokens)",
              set(body) == {"id", "mediator_token", "invitations"}, list(body))
        self.id = body["id"]
        self.mediator = body["mediator_token"]
        self.invitations = body["invitations"]
        check(f"{what}: invitations are 32 hex digits",
              all(isinstance(c, str) and re.fullmatch(r"[0-9a-f]{32}", c) for c in self.invitations.values()),
              self.invitations)
        # Each party takes its seat with its invitation; a second use of a code is refused.
        self.tokens = {}
        for party, code in self.invitations.items():
            r = client.call("POST", f"/api/negotiations/{self.id}/seats", {"invitation": code})
            seat = r.json()
            if check(f"{what}: {party} takes its seat (201 party, token)",
                     r.status == 201 and isinstance(seat, dict) and set(seat) == {"party", "token"}
                     and seat["party"] == party, r):
                self.tokens[party] = seat["token"]
            again = client.call("POST", f"/api/negotiations/{self.id}/seats", {"invitation": code})
            check(f"{what}: {party}'s invitation used again is refused with 409", again.status == 409, again)
            check(f"{what}: the second use gives no token", b"token" not in again.body.replace(b"taken", b""), again)
        check(f"{what}: id is a string", isinstance(self.id, str) and self.id, self.id)
        for party, token in [("mediator", self.mediator)] + list(self.tokens.items()):
            check(f"{what}: {party}'s token shape",
                  isinstance(token, str) and len(token) >= 22 and re.match(r"^[A-Za-z0-9_\-.~+/=]+$", token)
                  and self.id not in token, token)
        every = [self.mediator] + list(self.tokens.values())
        check(f"{what}: tokens differ", len(set(every)) == len(every), every)
        check(f"{what}: no token contains another", not any(a != b and a in b for a in every for b in every))
        TOKEN_OWNER[self.mediator] = (self.id, None)
        for party, token in self.tokens.items():
            TOKEN_OWNER[token] = (self.id, party)
        self.prefs = {}
        self.read_prefs = {}  # what GET preferences answers, where it differs from what was put (normalised)
        self.round_prefs = {}  # the preferences as they were when the current round opened
        self.counts = {"preferences": 0, "acceptances": 0, "proposals": 0, "rounds": 0}
        self.ids = {}  # suggestion or improvement id -> values: ids are never reused
        self.model = None
        self.last_round = 0
        self.path = f"/api/negotiations/{self.id}"

    def state(self, token, what=""):
        r = self.client.call("GET", self.path, token=token)
        label = f"{self.what}: GET state {what}"
        if not check(f"{label} answers 200", r.status == 200, r):
            return None
        check(f"{label}: JSON", (r.header("Content-Type") or "").startswith("application/json"), r.header("Content-Type"))
        s = r.json()
        self.check_state(label, s, token)
        return s

    def put(self, party, prefs, expect=204):
        r = self.client.call("PUT", self.path + "/preferences", prefs, token=self.tokens[party])
        if check(f"{self.what}: PUT preferences of {party} answers {expect}", r.status == expect, r):
            if expect == 204:
                check(f"{self.what}: 204 has no body", r.body == b"", r.body)
                self.prefs[party] = prefs
                self.counts["preferences"] += 1
                if self.last_round == 0 and len(self.prefs) == len(self.tokens):
                    self.round_prefs = dict(self.prefs)  # round 1 opens now
        return r

    def accept(self, party, ids, expect=200):
        r = self.client.call("POST", self.path + "/acceptances", {"suggestions": ids}, token=self.tokens[party])
        ok = check(f"{self.what}: {party} accepts {ids}: answers {expect}", r.status == expect, r)
        if ok and expect == 200:
            self.counts["acceptances"] += 1
            s = r.json()
            self.check_state(f"{self.what}: state after {party} accepts {ids}", s, self.tokens[party])
            if not check(f"{self.what}: acceptances answer the state", isinstance(s, dict) and "you" in s, r):
                return None
            # The acceptance that makes (or moves) the agreement may leave the party with none: what it accepts
            # next is an improvement (docs/serve.md does not say).
            agreed_now = s.get("status") == "agreed" and (s.get("agreement") or {}).get("id") in ids
            check(f"{self.what}: {party}'s acceptances are {ids}",
                  sorted(s["you"].get("acceptances", [])) == sorted(ids) or
                  (agreed_now and s["you"].get("acceptances") == []), s["you"])
            if agreed_now and s["you"].get("acceptances") == [] and ids:
                notes.append(f"{self.what}: the acceptance that made the agreement shows `you.acceptances` empty")
            return s
        return None

    def propose(self, party, values, expect=200):
        r = self.client.call("POST", self.path + "/proposals", {"values": values}, token=self.tokens[party])
        ok = check(f"{self.what}: {party} proposes {values}: answers {expect}", r.status == expect, r)
        if ok and expect == 200:
            self.counts["proposals"] += 1
            s = r.json()
            self.check_state(f"{self.what}: state after {party}'s proposal", s, self.tokens[party])
            if not check(f"{self.what}: a proposal answers the state", isinstance(s, dict) and "proposals" in s, r):
                return None
            mine = [p for p in s["proposals"] if p.get("party") == party and p.get("round") == s["round"]
                    and self.model.same(p.get("values", {}), values)]
            check(f"{self.what}: {party}'s proposal is listed", mine, s["proposals"])
            return s
        return None

    def open_round(self, expect=200):
        r = self.client.call("POST", self.path + "/rounds", token=self.mediator)
        ok = check(f"{self.what}: mediator opens a round: answers {expect}", r.status == expect, r)
        if ok and expect == 200:
            self.counts["rounds"] += 1
            self.round_prefs = dict(self.prefs)
            s = r.json()
            self.check_state(f"{self.what}: state after a new round", s, self.mediator)
            return s
        return None

    def audit(self):
        r = self.client.call("GET", self.path + "/audit", token=self.mediator)
        check(f"{self.what}: GET audit answers 200", r.status == 200, r)
        return r

    # -- the state, checked against the contract and against the model -------------------------------------
    def check_state(self, label, s, token):
        if not check(f"{label}: a JSON object", isinstance(s, dict), s):
            return
        extra = set(s) - STATE_KEYS
        missing = STATE_KEYS - set(s)
        check(f"{label}: has every field of the public state", not missing, missing)
        if extra:
            EXTRA_FIELDS.update(extra)
        if missing:
            return
        check(f"{label}: id", s["id"] == self.id, s["id"])
        if self.model is None:
            self.model = Model(s["issues"])
        m = self.model
        check(f"{label}: status", s["status"] in ("open", "agreed"), s["status"])
        check(f"{label}: round is an integer", isinstance(s["round"], int) and s["round"] >= 0, s["round"])
        check(f"{label}: round never goes back", s["round"] >= self.last_round, f"{s['round']} after {self.last_round}")
        self.last_round = max(self.last_round, s["round"])
        for p in s["parties"]:
            check(f"{label}: party entry has exactly {sorted(PARTY_KEYS)}", set(p) == PARTY_KEYS, sorted(p))
        parties = {p["id"]: p for p in s["parties"]}
        check(f"{label}: parties are the scenario's parties", set(parties) == set(self.tokens), sorted(parties))
        all_set = all(p.get("preferences_set") for p in s["parties"])
        for pid, p in parties.items():
            check(f"{label}: {pid}'s preferences_set", p.get("preferences_set") == (pid in self.prefs), p)
            stance = p.get("stance", {})
            check(f"{label}: {pid}'s public stance is positions only",
                  isinstance(stance, dict) and all(isinstance(v, (int, float, str)) for v in stance.values()), stance)
        if s["round"] == 0:
            check(f"{label}: round 0 until every party has set preferences", not all_set, s["parties"])
            check(f"{label}: zopa_exists is null in round 0", s["zopa_exists"] is None, s["zopa_exists"])
            check(f"{label}: no suggestions in round 0", s["suggestions"] == [], s["suggestions"])
        else:
            check(f"{label}: every party has set preferences after round 0", all_set, s["parties"])
        me = TOKEN_OWNER.get(token, (None, None))[1]
        you = s["you"]
        if token == self.mediator:
            check(f"{label}: you is {{role: mediator}}", you == {"role": "mediator"}, you)
        else:
            check(f"{label}: you is the caller", you.get("role") == "party" and you.get("party") == me, you)
            check(f"{label}: you has exactly role, party, acceptances, utilities, acceptable",
                  set(you) == {"role", "party", "acceptances", "utilities", "acceptable"}, sorted(you))
        # Suggestions: on the grid, listed by their values, ids never reused.
        for kind in ("suggestions", "improvements"):
            items = s[kind]
            check(f"{label}: at most 8 {kind}", isinstance(items, list) and len(items) <= 8, len(items))
            for item in items:
                check(f"{label}: {kind} entry shape", set(item) == {"id", "values"} and isinstance(item["id"], int),
                      item)
                self.check_package(f"{label}: {kind} {item.get('id')}", item.get("values", {}))
                if item["id"] in self.ids:
                    check(f"{label}: id {item['id']} means one package", m.same(self.ids[item["id"]], item["values"]),
                          f"{self.ids[item['id']]} then {item['values']}")
                else:
                    self.ids[item["id"]] = item["values"]
            keys = [m.key(i["values"]) for i in items]
            check(f"{label}: {kind} listed by their values", keys == sorted(keys), [i["values"] for i in items])
            check(f"{label}: {kind} are distinct packages", len(set(keys)) == len(keys), keys)
        ids = [i["id"] for i in s["suggestions"]] + [i["id"] for i in s["improvements"]]
        check(f"{label}: suggestion and improvement ids distinct", len(set(ids)) == len(ids), ids)
        if s["round"] >= 1 and len(self.prefs) == len(self.tokens):
            self.check_against_model(label, s, me)

    def check_package(self, label, values):
        m = self.model
        check(f"{label}: a value for every issue", set(values) == set(m.by_id), values)
        for issue_id, v in values.items():
            if issue_id not in m.by_id:
                continue
            if m.discrete(issue_id):
                check(f"{label}: {issue_id} is an option name", v in m.by_id[issue_id]["options"], v)
            else:
                check(f"{label}: {issue_id} is on the grid",
                      isinstance(v, (int, float)) and any(abs(v - g) < 1e-9 for g in m.grid(issue_id)), v)

    def check_against_model(self, label, s, me):
        m = self.model
        packages = list(m.packages())
        rp = self.round_prefs or self.prefs
        agreeable, zopa = m.offer_set(list(rp.values()))
        _, now = m.offer_set(list(self.prefs.values()))
        check(f"{label}: zopa_exists = some package is agreeable at the public resolution",
              s["zopa_exists"] in (zopa, now), f"server {s['zopa_exists']}, {len(agreeable)} agreeable packages here")
        in_set = lambda v: any(m.same(v, x) for x in agreeable)  # noqa: E731
        if s["status"] == "open" and agreeable:
            check(f"{label}: suggestions when a ZOPA exists", s["suggestions"], s["suggestions"])
        for item in s["suggestions"]:
            v = item["values"]
            if s["status"] == "open":
                check(f"{label}: suggestion {item['id']} is agreeable at the public resolution", in_set(v), v)
                better = [x for x in agreeable
                          if all(m.utility(p, x) > m.utility(p, v) + 1e-9 for p in rp.values())]
                check(f"{label}: suggestion {item['id']} is on the frontier (no agreeable package better for all)",
                      not better, f"{v} is beaten by {better[:3]}")
        if s["status"] == "agreed":
            ag = s["agreement"]
            check(f"{label}: agreement shape", isinstance(ag, dict) and set(ag) == {"id", "values"}, ag)
            if isinstance(ag, dict) and "values" in ag:
                self.check_package(f"{label}: agreement", ag["values"])
                if ag.get("id") in self.ids:
                    check(f"{label}: agreement id {ag['id']} means its package", m.same(self.ids[ag["id"]], ag["values"]))
                # Improvements are computed when the agreement is made or moved, and when the mediator opens a
                # round, from the preferences as they were then (like suggestions).
                base = {p: m.utility(pr, ag["values"]) for p, pr in rp.items()}
                wanted = [x for x in agreeable if all(m.utility(pr, x) > base[p] + 1e-9 for p, pr in rp.items())]
                for item in s["improvements"]:
                    for p, pr in rp.items():
                        check(f"{label}: improvement {item['id']} is strictly better for {p}",
                              m.utility(pr, item["values"]) > base[p] + 1e-9,
                              f"{m.utility(pr, item['values'])} against {base[p]} at the agreement")
                    check(f"{label}: improvement {item['id']} is agreeable at the public resolution",
                          in_set(item["values"]))
                    if me is not None and str(item["id"]) in s["you"].get("utilities", {}):
                        check(f"{label}: you.utilities[{item['id']}] exceeds your utility of the agreement",
                              s["you"]["utilities"][str(item["id"])] > base[me])
                # docs/serve.md: the improvements are the agreeable set's Pareto-optimal packages that every
                # party strictly prefers to the agreement, one per utility vector (ties go to the smallest values).
                optimal = [x for x in wanted
                           if not any(all(m.utility(pr, y) >= m.utility(pr, x) - 1e-9 for pr in rp.values())
                                      and any(m.utility(pr, y) > m.utility(pr, x) + 1e-9 for pr in rp.values())
                                      for y in agreeable)]
                vectors = {tuple(round(m.utility(pr, x), 9) for pr in rp.values()) for x in optimal}
                for item in s["improvements"]:
                    check(f"{label}: improvement {item['id']} is Pareto-optimal among the agreeable packages",
                          any(m.same(item["values"], x) for x in optimal), item["values"])
                check(f"{label}: improvements: one per Pareto-optimal utility vector that beats the agreement, at most 8"
                      f" ({len(vectors)})", len(s["improvements"]) == min(8, len(vectors)),
                      f"server {[i['values'] for i in s['improvements']]}, expected one of each of {len(vectors)}")
        else:
            check(f"{label}: no agreement while open", s["agreement"] is None, s["agreement"])
            check(f"{label}: no improvements while open", s["improvements"] == [], s["improvements"])
        if me is None:
            return
        prefs, you = self.prefs[me], s["you"]
        listed = {str(i["id"]): i["values"] for i in s["improvements"]}
        if s["status"] == "open":
            listed.update({str(i["id"]): i["values"] for i in s["suggestions"]})
        known = {str(i["id"]) for i in s["suggestions"] + s["improvements"]}
        if s["agreement"]:
            known.add(str(s["agreement"]["id"]))
        for field in ("utilities", "acceptable"):
            got = you.get(field, {})
            check(f"{label}: you.{field} covers every open suggestion and improvement", set(listed) <= set(got),
                  f"{sorted(got)} lacks {sorted(set(listed) - set(got))}")
            check(f"{label}: you.{field} only about listed packages", set(got) <= known, sorted(got))
        for sid, values in {**{str(i["id"]): i["values"] for i in s["suggestions"]}, **listed}.items():
            # Utilities are the party's own, from its preferences as they are now (or, for a suggestion, as they
            # were when the round opened).
            both = [prefs] + ([rp[me]] if me in rp else [])
            if sid in you.get("utilities", {}):
                u = [m.utility(p, values) for p in both]
                check(f"{label}: {me}'s utility of {sid}", any(abs(you["utilities"][sid] - x) < 1e-6 for x in u),
                      f"server {you['utilities'][sid]}, formula {u}")
            if sid in you.get("acceptable", {}):
                a = [m.accepts(p, values) for p in both]
                check(f"{label}: {me}'s acceptable[{sid}]", you["acceptable"][sid] in a,
                      f"server {you['acceptable'][sid]}, formula {a}")


def check_audit_counts(neg, log):
    entries = log["entries"]
    actions = [e["action"] for e in entries]
    check(f"{neg.what}: the first entry is the mediator's create",
          entries[0]["action"] == "create" and entries[0]["actor"] == "mediator", entries[0])
    d = entries[0]["detail"]
    check(f"{neg.what}: create detail", isinstance(d, dict) and sorted(d.get("parties", [])) == sorted(neg.tokens)
          and isinstance(d.get("title"), str) and HEX64.match(str(d.get("scenario_sha256"))), d)
    for kind in ("preferences", "acceptances"):
        mine = [e for e in entries if e["action"] == kind]
        check(f"{neg.what}: one `{kind}` entry per acknowledged {kind}", len(mine) == neg.counts[kind],
              f"{len(mine)} entries, {neg.counts[kind]} acknowledged; actions {sorted(set(actions))}")
        for e in mine:
            # Who acted and in which round are public; what was said is only a digest.
            check(f"{neg.what}: `{kind}` entry {e['seq']} records a digest, not what was said",
                  isinstance(e["detail"], dict) and set(e["detail"]) <= {"digest", "party", "round"}
                  and HEX64.match(str(e["detail"].get("digest"))), e["detail"])
            party = e["actor"].removeprefix("party:")
            check(f"{neg.what}: `{kind}` entry {e['seq']} names the party", party in neg.tokens and
                  e["detail"].get("party", party) == party, e["actor"])
    seats = [e for e in entries if e["action"] == "seat"]
    check(f"{neg.what}: one `seat` entry per party, by the party, naming it",
          sorted(e["actor"] for e in seats) == sorted("party:" + p for p in neg.tokens)
          and all(e["detail"] == {"party": e["actor"].removeprefix("party:")} for e in seats), seats)
    proposals = [e for e in entries if e["action"].startswith("propos")]
    check(f"{neg.what}: one entry per acknowledged proposal", len(proposals) == neg.counts["proposals"],
          f"{len(proposals)} against {neg.counts['proposals']}; actions {sorted(set(actions))}")
    rounds = [e for e in entries if "round" in e["action"] and e["actor"] == "mediator"]
    check(f"{neg.what}: one mediator entry per opened round", len(rounds) == neg.counts["rounds"],
          f"{len(rounds)} against {neg.counts['rounds']}; actions {sorted(set(actions))}")


# ---------------------------------------------------------------------------------------------------------

def main():
    tmp = tempfile.mkdtemp(prefix="parley-serve-test-")
    store = args.db_url or os.path.join(tmp, "x.db")
    server = Server(args.parley, store, tmp)
    try:
        client = Client(server.host, server.port)
        check("the listening line names the store", server.store_shown == store or
              (args.db_url and server.store_shown.startswith("postgresql://")), server.store_shown)
        flagship(client, tmp)
        improvements(client)
        nominal(client)
        confidentiality(client, tmp)
        if args.db_url:
            shared_database(client, tmp)
        rc = server.stop()
        check("SIGTERM stops the server cleanly (exit 0)", rc == 0, rc)
        if not args.db_url:
            r = run_parley("audit", "verify", "--db", store)
            check("audit verify --db STORE exits 0", r.returncode == 0, f"exit {r.returncode}: {r.stderr}{r.stdout}")
        else:
            r = run_parley("audit", "verify", "--db", store)
            check("audit verify --db postgresql://... exits 0", r.returncode == 0,
                  f"exit {r.returncode}: {r.stderr}{r.stdout}")
    finally:
        if server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()
    stderr_text = open(server.stderr_path, "rb").read()
    if failures:
        print(f"{len(failures)} of {checks} checks failed:")
        print("\n".join("  " + f for f in failures[:300]))
        if len(failures) > 300:
            print(f"  ... and {len(failures) - 300} more")
        print("server stderr (tail):", short(stderr_text[-2000:], 2000))
    if EXTRA_FIELDS:
        notes.append(f"the public state has fields beyond the contract: {sorted(EXTRA_FIELDS)}")
    for n in sorted(set(notes), key=notes.index)[:20]:
        print("note:", n)
    shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        sys.exit(1)
    print(f"serve api: {checks} checks passed ({'PostgreSQL' if args.db_url else 'SQLite'}): flow, audit chain, "
          f"improvements, confidentiality ({len(SEEN)} responses scanned)")


# -- the flagship: the Geneva scenario ---------------------------------------------------------------------

GENEVA_RU = {"stances": {"territory": {"position": 80, "salience": 70, "reservation": 40},
                         "security": {"position": 0, "salience": 60, "reservation": 40},
                         "sequencing": {"position": "settlement first", "salience": 30}},
             "no_deal": 0.2}
GENEVA_UA = {"stances": {"territory": {"position": 10, "salience": 80, "reservation": 50},
                         "security": {"position": 90, "salience": 70, "reservation": 30},
                         "sequencing": {"position": 0, "salience": 40}},
             "no_deal": 0.2}
# What GET preferences answers for GENEVA_UA: the normalised form, options by name (docs/serve.md).
GENEVA_UA_READ = {"stances": {"territory": {"position": 10, "salience": 80, "reservation": 50},
                              "security": {"position": 90, "salience": 70, "reservation": 30},
                              "sequencing": {"position": "ceasefire first", "salience": 40}},
                  "no_deal": 0.2}
GENEVA_UA2 = {"stances": {"territory": {"position": 20, "salience": 50, "reservation": 60},
                          "security": {"position": 100, "salience": 90, "reservation": 20},
                          "sequencing": {"position": "simultaneous", "salience": 20}}}


def flagship(client, tmp):
    geneva_path = os.path.join(ROOT, "examples", "geneva.yaml")
    yaml_body = open(geneva_path, "rb").read()
    neg = Negotiation(client, "geneva", yaml_body, "application/yaml")
    other = Negotiation(client, "geneva again", yaml_body, "application/yaml")
    check("two creates give different ids", neg.id != other.id)
    check("two creates give different tokens",
          not ({neg.mediator, *neg.tokens.values()} & {other.mediator, *other.tokens.values()}))
    check("geneva's party tokens are ru and ua", set(neg.tokens) == {"ru", "ua"}, sorted(neg.tokens))
    conv = run_parley("convert", geneva_path, "--to", "json")
    if check("parley convert geneva to JSON", conv.returncode == 0, conv.stderr):
        as_json = Negotiation(client, "geneva as JSON", conv.stdout.encode(), "application/json")
        check("a JSON scenario has the same parties", set(as_json.tokens) == {"ru", "ua"})
    bad = client.call("POST", "/api/negotiations", b"parley: 1\ntitle: x\nissues: []\nactors:\n  - {id: a}\n",
                      headers={"Content-Type": "application/yaml"})
    check("a bad scenario answers 400", bad.status == 400, bad)
    check("a bad scenario's message is located", re.search(r"request:\d+:\d+: error: ", short(bad.body, 10000)), bad)
    bad = client.call("POST", "/api/negotiations", b"parley: 1\ntitle: x\nbogus_key: 1\n" + yaml_body[yaml_body.index(b"issues:"):],
                      headers={"Content-Type": "application/yaml"})
    check("an unknown key in a scenario answers 400 at line 3", bad.status == 400 and
          re.search(r"request:3:\d+: error: ", short(bad.body, 10000)), bad)

    s = neg.state(neg.mediator, "round 0 (mediator)")
    if s:
        check("geneva round 0: status open, round 0", s["status"] == "open" and s["round"] == 0, s)
        check("geneva: title", s["title"] == "Russia-Ukraine talks in Geneva (February 2026)", s["title"])
        issues = {i["id"]: i for i in s["issues"]}
        check("geneva: issues", list(issues) == ["territory", "security", "sequencing"], list(issues))
        t = issues.get("territory", {})
        check("geneva: territory scale and step", (t.get("min"), t.get("max"), t.get("step")) == (0, 100, 10), t)
        check("geneva: territory labels", {"value": 50, "text": "Freeze on the line of contact"} in t.get("labels", []),
              t.get("labels"))
        check("geneva: sequencing options", issues.get("sequencing", {}).get("options") ==
              ["ceasefire first", "simultaneous", "settlement first"], issues.get("sequencing"))
        ru = next((p for p in s["parties"] if p["id"] == "ru"), {})
        check("geneva: Russia's public stance", ru.get("name") == "Russia" and ru.get("stance", {}).get("territory") == 100
              and ru.get("stance", {}).get("security") == 0
              and ru.get("stance", {}).get("sequencing") in ("settlement first", 2), ru)
        check("geneva: nobody has responded", not any(p["responded"] for p in s["parties"]), s["parties"])
        check("geneva: empty lists in round 0", s["suggestions"] == [] and s["improvements"] == []
              and s["proposals"] == [] and s["agreement"] is None, s)
    neg.state(neg.tokens["ru"], "round 0 (ru)")
    r = client.call("GET", neg.path + "/preferences", token=neg.tokens["ru"])
    check("GET preferences before any PUT answers 409 (docs/serve.md)", r.status == 409, r)
    # Accepting, or opening a round, before round 1: 409.
    r = client.call("POST", neg.path + "/acceptances", {"suggestions": [1]}, token=neg.tokens["ru"])
    check("accepting before round 1 answers 409", r.status == 409, r)
    r = client.call("POST", neg.path + "/rounds", token=neg.mediator)
    check("the mediator cannot open a round before round 1 (409)", r.status == 409, r)

    neg.put("ru", GENEVA_RU)
    r = client.call("GET", neg.path + "/preferences", token=neg.tokens["ru"])
    check("GET preferences answers 200 with what was put", r.status == 200 and r.json() == GENEVA_RU, r)
    r = client.call("GET", neg.path + "/preferences", token=neg.tokens["ua"])
    check("ua does not get ru's preferences", r.json() != GENEVA_RU, r)
    r = client.call("GET", neg.path + "/preferences", token=neg.mediator)
    check("the mediator's GET preferences answers 403", r.status == 403, r)
    s = neg.state(neg.mediator, "after ru's preferences")
    if s:
        check("still round 0 with one party's preferences", s["round"] == 0, s["round"])
    neg.put("ua", GENEVA_UA)
    r = client.call("GET", neg.path + "/preferences", token=neg.tokens["ua"])
    check("ua's GET preferences is ua's, the option index read back as its name", r.status == 200 and r.json() == GENEVA_UA_READ, r)
    s = neg.state(neg.tokens["ua"], "round 1 (ua)")
    if not s:
        return
    check("round 1 opens by itself", s["round"] == 1 and s["status"] == "open", (s["round"], s["status"]))
    check("geneva: a ZOPA with these preferences", s["zopa_exists"] is True, s["zopa_exists"])
    sugg = [i["id"] for i in s["suggestions"]]
    check("geneva: suggestions in round 1", len(sugg) >= 2, s["suggestions"])
    if len(sugg) < 2:
        return
    s_ru = neg.state(neg.tokens["ru"], "round 1 (ru)")
    s_med = neg.state(neg.mediator, "round 1 (mediator)")
    check("every caller sees the same suggestions in the same order",
          s_ru and s_med and s_ru["suggestions"] == s["suggestions"] == s_med["suggestions"])

    neg.propose("ru", {"territory": 60, "security": 30, "sequencing": "simultaneous"})
    neg.propose("ua", {"territory": 20, "security": 70, "sequencing": 0})
    s = neg.state(neg.mediator, "after proposals")
    if s:
        check("proposals listed with party and round", len(s["proposals"]) == 2 and
              all(set(p) == {"party", "round", "values"} and p["round"] == 1 for p in s["proposals"]), s["proposals"])
    r = client.call("POST", neg.path + "/proposals", {"values": {"territory": 60, "security": 30, "sequencing": 1}},
                    token=neg.mediator)
    check("the mediator's proposal answers 403", r.status == 403, r)
    for label, values in [("out of scale", {"territory": 150, "security": 30, "sequencing": 1}),
                          ("unknown issue", {"territory": 50, "security": 30, "sequencing": 1, "oil": 3}),
                          ("unknown option", {"territory": 50, "security": 30, "sequencing": "never"}),
                          ("a string on a continuous issue", {"territory": "fifty", "security": 30, "sequencing": 1})]:
        r = client.call("POST", neg.path + "/proposals", {"values": values}, token=neg.tokens["ru"])
        check(f"a proposal with {label} answers 400 located", r.status == 400 and
              re.search(r"request:\d+:\d+: error: ", short(r.body, 10000)), r)

    st = neg.accept("ru", [sugg[0], sugg[1]])
    if st:
        mine = {p["id"]: p for p in st["parties"]}
        check("ru responded, ua not", mine["ru"]["responded"] and not mine["ua"]["responded"], st["parties"])
    neg.accept("ru", [sugg[1]])
    s = neg.state(neg.tokens["ua"], "ua after ru accepted")
    if s:
        check("ua does not see ru's acceptances", s["you"]["acceptances"] == [], s["you"])
    neg.accept("ua", [sugg[0]])
    s = neg.state(neg.mediator, "after two acceptances on different packages")
    if s:
        check("no agreement when acceptances differ", s["status"] == "open" and s["agreement"] is None, s)
    r = client.call("POST", neg.path + "/acceptances", {"suggestions": [max(sugg) + 1000]}, token=neg.tokens["ru"])
    check("accepting an unknown suggestion is refused (4xx)", 400 <= r.status < 500, r)
    r = client.call("POST", neg.path + "/acceptances", {"suggestions": "1"}, token=neg.tokens["ru"])
    check("acceptances with a string answers 400 located", r.status == 400 and
          re.search(r"request:\d+:\d+: error: ", short(r.body, 10000)), r)
    r = client.call("POST", neg.path + "/acceptances", {"suggestions": [1]}, token=neg.mediator)
    check("the mediator's acceptances answer 403", r.status == 403, r)
    r = client.call("POST", neg.path + "/rounds", token=neg.tokens["ru"])
    check("a party opening a round answers 403", r.status == 403, r)
    r = client.call("GET", neg.path + "/audit", token=neg.tokens["ru"])
    check("a party's GET audit answers 403", r.status == 403, r)

    # Ukraine revises its preferences; the suggestions of round 1 stay until the mediator opens round 2.
    before = neg.state(neg.mediator, "before revised preferences")
    neg.put("ua", GENEVA_UA2)
    after = client.call("GET", neg.path, token=neg.mediator).json()
    check("revised preferences do not change the round's suggestions",
          before and after and after["suggestions"] == before["suggestions"])
    s = neg.open_round()
    if not s:
        return
    check("round 2", s["round"] == 2 and s["status"] == "open", s["round"])
    check("acceptances start empty in round 2", not any(p["responded"] for p in s["parties"]), s["parties"])
    s_ru = neg.state(neg.tokens["ru"], "round 2 (ru)")
    if s_ru:
        check("ru's acceptances are empty in round 2", s_ru["you"]["acceptances"] == [], s_ru["you"])
    neg.state(neg.tokens["ua"], "round 2 (ua)")
    sugg2 = [i["id"] for i in s["suggestions"]]
    if check("geneva round 2 has suggestions", sugg2, s):
        neg.accept("ru", [sugg2[0]])
        st = neg.accept("ua", sorted({sugg2[-1], sugg2[0]}))
        if st:
            check("unanimous acceptance: agreed", st["status"] == "agreed" and st["agreement"]
                  and st["agreement"]["id"] == sugg2[0]
                  and neg.model.same(st["agreement"]["values"], s["suggestions"][0]["values"]), st)
        neg.state(neg.tokens["ru"], "agreed (ru)")
        neg.state(neg.mediator, "agreed (mediator)")

    r = neg.audit()
    log = r.json()
    if check_chain("geneva", log, neg.id):
        check_audit_counts(neg, log)
        verify_file_checks("geneva", log, r.body, tmp)


# -- improvements after agreement: two parties ---------------------------------------------------------------

def improvements(client):
    body = open(os.path.join(HERE, "two_parties.yaml"), "rb").read()
    neg = Negotiation(client, "two parties", body, "application/yaml")
    # a accepts only x >= 80. The scenario's reservation for a (x <= 70) and its no_deal 0.3 (b's utility is
    # at most 0.2 there) would leave no deal: they must not be used.
    neg.put("a", {"stances": {"x": {"position": 100, "salience": 50, "reservation": 80}}})
    neg.put("b", {"stances": {"x": {"position": 0, "salience": 50}}})
    s = neg.state(neg.tokens["a"], "round 1 (a)")
    if not s or not check("two parties: suggestions", s["suggestions"], s):
        return
    check("two parties: the scenario's reservations and no_deal are not used",
          s["zopa_exists"] is True and all(i["values"]["x"] >= 80 for i in s["suggestions"]), s["suggestions"])
    pick = s["suggestions"][len(s["suggestions"]) // 2]
    neg.accept("a", [pick["id"]])
    st = neg.accept("b", [pick["id"]])
    if not st or not check("two parties: agreed", st["status"] == "agreed", st):
        return
    check("two parties: no improvements over a frontier package", st["improvements"] == [], st["improvements"])
    y = pick["values"]["y"]
    target = y + 10 if y < 100 else y - 10
    neg.put("a", {"stances": {"x": {"position": 100, "salience": 50, "reservation": 80},
                              "y": {"position": target, "salience": 20}}})
    neg.put("b", {"stances": {"x": {"position": 0, "salience": 50}, "y": {"position": target, "salience": 20}}})
    s = neg.state(neg.tokens["a"], "after revised preferences (a)")
    if not s:
        return
    if not s["improvements"]:
        notes.append("two parties: revised preferences change the improvements only when the mediator opens a round")
        s = neg.open_round()
        if not s:
            return
        check("two parties: a round after agreement keeps the agreement", s["status"] == "agreed"
              and s["agreement"]["id"] == pick["id"], s)
    s = neg.state(neg.tokens["a"], "improvements (a)")
    neg.state(neg.tokens["b"], "improvements (b)")
    # z has salience 0 for both: its three values tie, and one improvement (the smallest z) stands for them.
    check("two parties: improvements after both revise towards y = %g" % target, len(s["improvements"]) == 1,
          s["improvements"])
    if not s["improvements"]:
        return
    imp = s["improvements"][0]
    neg.accept("a", [imp["id"]])
    s = neg.state(neg.mediator, "one party accepted an improvement")
    if s:
        check("two parties: one acceptance does not move the agreement", s["agreement"]["id"] == pick["id"], s["agreement"])
    st = neg.accept("b", [imp["id"]])
    if st:
        check("two parties: unanimous acceptance moves the agreement to the improvement",
              st["status"] == "agreed" and st["agreement"]["id"] == imp["id"]
              and neg.model.same(st["agreement"]["values"], imp["values"]), st["agreement"])
        check("two parties: no improvement over the new agreement", st["improvements"] == [], st["improvements"])
    r = neg.audit()
    log = r.json()
    if check_chain("two parties", log, neg.id):
        check_audit_counts(neg, log)


NOMINAL_SCENARIO = b"""parley: 1
title: Where the commission sits
issues:
  - {id: seat, name: Seat, options: [Geneva, Vienna, Istanbul], ordered: false}
  - {id: x, scale: [0, 100], step: 25}
actors:
  - {id: a, capability: 1, stances: {seat: {position: Geneva, salience: 1}}}
  - {id: b, capability: 1, stances: {seat: {position: Istanbul, salience: 1}}}
"""


def nominal(client):
    """A nominal issue at the site (docs/serve.md, "Preferences"): options with no order, limits as the options
    accepted, and no limit with sides."""
    neg = Negotiation(client, "nominal", NOMINAL_SCENARIO, "application/yaml")
    s = neg.state(neg.mediator, "before preferences")
    if not s:
        return
    seat = next(i for i in s["issues"] if i["id"] == "seat")
    check("nominal: the public state says the seat's options have no order", seat.get("ordered") is False, seat)
    refused = [
        ("a reservation on a nominal issue", {"seat": {"position": "Vienna", "salience": 50, "reservation": "Geneva"}}),
        ("an at_least on a nominal issue", {"seat": {"position": "Vienna", "salience": 50, "at_least": "Geneva"}}),
        ("acceptable on a continuous issue", {"x": {"position": 50, "salience": 50, "acceptable": [50]}}),
        ("an unknown option accepted", {"seat": {"position": "Vienna", "salience": 50, "acceptable": ["Rome"]}}),
        ("an option accepted twice", {"seat": {"position": "Vienna", "salience": 50, "acceptable": ["Vienna", 1]}}),
        ("no option accepted", {"seat": {"position": "Vienna", "salience": 50, "acceptable": []}}),
    ]
    for label, stances in refused:
        r = neg.put("a", {"stances": stances}, expect=400)
        check(f"nominal: {label}: a located message", re.search(rb"request:\d+:\d+: error: ", r.body), r)
    neg.put("a", {"stances": {"seat": {"position": "Geneva", "salience": 50, "acceptable": ["Geneva", "Vienna"]},
                              "x": {"position": 100, "salience": 50}}})
    neg.put("b", {"stances": {"seat": {"position": "Istanbul", "salience": 50, "acceptable": ["Istanbul", 1]},
                              "x": {"position": 0, "salience": 50}}})
    r = client.call("GET", neg.path + "/preferences", token=neg.tokens["b"])
    check("nominal: b reads its options accepted back by name",
          r.status == 200 and r.json()["stances"]["seat"].get("acceptable") == ["Vienna", "Istanbul"], r)
    s = neg.state(neg.tokens["a"], "round 1 (a)")
    if s:
        check("nominal: the only seat both accept is in every suggestion",
              s["suggestions"] and all(i["values"]["seat"] == "Vienna" for i in s["suggestions"]), s["suggestions"])


# -- PostgreSQL: several server processes share one database ----------------------------------------------

def shared_database(first, tmp):
    """Two processes on one PostgreSQL database are one site: a negotiation made through one is used through
    the other, and concurrent writes through both keep one unbroken audit chain."""
    workdir = os.path.join(tmp, "second")
    os.makedirs(workdir, exist_ok=True)
    other = Server(args.parley, args.db_url, workdir)
    try:
        second = Client(other.host, other.port)
        neg = Negotiation(first, "shared database", open(os.path.join(HERE, "two_parties.yaml"), "rb").read(),
                          "application/yaml")
        neg.client = second
        neg.put("a", {"stances": {"x": {"position": 100, "salience": 50}, "y": {"position": 30, "salience": 50}}})
        neg.put("b", {"stances": {"x": {"position": 0, "salience": 50}, "y": {"position": 70, "salience": 50}}})
        neg.client = first
        s = neg.state(neg.tokens["a"], "round 1 through the first server")
        if not s or not check("shared database: round 1 opened through the other server", s["round"] == 1, s):
            return
        first_id = s["suggestions"][0]["id"]
        lock = threading.Lock()
        acked = collections.Counter()

        def write(client, party, k):
            for i in range(12):
                values = {"x": 10 * ((k * 12 + i) % 11), "y": 10 * (i % 11), "z": "now"}
                r = client.call("POST", neg.path + "/proposals", {"values": values}, token=neg.tokens[party])
                ids = [first_id] if party == "a" else []  # b accepts nothing: no agreement
                r2 = client.call("POST", neg.path + "/acceptances", {"suggestions": ids}, token=neg.tokens[party])
                with lock:
                    acked["proposals"] += r.status == 200
                    acked["acceptances"] += r2.status == 200
                    if r.status != 200 or r2.status != 200:
                        failures.append(f"shared database: concurrent writes refused: {r} / {r2}")

        threads = [threading.Thread(target=write, args=(c, p, k))
                   for k, (c, p) in enumerate([(first, "a"), (second, "a"), (first, "b"), (second, "b")])]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        neg.counts["proposals"] += acked["proposals"]
        neg.counts["acceptances"] += acked["acceptances"]
        s1 = first.call("GET", neg.path, token=neg.mediator)
        s2 = second.call("GET", neg.path, token=neg.mediator)
        check("shared database: both servers list every acknowledged proposal",
              s1.status == s2.status == 200 and len(s1.json()["proposals"]) == len(s2.json()["proposals"]) == acked["proposals"],
              f"{acked['proposals']} acknowledged; {s1} / {s2}")
        a1 = first.call("GET", neg.path + "/audit", token=neg.mediator)
        a2 = second.call("GET", neg.path + "/audit", token=neg.mediator)
        check("shared database: both servers export the same audit log", a1.status == 200 and a1.body == a2.body,
              f"{a1} / {a2}")
        log = a1.json()
        if check_chain("shared database", log, neg.id):
            check_audit_counts(neg, log)
    finally:
        rc = other.stop()
        check("shared database: SIGTERM stops the second server (exit 0)", rc == 0, rc)
    cold_server_burst(first, tmp, neg)


def cold_server_burst(first, tmp, neg):
    """A server that has not yet read a negotiation's scenario takes 32 writes to it at once: more than its 16
    pooled connections, each change needing the scenario. Every one must be answered (a change once held its
    connection while asking the pool for another, and a pool's worth at once hung the server for good)."""
    workdir = os.path.join(tmp, "cold")
    os.makedirs(workdir, exist_ok=True)
    cold = Server(args.parley, args.db_url, workdir)
    try:
        client = Client(cold.host, cold.port)
        answers = []
        lock = threading.Lock()

        def write(i):
            r = client.call("POST", neg.path + "/proposals", {"values": {"x": 10 * (i % 11), "y": 0, "z": "now"}},
                            token=neg.tokens["a" if i % 2 else "b"])
            with lock:
                answers.append(r.status)

        threads = [threading.Thread(target=write, args=(i,)) for i in range(32)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        check("cold server: 32 concurrent writes to an unread negotiation are all answered 200",
              len(answers) == 32 and all(a == 200 for a in answers), answers)
        neg.counts["proposals"] += sum(a == 200 for a in answers)
    finally:
        rc = cold.stop()
        check("cold server: SIGTERM stops it (exit 0)", rc == 0, rc)


# -- confidentiality -----------------------------------------------------------------------------------------

# Distinctive confidential numbers: none is a multiple of 10 (the public grid and stances), and every decimal
# has three or more significant digits.
SECRETS = {
    "a": {"stances": {"land": {"position": 23.7, "salience": 71.3, "reservation": 46.1},
                      "money": {"position": 613.9, "salience": 44.9, "reservation": 388.3},
                      "order": {"position": "third", "salience": 19.3}},
          "no_deal": 0.4137},
    "b": {"stances": {"land": {"position": 61.3, "salience": 83.9, "reservation": 33.7},
                      "money": {"position": 271.9, "salience": 52.3, "reservation": 745.1}},
          "no_deal": 0.2671},
    "c": {"stances": {"land": {"position": 47.3, "salience": 73, "at_least": 36.9},
                      "money": {"position": 402.9, "salience": 36.1, "at_most": 651.7},
                      "order": {"position": 1, "salience": 27.7}},
          "no_deal": 0.1973},
}
# c's order is put as an option index: GET preferences reads it back by name (docs/serve.md).
SECRET_READ = {p: json.loads(json.dumps(v).replace('"position": 1, "salience": 27.7', '"position": "second", "salience": 27.7'))
               for p, v in SECRETS.items()}
# Revised preferences of a (round 2), still secret.
SECRET_A2 = {"stances": {"land": {"position": 27.9, "salience": 67.1, "reservation": 43.3},
                         "money": {"position": 583.7, "salience": 47.9}},
             "no_deal": 0.3817}


def secret_forms(prefs, model):
    """Every plausible number derived from one party's preferences: the numbers, their scale fractions,
    percentages, weights and reservation distances."""
    out = set()
    stances = prefs["stances"]
    total = sum(s["salience"] for s in stances.values())
    for issue_id, s in stances.items():
        lo, hi = model.lo_hi(issue_id)
        rng = hi - lo
        sal = s["salience"]
        out |= {sal, sal / 100, sal / total, sal / total * 100}
        if not model.discrete(issue_id):
            p = s["position"]
            out |= {p, (p - lo) / rng, (p - lo) / rng * 100}
            for key in ("reservation", "at_least", "at_most"):
                if key in s:
                    r = s[key]
                    out |= {r, (r - lo) / rng, (r - lo) / rng * 100, abs(r - p), abs(r - p) / rng}
    if "no_deal" in prefs:
        out |= {prefs["no_deal"], prefs["no_deal"] * 100}
    return out


def text_forms(x):
    """Ways a number may be written: shortest, and rounded to 2..6 decimals, when that keeps at least three
    significant digits (fewer would match unrelated numbers)."""
    forms = {repr(float(x)), shortest(float(x))}
    if float(x).is_integer():
        forms.add(str(int(x)))
    for d in range(2, 7):
        t = f"{x:.{d}f}".rstrip("0").rstrip(".")
        if len(t.replace("-", "").replace(".", "").lstrip("0")) >= 3:
            forms.add(t)
    return {f for f in forms if len(f.replace(".", "").lstrip("0")) >= 2}


def numeric_leaves(value, path=()):
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, (int, float)):
        yield path, float(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from numeric_leaves(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from numeric_leaves(v, path + (i,))


STRUCTURAL = {"seq", "id", "round", "acceptances", "suggestions", "suggestion", "agreement", "improvements"}


def nearest_key(path):
    return next((k for k in reversed(path) if isinstance(k, str)), None)


class LeakScanner:
    """Scans responses for confidential numbers. `owners` maps a token's (negotiation id, party) to the key of
    the secrets that party holds; `negotiations` maps ids to Negotiation objects (for the viewer's own
    utilities, which are legitimately in its view)."""

    def __init__(self, model, secrets_by_key, public_numbers):
        self.model = model
        self.owners, self.negotiations = {}, {}
        self.forbidden, self.rounded, self.patterns = {}, {}, {}
        for key, prefs_list in secrets_by_key.items():
            nums = set()
            for prefs in prefs_list:
                nums |= secret_forms(prefs, model)
            clash = {x for x in nums if any(abs(x - y) < 1e-9 for y in public_numbers)}
            if clash:
                raise SystemExit(f"test design: {key}'s confidential numbers {sorted(clash)} occur in public data")
            self.forbidden[key] = {round(x, 9) for x in nums}
            # A server that rounds (to 3..6 decimals) a number below 10 still shows it.
            self.rounded[key] = {d: {round(x, d) for x in nums if abs(x) < 10} for d in range(3, 7)}
            alts = set()
            for x in nums:
                for t in text_forms(x):
                    if "." not in t:
                        # A bare integer is only a leak in the context of a preference field.
                        alts.add(r'"(?:position|salience|reservation|no_deal|weight|value)"\s*:\s*' + re.escape(t)
                                 + r"(?![0-9.])")
                    else:
                        alts.add(r"(?<![0-9.])" + re.escape(t) + r"(?![0-9])")
            self.patterns[key] = re.compile("|".join(sorted(alts)))
        self.scanned = 0

    def own_numbers(self, viewer, body_json):
        """The viewer's own utilities of the listed packages, legitimately in its view."""
        neg = self.negotiations.get(viewer[0]) if viewer else None
        if neg is None or viewer[1] is None or not isinstance(body_json, dict) or "you" not in body_json:
            return []
        own = []
        for prefs in (neg.prefs.get(viewer[1]), neg.round_prefs.get(viewer[1])):
            if prefs is None:
                continue
            for item in body_json.get("suggestions", []) + body_json.get("improvements", []):
                own.append(neg.model.utility(prefs, item["values"]))
            if body_json.get("agreement"):
                own.append(neg.model.utility(prefs, body_json["agreement"]["values"]))
        return own

    def scan(self, description, viewer, resp):
        """viewer: (negotiation id, party or None) of the token used, or None for no valid token."""
        self.scanned += 1
        mine = self.owners.get(viewer) if viewer else None
        body = resp.body.decode("utf-8", "replace")
        parsed = resp.json()
        own = self.own_numbers(viewer, parsed)
        headers = "\n".join(f"{k}: {v}" for k, v in resp.headers)
        leaves = []
        if parsed is not None:
            for path, x in numeric_leaves(parsed):
                if nearest_key(path) in STRUCTURAL:
                    continue
                if path[:2] == ("you", "utilities") and any(abs(x - u) < 1e-6 for u in own):
                    continue
                decimals = len(repr(x).split(".")[1]) if "." in repr(x) and "e" not in repr(x) else 0
                leaves.append((path, x, decimals))
        for key in self.forbidden:
            if key == mine:
                continue
            for path, x, decimals in leaves:
                if round(x, 9) in self.forbidden[key] or (3 <= decimals <= 6 and round(x, decimals) in self.rounded[key][decimals]):
                    check(f"no leak: {description} shows {key}'s confidential number {x} at {'/'.join(map(str, path))}",
                          False, short(resp.body))
                    break
            for m in self.patterns[key].finditer(body):
                num = re.search(r"-?[0-9.]+$", m.group(0)).group(0)
                if "." in num and any(abs(float(num) - round(u, len(num.split(".")[1]))) < 1e-12 for u in own):
                    continue  # the viewer's own utility, rounded
                check(f"no leak: {description} shows {key}'s confidential number as {m.group(0)!r}", False,
                      short(body[max(0, m.start() - 120):m.end() + 120]))
                break
            m = self.patterns[key].search(headers)
            check(f"no leak: {description}: headers show {key}'s confidential number", not m, m and headers)


def look_alike_ids(real, count, rng):
    """Ids shaped like `real`: each character replaced by a random one of the same class."""
    classes = ["0123456789", "abcdef", "ghijklmnopqrstuvwxyz", "ABCDEF", "GHIJKLMNOPQRSTUVWXYZ"]
    out = set()
    for _ in range(count):
        chars = []
        for ch in real:
            cls = next((c for c in classes if ch in c), None)
            chars.append(rng.choice(cls) if cls else ch)
        out.add("".join(chars))
    return out


def confidentiality(client, tmp):
    body = open(os.path.join(HERE, "three_parties.yaml"), "rb").read()
    neg = Negotiation(client, "three parties", body, "application/yaml")
    rival = Negotiation(client, "rival", open(os.path.join(ROOT, "examples", "geneva.yaml"), "rb").read(),
                        "application/yaml")
    public = neg.state(neg.mediator, "round 0 (mediator)")
    if not public:
        return
    public_numbers = {x for _, x in numeric_leaves(public)}
    public_numbers |= {float(x) for x in re.findall(rb"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", body)}
    scanner = LeakScanner(neg.model, {**{p: [v] for p, v in SECRETS.items()}, "a": [SECRETS["a"], SECRET_A2]},
                          public_numbers)
    scanner.negotiations[neg.id] = neg
    scanner.owners.update({(neg.id, p): p for p in neg.tokens})
    first_seen = len(SEEN)

    # Three parties set preferences; round 1 opens only after the third.
    neg.put("a", SECRETS["a"])
    neg.put("b", SECRETS["b"])
    s = neg.state(neg.tokens["c"], "two of three set (c)")
    if s:
        check("three parties: round 0 while c has not set preferences", s["round"] == 0, s["round"])
    neg.put("c", SECRETS["c"])
    neg.read_prefs["c"] = SECRET_READ["c"]
    for party in ("a", "b", "c"):
        s = neg.state(neg.tokens[party], f"round 1 ({party})")
    s = neg.state(neg.mediator, "round 1 (mediator)")
    if not s or not check("three parties: a ZOPA and suggestions", s["zopa_exists"] and s["suggestions"], s):
        return
    sugg = [i["id"] for i in s["suggestions"]]
    neg.propose("a", {"land": 40, "money": 500, "order": "second"})
    neg.accept("b", sugg[:1])
    neg.accept("c", [])
    st = client.call("GET", neg.path, token=neg.mediator).json()
    responded = {p["id"]: p["responded"] for p in st["parties"]}
    check("three parties: an empty acceptance counts as a response", responded == {"a": False, "b": True, "c": True},
          responded)

    # Suggestions do not depend on which party holds which preferences: rotate them in another negotiation.
    swapped = Negotiation(client, "three parties, preferences rotated", body, "application/yaml")
    scanner.negotiations[swapped.id] = swapped
    for party, holds in (("a", "b"), ("b", "c"), ("c", "a")):
        scanner.owners[(swapped.id, party)] = holds
        swapped.put(party, SECRETS[holds])
    s1 = swapped.state(swapped.mediator, "round 1 (mediator)")
    if s1:
        same_set = sorted(map(neg.model.key, (i["values"] for i in s1["suggestions"]))) == \
            sorted(map(neg.model.key, (i["values"] for i in s["suggestions"])))
        if same_set:
            check("rotated preferences: the suggestions in the same order",
                  [i["values"] for i in s1["suggestions"]] == [i["values"] for i in s["suggestions"]],
                  f"{s1['suggestions']} against {s['suggestions']}")
        else:
            notes.append(f"rotated preferences gave other suggestions: {s1['suggestions']} against {s['suggestions']}")

    # -- every endpoint with every credential -------------------------------------------------------------
    rng = random.Random(20261202)
    last = neg.id[-1]
    fake_ids = {neg.id[:-1] + ("0" if last != "0" else "1"), neg.id[:-1] + ("a" if last != "a" else "b"), "0", "1",
                "999999"} | look_alike_ids(neg.id, 12, rng)
    if neg.id.isdigit():
        fake_ids |= {str(int(neg.id) + d) for d in (-2, -1, 1, 2, 1000)}
    fake_ids |= {"x'%20OR%20'1'%3D'1", "1%20OR%201%3D1", "%25", "*", "null", "undefined"}
    fake_ids -= {n.id for n in (neg, rival, swapped)}
    garbage = ["", "x", "Bearer", "Bearer ", "Bearer x", "Bearer " + "A" * 43, "Bearer " + neg.tokens["a"] + "x",
               "Bearer " + neg.tokens["a"][:-1], "Bearer " + neg.tokens["a"][1:], "Basic " + neg.tokens["a"],
               neg.tokens["a"], "Bearer " + neg.tokens["a"] + " " + neg.tokens["b"],
               "Bearer " + hashlib.sha256(neg.tokens["a"].encode()).hexdigest()]
    valid_bodies = {"preferences": SECRETS["a"], "acceptances": {"suggestions": sugg[:1]},
                    "proposals": {"values": {"land": 40, "money": 500, "order": "second"}}, "rounds": None}
    endpoints = [("GET", ""), ("PUT", "/preferences"), ("GET", "/preferences"), ("POST", "/acceptances"),
                 ("POST", "/proposals"), ("POST", "/rounds"), ("GET", "/audit")]
    party_only = {("PUT", "/preferences"), ("GET", "/preferences"), ("POST", "/acceptances"), ("POST", "/proposals")}
    mediator_only = {("POST", "/rounds"), ("GET", "/audit")}
    unauthorized = []

    def body_for(suffix):
        return valid_bodies.get(suffix.strip("/"), None) if suffix else None

    def expect_401(label, r):
        unauthorized.append((label, r))
        check(f"{label}: 401", r.status == 401, r)

    for method, suffix in endpoints:
        # No token, garbage, another negotiation's tokens, on the real id and on ids that do not exist.
        for nid in [neg.id] + sorted(fake_ids):
            path = f"/api/negotiations/{nid}{suffix}"
            expect_401(f"{method} {path} without a token", client.call(method, path, body_for(suffix)))
            for auth in garbage:
                expect_401(f"{method} {path} with Authorization {auth[:20]!r}",
                           client.call(method, path, body_for(suffix), auth=auth))
            for tok in [rival.mediator] + list(rival.tokens.values()):
                expect_401(f"{method} {path} with a token of another negotiation",
                           client.call(method, path, body_for(suffix), token=tok))
            if nid != neg.id:
                for tok in [neg.mediator] + list(neg.tokens.values()):
                    expect_401(f"{method} {path} (no such negotiation) with a valid token of another",
                               client.call(method, path, body_for(suffix), token=tok))
        # A token anywhere but the Authorization header is no token.
        path = neg.path + suffix
        for tok in (neg.mediator, neg.tokens["a"]):
            for where, kwargs in (("the query string", {"path": f"{path}?token={tok}"}),
                                  ("the query string", {"path": f"{path}?access_token={tok}"}),
                                  ("a cookie", {"path": path, "headers": {"Cookie": f"token={tok}; session={tok}"}}),
                                  ("X-Token", {"path": path, "headers": {"X-Token": tok, "X-Api-Key": tok}})):
                expect_401(f"{method} {path} with the token in {where}",
                           client.call(method, kwargs["path"], body_for(suffix), headers=kwargs.get("headers")))
        # This negotiation's own tokens, in the wrong role.
        if (method, suffix) in party_only:
            r = client.call(method, path, body_for(suffix), token=neg.mediator)
            check(f"{method} {path} as the mediator: 403", r.status == 403, r)
        if (method, suffix) in mediator_only and method == "GET":
            for party, tok in neg.tokens.items():
                r = client.call(method, path, token=tok)
                check(f"{method} {path} as {party}: 403", r.status == 403, r)
    for party, tok in neg.tokens.items():
        r = client.call("POST", neg.path + "/rounds", token=tok)
        check(f"POST rounds as {party}: 403", r.status == 403, r)
    # Each party reads what a party may read; none of it is another party's.
    for party, tok in neg.tokens.items():
        for path in [neg.path, neg.path + "/preferences", neg.path + "/preferences?party=a",
                     neg.path + "/preferences?party=b&party=c", neg.path + "?as=mediator"]:
            r = client.call("GET", path, token=tok, headers={"X-Party": "a" if party != "a" else "b"})
            check(f"GET {path} as {party}: 200", r.status == 200, r)
            if "/preferences" in path and r.status == 200:
                check(f"GET {path} as {party}: its own preferences", r.json() == neg.read_prefs.get(party, neg.prefs[party]), r)
        r = client.call("HEAD", neg.path + "/preferences", token=tok)
        check(f"HEAD preferences as {party}: no body", r.body == b"", r)
    # Paths and methods outside the contract: never 2xx, never anyone's preferences.
    odd = [("GET", "/api/negotiations"), ("GET", "/api/negotiations/"), ("DELETE", neg.path), ("PATCH", neg.path),
           ("PUT", neg.path), ("POST", neg.path), ("POST", neg.path + "/preferences"),
           ("DELETE", neg.path + "/preferences"), ("GET", neg.path + "/preferences/a"),
           ("GET", neg.path + "/preferences/b"), ("GET", neg.path + "/parties/a/preferences"),
           ("GET", neg.path + "/acceptances"), ("GET", neg.path + "/proposals/secret"), ("GET", neg.path + "/rounds"),
           ("PUT", neg.path + "/audit"), ("DELETE", neg.path + "/audit"), ("GET", neg.path + "/audit/1"),
           ("GET", neg.path + "/secrets"), ("GET", neg.path + "/salt"), ("GET", neg.path + "/tokens"),
           ("GET", neg.path + "/../" + rival.id + "/preferences"),            ("GET", neg.path + "/preferences/"), ("GET", neg.path + "//preferences"), ("GET", "/api/admin"),
           ("GET", "/api/negotiations/" + neg.id + "/preferences/../audit"), ("GET", "/api/debug"),
           ("GET", "/api/db"), ("GET", "/parley.db"), ("GET", "/x.db"), ("TRACE", neg.path), ("FOO", neg.path)]
    for method, path in odd:
        for who, tok in [("a", neg.tokens["a"]), ("b", neg.tokens["b"]), ("the mediator", neg.mediator),
                         ("nobody", None)]:
            r = client.call(method, path, token=tok)
            check(f"{method} {path} as {who}: not a success", not (200 <= r.status < 300), r)
    for party, tok in neg.tokens.items():
        # %2f decodes to a slash: either refused or the caller's own preferences, never another's.
        r = client.call("GET", neg.path + "%2fpreferences", token=tok)
        check(f"GET ...%2fpreferences as {party}: refused or its own", r.status >= 400 or r.json() == neg.read_prefs.get(party, neg.prefs[party]), r)
    r = client.call("OPTIONS", neg.path + "/preferences", token=neg.tokens["b"])
    check("OPTIONS preferences: no preferences in the answer", not r.json() or r.json() != neg.prefs["b"], r)

    # Bad bodies from the owner herself: 413 over 1 MiB, exactly 1 MiB is fine, 400 located otherwise.
    tok_a = neg.tokens["a"]
    good = json.dumps(SECRETS["a"]).encode()
    exactly = good + b" " * ((1 << 20) - len(good))
    r = client.call("PUT", neg.path + "/preferences", exactly, token=tok_a, headers={"Content-Type": "application/json"})
    check("a body of exactly 1 MiB is accepted (204)", r.status == 204, r)
    if r.status == 204:
        neg.counts["preferences"] += 1
    r = client.call("PUT", neg.path + "/preferences", exactly + b" ", token=tok_a,
                    headers={"Content-Type": "application/json"})
    check("a body of 1 MiB + 1 byte answers 413", r.status == 413, r)
    # A form-encoded body (curl's default type), small or large, is refused unread: 415 (docs/serve.md).
    for size in (40, 20000):
        r = client.call("PUT", neg.path + "/preferences", b'{"stances": {}' + b" " * size + b"}", token=tok_a,
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        check(f"a form-encoded body of {size} bytes answers 415", r.status == 415 and "not as a form" in r.body.decode()
              if isinstance(r.body, bytes) else r.status == 415, r)
    big = b'{"stances": {}, "pad": "' + b"x" * (3 << 20) + b'"}'
    for method, path, tok in [("PUT", neg.path + "/preferences", tok_a), ("POST", neg.path + "/proposals", tok_a),
                              ("POST", neg.path + "/acceptances", tok_a), ("POST", "/api/negotiations", None)]:
        r = client.call(method, path, big, token=tok, headers={"Content-Type": "application/json"})
        check(f"{method} {path} with 3 MiB: 413", r.status == 413, r)
        r = client.call(method, path, big, token=tok, headers={"Content-Type": "application/json"}, chunked=True)
        # docs/serve.md: chunked bodies are refused (411) before they are read, whatever their size.
        check(f"{method} {path} with 3 MiB chunked: 411, unread", r.status == 411, r)
    r = client.call("PUT", neg.path + "/preferences", big, headers={"Content-Type": "application/json"})
    check("3 MiB without a token: 401 or 413", r.status in (401, 413), r)
    malformed = [
        ("a trailing comma", b'{\n  "stances": {\n    "land": {"position": 40,, "salience": 50}\n  }\n}', 3),
        ("an unclosed object", b'{"stances": {"land": {"position": 40, "salience": 50}}', 1),
        ("not JSON", b"stances = land", 1),
        ("an empty body", b"", None),
        ("an array", b"[1, 2]", 1),
        ("a string salience", b'{"stances": {"land": {"position": 40, "salience": "high"}}}', 1),
        ("a salience over 100", b'{"stances": {"land": {"position": 40, "salience": 170}}}', 1),
        ("a negative salience", b'{"stances": {"land": {"position": 40, "salience": -5}}}', 1),
        ("a position off the scale", b'{"stances": {"money": {"position": 4000, "salience": 50}}}', 1),
        ("an unknown option", b'{"stances": {"order": {"position": "fourth", "salience": 50}}}', 1),
        ("an option index off the list", b'{"stances": {"order": {"position": 7, "salience": 50}}}', 1),
        ("an unknown issue", b'{"stances": {"water": {"position": 40, "salience": 50}}}', 1),
        ("an unknown key", b'{"stances": {"land": {"position": 40, "salience": 50, "weight": 2}}}', 1),
        ("an unknown top-level key", b'{"stances": {}, "party": "b"}', 1),
        ("no_deal over 1", b'{"stances": {"land": {"position": 40, "salience": 50}}, "no_deal": 1.5}', 1),
        ("stances as a list", b'{"stances": [1]}', 1),
        ("a missing position", b'{"stances": {"land": {"salience": 50}}}', 1),
        ("invalid UTF-8", b'{"stances": {"land\xff": {"position": 40, "salience": 50}}}', 1),
        ("a NaN", b'{"stances": {"land": {"position": NaN, "salience": 50}}}', 1),
        ("a huge number", b'{"stances": {"land": {"position": 1e999, "salience": 50}}}', 1),
        ("deep nesting", b"[" * 100000 + b"]" * 100000, 1),
        ("an at_least above the position", b'{"stances": {"land": {"position": 40, "salience": 50, "at_least": 60}}}', 1),
        ("an at_most below the position", b'{"stances": {"land": {"position": 40, "salience": 50, "at_most": 30}}}', 1),
        ("a reservation and an at_least",
         b'{"stances": {"land": {"position": 40, "salience": 50, "reservation": 20, "at_least": 30}}}', 1),
    ]
    for label, raw, line in malformed:
        r = client.call("PUT", neg.path + "/preferences", raw, token=tok_a, headers={"Content-Type": "application/json"})
        text = short(r.body, 100000)
        m = re.search(r"request:(\d+):(\d+): error: ", text)
        check(f"preferences with {label}: 400", r.status == 400, r)
        check(f"preferences with {label}: a located message", m and r.json() is not None and "error" in r.json(), r)
        if m and line is not None:
            check(f"preferences with {label}: located at line {line}", int(m.group(1)) == line, text)
    r = client.call("GET", neg.path + "/preferences", token=tok_a)
    check("bad bodies leave a's preferences as they were", r.status == 200 and r.json() == SECRETS["a"], r)

    # A round recomputed from a's revised preferences, then an agreement, so that the state has utilities,
    # acceptances and improvements to leak.
    neg.put("a", SECRET_A2)
    s = neg.open_round()
    if s:
        for party in ("a", "b", "c"):
            neg.state(neg.tokens[party], f"round 2 ({party})")
        if s["suggestions"]:
            pick = s["suggestions"][0]["id"]
            for party in ("a", "b", "c"):
                neg.accept(party, [pick])
            for party in ("a", "b", "c"):
                neg.state(neg.tokens[party], f"agreed ({party})")
    r = neg.audit()
    log = r.json()
    if check_chain("three parties", log, neg.id):
        check_audit_counts(neg, log)
        for e in log["entries"]:
            if e["action"] in ("preferences", "acceptances"):
                prefs_body = json.dumps(SECRETS.get(e["actor"].removeprefix("party:"), {})).encode()
                check("the digest is salted (not the SHA-256 of the body alone)",
                      e["detail"]["digest"] not in (hashlib.sha256(prefs_body).hexdigest(),
                                                   hashlib.sha256(canonical(SECRETS.get(e["actor"].removeprefix("party:"), {})).encode()).hexdigest()))
    r2 = swapped.audit()
    d1 = [e["detail"]["digest"] for e in log["entries"] if e["action"] == "preferences"][:3]
    d2 = [e["detail"]["digest"] for e in (r2.json() or {}).get("entries", []) if e["action"] == "preferences"][:3]
    check("the same preferences have different digests in two negotiations (per-negotiation salt)",
          d1 and d2 and not set(d1) & set(d2), f"{d1} {d2}")

    # 401s: the same bytes every time.
    bodies = {r.body for _, r in unauthorized}
    check("every 401 has the same body", len(bodies) == 1, sorted(bodies)[:5])
    check('the 401 body is {"error": "unauthorized"}', all(r.json() == {"error": "unauthorized"} for _, r in unauthorized[:1]),
          unauthorized[:1])
    shapes = {(r.header("Content-Type"), r.header("Content-Length"), r.header("WWW-Authenticate"))
              for _, r in unauthorized}
    check("every 401 has the same headers", len(shapes) == 1, shapes)

    # Every response since the confidential preferences were first put, read by anyone but their owner.
    for description, viewer, resp in SEEN[first_seen:]:
        scanner.scan(description, viewer, resp)
    print(f"confidentiality: {len(unauthorized)} unauthorized requests, {scanner.scanned} responses scanned")


if __name__ == "__main__":
    main()
