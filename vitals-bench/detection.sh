#!/usr/bin/env bash
# Detection and recovery (issue 15): how soon readiness turns 503 after PostgreSQL freezes, how
# soon it is 200 again after the thaw, and how many dependency calls each service makes meanwhile,
# with and without API traffic, for Vitals (vitals-example), the Actuator peer (peer-spring) and
# the Quarkus peer (peer-quarkus). Writes vitals-bench/results/<date>-detection.md.
#
# usage: vitals-bench/detection.sh [--no-build] [--keep] [--freeze S] [--only APP[,APP]]
#   --no-build  reuse the jars already built
#   --keep      keep logs and probe timelines in results/<date>-detection-timelines/
#   --freeze S  how long PostgreSQL stays frozen (default 15)
#   --only      vitals, actuator and/or quarkus (default all three); the file name gets -only
# environment:
#   BUILD_DIR        Maven build directory of the reactor modules (default target)
#   BENCH_JAVA_OPTS  JVM options given to the services (default none)
#
# Each service runs alone, behind its own freezable counting proxies (dev.vitals.bench.Proxies),
# once. For each scenario (no traffic, then traffic) dev.vitals.bench.HangRun probes readiness
# every 100 ms (100 clients, each every 10 s, staggered, so that probes left hanging do not thin
# them out; client timeout 10 s), freezes the PostgreSQL proxy (connects succeed, nothing is forwarded),
# thaws it, and reads the proxies' counters at the freeze and the thaw. With traffic, 4 clients
# send GET /notes every 50 ms each (80 requests/s, client timeout 5 s) throughout.
#
# Needs PostgreSQL on 127.0.0.1:5432 (database test, user postgres, trust auth) and Redis on
# 127.0.0.1:6379 (scripts/services.sh starts them), psql, curl and java. Listens only on 127.0.0.1.
set -euo pipefail

BUILD=1 KEEP=0 FREEZE=15 ONLY="vitals actuator quarkus"
while [ $# -gt 0 ]; do
  arg=$1; shift
  case $arg in
    --no-build) BUILD=0 ;;
    --keep) KEEP=1 ;;
    --freeze)
      FREEZE=${1:-}; shift || true
      [[ "$FREEZE" =~ ^[1-9][0-9]*$ ]] || { echo "detection.sh: --freeze needs a whole number of seconds" >&2; exit 2; } ;;
    --only)
      ONLY=$(echo "${1:-}" | tr ',' ' '); shift || true
      for app in $ONLY; do
        case $app in vitals|actuator|quarkus) ;; *) echo "detection.sh: --only takes vitals, actuator, quarkus" >&2; exit 2 ;; esac
      done
      [ -n "$ONLY" ] || { echo "detection.sh: --only needs a name" >&2; exit 2; } ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "detection.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done
PRE=10 POST=10                      # steady state before the freeze, recovery after the thaw
INTERVAL=5s TIMEOUT=1s              # vitals-example's defaults, spelled out
PROBE_CLIENTS=100 PROBE_PERIOD_MS=10000 PROBE_TIMEOUT_S=10 FAIL_AFTER_MS=1000

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH=$ROOT/vitals-bench
BUILD_DIR=${BUILD_DIR:-target}
JAVA_OPTS_ALL=${BENCH_JAVA_OPTS:-}
DATE=$(date -u +%Y-%m-%d)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vitals-detection.XXXXXX")
RAW=$WORK/raw.txt
: > "$RAW"
PIDS=()

SCRIPT=detection.sh READY_POLL_S=0.1
# shellcheck source=vitals-bench/lib.sh
source "$BENCH/lib.sh"

bash "$ROOT/scripts/services.sh" postgres redis
for tool in psql curl java; do
  command -v $tool >/dev/null || { echo "detection.sh: $tool is needed" >&2; exit 1; }
done
psql -h 127.0.0.1 -p 5432 -U postgres -d test -Atqc 'select 1' >/dev/null

# --- build -------------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  log "building vitals-example and vitals-bench (-Pbench, build directory $BUILD_DIR)"
  ./mvnw -q -B -Pbench -DskipTests -DbuildDir="$BUILD_DIR" -pl vitals-example,vitals-bench -am package
  if [[ " $ONLY " == *" actuator "* ]]; then
    log "building the Spring Boot peer"
    ./mvnw -q -B -DskipTests -f vitals-bench/peer-spring/pom.xml package
  fi
  if [[ " $ONLY " == *" quarkus "* ]]; then
    log "building the Quarkus peer"
    ./mvnw -q -B -DskipTests -f vitals-bench/peer-quarkus/pom.xml package
  fi
fi
BENCH_JAR=$BENCH/$BUILD_DIR/benchmarks.jar
declare -A JAR=(
  [vitals]=$ROOT/vitals-example/$BUILD_DIR/vitals-example.jar
  [actuator]=$BENCH/peer-spring/target/peer-spring.jar
  [quarkus]=$BENCH/peer-quarkus/target/quarkus-app/quarkus-run.jar
)
for jar in "$BENCH_JAR" $(for app in $ONLY; do echo "${JAR[$app]}"; done); do
  [ -f "$jar" ] || { echo "detection.sh: $jar is missing (build without --no-build)" >&2; exit 1; }
done

# --- ports and proxies -------------------------------------------------------------------------
free_port VITALS_PORT 18280
free_port VITALS_MGMT_PORT 18282
free_port ACTUATOR_PORT 18281
free_port QUARKUS_PORT 18285
free_port CONTROL_PORT 18290

log "starting the freezable proxies (control port $CONTROL_PORT)"
java -cp "$BENCH_JAR" dev.vitals.bench.Proxies "$CONTROL_PORT" \
  pg-vitals=127.0.0.1:5432 redis-vitals=127.0.0.1:6379 \
  pg-actuator=127.0.0.1:5432 redis-actuator=127.0.0.1:6379 \
  pg-quarkus=127.0.0.1:5432 redis-quarkus=127.0.0.1:6379 > "$WORK/proxies.out" 2> "$WORK/proxies.err" &
PIDS+=($!)
for _ in $(seq 1 100); do grep -q '^ready$' "$WORK/proxies.out" && break; sleep 0.1; done
grep -q '^ready$' "$WORK/proxies.out" || { echo "detection.sh: the proxies did not start" >&2; cat "$WORK/proxies.err" >&2; exit 1; }

declare -A URL_READY URL_API PID
URL_READY[vitals]=http://127.0.0.1:$VITALS_MGMT_PORT/health/ready
URL_API[vitals]=http://127.0.0.1:$VITALS_PORT/notes
URL_READY[actuator]=http://127.0.0.1:$ACTUATOR_PORT/actuator/health/readiness
URL_API[actuator]=http://127.0.0.1:$ACTUATOR_PORT/notes
URL_READY[quarkus]=http://127.0.0.1:$QUARKUS_PORT/q/health/ready
URL_API[quarkus]=http://127.0.0.1:$QUARKUS_PORT/notes

launch() { # app: starts it behind its proxies, sets PID[app]
  local app=$1 pg redis
  pg=127.0.0.1:$(proxy_port pg-$app) redis=127.0.0.1:$(proxy_port redis-$app)
  # shellcheck disable=SC2086
  case $app in
    vitals)
      env PORT="$VITALS_PORT" MANAGEMENT_PORT="$VITALS_MGMT_PORT" \
        DATABASE_URL="jdbc:postgresql://$pg/test?user=postgres" REDIS_URL="redis://$redis" \
        VITALS_CHECK_INTERVAL=$INTERVAL VITALS_CHECK_TIMEOUT=$TIMEOUT \
        java $JAVA_OPTS_ALL -jar "${JAR[vitals]}" >> "$WORK/vitals.log" 2>&1 & ;;
    actuator|quarkus)
      local port=$ACTUATOR_PORT
      if [ "$app" = quarkus ]; then port=$QUARKUS_PORT; fi
      env PORT="$port" DATABASE_URL="jdbc:postgresql://$pg/test" DATABASE_USER=postgres \
        REDIS_URL="redis://$redis" \
        java $JAVA_OPTS_ALL -jar "${JAR[$app]}" >> "$WORK/$app.log" 2>&1 & ;;
  esac
  PID[$app]=$!
  PIDS+=($!)
}

await_api() { # app: the API answers 200 (the notes table exists)
  local app=$1 deadline=$(( $(now_ms) + 60000 ))
  while [ "$(code_of "${URL_API[$app]}")" != 200 ]; do
    if [ "$(now_ms)" -gt "$deadline" ]; then
      log "$app: GET /notes not 200 after 60 s"; tail -20 "$WORK/$app.log" >&2; return 1
    fi
    sleep 0.2
  done
}

put meta.date "$DATE"
put meta.commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
put meta.dirty "$( [ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ] && echo true || echo false)"
put meta.jdk "$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.vm.name|java.runtime.version/ {printf "%s ", $2}' | sed 's/ *$//')"
put meta.loadavg "$(cut -d' ' -f1-3 /proc/loadavg)"

# --- the scenarios -----------------------------------------------------------------------------
TIMELINES=$WORK/timelines
mkdir -p "$TIMELINES"
for app in $ONLY; do
  log "$app: starting"
  t0=$(now_ms)
  launch "$app"
  await_ready "$app" 180
  await_api "$app"
  log "$app: ready after $(( $(now_ms) - t0 )) ms"
  sleep 5 # let start-up settle: pools filled, first verdicts in
  for traffic in no yes; do
    await_ready "$app" 120
    sleep 2
    extra=()
    if [ $traffic = yes ]; then
      extra=(traffic="${URL_API[$app]}" trafficClients=4 trafficPeriodMs=50 trafficTimeout=5)
    fi
    log "$app, traffic $traffic: PostgreSQL frozen for $FREEZE s, probes every 100 ms"
    java -Xmx256m -cp "$BENCH_JAR" dev.vitals.bench.HangRun url="${URL_READY[$app]}" pid="${PID[$app]}" \
      control="$CONTROL_PORT" proxy=pg-$app count=pg-$app,redis-$app pre=$PRE freeze="$FREEZE" post=$POST \
      clients=$PROBE_CLIENTS periodMs=$PROBE_PERIOD_MS clientTimeout=$PROBE_TIMEOUT_S \
      budgetMs=$FAIL_AFTER_MS "${extra[@]}" prefix="det.$app.$traffic." \
      timeline="$TIMELINES/$app-traffic-$traffic.txt" > "$WORK/hang.out"
    cat "$WORK/hang.out" >> "$RAW"
    grep -E '\.(to503_ms|tofail_ms|to200_ms|statuses)=|count\.pg-[a-z]+\.frozen' "$WORK/hang.out" | tr '\n' ' ' >&2; echo >&2
  done
  kill -KILL "${PID[$app]}" 2>/dev/null || true
  wait "${PID[$app]}" 2>/dev/null || true
done
put meta.loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg)"

# --- the table ---------------------------------------------------------------------------------
v() { sed -n "s/^$(printf '%s' "$1" | sed 's/[.]/\\./g')=//p" "$RAW" | tail -1; }
secs() { # a millisecond figure as seconds, or a word when there is none
  local ms=$1 none=$2
  if [ -z "$ms" ] || [ "${ms%%.*}" -lt 0 ] 2>/dev/null || [ "$ms" = "-1" ]; then echo "$none"; return; fi
  awk -v m="$ms" 'BEGIN {printf "%.2f", m / 1000}'
}
per() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.3f", a / b; else print "n/a"}'; }
declare -A NAME=([vitals]="Vitals (vitals-example)" [actuator]="Actuator (peer-spring)" [quarkus]="Quarkus (peer-quarkus)")
mkdir -p "$BENCH/results"
OUT=$BENCH/results/$DATE-detection.md
if [ "$ONLY" != "vitals actuator quarkus" ]; then OUT=$BENCH/results/$DATE-detection-only.md; fi
{
  echo "# Detection and recovery: $DATE"
  echo
  echo "Produced by \`vitals-bench/detection.sh\` at commit \`$(v meta.commit)\`$( [ "$(v meta.dirty)" = true ] && echo ' with uncommitted changes')."
  echo "JDK $(v meta.jdk); load average $(v meta.loadavg) at the start, $(v meta.loadavg_end) at the end (2 cores, shared with other work: read one run's figures as one sample)."
  echo
  echo "Each service ran alone behind its own freezable counting proxies. Readiness was probed every"
  echo "100 ms (${PROBE_CLIENTS} clients, each every $((PROBE_PERIOD_MS / 1000)) s, staggered, so that probes left hanging do not"
  echo "thin the probing out; client timeout ${PROBE_TIMEOUT_S} s)."
  echo "After ${PRE} s the proxy in front of PostgreSQL froze (connections still accepted, nothing"
  echo "forwarded) for ${FREEZE} s, then thawed; ${POST} s followed. With traffic, 4 clients sent \`GET /notes\`"
  echo "(a query of the notes table) every 50 ms each, 80 requests/s, client timeout 5 s, throughout."
  echo
  echo "- **freeze → 503**: from the freeze to the first probe answered 503."
  echo "- **freeze → failing**: to the first moment a probe sent after the freeze failed as a kubelet"
  echo "  with its default \`timeoutSeconds: 1\` sees it: not a 200, or no answer within $((FAIL_AFTER_MS / 1000)) s."
  echo "- **thaw → 200**: from the thaw to the first probe answered 200."
  echo "- **dependency calls during the outage**: what the service sent through its proxies while"
  echo "  PostgreSQL was frozen: PostgreSQL round trips (client writes) and new connections, Redis"
  echo "  commands; the traffic's own queries included. **Steady state** is the PostgreSQL count per"
  echo "  probe, and per second, over the ${PRE} s before the freeze, without traffic: at 10 probes/s a"
  echo "  service that checks on a schedule of its own shows its schedule here, not a cost per probe"
  echo "  (run.sh's section 2 measures that under wrk's load)."
  echo
  echo "Vitals: vitals-example, PostgreSQL check critical, Redis non-critical, interval $INTERVAL,"
  echo "timeout $TIMEOUT, HikariCP connection timeout 2 s. Actuator: Spring Boot's readiness group"
  echo "\`readinessState,db,redis\`, HikariCP and Lettuce at their defaults (connection timeout 30 s)."
  echo "Quarkus: SmallRye Health with the Agroal datasource check and the Redis client check (both"
  echo "readiness), Agroal's acquisition timeout at its default 5 s. Both peers ask the dependencies"
  echo "on every probe."
  echo
  echo "Vitals re-checks a failing check every recovery interval (1 s), and the example reports a query"
  echo "that fails at the connection level (it waits 300 ms for the database) with \`vitals.suspect\`,"
  echo "which runs the check at once (issue 15). Issue 15's targets: with traffic, 503 within timeout +"
  echo "0.5 s (1.5 s); without, within interval + timeout (6 s); thawed, 200 within 1.5 s."
  echo
  echo "## Detection and recovery"
  echo
  echo "| Service | API traffic | freeze → 503 | freeze → failing | thaw → 200 | probes while frozen: statuses | PostgreSQL round trips / new connections during the outage | Redis commands during the outage | steady state: PostgreSQL round trips per probe (per second) | API requests ok / failed while frozen |"
  echo "|---|---|---:|---:|---:|---|---:|---:|---:|---:|"
  for app in $ONLY; do
    for traffic in no yes; do
      p=det.$app.$traffic.
      to503=$(secs "$(v ${p}to503_ms)" "never")
      tofail=$(secs "$(v ${p}tofail_ms)" "never")
      if [ "$(v ${p}left_200)" = true ]; then to200=$(secs "$(v ${p}to200_ms)" "not within ${POST} s"); else to200="never left 200"; fi
      if [ "$to503" != never ]; then to503="$to503 s"; fi
      if [ "$tofail" != never ]; then tofail="$tofail s"; fi
      case $to200 in [0-9]*) to200="$to200 s" ;; esac
      api="—" steady="—"
      if [ $traffic = no ]; then
        steady="$(per "$(v ${p}count.pg-$app.pre.requests)" "$(v ${p}probes_pre)") ($(per "$(v ${p}count.pg-$app.pre.requests)" "$(v ${p}seconds_pre)")/s)"
      fi
      if [ $traffic = yes ]; then api="$(v ${p}traffic.frozen.ok) / $(v ${p}traffic.frozen.failed)"; fi
      echo "| ${NAME[$app]} | $traffic | $to503 | $tofail | $to200 | $(v ${p}statuses) | $(v ${p}count.pg-$app.frozen.requests) / $(v ${p}count.pg-$app.frozen.connections) | $(v ${p}count.redis-$app.frozen.requests) | $steady | $api |"
    done
  done
  echo
  echo "One run of each scenario: a figure that depends on where the freeze or the thaw falls in a"
  echo "service's schedule (Vitals' without traffic: anywhere within interval + timeout, and back within"
  echo "one interval) varies from run to run."
  echo
  echo "Statuses: HTTP status × count of the probes sent while frozen; \`error\` is no answer within the"
  echo "client timeout of ${PROBE_TIMEOUT_S} s (or a refused connection); \`pending\` still unanswered at the end."
} > "$OUT"
if [ "$KEEP" = 1 ]; then
  mkdir -p "${OUT%.md}-timelines"
  cp "$TIMELINES"/*.txt "$RAW" "$WORK"/*.log "${OUT%.md}-timelines/" 2>/dev/null || true
fi
log "wrote $OUT"
sed -n '/^## Detection and recovery/,$p' "$OUT"
