using System.Collections.Concurrent;
using Headstore.Application;
using Headstore.Application.Common;
using Headstore.Infrastructure.Messaging;
using Headstore.Infrastructure.Persistence;
using Headstore.Infrastructure.Persistence.Cosmos;
using Headstore.Infrastructure.Tests.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Headstore.Infrastructure.Tests.Persistence;

/// <summary>Every handled event, by handler, so tests see what the dispatcher delivered.</summary>
public sealed class DeliveredEvents
{
    public ConcurrentQueue<IntegrationEvent> All { get; } = new();
}

public sealed class RecordingQuestionAskedHandler(DeliveredEvents delivered) : IEventHandler<QuestionAsked>
{
    public Task HandleAsync(QuestionAsked integrationEvent, CancellationToken cancellationToken)
    {
        delivered.All.Enqueue(integrationEvent);
        return Task.CompletedTask;
    }
}

/// <summary>
/// A store as the hosts compose it (AddApplication + AddInfrastructure from configuration), on a temporary SQLite
/// file or in a database of its own on the Cosmos test server, with a clock the test moves.
/// </summary>
public sealed class StoreUnderTest : IAsyncDisposable
{
    private readonly string directory;
    private readonly Func<ServiceProvider, Task> cleanup;

    private StoreUnderTest(ServiceProvider services, string directory, ManualTimeProvider clock, Func<ServiceProvider, Task> cleanup)
    {
        Services = services;
        this.directory = directory;
        Clock = clock;
        this.cleanup = cleanup;
    }

    public ServiceProvider Services { get; }

    public ManualTimeProvider Clock { get; }

    public DeliveredEvents Delivered => Services.GetRequiredService<DeliveredEvents>();

    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    public bool IsCosmos => Services.GetService<CosmosDatabase>() is not null;

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public static Task<StoreUnderTest> SqliteAsync(IReadOnlyDictionary<string, string?>? extra = null, Action<IServiceCollection>? configure = null)
    {
        var directory = Directory.CreateTempSubdirectory("headstore-store-").FullName;
        var settings = new Dictionary<string, string?> { ["Store"] = "Sqlite", ["Sqlite:DatabasePath"] = Path.Combine(directory, "headstore.db") };
        return StartAsync(settings, extra, configure, directory, _ =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return Task.CompletedTask;
        });
    }

    public static async Task<StoreUnderTest> CosmosAsync(IReadOnlyDictionary<string, string?>? extra = null, Action<IServiceCollection>? configure = null)
    {
        var server = await CosmosTestServer.GetAsync();
        var directory = Directory.CreateTempSubdirectory("headstore-store-").FullName;
        return await StartAsync(new Dictionary<string, string?>(server.Settings(CosmosTestServer.NewDatabaseName())), extra, configure, directory,
            services => services.GetRequiredService<CosmosDatabase>().DeleteAsync(CancellationToken.None));
    }

    public async Task<int> DrainOutboxAsync() => await Get<OutboxDispatcher>().DrainAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await cleanup(Services);
        }
        finally
        {
            await Services.DisposeAsync();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<StoreUnderTest> StartAsync(
        Dictionary<string, string?> settings, IReadOnlyDictionary<string, string?>? extra, Action<IServiceCollection>? configure, string directory, Func<ServiceProvider, Task> cleanup)
    {
        settings["Mail:Directory"] = Path.Combine(directory, "mail");
        settings["Blobs:Directory"] = Path.Combine(directory, "blobs");
        settings["Outbox:RunInBackground"] = "false";
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddApplication()
            .AddInfrastructure(configuration);
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<DeliveredEvents>();
        services.AddScoped<IEventHandler<QuestionAsked>, RecordingQuestionAskedHandler>();
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await provider.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None);
        return new StoreUnderTest(provider, directory, clock, cleanup);
    }
}
