using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Application.Offers;

public static class OfferServices
{
    /// <summary>The offer services that are not use-case handlers (those, the driver and the mailer are registered by convention).</summary>
    public static IServiceCollection AddOffers(this IServiceCollection services)
    {
        services.AddOptions<OffersOptions>();
        services.AddScoped<OfferWorkflow>();
        services.AddScoped<OfferCheckout>();
        return services;
    }
}
