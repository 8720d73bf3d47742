#!/usr/bin/env bash
# Runs every test project of K8sNotify and prints one closing line: "tests: N passed, N failed, N skipped".
# Needs nats-server, redis-server, promtool, lua5.4 and kubectl; run as root on Debian it installs the missing ones
# (nats-server redis-server prometheus lua5.4, and kubernetes-client when there is no kubectl at all).
# The fixtures start their own servers on free loopback ports.
set -uo pipefail
cd "$(dirname "$0")"

have() { command -v "$1" >/dev/null || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }
missing=()
have nats-server || missing+=(nats-server)
have redis-server || missing+=(redis-server)
have promtool || missing+=(prometheus)
have lua5.4 || missing+=(lua5.4)
have kubectl || missing+=(kubernetes-client)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "==> installing ${missing[*]} (apt-get)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
      echo "apt-get could not install ${missing[*]}; the tests that need them will fail" >&2
    fi
    # The packages may start services on their default ports; the tests never use those, so stop them again.
    for service in nats-server redis-server prometheus; do systemctl stop "$service" 2>/dev/null || true; done
  else
    echo "missing ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}' (or run ./test.sh as root to install them)" >&2
  fi
fi

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

# The failures again, without their stack traces and captured output, so the end of a long log still names them.
summarize_failures() {
  awk '
    /^[[:space:]]*failed [^ ]/ && !/failed with/ { show = 1; lines = 0; print; next }
    show && (/Stack Trace:/ || /Standard output/ || /^[[:space:]]*at / || ++lines > 12) { show = 0 }
    show { print }
  ' "$log"
}

count() { grep -E "^\s+$1: [0-9]+" "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
total=$(count total); failed=$(count failed); passed=$(count succeeded); skipped=$(count skipped)
if [ "${failed}" -ne 0 ]; then
  echo "==> failed tests"
  summarize_failures
fi
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "${total}" -eq 0 ] || [ "${failed}" -ne 0 ]; then
  exit 1
fi
