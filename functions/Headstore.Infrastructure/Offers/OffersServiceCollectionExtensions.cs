using Headstore.Application.Offers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Infrastructure.Offers;

public static class OffersServiceCollectionExtensions
{
    /// <summary>The premium-service settings (checked at start-up); the offer queries come with the store (AddSqliteStore / AddCosmosStore).</summary>
    public static IServiceCollection AddOfferAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OffersOptions>().Bind(configuration.GetSection(OffersOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
