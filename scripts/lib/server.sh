# Shared by the load and fault scripts: a fresh database, a release server on it, and the
# check that its log carries none of the submissions' PHI.

# fresh_database NAME: (re)creates NAME beside $DATABASE_URL and migrates it with a release
# build; sets FAULT_URL.
fresh_database() {
  FAULT_URL="${DATABASE_URL%/*}/$1"
  psql "$DATABASE_URL" -qc "drop database if exists $1" -c "create database $1"
  export SQLX_OFFLINE=true
  cargo build --release --locked --bin records-portal -q
  DATABASE_URL=$FAULT_URL ./target/release/records-portal migrate >/dev/null
}

# start_server PORT WORK [NAME=value...]: serves FAULT_URL in the background, appending JSON
# logs to WORK/server.log, and waits until it answers; sets SERVER_PID.
start_server() {
  local port=$1 work=$2
  shift 2
  env DATABASE_URL="$FAULT_URL" LISTEN_ADDR="127.0.0.1:$port" STORAGE_DIR="$work/files" \
    MAIL_DIR="$work/mail" MASTER_KEY_FILE="$work/master.key" SUBMIT_LIMIT_PER_HOUR=100000000 RUST_LOG=info LOG_FORMAT=json "$@" \
    ./target/release/records-portal serve >>"$work/server.log" 2>&1 &
  SERVER_PID=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server did not start; see $work/server.log" >&2; exit 1; }
    sleep 0.1
  done
}

# phi_canaries LOG: how many lines of LOG carry the PHI that prepare_submission sends.
phi_canaries() {
  grep -c -e 'Jordan Avery Example' -e 'jordan@example.com' -e '1986-04-28' -e '12 Elm Street' "$1" || true
}

# cpu_seconds PID: user + system CPU time the process has used so far.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"
}

# calc EXPRESSION: floating-point arithmetic, two decimals (no bc on a fresh machine).
calc() {
  awk "BEGIN { printf \"%.2f\", $1 }"
}

# staff_session PORT JAR EMAIL: creates a clerk account EMAIL (if new) and signs it in,
# keeping the session cookie in JAR.
staff_session() {
  local port=$1 jar=$2 email=$3 token
  printf 'lantern orchard velvet cobalt\n' >"$jar.password"
  if [ -z "$(psql "$FAULT_URL" -Atc "select 1 from staff where email = '$email'")" ]; then
    DATABASE_URL=$FAULT_URL ./target/release/records-portal create-staff --email "$email" \
      --name "Load Clerk" --role clerk --password-file "$jar.password" >/dev/null
  fi
  token=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/staff/login" | grep -o 'name="csrf_token" value="[^"]*"' | sed 's/.*value="//;s/"$//')
  local next
  next=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' --data-urlencode "csrf_token=$token" --data-urlencode "email=$email" \
    --data-urlencode "password=lantern orchard velvet cobalt" "http://127.0.0.1:$port/staff/login")
  # The second factor: enrol on first use (the key is kept beside the jar), then a code.
  case "$next" in
    */staff/login/enrol)
      curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/staff/login/enrol" \
        | grep -o 'id="totp-secret">[^<]*' | sed 's/.*>//' >"$jar.totp"
      curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf_token=$token" \
        --data-urlencode "code=$(python3 scripts/lib/totp.py "$(cat "$jar.totp")")" "http://127.0.0.1:$port/staff/login/enrol" ;;
    */staff/login/code)
      curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf_token=$token" \
        --data-urlencode "code=$(python3 scripts/lib/totp.py "$(cat "$jar.totp")" 1)" "http://127.0.0.1:$port/staff/login/code" ;;
  esac
}

# reconcile ACCEPTED: checks, on FAULT_URL, that every stored request came whole (its audit row,
# its first status, its confirmation email, and each of its files' rows) and that the audit
# log's hash chain verifies; prints one line per check against ACCEPTED, the 303s clients saw.
reconcile() {
  local accepted=$1
  psql "$FAULT_URL" -At <<SQL | sed 's/^/[reconcile] /'
select format('requests stored: %s (clients were told 303: %s)', count(*), $accepted) from requests;
select format('  with their "submitted" audit row: %s', count(distinct request_id)) from audit_log where action = 'request.submitted';
select format('  with their first status in the history: %s', count(distinct request_id)) from request_status_history where to_status = 'received';
select format('  with their confirmation email queued or sent: %s', count(distinct request_id)) from email_outbox where kind = 'request_received';
select format('  requests missing any of those: %s', count(*)) from requests r
  where not exists (select 1 from audit_log a where a.request_id = r.id and a.action = 'request.submitted')
     or not exists (select 1 from request_status_history h where h.request_id = r.id)
     or not exists (select 1 from email_outbox e where e.request_id = r.id);
SQL
  echo "[reconcile] $(DATABASE_URL=$FAULT_URL RUST_LOG=error ./target/release/records-portal audit verify 2>&1 | tail -1)"
}
