#!/usr/bin/env bash
# Chaos and soak checks against the real binary (BENCHMARKS.md, "Soak"): kill -9 cycles under
# webhook load, idle-connection floods on both ports, a snapshot storm, malformed-body floods
# and finished watches. Prints the figures; exits non-zero on any lost event or broken bound,
# never on a timing.
#   bash .ci/soak.sh                         full sizes, release build (about 2.5 minutes after it)
#   bash .ci/soak.sh --quick                 small sizes, debug build (CI; about 1.5 minutes)
#   bash .ci/soak.sh --only crash,storm      some of: crash, flood, storm, dead-letters,
#                                            finished-watches
#   bash .ci/soak.sh --seed 42               repeat a run's random kill moments
#   bash .ci/soak.sh --report soak.md        also write the report to a file
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# The flood check runs the gateway under a descriptor limit with prlimit (util-linux).
if ! command -v prlimit >/dev/null; then
  echo "soak.sh needs prlimit (util-linux)" >&2
  exit 1
fi
# This process holds the flood's thousands of connections: use every descriptor allowed.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null || true

profile=release
for arg in "$@"; do
  # Quick mode judges counts and bounds only, which a debug build keeps as well.
  if [ "$arg" = "--quick" ]; then profile=debug; fi
done
if [ "$profile" = release ]; then
  cargo build --locked --release --bins
else
  cargo build --locked --bins
fi
exec "target/$profile/wadispatch-bench" --soak "$@"
