// Azure Communication Services for calls (Identity, Rooms, Call Automation) and e-mail: an Email Communication
// Service with an Azure-managed domain (DoNotReply@<generated>.azurecomm.net), linked to the Communication Service.
// The app calls ACS with its managed identity (role in access.bicep); the connection string, which some SDK paths
// and tools still require, is kept in Key Vault (keyvault.bicep) rather than in app settings.
param tags object
param communicationServiceName string
param emailServiceName string

@description('Where ACS stores data at rest.')
param dataLocation string = 'United States'

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource managedDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [
      managedDomain.id
    ]
  }
}

output name string = communicationService.name
output endpoint string = 'https://${communicationService.properties.hostName}'
output immutableResourceId string = communicationService.properties.immutableResourceId
output senderAddress string = 'DoNotReply@${managedDomain.properties.mailFromSenderDomain}'
