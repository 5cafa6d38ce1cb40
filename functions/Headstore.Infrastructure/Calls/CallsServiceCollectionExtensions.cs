using Headstore.Application.Sessions;
using Headstore.Infrastructure.Calls.Acs;
using Headstore.Application.Common;
using Headstore.Infrastructure.Calls.Sandbox;
using Headstore.Infrastructure.Persistence;
using Headstore.Infrastructure.Persistence.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Headstore.Infrastructure.Calls;

public static class CallsServiceCollectionExtensions
{
    /// <summary>
    /// Sessions' adapters: Azure Communication Services when <c>Acs:ConnectionString</c> or <c>Acs:Endpoint</c> is set
    /// (its options are then validated at start-up and <c>POST /api/calls/events</c> accepts signed callbacks), otherwise
    /// the local call sandbox (and the callback endpoint refuses everything). Session reads are SQLite's (with the SQLite store).
    /// </summary>
    public static IServiceCollection AddCalls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionOptions>().Bind(configuration.GetSection(SessionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        if (services.Any(d => d.ServiceType == typeof(SqliteDatabase)))
        {
            SqliteSessionQueries.RegisterTables();
            services.AddSingleton<ISessionQueries, SqliteSessionQueries>();
            CacheSessionsInProcess(services);
        }
        if (UsesAcs(configuration))
        {
            services.AddAcsCalls(configuration);

            // Scoped: the typed ACS clients come from the HTTP client factory, which rotates their handlers.
            services.AddScoped<ICallService, AcsCallService>();
            services.AddSingleton<ICallEventReader, AcsCallEventReader>();
            return services;
        }

        services.AddSingleton<SandboxCallService>();
        services.AddSingleton<ICallService>(provider => provider.GetRequiredService<SandboxCallService>());
        services.AddSingleton<ICallSandbox>(provider => provider.GetRequiredService<SandboxCallService>());
        services.AddSingleton<ICallEventReader, ClosedCallEventReader>();
        return services;
    }

    /// <summary>
    /// With the SQLite store (one file, so one process) sessions are cached in memory in front of it: meter reads and call
    /// events then read no database (docs/sessions.md, "Metering at scale"). Any other store is left as it is.
    /// </summary>
    private static void CacheSessionsInProcess(IServiceCollection services)
    {
        var store = services.LastOrDefault(d => d.ServiceType == typeof(IDocumentStore));
        if (store?.ImplementationType != typeof(SqliteDocumentStore))
        {
            return;
        }

        services.Remove(store);
        services.TryAddSingleton<SqliteDocumentStore>();
        services.AddSingleton<IDocumentStore>(provider => new SessionCachingDocumentStore(provider.GetRequiredService<SqliteDocumentStore>()));
    }

    public static bool UsesAcs(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{AcsOptions.SectionName}:{nameof(AcsOptions.ConnectionString)}"])
        || !string.IsNullOrWhiteSpace(configuration[$"{AcsOptions.SectionName}:{nameof(AcsOptions.Endpoint)}"]);
}
