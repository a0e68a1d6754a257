#!/usr/bin/env bash
# Start `make run` in the background, wait until /healthz answers ok (web, database, Redis,
# worker), keep checking every 5 s for a minute, then stop it and check that everything stopped.
#   .ci/run_modes.sh <label> <port>
# The mode follows the environment: without DATABASE_URL/REDIS_URL the embedded servers run.
set -uo pipefail
cd "$(dirname "$0")/.."

label="${1:-run}"
port="${2:-8200}"
start_limit="${START_LIMIT:-180}"
watch_seconds="${WATCH_SECONDS:-60}"
log="$(mktemp -t "samenspel-run-${label}.XXXXXX.log")"
url="http://127.0.0.1:${port}/healthz"

fail() {
  echo "FAIL [$label]: $*"
  echo "--- last lines of $log ---"
  tail -n 60 "$log"
  [ -n "${pgid:-}" ] && kill -TERM -- "-$pgid" 2>/dev/null
  exit 1
}

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "FAIL [$label]: port $port is already in use"
  exit 1
fi

echo "[$label] make run on port $port (DATABASE_URL=${DATABASE_URL:-embedded}, REDIS_URL=${REDIS_URL:-embedded}); log: $log"
# setsid: make run and its children get their own process group, stopped together below.
setsid make run PORT="$port" >"$log" 2>&1 </dev/null &
pgid=$!

# health: prints the body; returns 0 only for HTTP 200 with status "ok".
health() {
  python3 - "$url" <<'PY'
import json, sys, urllib.request, urllib.error
try:
    with urllib.request.urlopen(sys.argv[1], timeout=5) as response:
        body = json.load(response)
except urllib.error.HTTPError as error:
    print(error.code, error.read().decode()[:300]); sys.exit(1)
except Exception as error:
    print(type(error).__name__, error); sys.exit(1)
print(json.dumps(body))
parts = ("database", "redis", "worker")
sys.exit(0 if body.get("status") == "ok" and all(body[p]["ok"] for p in parts) else 1)
PY
}

deadline=$((SECONDS + start_limit))
until answer="$(health)"; do
  kill -0 "$pgid" 2>/dev/null || fail "make run exited before /healthz answered ok"
  [ "$SECONDS" -lt "$deadline" ] || fail "no ok from $url within ${start_limit}s (last: $answer)"
  sleep 2
done
echo "[$label] ok after ${SECONDS}s: $answer"

# Links follow the port: a demo event's .ics names this address, not 127.0.0.1:8000.
ics="$(python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())' \
  "http://127.0.0.1:${port}/evenementen/landelijke-bijeenkomst-2023/agenda.ics" 2>&1)" \
  || fail "the demo event's .ics did not load: $ics"
grep -q "^URL:${SITE_URL:-http://127.0.0.1:${port}}/evenementen/" <<<"${ics//$'\r'/}" \
  || fail "the .ics does not link to ${SITE_URL:-http://127.0.0.1:${port}}: $(grep '^URL' <<<"$ics")"
echo "[$label] the .ics links to ${SITE_URL:-http://127.0.0.1:${port}}"

end=$((SECONDS + watch_seconds))
checks=0
while [ "$SECONDS" -lt "$end" ]; do
  sleep 5
  kill -0 "$pgid" 2>/dev/null || fail "make run exited while being watched"
  answer="$(health)" || fail "/healthz not ok after $checks good checks: $answer"
  checks=$((checks + 1))
done
echo "[$label] $checks checks in ${watch_seconds}s, all ok: $answer"

kill -INT -- "-$pgid" 2>/dev/null
for _ in $(seq 1 60); do
  pgrep -g "$pgid" >/dev/null || break
  sleep 0.5
done
if pgrep -g "$pgid" >/dev/null; then
  pgrep -a -g "$pgid"
  kill -KILL -- "-$pgid" 2>/dev/null
  fail "processes still running 30 s after stopping make run"
fi
# The embedded servers daemonize (own process group): they must be gone too.
if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  data="${SAMENSPEL_DATA_DIR:-.data}"
  for pidfile in "$data/postgres/postmaster.pid" "$data/redis/redis.pid"; do
    [ -f "$pidfile" ] || continue
    pid="$(head -n 1 "$pidfile")"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      fail "embedded server $pid ($pidfile) still runs after the stop"
    fi
  done
fi
if answer="$(health)"; then
  fail "/healthz still answers after the stop: $answer"
fi
grep -q "Samenspel stopped." "$log" || fail "run_portal did not report 'Samenspel stopped.'"
echo "[$label] stopped cleanly"
