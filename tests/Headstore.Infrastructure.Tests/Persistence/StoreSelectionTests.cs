using Headstore.Application;
using Headstore.Application.Common;
using Headstore.Infrastructure.Messaging;
using Headstore.Infrastructure.Messaging.ServiceBus;
using Headstore.Infrastructure.Persistence;
using Headstore.Infrastructure.Persistence.Cosmos;
using Headstore.Infrastructure.Persistence.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Tests.Persistence;

public sealed class StoreSelectionTests
{
    private static ServiceProvider Compose(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging().AddApplication()
            .AddInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public void ByDefault_TheStoreIsSqlite_AndEventsStayInProcess()
    {
        using var services = Compose(new() { ["Sqlite:DatabasePath"] = Path.Combine(Path.GetTempPath(), "unused.db") });
        // The one-process SQLite store gets the in-memory session cache in front of it (docs/sessions.md).
        Assert.IsType<SessionCachingDocumentStore>(services.GetRequiredService<IDocumentStore>());
        Assert.IsType<SqliteDocumentStore>(services.GetRequiredService<SqliteDocumentStore>());
        Assert.IsType<InProcessOutboxPublisher>(services.GetRequiredService<IOutboxPublisher>());
    }

    [Fact]
    public void CosmosAndServiceBus_AreChosenByConfiguration()
    {
        using var services = Compose(new()
        {
            ["Store"] = "Cosmos",
            ["Cosmos:Endpoint"] = "https://headstore.documents.azure.com:443/",
            ["Events:Transport"] = "ServiceBus",
            ["ServiceBus:FullyQualifiedNamespace"] = "headstore.servicebus.windows.net",
        });
        Assert.IsType<CosmosDocumentStore>(services.GetRequiredService<IDocumentStore>());
        Assert.IsType<CosmosTransactionalBatchCommitter>(services.GetRequiredService<ICosmosPartitionCommitter>());
        Assert.IsType<ServiceBusOutboxPublisher>(services.GetRequiredService<IOutboxPublisher>());
        Assert.Null(services.GetService<SqliteDatabase>());
    }

    [Fact]
    public void AnUnknownStore_FailsAtComposition() =>
        Assert.Throws<InvalidOperationException>(() => Compose(new() { ["Store"] = "Mongo" }));

    [Theory]
    [InlineData(null, false, "Cosmos:Endpoint must be")]
    [InlineData("https://headstore.documents.azure.com/", true, "only for an emulator on this machine")]
    public void CosmosOptions_AreValidated(string? endpoint, bool insecure, string message)
    {
        using var services = Compose(new()
        {
            ["Store"] = "Cosmos",
            ["Cosmos:Endpoint"] = endpoint,
            ["Cosmos:AllowInsecureEmulatorCertificate"] = insecure ? "true" : "false",
        });
        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CosmosOptions>>().Value);
        Assert.Contains(failure.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }
}
