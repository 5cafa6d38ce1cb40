using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Persistence.Cosmos;

/// <summary>How similar-question search runs on Cosmos DB.</summary>
public enum CosmosQuestionSearchMode
{
    /// <summary>Cosmos full-text search (FullTextContainsAny, ranked by FullTextScore): needs the full-text policy on the views container.</summary>
    FullText,

    /// <summary>Shared-word matching over a stored term list, ranked here: works on any Cosmos-protocol server.</summary>
    TokenOverlap,
}

/// <summary>The Cosmos DB store, bound from the "Cosmos" section when <c>Store</c> is <c>Cosmos</c>.</summary>
public sealed class CosmosOptions
{
    public const string Section = "Cosmos";

    /// <summary>The account endpoint, e.g. https://headstore.documents.azure.com:443/.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>An account key; leave empty to use the app's managed identity (Azure.Identity's DefaultAzureCredential).</summary>
    public string? Key { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public string Database { get; set; } = "headstore";

    /// <summary>
    /// Create the database and containers (with their indexing policies) at start-up. On Azure, infrastructure code
    /// creates them and the app's identity has data-plane rights only, so this is off there.
    /// </summary>
    public bool CreateContainers { get; set; } = true;

    /// <summary>Shared database throughput when the database is created here; null for serverless accounts.</summary>
    public int? DatabaseThroughput { get; set; }

    /// <summary>Gateway (HTTPS) rather than direct (TCP) mode: the test server and locked-down networks speak only the gateway protocol.</summary>
    public bool GatewayMode { get; set; }

    /// <summary>Talk only to <see cref="Endpoint"/>, never to the regional endpoints the account advertises (test servers advertise none that work).</summary>
    public bool LimitToEndpoint { get; set; }

    /// <summary>Accept the self-signed certificate of a local emulator or test server. Never in Azure.</summary>
    public bool AllowInsecureEmulatorCertificate { get; set; }

    /// <summary>
    /// Commit a unit of work that touches several documents of one partition as a TransactionalBatch (atomic). Turned
    /// off only against a test server without batch support, where the writes run one by one with compensation.
    /// </summary>
    public bool UseTransactionalBatch { get; set; } = true;

    /// <summary>
    /// Work around the npm cosmosdb-server's gaps (a point read of a missing item answers 500 unless the request carries
    /// the cross-partition header). Only for that test server.
    /// </summary>
    public bool TestServerWorkarounds { get; set; }

    public CosmosQuestionSearchMode QuestionSearch { get; set; } = CosmosQuestionSearchMode.FullText;

    /// <summary>How long dispatched outbox documents are kept (as their TTL) for diagnosis.</summary>
    public TimeSpan DispatchedOutboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long inbox records (handled event ids) are kept; longer than any redelivery window.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);

    public bool UsesKey => !string.IsNullOrEmpty(Key);
}

internal sealed class CosmosOptionsValidator : IValidateOptions<CosmosOptions>
{
    public ValidateOptionsResult Validate(string? name, CosmosOptions options)
    {
        var failures = new List<string>();
        if (options.Endpoint is null || !options.Endpoint.IsAbsoluteUri)
        {
            failures.Add("Cosmos:Endpoint must be the account's absolute URL.");
        }
        else if (options.AllowInsecureEmulatorCertificate && !options.Endpoint.IsLoopback)
        {
            failures.Add("Cosmos:AllowInsecureEmulatorCertificate is only for an emulator on this machine (a loopback endpoint).");
        }

        if (string.IsNullOrWhiteSpace(options.Database))
        {
            failures.Add("Cosmos:Database is required.");
        }

        if (options.DispatchedOutboxRetention < TimeSpan.FromMinutes(1) || options.InboxRetention < TimeSpan.FromDays(1))
        {
            failures.Add("Cosmos:DispatchedOutboxRetention is at least a minute and Cosmos:InboxRetention at least a day.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
