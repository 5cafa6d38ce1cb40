using Microsoft.Extensions.Configuration;

namespace Headstore.Infrastructure.Persistence;

/// <summary>Which store adapters run, from the "Store" setting: Sqlite (default) or Cosmos.</summary>
public static class StoreSelection
{
    public const string Key = "Store";

    public static bool UsesCosmos(IConfiguration configuration) => (configuration[Key] ?? "Sqlite") switch
    {
        var s when s.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) => false,
        var s when s.Equals("Cosmos", StringComparison.OrdinalIgnoreCase) => true,
        var other => throw new InvalidOperationException($"Store must be Sqlite or Cosmos, not '{other}'."),
    };
}

/// <summary>Prepares the store before the host serves (SQLite migrations; Cosmos database and containers).</summary>
public interface IStoreInitializer
{
    Task InitializeAsync(CancellationToken cancellationToken);
}

/// <summary>Answers the readiness check: a cheap round trip to the store.</summary>
public interface IStoreHealthProbe
{
    /// <summary>A short description when the store answers; throws when it does not.</summary>
    Task<string> ProbeAsync(CancellationToken cancellationToken);
}
