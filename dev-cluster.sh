#!/usr/bin/env bash
# K8sNotify on a local control plane: an in-memory Kubernetes API server double that kubectl drives, nats-server,
# redis-server and the real operator (leader election on), on free loopback ports, until Ctrl+C or SIGTERM.
#
#   ./dev-cluster.sh                                   # then, in another shell:
#   export KUBECONFIG=$PWD/.dev-cluster/kubeconfig     # NATS_URL and REDIS_URL are in .dev-cluster/env
#   kubectl apply --server-side -k examples/
#
# Extra arguments go to the host, e.g. --DevCluster:RunOperator=false or --DevCluster:ApiServerPort=6443.
# Installs missing Debian packages (nats-server, redis-server) with apt-get when run as root. See docs/dev-cluster.md.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
for tool in nats-server redis-server; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || [ -x "/usr/bin/$tool" ] || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "==> installing ${missing[*]} (apt-get)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "missing ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}'" >&2
    exit 1
  fi
fi
command -v kubectl >/dev/null || echo "note: kubectl is not on PATH; the cluster runs, but you need kubectl to use it" >&2

mkdir -p .dev-cluster
echo "==> building the dev cluster host, the operator and the dispatcher (log: .dev-cluster/build.log)"
if ! dotnet build tests/K8sNotify.DevCluster/K8sNotify.DevCluster.csproj -c Release -nologo -v q >.dev-cluster/build.log 2>&1; then
  tail -n 30 .dev-cluster/build.log >&2
  exit 1
fi

# exec: SIGINT/SIGTERM reach the host, which stops every process it started.
exec dotnet tests/K8sNotify.DevCluster/bin/Release/net10.0/k8snotify-dev-cluster.dll "$@"
