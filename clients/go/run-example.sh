#!/usr/bin/env bash
# Builds the WatchTask example into .tools/ at the repository root and runs it against the gateway
# at $WADISPATCH_ADDR (default 127.0.0.1:50051). Works from any directory, and runs in the
# caller's, so relative paths in WADISPATCH_CA_CERT and the like mean what they say.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$here/../../.tools/go-example/watchtask"
(cd "$here" && go build -o "$bin" ./examples/watchtask)
exec "$bin" "$@"
