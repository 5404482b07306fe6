#!/usr/bin/env bash
# OpenStack Keystone (identity API v3) from Debian 12 (`keystone`) on loopback, for Ferry's tests, CI and people.
# usage: scripts/apps/keystone.sh [start|stop|reset|env]
#   start (default): install if missing, set up its own configuration and keys under $FERRY_APPS_DIR/keystone
#                    (the package's /etc/keystone is left alone) and its database in the local PostgreSQL
#                    ($KEYSTONE_DB, default database ferry_keystone on 127.0.0.1:5432 as postgres; SQLite, one
#                    request at a time, when PostgreSQL does not answer), bootstrap the service
#                    account `ferry-svc` (role admin on project admin), start uWSGI on 127.0.0.1:$KEYSTONE_PORT
#                    (default 8382), wait until it answers and print KEYSTONE_URL=…, KEYSTONE_USER=…,
#                    KEYSTONE_PASSWORD=… and KEYSTONE_PROJECT=… (also in $FERRY_APPS_DIR/keystone/env, mode 0600).
#   stop:            stop the server.
#   reset:           delete every user and group except the service account.
#   env:             print the KEY=value lines of the last start.
set -euo pipefail
APP=keystone
. "$(dirname "$0")/lib.sh"
PORT=${KEYSTONE_PORT:-8382}
URL="http://127.0.0.1:$PORT"
STATE="$FERRY_APPS_DIR/keystone"
PID="$STATE/uwsgi.pid"
CONF="$STATE/keystone.conf"
mkdir -p "$STATE"

manage() { nice -n 5 keystone-manage --config-file "$CONF" "$@" 2> >(grep -v -e '^Exception ignored' -e '^Traceback' -e '^  File' -e 'Error:' >&2); }

install() {
  installed keystone && return 0
  # No database or endpoint set-up by the package: this script makes its own, in $STATE.
  debconf-set-selections <<'SEL'
keystone keystone/configure_db boolean false
keystone keystone/create-admin-tenant boolean false
keystone keystone/register-endpoint boolean false
SEL
  apt_install keystone
}

# PostgreSQL when it answers (Keystone's SQLite locks under concurrent requests), else SQLite in $STATE.
database() {
  installed python3-psycopg2 || apt_install python3-psycopg2
  local db=${KEYSTONE_DB:-postgresql://postgres@127.0.0.1:5432/ferry_keystone}
  if psql "${db%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '${db##*/}'" 2>/dev/null | grep -q 1 ||
    psql "${db%/*}/postgres" -qc "CREATE DATABASE ${db##*/}" 2>/dev/null; then
    echo "$db"
  else
    say "PostgreSQL does not answer at ${db%/*}: SQLite, one request at a time"
    echo "sqlite:///$STATE/keystone.db"
  fi
}

setup() {
  [ -s "$STATE/env" ] && [ -s "$CONF" ] && return 0
  say "creating the database, keys and service account in $STATE"
  mkdir -p "$STATE/fernet-keys" "$STATE/credential-keys"
  local db
  db=$(database)
  # Few bcrypt rounds: the tests and the benchmark create thousands of users; the default (12) costs ~0.3 s each.
  cat > "$CONF" <<CONF
[DEFAULT]
log_file = $STATE/keystone.log
[database]
connection = $db
[token]
provider = fernet
expiration = 3600
[fernet_tokens]
key_repository = $STATE/fernet-keys
[credential]
key_repository = $STATE/credential-keys
[identity]
password_hash_rounds = 4
CONF
  local user group password
  user=$(id -un)
  group=$(id -gn)
  password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
  manage db_sync
  manage fernet_setup --keystone-user "$user" --keystone-group "$group"
  manage credential_setup --keystone-user "$user" --keystone-group "$group"
  manage bootstrap --bootstrap-username ferry-svc --bootstrap-password "$password" \
    --bootstrap-project-name admin --bootstrap-role-name admin \
    --bootstrap-public-url "$URL/v3" --bootstrap-region-id RegionOne
  printf 'KEYSTONE_URL=%s\nKEYSTONE_USER=ferry-svc\nKEYSTONE_PASSWORD=%s\nKEYSTONE_PROJECT=admin\n' "$URL" "$password" |
    write_env > /dev/null
}

start() {
  install
  setup
  if ! alive "$PID"; then
    rm -f "$PID"
    say "starting on $URL (log $STATE/uwsgi.log)"
    local procs=4
    grep -q '^connection = sqlite' "$CONF" && procs=1
    # As Debian's keystone-uwsgi.ini runs it: the application loaded in each worker (lazy-apps; a master that
    # loads it and forks breaks eventlet's greenlets), threads enabled, large headers (Fernet tokens).
    # This socket closes each connection after its answer and says nothing, unless told to add "Connection: close".
    # Ferry's client copes with such servers (src/http/closing-origins.ts; the suite passed 7 times of 7 without the
    # header), but a uWSGI deployment without keep-alive should say it.
    OS_KEYSTONE_CONFIG_DIR="$STATE" OS_KEYSTONE_CONFIG_FILES=keystone.conf setsid nohup uwsgi --plugin python3 \
      --http-socket "127.0.0.1:$PORT" --add-header "Connection: close" --wsgi-file /usr/bin/keystone-wsgi-public \
      --master --lazy-apps --enable-threads --processes "$procs" --threads 1 --buffer-size 65535 --socket-timeout 300 \
      --pidfile "$PID" --die-on-term > "$STATE/uwsgi.log" 2>&1 < /dev/null &
    wait_http "$URL/v3" 120 $!
  fi
  cat "$STATE/env"
}

# A token of the service account, for reset.
token() {
  local pw
  pw=$(sed -n 's/^KEYSTONE_PASSWORD=//p' "$STATE/env")
  curl -s -i -H 'Content-Type: application/json' "$URL/v3/auth/tokens" -d "{\"auth\":{\"identity\":{\"methods\":[\"password\"],
    \"password\":{\"user\":{\"name\":\"ferry-svc\",\"domain\":{\"id\":\"default\"},\"password\":\"$pw\"}}},
    \"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}}}" |
    sed -n 's/^[Xx]-[Ss]ubject-[Tt]oken: *//p' | tr -d '\r'
}

reset() {
  say "deleting the users and groups made by tests"
  local t n=0 kind id
  t=$(token)
  for kind in users groups; do
    for id in $(curl -s -H "X-Auth-Token: $t" "$URL/v3/$kind" |
      /usr/bin/python3 -c 'import json,sys; print("\n".join(x["id"] for x in json.load(sys.stdin)[sys.argv[1]] if x.get("name") != "ferry-svc"))' "$kind"); do
      curl -s -o /dev/null -X DELETE -H "X-Auth-Token: $t" "$URL/v3/$kind/$id"
      n=$((n + 1))
    done
  done
  say "deleted $n"
}

case "${1:-start}" in
  start) start ;;
  stop) stop_pid "$PID" ;;
  reset) reset ;;
  env) cat "$STATE/env" ;;
  *) echo "usage: $0 [start|stop|reset|env]" >&2; exit 2 ;;
esac
