#!/usr/bin/env bash
# Deploys one environment of the points pipeline to a resource group (infra/README.md):
#   1. the Bicep template (infra/main.bicep) without the Event Grid subscription, which needs the function to exist;
#   2. the zip tools/Serverless.Pack builds, to the Flex Consumption app (OneDeploy, signed in with Entra ID);
#   3. the template again, now with the subscription (BlobCreated on exports/ -> ParseExport);
#   4. a smoke check: GET /api/health with the host's default function key, until it answers 200.
# --what-if shows what step 1 and 3 would change and deploys nothing.
# Needs: az (signed in: az login), dotnet (for the zip), curl. Keys are read into a variable, never printed.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'USAGE'
Usage: infra/deploy.sh --resource-group RG [--location REGION] [--parameters FILE] [--zip FILE] [--what-if]

  --resource-group RG  the resource group (created in --location if it does not exist)
  --location REGION    region for a new resource group (default: eastasia)
  --parameters FILE    a .bicepparam file (default: infra/main.bicepparam, an example to copy)
  --zip FILE           deploy this package instead of building artifacts/functionapp.zip
  --what-if            az deployment group what-if only: show the changes, deploy nothing
USAGE
}

group="" location="eastasia" parameters="infra/main.bicepparam" zip="" what_if=false
while [ $# -gt 0 ]; do
  case "$1" in
    --resource-group) group="${2:?--resource-group needs a value}"; shift 2 ;;
    --location) location="${2:?--location needs a value}"; shift 2 ;;
    --parameters) parameters="${2:?--parameters needs a value}"; shift 2 ;;
    --zip) zip="${2:?--zip needs a value}"; shift 2 ;;
    --what-if) what_if=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[ -n "$group" ] || { echo "--resource-group is required." >&2; usage >&2; exit 2; }
[ -f "$parameters" ] || { echo "No parameters file at $parameters." >&2; exit 2; }
for tool in az curl; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed; see infra/README.md." >&2; exit 2; }
done
az account show --only-show-errors >/dev/null 2>&1 || { echo "Not signed in to Azure: run az login (and az account set --subscription ...)." >&2; exit 2; }

if [ "$(az group exists --name "$group")" != "true" ]; then
  if $what_if; then echo "Resource group $group does not exist: a deployment would create it and everything in infra/main.bicep."; exit 0; fi
  az group create --name "$group" --location "$location" --only-show-errors --output none
fi

deploy() { # $1: what-if|create, $2: subscribeParseExport true|false, then extra az arguments
  local mode=$1 subscribe=$2
  shift 2
  az deployment group "$mode" --resource-group "$group" --name "points-$(date -u +%Y%m%d%H%M%S)" \
    --template-file infra/main.bicep --parameters "$parameters" --parameters subscribeParseExport="$subscribe" \
    --only-show-errors "$@"
}

if $what_if; then
  echo "== What the deployment would change (with the Event Grid subscription)"
  deploy what-if true
  exit 0
fi

echo "== 1/4 Infrastructure (without the Event Grid subscription)"
outputs=$(deploy create false --query properties.outputs --output json)
app=$(printf '%s' "$outputs" | python3 -c 'import json,sys; print(json.load(sys.stdin)["functionAppName"]["value"])')
host=$(printf '%s' "$outputs" | python3 -c 'import json,sys; print(json.load(sys.stdin)["functionAppHostName"]["value"])')
echo "Function app $app ($host)"

client=$(printf '%s' "$outputs" | python3 -c 'import json,sys; print(json.load(sys.stdin)["authClientId"]["value"])')
if [ -n "$client" ]; then
  # Easy Auth signs browsers in with the authorization code flow, the app's identity standing in for a client secret
  # (infra/modules/functionapp.bicep): the app registration must trust that identity and know the callback. Both are
  # Entra ID objects Bicep does not create; added here once, idempotently (needs Application.ReadWrite.OwnedBy or
  # ownership of the registration).
  principal=$(printf '%s' "$outputs" | python3 -c 'import json,sys; print(json.load(sys.stdin)["identityPrincipalId"]["value"])')
  tenant=$(az account show --query tenantId --output tsv)
  echo "== Easy Auth: app registration $client trusts identity $principal; callback https://$host/.auth/login/aad/callback"
  if [ -z "$(az ad app federated-credential list --id "$client" --query "[?subject=='$principal'].name" --output tsv)" ]; then
    az ad app federated-credential create --id "$client" --only-show-errors --output none --parameters "{\"name\": \"points-easy-auth-$app\", \"issuer\": \"https://login.microsoftonline.com/$tenant/v2.0\", \"subject\": \"$principal\", \"audiences\": [\"api://AzureADTokenExchange\"]}"
  fi
  callback="https://$host/.auth/login/aad/callback"
  uris=$(az ad app show --id "$client" --query "web.redirectUris" --output tsv)
  if ! printf '%s\n' "$uris" | grep -qxF "$callback"; then
    # shellcheck disable=SC2086 # one argument per existing URI
    az ad app update --id "$client" --web-redirect-uris $uris "$callback" --only-show-errors --output none
  fi
fi

echo "== 2/4 Package and deploy"
if [ -z "$zip" ]; then
  command -v dotnet >/dev/null || { echo "dotnet is not installed (needed to build the zip; or pass --zip)." >&2; exit 2; }
  dotnet build Serverless.sln -c Release -nologo -v quiet -clp:ErrorsOnly
  dotnet run --project tools/Serverless.Pack -c Release --no-build -- --out artifacts/functionapp.zip
  zip=artifacts/functionapp.zip
fi
az functionapp deployment source config-zip --resource-group "$group" --name "$app" --src "$zip" --only-show-errors --output none

echo "== 3/4 Event Grid subscription (BlobCreated on exports/ -> ParseExport)"
deploy create true --output none

echo "== 4/4 Smoke check: GET https://$host/api/health"
key=$(az functionapp keys list --resource-group "$group" --name "$app" --query functionKeys.default --output tsv)
for attempt in $(seq 1 30); do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "x-functions-key: $key" "https://$host/api/health" || true)
  if [ "$status" = "200" ]; then echo "Healthy after $attempt attempt(s)."; exit 0; fi
  echo "  attempt $attempt: HTTP $status; retrying in 10 s"
  sleep 10
done
echo "The app did not answer /api/health with 200 within 5 minutes: see Application Insights (traces, exceptions) for $app." >&2
exit 1
