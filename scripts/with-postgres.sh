#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server that this script starts
# and stops itself, unless DATABASE_URL already points at PostgreSQL.
set -euo pipefail
if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  exec "$@"
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PORT=${CYLCH_PG_PORT:-54329}
DIR=$(mktemp -d /tmp/cylch-pg.XXXXXX)
RUN=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DIR" postgres
  chown postgres "$DIR"
  RUN=(runuser -u postgres --)
fi
"${RUN[@]}" "$PGBIN/initdb" -D "$DIR/data" -A trust -U cylch --no-sync -E UTF8 >/dev/null
stop() {
  "${RUN[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${CYLCH_PG_OPTIONS:-}" start >/dev/null
export DATABASE_URL="postgres://cylch@127.0.0.1:$PORT/postgres"
"$@"
