#!/usr/bin/env bash
# Runs the portal on http://127.0.0.1:3000 with the embedded SQLite database (data/portal.db):
# installs the build tools when missing, builds, migrates, loads the demo data on the first run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
ensure_build_tools

say "building the portal (release)"
cargo leptos build --release

# Migrate and load the demo data: each part (needs, campaigns) loads once, so this is a no-op after
# the first run, and a database from an earlier version gets the parts it lacks.
say "loading the demo data (once)"
./target/release/portal seed-demo

# The local run shows the whole pledge flow: without a configured receiving account, use a clearly
# fictitious one (a bank app scanning its QR finds no such account).
if [ ! -f portal.toml ] && [ -z "${PORTAL_DEFAULT_ACCOUNT:-}" ]; then
  export PORTAL_DEFAULT_ACCOUNT="970436:DEMO0011001234567:QUY BAO TRO TRE EM (MINH HOA)"
fi

say "serving on http://${PORTAL_ADDR:-127.0.0.1:3000} (Ctrl-C stops)"
exec ./target/release/portal serve
