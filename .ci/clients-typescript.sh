#!/usr/bin/env bash
# End-to-end check of gRPC-Web and of the TypeScript client against `demo` over TLS with a key
# file, the page origin it lists given with --grpc-web-origin:
# - the package (clients/typescript): installed from its lock file (npm ci), type-checked, built;
# - buf curl --protocol grpcweb: reflection, a unary call, a WatchTask stream to its end, and a
#   call without a key refused;
# - the example over gRPC (connect-node, HTTP/2) and over gRPC-Web (connect-node, HTTP/1.1),
#   with the key, then with a client certificate as well (a second demo, mutual TLS);
# - the web page example in headless Chromium (Debian's package, installed when missing), with a
#   key that may only send, read and watch tasks, from the listed origin; and from another
#   origin, whose calls the browser refuses to send after the CORS preflight.
#
# Expects the gateway to be built (cargo build); GATEWAY_BIN names another binary. Prints no key.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
started=$SECONDS
tools_bin=$(bash .ci/tools.sh)
export PATH="$tools_bin:$PATH"

gateway=${GATEWAY_BIN:-$root/target/debug/wadispatch-gateway}
[ -x "$gateway" ] || { echo "build the gateway first (cargo build)"; exit 1; }
typescript=clients/typescript
# shellcheck source=.ci/checks.sh
source .ci/checks.sh

# new_key NAME PERMISSIONS: makes a key, appends its entry to the key file, sets $key.
keys="$work/keys.toml"
new_key() {
  "$gateway" keys new "$1" --permissions "$2" >"$work/key.out" 2>"$work/key.err" ||
    { cat "$work/key.err"; exit 1; }
  key=$(head -n 1 "$work/key.out")
  [[ $key == wdk_* ]] || { echo "keys new printed no key"; exit 1; }
  tail -n +3 "$work/key.out" >>"$keys"
  rm -f "$work/key.out"
}
new_key ci '*'
ci_key=$key
# What a page holds can be read by whoever uses it: a key for the page's work only.
new_key web tasks.send,tasks.read,tasks.watch
web_key=$key

# The page's origin: a free loopback port, which the page check then listens on.
page_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
page_origin="http://127.0.0.1:$page_port"

# start_demo NAME FLAG...: starts a demo with the key file, TLS, the page origin and FLAG...,
# and sets $addr.
start_demo() {
  local name=$1
  shift
  local guide="$work/$name.out"
  # Slow enough (a 100-recipient task takes ~5 s) that the examples watch it progress.
  "$gateway" demo --grpc-addr 127.0.0.1:0 --listen 127.0.0.1:0 --webhook-addr 127.0.0.1:0 \
    --data-dir "$work/$name-data" --speed 0.2 --api-keys "$keys" \
    --tls-cert "$pki/server.pem" --tls-key "$pki/server-key.pem" \
    --grpc-web-origin "$page_origin" "$@" >"$guide" 2>"$work/$name.err" &
  demo_pid=$!
  wait_for_demo "$name" "$guide" 20
}


# The package as a service installs it: the lock file's versions, its types, its build.
w="$work/package"
run "$w-ci" npm ci --prefix "$typescript" --no-audit --no-fund
check "npm ci (the lock file's packages)" "$w-ci"
run "$w-check" npm run --prefix "$typescript" check
check "tsc: the package and the examples type-check" "$w-check"
run "$w-build" npm run --prefix "$typescript" build
check "tsc: the package builds" "$w-build"

# buf curl over gRPC-Web; the schema from reflection, which needs the key too.
bufcurl() { buf curl --protocol grpcweb --cacert "$ca" --connect-timeout 10 "$@"; }
auth=(-H "authorization: Bearer $ci_key" --reflect-header '*')

examples() { # examples NAME ENV...: the example over gRPC and gRPC-Web, one after the other
  local name=$1 protocol
  shift
  for protocol in grpc grpc-web; do
    run "$work/$name-$protocol" env WADISPATCH_ADDR="$addr" WADISPATCH_KEY="$ci_key" "$@" \
      timeout 300 bash "$typescript/run-example.sh" "$protocol"
    check "TypeScript example over $protocol ($name)" "$work/$name-$protocol" \
      '^caller ci \(CALLER_SOURCE_API_KEY\)$' '^created task [0-9]+' \
      '^retry with the same request id answered the same task [0-9]+$' '^progress [0-9]+/[0-9]+ ' \
      '^dropped connection after cursor [0-9]+' '^resumed after cursor [0-9]+' \
      '^final progress matches the platform: 100/100' '^task [0-9]+ completed'
  done
}

# 1. TLS and a key.
start_demo tls
w="$work/tls"
run "$w-list" bufcurl "${auth[@]}" --list-services "https://$addr"
check "buf curl grpcweb: reflection" "$w-list" '^wadispatch\.v1\.TaskService$' '^grpc\.health\.v1\.Health$'
run "$w-caller" bufcurl "${auth[@]}" "https://$addr/wadispatch.v1.CallerService/GetCaller"
check "buf curl grpcweb: a unary call" "$w-caller" '"name": "ci"' '"source": "CALLER_SOURCE_API_KEY"'
run "$w-create" bufcurl "${auth[@]}" -d '{"options": {"name": "buf-curl", "target_type": "TARGET_TYPE_INDIVIDUAL"},
  "targets": ["8615200000001", "8615200000002", "8615200000003"], "contents": [{"text": {"text": "hi"}}]}' \
  "https://$addr/wadispatch.v1.TaskService/CreateUnassignedTask"
check "buf curl grpcweb: a create" "$w-create" '"taskId": "[0-9]+"'
task_id=$(grep -Eo '"taskId": "[0-9]+"' "$w-create" | grep -Eo '[0-9]+' || true)
run "$w-watch" timeout 60 buf curl --protocol grpcweb --cacert "$ca" "${auth[@]}" \
  -d "{\"task_id\": \"$task_id\", \"after_cursor\": \"0\", \"end_when_final\": true}" \
  "https://$addr/wadispatch.v1.TaskService/WatchTask"
check "buf curl grpcweb: a WatchTask stream to its end" "$w-watch" '"snapshot"' '"recipientStatus"' \
  '"status": "TASK_STATUS_COMPLETED"'
run "$w-nokey" bufcurl --schema proto "https://$addr/wadispatch.v1.CallerService/GetCaller"
refused "buf curl grpcweb: a call without a key" "$w-nokey" '"code": "unauthenticated"'

examples tls WADISPATCH_CA_CERT="$ca"

# The page, from the listed origin with the narrow key, then from another origin.
run "$w-page" env WADISPATCH_ADDR="$addr" WADISPATCH_KEY="$web_key" \
  timeout 300 "$typescript/node_modules/.bin/tsx" "$typescript/examples/web/check.ts" "$page_origin"
check "web page (connect-web in Chromium) from $page_origin" "$w-page" \
  '^caller web \(CALLER_SOURCE_API_KEY\)$' '^dropped connection after cursor [0-9]+' \
  '^resumed after cursor [0-9]+' '^final progress matches the platform: 100/100' '^task [0-9]+ completed'
other_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run "$w-other" env WADISPATCH_ADDR="$addr" WADISPATCH_KEY="$web_key" \
  timeout 300 "$typescript/node_modules/.bin/tsx" "$typescript/examples/web/check.ts" \
  "http://127.0.0.1:$other_port"
refused "web page from an origin the gateway does not list: refused by CORS" "$w-other" \
  "blocked by CORS policy"
stop_demo

# 2. Mutual TLS: the client certificate of the test CA at the handshake, and the key.
start_demo mtls --tls-client-ca "$ca" --tls-client-auth required
examples mtls WADISPATCH_CA_CERT="$ca" WADISPATCH_CLIENT_CERT="$pki/client.pem" \
  WADISPATCH_CLIENT_KEY="$pki/client-key.pem"
stop_demo

echo "clients-typescript: $passed passed, $failed failed, in $((SECONDS - started)) s"
[ "$failed" -eq 0 ]
