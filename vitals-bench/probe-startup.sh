#!/usr/bin/env bash
# Measures how fast `vitals probe` and vitals-probe.jar (a Docker HEALTHCHECK's command) and
# `vitals check tcp://…` start and finish, side by side in one run with curl and with a bare JVM socket probe (a
# ten-line class this script compiles itself), and writes vitals-bench/results/<date>-probe.md.
# Issue 12's targets: probe within 1.3x of the bare JVM probe's wall time, <= 45 MB peak RSS.
#
# usage: vitals-bench/probe-startup.sh [--no-build] [--runs N]
#   --no-build  reuse the vitals.jar already built
#   --runs N    hyperfine runs per command (default 30)
# environment:
#   BUILD_DIR  Maven build directory of the reactor modules (default target)
#   BASELINE_JAR  another vitals.jar (e.g. one built from an older commit) to probe with too
#
# Needs a JDK 17 (java, javac), python3, curl and hyperfine (installed from Debian's packages if missing)
# and GNU time (/usr/bin/time). Listens only on 127.0.0.1.
set -euo pipefail

BUILD=1 RUNS=30
while [ $# -gt 0 ]; do
  arg=$1; shift
  case $arg in
    --no-build) BUILD=0 ;;
    --runs)
      RUNS=${1:-}; shift || true
      [[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "probe-startup.sh: --runs needs a positive number" >&2; exit 2; } ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "probe-startup.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-target}
JAR=$ROOT/vitals-cli/$BUILD_DIR/vitals.jar
PROBE_JAR=$ROOT/vitals-cli/$BUILD_DIR/vitals-probe.jar
# What the bin/vitals launcher gives the JVM: a short run wants C1 only, the serial collector,
# the JDK's class-data archive and no hsperfdata file.
FLAGS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -XX:-UsePerfData"

command -v hyperfine >/dev/null || apt-get install -y hyperfine >/dev/null
[ -x /usr/bin/time ] || { echo "probe-startup.sh: needs GNU time at /usr/bin/time" >&2; exit 1; }
if [ "$BUILD" = 1 ]; then
  (cd "$ROOT" && ./mvnw -B -q -DbuildDir="$BUILD_DIR" -pl vitals-cli -am package -DskipTests)
fi
for f in "$JAR" "$PROBE_JAR"; do
  [ -f "$f" ] || { echo "probe-startup.sh: no $f (build it, or drop --no-build)" >&2; exit 1; }
done

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The endpoint: a JDK HttpServer answering GET /health/live 200 {"status":"pass"}, the shape of
# a Vitals liveness answer. It prints its port.
cat > "$WORK/Target.java" <<'EOF'
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
public class Target {
  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    byte[] body = "{\"status\":\"pass\"}".getBytes("UTF-8");
    server.createContext("/health/live", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/health+json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    System.out.println(server.getAddress().getPort());
  }
}
EOF
# The bare JVM probe: raw socket, GET, read the status line, exit 0 on 2xx.
cat > "$WORK/BareProbe.java" <<'EOF'
import java.io.*;
import java.net.*;
public class BareProbe {
  public static void main(String[] args) throws Exception {
    URI u = URI.create(args[0]);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 2000);
      s.setSoTimeout(2000);
      s.getOutputStream().write(("GET " + u.getRawPath() + " HTTP/1.1\r\nHost: " + u.getHost()
          + "\r\nConnection: close\r\n\r\n").getBytes("ISO-8859-1"));
      String line = new BufferedReader(new InputStreamReader(s.getInputStream(), "ISO-8859-1")).readLine();
      System.exit(line != null && line.split(" ")[1].startsWith("2") ? 0 : 1);
    }
  }
}
EOF
javac -d "$WORK" "$WORK/Target.java" "$WORK/BareProbe.java"
(cd "$WORK" && jar cfe bare.jar BareProbe BareProbe.class)

java -XX:+UseSerialGC -cp "$WORK" Target > "$WORK/port" &
SERVER_PID=$!
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
PORT=$(cat "$WORK/port")
URL=http://127.0.0.1:$PORT/health/live
curl -fsS -o /dev/null "$URL"
java -jar "$JAR" probe "$URL" >/dev/null

NAMES=(
  "curl"
  "bare JVM probe"
  "bare JVM probe, launcher flags"
  "vitals probe"
  "vitals probe, launcher flags"
  "vitals-probe.jar"
  "vitals-probe.jar, launcher flags (the Dockerfile's line)"
  "vitals check tcp://"
  "vitals check tcp://, launcher flags"
)
CMDS=(
  "curl -fsS -o /dev/null $URL"
  "java -jar $WORK/bare.jar $URL"
  "java $FLAGS -jar $WORK/bare.jar $URL"
  "java -jar $JAR probe $URL"
  "java $FLAGS -jar $JAR probe $URL"
  "java -jar $PROBE_JAR $URL"
  "java $FLAGS -jar $PROBE_JAR --timeout 2s $URL"
  "java -jar $JAR check tcp://127.0.0.1:$PORT"
  "java $FLAGS -jar $JAR check tcp://127.0.0.1:$PORT"
)
DIST=$ROOT/vitals-cli/$BUILD_DIR/vitals-dist.tar.gz
if [ -f "$DIST" ]; then # the launcher as installed: bin/vitals beside lib/vitals.jar
  tar xzf "$DIST" -C "$WORK"
  NAMES+=("bin/vitals probe")
  CMDS+=("$(echo "$WORK"/vitals-*/bin/vitals) probe $URL")
fi
if [ -n "${BASELINE_JAR:-}" ]; then
  NAMES+=("baseline vitals probe" "baseline vitals probe, launcher flags")
  CMDS+=("java -jar $BASELINE_JAR probe $URL" "java $FLAGS -jar $BASELINE_JAR probe $URL")
fi

ARGS=()
for i in "${!CMDS[@]}"; do ARGS+=(-n "${NAMES[$i]}" "${CMDS[$i]}"); done
hyperfine -N -w 3 -r "$RUNS" --export-json "$WORK/hf.json" "${ARGS[@]}" >&2

# Peak RSS: the largest of five runs, in MB (GNU time reports KiB).
rss() {
  local max=0 kb
  for _ in 1 2 3 4 5; do
    kb=$(/usr/bin/time -f %M $1 2>&1 >/dev/null | tail -1)
    [ "$kb" -gt "$max" ] && max=$kb
  done
  awk -v k="$max" 'BEGIN { printf "%.1f", k / 1024 }'
}
classes() {
  case $1 in
    java*) ${1/java /java -Xlog:class+load } | grep -c 'source:' || true ;;
    *) echo "-" ;;
  esac
}

DATE=$(date -u +%F)
OUT=$ROOT/vitals-bench/results/$DATE-probe.md
mkdir -p "$(dirname "$OUT")"
{
  echo "# vitals probe startup: $DATE"
  echo
  echo "Produced by \`vitals-bench/probe-startup.sh\` at commit \`$(git -C "$ROOT" rev-parse --short HEAD)\`"
  echo "($RUNS runs each after 3 warm-ups, hyperfine $(hyperfine --version | cut -d' ' -f2), no shell)."
  echo "The endpoint is a JDK HttpServer on 127.0.0.1 answering \`200 {\"status\":\"pass\"}\`."
  echo "Launcher flags: \`$FLAGS\`."
  [ -n "${BASELINE_JAR:-}" ] && echo "Baseline: \`${BASELINE_JAR##*/}\`, ${BASELINE_NOTE:-another build of vitals.jar}."
  echo
  echo "| Machine | |"
  echo "|---|---|"
  echo "| CPUs (nproc) | $(nproc) |"
  echo "| JDK | $(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}') |"
  echo "| Load average at the end | $(cut -d' ' -f1-3 /proc/loadavg) |"
  echo "| vitals.jar | $(( $(stat -c %s "$JAR") / 1024 )) KiB, $(unzip -l "$JAR" | tail -1 | awk '{print $2}') entries |"
  echo "| vitals-probe.jar | $(( $(stat -c %s "$PROBE_JAR") / 1024 )) KiB, $(unzip -l "$PROBE_JAR" | tail -1 | awk '{print $2}') entries |"
  echo
  echo "| Command | Mean wall [ms] | ± σ | Min [ms] | ÷ bare JVM probe (same flags) | Peak RSS [MB] | Classes loaded |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for i in "${!CMDS[@]}"; do
    case ${NAMES[$i]} in
      curl) base=-1 ;;
      *"launcher flags"*|bin/vitals*) base=2 ;;
      *) base=1 ;;
    esac
    read -r mean sd min ratio < <(python3 - "$WORK/hf.json" "$i" "$base" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
r, base = results[int(sys.argv[2])], int(sys.argv[3])
ratio = "-" if base < 0 else "%.2f" % (r["mean"] / results[base]["mean"])
print(r["mean"] * 1000, r["stddev"] * 1000, r["min"] * 1000, ratio)
PY
    )
    printf '| %s | %.1f | %.1f | %.1f | %s | %s | %s |\n' "${NAMES[$i]}" "$mean" "$sd" "$min" "$ratio" \
      "$(rss "${CMDS[$i]}")" "$(classes "${CMDS[$i]}")"
  done
  echo
  echo "Targets (issue 12): \`vitals probe\` ≤ 1.3 × the bare JVM probe's wall time, ≤ 45 MB peak RSS."
  echo "The machine is shared; ratios from the same run are what the targets read."
} > "$OUT"
cat "$OUT"
echo "wrote $OUT" >&2
