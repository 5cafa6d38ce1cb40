using Headstore.Infrastructure.Payments.Stripe;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Infrastructure.Tests.Payments;

public sealed class PaymentsConfigurationTests
{
    [Fact]
    public async Task WithAStripeKey_StripeIsTheGateway_WithoutOne_TheSandbox()
    {
        await using var stripe = await Testing.SqliteHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Stripe:SecretKey"] = "sk_test_configured",
            ["Stripe:WebhookSecret"] = "whsec_configured",
        });
        Assert.IsType<StripePaymentGateway>(stripe.Get<Headstore.Application.Payments.IPaymentGateway>());
        Assert.Empty(stripe.Services.GetServices<Headstore.Application.Payments.IPaymentSandboxControl>());

        await using var local = await Testing.SqliteHost.StartAsync();
        Assert.IsType<Headstore.Infrastructure.Payments.Sandbox.SandboxPaymentGateway>(local.Get<Headstore.Application.Payments.IPaymentGateway>());
        Testing.SqliteHost.Delete(stripe.Folder);
        Testing.SqliteHost.Delete(local.Folder);
    }
}
