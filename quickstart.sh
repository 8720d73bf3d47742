#!/usr/bin/env bash
# K8sNotify standalone quickstart: runs a dispatcher on examples/ (Channel "quickstart", outbox provider),
# publishes a few notifications (one of them invalid), waits for their statuses and shows where everything is.
#
#   ./quickstart.sh                 # starts its own nats-server on a free port (installs Debian's nats-server if missing)
#   ./quickstart.sh nats://host:4222
#
# Needs only the .NET SDK (and apt for nats-server). Redis is optional and not used here.
set -euo pipefail
cd "$(dirname "$0")"

WORK=.quickstart
NATS_URL="${1:-${K8SNOTIFY_NATS:-}}"
SUBJECT=notify.quickstart
RUN=$(date +%s)
mkdir -p "$WORK"
rm -rf "$WORK/outbox"

pids=()
cleanup() {
  # Stop what this script started, newest first; the dispatcher finishes in-flight work on SIGTERM.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
}
trap cleanup EXIT

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    port_in_use "$p" || { echo "$p"; return; }
  done
}
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@"; do
    if ((SECONDS > deadline)); then echo "timed out waiting for $what" >&2; return 1; fi
    sleep 0.2
  done
}

if [ -z "$NATS_URL" ]; then
  NATS_SERVER=$(command -v nats-server || ls /usr/sbin/nats-server /usr/bin/nats-server 2>/dev/null | head -n 1 || true)
  if [ -z "$NATS_SERVER" ]; then
    if [ "$(id -u)" -eq 0 ]; then
      echo "==> installing nats-server (apt-get)"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server >/dev/null
      NATS_SERVER=$(command -v nats-server || echo /usr/sbin/nats-server)
    else
      echo "nats-server is not installed: run 'sudo apt-get install -y nats-server' or pass a NATS URL" >&2
      exit 1
    fi
  fi
  NATS_PORT=$(free_port)
  STORE=$(mktemp -d "${TMPDIR:-/tmp}/k8snotify-quickstart-nats.XXXXXX")
  "$NATS_SERVER" -a 127.0.0.1 -p "$NATS_PORT" -js -sd "$STORE" >"$WORK/nats-server.log" 2>&1 &
  pids+=($!)
  NATS_URL="nats://127.0.0.1:$NATS_PORT"
  wait_for 20 "nats-server on port $NATS_PORT" port_in_use "$NATS_PORT"
  echo "==> started nats-server at $NATS_URL (store $STORE, log $WORK/nats-server.log)"
fi

echo "==> building the dispatcher"
dotnet build dispatcher/K8sNotify.Dispatcher/K8sNotify.Dispatcher.csproj -c Release -nologo -v q -o "$WORK/bin" >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log"; exit 1; }
DISPATCHER=(dotnet "$WORK/bin/k8snotify-dispatcher.dll")

HTTP_PORT=$(free_port)
"${DISPATCHER[@]}" --manifests examples/ --channel quickstart --nats "$NATS_URL" --http-port "$HTTP_PORT" >"$WORK/dispatcher.log" 2>&1 &
pids+=($!)
ready() {
  { exec 3<>"/dev/tcp/127.0.0.1/$HTTP_PORT"; } 2>/dev/null || return 1
  printf 'GET /readyz HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  local status
  read -r _ status _ <&3 || true
  exec 3<&-
  [ "$status" = "200" ]
}
wait_for 60 "the dispatcher to be ready (see $WORK/dispatcher.log)" ready
echo "==> dispatcher ready: metrics at http://127.0.0.1:$HTTP_PORT/metrics (log $WORK/dispatcher.log)"

cat >"$WORK/messages.json" <<JSON
[
  {"id": "welcome-ada-$RUN", "template": "welcome", "to": "ada@example.com", "data": {"name": "Ada"}},
  {"id": "welcome-grete-$RUN", "template": "welcome", "locale": "de-AT", "to": "grete@example.com", "data": {"name": "Grete"}},
  {"id": "welcome-team-$RUN", "template": "welcome", "to": ["alan@example.com", "grace@example.com"], "data": {"name": "team"}},
  {"id": "welcome-invalid-$RUN", "template": "welcome", "to": "not-an-address", "data": {"name": "Nobody"}}
]
JSON
echo "==> publishing $WORK/messages.json to $SUBJECT"
"${DISPATCHER[@]}" publish --nats "$NATS_URL" --subject "$SUBJECT" --file "$WORK/messages.json"

terminal() {
  "${DISPATCHER[@]}" status --nats "$NATS_URL" --manifests examples/ --channel quickstart >"$WORK/statuses.jsonl" 2>/dev/null || return 1
  [ "$(grep "$RUN" "$WORK/statuses.jsonl" | grep -cE '"state":"(sent|failed|dead_lettered|rate_limited)"')" -ge 5 ]
}
wait_for 60 "terminal statuses" terminal

echo
echo "==> statuses (JetStream KV bucket K8SNOTIFY_STATUS_default_quickstart, also in $WORK/statuses.jsonl):"
grep "$RUN" "$WORK/statuses.jsonl" | sed -E 's/.*"id":"([^"]*)".*"state":"([^"]*)".*/  \1: \2/'
grep "$RUN" "$WORK/statuses.jsonl" | grep '"reason"' | sed -E 's/.*"id":"([^"]*)".*"reason":"([^"]*)".*/  \1 reason: \2/' || true
echo
echo "==> rendered messages (outbox provider) in $WORK/outbox/:"
ls -1 "$WORK/outbox" | sed 's/^/  /'
echo
echo "The invalid message was dead-lettered to k8snotify.deadletter.default.quickstart (stream K8SNOTIFY_DEFAULT_QUICKSTART_DLQ);"
echo "its reason is in the status above. Stopping the dispatcher and nats-server."
