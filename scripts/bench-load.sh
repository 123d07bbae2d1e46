#!/usr/bin/env bash
# The load benchmark, on loopback only and bounded in time: (a) nginx serving a saved copy of a
# campaign page as a static file — the ceiling; (b) the portal's campaign page; (c) its needs board;
# (d) pledge creation over HTTP (SQLite, synchronous=FULL). Each runs DURATION seconds at 64
# connections with wrk. Prints requests per second, p50/p99 latency, (b)/(a), the portal's peak
# memory, and checks that every pledge acknowledged with 2xx is in the database afterwards.
# Usage: scripts/bench-load.sh [DURATION_SECONDS]   (default 15)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh

DURATION=${1:-15}
CONNECTIONS=64
PORTAL_PORT=3187
NGINX_PORT=3188

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
  rm -rf "$work"
}
trap cleanup EXIT

export DATABASE_URL="sqlite:$work/portal.db"
export PORTAL_SITE_ROOT="$PWD/target/site"
export PORTAL_PLEDGE_RATE_PER_MINUTE=0
export PORTAL_MAIL_URL=log
# The production log level: every request's span is part of what is measured.
unset RUST_LOG
target/release/portal seed-demo >/dev/null
target/release/portal serve --addr "127.0.0.1:$PORTAL_PORT" >/dev/null 2>"$work/portal.log" &
portal_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORTAL_PORT/healthz" >/dev/null && break; sleep 0.1; done

campaign=$(curl -sf "http://127.0.0.1:$PORTAL_PORT/api/v1/campaigns" |
  python3 -c 'import json,sys; print(next(c["slug"] for c in json.load(sys.stdin)["items"] if c["accepting"]))')

# The ceiling: the same page's bytes, from nginx, one worker per core, no log.
mkdir -p "$work/www/campaigns"
curl -sf "http://127.0.0.1:$PORTAL_PORT/campaigns/$campaign" -o "$work/www/campaigns/$campaign.html"
chmod -R a+rX "$work/www"
cat >"$work/nginx.conf" <<EOF
worker_processes auto;
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
mkdir -p "$work/tmp"
nginx -c "$work/nginx.conf" -p "$work"

cat >"$work/pledge.lua" <<EOF
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
  local body = string.format('{"campaign":"$campaign","donor_type":"individual","name":"Người ủng hộ %d-%d",' ..
    '"email":"bench-%d-%d@example.vn","amount":100000,"display":"anonymous","consent":true}',
    thread_id, counter, thread_id, counter)
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

run() { # name url [script]
  local out
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency ${3:+-s "$3"} "$2")
  local rps p50 p99
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  printf '%-34s %10s req/s   p50 %8s   p99 %8s\n' "$1" "$rps" "$p50" "$p99"
  echo "$out" >"$work/$(tr -c 'a-z' '_' <<<"$1").log"
  eval "${4:-_}=\$rps"
  grep -q "Non-2xx" <<<"$out" && grep "Non-2xx" <<<"$out" | sed 's/^/    /' || true
  [ -n "${3:-}" ] && acknowledged=$(awk '/^ACKNOWLEDGED/ { print $2 }' <<<"$out")
  return 0
}

pledged_before=$(curl -sf "http://127.0.0.1:$PORTAL_PORT/api/v1/campaigns/$campaign" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["pledged"])')

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo), $(uname -r); wrk -t2 -c$CONNECTIONS -d${DURATION}s"
run "(a) nginx, static campaign page" "http://127.0.0.1:$NGINX_PORT/campaigns/$campaign" "" ceiling
run "(b) portal, campaign page" "http://127.0.0.1:$PORTAL_PORT/campaigns/$campaign" "" campaign_rps
run "(c) portal, needs board" "http://127.0.0.1:$PORTAL_PORT/needs" "" board_rps
run "(d) portal, pledge creation" "http://127.0.0.1:$PORTAL_PORT" "$work/pledge.lua" pledge_rps

pledged_after=$(curl -sf "http://127.0.0.1:$PORTAL_PORT/api/v1/campaigns/$campaign" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["pledged"])')
stored=$(( (pledged_after - pledged_before) / 100000 ))
peak_kb=$(awk '/VmHWM/ { print $2 }' "/proc/$portal_pid/status")

python3 - "$ceiling" "$campaign_rps" <<'EOF'
import sys
ceiling, campaign = float(sys.argv[1]), float(sys.argv[2])
print(f"(b)/(a) = {campaign / ceiling:.3f}  (target at least 0.5)")
EOF
echo "pledges acknowledged with 2xx: $acknowledged; in the database: $stored"
echo "portal peak memory (VmHWM): $((peak_kb / 1024)) MiB  (target under 150 MB)"
if [ "$stored" -lt "$acknowledged" ]; then
  echo "FAIL: an acknowledged pledge is missing" >&2
  exit 1
fi
