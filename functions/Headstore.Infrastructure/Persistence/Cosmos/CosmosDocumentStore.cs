using System.Collections.Concurrent;
using System.Text.Json;
using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Infrastructure.Messaging;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headstore.Infrastructure.Persistence.Cosmos;

/// <summary>
/// The Cosmos DB adapter of the document store. Point reads by (id, partition key derived from the id); each unit of
/// work is planned into partition groups (<see cref="CosmosCommitPlan"/>) and its primary group, holding the guarded
/// writes and the outbox events, is committed atomically. Optimistic concurrency uses ETags: the ETag of each version
/// read is remembered, and an update is a replace on that ETag.
/// </summary>
public sealed class CosmosDocumentStore(
    CosmosDatabase database,
    ICosmosItems items,
    ICosmosPartitionCommitter committer,
    CosmosViewWriter views,
    OutboxSignal outboxSignal,
    ILogger<CosmosDocumentStore>? logger = null) : IDocumentStore
{
    private readonly CosmosEtagCache etags = new();
    private readonly CosmosLookupCache lookups = new();
    private readonly ILogger logger = logger ?? NullLogger<CosmosDocumentStore>.Instance;
    private readonly ICosmosPartitionCommitter committer = committer;
    private readonly CosmosViewWriter views = views;
    private readonly OutboxSignal outboxSignal = outboxSignal;

    public async Task<T?> FindAsync<T>(string id, CancellationToken cancellationToken)
        where T : class, IAggregate
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        var type = CosmosDocumentTypes.For(typeof(T));
        var partitionKey = type.PartitionKeyOfId(id);
        if (partitionKey is null && type.LocatedById)
        {
            if (await LocateAsync(type, CosmosDocumentTypes.IdLookup, id, cancellationToken) is not { } located)
            {
                return null;
            }

            partitionKey = located.PartitionKey;
        }

        var documentId = type.DocumentId(id);
        JsonElement document;
        string etag;
        if (partitionKey is null)
        {
            var query = new QueryDefinition("SELECT * FROM c WHERE c.id = @id AND c.type = @type").WithParameter("@id", documentId).WithParameter("@type", type.Kind);
            var found = await database.QueryAcrossPartitionsAsync(database.Container(type.Container), CrossPartitionPath.ReadByIdFallback, query, cancellationToken);
            if (found.Count == 0)
            {
                return null;
            }

            document = found[0];
            partitionKey = document.GetProperty("pk").GetString()!;
            etag = document.GetProperty("_etag").GetString()!;
        }
        else if (await items.ReadAsync(type.Container, partitionKey, documentId, cancellationToken) is { } read)
        {
            (document, etag) = read;
        }
        else
        {
            return null;
        }

        if (document.GetProperty("type").GetString() != type.Kind)
        {
            return null;
        }

        etags.Remember(type.Container, partitionKey, documentId, document.GetProperty("version").GetInt64(), etag);
        return CosmosDocuments.ReadBody<T>(document);
    }

    /// <summary>
    /// Finds the aggregate whose lookup key <paramref name="name"/> has <paramref name="value"/> (see
    /// <see cref="CosmosDocumentType.Lookups"/>): a point read of the lookup (cached) and one of the aggregate. The caller
    /// checks the aggregate still has that value (a key can move on, e.g. a renewed authorisation's new intent).
    /// </summary>
    public async Task<T?> FindByLookupAsync<T>(string name, string value, CancellationToken cancellationToken)
        where T : class, IAggregate
    {
        var type = CosmosDocumentTypes.For(typeof(T));
        return await LocateAsync(type, name, value, cancellationToken) is { } located ? await FindAsync<T>(located.Id, cancellationToken) : null;
    }

    private async Task<(string Id, string PartitionKey)?> LocateAsync(CosmosDocumentType type, string name, string value, CancellationToken cancellationToken)
    {
        var partition = CosmosDocuments.LookupPartition(type, name, value);
        if (lookups.TryGet(type.Container, partition, out var cached))
        {
            return cached;
        }

        if (await items.ReadAsync(type.Container, partition, CosmosDocuments.LookupType, cancellationToken) is not { } read)
        {
            return null;
        }

        var located = (read.Document.GetProperty("targetId").GetString()!, read.Document.GetProperty("targetPk").GetString()!);
        lookups.Remember(type.Container, partition, located);
        return located;
    }

    /// <summary>Parallel point reads (1 RU each); ReadMany would do the same in one call but needs the query plan the test server lacks.</summary>
    public async Task<IReadOnlyList<T>> FindManyAsync<T>(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
        where T : class, IAggregate
    {
        var found = new T?[ids.Count];
        await Parallel.ForEachAsync(ids.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (item, token) =>
            found[item.i] = await FindAsync<T>(item.id, token));
        return found.OfType<T>().ToArray();
    }

    public IUnitOfWork BeginWork() => new CosmosUnitOfWork(this);

    /// <summary>A unit of work is one partition's transactional batch (see <see cref="CosmosCommitPlan"/>).</summary>
    public int MaxWritesPerCommit => CosmosCommitPlan.MaxBatchOperations;

    private sealed class CosmosUnitOfWork(CosmosDocumentStore store) : IUnitOfWork
    {
        private readonly List<(IAggregate Aggregate, CosmosWriteKind Kind)> writes = [];
        private readonly List<IntegrationEvent> events = [];

        public void Add<T>(T aggregate)
            where T : class, IAggregate => writes.Add((aggregate, CosmosWriteKind.Create));

        public void AddIfAbsent<T>(T aggregate)
            where T : class, IAggregate => writes.Add((aggregate, CosmosWriteKind.CreateIfAbsent));

        public void Upsert<T>(T aggregate)
            where T : class, IAggregate => writes.Add((aggregate, CosmosWriteKind.Upsert));

        public void Update<T>(T aggregate)
            where T : class, IAggregate => writes.Add((aggregate, CosmosWriteKind.Replace));

        public void Publish(IntegrationEvent integrationEvent) => events.Add(integrationEvent);

        public async Task<Result<Unit>> CommitAsync(CancellationToken cancellationToken)
        {
            var plan = CosmosCommitPlan.Create(writes, events, store.lookups.Contains);
            var groups = plan.Independent.Concat(plan.Primary is { } primary ? [primary] : Array.Empty<CosmosPartitionGroup>()).ToArray();

            // Every guard is checked before anything is written, so a stale update fails without side effects.
            foreach (var group in groups)
            {
                foreach (var write in group.Writes.Where(w => w.Kind == CosmosWriteKind.Replace))
                {
                    if (!await store.ResolveEtagAsync(group, write, cancellationToken))
                    {
                        return Error.ConcurrencyConflict();
                    }
                }
            }

            foreach (var group in groups)
            {
                if (await store.committer.CommitAsync(group, cancellationToken) is { } error)
                {
                    return error;
                }

                store.Remember(group);
            }

            // Receipts follow the change; the change is committed whatever happens to them (see CosmosDocumentType.Receipt).
            foreach (var group in plan.Trailing)
            {
                try
                {
                    if (await store.committer.CommitAsync(group, cancellationToken) is { } error)
                    {
                        store.logger.LogDebug("A receipt in {Container}/{PartitionKey} was already recorded ({Code})", group.Container, group.PartitionKey, error.Code);
                    }

                    store.Remember(group);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    store.logger.LogWarning(exception, "A receipt in {Container}/{PartitionKey} was not recorded; a redelivery finds the change already made", group.Container, group.PartitionKey);
                }
            }

            // Views follow the committed change; one that fails to update is caught up by the view repair job. They are
            // written before the dispatcher is woken, so handlers of this commit's events read the lists (and balances) it changed.
            foreach (var write in groups.Concat(plan.Trailing).SelectMany(g => g.Writes).Where(w => w.Type is { HasViews: true } && w.ResultEtag is not null))
            {
                await store.views.WriteAsync(write.Type!, write.Aggregate!, write.NewVersion, cancellationToken);
            }

            if (events.Count > 0)
            {
                store.outboxSignal.Notify();
            }

            return Unit.Value;
        }
    }

    private void Remember(CosmosPartitionGroup group)
    {
        foreach (var write in group.Writes)
        {
            if (write.Aggregate is not null && write.ResultEtag is not null)
            {
                etags.Remember(group.Container, group.PartitionKey, write.Id, write.NewVersion, write.ResultEtag);
            }
            else if (write.Document["type"]?.GetValue<string>() == CosmosDocuments.LookupType)
            {
                // Written now, or found present (an insert-if-absent that met the same lookup): either way it exists.
                lookups.Remember(group.Container, group.PartitionKey, (write.Document["targetId"]!.GetValue<string>(), write.Document["targetPk"]!.GetValue<string>()));
            }
        }
    }

    /// <summary>The ETag of the version the update was based on: remembered from the read, or read again and compared by version.</summary>
    private async Task<bool> ResolveEtagAsync(CosmosPartitionGroup group, CosmosWrite write, CancellationToken cancellationToken)
    {
        if (etags.TryGet(group.Container, group.PartitionKey, write.Id, write.ExpectedVersion, out var remembered))
        {
            write.IfMatchEtag = remembered;
            return true;
        }

        var stored = await items.ReadAsync(group.Container, group.PartitionKey, write.Id, cancellationToken);
        if (stored is not { } current || current.Document.GetProperty("version").GetInt64() != write.ExpectedVersion)
        {
            return false;
        }

        write.IfMatchEtag = current.ETag;
        return true;
    }
}

/// <summary>Lookup documents this process read or wrote: they never change, so they are cached (bounded) and not written twice.</summary>
internal sealed class CosmosLookupCache
{
    private const int Capacity = 50_000;
    private readonly ConcurrentDictionary<string, (string Id, string PartitionKey)> entries = new(StringComparer.Ordinal);

    public bool Contains(string container, string partitionKey) => entries.ContainsKey(Key(container, partitionKey));

    public bool TryGet(string container, string partitionKey, out (string Id, string PartitionKey) located) => entries.TryGetValue(Key(container, partitionKey), out located);

    public void Remember(string container, string partitionKey, (string Id, string PartitionKey) located)
    {
        if (entries.Count >= Capacity)
        {
            entries.Clear();
        }

        entries[Key(container, partitionKey)] = located;
    }

    private static string Key(string container, string partitionKey) => $"{container}\n{partitionKey}";
}

/// <summary>The ETag of each (document, version) this process read or wrote, so an update needs no second read. Bounded.</summary>
internal sealed class CosmosEtagCache
{
    private const int Capacity = 20_000;
    private readonly ConcurrentDictionary<string, (long Version, string Etag)> entries = new(StringComparer.Ordinal);

    public void Remember(string container, string partitionKey, string id, long version, string etag)
    {
        if (entries.Count >= Capacity)
        {
            entries.Clear();
        }

        entries[Key(container, partitionKey, id)] = (version, etag);
    }

    public bool TryGet(string container, string partitionKey, string id, long version, out string etag)
    {
        if (entries.TryGetValue(Key(container, partitionKey, id), out var entry) && entry.Version == version)
        {
            etag = entry.Etag;
            return true;
        }

        etag = "";
        return false;
    }

    private static string Key(string container, string partitionKey, string id) => $"{container}\n{partitionKey}\n{id}";
}
