#!/usr/bin/env bash
# End-to-end check of the gateway's callers over TLS with an API key, against `demo` (the gateway
# in front of the platform simulator): the demo's own campaign (the terminal client's path),
# grpcurl (reflection, a unary call, a create retried with the same request_id, a WatchTask
# stream, health, and what must be refused), the terminal client's `send` and `watch`, and the
# Go, Java and Python examples. It makes a test PKI (.ci/test-pki.sh) and a key (`keys new`), and runs two
# demos: one with TLS, one that also asks for client certificates (mutual TLS), where a
# certificate alone names a caller too. The Java example is built with Maven alone, its stubs
# generated from proto/ by that build.
#
# Expects the gateway to be built (cargo build); GATEWAY_BIN names another binary. Prints no key.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools="$root/.tools"
mkdir -p "$tools/bin"
export PATH="$tools/bin:$PATH"
started=$SECONDS

GRPCURL_VERSION=v1.9.3
if [ ! -x "$tools/bin/grpcurl" ] || ! "$tools/bin/grpcurl" -version 2>&1 | grep -q "${GRPCURL_VERSION#v}"; then
  GOBIN="$tools/bin" go install "github.com/fullstorydev/grpcurl/cmd/grpcurl@$GRPCURL_VERSION"
fi

gateway=${GATEWAY_BIN:-$root/target/debug/wadispatch-gateway}
[ -x "$gateway" ] || { echo "build the gateway first (cargo build)"; exit 1; }
# As on a fresh checkout: no Java stubs or classes from an earlier build.
rm -rf clients/java/target
# shellcheck source=.ci/checks.sh
source .ci/checks.sh
client_subject="CN=wadispatch-test-client"

# A key with every permission (`keys new` prints the key, a blank line, then its entry), and
# the client certificate as a second caller that may only read tasks.
"$gateway" keys new ci --permissions '*' >"$work/key.out" 2>"$work/key.err" ||
  { cat "$work/key.err"; exit 1; }
key=$(head -n 1 "$work/key.out")
[[ $key == wdk_* ]] || { echo "keys new printed no key"; exit 1; }
keys="$work/keys.toml"
{
  tail -n +3 "$work/key.out"
  printf '\n[[key]]\nname = "ci-certificate"\ncertificate_subject = "%s"\npermissions = ["tasks.read"]\n' \
    "$client_subject"
} >"$keys"
rm -f "$work/key.out"

# start_demo NAME ENV... -- FLAG...: starts a demo with the key file, TLS and FLAG..., its campaign
# calling it with the key and the CA (and ENV...); sets $addr once the campaign is over and the
# guide printed.
start_demo() {
  local name=$1
  shift
  local env=()
  while [ "$1" != "--" ]; do env+=("$1"); shift; done
  shift
  local guide="$work/$name.out"
  # Slow enough (a 100-recipient task takes ~5 s) that the examples watch it progress; the
  # campaign's 300 recipients take ~10 s before the guide is printed.
  env WADISPATCH_KEY="$key" WADISPATCH_CA_CERT="$ca" "${env[@]}" \
    "$gateway" demo --headless --grpc-addr 127.0.0.1:0 --listen 127.0.0.1:0 --webhook-addr 127.0.0.1:0 \
    --data-dir "$work/$name-data" --speed 0.2 --api-keys "$keys" \
    --tls-cert "$pki/server.pem" --tls-key "$pki/server-key.pem" "$@" >"$guide" 2>"$work/$name.err" &
  demo_pid=$!
  wait_for_demo "$name" "$guide" 120
}

# grpcurl bounded in time, trusting the test CA; add "${auth[@]}" to send the key.
grpcurl_tls() { grpcurl -connect-timeout 10 -max-time 30 -cacert "$ca" "$@"; }
auth=(-H "authorization: Bearer $key")
# Reflection needs a key: calls without one take the schema from proto files instead. The
# health service's is the standard grpc.health.v1 (the part of it grpcurl needs).
mkdir -p "$work/protos/grpc/health/v1"
cat >"$work/protos/grpc/health/v1/health.proto" <<'EOF'
syntax = "proto3";
package grpc.health.v1;
message HealthCheckRequest { string service = 1; }
message HealthCheckResponse {
  enum ServingStatus { UNKNOWN = 0; SERVING = 1; NOT_SERVING = 2; SERVICE_UNKNOWN = 3; }
  ServingStatus status = 1;
}
service Health { rpc Check(HealthCheckRequest) returns (HealthCheckResponse); }
EOF
health=(-import-path "$work/protos" -proto grpc/health/v1/health.proto)
protos=(-import-path proto -proto wadispatch/v1/task.proto -proto wadispatch/v1/caller.proto)

# The examples: who they are, then create a task (with a request_id, and once more with the same
# one, which must answer the same task), watch it, drop the connection, resume from the last
# cursor. examples NAME ENV...: runs all three at once (each its own task) with
# WADISPATCH_ADDR, the key and ENV, then checks each one's output.
examples() {
  local name=$1 lang
  shift
  local pids=()
  for lang in go java python; do
    run "$work/$name-$lang" env WADISPATCH_ADDR="$addr" WADISPATCH_KEY="$key" "$@" \
      timeout 600 bash "clients/$lang/run-example.sh" &
    pids+=($!)
  done
  wait "${pids[@]}"
  for lang in go java python; do
    check "$lang example ($name)" "$work/$name-$lang" '^caller ci \(CALLER_SOURCE_API_KEY\)$' \
      '^created task [0-9]+' '^retry with the same request id answered the same task [0-9]+$' \
      '^progress [0-9]+/[0-9]+ ' \
      '^dropped connection after cursor [0-9]+' '^resumed after cursor [0-9]+' \
      '^final progress matches the platform: 100/100' '^task [0-9]+ completed'
  done
}

create='{"options": {"name": "grpcurl", "target_type": "TARGET_TYPE_INDIVIDUAL"},
  "targets": ["8615200000001", "8615200000002", "8615200000003"], "contents": [{"text": {"text": "hi"}}]}'

# The terminal client against the demo at $addr: send a small campaign and watch it to its end,
# then watch the same task again as JSON lines. client_checks NAME FLAG...: FLAG... connects.
printf 'phone,name\n+86 152 0000 0001,Jane\n8615200000002,John\n' >"$work/recipients.csv"
client_checks() {
  local name=$1 w="$work/$1"
  shift
  run "$w-send" env WADISPATCH_KEY="$key" timeout 120 "$gateway" send --gateway "$addr" "$@" \
    --targets "$work/recipients.csv" --text "hi from the terminal client"
  check "client send ($name)" "$w-send" '^created task [0-9]+ \(2 recipients' \
    '^finished: 1 task: 1 COMPLETED; 2 recipients'
  local sent_task
  sent_task=$(awk '/^created task/ {print $3}' "$w-send")
  run "$w-client-watch" env WADISPATCH_KEY="$key" timeout 60 "$gateway" watch task "${sent_task:-none}" \
    --gateway "$addr" "$@" --until-final --output json --cursor-file "$work/$name.cursor"
  check "client watch --output json ($name)" "$w-client-watch" '"kind":"snapshot"' '"status":"COMPLETED"'
}

# 1. TLS and the key.
start_demo tls --
w="$work/tls"
check "demo campaign through its own gRPC API (TLS, key)" "$work/tls.out" \
  '^created task [0-9]+ \(300 recipients' '^reply from ' '^finished: 1 task: 1 COMPLETED; 300 recipients'
client_checks tls --ca-cert "$ca"
run "$w-list" grpcurl_tls "${auth[@]}" "$addr" list
check "grpcurl list" "$w-list" '^wadispatch\.v1\.TaskService$' '^wadispatch\.v1\.AccountService$' \
  '^wadispatch\.v1\.CallerService$' '^grpc\.health\.v1\.Health$'
run "$w-describe" grpcurl_tls "${auth[@]}" "$addr" describe wadispatch.v1.TaskService
check "grpcurl describe" "$w-describe" 'rpc WatchTask' 'Calls POST /group-dispatch-api/gsTask/noAssign/moCreate'
run "$w-caller" grpcurl_tls "${auth[@]}" "$addr" wadispatch.v1.CallerService/GetCaller
check "grpcurl GetCaller: the key's name" "$w-caller" '"name": "ci"' '"source": "CALLER_SOURCE_API_KEY"'
run "$w-create" grpcurl_tls "${auth[@]}" -d "$create" "$addr" wadispatch.v1.TaskService/CreateUnassignedTask
check "grpcurl unary call" "$w-create" '"taskId": "[0-9]+"'
task_id=$(grep -Eo '"taskId": "[0-9]+"' "$w-create" | grep -Eo '[0-9]+' || true)
run "$w-watch" grpcurl_tls "${auth[@]}" -max-time 60 \
  -d "{\"task_id\": \"$task_id\", \"after_cursor\": \"0\", \"end_when_final\": true}" \
  "$addr" wadispatch.v1.TaskService/WatchTask
check "grpcurl WatchTask stream" "$w-watch" '"snapshot"' '"recipientStatus"' '"status": "TASK_STATUS_COMPLETED"'
# A safe retry: the same create sent twice with one request_id (a UUID) answers the same task,
# since the gateway sends a request_id to the platform at most once.
request_id=$(python3 -c 'import uuid; print(uuid.uuid4())')
retried="${create%\}}, \"request_id\": \"$request_id\"}"
run "$w-retry1" grpcurl_tls "${auth[@]}" -d "$retried" "$addr" wadispatch.v1.TaskService/CreateUnassignedTask
check "grpcurl create with a request_id" "$w-retry1" '"taskId": "[0-9]+"'
run "$w-retry2" grpcurl_tls "${auth[@]}" -d "$retried" "$addr" wadispatch.v1.TaskService/CreateUnassignedTask
first_answer=$(grep -Eo '"taskId": "[0-9]+"' "$w-retry1" || echo 'no taskId in the first answer')
check "grpcurl retry with the same request_id: the same task" "$w-retry2" "$first_answer\$"
run "$w-health" grpcurl_tls "${health[@]}" -d '{"service": "wadispatch.v1.TaskService"}' "$addr" \
  grpc.health.v1.Health/Check
check "health check without a key" "$w-health" '"status": "SERVING"'

run "$w-nokey-list" grpcurl_tls "$addr" list
refused "reflection without a key" "$w-nokey-list" 'Unauthenticated'
run "$w-nokey-create" grpcurl_tls "${protos[@]}" -d "$create" "$addr" \
  wadispatch.v1.TaskService/CreateUnassignedTask
refused "unary call without a key" "$w-nokey-create" 'Code: Unauthenticated'
run "$w-badkey" grpcurl_tls "${protos[@]}" -H "authorization: Bearer wdk_not-a-key-of-this-gateway" \
  "$addr" wadispatch.v1.CallerService/GetCaller
refused "an unknown key" "$w-badkey" 'Code: Unauthenticated'
run "$w-untrusted" grpcurl -connect-timeout 10 -max-time 30 "${auth[@]}" "$addr" list
refused "a client that does not trust the test CA" "$w-untrusted" 'unknown authority'
run "$w-plaintext" grpcurl -connect-timeout 3 -max-time 10 -plaintext "${auth[@]}" "$addr" list
refused "plaintext" "$w-plaintext" 'Failed to dial target host'

examples tls WADISPATCH_CA_CERT="$ca"
stop_demo

# 2. Mutual TLS: the handshake needs a client certificate of the test CA; the certificate alone
# names the caller "ci-certificate" (tasks.read only); with a key, the key names it.
start_demo mtls WADISPATCH_CLIENT_CERT="$pki/client.pem" WADISPATCH_CLIENT_KEY="$pki/client-key.pem" -- \
  --tls-client-ca "$ca" --tls-client-auth required
w="$work/mtls"
check "demo campaign through its own gRPC API (mutual TLS, key)" "$work/mtls.out" \
  '^finished: 1 task: 1 COMPLETED; 300 recipients'
client_checks mtls --ca-cert "$ca" --client-cert "$pki/client.pem" --client-key "$pki/client-key.pem"
cert=(-cert "$pki/client.pem" -key "$pki/client-key.pem")
# openssl shows the handshake's end, where a gRPC client only sees a connection that fails.
# -ign_eof: it waits for the server to close (bounded by timeout) instead of leaving at once.
run "$w-nocert" timeout 10 openssl s_client -ign_eof -connect "$addr" -CAfile "$ca" -alpn h2 </dev/null
refused "mTLS: no client certificate" "$w-nocert" 'alert certificate required'
run "$w-caller" grpcurl_tls "${cert[@]}" "$addr" wadispatch.v1.CallerService/GetCaller
check "mTLS: the certificate names the caller" "$w-caller" '"name": "ci-certificate"' \
  '"source": "CALLER_SOURCE_CERTIFICATE"'
run "$w-create" grpcurl_tls "${cert[@]}" -d "$create" "$addr" wadispatch.v1.TaskService/CreateUnassignedTask
refused "mTLS: the certificate's permissions" "$w-create" 'Code: PermissionDenied'
run "$w-health" grpcurl_tls "${cert[@]}" "${health[@]}" -d '{"service": "wadispatch.v1.TaskService"}' \
  "$addr" grpc.health.v1.Health/Check
check "mTLS: health check without a key" "$w-health" '"status": "SERVING"'

examples mtls WADISPATCH_CA_CERT="$ca" WADISPATCH_CLIENT_CERT="$pki/client.pem" \
  WADISPATCH_CLIENT_KEY="$pki/client-key.pem"
stop_demo

echo "clients: $passed passed, $failed failed, in $((SECONDS - started)) s"
[ "$failed" -eq 0 ]
