using Headstore.Application.Sessions;
using Headstore.Infrastructure.Calls;
using Headstore.Infrastructure.Calls.Acs;
using Headstore.Infrastructure.Calls.Sandbox;
using Headstore.Infrastructure.Tests.Calls.Acs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Infrastructure.Tests.Calls;

public sealed class CallsServiceCollectionExtensionsTests
{
    [Fact]
    public void WithoutAcsSettings_TheLocalCallSandboxIsUsed_AndCallbacksAreRefused()
    {
        using var services = Build([]);

        Assert.IsType<SandboxCallService>(services.GetRequiredService<ICallService>());
        Assert.Same(services.GetRequiredService<ICallService>(), services.GetRequiredService<ICallSandbox>());
        Assert.IsType<ClosedCallEventReader>(services.GetRequiredService<ICallEventReader>());
    }

    [Fact]
    public void WithAnAcsConnectionString_AcsCarriesTheCalls_AndThereIsNoSandbox()
    {
        using var services = Build(AcsTestHost.Settings($"endpoint=https://contoso.communication.azure.com/;accesskey={FakeAcsServer.AccessKey}"));
        using var scope = services.CreateScope();

        Assert.IsType<AcsCallService>(scope.ServiceProvider.GetRequiredService<ICallService>());
        Assert.IsType<AcsCallEventReader>(scope.ServiceProvider.GetRequiredService<ICallEventReader>());
        Assert.Null(scope.ServiceProvider.GetService<ICallSandbox>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddCalls(configuration);
        return services.BuildServiceProvider();
    }
}
