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
echo "$tools/bin"
