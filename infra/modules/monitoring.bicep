// Log Analytics and workspace-based Application Insights, ingestion by Entra ID only (disableLocalAuth): the
// connection string the app gets names the resource; without the identity's Monitoring Metrics Publisher role it
// can send nothing.

param workspaceName string
param insightsName string
param location string
param tags object
param retentionDays int

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: insightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
    IngestionMode: 'LogAnalytics'
  }
}

output insightsName string = insights.name
output insightsId string = insights.id
