#!/usr/bin/env bash
# Benchmarks Vitals (the vitals-example service) side by side with Spring Boot Actuator (the peer
# in peer-spring/) and Quarkus SmallRye Health (the probe-driven peer in peer-quarkus/), and
# Vitals beside Actuator inside one Spring Boot 4 application (the vitals-example-spring service,
# twice: everything on its port, and both on ports of their own), in one run, alternating, and
# writes vitals-bench/results/<date>.md.
#
# usage: vitals-bench/run.sh [--quick] [--spring-only] [--no-build] [--no-jmh] [--keep] [--wrk-threads N]
#   --quick     short runs (3 s loads, 1 round, 8 s freezes, short JMH) to prove the harness works
#   --spring-only  only section 7 (the Spring example's instances; no vitals-example, no peers, no
#               JMH); the file name gets -spring
#   --wrk-threads N  wrk's threads (default 1: wrk takes one core, the service under test the
#               other, as a separate load machine would); another value adds -wrk-tN to the file name
#   --no-build  reuse the jars already built
#   --no-jmh    skip the JMH benchmarks of the engine
#   --keep      keep logs and probe timelines next to the results file
# environment:
#   BUILD_DIR        Maven build directory of the reactor modules (default target)
#   BENCH_JAVA_OPTS  JVM options given to every service (default none)
#
# Needs PostgreSQL on 127.0.0.1:5432 (database test, user postgres, trust auth) and Redis on
# 127.0.0.1:6379 (started, and installed if missing, with scripts/services.sh), psql and
# redis-cli, and wrk (installed from Debian's packages if missing). Listens only on 127.0.0.1.
set -euo pipefail

MODE=full BUILD=1 JMH=1 KEEP=0 WRK_THREADS=1 SPRING_ONLY=0
while [ $# -gt 0 ]; do
  arg=$1; shift
  case $arg in
    --wrk-threads)
      WRK_THREADS=${1:-}; shift || true
      [[ "$WRK_THREADS" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --wrk-threads needs a positive number" >&2; exit 2; } ;;
    --quick) MODE=quick ;;
    --spring-only) SPRING_ONLY=1 JMH=0 ;;
    --no-build) BUILD=0 ;;
    --no-jmh) JMH=0 ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

if [ "$MODE" = quick ]; then
  JIT_WARM=3 WARM=1 LOAD=3 ROUNDS=1 PRE=2 FREEZE=8 POST=8 STARTS=1
  JMH_OPTS="-f 1 -wi 1 -w 1 -i 2 -r 1"
else
  JIT_WARM=30 WARM=5 LOAD=10 ROUNDS=3 PRE=4 FREEZE=20 POST=12 STARTS=3
  JMH_OPTS="-f 1 -wi 3 -w 2 -i 5 -r 2"
fi
INTERVAL=5s TIMEOUT=1s           # the example's defaults, spelled out
CLIENT_TIMEOUT=$((FREEZE + POST + 30))

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH=$ROOT/vitals-bench
BUILD_DIR=${BUILD_DIR:-target}
JAVA_OPTS_BOTH=${BENCH_JAVA_OPTS:-}
DATE=$(date -u +%Y-%m-%d)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vitals-bench.XXXXXX")
RAW=$WORK/raw.txt
: > "$RAW"
PIDS=()

SCRIPT=run.sh
# shellcheck source=vitals-bench/lib.sh
source "$BENCH/lib.sh"

# --- tools and services ----------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  log "installing wrk from Debian's packages"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
bash "$ROOT/scripts/services.sh" postgres redis # their packages bring psql and redis-cli
for tool in psql redis-cli curl java; do
  command -v $tool >/dev/null || { echo "run.sh: $tool is needed" >&2; exit 1; }
done
PSQL=(psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atq)
"${PSQL[@]}" -c 'select 1' >/dev/null
redis-cli -h 127.0.0.1 -p 6379 PING >/dev/null

# --- build -------------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  log "building vitals-example, vitals-example-spring and vitals-bench (-Pbench, build directory $BUILD_DIR)"
  ./mvnw -q -B -Pbench -DskipTests -DbuildDir="$BUILD_DIR" -pl vitals-example,vitals-example-spring,vitals-bench -am package
  if [ "$SPRING_ONLY" = 0 ]; then
    log "building the Spring Boot peer"
    ./mvnw -q -B -DskipTests -f vitals-bench/peer-spring/pom.xml package
    log "building the Quarkus peer"
    ./mvnw -q -B -DskipTests -f vitals-bench/peer-quarkus/pom.xml package
  fi
fi
EXAMPLE_JAR=$ROOT/vitals-example/$BUILD_DIR/vitals-example.jar
SPRING_JAR=$ROOT/vitals-example-spring/$BUILD_DIR/vitals-example-spring.jar
BENCH_JAR=$BENCH/$BUILD_DIR/benchmarks.jar
PEER_JAR=$BENCH/peer-spring/target/peer-spring.jar
QUARKUS_APP=$BENCH/peer-quarkus/target/quarkus-app
QUARKUS_JAR=$QUARKUS_APP/quarkus-run.jar # Quarkus' fast-jar: its lib/ beside it
JARS=("$SPRING_JAR" "$BENCH_JAR")
if [ "$SPRING_ONLY" = 0 ]; then JARS+=("$EXAMPLE_JAR" "$PEER_JAR" "$QUARKUS_JAR"); fi
for jar in "${JARS[@]}"; do
  [ -f "$jar" ] || { echo "run.sh: $jar is missing (build without --no-build)" >&2; exit 1; }
done

# --- ports -------------------------------------------------------------------------------------
free_port VITALS_PORT 18080
free_port PEER_PORT 18081
free_port VITALS_MGMT_PORT 18082
free_port MOUNTED_PORT 18084
free_port QUARKUS_PORT 18085         # the Quarkus peer: API and SmallRye Health on one port
free_port CONTROL_PORT 18090
free_port SPRING_PORT 18180          # the Spring example: API, Vitals and Actuator on one port
free_port SPRINGOWN_PORT 18181       # the second instance: its API
free_port SPRINGOWN_VITALS_PORT 18182  # … Vitals on vitals.server.port (HealthServer)
free_port SPRINGOWN_ACT_PORT 18183     # … Actuator on management.server.port
free_port SPRINGPLAIN_PORT 18184     # the third: one port, Actuator on its own indicators

# --- machine and versions ---------------------------------------------------------------------
put meta.date "$DATE"
put meta.mode "$MODE"
put meta.commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
put meta.dirty "$( [ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ] && echo true || echo false)"
put meta.nproc "$(nproc)"
put meta.cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
put meta.mem "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1024/1024}' /proc/meminfo)"
put meta.os "$(uname -sr)"
put meta.loadavg "$(cut -d' ' -f1-3 /proc/loadavg)"
# What else is running on the shared machine (the busiest processes), at the start and the end.
busiest() { top -b -c -n 2 -d 1 -w 512 | awk '/^top -/ {n++} n == 2 && $1 ~ /^[0-9]+$/ && c < 5 {c++; cmd = ""; for (i = 12; i <= NF; i++) cmd = cmd " " $i; if (length(cmd) > 80) cmd = "…" substr(cmd, length(cmd) - 78); gsub(/[|]/, "/", cmd); printf "%s%s%% %s", (c > 1 ? "; " : ""), $9, cmd}'; }
put meta.busiest_start "$(busiest)"
put meta.jdk "$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.vm.name|java.runtime.version/ {printf "%s ", $2}')"
put meta.vitals "$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
[ "$SPRING_ONLY" = 1 ] || put meta.spring "$(unzip -l "$PEER_JAR" | sed -n 's:.*BOOT-INF/lib/spring-boot-\([0-9][0-9.]*\)\.jar:\1:p' | head -1)"
[ "$SPRING_ONLY" = 1 ] || put meta.tomcat "$(unzip -l "$PEER_JAR" | sed -n 's:.*BOOT-INF/lib/tomcat-embed-core-\(.*\)\.jar:\1:p' | head -1)"
put meta.spring_example "$(unzip -l "$SPRING_JAR" | sed -n 's:.*BOOT-INF/lib/spring-boot-\([0-9][0-9.]*\)\.jar:\1:p' | head -1)"
put meta.spring_example_tomcat "$(unzip -l "$SPRING_JAR" | sed -n 's:.*BOOT-INF/lib/tomcat-embed-core-\(.*\)\.jar:\1:p' | head -1)"
put meta.spring_example_bridge "$(unzip -p "$SPRING_JAR" 'BOOT-INF/lib/vitals-spring-boot-starter-*.jar' > "$WORK/starter.jar" 2>/dev/null; unzip -l "$WORK/starter.jar" 2>/dev/null | grep -q 'dev/vitals/spring/boot/Indicators' && echo true || echo false)"
[ "$SPRING_ONLY" = 1 ] || put meta.peer_hikari "$(unzip -l "$PEER_JAR" | sed -n 's:.*BOOT-INF/lib/HikariCP-\(.*\)\.jar:\1:p' | head -1)"
[ "$SPRING_ONLY" = 1 ] || put meta.lettuce "$(unzip -l "$PEER_JAR" | sed -n 's:.*BOOT-INF/lib/lettuce-core-\(.*\)\.jar:\1:p' | head -1)"
quarkus_lib() { find "$QUARKUS_APP/lib/main" -maxdepth 1 -name "$1-[0-9]*.jar" -printf '%f\n' | sed -n "s:^$1-\(.*\)\.jar$:\1:p" | head -1; }
if [ "$SPRING_ONLY" = 0 ]; then
  put meta.quarkus "$(quarkus_lib io.quarkus.quarkus-core)"
  put meta.smallrye_health "$(quarkus_lib io.smallrye.smallrye-health)"
  put meta.agroal "$(quarkus_lib io.agroal.agroal-pool)"
  put meta.vertx_redis "$(quarkus_lib io.vertx.vertx-redis-client)"
fi
put meta.postgres "$("${PSQL[@]}" -c 'show server_version' | cut -d' ' -f1)"
put meta.redis "$(redis-cli -h 127.0.0.1 INFO server | tr -d '\r' | sed -n 's/^redis_version://p')"
put meta.wrk "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
put meta.wrk_threads "$WRK_THREADS"
put meta.jmh "1.37"
put meta.jmh_opts "$JMH_OPTS"
put meta.rounds "$ROUNDS"
put meta.load_s "$LOAD"
put meta.warm_s "$WARM"
put meta.jit_warm_s "$JIT_WARM"
put meta.freeze_s "$FREEZE"
put meta.client_timeout_s "$CLIENT_TIMEOUT"
put meta.starts "$STARTS"
put meta.interval "$INTERVAL"
put meta.timeout "$TIMEOUT"
put meta.java_opts "$JAVA_OPTS_BOTH"
put meta.spring_only "$SPRING_ONLY"

# --- proxies -----------------------------------------------------------------------------------
log "starting the freezable proxies (control port $CONTROL_PORT)"
java -cp "$BENCH_JAR" dev.vitals.bench.Proxies "$CONTROL_PORT" \
  pg-vitals=127.0.0.1:5432 redis-vitals=127.0.0.1:6379 \
  pg-peer=127.0.0.1:5432 redis-peer=127.0.0.1:6379 \
  pg-quarkus=127.0.0.1:5432 redis-quarkus=127.0.0.1:6379 \
  pg-spring=127.0.0.1:5432 redis-spring=127.0.0.1:6379 \
  pg-springown=127.0.0.1:5432 redis-springown=127.0.0.1:6379 \
  pg-springplain=127.0.0.1:5432 redis-springplain=127.0.0.1:6379 > "$WORK/proxies.out" 2> "$WORK/proxies.err" &
PIDS+=($!)
for _ in $(seq 1 100); do grep -q '^ready$' "$WORK/proxies.out" && break; sleep 0.1; done
grep -q '^ready$' "$WORK/proxies.out" || { cat "$WORK/proxies.err" >&2; exit 1; }
control() {
  local answer
  exec 4<>"/dev/tcp/127.0.0.1/$CONTROL_PORT"
  echo "$*" >&4
  read -r answer <&4
  exec 4>&-
  echo "$answer"
}

# --- the services ------------------------------------------------------------------------------
# Vitals serves health on a management port (HealthServer); "mounted" is Vitals with health on the
# API's port (the JDK HttpServer), measured under load only. The peer serves Actuator on its main
# port, its faster setup: on a management port of its own (management.server.port, MANAGEMENT_PORT)
# it answered about half as many probes in a side-by-side run. The Quarkus peer serves SmallRye
# Health on its main port (Quarkus' default; Vert.x), asking both dependencies on every probe.
declare -A PID URL_READY URL_LIVE
URL_READY[vitals]=http://127.0.0.1:$VITALS_MGMT_PORT/health/ready
URL_LIVE[vitals]=http://127.0.0.1:$VITALS_MGMT_PORT/health/live
URL_READY[peer]=http://127.0.0.1:$PEER_PORT/actuator/health/readiness
URL_LIVE[peer]=http://127.0.0.1:$PEER_PORT/actuator/health/liveness
URL_READY[quarkus]=http://127.0.0.1:$QUARKUS_PORT/q/health/ready
URL_LIVE[quarkus]=http://127.0.0.1:$QUARKUS_PORT/q/health/live
URL_READY[mounted]=http://127.0.0.1:$MOUNTED_PORT/health/ready
URL_LIVE[mounted]=http://127.0.0.1:$MOUNTED_PORT/health/live
# The Spring example (Boot 4, vitals-spring-boot-starter and Actuator in one process). "spring":
# everything on one port, Tomcat's; sv is Vitals' filter there, sa Actuator's readiness group.
# "springown": Vitals on vitals.server.port (ov, HealthServer), Actuator on management.server.port
# (oa, a second Tomcat). "springplain": one port again, with vitals.actuator.serve-from-verdicts=false,
# so Actuator runs its own indicators on every request (pa): the application before the starter's
# bridge. Each process has its own pair of proxies.
URL_READY[sv]=http://127.0.0.1:$SPRING_PORT/health/ready
URL_LIVE[sv]=http://127.0.0.1:$SPRING_PORT/health/live
URL_READY[sa]=http://127.0.0.1:$SPRING_PORT/actuator/health/readiness
URL_LIVE[sa]=http://127.0.0.1:$SPRING_PORT/actuator/health/liveness
URL_READY[ov]=http://127.0.0.1:$SPRINGOWN_VITALS_PORT/health/ready
URL_LIVE[ov]=http://127.0.0.1:$SPRINGOWN_VITALS_PORT/health/live
URL_READY[oa]=http://127.0.0.1:$SPRINGOWN_ACT_PORT/actuator/health/readiness
URL_LIVE[oa]=http://127.0.0.1:$SPRINGOWN_ACT_PORT/actuator/health/liveness
URL_READY[pa]=http://127.0.0.1:$SPRINGPLAIN_PORT/actuator/health/readiness
URL_LIVE[pa]=http://127.0.0.1:$SPRINGPLAIN_PORT/actuator/health/liveness
URL_HEALTH_SA=http://127.0.0.1:$SPRING_PORT/actuator/health
URL_HEALTH_PA=http://127.0.0.1:$SPRINGPLAIN_PORT/actuator/health
declare -A PROXIED=([vitals]=vitals [peer]=peer [quarkus]=quarkus [sv]=spring [sa]=spring [ov]=springown [oa]=springown [pa]=springplain)

launch() { # app: starts it in the background, sets PID[app]
  local app=$1
  # shellcheck disable=SC2086
  if [ "$app" = peer ]; then
    env PORT="$PEER_PORT" \
      DATABASE_URL="jdbc:postgresql://127.0.0.1:$(proxy_port pg-peer)/test" DATABASE_USER=postgres \
      REDIS_URL="redis://127.0.0.1:$(proxy_port redis-peer)" \
      java $JAVA_OPTS_BOTH -jar "$PEER_JAR" >> "$WORK/peer.log" 2>&1 &
  elif [ "$app" = quarkus ]; then
    env PORT="$QUARKUS_PORT" \
      DATABASE_URL="jdbc:postgresql://127.0.0.1:$(proxy_port pg-quarkus)/test" DATABASE_USER=postgres \
      REDIS_URL="redis://127.0.0.1:$(proxy_port redis-quarkus)" \
      java $JAVA_OPTS_BOTH -jar "$QUARKUS_JAR" >> "$WORK/quarkus.log" 2>&1 &
  elif [[ "$app" = spring* ]]; then
    local ports=(PORT="$SPRING_PORT")
    if [ "$app" = springown ]; then
      ports=(PORT="$SPRINGOWN_PORT" MANAGEMENT_PORT="$SPRINGOWN_VITALS_PORT" MANAGEMENT_SERVER_PORT="$SPRINGOWN_ACT_PORT")
    elif [ "$app" = springplain ]; then
      ports=(PORT="$SPRINGPLAIN_PORT" VITALS_ACTUATOR_SERVEFROMVERDICTS=false)
    fi
    env "${ports[@]}" \
      DATABASE_URL="jdbc:postgresql://127.0.0.1:$(proxy_port pg-$app)/test?user=postgres" \
      REDIS_URL="redis://127.0.0.1:$(proxy_port redis-$app)" \
      VITALS_CHECK_INTERVAL=$INTERVAL VITALS_CHECK_TIMEOUT=$TIMEOUT \
      java $JAVA_OPTS_BOTH -jar "$SPRING_JAR" >> "$WORK/$app.log" 2>&1 &
  else # vitals through its proxies, health on a management port; mounted straight, on the API's
    local ports=(PORT="$MOUNTED_PORT") pg=127.0.0.1:5432 redis=127.0.0.1:6379
    if [ "$app" = vitals ]; then
      ports=(PORT="$VITALS_PORT" MANAGEMENT_PORT="$VITALS_MGMT_PORT")
      pg=127.0.0.1:$(proxy_port pg-vitals) redis=127.0.0.1:$(proxy_port redis-vitals)
    fi
    env "${ports[@]}" \
      DATABASE_URL="jdbc:postgresql://$pg/test?user=postgres" REDIS_URL="redis://$redis" \
      VITALS_CHECK_INTERVAL=$INTERVAL VITALS_CHECK_TIMEOUT=$TIMEOUT \
      java $JAVA_OPTS_BOTH -jar "$EXAMPLE_JAR" >> "$WORK/$app.log" 2>&1 &
  fi
  PID[$app]=$!
  PIDS+=($!)
  case $app in
    spring) PID[sv]=$! PID[sa]=$! ;;
    springown) PID[ov]=$! PID[oa]=$! ;;
    springplain) PID[pa]=$! ;;
  esac
}

stop() { kill -KILL "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }



proc_field() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status"; }

# 5. time from java -jar to the first 200, alternating; the last start of each stays up
declare -A STARTS_MS
PAIR_APPS="vitals peer quarkus"
if [ "$SPRING_ONLY" = 1 ]; then PAIR_APPS="" STARTS=0; fi
for i in $(seq 1 "$STARTS"); do
  for app in $PAIR_APPS; do
    t0=$(now_ms)
    launch $app
    await_ready $app 120
    ms=$(( $(now_ms) - t0 ))
    log "$app: java -jar to first 200 from readiness: $ms ms"
    STARTS_MS[$app]="${STARTS_MS[$app]:-} $ms"
    if [ "$i" -lt "$STARTS" ]; then stop "${PID[$app]}"; fi
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
for app in $PAIR_APPS; do
  put start.$app.ms "$(echo "${STARTS_MS[$app]}" | median)"
  put start.$app.all "${STARTS_MS[$app]}"
done
sleep 3
for app in $PAIR_APPS; do
  put idle.$app.threads "$(proc_field "${PID[$app]}" Threads)"
  put idle.$app.rss_mb "$(( $(proc_field "${PID[$app]}" VmRSS) / 1024 ))"
  put load.$app.ready.body_bytes "$(curl -s "${URL_READY[$app]}" | wc -c)"
  put load.$app.live.body_bytes "$(curl -s "${URL_LIVE[$app]}" | wc -c)"
done
# The Spring example, three times; java -jar to the first 200 from readiness, once each.
for app in spring springown springplain; do
  t0=$(now_ms)
  launch $app
  case $app in spring) await_ready sv 180 ;; springown) await_ready ov 180 ;; *) await_ready pa 180 ;; esac
  put start.$app.ms "$(( $(now_ms) - t0 ))"
  log "$app: java -jar to first 200 from readiness: $(( $(now_ms) - t0 )) ms"
done
await_ready sa 60
await_ready oa 60
sleep 3
put idle.spring.threads "$(proc_field "${PID[spring]}" Threads)"
put idle.spring.rss_mb "$(( $(proc_field "${PID[spring]}" VmRSS) / 1024 ))"
for app in sv sa ov oa pa; do
  put load.$app.ready.body_bytes "$(curl -s "${URL_READY[$app]}" | wc -c)"
  put load.$app.live.body_bytes "$(curl -s "${URL_LIVE[$app]}" | wc -c)"
done

# --- 1 and 2: load, and dependency calls per probe ----------------------------------------------
redis_calls() {
  redis-cli -h 127.0.0.1 -p 6379 INFO commandstats | tr -d '\r' \
    | awk -F'[:=,]' '/^cmdstat_/ {s += $3} END {print s + 0}'
}
pg_xacts() { "${PSQL[@]}" -c "select xact_commit from pg_stat_database where datname = 'test'"; }
proxy_requests() { control count "$1" | cut -d' ' -f1; }

LOADED="vitals mounted peer quarkus sv sa pa ov oa"
if [ "$SPRING_ONLY" = 1 ]; then
  LOADED="sv sa pa ov oa"
else
  launch mounted
  await_ready mounted 120
fi
# The JIT first: a JVM answers its first hundred thousand requests slower than the rest, and the
# peer's code paths are longer, so without this the first round measures compilation.
for app in $LOADED; do
  log "$app: JIT warm-up, ${JIT_WARM} s on each endpoint"
  wrk -t"$WRK_THREADS" -c16 -d"${JIT_WARM}s" "${URL_READY[$app]}" > /dev/null
  wrk -t"$WRK_THREADS" -c16 -d"${JIT_WARM}s" "${URL_LIVE[$app]}" > /dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  order=$LOADED
  if [ $((round % 2)) = 0 ]; then order=$(echo "$LOADED" | tr ' ' '\n' | tac | tr '\n' ' '); fi
  for ep in ready live; do
    for app in $order; do
      if [ $ep = ready ]; then url=${URL_READY[$app]}; else url=${URL_LIVE[$app]}; fi
      log "round $round: $app $ep: warm-up ${WARM} s, load ${LOAD} s"
      wrk -t"$WRK_THREADS" -c16 -d"${WARM}s" "$url" > /dev/null
      if [ $ep = ready ] && [ $app != mounted ]; then
        # A PostgreSQL backend publishes its counters when it has been idle for up to 10 s: let
        # the warm-up's be published before the first reading, and the run's before the second.
        sleep 11
        r0=$(redis_calls); x0=$(pg_xacts)
        pr0=$(proxy_requests redis-${PROXIED[$app]}); pp0=$(proxy_requests pg-${PROXIED[$app]})
      fi
      wrk -t"$WRK_THREADS" -c16 -d"${LOAD}s" --timeout 10s -s "$BENCH/wrk-report.lua" "$url" > "$WORK/wrk.out"
      sed -n 's/^\([a-z0-9_]*\)=\(.*\)$/\1 \2/p' "$WORK/wrk.out" | while read -r k v; do
        put "load.$app.$ep.r$round.$k" "$v"
      done
      if [ $ep = ready ] && [ $app != mounted ]; then
        pr1=$(proxy_requests redis-${PROXIED[$app]}); pp1=$(proxy_requests pg-${PROXIED[$app]})
        r1=$(redis_calls)
        sleep 11
        x1=$(pg_xacts)
        requests=$(sed -n 's/^requests=//p' "$WORK/wrk.out")
        put "deps.$app.r$round.requests" "$requests"
        put "deps.$app.r$round.redis_server" "$(( r1 - r0 - 1 ))" # less our own INFO
        put "deps.$app.r$round.pg_server" "$(( x1 - x0 ))"
        put "deps.$app.r$round.redis_proxy" "$(( pr1 - pr0 ))"
        put "deps.$app.r$round.pg_proxy" "$(( pp1 - pp0 ))"
      fi
      grep -E '^(rps|p50_us|p99_us|errors)=' "$WORK/wrk.out" | tr '\n' ' ' >&2; echo >&2
    done
  done
done

if [ "$SPRING_ONLY" = 0 ]; then stop "${PID[mounted]}"; fi # not part of what follows
stop "${PID[springown]}"

# --- 3 and 4: a hung dependency ----------------------------------------------------------------
TIMELINES=$WORK/timelines
mkdir -p "$TIMELINES"
for dep in pg redis; do
  for app in $PAIR_APPS; do
    await_ready $app 180
    sleep 1
    log "$app: $dep frozen for ${FREEZE} s under probe load"
    java -Xmx256m -cp "$BENCH_JAR" dev.vitals.bench.HangRun url="${URL_READY[$app]}" pid="${PID[$app]}" \
      control="$CONTROL_PORT" proxy=$dep-$app pre=$PRE freeze=$FREEZE post=$POST clients=16 periodMs=100 \
      clientTimeout=$CLIENT_TIMEOUT budgetMs=$(( ${TIMEOUT%s} * 1000 + 50 )) prefix=hang.$app.$dep. \
      timeline="$TIMELINES/$app-$dep.txt" > "$WORK/hang.out"
    cat "$WORK/hang.out" >> "$RAW"
    grep -E '(within_budget|probes|max_ms|to503_ms|to200_ms|threads_)' "$WORK/hang.out" | tr '\n' ' ' >&2; echo >&2
  done
done
# The Spring example with PostgreSQL frozen: Vitals' readiness, then Actuator's /actuator/health
# answered from Vitals' verdicts, each under the same probe load, the same process, one freeze
# each; then /actuator/health on Actuator's own indicators (the third instance).
for app in sv sa pa; do
  url=${URL_READY[sv]} instance=spring
  if [ $app = sa ]; then url=$URL_HEALTH_SA; fi
  if [ $app = pa ]; then url=$URL_HEALTH_PA instance=springplain; fi
  if [ $app = pa ]; then await_ready pa 180; else await_ready sv 180; fi
  sleep 1
  log "$app: pg frozen for ${FREEZE} s under probe load on $url"
  java -Xmx256m -cp "$BENCH_JAR" dev.vitals.bench.HangRun url="$url" pid="${PID[$instance]}" \
    control="$CONTROL_PORT" proxy=pg-$instance pre=$PRE freeze=$FREEZE post=$POST clients=16 periodMs=100 \
    clientTimeout=$CLIENT_TIMEOUT budgetMs=$(( ${TIMEOUT%s} * 1000 + 50 )) prefix=hang.$app.pg. \
    timeline="$TIMELINES/$app-pg.txt" > "$WORK/hang.out"
  cat "$WORK/hang.out" >> "$RAW"
  grep -E '(within_budget|probes|max_ms|to503_ms|to200_ms|threads_)' "$WORK/hang.out" | tr '\n' ' ' >&2; echo >&2
done

# --- 5: footprint ------------------------------------------------------------------------------
if [ "$SPRING_ONLY" = 0 ]; then
libs=0 bytes=0 detail=""
for m in vitals-core vitals-server vitals-checks; do
  jar=$ROOT/$m/$BUILD_DIR/$m-$(sed -n 's/^meta.vitals=//p' "$RAW").jar
  size=$(stat -c %s "$jar")
  libs=$((libs + 1)); bytes=$((bytes + size)); detail="$detail${detail:+, }$m $((size / 1024)) KB"
done
put size.vitals.libs "$libs"
put size.vitals.lib_bytes "$bytes"
put size.vitals.detail "$detail"
# Their third-party runtime dependencies (the enforcer already bans any; this shows the count).
if ./mvnw -q -B -DbuildDir="$BUILD_DIR" -pl vitals-core,vitals-server,vitals-checks dependency:list \
    -DincludeScope=runtime -DexcludeGroupIds=dev.vitals -DoutputFile="$WORK/deps.txt" -DappendOutput=true \
    > "$WORK/deps.log" 2>&1; then
  put size.vitals.deps "$(grep -cE '^ +[^ ]+:[^ ]+:jar:' "$WORK/deps.txt" || true)"
else
  put size.vitals.deps n/a
fi
put size.vitals.app_bytes "$(stat -c %s "$EXAMPLE_JAR")"
peer_libs=$(unzip -l "$PEER_JAR" | grep -oE 'BOOT-INF/lib/spring-boot-actuator(-autoconfigure)?-[0-9.]+\.jar' || true)
put size.peer.libs "$(echo "$peer_libs" | grep -c . || true)"
put size.peer.lib_bytes "$(unzip -l "$PEER_JAR" | grep -E 'BOOT-INF/lib/spring-boot-actuator(-autoconfigure)?-[0-9.]+\.jar' | awk '{s += $1} END {print s}')"
put size.peer.detail "$(unzip -l "$PEER_JAR" | grep -E 'BOOT-INF/lib/spring-boot-actuator(-autoconfigure)?-[0-9.]+\.jar' | awk '{sub("BOOT-INF/lib/", "", $4); printf "%s%s %d KB", (NR > 1 ? ", " : ""), $4, $1 / 1024}')"
# The jars spring-boot-starter-actuator adds to a Spring Boot web application: its subtree in the
# peer's dependency tree (Maven lists each jar once, under the first starter that brings it).
if ./mvnw -q -B -f vitals-bench/peer-spring/pom.xml dependency:tree -DoutputFile="$WORK/tree.txt" \
    > /dev/null 2>&1; then
  put size.peer.deps "$(awk '{d = match($0, /[a-zA-Z]/)} on && d <= depth {on = 0} on {n++}
    /spring-boot-starter-actuator/ {on = 1; depth = d} END {print n - 2}' "$WORK/tree.txt")"
else
  put size.peer.deps n/a
fi
put size.peer.app_bytes "$(stat -c %s "$PEER_JAR")"
put size.peer.app_jars "$(unzip -l "$PEER_JAR" | grep -c 'BOOT-INF/lib/.*\.jar')"
# The Quarkus peer: SmallRye Health's jars (the extension, SmallRye's implementation and the
# MicroProfile Health API) in its fast-jar's lib/, and what quarkus-smallrye-health brings along.
quarkus_health=$(find "$QUARKUS_APP/lib/main" -maxdepth 1 \( -name 'io.quarkus.quarkus-smallrye-health-[0-9]*.jar' \
  -o -name 'io.smallrye.smallrye-health-*.jar' -o -name 'org.eclipse.microprofile.health.*.jar' \) | sort)
put size.quarkus.libs "$(echo "$quarkus_health" | grep -c . || true)"
put size.quarkus.lib_bytes "$(echo "$quarkus_health" | xargs -r stat -c %s | awk '{s += $1} END {print s + 0}')"
put size.quarkus.detail "$(echo "$quarkus_health" | xargs -r stat -c '%n %s' | awk '{n = $1; sub(".*/", "", n); printf "%s%s %d KB", (NR > 1 ? ", " : ""), n, $2 / 1024}')"
if ./mvnw -q -B -f vitals-bench/peer-quarkus/pom.xml dependency:tree -DoutputFile="$WORK/qtree.txt" \
    > /dev/null 2>&1; then
  put size.quarkus.deps "$(awk '{d = match($0, /[a-zA-Z]/)} on && d <= depth {on = 0} on {n++}
    /:quarkus-smallrye-health:/ {on = 1; depth = d} END {print n + 0}' "$WORK/qtree.txt")"
else
  put size.quarkus.deps n/a
fi
put size.quarkus.app_bytes "$(du -sb "$QUARKUS_APP" | cut -f1)"
put size.quarkus.app_jars "$(find "$QUARKUS_APP/lib" -name '*.jar' | wc -l)"
fi

# --- stop the services, then the engine benchmarks ---------------------------------------------
for app in $PAIR_APPS spring springplain; do stop "${PID[$app]}"; done
put meta.loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg)"
put meta.busiest_end "$(busiest)"
if [ "$JMH" = 1 ]; then
  log "JMH: ProbeBenchmark (1, 10, 100 checks), OnDemandBenchmark (10 checks) and MetricsBenchmark (10, 100 checks), -prof gc"
  # shellcheck disable=SC2086
  java -jar "$BENCH_JAR" 'ProbeBenchmark|OnDemandBenchmark|MetricsBenchmark' $JMH_OPTS -prof gc \
    -rf csv -rff "$WORK/jmh.csv" > "$WORK/jmh.log" 2>&1 || { tail -30 "$WORK/jmh.log" >&2; exit 1; }
fi

# --- the report --------------------------------------------------------------------------------
mkdir -p "$BENCH/results"
NAME=$DATE
if [ "$WRK_THREADS" != 1 ]; then NAME=$NAME-wrk-t$WRK_THREADS; fi
if [ "$SPRING_ONLY" = 1 ]; then NAME=$NAME-spring; fi
OUT=$BENCH/results/$NAME.md
java -cp "$BENCH_JAR" dev.vitals.bench.Report "$RAW" "$WORK/jmh.csv" "$OUT"
if [ "$KEEP" = 1 ]; then
  mkdir -p "$BENCH/results/$NAME-timelines"
  cp "$TIMELINES"/*.txt "$RAW" "$WORK"/*.log "$WORK"/jmh.csv "$BENCH/results/$NAME-timelines/" 2>/dev/null || true
fi
log "wrote $OUT"
sed -n '/^## Targets/,/^## 1\./p' "$OUT" | head -n -1
