using Azure.Core;
using Headstore.Infrastructure.EntraId;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Messaging.ServiceBus;

public static class ServiceBusServiceCollectionExtensions
{
    public const string EntraIdScope = "https://servicebus.azure.net/.default";

    /// <summary>
    /// The Service Bus REST client, configured from the "ServiceBus" section: a shared access key when one is
    /// given, otherwise an Entra ID token of the app's managed identity.
    /// </summary>
    public static IServiceCollection AddServiceBusRest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServiceBusOptions>().Bind(configuration.GetSection(ServiceBusOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceBusOptions>, ServiceBusOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenCredential>(provider =>
            AzureCredential.Create(provider.GetRequiredService<IOptions<ServiceBusOptions>>().Value.ManagedIdentityClientId));

        services
            .AddHttpClient<ServiceBusRestClient>((provider, http) =>
                http.BaseAddress = provider.GetRequiredService<IOptions<ServiceBusOptions>>().Value.ResolveEndpoint())
            .AddHttpMessageHandler(provider =>
            {
                var options = provider.GetRequiredService<IOptions<ServiceBusOptions>>().Value;
                var timeProvider = provider.GetRequiredService<TimeProvider>();
                return options.UsesSharedAccessKey
                    ? new ServiceBusSharedAccessSignatureHandler(options.KeyName!, options.Key!, options.SignatureLifetime, timeProvider)
                    : new EntraIdBearerTokenHandler(provider.GetRequiredService<TokenCredential>(), EntraIdScope, timeProvider);
            });
        return services;
    }
}
