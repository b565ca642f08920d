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
dotnet build Serverless.sln -c Release -nologo -v quiet -clp:ErrorsOnly || exit 1
echo "== Testing"
dotnet test Serverless.sln -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# One summary line per test assembly: "Passed!  - Failed:     0, Passed:   163, Skipped:     0, Total: ..."
awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ { failed += $2; passed += $4; skipped += $6 }
  END { line = sprintf("%d passed, %d failed", passed, failed); if (skipped > 0) line = line sprintf(", %d skipped", skipped); print line }' "$log"
if [ "$status" -ne 0 ] && ! grep -qE '(Passed|Failed)! +- Failed:' "$log"; then
  echo "dotnet test failed before any test ran (exit $status)"
fi
exit "$status"
