#!/usr/bin/env bash
# Runs every test: unit, property, handler contract (in-process, on Azurite) and end to end (local host,
# Azurite, the real handler process). Installs what it needs itself. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "== Installing Azurite (npm ci) and building (dotnet build -c Release)"
# npm ci reinstalls from scratch; skip it when node_modules already matches the lockfile.
if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error || exit 1
fi
# The browser tests drive Debian's chromium (never a downloaded browser) and need a CJK font to draw Chinese.
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi wqy; then
  echo "== Installing chromium and fonts-wqy-zenhei (apt-get) for the browser tests"
  (apt-get install -y --no-install-recommends chromium fonts-wqy-zenhei >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y --no-install-recommends chromium fonts-wqy-zenhei >/dev/null; }) || exit 1
fi
dotnet build Serverless.sln -c Release -nologo -v quiet -clp:ErrorsOnly || exit 1
echo "== Testing"
dotnet test Serverless.sln -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
.ci/summary "$log" "$status"
exit "$status"
