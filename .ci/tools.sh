#!/usr/bin/env bash
# Installs the command-line tools the project's checks use into .tools/ (ignored by git), from
# the package registries only. Idempotent: a tool already at its pinned version is kept.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
mkdir -p "$tools/bin"

BUF_VERSION=1.75.0

if [ ! -x "$tools/bin/buf" ] || [ "$("$tools/bin/buf" --version 2>/dev/null)" != "$BUF_VERSION" ]; then
  # The npm package ships buf's native binary for this platform.
  npm install --prefix "$tools/npm" --no-save --no-audit --no-fund "@bufbuild/buf@$BUF_VERSION" >/dev/null
  ln -sf "$tools/npm/node_modules/.bin/buf" "$tools/bin/buf"
fi
# cargo-deny from the crate registry, compiled once per machine (a few minutes).
CARGO_DENY_VERSION=0.20.2
if [ ! -x "$tools/bin/cargo-deny" ] || ! "$tools/bin/cargo-deny" --version 2>/dev/null | grep -q "$CARGO_DENY_VERSION"; then
  cargo install --quiet --locked --version "$CARGO_DENY_VERSION" --root "$tools/cargo-deny" cargo-deny >&2
  ln -sf "$tools/cargo-deny/bin/cargo-deny" "$tools/bin/cargo-deny"
fi
echo "$tools/bin"
