#!/usr/bin/env bash
# The servers the tests talk to, on loopback: starts those not answering yet, installing the
# Debian (or npm) package of any that is missing, and waits until each one accepts connections.
#
# usage: scripts/services.sh [NAME...]           start NAME (default: all nine), then wait
#        scripts/services.sh --check [NAME...]   only report which are up; start nothing
#
#   NAME       port   Debian package    started with
#   postgres   5432   postgresql        pg_ctlcluster (the newest cluster "main")
#   mariadb    3306   mariadb-server    mariadbd
#   redis      6379   redis-server      redis-server, keeping nothing on disk
#   rabbitmq   5672   rabbitmq-server   rabbitmq-server -detached
#   mosquitto  1883   mosquitto         mosquitto -d
#   nats       4222   nats-server       nats-server, with JetStream
#   memcached  11211  memcached         memcached -d
#   s3rver     4568   s3rver (npm)      s3rver, with the bucket vitals-test (keys S3RVER/S3RVER)
#   azurite    10000  azurite (npm)     azurite-blob, in memory (the emulator's devstoreaccount1)
#
# The tools some tests run (promtool, the Python client's parser) are scripts/tools.sh's; their
# package names given here are handed to it.
# Names are case-insensitive, and the Debian package's name and a few aliases work too
# (PostgreSQL, pg, MySQL, Redis, RabbitMQ, mqtt, s3, azurite-blob), so whatever a test's message says after
# "start it with scripts/services.sh" or "install the Debian package" is accepted.
# A package installed by this script is also set up the way the tests expect: PostgreSQL trusts
# 127.0.0.1 and has a database "test"; MariaDB has root@127.0.0.1 without a password and a
# database "test". The npm packages are installed with npm install -g (npm itself from Debian's
# package when missing). Installing needs root (as on CI); a machine that has the servers needs
# nothing.
#
# Exit status: 0 when every named service answers, 1 when some do not (named on stderr), 2 on
# bad usage. Environment: SERVICES_WAIT_SECONDS (default 90) bounds the wait for all of them.
set -uo pipefail

ALL=(postgres mariadb redis rabbitmq mosquitto nats memcached s3rver azurite)
LOG_DIR=${TMPDIR:-/tmp}
WAIT_SECONDS=${SERVICES_WAIT_SECONDS:-90}

say() { echo "services.sh: $*" >&2; }

canonical() { # NAME -> one of ALL, or nothing
  case ${1,,} in
    postgres | postgresql | pg) echo postgres ;;
    mariadb | mariadb-server | maria | mysql) echo mariadb ;;
    redis | redis-server) echo redis ;;
    rabbitmq | rabbitmq-server | rabbit | amqp) echo rabbitmq ;;
    mosquitto | mqtt) echo mosquitto ;;
    nats | nats-server) echo nats ;;
    memcached | memcache) echo memcached ;;
    s3rver | s3) echo s3rver ;;
    azurite | azurite-blob | azure) echo azurite ;;
  esac
}

port_of() {
  case $1 in
    postgres) echo 5432 ;; mariadb) echo 3306 ;; redis) echo 6379 ;; rabbitmq) echo 5672 ;;
    mosquitto) echo 1883 ;; nats) echo 4222 ;; memcached) echo 11211 ;;
    s3rver) echo 4568 ;; azurite) echo 10000 ;;
  esac
}

package_of() {
  case $1 in
    postgres) echo postgresql ;; mariadb) echo mariadb-server ;; redis) echo redis-server ;;
    rabbitmq) echo rabbitmq-server ;; mosquitto) echo mosquitto ;; nats) echo nats-server ;;
    memcached) echo memcached ;; s3rver) echo s3rver ;; azurite) echo azurite ;;
  esac
}

# Servers that come from the npm registry rather than Debian's packages.
from_npm() { [ "$1" = s3rver ] || [ "$1" = azurite ]; }

binary_of() {
  case $1 in
    postgres) echo pg_ctlcluster ;; mariadb) echo mariadbd ;; redis) echo redis-server ;;
    rabbitmq) echo rabbitmq-server ;; mosquitto) echo mosquitto ;; nats) echo nats-server ;;
    memcached) echo memcached ;; s3rver) echo s3rver ;; azurite) echo azurite-blob ;;
  esac
}

# Something accepts a TCP connection on 127.0.0.1:PORT (bash's /dev/tcp, no client needed).
answers() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# The path of a binary, looked up in PATH and in the sbin directories a non-login PATH may lack.
find_binary() {
  command -v "$1" 2>/dev/null && return 0
  local dir
  for dir in /usr/sbin /sbin /usr/local/sbin; do
    [ -x "$dir/$1" ] && { echo "$dir/$1"; return 0; }
  done
  return 1
}

pg_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -1; }

installed() { # NAME: its server binary (and for PostgreSQL a cluster) is on the machine
  find_binary "$(binary_of "$1")" >/dev/null || return 1
  if [ "$1" = postgres ]; then
    local v
    v=$(pg_version)
    [ -n "$v" ] && [ -d "/etc/postgresql/$v/main" ] || return 1
  fi
}

start() { # NAME: starts it in the background; its output goes to LOG_DIR/vitals-services-NAME.log
  case $1 in
    postgres)
      pg_ctlcluster --skip-systemctl-redirect "$(pg_version)" main start ;;
    mariadb)
      mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
      start-stop-daemon --start --oknodo --background --exec "$(find_binary mariadbd)" -- --user=mysql ;;
    redis)
      mkdir -p /var/lib/redis /var/log/redis
      redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/ci.log ;;
    rabbitmq)
      rabbitmq-server -detached ;;
    mosquitto)
      if id mosquitto >/dev/null 2>&1; then
        mkdir -p /run/mosquitto && chown mosquitto:mosquitto /run/mosquitto
      fi
      "$(find_binary mosquitto)" -d -c /etc/mosquitto/mosquitto.conf ;;
    nats)
      mkdir -p /var/lib/nats-server
      start-stop-daemon --start --oknodo --background --exec "$(find_binary nats-server)" -- \
        -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log ;;
    memcached)
      local user=root
      id memcache >/dev/null 2>&1 && user=memcache
      memcached -d -u "$user" -l 127.0.0.1 -p 11211 ;;
    s3rver)
      mkdir -p "$LOG_DIR/vitals-s3rver"
      nohup setsid "$(find_binary s3rver)" -d "$LOG_DIR/vitals-s3rver" -a 127.0.0.1 -p 4568 -s \
        --configure-bucket vitals-test </dev/null & ;;
    azurite)
      mkdir -p "$LOG_DIR/vitals-azurite"
      (cd "$LOG_DIR/vitals-azurite" && nohup setsid "$(find_binary azurite-blob)" \
        --blobHost 127.0.0.1 --blobPort 10000 --inMemoryPersistence --extentMemoryLimit 64 \
        --disableTelemetry --silent </dev/null &) ;;
  esac
}

# For a package this run installed: the accounts and databases the tests use. Idempotent.
provision() {
  case $1 in
    postgres)
      local hba
      hba=/etc/postgresql/$(pg_version)/main/pg_hba.conf
      if ! grep -qE '^host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
        sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
        pg_ctlcluster --skip-systemctl-redirect "$(pg_version)" main reload
      fi
      runuser -u postgres -- psql -Atqc "select 1 from pg_database where datname = 'test'" | grep -q 1 \
        || runuser -u postgres -- createdb test ;;
    mariadb)
      mariadb -uroot -e "CREATE DATABASE IF NOT EXISTS test;
        CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
        GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;" ;;
  esac
}

usage() { # the comment at the top of this file; exit status $1
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2
  exit "$1"
}

main() {
  local check=0 arg name
  local -a names=()
  for arg in "$@"; do
    case $arg in
      --check) check=1 ;;
      -h | --help) usage 0 ;;
      -*) say "unknown option $arg"; usage 2 ;;
      prometheus | promtool | python3-prometheus-client)
        # Programs, not servers: scripts/tools.sh installs them (a test's message may name them).
        bash "$(dirname "$0")/tools.sh" || exit 1
        tools_only=1 ;;
      *)
        name=$(canonical "$arg")
        [ -n "$name" ] || { say "unknown service '$arg' (known: ${ALL[*]})"; exit 2; }
        [[ " ${names[*]} " == *" $name "* ]] || names+=("$name") ;;
    esac
  done
  if [ ${#names[@]} -eq 0 ]; then
    [ "${tools_only:-0}" = 1 ] && return 0
    names=("${ALL[@]}")
  fi

  if [ "$check" = 1 ]; then
    local -a down=()
    for name in "${names[@]}"; do
      if answers "$(port_of "$name")"; then
        printf '%-10s %5s  up\n' "$name" "$(port_of "$name")"
      else
        printf '%-10s %5s  down\n' "$name" "$(port_of "$name")"; down+=("$name")
      fi
    done
    [ ${#down[@]} -eq 0 ] || { say "not answering: ${down[*]}"; exit 1; }
    return 0
  fi

  # 1. Install the packages of the missing servers, in one apt-get run.
  local -a missing=() packages=() fresh=() npm_packages=()
  for name in "${names[@]}"; do
    installed "$name" && continue
    if from_npm "$name"; then
      npm_packages+=("$(package_of "$name")")
      command -v npm >/dev/null 2>&1 || [[ " ${packages[*]} " == *" npm "* ]] || packages+=(npm)
    else
      missing+=("$name"); packages+=("$(package_of "$name")")
    fi
  done
  if [ ${#packages[@]} -gt 0 ]; then
    say "installing ${packages[*]} (Debian packages; missing: ${missing[*]})"
    local apt_log=$LOG_DIR/vitals-services-apt.log
    if apt-get update >"$apt_log" 2>&1 \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y "${packages[@]}" >>"$apt_log" 2>&1; then
      fresh=("${missing[@]}")
    else
      say "apt-get install ${packages[*]} failed; the end of $apt_log:"
      tail -15 "$apt_log" >&2
    fi
  fi
  if [ ${#npm_packages[@]} -gt 0 ]; then
    say "installing ${npm_packages[*]} (npm packages)"
    local npm_log=$LOG_DIR/vitals-services-npm.log
    if ! npm install -g "${npm_packages[@]}" >"$npm_log" 2>&1; then
      say "npm install -g ${npm_packages[*]} failed; the end of $npm_log:"
      tail -15 "$npm_log" >&2
    fi
  fi

  # 2. Start every one that is installed and not answering; they come up side by side.
  local -a started=()
  for name in "${names[@]}"; do
    answers "$(port_of "$name")" && continue
    installed "$name" || continue
    say "starting $name"
    start "$name" >"$LOG_DIR/vitals-services-$name.log" 2>&1 || true
    started+=("$name")
  done

  # 3. Wait for all of them, within one deadline.
  local deadline=$((SECONDS + WAIT_SECONDS))
  local -a down=()
  for name in "${names[@]}"; do
    until answers "$(port_of "$name")" || [ $SECONDS -ge $deadline ]; do sleep 1; done
    if ! answers "$(port_of "$name")"; then
      down+=("$name")
      if ! installed "$name"; then
        if from_npm "$name"; then
          say "$name: not installed (npm package $(package_of "$name"))"
        else
          say "$name: not installed (Debian package $(package_of "$name"))"
        fi
      elif [[ " ${started[*]} " == *" $name "* ]] && [ -s "$LOG_DIR/vitals-services-$name.log" ]; then
        say "$name: not answering on 127.0.0.1:$(port_of "$name"); its start said:"
        tail -5 "$LOG_DIR/vitals-services-$name.log" >&2
      fi
    fi
  done

  # 4. Set up what this run installed.
  for name in "${fresh[@]}"; do
    [[ " ${down[*]} " == *" $name "* ]] && continue
    provision "$name" >>"$LOG_DIR/vitals-services-$name.log" 2>&1 \
      || say "$name: setting up its test account and database failed (see $LOG_DIR/vitals-services-$name.log)"
  done

  if [ ${#down[@]} -gt 0 ]; then
    say "not answering: ${down[*]}"
    return 1
  fi
  say "up: ${names[*]}"
}

# Run when executed, not when sourced (a test can source it to call one function).
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
