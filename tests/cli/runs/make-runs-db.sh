#!/usr/bin/env bash
# Makes tests/cli/runs/runs.db, the run store the `parley runs` goldens read: a complete run with its draws, a
# complete run without, one stopped with SIGINT and one killed. Committed as made (schema 1), so the goldens
# also check that parley still reads stores of that schema; rerun only when a new fixture is wanted, and
# review the goldens' diff.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
parley=${PARLEY:-$root/build/parley}
cd "$root"
db=tests/cli/runs/runs.db
rm -f "$db" "$db-wal" "$db-shm"
"$parley" sweep examples/geneva.yaml --issue territory --rounds 1 --draws 20 --seed 1 --out "$db" --keep-draws >/dev/null
"$parley" sweep examples/geneva.yaml --analysis analyze --draws 10 --seed 2 --out "$db" >/dev/null
stop() {  # starts a long sweep, waits for its first batch, then sends the signal $1
  "$parley" sweep examples/geneva.yaml --issue territory --rounds 1 --draws 90000 --seed 3 --threads 1 --quiet --out "$db" \
    >/dev/null 2>&1 &
  local pid=$!
  until python3 - "$db" "$2" <<'PY'
import sqlite3, sys
try:
    n = sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM runs WHERE draws_done > 0").fetchone()[0]
except sqlite3.Error:
    n = 0
sys.exit(0 if n >= int(sys.argv[2]) else 1)
PY
  do sleep 0.01; done
  kill "-$1" "$pid"
  wait "$pid" || true
}
stop INT 3
stop KILL 4
# The goldens only read it: a rollback journal, so that reading leaves no -wal or -shm file in the tree.
python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA journal_mode = DELETE")
c.execute("VACUUM")
c.close()
PY
ls -l "$db"
