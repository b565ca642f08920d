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
param identityClientId string
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
  }, empty(authClientId) ? {} : {
    // Easy Auth's client assertion: the identity the app registration trusts (see authsettingsV2 below).
    OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID: identityClientId
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

// Easy Auth with Entra ID (functions/Serverless.Functions/Api/ACCESS.md). The platform validates a bearer token or
// its own session cookie, strips any incoming X-MS-CLIENT-PRINCIPAL and sets it from the token's claims. It lets
// unauthenticated requests through (AllowAnonymous: "defers authorization of unauthenticated traffic to your
// application code") because one app serves both an API and a web app: an app-wide 401 would leave a browser opening
// /app with a bare 401 and no way to sign in, an app-wide redirect would answer an HR system's call with a login
// page. The app decides instead: every /api route but health and the OpenAPI document answers 401 problem to a caller
// without a principal, and /app redirects to /.auth/login/aad (SecureDefaultTests). The excluded paths matter only
// if someone turns "require authentication" on: Event Grid's AzureFunction endpoint delivers to
// /runtime/webhooks/eventgrid with the extension's system key and no token, so without the exclusion every
// BlobCreated delivery would get 401 and be dead-lettered.
// Browser sign-in uses the authorization code flow with the app's identity as a federated credential instead of a
// client secret (clientSecretSettingName OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID, the identity's client id in the app
// setting of that name); the app registration trusts the identity (infra/deploy.sh adds the credential).
resource auth 'Microsoft.Web/sites/config@2024-04-01' = if (!empty(authClientId)) {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
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
          clientSecretSettingName: 'OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID'
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
