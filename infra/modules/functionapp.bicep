// The Flex Consumption plan and function app: runtime custom on Linux, run from the zip in the deployment container
// (read with the user-assigned identity), app settings with identity connections only, and Easy Auth (Entra ID)
// when a client id is given.

param planName string
param appName string
param location string
param tags object
param identityId string
param deploymentContainerUrl string
param maximumInstanceCount int
param instanceMemoryMB int
param alwaysReady object[]
param authClientId string
param insightsName string
param appSettings object

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: insightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReady
      }
      runtime: {
        name: 'custom'
        version: '1.0'
      }
    }
  }
}

// Flex Consumption takes the runtime from functionAppConfig: FUNCTIONS_WORKER_RUNTIME and
// FUNCTIONS_EXTENSION_VERSION are rejected here. The connection string names the App Insights resource; with
// DisableLocalAuth it authorises nothing without the identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, {
    APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
  })
}

// Basic (publishing) credentials off: deployment goes through Entra ID (az functionapp deployment / OneDeploy).
resource scm 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

// Easy Auth with Entra ID (functions/Serverless.Functions/Api/ACCESS.md): a request without a valid token for the
// API's registration is answered 401 by the platform, which also strips and sets X-MS-CLIENT-PRINCIPAL.
// Event Grid's AzureFunction endpoint delivers to /runtime/webhooks/eventgrid with the extension's system key and
// no token, so that path is excluded (the system key still guards it); /api/health and /api/openapi.json stay
// key-only, as ACCESS.md says. Without the exclusion every BlobCreated delivery gets 401 and is dead-lettered.
resource auth 'Microsoft.Web/sites/config@2024-04-01' = if (!empty(authClientId)) {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: [
        '/runtime/webhooks/eventgrid'
        '/api/health'
        '/api/openapi.json'
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${authClientId}'
            authClientId
          ]
        }
      }
    }
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
