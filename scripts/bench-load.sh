#!/usr/bin/env bash
# The load benchmark, on loopback only and bounded in time. The portal runs on one core (taskset),
# the load generator on the other, so runs compare. Once: (a) nginx serving a saved copy of a
# campaign page as a static file from the portal's core — the ceiling. Then for SQLite
# (synchronous=FULL) and PostgreSQL side by side: (b) the campaign page; (c) the needs board;
# (d) pledge creation over HTTP; (e) the campaign page while pledges arrive on 4 more connections —
# launch day; (f) the campaign page while a bank feed reports transfers to the campaign's account on
# 4 more connections. Each runs DURATION seconds with wrk at 64 connections. Prints requests per second,
# p50/p99 latency, (b)/(a) and (e)/(b), how long the page took to show the final total once the
# pledges stopped, the portal's peak memory, and fails if an acknowledged pledge is missing or the
# page is more than 2 s behind.
# Usage: scripts/bench-load.sh [DURATION_SECONDS] [sqlite|postgres|both]   (default 15, both)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh

DURATION=${1:-15}
BACKENDS=${2:-both}
CONNECTIONS=64
PLEDGERS=4
PORTAL_PORT=3187
NGINX_PORT=3188
PG_URL=${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
# The portal and nginx on one core, wrk on the other (on a one-core machine, both on core 0).
SERVER_CPU=0
LOAD_CPU=$(( $(nproc) > 1 ? 1 : 0 ))

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  say "installing wrk and nginx from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null
fi
if [ ! -x target/release/portal ] || [ ! -d target/site/pkg ]; then
  ensure_build_tools
  cargo leptos build --release
fi

work=$(mktemp -d /tmp/portal-bench-XXXXXX)
# nginx's workers run as another user: they must be able to read the saved page.
chmod 755 "$work"
cleanup() {
  [ -n "${portal_pid:-}" ] && kill "$portal_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  [ -n "${pg_database:-}" ] && psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $pg_database" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export PORTAL_SITE_ROOT="$PWD/target/site"
export PORTAL_PLEDGE_RATE_PER_MINUTE=0
export PORTAL_MAIL_URL=log
export PORTAL_BANK_FEED_KEY=bench-bank-feed-key-0123456789abcdef
# The production log level: every request's span is part of what is measured.
unset RUST_LOG
base="http://127.0.0.1:$PORTAL_PORT"

start_portal() { # database-url
  export DATABASE_URL="$1"
  target/release/portal seed-demo >/dev/null
  taskset -c "$SERVER_CPU" target/release/portal serve --addr "127.0.0.1:$PORTAL_PORT" >/dev/null 2>>"$work/portal.log" &
  portal_pid=$!
  for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
}

stop_portal() {
  kill "$portal_pid"
  wait "$portal_pid" 2>/dev/null || true
  portal_pid=
}

api_pledged() { curl -sf "$base/api/v1/campaigns/$campaign" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pledged"])'; }

# The total the public campaign page shows, in whole đồng.
page_pledged() {
  curl -sf "$base/campaigns/$campaign" |
    python3 -c 'import re,sys; m = re.search(r"class=\"campaign-pledged\">([0-9.]+)", sys.stdin.read()); print(m.group(1).replace(".", "") if m else -1)'
}

write_pledge_script() { # file campaign
  cat >"$1" <<EOF
-- One new pledge per request: a different donor each time, 100.000 ₫ each.
local counter = 0
local thread_id = 0
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  thread_id = id
  acknowledged = 0
end
function request()
  counter = counter + 1
  local body = string.format('{"campaign":"$2","donor_type":"individual","name":"Người ủng hộ %d-%d-%d",' ..
    '"email":"bench-%d-%d-%d@example.vn","amount":100000,"display":"anonymous","consent":true}',
    os.time(), thread_id, counter, os.time(), thread_id, counter)
  return wrk.format("POST", "/api/v1/pledges", {["Content-Type"] = "application/json"}, body)
end
function response(status, headers, body)
  if status >= 200 and status < 300 then acknowledged = acknowledged + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("acknowledged") end
  io.write(string.format("ACKNOWLEDGED %d\n", total))
end
EOF
}

write_feed_script() { # file
  cat >"$1" <<EOF
-- One SePay notification per request: a transfer to the open campaign's account, each with its
-- own id and bank reference, naming no pledge (it waits for review, as most memos do).
local counter = 0
acknowledged = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function request()
  counter = counter + 1
  local body = string.format('{"id":%d%06d,"gateway":"Vietcombank","transactionDate":"2026-12-05 10:00:00",' ..
    '"accountNumber":"0000000000000","subAccount":null,"code":null,"content":"UNG HO CHIEN DICH AO AM %d",' ..
    '"transferType":"in","transferAmount":50000,"accumulated":0,"referenceCode":"FTB%d%06d","description":""}',
    os.time(), counter, counter, os.time(), counter)
  return wrk.format("POST", "/api/v1/bank-feed/sepay",
    {["Content-Type"] = "application/json", ["Authorization"] = "Apikey $PORTAL_BANK_FEED_KEY"}, body)
end
function response(status, headers, body)
  if status == 200 then acknowledged = acknowledged + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("acknowledged") end
  io.write(string.format("ACKNOWLEDGED %d\\n", total))
end
EOF
}

# Runs wrk on the load core; prints a line and sets RPS, P50, P99 (and ACKED for pledges).
measure() { # label connections url [script]
  local out
  out=$(taskset -c "$LOAD_CPU" wrk -t1 -c"$2" -d"${DURATION}s" --latency ${4:+-s "$4"} "$3")
  echo "$out" >"$work/$(tr -c 'a-z0-9' '_' <<<"$1").log"
  RPS=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  P50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  P99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  ACKED=$(awk '/^ACKNOWLEDGED/ { print $2 }' <<<"$out")
  printf '%-44s %10s req/s   p50 %8s   p99 %8s\n' "$1" "$RPS" "$P50" "$P99"
  grep "Non-2xx\|Socket errors" <<<"$out" | sed 's/^/    /' || true
}

ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.3f}')" "$1" "$2"; }

echo "machine: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo), $(uname -r)"
echo "portal and nginx on cpu $SERVER_CPU, wrk on cpu $LOAD_CPU; ${DURATION}s per measure, $CONNECTIONS connections, $PLEDGERS pledging in (e)"

# (a) The ceiling, from a SQLite portal's rendering of the page.
start_portal "sqlite:$work/ceiling.db"
campaign=$(curl -sf "$base/api/v1/campaigns" |
  python3 -c 'import json,sys; print(next(c["slug"] for c in json.load(sys.stdin)["items"] if c["accepting"]))')
mkdir -p "$work/www/campaigns" "$work/tmp"
curl -sf "$base/campaigns/$campaign" -o "$work/www/campaigns/$campaign.html"
stop_portal
chmod -R a+rX "$work/www"
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
worker_cpu_affinity $(python3 -c "print(bin(1 << $SERVER_CPU)[2:])");
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  client_body_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/www;
    location / { try_files \$uri.html \$uri =404; }
  }
}
EOF
nginx -c "$work/nginx.conf" -p "$work"
measure "(a) nginx, static campaign page" "$CONNECTIONS" "http://127.0.0.1:$NGINX_PORT/campaigns/$campaign"
ceiling=$RPS
kill "$(cat "$work/nginx.pid")"
rm -f "$work/nginx.pid"

failed=0
summary=()
for backend in sqlite postgres; do
  [ "$BACKENDS" = both ] || [ "$BACKENDS" = "$backend" ] || continue
  echo
  if [ "$backend" = sqlite ]; then
    start_portal "sqlite:$work/portal.db"
  else
    if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
      echo "PostgreSQL is not running on 127.0.0.1:5432: skipped"
      continue
    fi
    pg_database="portal_bench_$$"
    psql -q "$PG_URL" -c "CREATE DATABASE $pg_database"
    start_portal "${PG_URL%/*}/$pg_database"
  fi
  echo "== $backend"
  write_pledge_script "$work/pledge.lua" "$campaign"
  before=$(api_pledged)

  measure "(b) $backend: campaign page" "$CONNECTIONS" "$base/campaigns/$campaign"
  page_rps=$RPS
  measure "(c) $backend: needs board" "$CONNECTIONS" "$base/needs"
  measure "(d) $backend: pledge creation" "$CONNECTIONS" "$base" "$work/pledge.lua"
  pledge_rps=$RPS
  acknowledged=$ACKED

  # (e) Launch day: the crowd reads the page while pledges keep arriving.
  taskset -c "$LOAD_CPU" wrk -t1 -c"$PLEDGERS" -d"${DURATION}s" -s "$work/pledge.lua" "$base" >"$work/e-pledges.log" &
  pledgers=$!
  measure "(e) $backend: campaign page while pledging" "$CONNECTIONS" "$base/campaigns/$campaign"
  mixed_rps=$RPS
  wait "$pledgers"
  mixed_pledges=$(awk '/^Requests\/sec/ { print $2 }' "$work/e-pledges.log")
  acknowledged=$((acknowledged + $(awk '/^ACKNOWLEDGED/ { print $2 }' "$work/e-pledges.log")))
  printf '%-44s %10s req/s\n' "    pledges during (e), $PLEDGERS connections" "$mixed_pledges"

  # (f) A viral campaign's account: transfers reported by the bank feed while the crowd reads.
  write_feed_script "$work/feed.lua"
  taskset -c "$LOAD_CPU" wrk -t1 -c"$PLEDGERS" -d"${DURATION}s" -s "$work/feed.lua" "$base" >"$work/f-feed.log" &
  feeders=$!
  measure "(f) $backend: campaign page while the bank reports" "$CONNECTIONS" "$base/campaigns/$campaign"
  feed_page_rps=$RPS
  wait "$feeders"
  notifications=$(awk '/^Requests\/sec/ { print $2 }' "$work/f-feed.log")
  printf '%-44s %10s req/s (%s answered 200)\n' "    notifications during (f), $PLEDGERS conn." "$notifications" \
    "$(awk '/^ACKNOWLEDGED/ { print $2 }' "$work/f-feed.log")"

  # Once the pledges stop, the page must show the final total within 2 s.
  final=$(api_pledged)
  started=$(date +%s.%N)
  behind=""
  while :; do
    shown=$(page_pledged)
    now=$(date +%s.%N)
    if [ "$shown" = "$final" ]; then behind=$(python3 -c "print(f'{$now - $started:.2f}')"); break; fi
    if python3 -c "import sys; sys.exit(0 if $now - $started > 2 else 1)"; then break; fi
    sleep 0.05
  done
  stored=$(( (final - before) / 100000 ))
  peak_kb=$(awk '/VmHWM/ { print $2 }' "/proc/$portal_pid/status")
  echo "(b)/(a) = $(ratio "$page_rps" "$ceiling")  (target at least 0.8)"
  echo "(e)/(b) = $(ratio "$mixed_rps" "$page_rps")  (target at least 0.5)"
  echo "final total on the page after: ${behind:-more than 2} s  (target within 2 s)"
  echo "pledges acknowledged with 2xx: $acknowledged; in the database: $stored"
  echo "portal peak memory (VmHWM): $((peak_kb / 1024)) MiB  (target under 150 MB)"
  echo "(f)/(b) = $(ratio "$feed_page_rps" "$page_rps") with $notifications notifications/s"
  summary+=("$backend: (d) $pledge_rps pledges/s, (e)/(b) $(ratio "$mixed_rps" "$page_rps"), (f) $notifications notifications/s at (f)/(b) $(ratio "$feed_page_rps" "$page_rps"), $((peak_kb / 1024)) MiB")
  if [ "$stored" -lt "$acknowledged" ]; then
    echo "FAIL: an acknowledged pledge is missing" >&2
    failed=1
  fi
  if [ -z "$behind" ]; then
    echo "FAIL: the campaign page still showed $shown đồng, not $final, 2 s after the pledges stopped" >&2
    failed=1
  fi
  stop_portal
done
echo
printf '%s\n' "${summary[@]}"
exit $failed
