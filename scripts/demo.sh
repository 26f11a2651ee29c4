#!/usr/bin/env bash
# `npm run demo`: everything needed to try Tanga on one machine, on embedded defaults (SQLite, in-process
# workers, development SMS gateway that only logs). Installs what is missing, makes sure Redis answers,
# starts the server, and opens the phone simulator. Ctrl-C (or finishing a session with END) stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-3000}
say() { printf '\033[1m[demo]\033[0m %s\n' "$*"; }

node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number); console.log(a>20||(a===20&&b>=19)?1:0)')
if [ "$node_ok" != 1 ]; then
  say "Node $(node --version) is too old: Tanga needs Node 20.19 or newer (https://nodejs.org)."
  exit 1
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

redis_answers() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -p 6379 ping 2>/dev/null)" = "PONG" ]
  else
    (exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG) 2>/dev/null
  fi
}

if ! redis_answers; then
  if command -v redis-server >/dev/null 2>&1; then
    say "starting a local redis-server on 127.0.0.1:6379 (no persistence)"
    mkdir -p data/redis
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no --dir data/redis \
      --logfile "$PWD/data/redis/redis.log"
    for _ in $(seq 1 50); do redis_answers && break; sleep 0.1; done
  else
    say "Redis is not installed. On Debian or Ubuntu: sudo apt-get install -y redis-server"
    say "Then run npm run demo again."
    exit 1
  fi
fi

mkdir -p data
say "starting Tanga on http://127.0.0.1:$PORT (log: data/demo.log)"
# Its own process group (setsid): npx → tsx → node are several processes, and killing only the first
# left the server holding the port. At exit the whole group gets SIGTERM (the graceful shutdown), then
# SIGKILL if it is still there after 10 s.
PORT=$PORT WORKERS=inline LOG_LEVEL=${LOG_LEVEL:-info} setsid npx tsx src/main.ts >data/demo.log 2>&1 &
server=$!
stop_server() {
  kill -TERM -- "-$server" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    kill -0 -- "-$server" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL -- "-$server" 2>/dev/null || true
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 || node -e "fetch('http://127.0.0.1:$PORT/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then
    break
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    say "the server stopped; last lines of data/demo.log:"
    tail -n 20 data/demo.log
    exit 1
  fi
  sleep 0.2
done

say "console: http://127.0.0.1:$PORT/console (create an account: npm run user:create -- --email you@example.org --role admin)"
say "SMS are not sent in the demo: they appear in data/demo.log with the number masked."
say "phone simulator: type a key and Enter; 0 back, 00 home, 98 more, 99 quick exit."
npx tsx scripts/simulate.ts --url "http://127.0.0.1:$PORT/ussd" "$@"
