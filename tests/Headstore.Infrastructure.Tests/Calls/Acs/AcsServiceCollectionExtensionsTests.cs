using Headstore.Infrastructure.Calls.Acs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Tests.Calls.Acs;

public sealed class AcsServiceCollectionExtensionsTests
{
    [Fact]
    public void AddAcsCalls_WithoutConnectionStringOrEndpoint_FailsValidation()
    {
        var settings = AcsTestHost.Settings("");
        settings["Acs:CallbackSecret"] = "short";
        using var services = AcsTestHost.Build(settings);

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AcsOptions>>().Value);

        Assert.Contains(failure.Failures, f => f.Contains("ConnectionString", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("CallbackSecret", StringComparison.Ordinal));
    }

    [Fact]
    public void AddAcsCalls_ValidatesOnStart()
    {
        using var services = AcsTestHost.Build(AcsTestHost.Settings("endpoint=;accesskey="));

        var validator = services.GetRequiredService<IStartupValidator>();

        Assert.Throws<OptionsValidationException>(validator.Validate);
    }

    [Fact]
    public void AddAcsCalls_WithEndpointOnly_UsesManagedIdentity()
    {
        var settings = AcsTestHost.Settings("");
        settings["Acs:Endpoint"] = "https://contoso.communication.azure.com";
        using var services = AcsTestHost.Build(settings);

        Assert.NotNull(services.GetRequiredService<AcsRoomsClient>());
        Assert.Equal(new Uri("https://contoso.communication.azure.com/"), services.GetRequiredService<IOptions<AcsOptions>>().Value.ResolveEndpoint());
    }
}
