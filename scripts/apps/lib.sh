# Shared by scripts/apps/*.sh: install from Debian's packages, run a server in the background with a pid file,
# wait until it answers, and print KEY=value lines. Sourced, not run. Progress goes to stderr; stdout carries only
# the KEY=value lines, so tests and CI can read them.

# Where each application keeps its state (database, keys, pid file, log, env file).
FERRY_APPS_DIR=${FERRY_APPS_DIR:-/tmp/ferry-apps}

say() { echo "[$APP] $*" >&2; }

# apt-get install without prompts, gently (other work shares the cores). Root is needed only here.
apt_install() {
  say "installing $* from Debian's packages"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive nice -n 10 apt-get install -y -q --no-install-recommends "$@" >&2 || {
    $sudo apt-get update -q >&2
    $sudo env DEBIAN_FRONTEND=noninteractive nice -n 10 apt-get install -y -q --no-install-recommends "$@" >&2
  }
}

# True when every package is installed.
installed() { dpkg-query -W -f='${Status}\n' "$@" 2>/dev/null | grep -c 'install ok installed' | grep -qx "$#"; }

# True when the process of pid file $1 is alive.
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Waits until URL $1 answers with any HTTP status, at most $2 seconds; gives up early when process $3 (if given)
# has ended.
wait_http() {
  local i
  for ((i = 0; i < $2 * 2; i++)); do
    curl -s -o /dev/null -m 2 "$1" && return 0
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then
      say "the server ended; see the log in $STATE"
      return 1
    fi
    sleep 0.5
  done
  say "no answer from $1 after $2 s; see the log in $STATE"
  return 1
}

# Stops the process of pid file $1 (TERM, then KILL after 10 s).
stop_pid() {
  # The servers start under setsid, so each leads a process group with its workers (uWSGI's, PHP's, Puma's): the
  # whole group goes, else a worker can outlive its master and keep the port.
  if alive "$1"; then
    local pid
    pid=$(cat "$1")
    kill -- "-$pid" 2>/dev/null || kill "$pid"
    for _ in $(seq 20); do pgrep -g "$pid" > /dev/null || kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    pgrep -g "$pid" > /dev/null && kill -9 -- "-$pid" 2>/dev/null
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    say "stopped (pid $pid)"
  fi
  rm -f "$1"
}

# Writes the KEY=value lines (stdin) to $STATE/env (mode 0600) and prints them.
write_env() {
  umask 077
  cat > "$STATE/env"
  cat "$STATE/env"
}
