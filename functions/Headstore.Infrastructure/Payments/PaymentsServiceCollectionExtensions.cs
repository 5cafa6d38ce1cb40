using Headstore.Application.Common;
using Headstore.Application.Payments;
using Headstore.Infrastructure.Payments.Sandbox;
using Headstore.Infrastructure.Payments.Stripe;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Infrastructure.Payments;

public static class PaymentsServiceCollectionExtensions
{
    /// <summary>
    /// Money's adapters: Stripe when <c>Stripe:SecretKey</c> is set (its options are then validated at start-up),
    /// otherwise the local payment sandbox. Either way Stripe's event reader handles the webhook endpoint (which stays
    /// closed without <c>Stripe:WebhookSecret</c>) and the sandbox's events. The ledger and payment read ports come with
    /// the store (AddSqliteStore / AddCosmosStore), and so does where the sandbox keeps its objects.
    /// </summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MoneyOptions>().Bind(configuration.GetSection(MoneyOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IPaymentEventReader, StripeEventReader>();
        if (UsesStripe(configuration))
        {
            services.AddStripePayments(configuration);
            return services;
        }

        services.AddOptions<StripeOptions>().Bind(configuration.GetSection(StripeOptions.SectionName));
        services.AddOptions<SandboxPaymentOptions>().Configure(options =>
        {
            // The onboarding page is served by this host: its own address unless told otherwise.
            options.PublicApiUrl = configuration[$"{SandboxPaymentOptions.Section}:{nameof(SandboxPaymentOptions.PublicApiUrl)}"]
                ?? configuration["Urls"]?.Split(';')[0]
                ?? options.PublicApiUrl;
        });
        services.AddSingleton<SandboxPaymentGateway>();
        services.AddSingleton<IPaymentGateway>(provider => provider.GetRequiredService<SandboxPaymentGateway>());
        services.AddSingleton<IPaymentSandboxControl>(provider => provider.GetRequiredService<SandboxPaymentGateway>());
        services.AddSingleton<IPeriodicJob, PaymentSandboxClock>();
        return services;
    }

    public static bool UsesStripe(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[$"{StripeOptions.SectionName}:{nameof(StripeOptions.SecretKey)}"]);
}
