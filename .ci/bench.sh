#!/usr/bin/env bash
# Runs the benchmarks behind BENCHMARKS.md: installs ghz (pinned, from the Go module proxy) into
# .tools/, and nats-server, the nats CLI and valgrind (callgrind's instruction counts) with
# .ci/tools.sh, builds the binaries and runs wadispatch-bench, which prints the report.
#   bash .ci/bench.sh                         the whole suite, release build (under 15 minutes)
#   bash .ci/bench.sh --quick                 proves the harness works, debug build (CI)
#   bash .ci/bench.sh --only jetstream        JetStream beside SQLite and `nats bench` (~4 minutes)
#   bash .ci/bench.sh --only callgrind        instructions per unary call, gateway and simulator
#   bash .ci/bench.sh --only fanout --subscribers 1000   any wadispatch-bench flags
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools="$root/.tools"
mkdir -p "$tools/bin"

GHZ_VERSION=v0.120.0
# A ghz built by `go install` reports its version as "dev": a stamp file records which it is.
if [ ! -x "$tools/bin/ghz" ] || [ "$(cat "$tools/ghz.version" 2>/dev/null)" != "$GHZ_VERSION" ]; then
  GOBIN="$tools/bin" go install "github.com/bojand/ghz/cmd/ghz@$GHZ_VERSION"
  echo "$GHZ_VERSION" >"$tools/ghz.version"
fi
# The JetStream measurement's servers and `nats bench`, pinned there (idempotent; its progress
# goes to stderr, the bin directory to stdout).
tools_bin=$(bash .ci/tools.sh)

profile=release
for arg in "$@"; do
  # Quick mode measures nothing, so it skips the release build.
  if [ "$arg" = "--quick" ]; then profile=debug; fi
done
if [ "$profile" = release ]; then
  cargo build --locked --release --bins
else
  cargo build --locked --bins
fi
exec "target/$profile/wadispatch-bench" --ghz "$tools/bin/ghz" \
  --nats-server "$tools_bin/nats-server" --nats "$tools_bin/nats" "$@"
