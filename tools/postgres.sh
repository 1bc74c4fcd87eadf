#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, listening only on a Unix socket in its folder.
#
#   tools/postgres.sh start DIR   creates (if new) and starts a cluster in DIR; prints the connection string
#   tools/postgres.sh stop DIR    stops it (fast shutdown)
#   tools/postgres.sh restart DIR stops and starts it again (the tests' database outage)
#   tools/postgres.sh remove DIR  stops it and deletes DIR
#
# initdb refuses to run as root, so as root the server runs as the postgres user.
set -euo pipefail
command=${1:?start|stop|restart|remove}
dir=${2:?folder}
port=55432
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 1
fi

as_server() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  if [ ! -d "$dir/data" ]; then
    mkdir -p "$dir"
    chmod 1777 "$dir"
    as_server "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
  fi
  as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w \
    -o "-p $port -k $dir -c listen_addresses='' -c max_connections=300 -c fsync=on" start >/dev/null
}

stop() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  fi
}

case "$command" in
  start) start; echo "Host=$dir;Port=$port;Username=postgres" ;;
  stop) stop ;;
  restart) stop; start ;;
  remove) stop; rm -rf "$dir" ;;
  *) echo "unknown command $command" >&2; exit 2 ;;
esac
