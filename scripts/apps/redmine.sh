#!/usr/bin/env bash
# Redmine 5 from Debian 12 (`redmine` + `redmine-sqlite`) on loopback, for Ferry's tests, CI and people.
# usage: scripts/apps/redmine.sh [start|stop|reset|env]
#   start (default): install if missing, enable the REST API, create the service account `ferry-svc` (an
#                    administrator: Redmine has no narrower right to manage users), start WEBrick on
#                    127.0.0.1:$REDMINE_PORT (default 8381), wait until it answers and print
#                    REDMINE_URL=… and REDMINE_API_KEY=… (also kept in $FERRY_APPS_DIR/redmine/env, mode 0600).
#   stop:            stop the server.
#   reset:           delete every user and group except `admin` and `ferry-svc` (the server may keep running).
#   env:             print the KEY=value lines of the last start.
# Idempotent: a second start with the server running only checks the key and prints the lines again.
set -euo pipefail
APP=redmine
. "$(dirname "$0")/lib.sh"
PORT=${REDMINE_PORT:-8381}
URL="http://127.0.0.1:$PORT"
STATE="$FERRY_APPS_DIR/redmine"
PID="$STATE/server.pid"
RM=/usr/share/redmine
mkdir -p "$STATE"

rails() { (cd "$RM" && RAILS_ENV=production X_DEBIAN_SITEID=default nice -n 5 ruby bin/rails "$@"); }

install() {
  installed redmine redmine-sqlite && return 0
  # dbconfig-common sets up the SQLite database of the `default` instance without asking.
  debconf-set-selections <<'SEL'
redmine redmine/instances/default/dbconfig-install boolean true
redmine redmine/instances/default/database-type select sqlite3
SEL
  apt_install redmine redmine-sqlite
}

# Debian's Redmine is run by Passenger; its Gemfile takes extra gems from Gemfile.local, which is how
# WEBrick (packaged as ruby-webrick, a dependency of redmine) becomes the server here.
use_webrick() {
  grep -qs 'webrick' "$RM/Gemfile.local" || echo 'gem "webrick"' >> "$RM/Gemfile.local"
}

# Debian's Redmine keeps its data in SQLite, which takes one writer at a time: two requests writing at once made
# it answer "database is locked" (a 500). A busy timeout, and one request at a time (Rack::Lock, through Redmine's
# own config/additional_environment.rb), as a single Passenger process would serve it.
sqlite_one_at_a_time() {
  local yml=/etc/redmine/default/database.yml env="$RM/config/additional_environment.rb"
  grep -q 'adapter: sqlite3' "$yml" || return 0
  grep -q '^ *timeout:' "$yml" || sed -i 's/^\( *\)adapter: sqlite3$/&\n\1timeout: 10000/' "$yml"
  grep -qs 'Rack::Lock' "$env" || echo 'config.middleware.insert_before 0, Rack::Lock' >> "$env"
}

key_works() {
  [ -s "$STATE/env" ] || return 1
  local key
  key=$(sed -n 's/^REDMINE_API_KEY=//p' "$STATE/env")
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Redmine-API-Key: $key" "$URL/users/current.json")" = 200 ]
}

# Enables the REST API and makes the service account with its API key (both kept if present).
account() {
  say "enabling the REST API and the service account ferry-svc"
  local key
  key=$(rails runner - <<'RUBY' | tail -1
Setting.rest_api_enabled = '1'
u = User.find_by_login('ferry-svc') || User.new(firstname: 'Ferry', lastname: 'Service', mail: 'ferry-svc@example.invalid')
u.login = 'ferry-svc'
u.admin = true
u.status = User::STATUS_ACTIVE
u.generate_password = true if u.new_record?
u.must_change_passwd = false
u.save!
puts u.api_key
RUBY
)
  printf 'REDMINE_URL=%s\nREDMINE_API_KEY=%s\n' "$URL" "$key" | write_env
}

start() {
  install
  use_webrick
  sqlite_one_at_a_time
  if ! alive "$PID"; then
    rm -f "$PID"
    say "starting on $URL (log $STATE/server.log)"
    (cd "$RM" && RAILS_ENV=production X_DEBIAN_SITEID=default exec setsid nohup ruby bin/rails server -u webrick \
      -b 127.0.0.1 -p "$PORT" -P "$PID" > "$STATE/server.log" 2>&1 < /dev/null) &
    wait_http "$URL/" 120 $!
  fi
  if key_works; then cat "$STATE/env"; else account; fi
}

reset() {
  say "deleting the users and groups made by tests"
  rails runner - <<'RUBY' >&2
keep = User.where(login: %w[admin ferry-svc]).pluck(:id)
gone = Principal.where(type: %w[User Group]).where.not(id: keep).pluck(:id)
gone.each_slice(500) do |ids|
  [EmailAddress, Token, UserPreference].each { |m| m.where(user_id: ids).delete_all }
  MemberRole.where(member_id: Member.where(user_id: ids).select(:id)).delete_all
  Member.where(user_id: ids).delete_all
  ActiveRecord::Base.connection.execute("DELETE FROM groups_users WHERE group_id IN (#{ids.join(',')}) OR user_id IN (#{ids.join(',')})")
  Principal.where(id: ids).delete_all
end
puts "deleted #{gone.size}"
RUBY
}

case "${1:-start}" in
  start) start ;;
  stop) stop_pid "$PID" ;;
  reset) reset ;;
  env) cat "$STATE/env" ;;
  *) echo "usage: $0 [start|stop|reset|env]" >&2; exit 2 ;;
esac
