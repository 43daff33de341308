#!/usr/bin/env bash
# Runs examples/watch_task.py against $WADISPATCH_ADDR (default 127.0.0.1:50051), from any
# directory: creates (or reuses) a virtualenv in .tools/py-client at the repository root,
# installs this package into it, then runs the example. Only the example writes to stdout.
#   PYTHON=python3.12 clients/python/run-example.sh   # pick the interpreter (3.10 or newer)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.tools/py-client"
python="${PYTHON:-python3}"

{
  if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
  fi
  # Reinstalled on every run so the venv always holds this checkout's stubs; pip skips the
  # dependencies already satisfied.
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$here"
} >&2

exec "$venv/bin/python" "$here/examples/watch_task.py"
