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
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Persistence.Cosmos;

public static class CosmosServiceCollectionExtensions
{
    /// <summary>The Cosmos DB store (<c>Store=Cosmos</c>): every persistence port, configured from the "Cosmos" section.</summary>
    public static IServiceCollection AddCosmosStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CosmosOptions>().Bind(configuration.GetSection(CosmosOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CosmosOptions>, CosmosOptionsValidator>());
        services.AddSingleton<CosmosDatabase>();
        services.AddSingleton<ICosmosItems, CosmosItems>();
        services.AddSingleton<ICosmosPartitionCommitter>(sp => sp.GetRequiredService<IOptions<CosmosOptions>>().Value.UseTransactionalBatch
            ? new CosmosTransactionalBatchCommitter(sp.GetRequiredService<ICosmosItems>())
            : new CosmosSequentialCommitter(sp.GetRequiredService<ICosmosItems>(), sp.GetRequiredService<ILogger<CosmosSequentialCommitter>>()));
        services.AddSingleton<CosmosViewWriter>();
        services.AddSingleton<IStoreInitializer, CosmosStoreInitializer>();
        services.AddSingleton<IStoreHealthProbe, CosmosStoreInitializer>();
        services.AddSingleton<CosmosDocumentStore>();
        services.AddSingleton<IDocumentStore>(sp => sp.GetRequiredService<CosmosDocumentStore>());
        services.AddSingleton<IOutboxStore, CosmosOutboxStore>();
        services.AddSingleton<ICategoryCatalog, CosmosCategoryCatalog>();
        services.AddSingleton<IExpertDirectory, CosmosExpertDirectory>();
        services.AddSingleton<IQuestionSearch, CosmosQuestionSearch>();
        services.AddSingleton<IReputationQueries, CosmosReputationQueries>();
        services.AddSingleton<IMessagingQueries, CosmosMessagingQueries>();
        services.AddSingleton<IModerationQueries, CosmosModerationQueries>();
        services.AddSingleton<IInbox, CosmosInbox>();
        services.AddSingleton<IIdempotencyStore, CosmosIdempotencyStore>();
        services.AddSingleton<ILifecycleTimers, CosmosLifecycleTimers>();
        services.AddSingleton<ILedgerQueries, CosmosLedgerQueries>();
        services.AddSingleton<IPaymentQueries, CosmosPaymentQueries>();
        services.AddSingleton<IPaymentSandboxObjects, CosmosPaymentSandboxObjects>();
        services.AddSingleton<IOfferQueries, CosmosOfferQueries>();
        services.AddSingleton<ISessionQueries, CosmosSessionQueries>();

        // Cosmos DB commits one partition per transaction and has no write lock to queue on: call events of several
        // sessions (several experts' partitions) are committed each on its own, not as one group commit.
        services.PostConfigure<SessionOptions>(o => o.GroupCommits = false);
        services.AddSingleton<IScheduledRunQueries, CosmosScheduledRunQueries>();
        services.AddSingleton<IPayoutQueries, CosmosPayoutQueries>();
        services.AddSingleton<IPaymentReportSource, CosmosPaymentReportSource>();
        services.AddSingleton<IAmbassadorQueries, CosmosAmbassadorQueries>();
        services.AddSingleton<ISupportQueries, CosmosSupportQueries>();
        services.AddSingleton<CosmosViewRepairJob>();
        services.AddSingleton<IPeriodicJob>(sp => sp.GetRequiredService<CosmosViewRepairJob>());
        return services;
    }

    private sealed class CosmosStoreInitializer(CosmosDatabase database) : IStoreInitializer, IStoreHealthProbe
    {
        public Task InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

        public async Task<string> ProbeAsync(CancellationToken cancellationToken)
        {
            using var response = await database.Database.ReadStreamAsync(cancellationToken: cancellationToken);
            response.EnsureSuccessStatusCode();
            return $"Cosmos DB database {database.Database.Id} answers";
        }
    }
}
