// One environment of the 95598 points pipeline: a Flex Consumption function app (custom handler, Linux) reached by
// nothing but its user-assigned managed identity. No key, SAS or connection string is created, read or output here:
// storage and Service Bus refuse local (shared-key / SAS) auth, and Application Insights takes Entra ID ingestion only.
// Compile and lint: tests/Serverless.EndToEnd.Tests/Infra (bicep from NuGet). Deploy: infra/deploy.sh (infra/README.md).

targetScope = 'resourceGroup'

@description('Short name of the environment, used in resource names (e.g. prod, test).')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Flex Consumption: most instances the app scales out to (40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Flex Consumption: memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Flex Consumption always-ready instances, e.g. [{ name: \'http\', instanceCount: 1 }] (groups: http, function:<Name>). Empty: scale to zero.')
param alwaysReady alwaysReadyInstances[] = []

@description('Entra ID application (client) id of the HR API\'s app registration (ACCESS.md). Empty: no Easy Auth; then roles come only from trusted X-Points-* headers of a front door (trustPointsHeaders).')
param authClientId string = ''

@description('Believe X-Points-Roles/-Team/-Caller headers. Only behind a front door that strips and sets them; never with Easy Auth alone.')
param trustPointsHeaders bool = false

@description('Create the Event Grid subscription to ParseExport. Event Grid checks that the function exists, so the first deployment (before the code) passes false; infra/deploy.sh deploys again with true after the zip.')
param subscribeParseExport bool = true

@description('NCRONTAB (six fields, UTC) of the monthly close: Flex Consumption runs timers in UTC only (functions/PublishMonth/README.md).')
param publishMonthSchedule string = '0 0 18 28-31 * *'

@description('NCRONTAB (six fields, UTC) of the provisional ranking\'s refresh (functions/RefreshProvisional): the web app\'s running-month leaderboard is at most this old.')
param refreshProvisionalSchedule string = '0 */5 * * * *'

@description('Days the Log Analytics workspace keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

@description('Tags on every resource.')
param tags object = {}

type alwaysReadyInstances = {
  @description('http, or function:<FunctionName>')
  name: string
  @minValue(0)
  instanceCount: int
}

var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var names = {
  identity: 'id-points-${environmentName}'
  storage: take('stpoints${environmentName}${token}', 24)
  serviceBus: 'sb-points-${environmentName}-${token}'
  logs: 'log-points-${environmentName}'
  insights: 'appi-points-${environmentName}'
  plan: 'plan-points-${environmentName}'
  app: 'func-points-${environmentName}-${token}'
  topic: 'evgt-points-${environmentName}'
}

// Containers the handler and the host use; the deployment container holds the zip Flex Consumption runs from.
var deploymentContainer = 'app-package'
var deadLetterContainer = 'eventgrid-deadletter'
var scoreRequestsQueue = 'score-requests'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
  tags: tags
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: tags
    containers: [
      'exports'
      'reports'
      'rankings'
      'bonus'
      'dataprotection'
      'whatif'
      'provisional'
      deadLetterContainer
      deploymentContainer
    ]
    queues: [
      'rescore-jobs'
      'rescore-jobs-poison'
    ]
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    name: names.serviceBus
    location: location
    tags: tags
    queueName: scoreRequestsQueue
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.logs
    insightsName: names.insights
    location: location
    tags: tags
    retentionDays: logRetentionDays
  }
}

// Every connection the host and the handler open, as the identity's roles (ids: Azure built-in roles).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataOwner: '090c5cfd-751d-490a-894a-3ce6f1109419'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

module access 'modules/access.bicep' = {
  name: 'access'
  params: {
    principalId: identity.properties.principalId
    storageName: storage.outputs.name
    serviceBusName: serviceBus.outputs.name
    insightsName: monitoring.outputs.insightsName
    storageRoles: [
      roles.storageBlobDataOwner
      roles.storageQueueDataContributor
      roles.storageTableDataContributor
    ]
    serviceBusRoles: [
      roles.serviceBusDataOwner
    ]
    insightsRoles: [
      roles.monitoringMetricsPublisher
    ]
  }
}

module app 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    planName: names.plan
    appName: names.app
    location: location
    tags: tags
    identityId: identity.id
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${deploymentContainer}'
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    alwaysReady: alwaysReady
    authClientId: authClientId
    identityClientId: identity.properties.clientId
    insightsName: monitoring.outputs.insightsName
    appSettings: {
      // The host's storage (and the handler's: shared/Serverless.Storage/StorageClients.cs), by identity only.
      AzureWebJobsStorage__accountName: storage.outputs.name
      AzureWebJobsStorage__blobServiceUri: storage.outputs.blobEndpoint
      AzureWebJobsStorage__queueServiceUri: storage.outputs.queueEndpoint
      AzureWebJobsStorage__tableServiceUri: storage.outputs.tableEndpoint
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.properties.clientId
      // Service Bus "score-requests" (connection ServiceBusConnection in ParseExport and ScoreAgentDays).
      ServiceBusConnection__fullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
      ServiceBusConnection__credential: 'managedidentity'
      ServiceBusConnection__clientId: identity.properties.clientId
      // Application Insights (APPLICATIONINSIGHTS_CONNECTION_STRING is added by the module from the resource itself):
      // ingestion is Entra ID only (DisableLocalAuth), with this identity.
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
      PublishMonthSchedule: publishMonthSchedule
      RefreshProvisionalSchedule: refreshProvisionalSchedule
      HrApi__Access__TrustPointsHeaders: string(trustPointsHeaders)
    }
  }
  dependsOn: [
    access
  ]
}

module eventGrid 'modules/eventgrid.bicep' = {
  name: 'eventgrid'
  params: {
    topicName: names.topic
    location: location
    tags: tags
    storageName: storage.outputs.name
    functionAppName: app.outputs.name
    functionName: 'ParseExport'
    subscribe: subscribeParseExport
    deadLetterContainer: deadLetterContainer
  }
}

output functionAppName string = app.outputs.name
output functionAppHostName string = app.outputs.defaultHostName
output storageAccountName string = storage.outputs.name
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace
output identityClientId string = identity.properties.clientId
output identityPrincipalId string = identity.properties.principalId
output authClientId string = authClientId
output easyAuthEnabled bool = !empty(authClientId)
