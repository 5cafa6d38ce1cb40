using Headstore.Application;
using Headstore.Infrastructure;
using Headstore.Infrastructure.Persistence.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Headstore.Application.Tests.Support;

/// <summary>The application's services over a real SQLite file, without HTTP: for use-case and handler tests.</summary>
public sealed class AppHost : IAsyncDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("headstore-app-").FullName;

    private AppHost(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }

    public TestClock Clock => (TestClock)Services.GetRequiredService<TimeProvider>();

    public static async Task<AppHost> StartAsync()
    {
        var services = new ServiceCollection();
        var folder = Directory.CreateTempSubdirectory("headstore-app-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sqlite:DatabasePath"] = Path.Combine(folder, "app.db"),
            ["Mail:Directory"] = Path.Combine(folder, "mail"),
            ["Blobs:Directory"] = Path.Combine(folder, "blobs"),
        }).Build();
        services.AddLogging();
        services.AddApplication();
        services.AddInfrastructure(configuration);
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(new TestClock(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero)));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await provider.GetRequiredService<SqliteDatabase>().MigrateAsync(CancellationToken.None);
        return new AppHost(provider);
    }

    public T Get<T>()
        where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    /// <summary>Builds a class from the container's services (for event handlers, registered by their interfaces).</summary>
    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(Services.CreateScope().ServiceProvider);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
