using Headstore.Application.Common;
using Headstore.Application.Notifications;
using Headstore.Infrastructure.Blobs;
using Headstore.Infrastructure.Calls;
using Headstore.Infrastructure.Mail;
using Headstore.Infrastructure.Messaging;
using Headstore.Infrastructure.Messaging.ServiceBus;
using Headstore.Infrastructure.Offers;
using Headstore.Infrastructure.Payments;
using Headstore.Infrastructure.Persistence;
using Headstore.Infrastructure.Persistence.Cosmos;
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
    /// The adapters behind the application's ports, chosen by configuration. The embedded defaults: SQLite store
    /// (<c>Store=Cosmos</c> for Cosmos DB), in-process outbox dispatch (<c>Events:Transport=ServiceBus</c> for Service
    /// Bus), local scheduler, e-mail to files, blobs on disk.
    /// </summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section));
        services.AddOptions<SchedulerOptions>().Bind(configuration.GetSection(SchedulerOptions.Section));
        services.AddOptions<FileMailOptions>().Bind(configuration.GetSection(FileMailOptions.Section));
        services.AddOptions<DiskBlobOptions>().Bind(configuration.GetSection(DiskBlobOptions.Section));
        services.AddOptions<DemoDataOptions>().Bind(configuration.GetSection(DemoDataOptions.Section));
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection("Notifications"));

        services.AddOptions<EventsOptions>().Bind(configuration.GetSection(EventsOptions.Section));

        // Hosted services start in registration order: the schema exists before the dispatcher and scheduler run.
        services.AddHostedService<DatabaseInitializer>();
        services.AddSingleton<OutboxSignal>();
        if (StoreSelection.UsesCosmos(configuration))
        {
            services.AddCosmosStore(configuration);
        }
        else
        {
            services.AddSqliteStore(configuration);
        }

        if (configuration.GetSection(EventsOptions.Section).Get<EventsOptions>()?.Transport == EventTransport.ServiceBus)
        {
            services.AddServiceBusRest(configuration);
            services.AddSingleton<IOutboxPublisher, ServiceBusOutboxPublisher>();
        }
        else
        {
            services.AddSingleton<IOutboxPublisher, InProcessOutboxPublisher>();
        }

        services.AddSingleton<IntegrationEventReceiver>();
        services.AddSingleton<IEmailSender, FileEmailSender>();
        services.AddSingleton<IBlobStore, DiskBlobStore>();
        services.AddPayments(configuration);
        services.AddOfferAdapters(configuration);
        services.AddCalls(configuration);
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
internal sealed class DatabaseInitializer(IStoreInitializer store, IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
