using Headstore.Application;
using Headstore.Infrastructure.Persistence.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Headstore.Infrastructure.Tests.Testing;

/// <summary>The application's services over a real SQLite file in a temporary folder, with a clock the test moves.</summary>
public sealed class SqliteHost : IAsyncDisposable
{
    private SqliteHost(ServiceProvider services, string folder, ManualTimeProvider clock)
    {
        Services = services;
        Folder = folder;
        Clock = clock;
    }

    public ServiceProvider Services { get; }

    public string Folder { get; }

    public ManualTimeProvider Clock { get; }

    /// <summary>Starts a host; pass the folder of an earlier host to reopen its database (a restart).</summary>
    public static async Task<SqliteHost> StartAsync(string? folder = null, ManualTimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        folder ??= Directory.CreateTempSubdirectory("headstore-infra-").FullName;
        clock ??= new ManualTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var values = new Dictionary<string, string?>
        {
            ["Sqlite:DatabasePath"] = Path.Combine(folder, "app.db"),
            ["Mail:Directory"] = Path.Combine(folder, "mail"),
            ["Blobs:Directory"] = Path.Combine(folder, "blobs"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddApplication();
        services.AddInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(clock);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<SqliteDatabase>().MigrateAsync(CancellationToken.None);
        return new SqliteHost(provider, folder, clock);
    }

    public T Get<T>()
        where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
