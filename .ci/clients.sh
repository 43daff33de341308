#!/usr/bin/env bash
# End-to-end check of the gateway's callers: grpcurl (reflection, a unary call, a WatchTask
# stream, health) and the Go, Java and Python examples, against `demo` (the gateway in front of
# the platform simulator). Expects the gateway binary to be built (cargo build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools="$root/.tools"
mkdir -p "$tools/bin"
export PATH="$tools/bin:$PATH"

GRPCURL_VERSION=v1.9.3
if [ ! -x "$tools/bin/grpcurl" ] || ! "$tools/bin/grpcurl" -version 2>&1 | grep -q "${GRPCURL_VERSION#v}"; then
  GOBIN="$tools/bin" go install "github.com/fullstorydev/grpcurl/cmd/grpcurl@$GRPCURL_VERSION"
fi

gateway="$root/target/debug/wadispatch-gateway"
[ -x "$gateway" ] || { echo "build the gateway first (cargo build)"; exit 1; }
work=$(mktemp -d)
guide="$work/demo.out"
# Slow enough (a 100-recipient task takes ~5 s) that the examples watch it progress.
"$gateway" demo --grpc-addr 127.0.0.1:0 --listen 127.0.0.1:0 --webhook-addr 127.0.0.1:0 \
  --data-dir "$work/data" --speed 0.2 >"$guide" 2>"$work/demo.err" &
demo_pid=$!
trap 'kill "$demo_pid" 2>/dev/null || true; wait "$demo_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  grep -q "gRPC gateway" "$guide" 2>/dev/null && break
  sleep 0.2
done
addr=$(awk '/gRPC gateway/ {print $3}' "$guide")
[ -n "$addr" ] || { echo "demo did not start:"; cat "$work/demo.err"; exit 1; }
echo "demo gateway at $addr"

passed=0
failed=0
check() { # check NAME FILE PATTERN...: the command succeeded and every PATTERN matches a line
  local name=$1 file=$2
  shift 2
  if [ -s "$file.status" ]; then
    echo "FAIL $name: $(cat "$file.status"); stderr:"
    sed 's/^/  ! /' "$file.err" | tail -20
    failed=$((failed + 1))
    return
  fi
  for pattern in "$@"; do
    if ! grep -Eq -- "$pattern" "$file"; then
      echo "FAIL $name: no line matches /$pattern/; output:"
      sed 's/^/  | /' "$file" | tail -40
      [ -s "$file.err" ] && { echo "  stderr:"; sed 's/^/  ! /' "$file.err" | tail -20; }
      failed=$((failed + 1))
      return
    fi
  done
  echo "ok   $name"
  passed=$((passed + 1))
}
run() { # run FILE COMMAND...: stdout into FILE, stderr into FILE.err; never aborts the script
  local file=$1
  shift
  : >"$file.status"
  "$@" >"$file" 2>"$file.err" || echo "exit status $?" >"$file.status"
}

# grpcurl: reflection, describe, a unary call, a stream to the end, health.
run "$work/list" grpcurl -plaintext "$addr" list
check "grpcurl list" "$work/list" '^wadispatch\.v1\.TaskService$' '^wadispatch\.v1\.AccountService$' '^grpc\.health\.v1\.Health$'
run "$work/describe" grpcurl -plaintext "$addr" describe wadispatch.v1.TaskService
check "grpcurl describe" "$work/describe" 'rpc WatchTask' 'Calls POST /group-dispatch-api/gsTask/noAssign/moCreate'
run "$work/create" grpcurl -plaintext -d '{"options": {"name": "grpcurl", "target_type": "TARGET_TYPE_INDIVIDUAL"},
  "targets": ["8615200000001", "8615200000002", "8615200000003"], "contents": [{"text": {"text": "hi"}}]}' \
  "$addr" wadispatch.v1.TaskService/CreateUnassignedTask
check "grpcurl unary call" "$work/create" '"taskId": "[0-9]+"'
task_id=$(grep -Eo '"taskId": "[0-9]+"' "$work/create" | grep -Eo '[0-9]+' || true)
run "$work/watch" timeout 60 grpcurl -plaintext -d "{\"task_id\": \"$task_id\", \"after_cursor\": \"0\", \"end_when_final\": true}" \
  "$addr" wadispatch.v1.TaskService/WatchTask
check "grpcurl WatchTask stream" "$work/watch" '"snapshot"' '"recipientStatus"' '"status": "TASK_STATUS_COMPLETED"'
run "$work/health" grpcurl -plaintext -d '{"service": "wadispatch.v1.TaskService"}' "$addr" grpc.health.v1.Health/Check
check "health check" "$work/health" '"status": "SERVING"'

# The examples: create a task, watch it, drop the connection, resume from the last cursor.
for lang in go java python; do
  run "$work/$lang" env WADISPATCH_ADDR="$addr" timeout 600 bash "clients/$lang/run-example.sh"
  check "$lang example" "$work/$lang" '^created task [0-9]+' '^progress [0-9]+/[0-9]+ ' \
    '^dropped connection after cursor [0-9]+' '^resumed after cursor [0-9]+' \
    '^final progress matches the platform: 100/100' '^task [0-9]+ completed'
done

echo "clients: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
