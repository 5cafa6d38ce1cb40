using Headstore.Application.Offers;
using Headstore.Infrastructure.Persistence.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Infrastructure.Offers;

public static class OffersServiceCollectionExtensions
{
    /// <summary>The premium-service settings (checked at start-up) and the offer queries of the SQLite store.</summary>
    public static IServiceCollection AddOfferAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OffersOptions>().Bind(configuration.GetSection(OffersOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IOfferQueries, SqliteOfferQueries>();
        return services;
    }
}
