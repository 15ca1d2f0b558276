#!/usr/bin/env python3
"""`parley serve` under abuse (docs/serve.md, "Abuse"), all on loopback with bounded loops:

* 1,000 slow connections (a partial request, one more byte every 2 s) held open while a normal client keeps
  making requests: every normal request succeeds, quickly, and the slow ones are answered 408 and closed at the
  request deadline;
* a browser's cross-site requests: a foreign Origin, a Host the server does not answer to, a text/plain body
  are refused; the page's Content-Security-Policy has no 'unsafe-inline';
* a scenario past the work budget is refused when posted, with the estimate;
* floods: creations per client per minute and in all, proposals per party.

Usage: abuse_test.py --parley PATH [--db-url postgresql://...] [--slow N]
"""
import argparse
import json
import os
import resource
import socket
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--parley", required=True)
parser.add_argument("--db-url")
parser.add_argument("--slow", type=int, default=1000)
parser.add_argument("--without-web", action="store_true", help="parley was built without the web UI")
args = parser.parse_args()

HERE = os.path.dirname(os.path.abspath(__file__))
TWO = open(os.path.join(HERE, "two_parties.yaml"), "rb").read()
failures = []


def check(what, ok, detail=""):
    if not ok:
        failures.append(f"{what}: {detail}" if detail != "" else what)
    return bool(ok)


def create(host, port, body=TWO, content_type="application/yaml", headers=None):
    h = {"Content-Type": content_type}
    h.update(headers or {})
    return harness.call(host, port, "POST", "/api/negotiations", body, headers=h)


def seat_all(host, port, created):
    tokens = {}
    for party, code in created["invitations"].items():
        status, raw = harness.call(host, port, "POST", f"/api/negotiations/{created['id']}/seats",
                                   {"invitation": code})
        tokens[party] = json.loads(raw)["token"]
    return tokens


def slow_connections(host, port):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, args.slow + 512)), hard))
    status, raw = create(host, port)
    created = json.loads(raw)
    path = f"/api/negotiations/{created['id']}"
    slow = []
    for _ in range(args.slow):
        s = socket.create_connection((host, port), timeout=10)
        s.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHo")
        s.setblocking(False)
        slow.append(s)
    latencies, bad = [], []
    start = time.monotonic()
    next_byte = start + 2
    answered_408, closed = 0, 0
    while time.monotonic() - start < 14:
        t = time.monotonic()
        status, raw = harness.call(host, port, "GET", path, token=created["mediator_token"], timeout=10)
        latencies.append(time.monotonic() - t)
        if status != 200:
            bad.append((status, raw[:200]))
        if time.monotonic() >= next_byte:
            next_byte += 2
            for s in slow:
                if s.fileno() < 0:
                    continue
                try:
                    s.send(b"s")
                except (BlockingIOError, OSError):
                    pass
        time.sleep(0.02)
    for s in slow:
        try:
            data = s.recv(4096)
            if data.startswith(b"HTTP/1.1 408"):
                answered_408 += 1
            elif data == b"":
                closed += 1
        except (BlockingIOError, OSError):
            pass
        s.close()
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
    check(f"every normal request succeeds while {args.slow} slow connections are open", not bad, bad[:3])
    check("a normal client makes many requests meanwhile", len(latencies) >= 100, len(latencies))
    check("the normal client's p99 stays under 0.5 s", p99 < 0.5, p99)
    check("the slow connections are answered 408 and closed at the request deadline",
          answered_408 + closed >= 0.95 * args.slow, f"{answered_408} answered 408, {closed} closed of {args.slow}")
    print(f"  slow connections: {args.slow} held; normal client {len(latencies)} requests, p50 "
          f"{p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms; {answered_408} slow ones answered 408 at the deadline")


def browsers(host, port):
    status, raw = create(host, port, headers={"Origin": "http://evil.example"})
    check("a creation from a foreign Origin is refused with 403", status == 403, (status, raw[:200]))
    status, raw = create(host, port, headers={"Host": "evil.example"})
    check("a request with a foreign Host is refused with 421", status == 421, (status, raw[:200]))
    status, raw = create(host, port, content_type="text/plain")
    check("a text/plain scenario is refused with 415", status == 415, (status, raw[:200]))
    status, raw = create(host, port, headers={"Origin": f"http://{host}:{port}"})
    check("a creation from the site's own Origin works", status == 201, (status, raw[:200]))
    created = json.loads(raw)
    tokens = seat_all(host, port, created)
    status, raw = harness.call(host, port, "PUT", f"/api/negotiations/{created['id']}/preferences",
                               b'{"stances": {}}', tokens["a"], headers={"Content-Type": "text/plain"})
    check("preferences sent as text/plain are refused with 415", status == 415, (status, raw[:200]))
    conn = __import__("http.client").client.HTTPConnection(host, port, timeout=10)
    conn.request("GET", "/")
    resp = conn.getresponse()
    csp = resp.getheader("Content-Security-Policy") or ""
    page = resp.read()
    conn.close()
    if args.without_web:
        check("built without the web UI, the page says so with 501 and the API still answers",
              resp.status == 501 and b"without Node.js" in page, (resp.status, page[:200]))
        return
    check("the page's CSP names its inline script and style by hash, without 'unsafe-inline'",
          "unsafe-inline" not in csp and "script-src 'sha256-" in csp and "style-src 'sha256-" in csp, csp)


def heavy(host, port):
    issues = "\n".join(f"  - {{id: i{k}, scale: [0, 99], step: 1}}" for k in range(4))
    actors = "\n".join(f"  - {{id: p{k}, role: party, capability: 10, stances: {{i0: {{position: 50, salience: 50}}}}}}"
                       for k in range(5))
    body = f"parley: 1\ntitle: Too heavy\nissues:\n{issues}\nactors:\n{actors}\n".encode()
    t = time.monotonic()
    status, raw = create(host, port, body)
    took = time.monotonic() - t
    check("a scenario past the work budget is refused when posted (400)", status == 400, (status, raw[:300]))
    check("the refusal gives the estimate", b"100000000 packages" in raw and b"work budget" in raw, raw[:300])
    check("the refusal is immediate", took < 2, took)


def floods(parley, tmp):
    db = args.db_url or os.path.join(tmp, "flood.db")
    proc, host, port = harness.start_server(parley, db, os.path.join(tmp, "flood.stderr"),
                                            ["--creations-per-minute", "3", "--max-negotiations", "1000000"])
    try:
        statuses = [create(host, port)[0] for _ in range(4)]
        check("the 4th creation within a minute from one address is refused with 429", statuses == [201, 201, 201, 429],
              statuses)
    finally:
        harness.stop_server(proc)
    proc, host, port = harness.start_server(parley, db, os.path.join(tmp, "flood2.stderr"))
    try:
        status, raw = create(host, port)
        created = json.loads(raw)
        tokens = seat_all(host, port, created)
        path = f"/api/negotiations/{created['id']}/proposals"
        values = {"values": {"x": 50, "y": 50, "z": "now"}}
        # Two parties: each may make half of the 1,000 proposals a negotiation keeps.
        statuses = [harness.call(host, port, "POST", path, values, tokens["a"])[0] for _ in range(501)]
        check("a party's 501st proposal is refused with 409", statuses[:500] == [200] * 500 and statuses[500] == 409,
              statuses[495:])
        status, _ = harness.call(host, port, "POST", path, values, tokens["b"])
        check("the other party can still propose", status == 200, status)
    finally:
        harness.stop_server(proc)
    proc, host, port = harness.start_server(parley, args.db_url or os.path.join(tmp, "cap.db"),
                                            os.path.join(tmp, "cap.stderr"), ["--max-negotiations", "2"])
    try:
        statuses = [create(host, port)[0] for _ in range(3)]
        if args.db_url:  # the shared database holds earlier negotiations already
            check("a full site refuses creation with 429", statuses[-1] == 429, statuses)
        else:
            check("a site holding its most negotiations refuses the next with 429", statuses == [201, 201, 429], statuses)
    finally:
        harness.stop_server(proc)


def main():
    tmp = tempfile.mkdtemp(prefix="parley-abuse-")
    db = args.db_url or os.path.join(tmp, "abuse.db")
    proc, host, port = harness.start_server(args.parley, db, os.path.join(tmp, "serve.stderr"),
                                            ["--request-deadline", "5", "--creations-per-minute", "1000"])
    try:
        slow_connections(host, port)
        browsers(host, port)
        heavy(host, port)
    finally:
        rc = harness.stop_server(proc)
    check("the server stops cleanly", rc == 0, rc)
    floods(args.parley, tmp)
    if failures:
        print(f"serve abuse: {len(failures)} failures", file=sys.stderr)
        for f in failures:
            print("  " + str(f)[:600], file=sys.stderr)
        sys.exit(1)
    print("serve abuse: slow connections, cross-site requests, heavy scenarios and floods are held off")


main()
