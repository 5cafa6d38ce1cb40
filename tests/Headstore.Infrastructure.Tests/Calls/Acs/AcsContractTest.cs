using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Infrastructure.Tests.Calls.Acs;

/// <summary>A fake ACS checking the published contract, and the adapters configured to call it.</summary>
public abstract class AcsContractTest : IAsyncLifetime
{
    protected FakeAcsServer Server { get; private set; } = null!;

    protected ServiceProvider Services { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await FakeAcsServer.StartAsync();
        Services = AcsTestHost.Build(Server);
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
    }

    protected T Client<T>()
        where T : notnull => Services.GetRequiredService<T>();

    protected RecordedRequest Single(string operationId) => Assert.Single(Server.Requests, r => r.OperationId == operationId);
}
