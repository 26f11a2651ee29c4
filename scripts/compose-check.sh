#!/usr/bin/env bash
# `npm run test:compose`: runs docker-compose.sqlite.yml (API + worker + Redis, SQLite on a shared
# volume) with Debian's podman-compose and checks the stack from outside, ending with a report walked
# over USSD into the SQLite store and an SMS receipt sent by the worker. The images: Tanga's from the
# real Dockerfile (a cache hit after `npm run test:container`), and Redis from Debian's redis-server
# package on the same local bookworm minbase (scripts/lib/podman.sh); no registry image is pulled.
# Every check prints one PASS/FAIL line; the last line is "N passed, N failed"; any failure exits 1.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

WORK=${COMPOSE_CHECK_DIR:-/var/tmp/tanga-compose-check}
IMAGE=${COMPOSE_CHECK_IMAGE:-localhost/tanga:compose-check}
REDIS_IMAGE="localhost/tanga-redis-debian:bookworm"
PROJECT="tanga-compose-$$"
CHECK_TAG=compose
# shellcheck source=scripts/lib/check-report.sh
. scripts/lib/check-report.sh

[ "$(id -u)" = 0 ] || give_up "podman: this check needs root (apt, debootstrap and rootful Podman)"

# shellcheck source=scripts/lib/podman.sh
. scripts/lib/podman.sh
podman_install_tools podman runc debootstrap podman-compose ||
  give_up "podman: could not install podman, runc, debootstrap or podman-compose with apt"
podman_configure
pm info >/dev/null 2>"$WORK/podman-info.err" ||
  give_up "podman: 'podman info' fails here: $(tail -n 1 "$WORK/podman-info.err")"
ensure_base_images || give_up "base image: could not build the base images (see $WORK)"

# --- images ------------------------------------------------------------------------------------------
t0=$SECONDS
if ! build_tanga_image "$IMAGE" "$WORK/build.log"; then
  tail -n 20 "$WORK/build.log"
  give_up "image: podman build of the Dockerfile failed (log: $WORK/build.log)"
fi
say "Tanga image $IMAGE ready in $((SECONDS - t0)) s (a cache hit when nothing changed)"

# Redis from Debian's package, laid out as the official image is (WORKDIR /data, not root).
if ! pm image exists "$REDIS_IMAGE"; then
  t0=$SECONDS
  cat >"$WORK/redis.Containerfile" <<EOF
FROM $DEBIAN_BASE
RUN apt-get update \\
 && apt-get install -y --no-install-recommends redis-server \\
 && rm -rf /var/lib/apt/lists/* \\
 && mkdir -p /data && chown redis:redis /data
WORKDIR /data
VOLUME ["/data"]
USER redis
EXPOSE 6379
CMD ["redis-server", "--protected-mode", "no"]
EOF
  pm build --format docker --pull=never --network=host -v /etc/ssl/certs:/etc/ssl/certs:ro \
    -t "$REDIS_IMAGE" -f "$WORK/redis.Containerfile" "$WORK" >"$WORK/redis-build.log" 2>&1 || {
    tail -n 20 "$WORK/redis-build.log"
    give_up "redis image: could not build $REDIS_IMAGE from Debian's redis-server (log: $WORK/redis-build.log)"
  }
  say "Redis image $REDIS_IMAGE built in $((SECONDS - t0)) s"
fi
redis_version=$(pm run --rm --network none "$REDIS_IMAGE" redis-server --version | grep -o 'v=[0-9.]*')
say "Redis image $REDIS_IMAGE: Debian's redis-server $redis_version"

# --- the stack: the compose file as is, next to a .env made from .env.example ------------------------
free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}
secret() { node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"; }
PROJECT_DIR="$WORK/$PROJECT"
mkdir -p "$PROJECT_DIR"
cp docker-compose.sqlite.yml "$PROJECT_DIR/"
GATEWAY_SECRET=$(secret | tr -d '/+=')
METRICS_TOKEN=$(secret | tr -d '/+=')
# What an operator does: copy .env.example and fill in the secrets.
sed -e "s|^PEPPER=.*|PEPPER=$(secret)|" -e "s|^SEAL_KEYS=.*|SEAL_KEYS=k1:$(secret)|" \
  -e "s|^GATEWAY_SECRET=.*|GATEWAY_SECRET=$GATEWAY_SECRET|" \
  -e "s|^METRICS_TOKEN=.*|METRICS_TOKEN=$METRICS_TOKEN|" .env.example >"$PROJECT_DIR/.env"
export TANGA_IMAGE=$IMAGE REDIS_IMAGE TANGA_HOST_PORT
TANGA_HOST_PORT=$(free_port)
API="http://127.0.0.1:$TANGA_HOST_PORT"

compose() { (cd "$PROJECT_DIR" && podman-compose -p "$PROJECT" -f docker-compose.sqlite.yml "$@"); }
container() { printf '%s_%s_1' "$PROJECT" "$1"; }
cleanup() {
  compose down -t 5 >/dev/null 2>&1
  pm rm -f -t 0 "$(container api)" "$(container worker)" "$(container redis)" >/dev/null 2>&1
  pm volume rm -f "${PROJECT}_tanga-data" "${PROJECT}_redis-data" >/dev/null 2>&1
  pm network rm -f "${PROJECT}_default" >/dev/null 2>&1
  pm pod rm -f "pod_$PROJECT" >/dev/null 2>&1
  rm -rf "$PROJECT_DIR"
}
trap cleanup EXIT

wait_http() { # url, seconds: bounded wait for a 2xx answer
  local deadline=$((SECONDS + $2))
  while [ "$SECONDS" -lt "$deadline" ]; do
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  return 1
}
# Asks a URL from inside a container (the worker's port is not published), printing the body.
fetch_in() { # container, url, [bearer token]
  pm exec -e "U=$2" -e "T=${3:-}" "$1" node -e '
    fetch(process.env.U, { headers: process.env.T ? { authorization: "Bearer " + process.env.T } : {} })
      .then(async (r) => { process.stdout.write(await r.text()); process.exit(r.ok ? 0 : 1); },
            () => process.exit(1));'
}
running() { [ "$(pm inspect --format '{{.State.Running}}' "$(container "$1")" 2>/dev/null)" = true ]; }

t0=$SECONDS
compose up -d --no-build >"$WORK/up.log" 2>&1
up_rc=$?
all_running() { running api && running worker && running redis; }
if [ "$up_rc" -ne 0 ] || ! all_running; then
  tail -n 20 "$WORK/up.log"
  give_up "compose: podman-compose up of docker-compose.sqlite.yml did not start api, worker and redis"
fi
pass "compose: podman-compose up starts api, worker and redis from docker-compose.sqlite.yml"
if ! wait_http "$API/healthz" 90; then
  pm logs --tail 20 "$(container api)"
  give_up "api: /healthz did not answer on the published port within 90 s"
fi
say "stack up and answering in $((SECONDS - t0)) s"

redis_aof() {
  [ "$(pm exec "$(container redis)" redis-cli config get appendonly | tail -n 1)" = yes ] &&
    [ "$(pm exec "$(container redis)" id -un)" = redis ]
}
check "redis: Debian's redis-server runs as redis with the append-only file on" redis_aof

check "http: /healthz answers 200 on the published loopback port" \
  curl -fsS -o /dev/null --max-time 5 "$API/healthz"
# With AOF on every check is up: "ready", not "degraded".
api_ready() {
  local body
  body=$(curl -fsS --max-time 5 "$API/readyz") || return 1
  grep -q '"status":"ready"' <<<"$body" || { say "readyz: $body"; return 1; }
}
check "http: /readyz is ready: SQLite store, Redis and its append-only file, over the compose network" \
  api_ready

hop() { # session, text: one USSD hop as the gateway sends it
  curl -fsS --max-time 10 "$API/ussd?token=$GATEWAY_SECRET" \
    --data-urlencode "sessionId=$1" --data-urlencode 'serviceCode=*123#' \
    --data-urlencode 'phoneNumber=+22370000017' --data-urlencode 'networkCode=61002' \
    --data-urlencode "text=$2"
}
first_hop() { hop "$PROJECT-first" "" | grep '^CON ' >/dev/null; }
check "http: a USSD hop (POST /ussd) answers a CON screen" first_hop
check "http: the console login page answers" sh -c "curl -fsS --max-time 5 '$API/console/login' | grep -qi '<form'"

worker_ready() {
  fetch_in "$(container worker)" http://127.0.0.1:9091/readyz | grep '"status":"ready"' >/dev/null
}
check "worker: its /readyz (inside its container) is ready with the store and Redis" worker_ready

# A report walked through the stack: the USSD form (French; threats, Facebook, me, under 18, woman,
# no disability, Kayes, …) ends with a code; the API stores the report in SQLite on the shared volume
# before it shows the code (store first: a queue-only report died with a Redis without persistence).
REPORT_INPUTS=(1 4 1 3 2 1 1 1 2 2 2 2 2 1)
code=""
walk_report() {
  local session="$PROJECT-report" text="" screen i
  screen=$(hop "$session" "") || return 1
  for i in "${REPORT_INPUTS[@]}"; do
    text=${text:+$text*}$i
    screen=$(hop "$session" "$text") || { say "hop '$text' failed"; return 1; }
  done
  code=$(grep -o 'code: [0-9]\{8\}' <<<"$screen" | grep -o '[0-9]\{8\}')
  [ -n "$code" ] || { say "last screen: ${screen:0:80}"; return 1; }
}
check "report: the USSD report form ends with END and an 8-digit code" walk_report

report_row() { # service: prints "channel status" of the row with this code, read in that service's container
  pm exec -e "CODE=$code" "$(container "$1")" node -e '
    const D = require("better-sqlite3");
    const db = new D("/app/data/tanga.sqlite", { readonly: true, timeout: 5000 });
    const r = db.prepare("SELECT channel, status FROM reports WHERE code = ?").get(process.env.CODE);
    if (r) console.log(r.channel + " " + r.status);'
}
report_stored_by_api() {
  [ -n "$code" ] || return 1
  local row
  row=$(report_row worker 2>/dev/null)
  [ "$row" = "ussd new" ] || { say "row for the code, read in the worker's container: '${row}'"; return 1; }
  curl -fsS --max-time 5 -H "authorization: Bearer $METRICS_TOKEN" "$API/metrics" |
    grep '^tanga_reports_created_total{channel="ussd",path="store"} 1$' >/dev/null || {
    say "the API's metrics do not count one USSD report stored directly"
    return 1
  }
}
check "report: the API stored it before showing the code, a row on the shared volume (read in the worker's container)" \
  report_stored_by_api

# The worker's part: a report by SMS is stored by the API, and its receipt (an SMS to send now) goes
# through the queue to the worker, which sends it (SMS_GATEWAY unset: the log gateway).
sms_report() {
  curl -fsS --max-time 10 -o /dev/null "$API/sms/inbound?token=$GATEWAY_SECRET" \
    --data-urlencode 'from=+22370000018' --data-urlencode 'to=36123' \
    --data-urlencode 'text=SIGNALER on publie mes photos' --data-urlencode "id=$PROJECT-sms-1" \
    --data-urlencode "date=$(date -u '+%Y-%m-%d %H:%M:%S')"
}
receipt_sent_by_worker() {
  sms_report || { say "POST /sms/inbound failed"; return 1; }
  local deadline=$((SECONDS + 30)) metrics=""
  while [ "$SECONDS" -lt "$deadline" ]; do
    metrics=$(fetch_in "$(container worker)" http://127.0.0.1:9091/metrics "$METRICS_TOKEN" 2>/dev/null)
    grep -q '^tanga_jobs_total{queue="sms",outcome="completed"} 1$' <<<"$metrics" && break
    sleep 1
  done
  grep -q '^tanga_jobs_total{queue="sms",outcome="completed"} 1$' <<<"$metrics" || {
    say "the worker's metrics do not count one completed SMS job"
    return 1
  }
  grep -q '^tanga_sms_outcomes_total{outcome="accepted",' <<<"$metrics" || {
    say "the worker's metrics do not count an SMS the gateway accepted"
    return 1
  }
}
check "worker: the receipt of a report sent by SMS went through the queue and the worker sent it" \
  receipt_sent_by_worker

healthchecks_pass() {
  local service
  for service in api worker redis; do
    pm healthcheck run "$(container "$service")" >/dev/null 2>&1 || { say "$service: unhealthy"; return 1; }
  done
}
check "healthcheck: podman healthcheck run passes for api, worker and redis (the compose file's checks)" \
  healthchecks_pass

stopped_cleanly() { # service: exit code 0 and the ordered shutdown logged
  local name code
  name=$(container "$1")
  code=$(pm inspect --format '{{.State.ExitCode}}' "$name")
  [ "$code" = 0 ] || { say "$1 exited $code"; return 1; }
  pm logs "$name" 2>&1 | grep 'shutting down' >/dev/null
}
t0=$SECONDS
compose stop >"$WORK/stop.log" 2>&1
say "podman-compose stop took $((SECONDS - t0)) s"
check "shutdown: after podman-compose stop the API exited 0 after its ordered shutdown" stopped_cleanly api
check "shutdown: after podman-compose stop the worker exited 0 after its ordered shutdown" stopped_cleanly worker

# The same containers started again: the report is still in SQLite on the named volume.
compose start >"$WORK/start.log" 2>&1
report_kept() { wait_http "$API/healthz" 90 && [ "$(report_row api 2>/dev/null)" = "ussd new" ]; }
check "volume: after stop and start the report is still in SQLite on the shared volume" report_kept

summary
