#!/usr/bin/env bash
# Runs ferry's whole test suite against real local registries (installs Debian packages first).
# A watchdog bounds the run (FERRY_TEST_TIMEOUT seconds, default 1500): a hung test ends the run
# with a diagnosis (unfinished tests, process tree, thread stacks) instead of stalling CI.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install-deps.sh
swift build --build-tests

# Tests talk to 127.0.0.1 only; a proxy from the environment must never see that traffic.
export no_proxy="127.0.0.1,localhost,::1${no_proxy:+,$no_proxy}"
export NO_PROXY="$no_proxy"

log=$(mktemp /tmp/ferry-test-log.XXXXXX)
# The run's own temporary directory: what the tests and the ferry processes they start leave
# behind is checked below (ferry's own scratch directories must never stay), then removed.
scratch=$(mktemp -d /tmp/ferry-test-tmp.XXXXXX)
export TMPDIR="$scratch"
limit=${FERRY_TEST_TIMEOUT:-1500}
# Its own session, so the watchdog can find and stop exactly this run and what it started. The
# full output goes to the log; the console gets failures and the summary, not one line per pass.
setsid swift test --skip-build > >(tee "$log" | awk -f scripts/quiet-test-output.awk) 2>&1 &
runner=$!
waited=0
while kill -0 "$runner" 2>/dev/null && [ "$waited" -lt "$limit" ]; do
  sleep 5
  waited=$((waited + 5))
done
if kill -0 "$runner" 2>/dev/null; then
  ./scripts/diagnose-hang.sh "$log" "$limit" "$runner"
  kill -KILL -- "-$runner" 2>/dev/null || true
  rm -rf "$scratch"
  exit 124
fi
set +e
wait "$runner"
status=$?
set -e
# Processes a test started and lost track of must not outlive the run (or hold CI's output open).
kill -KILL -- "-$runner" 2>/dev/null || true
leftovers=$(find "$scratch" -maxdepth 1 \( -name 'ferry-plan-*' -o -name 'ferry-empty-*' -o -name 'ferry-credential-helper-*' \) | head -5)
rm -rf "$scratch"
if [ -n "$leftovers" ]; then
  echo "ferry left its scratch directories in the temporary directory:" >&2
  echo "$leftovers" >&2
  [ "$status" -eq 0 ] && status=1
fi
if [ "$status" -ne 0 ]; then
  echo "test.sh: the full log is in $log" >&2
else
  rm -f "$log"
fi
exit "$status"
