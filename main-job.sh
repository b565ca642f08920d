#!/usr/bin/env bash
# The main job: generate last month's exports for ~200 agents (or take --exports DIR), run them through the
# local Functions host on Azurite, close the month(s), and copy the published files and import reports out.
# Installs what it needs itself: Azurite from npm into ./node_modules, NuGet packages by restore.
# Paths you pass (--exports, --out) and the paths it prints are relative to the folder you run it in.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
(
  cd "$root"
  echo "== Installing Azurite (npm ci) and building (dotnet build -c Release)"
  # npm ci reinstalls from scratch; skip it when node_modules already matches the lockfile.
  if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
  dotnet build tools/Serverless.MainJob -c Release -nologo -v quiet -clp:ErrorsOnly
)
exec dotnet run --project "$root/tools/Serverless.MainJob" -c Release --no-build -- "$@"
