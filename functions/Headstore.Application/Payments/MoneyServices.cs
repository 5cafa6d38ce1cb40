using Headstore.Application.Questions;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Application.Payments;

public static class MoneyServices
{
    /// <summary>The money services that are not use-case handlers (those are registered by convention).</summary>
    public static IServiceCollection AddMoney(this IServiceCollection services)
    {
        services.AddOptions<MoneyOptions>();
        services.AddScoped<PaymentProcessor>();
        services.AddScoped<IRevenueSplitPolicy, Ambassadors.AmbassadorSplitPolicy>();
        services.AddScoped<PaidQuestionCheckout>();
        return services;
    }
}
