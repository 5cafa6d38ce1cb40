using Azure.Core;
using Headstore.Infrastructure.EntraId;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Calls.Acs;

public static class AcsServiceCollectionExtensions
{
    /// <summary>The Entra ID scope of every ACS data-plane API (the double slash is ACS's own).</summary>
    public const string EntraIdScope = "https://communication.azure.com//.default";

    /// <summary>
    /// The ACS clients (identity, rooms, call automation, e-mail) and the callback authenticator, configured from
    /// the "Acs" section. A connection string signs with its access key; without one, requests carry an Entra ID
    /// token of the app's managed identity.
    /// </summary>
    public static IServiceCollection AddAcsCalls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AcsOptions>().Bind(configuration.GetSection(AcsOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AcsOptions>, AcsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenCredential>(provider =>
            AzureCredential.Create(provider.GetRequiredService<IOptions<AcsOptions>>().Value.ManagedIdentityClientId));

        AddClient<AcsIdentityClient>(services);
        AddClient<AcsRoomsClient>(services);
        AddClient<AcsCallAutomationClient>(services);
        AddClient<AcsEmailClient>(services);

        services.AddHttpClient(AcsCallbackAuthenticator.MetadataHttpClientName);
        services.TryAddSingleton<AcsCallbackAuthenticator>();
        return services;
    }

    private static void AddClient<TClient>(IServiceCollection services)
        where TClient : class =>
        services
            .AddHttpClient<TClient>((provider, http) => http.BaseAddress = provider.GetRequiredService<IOptions<AcsOptions>>().Value.ResolveEndpoint())
            .AddHttpMessageHandler(CreateAuthenticationHandler);

    private static DelegatingHandler CreateAuthenticationHandler(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<AcsOptions>>().Value;
        var timeProvider = provider.GetRequiredService<TimeProvider>();
        return AcsConnectionString.TryParse(options.ConnectionString, out var connectionString)
            ? new AcsHmacSigningHandler(connectionString.AccessKey, timeProvider)
            : new EntraIdBearerTokenHandler(provider.GetRequiredService<TokenCredential>(), EntraIdScope, timeProvider);
    }
}
