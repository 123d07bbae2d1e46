#!/usr/bin/env bash
# The ledger benchmark: builds `ledger-bench` (release), loads 1,000,000 confirmed pledges into a
# fresh SQLite database and prints the timings against their targets. Arguments go to the binary
# (a database path, --pledges, --searches, --seed); it exits with 2 when a target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release -p web --bin ledger-bench --locked
mkdir -p target/bench
# Bounded: a run takes a few minutes on two cores; a stuck one is stopped.
exec timeout 30m target/release/ledger-bench "$@"
