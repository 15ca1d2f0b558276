#!/usr/bin/env python3
"""The `parley serve` load benchmark (docs/benchmarks.md): bench/serve_load against a fresh server, repeated,
on SQLite and (with --db-url) PostgreSQL side by side, reporting medians over the runs and the ratio of the
two stores.

  bench/serve_bench.py --parley build/parley --load build/parley_serve_load [--runs 5] [--seconds 10]
                       [--rate 1000] [--db-url postgresql://...]

--rate 0 drives a closed loop (each client thread as fast as the server answers: the capacity); a positive
rate paces the requests (an open loop, as 200 negotiations' party pages polling on a timer load it).
"""
import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time


class SlowClients:
    """`count` connections that each send a partial request and then one byte every 2 s (docs/serve.md,
    "Abuse"), reopened as the server closes them, for as long as the run lasts."""

    def __init__(self, url, count):
        host, port = url.removeprefix("http://").rsplit(":", 1)
        self.address, self.count = (host, int(port)), count
        self.stop = threading.Event()
        self.opened = 0
        self.thread = threading.Thread(target=self.run, daemon=True)

    def open_one(self):
        s = socket.create_connection(self.address, timeout=5)
        s.sendall(b"GET /api/negotiations/slow HTTP/1.1\r\nHo")
        s.setblocking(False)
        self.opened += 1
        return s

    def run(self):
        socks = [self.open_one() for _ in range(self.count)]
        while not self.stop.wait(2):
            for i, s in enumerate(socks):
                try:
                    s.send(b"s")
                    if s.recv(1, socket.MSG_PEEK) == b"":
                        raise ConnectionError
                except BlockingIOError:
                    pass
                except OSError:
                    s.close()
                    socks[i] = self.open_one()
        for s in socks:
            s.close()

    def __enter__(self):
        if self.count:
            self.thread.start()
            time.sleep(1)
        return self

    def __exit__(self, *exc):
        self.stop.set()
        if self.count:
            self.thread.join()


def one_run(args, db):
    # One address creates every negotiation: the per-client bounds are lifted for the benchmark.
    server = subprocess.Popen([args.parley, "serve", "--db", db, "--listen", "127.0.0.1:0",
                               "--negotiations-per-client", "1000000", "--creations-per-minute", "100000"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        url = re.search(r"http://[0-9.:]+", line)
        if not url:
            sys.exit(f"serve_bench: the server did not start: {line}{server.stderr.read()}")
        with SlowClients(url.group(0), args.slow) as slow:
            load = subprocess.run([args.load, "--url", url.group(0), "--scenario", args.scenario, "--negotiations",
                                   str(args.negotiations), "--parties", "5", "--threads", str(args.threads),
                                   "--seconds", str(args.seconds), "--rate", str(args.rate), "--seed", "1"],
                                  capture_output=True, text=True)
        if load.returncode != 0:
            sys.exit(f"serve_bench: serve_load failed ({load.returncode}): {load.stdout}{load.stderr}")
        out = json.loads(load.stdout)
        out["slow_opened"] = slow.opened
        return out
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def reset_postgres(url):
    # A fresh database per run, as a fresh SQLite file is.
    subprocess.run(["psql", url, "-q", "-c", "DROP TABLE IF EXISTS audit, tokens, negotiations CASCADE"],
                   check=True, capture_output=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--parley", required=True)
    ap.add_argument("--load", required=True)
    ap.add_argument("--scenario", default=os.path.join(os.path.dirname(__file__), "serve_five.yaml"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--rate", type=float, default=1000)
    ap.add_argument("--threads", type=int, default=32)
    ap.add_argument("--negotiations", type=int, default=200)
    ap.add_argument("--db-url", default="")
    ap.add_argument("--slow", type=int, default=0, help="slow connections held open during each run")
    args = ap.parse_args()

    stores = [("sqlite", None)] + ([("postgresql", args.db_url)] if args.db_url else [])
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        # Interleaved, so that both stores see the same background load over the runs.
        for run in range(args.runs):
            for name, url in stores:
                if url:
                    reset_postgres(url)
                    db = url
                else:
                    db = os.path.join(tmp, f"run{run}.db")
                results.setdefault(name, []).append(one_run(args, db))
    summary = {"rate": args.rate, "threads": args.threads, "negotiations": args.negotiations, "parties": 5,
               "runs": args.runs, "seconds": args.seconds, "slow": args.slow, "stores": {}}
    for name, runs in results.items():
        med = lambda f: statistics.median(f(r) for r in runs)
        summary["stores"][name] = {
            "throughput_rps": round(med(lambda r: r["drive_throughput_rps"]), 1),
            "errors": sum(r["errors"] for r in runs),
            **{f"{kind}_{q}_ms": round(med(lambda r, k=kind, q=q: r["requests"][k][f"{q}_ms"]), 2)
               for kind in ("state", "acceptances") for q in ("p50", "p99")},
            "acceptances_count": int(med(lambda r: r["requests"]["acceptances"]["count"])),
            "state_count": int(med(lambda r: r["requests"]["state"]["count"])),
            "slow_connections_opened": int(med(lambda r: r["slow_opened"])),
        }
    if "postgresql" in summary["stores"]:
        a, b = summary["stores"]["postgresql"], summary["stores"]["sqlite"]
        summary["postgresql_over_sqlite"] = {k: round(a[k] / b[k], 2) for k in a if k.endswith("_ms") and b[k] > 0}
    print(json.dumps(summary, indent=2))
    return 0 if all(s["errors"] == 0 for s in summary["stores"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
