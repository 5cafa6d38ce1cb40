// Key Vault in RBAC mode for what must stay secret: the Stripe secret key and webhook signing secret, the ACS callback
// secret, and the ACS connection string (a key Azure still issues; kept here for tools and any API that refuses Entra
// ID). App settings refer to secrets with Key Vault references, resolved with the app's identity (Key Vault Secrets
// User, access.bicep). A secret given empty at deployment is not created: set it later (README, "Deploy it").
param location string
param tags object
param name string
param communicationServiceName string

@secure()
param stripeSecretKey string

@secure()
param stripeWebhookSecret string

@secure()
param acsCallbackSecret string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2023-04-01' existing = {
  name: communicationServiceName
}

resource stripeSecretKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(stripeSecretKey)) {
  parent: vault
  name: 'stripe-secret-key'
  properties: {
    value: stripeSecretKey
  }
}

resource stripeWebhookSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(stripeWebhookSecret)) {
  parent: vault
  name: 'stripe-webhook-secret'
  properties: {
    value: stripeWebhookSecret
  }
}

resource acsCallbackSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(acsCallbackSecret)) {
  parent: vault
  name: 'acs-callback-secret'
  properties: {
    value: acsCallbackSecret
  }
}

resource acsConnectionStringSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'acs-connection-string'
  properties: {
    value: communicationService.listKeys().primaryConnectionString
  }
}

output name string = vault.name
output stripeSecretKeyReference string = '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=stripe-secret-key)'
output stripeWebhookSecretReference string = '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=stripe-webhook-secret)'
output acsCallbackSecretReference string = '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=acs-callback-secret)'
output acsConnectionStringReference string = '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=acs-connection-string)'
