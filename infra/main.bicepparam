// An example environment: copy, set your values, and pass it to infra/deploy.sh (--parameters).
using 'main.bicep'

param environmentName = 'test'
param maximumInstanceCount = 100
param instanceMemoryMB = 2048
// One HTTP instance kept warm for HR's morning; 0 of everything else (imports tolerate a cold start).
param alwaysReady = [
  {
    name: 'http'
    instanceCount: 1
  }
]
// The HR API's Entra ID app registration (ACCESS.md, "Mapping to Entra ID"); '' turns Easy Auth off.
param authClientId = '00000000-0000-0000-0000-000000000000'
param trustPointsHeaders = false
param publishMonthSchedule = '0 0 18 28-31 * *'
param refreshProvisionalSchedule = '0 */5 * * * *'
param tags = {
  workload: 'points-95598'
  environment: 'test'
}
