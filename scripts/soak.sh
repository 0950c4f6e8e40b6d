#!/usr/bin/env bash
# Soak: the example under probe load while its dependencies flap and hang, sampled for leaks.
#   scripts/soak.sh MINUTES        (1-240; e.g. scripts/soak.sh 10)
# Starts PostgreSQL and Redis if needed, builds the example, runs it behind two flapping proxies
# and prints a summary: threads, file descriptors, RSS and heap after GC sampled every 5 s
# (flat lines expected), and every probe's status and answer time.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-}"
if ! [[ "$minutes" =~ ^[0-9]+$ ]] || (( minutes < 1 || minutes > 240 )); then
  echo "usage: scripts/soak.sh MINUTES   (1-240)" >&2
  exit 2
fi
bash scripts/services.sh postgres redis
if [ ! -f vitals-example/target/vitals-example.jar ] || [ ! -f vitals-test-support/target/vitals-test-support-0.1.0-SNAPSHOT.jar ]; then
  ./mvnw -q -DskipTests package
fi
support=vitals-test-support/target/vitals-test-support-0.1.0-SNAPSHOT.jar
api=$(find ~/.m2/repository/org/junit/jupiter/junit-jupiter-api -name 'junit-jupiter-api-*.jar' | head -1)
exec java -cp "$support:$api" scripts/SoakDriver.java "$minutes" vitals-example/target/vitals-example.jar
