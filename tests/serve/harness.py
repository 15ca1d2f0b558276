"""What the black-box tests of `parley serve` share: starting a server on a free port and calling its API."""
import http.client
import json
import re
import subprocess
import threading

LISTENING = re.compile(r"^parley serve: listening on http://([^\s:]+):(\d+) \(store (.+)\)\s*$")


def start_server(parley, db, log_path, extra=()):
    """Starts `parley serve --db DB --listen 127.0.0.1:0 EXTRA...`; returns (process, host, port) once it
    prints its `listening on` line. Its standard error goes to `log_path`."""
    err = open(log_path, "ab")
    proc = subprocess.Popen([parley, "serve", "--db", db, "--listen", "127.0.0.1:0", *extra],
                            stdout=subprocess.PIPE, stderr=err)
    lines, found = [], threading.Event()

    def read():
        for raw in proc.stdout:
            lines.append(raw.decode("utf-8", "replace"))
            if LISTENING.match(lines[-1]):
                found.set()
        found.set()

    threading.Thread(target=read, daemon=True).start()
    found.wait(30)
    match = next((m for m in map(LISTENING.match, lines) if m), None)
    if not match:
        proc.kill()
        raise SystemExit(f"parley serve did not start: {lines!r}; stderr {open(log_path, 'rb').read()[-2000:]!r}")
    return proc, match.group(1), int(match.group(2))


def stop_server(proc):
    proc.terminate()
    try:
        return proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return None


def call(host, port, method, path, body=None, token=None, headers=None, timeout=20):
    """One request on a new connection; returns (status, raw body). A dict or list body is sent as JSON."""
    hdrs = {"Content-Type": "application/json"}
    hdrs.update(headers or {})
    if token:
        hdrs["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=hdrs)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()
