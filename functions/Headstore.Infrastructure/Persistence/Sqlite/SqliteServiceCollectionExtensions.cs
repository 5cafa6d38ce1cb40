using Headstore.Application.Ambassadors;
using Headstore.Application.Categories;
using Headstore.Application.Common;
using Headstore.Application.Experts;
using Headstore.Application.Ledger;
using Headstore.Application.Messaging;
using Headstore.Application.Moderation;
using Headstore.Application.Offers;
using Headstore.Application.Payments;
using Headstore.Application.Payouts;
using Headstore.Application.Questions;
using Headstore.Application.Reports;
using Headstore.Application.Reputation;
using Headstore.Application.Sessions;
using Headstore.Application.Scheduling;
using Headstore.Application.Support;
using Headstore.Infrastructure.Messaging;
using Headstore.Infrastructure.Payments.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Infrastructure.Persistence.Sqlite;

public static class SqliteServiceCollectionExtensions
{
    /// <summary>The embedded store: one SQLite file holding documents, outbox, inbox and idempotency keys.</summary>
    public static IServiceCollection AddSqliteStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SqliteOptions>().Bind(configuration.GetSection(SqliteOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<IStoreInitializer, SqliteStoreInitializer>();
        services.AddSingleton<IStoreHealthProbe, SqliteStoreInitializer>();
        // One file, so one process: sessions are cached in memory in front of the store, so meter reads and call events
        // read no database (docs/sessions.md, "Metering at scale"). A store shared by several instances must not do this.
        SqliteSessionQueries.RegisterTables();
        services.AddSingleton<SqliteDocumentStore>();
        services.AddSingleton<IDocumentStore>(sp => new SessionCachingDocumentStore(sp.GetRequiredService<SqliteDocumentStore>()));
        services.AddSingleton<IOutboxStore, SqliteOutboxStore>();
        services.AddSingleton<ICategoryCatalog, SqliteCategoryCatalog>();
        services.AddSingleton<IExpertDirectory, SqliteExpertDirectory>();
        services.AddSingleton<SearchTermStatistics>();
        services.AddSingleton<IQuestionSearch, SqliteQuestionSearch>();
        services.AddSingleton<IReputationQueries, SqliteReputationQueries>();
        services.AddSingleton<IMessagingQueries, SqliteMessagingQueries>();
        services.AddSingleton<IModerationQueries, SqliteModerationQueries>();
        services.AddSingleton<IInbox, SqliteInbox>();
        services.AddSingleton<ILifecycleTimers, SqliteLifecycleTimers>();
        services.AddSingleton<ILedgerQueries, SqliteLedgerQueries>();
        services.AddSingleton<IPaymentQueries, SqlitePaymentQueries>();
        services.AddSingleton<IPaymentSandboxObjects, SqlitePaymentSandboxObjects>();
        services.AddSingleton<IOfferQueries, SqliteOfferQueries>();
        services.AddSingleton<ISessionQueries, SqliteSessionQueries>();
        SqliteScheduledWorkTables.Register();
        services.AddSingleton<IScheduledRunQueries, SqliteScheduledRunQueries>();
        services.AddSingleton<IPayoutQueries, SqlitePayoutQueries>();
        services.AddSingleton<IPaymentReportSource, SqlitePaymentReportSource>();
        services.AddSingleton<IAmbassadorQueries, SqliteAmbassadorQueries>();
        services.AddSingleton<ISupportQueries, SqliteSupportQueries>();
        services.AddSingleton<SqliteIdempotencyStore>();
        services.AddSingleton<IIdempotencyStore>(sp => sp.GetRequiredService<SqliteIdempotencyStore>());
        services.AddSingleton<IPeriodicJob>(sp => sp.GetRequiredService<SqliteIdempotencyStore>());
        return services;
    }

    private sealed class SqliteStoreInitializer(SqliteDatabase database) : IStoreInitializer, IStoreHealthProbe
    {
        public Task InitializeAsync(CancellationToken cancellationToken) => database.MigrateAsync(cancellationToken);

        public async Task<string> ProbeAsync(CancellationToken cancellationToken)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
            return $"{await command.ExecuteScalarAsync(cancellationToken)} migrations applied";
        }
    }
}
