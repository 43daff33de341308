# Shared by the client checks (.ci/clients.sh, .ci/clients-typescript.sh), sourced from the
# repository's root: a work directory and the test PKI (a CA, a certificate for
# localhost/127.0.0.1, a client certificate), a demo stopped on exit, and running a command into
# files, then checking its outcome, counting what passed and failed (a failure shows the output).

work=$(mktemp -d)
demo_pid=
stop_demo() {
  if [ -n "$demo_pid" ]; then
    kill "$demo_pid" 2>/dev/null || true
    wait "$demo_pid" 2>/dev/null || true
    demo_pid=
  fi
}
trap 'stop_demo; rm -rf "$work"' EXIT

pki="$work/pki"
bash .ci/test-pki.sh "$pki" >/dev/null
ca="$pki/ca.pem"

# wait_for_demo NAME GUIDE SECONDS: waits (bounded) for the demo started as $demo_pid to print
# its guide into GUIDE; sets $addr to its gRPC address, or stops the script with its stderr.
wait_for_demo() {
  local name=$1 guide=$2
  for _ in $(seq $(($3 * 5))); do
    grep -q "gRPC gateway" "$guide" 2>/dev/null && break
    kill -0 "$demo_pid" 2>/dev/null || break
    sleep 0.2
  done
  addr=$(awk '/gRPC gateway/ {print $3}' "$guide")
  [ -n "$addr" ] || { echo "demo ($name) did not start:"; cat "$work/$name.err"; exit 1; }
  echo "demo ($name) at $addr"
}

passed=0
failed=0
excerpt() { # excerpt PREFIX FILE: its first 10 and last 30 lines, each after PREFIX
  awk -v p="$1" '{ line[NR] = $0 }
    END { for (i = 1; i <= NR; i++) {
      if (i <= 10 || i > NR - 30) print p line[i]; else if (i == 11) print p "…" } }' "$2"
}
fail() { # fail NAME FILE WHY: reports a failed check with the command's output
  echo "FAIL $1: $3; output:"
  excerpt "  | " "$2"
  if [ -s "$2.err" ]; then
    echo "  stderr:"
    excerpt "  ! " "$2.err"
  fi
  failed=$((failed + 1))
}
check() { # check NAME FILE [PATTERN...]: the command succeeded and every PATTERN matches a line
  local name=$1 file=$2
  shift 2
  if [ -s "$file.status" ]; then
    fail "$name" "$file" "$(cat "$file.status")"
    return
  fi
  for pattern in "$@"; do
    if ! grep -Eq -- "$pattern" "$file"; then
      fail "$name" "$file" "no line matches /$pattern/"
      return
    fi
  done
  echo "ok   $name"
  passed=$((passed + 1))
}
refused() { # refused NAME FILE PATTERN: the command failed and its output matches PATTERN
  local name=$1 file=$2 pattern=$3
  if [ ! -s "$file.status" ]; then
    fail "$name" "$file" "it succeeded"
  elif ! cat "$file" "$file.err" | grep -Eq -- "$pattern"; then
    fail "$name" "$file" "its output matches no /$pattern/"
  else
    echo "ok   $name"
    passed=$((passed + 1))
  fi
}
run() { # run FILE COMMAND...: stdout into FILE, stderr into FILE.err; never aborts the script
  local file=$1
  shift
  : >"$file.status"
  "$@" >"$file" 2>"$file.err" || echo "exit status $?" >"$file.status"
}
