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
# nats-server and the nats CLI (`nats bench`), built with `go install` from the Go module proxy
# once per machine (about 40 s and 110 s on two cores): the JetStream tests run real servers.
# tests/common/nats.rs installs the same pinned server the same way when this script has not run;
# both take the lock file below and move a finished binary into place, so neither ever runs a
# half-written one.
NATS_SERVER_VERSION=2.15.3
NATSCLI_VERSION=0.5.1
nats_server_current() {
  [ "$("$tools/bin/nats-server" --version 2>/dev/null)" = "nats-server: v$NATS_SERVER_VERSION" ]
}
if ! nats_server_current; then
  (
    flock 9
    if ! nats_server_current; then
      staging=$(mktemp -d "$tools/nats-server.XXXXXX")
      trap 'rm -rf "$staging"' EXIT
      GOBIN="$staging" go install "github.com/nats-io/nats-server/v2@v$NATS_SERVER_VERSION" >&2
      mv -f "$staging/nats-server" "$tools/bin/nats-server"
    fi
  ) 9>"$tools/nats-server.lock"
fi
if [ ! -x "$tools/bin/nats" ] || ! "$tools/bin/nats" --version 2>&1 | grep -qx "v\{0,1\}$NATSCLI_VERSION"; then
  GOBIN="$tools/bin" go install "github.com/nats-io/natscli/nats@v$NATSCLI_VERSION" >&2
fi
echo "$tools/bin"
