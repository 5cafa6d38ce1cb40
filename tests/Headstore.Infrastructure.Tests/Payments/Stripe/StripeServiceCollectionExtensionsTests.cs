using Headstore.Application.Payments;
using Headstore.Infrastructure.Payments.Stripe;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Tests.Payments.Stripe;

public sealed class StripeServiceCollectionExtensionsTests
{
    [Fact]
    public void AddStripePayments_WithValidSettings_ResolvesTheGatewayAndVerifier()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Stripe:SecretKey"] = "sk_test_1",
            ["Stripe:WebhookSecret"] = "whsec_1",
        });

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<StripePaymentGateway>(provider.GetRequiredService<IPaymentGateway>());
        Assert.NotNull(provider.GetRequiredService<StripeWebhookVerifier>());
        Assert.Equal(StripeOptions.DefaultApiVersion, provider.GetRequiredService<IOptions<StripeOptions>>().Value.ApiVersion);
    }

    [Fact]
    public void AddStripePayments_WithoutKeys_FailsAtStartUp()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Stripe:SecretKey"] = "pk_test_publishable" });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(failure.Failures, message => message.Contains("SecretKey", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, message => message.Contains("WebhookSecret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://api.stripe.com", false)]
    [InlineData("http://127.0.0.1:5123", true)]
    [InlineData("https://api.stripe.com", true)]
    public void BaseUrl_MustBeHttpsUnlessLocal(string baseUrl, bool valid)
    {
        var options = new StripeOptions { SecretKey = "sk_test_1", WebhookSecret = "whsec_1", BaseUrl = new Uri(baseUrl) };

        Assert.Equal(valid, new StripeOptionsValidator().Validate(null, options).Succeeded);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddStripePayments(configuration).BuildServiceProvider();
    }
}
