using System.Net;
using System.Text.Json;
using Headstore.Domain.Common;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace Headstore.Infrastructure.Persistence.Cosmos;

/// <summary>
/// The item operations the store needs, by container name: the seam between the unit-of-work logic and the SDK, so
/// that logic runs in unit tests against an in-memory container with real batch semantics.
/// </summary>
public interface ICosmosItems
{
    Task<(HttpStatusCode Status, string? ETag)> WriteAsync(string container, string partitionKey, CosmosWriteKind kind, string id, byte[] document, string? ifMatchEtag, CancellationToken cancellationToken);

    /// <summary>The stored document and its ETag, or null when there is none.</summary>
    Task<(JsonElement Document, string ETag)?> ReadAsync(string container, string partitionKey, string id, CancellationToken cancellationToken);

    Task<HttpStatusCode> DeleteAsync(string container, string partitionKey, string id, string? ifMatchEtag, CancellationToken cancellationToken);

    TransactionalBatch CreateBatch(string container, string partitionKey);
}

/// <summary>The SDK's stream APIs: no exceptions for 404/409/412, our own System.Text.Json serialisation.</summary>
public sealed class CosmosItems(CosmosDatabase database) : ICosmosItems
{
    public async Task<(HttpStatusCode Status, string? ETag)> WriteAsync(string container, string partitionKey, CosmosWriteKind kind, string id, byte[] document, string? ifMatchEtag, CancellationToken cancellationToken)
    {
        var target = database.Container(container);
        var key = new PartitionKey(partitionKey);
        using var stream = new MemoryStream(document, writable: false);
        using var response = kind switch
        {
            CosmosWriteKind.Replace => await target.ReplaceItemStreamAsync(stream, id, key, new ItemRequestOptions { IfMatchEtag = ifMatchEtag }, cancellationToken),
            CosmosWriteKind.Upsert => await target.UpsertItemStreamAsync(stream, key, ifMatchEtag is null ? null : new ItemRequestOptions { IfMatchEtag = ifMatchEtag }, cancellationToken),
            _ => await target.CreateItemStreamAsync(stream, key, cancellationToken: cancellationToken),
        };
        return (response.StatusCode, response.Headers.ETag);
    }

    public async Task<(JsonElement Document, string ETag)?> ReadAsync(string container, string partitionKey, string id, CancellationToken cancellationToken)
    {
        using var response = await database.Container(container).ReadItemStreamAsync(id, new PartitionKey(partitionKey), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken);
        return (document.RootElement.Clone(), response.Headers.ETag);
    }

    public async Task<HttpStatusCode> DeleteAsync(string container, string partitionKey, string id, string? ifMatchEtag, CancellationToken cancellationToken)
    {
        using var response = await database.Container(container).DeleteItemStreamAsync(id, new PartitionKey(partitionKey), new ItemRequestOptions { IfMatchEtag = ifMatchEtag }, cancellationToken);
        return response.StatusCode;
    }

    public TransactionalBatch CreateBatch(string container, string partitionKey) =>
        database.Container(container).CreateTransactionalBatch(new PartitionKey(partitionKey));
}

/// <summary>Writes one partition group of a unit of work. Returns the expected failure (duplicate, concurrency conflict) or null.</summary>
public interface ICosmosPartitionCommitter
{
    Task<Error?> CommitAsync(CosmosPartitionGroup group, CancellationToken cancellationToken);
}

internal static class CosmosWriteOutcome
{
    public static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;

    /// <summary>An expected failure as the application's error; anything else is not expected and throws.</summary>
    public static Error Map(CosmosWrite write, HttpStatusCode status) => (write.Kind, status) switch
    {
        (CosmosWriteKind.Create, HttpStatusCode.Conflict) => Error.Conflict("duplicate", "It already exists."),
        (CosmosWriteKind.Replace, HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound) => Error.ConcurrencyConflict(),
        _ => throw new InvalidOperationException($"Cosmos DB answered {(int)status} {status} to {write.Kind} of '{write.Id}'."),
    };
}

/// <summary>
/// Production: a group of one write is one item operation; a larger group is one TransactionalBatch, which Cosmos DB
/// applies all or nothing. An insert-if-absent (or an outbox event already stored) that fails the batch because the
/// document exists is dropped and the rest of the batch sent again, which is exactly "insert unless present".
/// </summary>
public sealed class CosmosTransactionalBatchCommitter(ICosmosItems items) : ICosmosPartitionCommitter
{
    public async Task<Error?> CommitAsync(CosmosPartitionGroup group, CancellationToken cancellationToken)
    {
        var writes = group.Writes.ToList();
        while (writes.Count > 0)
        {
            if (writes.Count == 1)
            {
                return await CommitOneAsync(group, writes[0], cancellationToken);
            }

            var batch = items.CreateBatch(group.Container, group.PartitionKey);
            foreach (var write in writes)
            {
                var stream = new MemoryStream(CosmosDocuments.ToUtf8(write.Document), writable: false);
                _ = write.Kind switch
                {
                    CosmosWriteKind.Replace => batch.ReplaceItemStream(write.Id, stream, new TransactionalBatchItemRequestOptions { IfMatchEtag = write.IfMatchEtag }),
                    CosmosWriteKind.Upsert => batch.UpsertItemStream(stream),
                    _ => batch.CreateItemStream(stream),
                };
            }

            using var response = await batch.ExecuteAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                for (var i = 0; i < writes.Count; i++)
                {
                    writes[i].ResultEtag = response[i].ETag;
                }

                return null;
            }

            var failed = Enumerable.Range(0, Math.Min(response.Count, writes.Count)).FirstOrDefault(i => response[i].StatusCode != HttpStatusCode.FailedDependency, -1);
            if (failed < 0)
            {
                throw new InvalidOperationException($"A Cosmos DB batch failed with {(int)response.StatusCode} {response.StatusCode} without naming an operation: {response.ErrorMessage}");
            }

            var status = response[failed].StatusCode;
            if (status == HttpStatusCode.Conflict && writes[failed].MayAlreadyExist)
            {
                writes.RemoveAt(failed);
                continue;
            }

            return CosmosWriteOutcome.Map(writes[failed], status);
        }

        return null;
    }

    private async Task<Error?> CommitOneAsync(CosmosPartitionGroup group, CosmosWrite write, CancellationToken cancellationToken)
    {
        var (status, etag) = await items.WriteAsync(group.Container, group.PartitionKey, write.Kind, write.Id, CosmosDocuments.ToUtf8(write.Document), write.IfMatchEtag, cancellationToken);
        if (CosmosWriteOutcome.IsSuccess(status))
        {
            write.ResultEtag = etag;
            return null;
        }

        return status == HttpStatusCode.Conflict && write.MayAlreadyExist ? null : CosmosWriteOutcome.Map(write, status);
    }
}

/// <summary>
/// Only for a Cosmos-protocol test server without TransactionalBatch (the npm cosmosdb-server): writes a group one
/// document at a time and, when one fails, undoes the ones already written (deletes what it created, puts back what it
/// replaced, each guarded by the ETag it wrote). That gives the same outcome as a batch when nothing else runs at the
/// same moment and the process does not die halfway, which is what tests need; it is not atomic, so production uses
/// <see cref="CosmosTransactionalBatchCommitter"/>.
/// </summary>
public sealed class CosmosSequentialCommitter(ICosmosItems items, ILogger<CosmosSequentialCommitter> logger) : ICosmosPartitionCommitter
{
    public async Task<Error?> CommitAsync(CosmosPartitionGroup group, CancellationToken cancellationToken)
    {
        var undo = new Stack<(string Id, string Etag, JsonElement? Previous)>();
        foreach (var write in group.Writes.OrderBy(w => w.Kind == CosmosWriteKind.Outbox ? 1 : 0))
        {
            JsonElement? previous = null;
            if (write.Kind is CosmosWriteKind.Replace or CosmosWriteKind.Upsert && group.Writes.Count > 1)
            {
                var stored = await items.ReadAsync(group.Container, group.PartitionKey, write.Id, cancellationToken);
                if (write.Kind == CosmosWriteKind.Replace && stored?.ETag != write.IfMatchEtag)
                {
                    await UndoAsync(group, undo);
                    return Error.ConcurrencyConflict();
                }

                previous = stored?.Document;
            }

            var (status, etag) = await items.WriteAsync(group.Container, group.PartitionKey, write.Kind, write.Id, CosmosDocuments.ToUtf8(write.Document), write.IfMatchEtag, cancellationToken);
            if (CosmosWriteOutcome.IsSuccess(status))
            {
                write.ResultEtag = etag;
                undo.Push((write.Id, etag ?? "", previous));
                continue;
            }

            if (status == HttpStatusCode.Conflict && write.MayAlreadyExist)
            {
                continue;
            }

            await UndoAsync(group, undo);
            return CosmosWriteOutcome.Map(write, status);
        }

        return null;
    }

    private async Task UndoAsync(CosmosPartitionGroup group, Stack<(string Id, string Etag, JsonElement? Previous)> undo)
    {
        while (undo.TryPop(out var written))
        {
            var status = written.Previous is { } previous
                ? (await items.WriteAsync(group.Container, group.PartitionKey, CosmosWriteKind.Replace, written.Id, JsonSerializer.SerializeToUtf8Bytes(previous), written.Etag, CancellationToken.None)).Status
                : await items.DeleteAsync(group.Container, group.PartitionKey, written.Id, written.Etag, CancellationToken.None);
            if (!CosmosWriteOutcome.IsSuccess(status))
            {
                logger.LogError("Undoing write of {Id} in {Container}/{PartitionKey} failed with {Status}", written.Id, group.Container, group.PartitionKey, status);
            }
        }
    }
}
