# Sourced by scripts/run and scripts/test: provides a PostgreSQL for this checkout.
#
# With DATABASE_URL set, that database is used as it is. Without it, a private cluster is
# started from the system's PostgreSQL binaries (installed with apt-get when missing), with
# its own data directory, port and socket, and DATABASE_URL is exported for it.

pg_log() { echo "[postgres] $*" >&2; }

as_cluster_owner() {
  if [ "$(id -u)" = 0 ]; then
    # initdb and postgres refuse to run as root.
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

find_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

ensure_pg_binaries() {
  PG_BIN=$(find_pg_bin)
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    pg_log "PostgreSQL is not installed; installing it with apt-get"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
    PG_BIN=$(find_pg_bin)
  fi
  [ -x "$PG_BIN/initdb" ] || { pg_log "no initdb found after installing postgresql"; return 1; }
}

# A stable folder and port for this checkout, so two checkouts never collide.
cluster_paths() {
  local key
  key=$(printf '%s' "$REPO_ROOT" | sha256sum | cut -c1-10)
  PG_ROOT=${RECORDS_PORTAL_PG_ROOT:-/var/tmp/records-portal-pg-$key}
  PG_DATA=$PG_ROOT/data
  PG_SOCK=$PG_ROOT/sock
  if [ -n "${RECORDS_PORTAL_PG_PORT:-}" ]; then
    PG_PORT=$RECORDS_PORTAL_PG_PORT
  elif [ -f "$PG_DATA/postmaster.pid" ]; then
    # A running cluster: its port is the fourth line of postmaster.pid.
    PG_PORT=$(sed -n 4p "$PG_DATA/postmaster.pid")
  elif [ -f "$PG_ROOT/port" ]; then
    PG_PORT=$(cat "$PG_ROOT/port")
  else
    PG_PORT=$((55000 + 0x${key:0:4} % 900))
    while port_in_use "$PG_PORT"; do PG_PORT=$((PG_PORT + 1)); done
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_private_cluster() {
  ensure_pg_binaries
  cluster_paths
  mkdir -p "$PG_ROOT"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    chown postgres: "$PG_ROOT"
  fi
  chmod 700 "$PG_ROOT"
  echo "$PG_PORT" > "$PG_ROOT/port"
  local pwfile=$PG_ROOT/superuser-password
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    pg_log "creating a private cluster in $PG_DATA"
    as_cluster_owner sh -c "umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > '$pwfile'"
    as_cluster_owner "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=scram-sha-256 \
      --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 >/dev/null
    as_cluster_owner mkdir -p "$PG_SOCK"
  fi
  if ! as_cluster_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    pg_log "starting on 127.0.0.1:$PG_PORT"
    as_cluster_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_ROOT/server.log" -w -t 30 \
      -o "-p $PG_PORT -k $PG_SOCK -c listen_addresses=127.0.0.1 -c max_connections=200 ${PG_EXTRA_OPTS:-}" \
      start >/dev/null
    STARTED_PRIVATE_CLUSTER=1
  fi
  local superuser_password app_password
  superuser_password=$(as_cluster_owner cat "$pwfile")
  app_password_file=$PG_ROOT/app-password
  if [ ! -f "$app_password_file" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$app_password_file")
  fi
  app_password=$(cat "$app_password_file")
  PGPASSWORD=$superuser_password "$PG_BIN/psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
    -v app_password="$app_password" >/dev/null <<'SQL'
select format('create role records login createdb password %L', :'app_password')
  where not exists (select from pg_roles where rolname = 'records') \gexec
select format('alter role records password %L', :'app_password') \gexec
select 'create database records_portal owner records'
  where not exists (select from pg_database where datname = 'records_portal') \gexec
SQL
  export DATABASE_URL="postgres://records:$app_password@127.0.0.1:$PG_PORT/records_portal"
}

stop_private_cluster() {
  if [ "${STARTED_PRIVATE_CLUSTER:-0}" = 1 ]; then
    pg_log "stopping the private cluster"
    as_cluster_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

ensure_database() {
  if [ -n "${DATABASE_URL:-}" ]; then
    pg_log "using DATABASE_URL from the environment"
    return 0
  fi
  start_private_cluster
}
