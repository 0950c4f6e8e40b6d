#!/usr/bin/env bash
# The programs the tests run that are not servers: installs the Debian package of any that is
# missing (needs root, as on CI; a machine that has them needs nothing).
#
# usage: scripts/tools.sh [--check]
#
#   program                          package                    the tests use it for
#   promtool                         prometheus                 metrics text, alert rules and their unit tests
#   /usr/bin/python3 prometheus_client  python3-prometheus-client  the OpenMetrics parser of the Python client
#   node, npm                        nodejs, npm                running the Node.js gRPC health client
#   grpc-health-check, @grpc/grpc-js grpc-health-check@2.1.0,   the Node.js gRPC health client (vitals-grpc's
#                                    @grpc/grpc-js@1.14.7 (npm)   src/test/node), installed with npm install -g
#
# Debian's prometheus package also brings the Prometheus server; nothing here starts it.
# Exit status: 0 when all are there, 1 when some are missing (named on stderr), 2 on bad usage.
set -uo pipefail

say() { echo "tools.sh: $*" >&2; }

has() { # PACKAGE: its program is usable
  case $1 in
    prometheus) command -v promtool >/dev/null 2>&1 ;;
    python3-prometheus-client) /usr/bin/python3 -c 'import prometheus_client' >/dev/null 2>&1 ;;
    nodejs) command -v node >/dev/null 2>&1 ;;
    npm) command -v npm >/dev/null 2>&1 ;;
  esac
}

PACKAGES=(prometheus python3-prometheus-client nodejs npm)
# From the npm registry, pinned: what the tests' Node.js scripts require (found via npm root -g).
NPM_PACKAGES=(grpc-health-check@2.1.0 @grpc/grpc-js@1.14.7)
has_npm_packages() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    && NODE_PATH=$(npm root -g 2>/dev/null) node -e "require('grpc-health-check');
      if (require('@grpc/grpc-js/package.json').version !== '1.14.7') process.exit(1)" >/dev/null 2>&1
}
check=0
case ${1:-} in
  "") ;;
  --check) check=1 ;;
  -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2; exit 0 ;;
  *) say "unknown argument $1"; exit 2 ;;
esac

missing=()
for p in "${PACKAGES[@]}"; do has "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ] && [ "$check" = 0 ]; then
  say "installing ${missing[*]} (Debian packages)"
  log=${TMPDIR:-/tmp}/vitals-tools-apt.log
  if ! { apt-get update >"$log" 2>&1 \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1; }; then
    say "apt-get install ${missing[*]} failed; the end of $log:"
    tail -15 "$log" >&2
  fi
  missing=()
  for p in "${PACKAGES[@]}"; do has "$p" || missing+=("$p"); done
fi
if ! has_npm_packages && [ "$check" = 0 ] && command -v npm >/dev/null 2>&1; then
  say "installing ${NPM_PACKAGES[*]} (npm packages)"
  log=${TMPDIR:-/tmp}/vitals-tools-npm.log
  if ! npm install -g "${NPM_PACKAGES[@]}" >"$log" 2>&1; then
    say "npm install -g ${NPM_PACKAGES[*]} failed; the end of $log:"
    tail -15 "$log" >&2
  fi
fi
has_npm_packages || missing+=("${NPM_PACKAGES[@]/%/ (npm)}")
if [ ${#missing[@]} -gt 0 ]; then
  say "missing: ${missing[*]}"
  exit 1
fi
say "present: promtool, python3 prometheus_client, node, npm, grpc-health-check, @grpc/grpc-js"
