# shellcheck shell=bash
# What run.sh and detection.sh share, sourced by both after they set SCRIPT (their name, for the
# log), WORK (their temporary folder), RAW (the key=value file of figures), PIDS (an array of the
# processes to kill at the end) and KEEP (1: keep WORK). Installs the EXIT trap.

log() { printf '%s %s: %s\n' "$(date -u +%H:%M:%S)" "$SCRIPT" "$*" >&2; }
put() { printf '%s=%s\n' "$1" "$2" >> "$RAW"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ "$KEEP" = 0 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# free_port VAR FROM: sets VAR to the first port from FROM that is free and that no earlier call
# took (in this shell, not a $(…) subshell, so that USED_PORTS remembers it).
USED_PORTS=""
free_port() {
  local p=$2
  while taken "$p" || [[ " $USED_PORTS " == *" $p "* ]]; do p=$((p + 1)); done
  USED_PORTS="$USED_PORTS $p"
  printf -v "$1" '%s' "$p"
}

# The port of a proxy that dev.vitals.bench.Proxies listed in $WORK/proxies.out.
proxy_port() { awk -v n="$1" '$1 == n {print $2}' "$WORK/proxies.out"; }

# code_of URL [MAX_S]: the HTTP status of a GET, or 000 with no answer within MAX_S (2) seconds.
code_of() { curl -s -o /dev/null -w '%{http_code}' --max-time "${2:-2}" "$1" || true; }

# await_ready APP TIMEOUT_S: polls ${URL_READY[APP]} every READY_POLL_S (0.02) seconds until it
# answers 200; fails, with the end of $WORK/APP.log, on the timeout or if ${PID[APP]} exited.
await_ready() {
  local app=$1 deadline=$(( $(now_ms) + $2 * 1000 ))
  while [ "$(code_of "${URL_READY[$app]}")" != 200 ]; do
    if [ "$(now_ms)" -gt "$deadline" ]; then
      log "$app: readiness not 200 after $2 s"; tail -20 "$WORK/$app.log" >&2; return 1
    fi
    kill -0 "${PID[$app]}" 2>/dev/null || { log "$app exited"; tail -20 "$WORK/$app.log" >&2; return 1; }
    sleep "${READY_POLL_S:-0.02}"
  done
}
