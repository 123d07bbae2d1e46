# shellcheck shell=bash
# Installs, when missing, what building and testing the portal needs. Sourced by run.sh and test.sh.
# Only the package registries are reachable, so every tool comes from crates.io, npm or Debian.

CARGO_LEPTOS_VERSION=0.3.8

say() { printf '\033[1;32m==>\033[0m %s\n' "$*" >&2; }

ensure_build_tools() {
  export PATH="$HOME/.cargo/bin:$PATH"
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes on 2 cores, once)"
    cargo install "cargo-leptos@$CARGO_LEPTOS_VERSION" --locked
  fi
  # wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly. Not --locked: its own
  # lock file pins a yanked crate.
  local wbg
  wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
    say "installing wasm-bindgen-cli $wbg"
    cargo install "wasm-bindgen-cli@$wbg"
  fi
  # wasm-opt comes from npm's binaryen (Debian's is too old: its bundles fail to hydrate).
  if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages (binaryen, playwright-core, axe-core)"
    npm ci --no-audit --no-fund
  fi
  export PATH="$PWD/node_modules/.bin:$PATH"
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
}
