// Service Bus for score requests: Entra ID only (disableLocalAuth: no SAS keys work), TLS 1.2, the queue as
// tools/Serverless.LocalHost/CONTRACT.md assumes (lock 1 min, 10 deliveries, then the dead-letter queue).

param name string
param location string
param tags object
param queueName string

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource queue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: queueName
  properties: {
    lockDuration: 'PT1M'
    maxDeliveryCount: 10
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: 'P14D'
    requiresDuplicateDetection: false
    requiresSession: false
  }
}

output name string = namespace.name
output id string = namespace.id
output queueName string = queue.name
// https://NAME.servicebus.windows.net:443/ in the cloud it runs in -> NAME.servicebus.windows.net
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]
