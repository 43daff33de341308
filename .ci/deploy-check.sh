#!/usr/bin/env bash
# Checks the deployment example (Dockerfile, deploy/) with the real tools and no container
# engine: the tools come from .ci/tools.sh (run first), nats-server from PATH (.tools/bin in CI),
# and no schema is fetched at check time. It builds the gateway (debug) to learn which files the
# build reads: a no-op after CI's build steps. Prints each finding; fails when there is any.
#
#   Dockerfile             hadolint; its build stage copies, and .dockerignore keeps, every file
#                          the build reads
#   deploy/**/*.yaml       yamllint (strict: syntax, duplicate keys, style)
#   deploy/compose.yaml    compose-go's loader: the Compose schema, interpolation, consistency
#   deploy/nginx           nginx -t of the image's nginx version
#   deploy/nats/nats.conf  nats-server -t, with each node's environment from compose and from
#                          the Kubernetes StatefulSet
#   deploy/kubernetes      kustomize build, then every object against the Kubernetes API's JSON
#                          schemas (strict: an unknown field fails) of the oldest and newest
#                          supported versions, and the cross-references no schema sees
#   every WADISPATCH_*     is a variable the gateway reads (src/config.rs)
#   ports, host names      agree between the image, nginx, compose and the manifests
#   image tags             pinned, and nats/nginx at the versions checked here
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools_bin=$(bash .ci/tools.sh)
export PATH="$tools_bin:$PATH"
tools=$(dirname "$tools_bin")
command -v nats-server >/dev/null || {
  echo "nats-server is not on PATH (.ci/tools.sh installs it into .tools/bin)" >&2
  exit 1
}

# The Kubernetes versions the manifests are checked against: the oldest supported (native
# sleep preStop hooks and gRPC probes) and the newest kubernetes-validate knows.
K8S_VERSIONS="1.31.0 1.37.0"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
step() { printf '\n--- %s\n' "$*"; }
finding() {
  echo "FAIL: $*" >&2
  failed=1
}

step "Dockerfile: hadolint"
if hadolint Dockerfile; then echo "ok"; else finding "hadolint: Dockerfile"; fi

step "Dockerfile: its build stage copies every file the build reads"
# What the build stage's COPY lines (those without --from) copy, alone, must hold the manifest
# and lock file cargo needs (--locked, as in the image), and every file the binary's build
# reads: its dep-info lists them (sources, build.rs, protos).
mkdir "$work/context"
while read -r -a args; do
  dest="$work/context/${args[-1]}" # WORKDIR is the context's root
  if [ "${#args[@]}" -gt 2 ] || [[ ${args[-1]} == */ ]]; then
    mkdir -p "$dest" && cp -r "${args[@]:0:${#args[@]}-1}" "$dest"
  else
    mkdir -p "$(dirname "$dest")" && cp -r "${args[0]}" "$dest"
  fi || finding "Dockerfile: COPY ${args[*]} copies what is not there"
done < <(sed -n 's/^COPY \([^-].*\)$/\1/p' Dockerfile)
cargo metadata --locked --quiet --format-version 1 --manifest-path "$work/context/Cargo.toml" \
  >/dev/null || finding "cargo cannot read the manifest and lock file the Dockerfile copies"
cargo build --locked --quiet --bin wadispatch-gateway
target_dir=$(cargo metadata --no-deps --format-version 1 |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
read_by_build=$(sed 's/^[^:]*: //' "$target_dir/debug/wadispatch-gateway.d" | tr ' ' '\n' |
  grep "^$root/" | grep -v "^$target_dir/" | sed "s|^$root/||")
copied=0
for file in $read_by_build; do
  if [ -e "$work/context/$file" ]; then
    copied=$((copied + 1))
  else
    finding "the image's build reads $file, which it does not copy"
  fi
done
echo "$copied of the $(echo "$read_by_build" | wc -l) files the build reads are copied"
echo "$read_by_build" >"$work/read-by-build"

step "YAML: yamllint"
yamllint_config='{extends: default, rules: {document-start: disable, line-length: {max: 100}}}'
if yamllint --strict -d "$yamllint_config" deploy; then
  echo "ok"
else
  finding "yamllint"
fi

step "compose: compose-go loader (schema, interpolation, consistency)"
# The variables the file requires, as an operator sets them.
if NATS_TOKEN=check-token WADISPATCH_UPSTREAM_URL=https://platform.invalid \
  compose-check deploy/compose.yaml >"$work/compose.json"; then
  echo "ok"
else
  finding "compose-check: deploy/compose.yaml"
fi

step "nginx: nginx -t ($(nginx -v 2>&1))"
# nginx -t prints warnings and still succeeds: a warning is a finding too.
mkdir "$work/nginx" "$work/nginx/logs"
if nginx -t -q -p "$work/nginx/" -e stderr -c "$root/deploy/nginx/nginx.conf" 2>"$work/nginx.out" &&
  ! grep -q . "$work/nginx.out"; then
  echo "ok"
else
  cat "$work/nginx.out" >&2
  finding "nginx -t: deploy/nginx/nginx.conf"
fi

step "kubernetes: kustomize build"
if kustomize build deploy/kubernetes >"$work/kubernetes.yaml"; then
  echo "ok: $(grep -c '^kind:' "$work/kubernetes.yaml") objects"
else
  finding "kustomize build deploy/kubernetes"
fi

step "kubernetes schemas, nats-server -t, cross-references, variables, image tags"
"$tools/deploy-py/bin/python" .ci/deploy-check.py "$work" "$K8S_VERSIONS" ||
  finding "the findings above"

if [ "$failed" -ne 0 ]; then
  echo "deploy-check: findings above" >&2
  exit 1
fi
echo "deploy-check: all checks passed"
