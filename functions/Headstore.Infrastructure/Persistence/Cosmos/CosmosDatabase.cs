using System.Collections.ObjectModel;
using System.Text.Json;
using Headstore.Infrastructure.EntraId;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Persistence.Cosmos;

/// <summary>
/// The one <see cref="CosmosClient"/> of the process (it pools connections and caches routing), the database, its
/// containers, and the two kinds of query: single-partition (every hot path) and cross-partition (named batch and admin
/// paths only, see docs/cosmos.md).
/// </summary>
public sealed class CosmosDatabase : IDisposable
{
    private readonly CosmosClient client;
    private readonly ILogger<CosmosDatabase> logger;

    public CosmosDatabase(IOptions<CosmosOptions> options, ILogger<CosmosDatabase> logger)
    {
        this.logger = logger;
        Options = options.Value;
        client = CreateClient(Options);
        Database = client.GetDatabase(Options.Database);
        ContainerNames = CosmosDocumentTypes.Containers;
    }

    public CosmosOptions Options { get; }

    /// <summary>The containers of the registry when this store started: types are registered before the host starts.</summary>
    public IReadOnlyList<string> ContainerNames { get; }

    public Database Database { get; }

    public Container Container(string name) => Database.GetContainer(name);

    /// <summary>Creates the database and every registered container when they are missing (development and tests).</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!Options.CreateContainers)
        {
            return;
        }

        await client.CreateDatabaseIfNotExistsAsync(Options.Database, Options.DatabaseThroughput, cancellationToken: cancellationToken);
        foreach (var name in ContainerNames)
        {
            await Database.CreateContainerIfNotExistsAsync(ContainerProperties(name, Options.QuestionSearch), cancellationToken: cancellationToken);
        }
    }

    /// <summary>Deletes the database (tests give each run its own).</summary>
    public Task DeleteAsync(CancellationToken cancellationToken) => Database.DeleteAsync(cancellationToken: cancellationToken);

    /// <summary>
    /// A container's definition: partition key /pk, TTL enabled without a default (documents that carry "ttl" expire),
    /// and an indexing policy that indexes only pk, type and the idx copies, so writes pay for what queries use.
    /// </summary>
    public static ContainerProperties ContainerProperties(string name, CosmosQuestionSearchMode questionSearch)
    {
        var properties = new ContainerProperties(name, "/pk") { DefaultTimeToLive = -1 };
        var indexing = properties.IndexingPolicy;
        indexing.Automatic = true;
        indexing.IndexingMode = IndexingMode.Consistent;
        indexing.IncludedPaths.Clear();
        indexing.ExcludedPaths.Clear();
        indexing.IncludedPaths.Add(new IncludedPath { Path = "/pk/?" });
        indexing.IncludedPaths.Add(new IncludedPath { Path = "/type/?" });
        indexing.IncludedPaths.Add(new IncludedPath { Path = "/idx/*" });
        indexing.ExcludedPaths.Add(new ExcludedPath { Path = "/idx/text/?" });
        indexing.ExcludedPaths.Add(new ExcludedPath { Path = "/*" });
        indexing.ExcludedPaths.Add(new ExcludedPath { Path = "/\"_etag\"/?" });
        if (name == CosmosDocumentTypes.ViewsContainer && questionSearch == CosmosQuestionSearchMode.FullText)
        {
            properties.FullTextPolicy = new FullTextPolicy
            {
                DefaultLanguage = "en-US",
                FullTextPaths = new Collection<FullTextPath> { new() { Path = "/idx/text", Language = "en-US" } },
            };
            indexing.FullTextIndexes.Add(new FullTextIndexPath { Path = "/idx/text" });
        }

        return properties;
    }

    /// <summary>A query within one partition: the query text must also filter on c.pk (the test server ignores the partition header).</summary>
    public Task<IReadOnlyList<JsonElement>> QueryPartitionAsync(Container container, string partitionKey, QueryDefinition query, CancellationToken cancellationToken) =>
        RunQueryAsync(container, query, new QueryRequestOptions { PartitionKey = new PartitionKey(partitionKey), EnableOptimisticDirectExecution = true }, cancellationToken);

    /// <summary>
    /// A query over every partition of a container: only for batch and admin paths, each named by <paramref name="path"/>
    /// (its cost grows with the number of physical partitions).
    /// </summary>
    public Task<IReadOnlyList<JsonElement>> QueryAcrossPartitionsAsync(Container container, CrossPartitionPath path, QueryDefinition query, CancellationToken cancellationToken)
    {
        logger.LogDebug("Cross-partition query on {Container} for {Path}", container.Id, path);
        return RunQueryAsync(container, query, new QueryRequestOptions { EnableOptimisticDirectExecution = true }, cancellationToken);
    }

    public void Dispose() => client.Dispose();

    private static async Task<IReadOnlyList<JsonElement>> RunQueryAsync(Container container, QueryDefinition query, QueryRequestOptions options, CancellationToken cancellationToken)
    {
        var results = new List<JsonElement>();
        using var iterator = container.GetItemQueryStreamIterator(query, requestOptions: options);
        while (iterator.HasMoreResults)
        {
            using var response = await iterator.ReadNextAsync(cancellationToken);
            response.EnsureSuccessStatusCode();
            using var page = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken);
            foreach (var document in page.RootElement.GetProperty("Documents").EnumerateArray())
            {
                results.Add(document.Clone());
            }
        }

        return results;
    }

    private static CosmosClient CreateClient(CosmosOptions options)
    {
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "headstore",
            ConnectionMode = options.GatewayMode ? ConnectionMode.Gateway : ConnectionMode.Direct,
            LimitToEndpoint = options.LimitToEndpoint,
            EnableContentResponseOnWrite = false,
            MaxRetryAttemptsOnRateLimitedRequests = 9,
            MaxRetryWaitTimeOnRateLimitedRequests = TimeSpan.FromSeconds(30),
        };
        if (options.AllowInsecureEmulatorCertificate)
        {
            clientOptions.HttpClientFactory = () => new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            });
        }

        if (options.TestServerWorkarounds)
        {
            clientOptions.CustomHandlers.Add(new TestServerWorkaroundHandler());
        }

        var endpoint = options.Endpoint!.AbsoluteUri;
        return options.UsesKey
            ? new CosmosClient(endpoint, options.Key, clientOptions)
            : new CosmosClient(endpoint, AzureCredential.Create(options.ManagedIdentityClientId), clientOptions);
    }

    /// <summary>
    /// The npm cosmosdb-server answers a point read of a missing item with 500 (it dereferences the missing document)
    /// unless the request carries the cross-partition header, with which it answers 404 as Cosmos DB does.
    /// </summary>
    private sealed class TestServerWorkaroundHandler : RequestHandler
    {
        private const string CrossPartition = "x-ms-documentdb-query-enablecrosspartition";

        public override Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get && request.RequestUri?.OriginalString.Contains("/docs/", StringComparison.Ordinal) == true)
            {
                request.Headers.Add(CrossPartition, "true");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>The cross-partition queries the Cosmos store makes; none is on a hot path.</summary>
public enum CrossPartitionPath
{
    /// <summary>Outbox dispatcher polling for pending events (production: the change feed processor, see docs/cosmos.md).</summary>
    OutboxPolling,

    /// <summary>Reputation recomputation: which experts have a history.</summary>
    ReputationRecomputeBatch,

    /// <summary>Overdue-request sweep: requests past their reply time.</summary>
    OverdueSweepBatch,

    /// <summary>Admin list of flagged overdue requests.</summary>
    AdminOverdueList,

    /// <summary>Admin moderation queue.</summary>
    AdminModerationQueue,

    /// <summary>View repair: aggregates changed since the last run.</summary>
    ViewRepairBatch,

    /// <summary>
    /// Point read of an aggregate whose partition key its id does not tell and that keeps no id lookup: only dispute and
    /// transfer-reversal ledger transactions, which no hot path reads by id.
    /// </summary>
    ReadByIdFallback,

    /// <summary>Authorisation sweep (every 15 minutes): payments whose review time has come.</summary>
    PaymentReviewSweep,

    /// <summary>Plan renewal job (every 30 minutes): subscriptions whose next step is due.</summary>
    SubscriptionRenewalBatch,

    /// <summary>Weekly payout job: pending payouts of every expert (and in-transit ones of an account without a payout account record).</summary>
    PayoutBatch,

    /// <summary>Weekly payout job: the experts' and ambassadors' payable accounts that have entries (a skip scan).</summary>
    LedgerPayablesBatch,

    /// <summary>A platform account's balance (its entries are in one partition per month): trial balance and reconciliation only.</summary>
    LedgerPlatformBalance,

    /// <summary>Admin and reconciliation: every account with entries (a skip scan).</summary>
    LedgerTrialBalance,

    /// <summary>Admin list of card disputes.</summary>
    AdminDisputeList,

    /// <summary>Admin view of a week's payouts (counts and totals per state and currency), keyset-paged by id.</summary>
    AdminPayoutWeek,

    /// <summary>Monthly report job: the payable accounts after the run's cursor (a skip scan), each then checked in its partition.</summary>
    ReportPayeesBatch,
}
