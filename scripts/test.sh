#!/usr/bin/env bash
# The whole test suite: formatting, clippy for the server (ssr) and browser (hydrate) builds, the
# release build, Rust unit and story tests (SQLite always; PostgreSQL when TEST_POSTGRES_URL is
# set), then the browser tests in Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
ensure_build_tools
ensure_chromium

say "checking formatting"
cargo fmt --all --check

say "clippy: server build (ssr)"
cargo clippy --workspace --all-targets --locked -- -D warnings
say "clippy: browser build (hydrate)"
cargo clippy -p frontend -p pages --lib --locked --target wasm32-unknown-unknown --no-default-features --features frontend/hydrate -- -D warnings

say "building the release bundle and server"
cargo leptos build --release

if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  say "TEST_POSTGRES_URL is not set: the PostgreSQL stories will be skipped (.ci/run sets it)"
fi
say "unit and story tests"
cargo test --workspace --locked

say "browser tests"
node --test tests/e2e/
