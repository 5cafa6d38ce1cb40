using Azure.Core;
using Azure.Identity;

namespace Headstore.Infrastructure.EntraId;

/// <summary>
/// The app's identity towards Azure services: the managed identity in Azure (a user-assigned one when a client id
/// is given), the developer's Azure CLI or Visual Studio sign-in on a workstation.
/// </summary>
internal static class AzureCredential
{
    public static TokenCredential Create(string? managedIdentityClientId) =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(managedIdentityClientId) ? null : managedIdentityClientId,
        });
}
