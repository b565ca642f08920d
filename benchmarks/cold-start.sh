#!/usr/bin/env bash
# Cold start of the packaged handler: the self-contained linux-x64 publish tools/Serverless.Pack makes, started as the
# Functions host starts it (FUNCTIONS_CUSTOMHANDLER_PORT, storage settings), timed from exec until GET / answers 200
# (it has created its tables and containers on Azurite by then). Variants publish side by side and runs alternate, so
# every variant sees the same machine load; prints each run and the medians.
# Usage: benchmarks/cold-start.sh [RUNS] (default 15). Needs: npm ci and dotnet restore done, curl.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
work=$(mktemp -d)
trap 'kill "${azurite_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

declare -A props=(
  [plain]=""
  [readytorun]="-p:PublishReadyToRun=true"
  [readytorun-tc]="-p:PublishReadyToRun=true -p:TieredCompilation=true -p:TieredPGO=false"
)
variants=(plain readytorun)
[ -n "${COLD_START_VARIANTS:-}" ] && read -r -a variants <<<"$COLD_START_VARIANTS"

for v in "${variants[@]}"; do
  echo "== publish $v ${props[$v]}"
  # shellcheck disable=SC2086
  dotnet publish functions/Serverless.Functions/Serverless.Functions.csproj -c Release -r linux-x64 --self-contained true \
    -p:UseAppHost=true ${props[$v]} -o "$work/$v" --nologo -v quiet -clp:ErrorsOnly >/dev/null
  echo "   $(du -sm "$work/$v" | cut -f1) MB"
done

base=$((30000 + RANDOM % 20000))
node_modules/.bin/azurite --skipApiVersionCheck --location "$work/azurite" \
  --blobPort "$base" --queuePort $((base + 1)) --tablePort $((base + 2)) >"$work/azurite.log" 2>&1 &
azurite_pid=$!
for _ in $(seq 1 100); do grep -q "Table service is successfully listening" "$work/azurite.log" 2>/dev/null && break; sleep 0.1; done
blob=$base queue=$((base + 1)) table=$((base + 2))
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"

start_once() { # $1 variant -> milliseconds until GET / is 200
  local port=$((20000 + RANDOM % 20000)) begin end pid
  begin=$(date +%s%N)
  FUNCTIONS_CUSTOMHANDLER_PORT=$port AzureWebJobsStorage="$storage" "$work/$1/Serverless.Functions" >/dev/null 2>&1 &
  pid=$!
  until curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; do sleep 0.005; done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(((end - begin) / 1000000))
}

for v in "${variants[@]}"; do start_once "$v" >/dev/null; done # first touch of the files and Azurite's tables
declare -A times
for i in $(seq 1 "$runs"); do
  line="run $i:"
  for v in "${variants[@]}"; do t=$(start_once "$v"); times[$v]+="$t "; line+=" $v ${t} ms"; done
  echo "$line"
done
echo "== medians over $runs alternating runs (load $(cut -d' ' -f1-3 /proc/loadavg))"
for v in "${variants[@]}"; do
  median=$(printf '%s\n' ${times[$v]} | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
  echo "$v: ${median} ms"
done
