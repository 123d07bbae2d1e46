#!/usr/bin/env bash
# The whole test suite: formatting; one debug build of the workspace and the release browser bundle,
# both compiled under clippy's lints; Rust unit and story tests (SQLite always; PostgreSQL when
# TEST_POSTGRES_URL is set); then the browser tests in Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
ensure_build_tools
ensure_chromium

say "checking formatting"
cargo fmt --all --check

# One debug build serves clippy and the tests: clippy's driver compiles the workspace's crates, its
# lints on and warnings denied, in the same pass that builds the test binaries and the server.
export RUSTC_WORKSPACE_WRAPPER=clippy-driver
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
say "building the workspace (debug) under clippy's lints"
cargo build --workspace --all-targets --locked
say "building the browser bundle (release) under clippy's lints"
cargo leptos build --release --frontend-only --cargo-locked

if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  say "TEST_POSTGRES_URL is not set: the PostgreSQL stories will be skipped (.ci/run sets it)"
fi
say "unit and story tests"
cargo test --workspace --locked

say "browser tests (the debug server with the release bundle)"
cp target/release/hash.txt target/debug/hash.txt
PORTAL_BINARY=target/debug/portal node --test tests/e2e/
