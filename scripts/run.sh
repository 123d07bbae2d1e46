#!/usr/bin/env bash
# Runs the portal on http://127.0.0.1:3000 with the embedded SQLite database (data/portal.db):
# installs the build tools when missing, builds, migrates, loads the demo data on the first run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
ensure_build_tools

say "building the portal (release)"
cargo leptos build --release

# First run: migrate and load the demo needs (seed-demo itself never loads them twice).
marker="data/.demo-loaded"
if [ ! -e "$marker" ]; then
  say "first run: loading the demo data"
  ./target/release/portal seed-demo
  mkdir -p data && touch "$marker"
fi

# The local run shows the whole pledge flow: without a configured receiving account, use a clearly
# fictitious one (a bank app scanning its QR finds no such account).
if [ ! -f portal.toml ] && [ -z "${PORTAL_DEFAULT_ACCOUNT:-}" ]; then
  export PORTAL_DEFAULT_ACCOUNT="970436:DEMO0011001234567:QUY BAO TRO TRE EM (MINH HOA)"
fi

say "serving on http://${PORTAL_ADDR:-127.0.0.1:3000} (Ctrl-C stops)"
exec ./target/release/portal serve
