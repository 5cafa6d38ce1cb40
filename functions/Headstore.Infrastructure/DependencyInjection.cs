using Headstore.Application.Categories;
using Headstore.Application.Common;
using Headstore.Application.Experts;
using Headstore.Application.Messaging;
using Headstore.Application.Moderation;
using Headstore.Application.Notifications;
using Headstore.Application.Questions;
using Headstore.Application.Reputation;
using Headstore.Infrastructure.Blobs;
using Headstore.Infrastructure.Mail;
using Headstore.Infrastructure.Messaging;
using Headstore.Infrastructure.Payments;
using Headstore.Infrastructure.Persistence.Sqlite;
using Headstore.Infrastructure.Scheduling;
using Headstore.Infrastructure.Seeding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Headstore.Infrastructure;

public static class DependencyInjection
{
    /// <summary>
    /// The adapters behind the application's ports, chosen by configuration. The embedded defaults: SQLite store,
    /// in-process outbox dispatch, local scheduler, e-mail to files, blobs on disk.
    /// </summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SqliteOptions>().Bind(configuration.GetSection(SqliteOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section));
        services.AddOptions<SchedulerOptions>().Bind(configuration.GetSection(SchedulerOptions.Section));
        services.AddOptions<FileMailOptions>().Bind(configuration.GetSection(FileMailOptions.Section));
        services.AddOptions<DiskBlobOptions>().Bind(configuration.GetSection(DiskBlobOptions.Section));
        services.AddOptions<DemoDataOptions>().Bind(configuration.GetSection(DemoDataOptions.Section));
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection("Notifications"));

        // Hosted services start in registration order: the schema exists before the dispatcher and scheduler run.
        services.AddHostedService<DatabaseInitializer>();
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<IDocumentStore, SqliteDocumentStore>();
        services.AddSingleton<ICategoryCatalog, SqliteCategoryCatalog>();
        services.AddSingleton<IExpertDirectory, SqliteExpertDirectory>();
        services.AddSingleton<SearchTermStatistics>();
        services.AddSingleton<IQuestionSearch, SqliteQuestionSearch>();
        services.AddSingleton<IReputationQueries, SqliteReputationQueries>();
        services.AddSingleton<IMessagingQueries, SqliteMessagingQueries>();
        services.AddSingleton<IModerationQueries, SqliteModerationQueries>();
        services.AddSingleton<IInbox, SqliteInbox>();
        services.AddSingleton<ILifecycleTimers, SqliteLifecycleTimers>();
        services.AddSingleton<SqliteIdempotencyStore>();
        services.AddSingleton<IIdempotencyStore>(sp => sp.GetRequiredService<SqliteIdempotencyStore>());
        services.AddSingleton<IPeriodicJob>(sp => sp.GetRequiredService<SqliteIdempotencyStore>());
        services.AddSingleton<IEmailSender, FileEmailSender>();
        services.AddSingleton<IBlobStore, DiskBlobStore>();
        services.AddPayments(configuration);
        services.AddScheduledWork(configuration);

        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<LocalScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalScheduler>());
        services.AddTransient<DemoDataSeeder>();
        return services;
    }
}

/// <summary>Applies migrations and seeds demo data before the host starts serving.</summary>
internal sealed class DatabaseInitializer(SqliteDatabase database, IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
