#!/usr/bin/env bash
# Zabbix 6.0 (Debian 12's `zabbix-frontend-php` with the schema of `zabbix-server-pgsql`) on loopback, for Ferry's
# tests, CI and people. Its API is JSON-RPC 2.0 at /api_jsonrpc.php, served by the frontend.
# usage: scripts/apps/zabbix.sh [start|stop|reset|env]
#   start (default): install if missing, create the database in the local PostgreSQL ($ZABBIX_DB, default
#                    ferry_zabbix on 127.0.0.1:5432 as postgres) from the package's schema, write the frontend's
#                    /etc/zabbix/zabbix.conf.php, serve the frontend with PHP's built-in server on
#                    127.0.0.1:$ZABBIX_PORT (default 8383), create the service account `ferry-svc` (Super admin
#                    role) and the user group `Ferry users`, and print ZABBIX_URL=…, ZABBIX_USER=…,
#                    ZABBIX_PASSWORD=… and ZABBIX_USERGROUP=… (also in $FERRY_APPS_DIR/zabbix/env, mode 0600).
#                    The Zabbix server daemon is not started: the API's users and groups do not need it.
#   stop:            stop the web server.
#   reset:           delete every user and group made since (all but Admin, guest, ferry-svc and the built-in groups).
#   env:             print the KEY=value lines of the last start.
set -euo pipefail
APP=zabbix
. "$(dirname "$0")/lib.sh"
PORT=${ZABBIX_PORT:-8383}
URL="http://127.0.0.1:$PORT"
API="$URL/api_jsonrpc.php"
STATE="$FERRY_APPS_DIR/zabbix"
PID="$STATE/php.pid"
DB=${ZABBIX_DB:-ferry_zabbix}
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres
mkdir -p "$STATE"

install() {
  # php8.2-cgi satisfies `php` without Apache; PHP's own server (php-cli) serves the frontend.
  installed zabbix-frontend-php zabbix-server-pgsql php-pgsql php-cli php8.2-cgi ||
    apt_install zabbix-frontend-php zabbix-server-pgsql php-pgsql php-cli php8.2-cgi
}

database() {
  psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 && return 0
  say "creating the database $DB from the package's schema"
  psql -d postgres -qc "CREATE DATABASE $DB"
  local f
  for f in schema images data; do
    zcat "/usr/share/zabbix-server-pgsql/$f.sql.gz" | nice -n 5 psql -q -v ON_ERROR_STOP=1 -d "$DB" > /dev/null
  done
  rm -f "$STATE/env"
}

frontend_conf() {
  cat > /etc/zabbix/zabbix.conf.php <<CONF
<?php
// Written by Ferry's scripts/apps/zabbix.sh.
\$DB['TYPE'] = 'POSTGRESQL';
\$DB['SERVER'] = '$PGHOST';
\$DB['PORT'] = '$PGPORT';
\$DB['DATABASE'] = '$DB';
\$DB['USER'] = '$PGUSER';
\$DB['PASSWORD'] = '';
\$DB['SCHEMA'] = '';
\$DB['ENCRYPTION'] = false;
\$DB['KEY_FILE'] = '';
\$DB['CERT_FILE'] = '';
\$DB['CA_FILE'] = '';
\$DB['VERIFY_HOST'] = false;
\$DB['CIPHER_LIST'] = '';
\$DB['VAULT_URL'] = '';
\$DB['VAULT_DB_PATH'] = '';
\$DB['VAULT_TOKEN'] = '';
\$DB['DOUBLE_IEEE754'] = true;
\$ZBX_SERVER_NAME = 'ferry';
\$IMAGE_FORMAT_DEFAULT = IMAGE_FORMAT_PNG;
CONF
}

# One JSON-RPC call: rpc METHOD PARAMS-JSON [TOKEN]; prints the answer.
rpc() {
  local auth=""
  [ -n "${3:-}" ] && auth=",\"auth\":\"$3\""
  curl -s -m 60 -H 'Content-Type: application/json-rpc' "$API" \
    -d "{\"jsonrpc\":\"2.0\",\"method\":\"$1\",\"params\":$2$auth,\"id\":1}"
}

# The value at a path of an answer's result (python3 -c), or fails with the answer's error.
result() {
  /usr/bin/python3 -c 'import json,sys
a = json.load(sys.stdin)
if "error" in a: sys.exit("zabbix: " + json.dumps(a["error"]))
v = a["result"]
for k in sys.argv[1:]: v = v[int(k)] if isinstance(v, list) else v[k]
print(v if isinstance(v, str) else json.dumps(v))' "$@"
}

login() { rpc user.login "{\"username\":\"$1\",\"password\":\"$2\"}" | result; }

# The service account (Super admin, never logged out) and the group new users go into, made once.
setup() {
  [ -s "$STATE/env" ] && return 0
  say "creating the service account ferry-svc and the group Ferry users"
  local t password group
  t=$(login Admin zabbix)
  password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
  group=$(rpc usergroup.get '{"output":["usrgrpid"],"filter":{"name":"Ferry users"}}' "$t" | result)
  if [ "$group" = "[]" ]; then
    group=$(rpc usergroup.create '{"name":"Ferry users"}' "$t" | result usrgrpids 0)
  else
    group=$(echo "{\"result\":$group}" | result 0 usrgrpid)
  fi
  local svc
  svc=$(rpc user.get '{"output":["userid"],"filter":{"username":"ferry-svc"}}' "$t" | result)
  if [ "$svc" = "[]" ]; then
    rpc user.create "{\"username\":\"ferry-svc\",\"passwd\":\"$password\",\"roleid\":\"3\",\"autologout\":\"0\",
      \"usrgrps\":[{\"usrgrpid\":\"7\"}]}" "$t" | result > /dev/null
  else
    rpc user.update "{\"userid\":\"$(echo "{\"result\":$svc}" | result 0 userid)\",\"passwd\":\"$password\"}" "$t" |
      result > /dev/null
  fi
  # An e-mail address for Zabbix's own users too, as SCIM clients (Okta's test) expect one on every user listed.
  local u
  for u in $(rpc user.get '{"output":["userid"],"filter":{"username":["Admin","guest","ferry-svc"]}}' "$t" |
    /usr/bin/python3 -c 'import json,sys; print(" ".join(x["userid"] for x in json.load(sys.stdin)["result"]))'); do
    rpc user.update "{\"userid\":\"$u\",\"medias\":[{\"mediatypeid\":\"1\",\"sendto\":[\"zabbix-$u@example.test\"]}]}" "$t" |
      result > /dev/null
  done
  printf 'ZABBIX_URL=%s\nZABBIX_USER=ferry-svc\nZABBIX_PASSWORD=%s\nZABBIX_USERGROUP=%s\n' "$URL" "$password" "$group" |
    write_env > /dev/null
}

start() {
  install
  database
  [ -s /etc/zabbix/zabbix.conf.php ] && grep -q "'$DB'" /etc/zabbix/zabbix.conf.php || frontend_conf
  if ! alive "$PID"; then
    say "starting on $URL (log $STATE/php.log)"
    # Four workers (PHP_CLI_SERVER_WORKERS) and OPcache, so the frontend is not parsed again on every call.
    PHP_CLI_SERVER_WORKERS=${ZABBIX_WORKERS:-4} setsid nohup php -d opcache.enable_cli=1 -d memory_limit=512M \
      -d max_execution_time=300 -d post_max_size=16M -S "127.0.0.1:$PORT" -t /usr/share/zabbix \
      > "$STATE/php.log" 2>&1 < /dev/null &
    echo $! > "$PID"
    wait_http "$URL/api_jsonrpc.php" 60 "$(cat "$PID")"
  fi
  setup
  cat "$STATE/env"
}

reset() {
  say "deleting the users and groups made by tests"
  local t ids pw
  pw=$(sed -n 's/^ZABBIX_PASSWORD=//p' "$STATE/env")
  t=$(login ferry-svc "$pw")
  ids=$(rpc user.get '{"output":["userid","username"]}' "$t" | /usr/bin/python3 -c 'import json,sys
print(json.dumps([u["userid"] for u in json.load(sys.stdin)["result"] if u["username"] not in ("Admin", "guest", "ferry-svc")]))')
  [ "$ids" = "[]" ] || rpc user.delete "$ids" "$t" | result > /dev/null
  ids=$(rpc usergroup.get '{"output":["usrgrpid","name"]}' "$t" | /usr/bin/python3 -c 'import json,sys
print(json.dumps([g["usrgrpid"] for g in json.load(sys.stdin)["result"] if int(g["usrgrpid"]) > 13 and g["name"] != "Ferry users"]))')
  [ "$ids" = "[]" ] || rpc usergroup.delete "$ids" "$t" | result > /dev/null
  say "done"
}


case "${1:-start}" in
  start) start ;;
  stop) stop_pid "$PID" ;;
  reset) reset ;;
  env) cat "$STATE/env" ;;
  *) echo "usage: $0 [start|stop|reset|env]" >&2; exit 2 ;;
esac
