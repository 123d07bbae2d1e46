#!/usr/bin/env bash
# Runs the portal on http://127.0.0.1:3000 with the embedded SQLite database (data/portal.db):
# installs the build tools when missing, builds, migrates, loads the demo data on the first run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
ensure_build_tools

say "building the portal (release)"
cargo leptos build --release

export DATABASE_URL="${DATABASE_URL:-sqlite:data/portal.db}"
marker="data/.demo-loaded"
if [[ "$DATABASE_URL" == sqlite:* ]] && [ ! -e "$marker" ]; then
  say "first run: loading the demo data"
  ./target/release/portal seed-demo
  mkdir -p data && touch "$marker"
fi

say "serving on http://${PORTAL_ADDR:-127.0.0.1:3000} (Ctrl-C stops)"
exec ./target/release/portal serve
