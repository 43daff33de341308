#!/usr/bin/env bash
# Fuzzes the webhook body parser, the tolerant readers, the time readers and the webhook
# signature check (the fuzz/ crate: cargo-fuzz and libFuzzer, on the nightly toolchain).
# Installs cargo-fuzz (pinned, into .tools/), builds the targets, adds the committed seeds and
# reproducers (fuzz/seeds/, fuzz/regressions/) to each target's working corpus (fuzz/corpus/,
# ignored by git) and runs each target for a bounded time. Fails on any crash, hang, leak or
# broken property; prints the executions each target reached.
#   bash .ci/fuzz.sh                          every target for 30 s (CI)
#   bash .ci/fuzz.sh --seconds 600            the full mode: 10 minutes per target
#   bash .ci/fuzz.sh --seconds 120 lenient    some targets only
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools="$root/.tools"
mkdir -p "$tools/bin"

CARGO_FUZZ_VERSION=0.13.2
# An input that runs longer than this is reported as a hang.
UNIT_TIMEOUT_SECONDS=10

seconds=30
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --seconds=*) seconds="${1#--seconds=}"; shift ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if [ ${#targets[@]} -eq 0 ]; then
  targets=(webhook_parse lenient time signature)
fi

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "the nightly toolchain is needed (rustup toolchain install nightly)" >&2
  exit 1
fi
if [ "$("$tools/bin/cargo-fuzz" --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --root "$tools"
fi
export PATH="$tools/bin:$PATH"

# No sanitizer: the targets run safe Rust, where what libFuzzer can find is a panic (a failed
# property, an overflow: overflow checks are on) or a hang; AddressSanitizer would only halve
# the executions.
fuzz=(cargo +nightly fuzz)
"${fuzz[@]}" build --sanitizer none

summary=()
failed=()
for target in "${targets[@]}"; do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  for committed in "fuzz/seeds/$target" "fuzz/regressions/$target"; do
    if [ -d "$committed" ]; then cp -n "$committed"/* "$corpus"/ 2>/dev/null || true; fi
  done
  log=$(mktemp)
  echo "=== $target: ${seconds}s"
  status=0
  "${fuzz[@]}" run --sanitizer none "$target" "$corpus" -- \
    -max_total_time="$seconds" -timeout="$UNIT_TIMEOUT_SECONDS" -print_final_stats=1 \
    >"$log" 2>&1 || status=$?
  # libFuzzer's final lines: "Done N runs in S second(s)" and "stat::number_of_executed_units: N".
  runs=$(awk '/stat::number_of_executed_units:/ {print $2}' "$log" | tail -n 1)
  if [ "$status" -ne 0 ]; then
    # The panic message, what libFuzzer saw, and the input (saved, and in base64).
    {
      grep -E -A 3 "panicked at" "$log" | head -n 20
      grep -E "ERROR: libFuzzer|^SUMMARY|Test unit written|^Base64:" "$log"
    } >&2 || tail -n 40 "$log" >&2
    failed+=("$target")
    result="FAILED after ${runs:-?} executions (exit $status; the input is in fuzz/artifacts/$target/)"
  else
    result="passed: ${runs:-?} executions in ${seconds}s"
  fi
  rm -f "$log"
  summary+=("$(printf '%-14s %s, corpus %s inputs' "$target" "$result" \
    "$(find "$corpus" -type f | wc -l)")")
done

echo
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found failures in: ${failed[*]}" >&2
  echo "replay one: cargo +nightly fuzz run --sanitizer none TARGET fuzz/artifacts/TARGET/FILE" >&2
  exit 1
fi
