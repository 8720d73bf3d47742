#!/usr/bin/env bash
# Runs every test project of K8sNotify and prints one closing line: "tests: N passed, N failed, N skipped".
# Needs nats-server, redis-server, promtool and lua5.4 on PATH (Debian: apt-get install -y nats-server redis-server prometheus lua5.4);
# the fixtures start their own servers on free loopback ports.
set -uo pipefail
cd "$(dirname "$0")"

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet build K8sNotify.sln -c Release -nologo -v q "$@" 2>&1 | grep -v 'warning NU1603' | tee -a "$log" >/dev/null
build=${PIPESTATUS[0]}
if [ "$build" -ne 0 ]; then
  cat "$log"
  echo "tests: 0 passed, 0 failed, 0 skipped (build failed)"
  exit 1
fi

dotnet test --solution K8sNotify.sln -c Release --no-build 2>&1 | grep -v 'warning NU1603' | tee "$log"
status=${PIPESTATUS[0]}

count() { grep -E "^\s+$1: [0-9]+" "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
total=$(count total); failed=$(count failed); passed=$(count succeeded); skipped=$(count skipped)
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "${total}" -eq 0 ] || [ "${failed}" -ne 0 ]; then
  exit 1
fi
