#!/usr/bin/env bash
# `npm run test:container`: builds Tanga's image from the real Dockerfile with Podman and checks the
# running containers. No Docker engine and no registry image is used: the base is a Debian bookworm
# minbase made with debootstrap (mirror taken from this machine's apt sources) plus this machine's own
# Node, npm and Node headers and a `node` user (uid 1000), imported once per Node version
# (scripts/lib/podman.sh, shared with scripts/compose-check.sh).
# Every check prints one PASS/FAIL line; the last line is "N passed, N failed"; any failure exits 1.
# Podman flags that this kind of host needs (hybrid cgroups, capped open-files limit, TLS-inspecting
# proxy) are explained in docs/operations.md ("Containers verified with Podman").
set -uo pipefail
cd "$(dirname "$0")/.."

WORK=${CONTAINER_CHECK_DIR:-/var/tmp/tanga-container-check}
IMAGE=${CONTAINER_CHECK_IMAGE:-localhost/tanga:container-check}
RUN_ID="tanga-cc-$$"
CHECK_TAG=container
# shellcheck source=scripts/lib/check-report.sh
. scripts/lib/check-report.sh

[ "$(id -u)" = 0 ] || give_up "podman: this check needs root (apt, debootstrap and rootful Podman)"

# --- tools, Podman set-up and base images (scripts/lib/podman.sh) -------------------------------------
# shellcheck source=scripts/lib/podman.sh
. scripts/lib/podman.sh
podman_install_tools podman runc debootstrap || give_up "podman: could not install podman, runc or debootstrap with apt"
podman_configure
pm info >/dev/null 2>"$WORK/podman-info.err" ||
  give_up "podman: 'podman info' fails here: $(tail -n 1 "$WORK/podman-info.err")"
ensure_base_images || give_up "base image: could not build $NODE_BASE (see $WORK)"

# --- Tanga's image from the real Dockerfile ----------------------------------------------------------
t0=$SECONDS
if ! build_tanga_image "$IMAGE" "$WORK/build.log"; then
  tail -n 20 "$WORK/build.log"
  give_up "image: podman build of the Dockerfile failed (log: $WORK/build.log)"
fi
pass "image: built from the Dockerfile in $((SECONDS - t0)) s"
size=$(pm image inspect --format '{{.Size}}' "$IMAGE")
say "image size: $((size / 1024 / 1024)) MB"

# --- running it --------------------------------------------------------------------------------------
free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}
secret() { node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"; }
API_PORT=$(free_port)
WORKER_PORT=$(free_port)
GATEWAY_SECRET=$(secret | tr -d '/+=')
METRICS_TOKEN=$(secret | tr -d '/+=')
VOLUME="$RUN_ID-data"
ENV_FILE="$WORK/$RUN_ID.env"
cat >"$ENV_FILE" <<EOF
NODE_ENV=production
HOST=127.0.0.1
PORT=$API_PORT
WORKER_METRICS_PORT=$WORKER_PORT
WORKERS=none
REDIS_URL=redis://127.0.0.1:6379
QUEUE_PREFIX=$RUN_ID
PEPPER=$(secret)
SEAL_KEYS=k1:$(secret)
GATEWAY_SECRET=$GATEWAY_SECRET
METRICS_TOKEN=$METRICS_TOKEN
LOG_LEVEL=info
EOF

cleanup() {
  pm rm -f -t 0 "$RUN_ID-api" "$RUN_ID-worker" "$RUN_ID-probe" >/dev/null 2>&1
  pm volume rm -f "$VOLUME" >/dev/null 2>&1
  rm -f "$ENV_FILE"
  if command -v redis-cli >/dev/null 2>&1; then
    redis-cli -h 127.0.0.1 --scan --pattern "$RUN_ID*" | xargs -r redis-cli -h 127.0.0.1 del >/dev/null 2>&1
  fi
}
trap cleanup EXIT

# Host networking on 127.0.0.1 only: Redis is this machine's, and nothing is published elsewhere.
run_common=(--network host --read-only --tmpfs /tmp --security-opt no-new-privileges
  --env-file "$ENV_FILE" -v "$VOLUME:/app/data")

wait_http() { # url, seconds: bounded wait for a 2xx answer
  local deadline=$((SECONDS + $2))
  while [ "$SECONDS" -lt "$deadline" ]; do
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  return 1
}
in_api() { pm exec "$RUN_ID-api" "$@"; }

pm volume create "$VOLUME" >/dev/null
# Without systemd Podman logs that it cannot schedule health checks; `podman healthcheck run` still works.
pm run -d --name "$RUN_ID-api" "${run_common[@]}" "$IMAGE" >/dev/null 2>>"$WORK/run.log" ||
  give_up "api: podman run failed"
if ! wait_http "http://127.0.0.1:$API_PORT/healthz" 60; then
  pm logs --tail 20 "$RUN_ID-api"
  give_up "api: /healthz did not answer within 60 s"
fi

check "user: the API runs as node (uid 1000), not root" \
  test "$(in_api sh -c 'echo "$(id -u) $(id -un)"')" = "1000 node"
root_fs_read_only() {
  local dir
  for dir in / /app /app/dist /app/node_modules /app/flows /etc /home/node; do
    if in_api sh -c "touch '$dir/.w' 2>/dev/null"; then say "writable: $dir"; return 1; fi
  done
  in_api sh -c 'touch /app/data/.w && rm /app/data/.w'
}
check "filesystem: root is read-only, /app/data is writable (and /tmp, a tmpfs)" root_fs_read_only
# Without --read-only the image's own ownership must still keep the service out of /app: this notices a
# runtime stage that runs as root or chowns /app to node.
check "filesystem: even on a writable root, the image's user cannot write /app, its code or flows" \
  pm run --rm --name "$RUN_ID-probe" --network none "$IMAGE" sh -c \
  'test "$(id -u)" != 0 && ! touch /app/.w 2>/dev/null && ! touch /app/dist/.w 2>/dev/null &&
   ! touch /app/node_modules/.w 2>/dev/null && ! touch /app/flows/.w 2>/dev/null && touch /app/data/.w'

check "http: /healthz answers 200" curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$API_PORT/healthz"
# "degraded" is right when the host's Redis runs without AOF: what matters here is that both are reached.
check "http: /readyz answers 200 with the store and Redis up (reached from the container)" \
  sh -c "curl -fsS --max-time 5 'http://127.0.0.1:$API_PORT/readyz' | grep -q '\"store\":\"up\",\"redis\":\"up\"'"
ussd_hop() {
  curl -fsS --max-time 5 "http://127.0.0.1:$API_PORT/ussd?token=$GATEWAY_SECRET" \
    --data-urlencode "sessionId=$RUN_ID" --data-urlencode 'serviceCode=*123#' \
    --data-urlencode 'phoneNumber=+22370000000' --data-urlencode 'text=' | grep '^CON ' >/dev/null
}
check "http: a USSD hop (POST /ussd) answers a CON screen" ussd_hop
check "http: the console login page answers" \
  sh -c "curl -fsS --max-time 5 'http://127.0.0.1:$API_PORT/console/login' | grep -qi '<form'"
check "healthcheck: podman healthcheck run passes (the Dockerfile's HEALTHCHECK kept)" \
  pm healthcheck run "$RUN_ID-api"

pm run -d --name "$RUN_ID-worker" "${run_common[@]}" --no-healthcheck "$IMAGE" node dist/src/worker.js \
  >/dev/null 2>>"$WORK/run.log" || fail "worker: podman run failed"
worker_serves() {
  wait_http "http://127.0.0.1:$WORKER_PORT/healthz" 60 &&
    curl -fsS --max-time 5 -H "Authorization: Bearer $METRICS_TOKEN" \
      "http://127.0.0.1:$WORKER_PORT/metrics" | grep '^# HELP' >/dev/null
}
check "worker: the same image with node dist/src/worker.js serves /healthz and /metrics" worker_serves

# Data written by the service survive a restart: a console account made with the image's own script.
email="check-$RUN_ID@example.org"
pm exec "$RUN_ID-api" node dist/scripts/create-user.js --email "$email" --role admin --generate \
  >/dev/null 2>&1 || say "create-user failed"
count_accounts() {
  in_api node -e "const D=require('better-sqlite3');const db=new D('/app/data/tanga.sqlite',{readonly:true});
    console.log(db.prepare('SELECT count(*) AS n FROM counsellors').get().n)"
}
before=$(count_accounts 2>/dev/null)

stop_cleanly() {
  local name=$1 code
  pm stop -t 30 "$name" >/dev/null || return 1
  code=$(pm inspect --format '{{.State.ExitCode}}' "$name")
  [ "$code" = 0 ] || { say "$name exited $code"; return 1; }
  pm logs "$name" 2>&1 | grep 'shutting down' >/dev/null
}
check "shutdown: podman stop of the API exits 0 after the ordered shutdown" stop_cleanly "$RUN_ID-api"
check "shutdown: podman stop of the worker exits 0 after the ordered shutdown" stop_cleanly "$RUN_ID-worker"

pm start "$RUN_ID-api" >/dev/null 2>>"$WORK/run.log" && wait_http "http://127.0.0.1:$API_PORT/healthz" 60
after=$(count_accounts 2>/dev/null)
check "volume: the account written before the restart is still in SQLite on the named volume" \
  test -n "$before" -a "$before" = "${after:-x}" -a "${before:-0}" -ge 1

no_dev_in_image() {
  # The repository's lockfile, not the image's (the build rewrites that one when it prunes): every
  # package it marks dev or devOptional (a dev dependency that is also an optional peer of a production
  # one, as typescript is for valibot) must be absent; the optional ones bullmq uses must be present.
  pm run --rm --network none -v "$PWD/package-lock.json:/check/package-lock.json:ro" "$IMAGE" node -e '
    const fs = require("fs");
    const lock = require("/check/package-lock.json").packages;
    const here = (k) => k !== "" && fs.existsSync("/app/" + k);
    const devKeys = Object.keys(lock).filter((k) => lock[k].dev || lock[k].devOptional);
    const found = devKeys.filter(here);
    if (devKeys.length === 0) { console.log("the lockfile lists no dev dependency: nothing checked"); process.exit(1); }
    if (found.length) { console.log("dev dependencies in the image: " + found.slice(0, 10).join(", ")); process.exit(1); }
    for (const k of ["node_modules/bullmq", "node_modules/msgpackr-extract", "node_modules/better-sqlite3"])
      if (!here(k)) { console.log("missing from the image: " + k); process.exit(1); }
    console.log("[container] " + devKeys.length + " dev packages of the lockfile absent (typescript among them)");' &&
    pm run --rm --network none "$IMAGE" sh -c '
      bad=0
      for t in gcc g++ cc c++ make python3 tsc tsx jest; do
        if command -v "$t" >/dev/null 2>&1; then echo "in the image: $t"; bad=1; fi
      done
      for d in /app/src /app/test /app/bench /app/node_modules/.bin/jest /app/node_modules/.bin/tsc /app/node_modules/typescript; do
        if [ -e "$d" ]; then echo "in the image: $d"; bad=1; fi
      done
      t=$(find /app -path /app/node_modules -prune -o \( -name "*.test.*" -o -name "*.spec.*" \) -print | head -n 3)
      if [ -n "$t" ]; then echo "in the image: $t"; bad=1; fi
      exit $bad'
}
check "contents: no dev dependency of package-lock.json (typescript included), compiler or test file in the runtime image ($((size / 1024 / 1024)) MB)" \
  no_dev_in_image

summary
