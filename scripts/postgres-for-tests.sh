#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1:55432 for the tests (Debian's postgresql,
# installed when absent), or stops it. The server runs as the postgres user from a folder of its
# own; trust authentication on loopback only.
#   eval "$(scripts/postgres-for-tests.sh start STATE)"   # prints the READOUT_TEST_POSTGRES_URL export
#   scripts/postgres-for-tests.sh stop STATE
set -euo pipefail
action="$1"
state="$2"
port="${READOUT_TEST_POSTGRES_PORT:-55432}"
bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
case "$action" in
start)
  if [ -z "$(bin)" ]; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi
  B="$(bin)"
  mkdir -p "$state/pg"
  chmod 755 "$state"
  chown postgres:postgres "$state/pg"
  su postgres -c "$B/initdb -D $state/pg/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >&2
  su postgres -c "$B/pg_ctl -D $state/pg/data -l $state/pg/server.log -o '-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$state/pg' -w start" >&2
  "$B/createdb" -h 127.0.0.1 -p "$port" -U postgres readout_test >&2
  echo "export READOUT_TEST_POSTGRES_URL='postgres://postgres@127.0.0.1:$port/readout_test?sslmode=disable'"
  ;;
stop)
  su postgres -c "$(bin)/pg_ctl -D $state/pg/data -m fast -w stop" >&2 || true
  ;;
*)
  echo "usage: $0 start|stop STATE" >&2
  exit 64
  ;;
esac
