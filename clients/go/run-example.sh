#!/usr/bin/env bash
# Runs the WatchTask example against the gateway at $WADISPATCH_ADDR (default 127.0.0.1:50051).
# Works from any directory: it runs inside the module, next to this script.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
exec go run ./examples/watchtask "$@"
