using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Headstore.Application.Categories;
using Headstore.Application.Common;
using Headstore.Domain.Experts;
using Headstore.Infrastructure.Messaging;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Persistence.Cosmos;

/// <summary>Handled (handler, event) pairs: one small document per pair in the event's own partition, point read and created (1 RU / ~6 RU), expiring by TTL.</summary>
public sealed class CosmosInbox(ICosmosItems items, IOptions<CosmosOptions> options, TimeProvider clock) : IInbox
{
    public async Task<bool> HasHandledAsync(string handler, string eventId, CancellationToken cancellationToken) =>
        await items.ReadAsync(CosmosDocumentTypes.SystemContainer, Partition(eventId), CosmosDocuments.EncodeId(handler), cancellationToken) is not null;

    public async Task MarkHandledAsync(string handler, string eventId, CancellationToken cancellationToken)
    {
        var document = new JsonObject
        {
            ["id"] = CosmosDocuments.EncodeId(handler),
            ["pk"] = Partition(eventId),
            ["type"] = "inbox",
            ["handledAt"] = CosmosDocumentTypes.Time(clock.GetUtcNow()),
            ["ttl"] = (int)options.Value.InboxRetention.TotalSeconds,
        };
        var (status, _) = await items.WriteAsync(CosmosDocumentTypes.SystemContainer, Partition(eventId), CosmosWriteKind.Create, document["id"]!.GetValue<string>(), CosmosDocuments.ToUtf8(document), null, cancellationToken);
        if (!CosmosWriteOutcome.IsSuccess(status) && status != HttpStatusCode.Conflict)
        {
            throw new InvalidOperationException($"Cosmos DB answered {(int)status} when recording {handler} handled {eventId}.");
        }
    }

    private static string Partition(string eventId) => "inbox:" + eventId;
}

/// <summary>
/// Idempotency keys: one document per (caller, key) in a partition of its own, expiring after a day by TTL. A claim is a
/// create (or a replace on the ETag of an abandoned or expired claim), so two concurrent requests with one key cannot
/// both run: the loser sees 409/412 and reads the winner's claim.
/// </summary>
public sealed class CosmosIdempotencyStore(ICosmosItems items, TimeProvider clock) : IIdempotencyStore
{
    /// <summary>A claim not completed within this time belongs to a request that died; the key may run again.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan KeepFor = TimeSpan.FromHours(24);

    private const string Id = "claim";

    public async Task<(IdempotencyClaim Claim, StoredResponse? Response)> ClaimAsync(string scope, string key, string requestHash, CancellationToken cancellationToken)
    {
        var partition = Partition(scope, key);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = clock.GetUtcNow();
            var stored = await items.ReadAsync(CosmosDocumentTypes.SystemContainer, partition, Id, cancellationToken);
            string? replaceEtag = null;
            if (stored is { } existing)
            {
                var document = existing.Document;
                var createdAt = DateTimeOffset.Parse(document.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

                // The TTL removes expired keys in Cosmos DB; an emulator without TTL still sees them expire here.
                if (now - createdAt < KeepFor)
                {
                    if (document.GetProperty("requestHash").GetString() != requestHash)
                    {
                        return (IdempotencyClaim.Mismatch, null);
                    }

                    if (document.GetProperty("state").GetString() == "completed")
                    {
                        return (IdempotencyClaim.Completed, document.GetProperty("response").Deserialize<StoredResponse>(Serialization.JsonDefaults.Options));
                    }

                    if (now - createdAt < AbandonedAfter)
                    {
                        return (IdempotencyClaim.InProgress, null);
                    }
                }

                replaceEtag = existing.ETag;
            }

            var claim = Document(partition, requestHash, "in-progress", now, null);
            var (status, _) = await items.WriteAsync(
                CosmosDocumentTypes.SystemContainer, partition, replaceEtag is null ? CosmosWriteKind.Create : CosmosWriteKind.Replace, Id, CosmosDocuments.ToUtf8(claim), replaceEtag, cancellationToken);
            if (CosmosWriteOutcome.IsSuccess(status))
            {
                return (IdempotencyClaim.Claimed, null);
            }

            if (status is not (HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound))
            {
                throw new InvalidOperationException($"Cosmos DB answered {(int)status} to an idempotency claim.");
            }
        }

        return (IdempotencyClaim.InProgress, null);
    }

    public async Task CompleteAsync(string scope, string key, StoredResponse response, CancellationToken cancellationToken)
    {
        var partition = Partition(scope, key);
        if (await items.ReadAsync(CosmosDocumentTypes.SystemContainer, partition, Id, cancellationToken) is not { } stored)
        {
            return;
        }

        var createdAt = DateTimeOffset.Parse(stored.Document.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var completed = Document(partition, stored.Document.GetProperty("requestHash").GetString()!, "completed", createdAt, response);
        await items.WriteAsync(CosmosDocumentTypes.SystemContainer, partition, CosmosWriteKind.Replace, Id, CosmosDocuments.ToUtf8(completed), stored.ETag, cancellationToken);
    }

    public async Task ReleaseAsync(string scope, string key, CancellationToken cancellationToken)
    {
        var partition = Partition(scope, key);
        if (await items.ReadAsync(CosmosDocumentTypes.SystemContainer, partition, Id, cancellationToken) is { } stored
            && stored.Document.GetProperty("state").GetString() == "in-progress")
        {
            await items.DeleteAsync(CosmosDocumentTypes.SystemContainer, partition, Id, stored.ETag, cancellationToken);
        }
    }

    private static string Partition(string scope, string key) => $"idempotency:{scope}\n{key}";

    private static JsonObject Document(string partition, string requestHash, string state, DateTimeOffset createdAt, StoredResponse? response) => new()
    {
        ["id"] = Id,
        ["pk"] = partition,
        ["type"] = "idempotency-key",
        ["requestHash"] = requestHash,
        ["state"] = state,
        ["createdAt"] = CosmosDocumentTypes.Time(createdAt),
        ["response"] = response is null ? null : JsonSerializer.SerializeToNode(response, Serialization.JsonDefaults.Options),
        ["ttl"] = (int)KeepFor.TotalSeconds,
    };
}

/// <summary>Categories share one partition: the list is one single-partition query, cached for a minute like the SQLite catalog.</summary>
public sealed class CosmosCategoryCatalog(CosmosDatabase database, TimeProvider clock) : ICategoryCatalog
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private (IReadOnlyList<Category> Items, DateTimeOffset LoadedAt)? cache;

    public async Task<IReadOnlyList<Category>> ListAsync(CancellationToken cancellationToken)
    {
        if (cache is { } cached && clock.GetUtcNow() - cached.LoadedAt < Lifetime && cached.Items.Count > 0)
        {
            return cached.Items;
        }

        var type = CosmosDocumentTypes.For(typeof(Category));
        var query = new QueryDefinition("SELECT c.body FROM c WHERE c.pk = @pk AND c.type = @type ORDER BY c.idx.name")
            .WithParameter("@pk", CosmosDocumentTypes.CategoriesPartition).WithParameter("@type", type.Kind);
        var rows = await database.QueryPartitionAsync(database.Container(type.Container), CosmosDocumentTypes.CategoriesPartition, query, cancellationToken);
        var items = rows.Select(CosmosPaging.Body<Category>).ToArray();
        cache = (items, clock.GetUtcNow());
        return items;
    }
}

/// <summary>
/// The outbox on Cosmos DB: event documents in the partitions of the changes that raised them. Pending ones are found
/// by a cross-partition query per container (the <see cref="CrossPartitionPath.OutboxPolling"/> batch path) and
/// settled with a patch (no read needed). Dispatched events expire by TTL.
/// </summary>
public sealed class CosmosOutboxStore(CosmosDatabase database, IOptions<CosmosOptions> options) : IOutboxStore
{
    public async Task<IReadOnlyList<OutboxEntry>> ReadDueAsync(DateTimeOffset now, int maxAttempts, int limit, CancellationToken cancellationToken)
    {
        var due = new List<(string Due, OutboxEntry Entry)>();
        foreach (var name in database.ContainerNames.Except(CosmosDocumentTypes.ViewOnlyContainers))
        {
            var query = new QueryDefinition(
                "SELECT TOP @limit c.id, c.pk, c.eventId, c.eventType, c.payload, c.idx.attempts, c.idx.due FROM c " +
                "WHERE c.type = @type AND c.idx.pending = true AND c.idx.due <= @now AND c.idx.attempts < @max ORDER BY c.idx.due")
                .WithParameter("@limit", limit).WithParameter("@type", CosmosDocuments.OutboxType)
                .WithParameter("@now", CosmosDocumentTypes.Time(now)).WithParameter("@max", maxAttempts);
            foreach (var row in await database.QueryAcrossPartitionsAsync(database.Container(name), CrossPartitionPath.OutboxPolling, query, cancellationToken))
            {
                var key = JsonSerializer.Serialize(new[] { name, row.GetProperty("pk").GetString(), row.GetProperty("id").GetString() });
                due.Add((row.GetProperty("due").GetString()!, new OutboxEntry(key, row.GetProperty("eventId").GetString()!, row.GetProperty("eventType").GetString()!,
                    row.GetProperty("payload").GetString()!, row.GetProperty("attempts").GetInt32())));
            }
        }

        return due.OrderBy(d => d.Due, StringComparer.Ordinal).Take(limit).Select(d => d.Entry).ToArray();
    }

    public Task MarkDispatchedAsync(OutboxEntry entry, DateTimeOffset now, CancellationToken cancellationToken) => PatchAsync(entry,
    [
        PatchOperation.Set("/idx/pending", false),
        PatchOperation.Increment("/idx/attempts", 1),
        PatchOperation.Set("/dispatchedAt", CosmosDocumentTypes.Time(now)),
        PatchOperation.Set("/lastError", (string?)null),
        PatchOperation.Set("/ttl", (int)options.Value.DispatchedOutboxRetention.TotalSeconds),
    ], cancellationToken);

    public Task MarkFailedAsync(OutboxEntry entry, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) => PatchAsync(entry,
    [
        PatchOperation.Increment("/idx/attempts", 1),
        PatchOperation.Set("/idx/due", CosmosDocumentTypes.Time(nextAttemptAt)),
        PatchOperation.Set("/lastError", error),
    ], cancellationToken);

    public Task PostponeAsync(OutboxEntry entry, DateTimeOffset until, CancellationToken cancellationToken) =>
        PatchAsync(entry, [PatchOperation.Set("/idx/due", CosmosDocumentTypes.Time(until))], cancellationToken);

    private async Task PatchAsync(OutboxEntry entry, IReadOnlyList<PatchOperation> operations, CancellationToken cancellationToken)
    {
        var parts = JsonSerializer.Deserialize<string[]>(entry.Key)!;
        using var response = await database.Container(parts[0]).PatchItemStreamAsync(parts[2], new PartitionKey(parts[1]), operations, cancellationToken: cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
