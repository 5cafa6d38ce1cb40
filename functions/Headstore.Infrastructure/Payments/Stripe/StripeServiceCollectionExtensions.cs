using Headstore.Application.Payments;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Payments.Stripe;

public static class StripeServiceCollectionExtensions
{
    /// <summary>
    /// The Stripe adapter: <see cref="IPaymentGateway"/>, its typed HTTP client and the webhook verifier, with
    /// <see cref="StripeOptions"/> bound from the "Stripe" section and checked at start-up, so a missing key stops
    /// the host instead of failing the first payment.
    /// </summary>
    public static IServiceCollection AddStripePayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StripeOptions>()
            .Bind(configuration.GetSection(StripeOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StripeOptions>, StripeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient<StripeClient>(client =>
        {
            // Our own retries (StripeClient) decide what is safe to repeat; each single try gets a bounded wait.
            client.Timeout = TimeSpan.FromSeconds(30);
        });
        services.AddTransient<IPaymentGateway, StripePaymentGateway>();
        services.TryAddSingleton(provider => new StripeWebhookVerifier(
            provider.GetRequiredService<IOptions<StripeOptions>>(), provider.GetRequiredService<TimeProvider>()));
        return services;
    }
}
