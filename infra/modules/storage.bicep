// The app's storage account: Functions host state (AzureWebJobsStorage), the Durable Functions task hub (queues,
// tables, blobs), the Flex Consumption deployment package, and uploaded documents. Shared keys are disabled: the app
// reaches it with its managed identity only (roles in access.bicep).
param location string
param tags object
param name string

var deploymentContainerName = 'app-package'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
}

resource documentsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'documents'
}

output name string = storage.name
output deploymentContainerName string = deploymentContainer.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
