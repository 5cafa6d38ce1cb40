// Headstore on Azure: the Functions app (Flex Consumption, .NET 10 isolated) and everything it talks to.
// Subscription scope, so that `azd up` creates the resource group (rg-<environment>) as well; every resource lives in it.
// Identities and RBAC instead of keys wherever Azure allows: the app's system-assigned identity reaches Storage (host,
// Durable Functions, deployment package), Cosmos DB (data-plane SQL role), Service Bus, Key Vault and Communication
// Services. Keys remain only where a service requires one; they live in Key Vault (see modules/keyvault.bicep).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds resource names.')
param environmentName string

@minLength(1)
@description('Azure region for every resource (it must offer Flex Consumption).')
param location string

@description('Object id of whoever runs the deployment (azd sets AZURE_PRINCIPAL_ID); may set Key Vault secrets. Empty to skip.')
param principalId string = ''

@description('OpenID Connect authority of the identity provider, e.g. https://<tenant>.ciamlogin.com/<tenant-id>/v2.0.')
param authAuthority string

@description('Audience of the API tokens (the app registration\'s application ID URI or client id).')
param authAudience string

@secure()
@description('Stripe secret key (sk_live_… or sk_test_…); stored in Key Vault. Empty: set the secret later.')
param stripeSecretKey string = ''

@secure()
@description('Stripe webhook signing secret (whsec_…) of the endpoint /api/webhooks/stripe; stored in Key Vault. Empty: set it later.')
param stripeWebhookSecret string = ''

@secure()
@description('Unguessable secret carried in the ACS callback URL; stored in Key Vault. Empty: one is generated.')
param acsCallbackSecret string = ''

@description('Public base URL used in links sent by e-mail; empty for the app\'s own https://<app>.azurewebsites.net.')
param publicBaseUrl string = ''

@description('NCRONTAB schedules of the timer-triggered jobs (seconds minutes hours day month weekday).')
param jobSchedules object = {
  overdueRequests: '0 */5 * * * *'
  outbox: '0 */1 * * * *'
  authorisationSweep: '0 */15 * * * *'
  subscriptionRenewals: '0 0 * * * *'
  // The payout and report jobs decide for themselves whether their slot has come (Payouts__Day/TimeOfDay,
  // Reports__DayOfMonth/TimeOfDay); the timers only wake them, and retry pending payouts in between.
  weeklyPayouts: '0 */10 * * * *'
  monthlyReports: '0 */10 * * * *'
  slaBreaches: '0 */1 * * * *'
  lifecycleTimers: '0 */1 * * * *'
  // Cosmos DB views' safety net (the change feed processor is not built yet): docs/cosmos.md, "Atomicity", point 6.
  cosmosViewRepair: '0 */5 * * * *'
}

@description('When the weekly payouts run (UTC): the day of the week and the time of day.')
param payoutSchedule object = {
  day: 'Monday'
  timeOfDay: '06:00:00'
}

@description('When the monthly payment reports are generated (UTC), for the month before.')
param reportSchedule object = {
  dayOfMonth: '1'
  timeOfDay: '02:00:00'
}

@description('Subscriptions on the integration-events topic. "handlers" feeds the app\'s Service Bus trigger.')
param serviceBusSubscriptions array = [
  'handlers'
]

// The Cosmos DB containers, in ONE place: exactly CosmosDocumentTypes.Containers (a test compares them; docs/cosmos.md,
// "Containers", says what each holds). Every container is partitioned on /pk (the store writes the partition key there)
// with TTL enabled per document; "sandbox" stays empty here (the payment sandbox only runs without a Stripe key).
var cosmosContainers = [
  'commerce'
  'content'
  'experts'
  'ledger'
  'messaging'
  'moderation'
  'sandbox'
  'system'
  'users'
  'views'
]

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = 'func-headstore-${resourceToken}'
var appUrl = 'https://${functionAppName}.azurewebsites.net'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-headstore-${resourceToken}'
    applicationInsightsName: 'appi-headstore-${resourceToken}'
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: 'sthead${resourceToken}'
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    accountName: 'cosmos-headstore-${resourceToken}'
    databaseName: 'headstore'
    containers: cosmosContainers
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    namespaceName: 'sb-headstore-${resourceToken}'
    topicName: 'integration-events'
    subscriptions: serviceBusSubscriptions
  }
}

module communication 'modules/communication.bicep' = {
  name: 'communication'
  scope: resourceGroup
  params: {
    tags: tags
    communicationServiceName: 'acs-headstore-${resourceToken}'
    emailServiceName: 'email-headstore-${resourceToken}'
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: 'kv-head-${resourceToken}'
    communicationServiceName: communication.outputs.name
    stripeSecretKey: stripeSecretKey
    stripeWebhookSecret: stripeWebhookSecret
    acsCallbackSecret: acsCallbackSecret
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: resourceGroup
  params: {
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    name: functionAppName
    planName: 'plan-headstore-${resourceToken}'
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    appSettings: {
      // Application configuration, the same sections as the local host (see README, Configuration).
      Auth__Mode: 'OpenIdConnect'
      Auth__Authority: authAuthority
      Auth__Audience: authAudience
      Store: 'Cosmos'
      Cosmos__Endpoint: cosmos.outputs.endpoint
      Cosmos__Database: cosmos.outputs.databaseName
      Cosmos__CreateContainers: 'false' // the data-plane role cannot create containers; Bicep does
      // The views container's full-text policy needs the account's full-text capability and a newer API than this
      // template uses: until it is added, similar questions use the term fallback (docs/cosmos.md, "Left undone").
      Cosmos__QuestionSearch: 'TokenOverlap'
      Events__Transport: 'ServiceBus'
      Events__Topic: serviceBus.outputs.topicName
      Events__Subscription: serviceBusSubscriptions[0]
      ServiceBus__fullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace // trigger and REST client, by identity
      Scheduler__Enabled: 'false' // timer triggers run the jobs
      DemoData__Enabled: 'false'
      Jobs__OverdueRequests__Schedule: jobSchedules.overdueRequests
      Jobs__Outbox__Schedule: jobSchedules.outbox
      Jobs__AuthorisationSweep__Schedule: jobSchedules.authorisationSweep
      Jobs__SubscriptionRenewals__Schedule: jobSchedules.subscriptionRenewals
      Jobs__WeeklyPayouts__Schedule: jobSchedules.weeklyPayouts
      Jobs__MonthlyReports__Schedule: jobSchedules.monthlyReports
      Jobs__SlaBreaches__Schedule: jobSchedules.slaBreaches
      Payouts__Day: payoutSchedule.day
      Payouts__TimeOfDay: payoutSchedule.timeOfDay
      Reports__DayOfMonth: reportSchedule.dayOfMonth
      Reports__TimeOfDay: reportSchedule.timeOfDay
      Jobs__LifecycleTimers__Schedule: jobSchedules.lifecycleTimers
      Jobs__CosmosViewRepair__Schedule: jobSchedules.cosmosViewRepair
      Lifecycles__MaxWait: '06:00:00'
      Notifications__PublicBaseUrl: empty(publicBaseUrl) ? appUrl : publicBaseUrl
      Stripe__SecretKey: keyVault.outputs.stripeSecretKeyReference
      Stripe__WebhookSecret: keyVault.outputs.stripeWebhookSecretReference
      Acs__Endpoint: communication.outputs.endpoint
      Acs__ResourceId: communication.outputs.immutableResourceId
      Acs__CallbackBaseUrl: '${appUrl}/api/calls/events'
      Acs__CallbackSecret: keyVault.outputs.acsCallbackSecretReference
      Acs__EmailSender: communication.outputs.senderAddress
    }
  }
}

module access 'modules/access.bicep' = {
  name: 'access'
  scope: resourceGroup
  params: {
    appPrincipalId: functionApp.outputs.principalId
    deployerPrincipalId: principalId
    storageAccountName: storage.outputs.name
    cosmosAccountName: cosmos.outputs.accountName
    serviceBusNamespaceName: serviceBus.outputs.namespaceName
    keyVaultName: keyVault.outputs.name
    communicationServiceName: communication.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output API_URL string = appUrl
output STRIPE_WEBHOOK_URL string = '${appUrl}/api/webhooks/stripe'
output ACS_CALLBACK_URL string = '${appUrl}/api/calls/events'
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output ACS_EMAIL_SENDER string = communication.outputs.senderAddress
