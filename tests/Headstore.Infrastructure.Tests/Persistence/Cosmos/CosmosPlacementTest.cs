using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Infrastructure.Messaging;
using Headstore.Infrastructure.Persistence.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Tests.Persistence.Cosmos;

/// <summary>
/// The Cosmos document store as production composes it (the TransactionalBatch committer and the view writer) over the
/// in-memory container, which records every request: what placement tests assert on.
/// </summary>
public abstract class CosmosPlacementTest : IDisposable
{
    private readonly CosmosDatabase database = new(Options.Create(new CosmosOptions { Endpoint = new Uri("https://127.0.0.1:1/"), Key = "a2V5" }), NullLogger<CosmosDatabase>.Instance);
    private readonly OutboxSignal signal = new();

    protected CosmosPlacementTest() =>
        Store = new CosmosDocumentStore(database, Cosmos, new CosmosTransactionalBatchCommitter(Cosmos), new CosmosViewWriter(Cosmos, NullLogger<CosmosViewWriter>.Instance), signal);

    protected InMemoryCosmos Cosmos { get; } = new();

    protected CosmosDocumentStore Store { get; }

    protected static string Commerce => CosmosDocumentTypes.CommerceContainer;

    protected async Task<Result<Unit>> CommitAsync(Action<IUnitOfWork> changes)
    {
        var work = Store.BeginWork();
        changes(work);
        return await work.CommitAsync(CancellationToken.None);
    }

    /// <summary>The requests that wrote something, in order.</summary>
    protected string[] Writes() => Cosmos.Requests.Where(r => !r.StartsWith("Read", StringComparison.Ordinal)).ToArray();

    public void Dispose()
    {
        database.Dispose();
        signal.Dispose();
        GC.SuppressFinalize(this);
    }
}
