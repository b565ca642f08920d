#!/usr/bin/env bash
# The main job: generate last month's exports for ~200 agents (or take --exports DIR), run them through the
# local Functions host on Azurite, close the month and show where the ranking and bonus files are.
# Installs what it needs itself: Azurite from npm into ./node_modules, NuGet packages by restore.
set -euo pipefail
cd "$(dirname "$0")"
echo "== Installing Azurite (npm ci) and building (dotnet build -c Release)"
# npm ci reinstalls from scratch; skip it when node_modules already matches the lockfile.
if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
dotnet build tools/Serverless.MainJob -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet run --project tools/Serverless.MainJob -c Release --no-build -- "$@"
