#!/usr/bin/env bash
# Verifies what the Dockerfiles do, without a Docker engine: `dotnet publish -c Release` of the operator and the
# dispatcher (framework-dependent, no apphost, as in operator/Dockerfile and dispatcher/Dockerfile), and that each
# publish output holds the assembly the Dockerfile's ENTRYPOINT starts. Called by .ci/run before ./test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for app in operator dispatcher; do
  dockerfile="$app/Dockerfile"
  project=$(grep -oE 'dotnet publish [^ ]+\.csproj' "$dockerfile" | awk '{print $3}')
  entry=$(grep -oE '^ENTRYPOINT \["dotnet", "/app/[^"]+"\]' "$dockerfile" | grep -oE '/app/[^"]+' | sed 's#^/app/##')
  if [ -z "$project" ] || [ -z "$entry" ]; then
    echo "verify-publish: cannot find the publish command or ENTRYPOINT in $dockerfile" >&2
    exit 1
  fi
  grep -q '^USER [0-9]\+:[0-9]\+$' "$dockerfile" || { echo "verify-publish: $dockerfile must set a numeric USER uid:gid" >&2; exit 1; }

  echo "verify-publish: dotnet publish $project -c Release"
  if ! dotnet publish "$project" -c Release -o "$out/$app" -p:UseAppHost=false -nologo -v q >"$out/$app.log" 2>&1; then
    grep -v 'warning NU1603' "$out/$app.log" >&2
    echo "verify-publish: publish of $project failed" >&2
    exit 1
  fi
  for file in "$entry" "${entry%.dll}.runtimeconfig.json" "${entry%.dll}.deps.json"; do
    test -f "$out/$app/$file" || { echo "verify-publish: $out/$app/$file is missing (the $dockerfile ENTRYPOINT needs it)" >&2; exit 1; }
  done
  grep -q '"Microsoft.AspNetCore.App"' "$out/$app/${entry%.dll}.runtimeconfig.json" \
    || { echo "verify-publish: $entry does not target Microsoft.AspNetCore.App, the framework of the aspnet base image" >&2; exit 1; }
  echo "verify-publish: $app ok ($(du -sh "$out/$app" | cut -f1), entry $entry)"
done
