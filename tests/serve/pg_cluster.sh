#!/bin/sh
# A throwaway PostgreSQL 15 cluster for the `parley serve` tests (api_test.py --db-url).
#
#   pg_cluster.sh start DIR PORT   initdb into DIR/data (as the postgres user when run as root), trust
#                                  authentication, listening on 127.0.0.1:PORT only (socket in DIR), a database
#                                  `parley`; prints its URL, postgresql://postgres@127.0.0.1:PORT/parley
#   pg_cluster.sh stop DIR PORT    stops the cluster and removes DIR
#
# DIR's parent must be reachable by the postgres user (e.g. under /tmp). PGBIN overrides
# /usr/lib/postgresql/15/bin. Exits 1, with the server's log, when the cluster does not come up.
set -eu

if [ $# -ne 3 ] || { [ "$1" != start ] && [ "$1" != stop ]; }; then
  echo "usage: pg_cluster.sh start|stop DIR PORT" >&2
  exit 64
fi
cmd=$1
dir=$2
port=$3
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
url="postgresql://postgres@127.0.0.1:$port/parley"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case $cmd in
start)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$dir"
  fi
  if as_postgres "$PGBIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    echo "$url"
    exit 0
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    if ! as_postgres "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C \
        >"$dir/initdb.log" 2>&1; then
      cat "$dir/initdb.log" >&2
      exit 1
    fi
  fi
  # The port is fixed per build directory, and another program's connection may hold it for a moment as its
  # local end (the kernel's ephemeral ports include it): the server then cannot bind, and a few seconds later can.
  tries=0
  until as_postgres "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir" start >/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -ge 5 ] || ! grep -q "Address already in use" "$dir/server.log"; then
      cat "$dir/server.log" >&2 || true
      exit 1
    fi
    sleep 3
  done
  if ! as_postgres "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAq \
      -c "SELECT 1 FROM pg_database WHERE datname = 'parley'" | grep -q 1; then
    as_postgres "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres parley
  fi
  echo "$url"
  ;;
stop)
  if [ -d "$dir/data" ]; then
    as_postgres "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
esac
