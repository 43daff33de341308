#!/usr/bin/env bash
# Runs examples/watch-task.ts against $WADISPATCH_ADDR (default 127.0.0.1:50051), from any
# directory, over gRPC (HTTP/2) or gRPC-Web (HTTP/1.1, as a web page calls):
#   clients/typescript/run-example.sh            # gRPC
#   clients/typescript/run-example.sh grpc-web   # gRPC-Web
# Installs the pinned packages of package-lock.json (npm ci) when node_modules is missing or
# older than the lock file, then runs the example with the machine's Node.js (20 or newer) and
# tsx. Only the example writes to stdout.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# npm keeps a copy of the lock it installed from in node_modules.
if [ ! -f "$here/node_modules/.package-lock.json" ] ||
  [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  npm ci --prefix "$here" --no-audit --no-fund >&2
fi

exec "$here/node_modules/.bin/tsx" "$here/examples/watch-task.ts" "$@"
