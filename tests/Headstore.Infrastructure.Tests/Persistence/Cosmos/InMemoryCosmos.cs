using System.Net;
using System.Text.Json;
using Headstore.Infrastructure.Persistence.Cosmos;
using Microsoft.Azure.Cosmos;

namespace Headstore.Infrastructure.Tests.Persistence.Cosmos;

/// <summary>
/// An in-memory Cosmos container set with the semantics the store relies on and the test server lacks: ETags that
/// change on every write, If-Match preconditions, and TransactionalBatch that applies every operation or none (the
/// failing operation reports its status, the others 424 Failed Dependency, as Cosmos DB does).
/// </summary>
public sealed class InMemoryCosmos : ICosmosItems
{
    private readonly object gate = new();
    private Dictionary<(string Container, string PartitionKey, string Id), (JsonElement Document, string ETag)> items = [];
    private int etagCounter;

    public List<string> Requests { get; } = [];

    public IReadOnlyCollection<(string Container, string PartitionKey, string Id)> Keys
    {
        get
        {
            lock (gate)
            {
                return items.Keys.ToArray();
            }
        }
    }

    public JsonElement? Get(string container, string partitionKey, string id)
    {
        lock (gate)
        {
            return items.TryGetValue((container, partitionKey, id), out var item) ? item.Document : null;
        }
    }

    /// <summary>Another writer changes a document behind the store's back (its ETag changes).</summary>
    public void Touch(string container, string partitionKey, string id)
    {
        lock (gate)
        {
            var (document, _) = items[(container, partitionKey, id)];
            items[(container, partitionKey, id)] = (document, NextEtag());
        }
    }

    public Task<(HttpStatusCode Status, string? ETag)> WriteAsync(string container, string partitionKey, CosmosWriteKind kind, string id, byte[] document, string? ifMatchEtag, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Requests.Add($"{kind} {container}/{partitionKey}/{id}");
            return Task.FromResult(Apply(items, container, partitionKey, kind, id, document, ifMatchEtag));
        }
    }

    public Task<(JsonElement Document, string ETag)?> ReadAsync(string container, string partitionKey, string id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Requests.Add($"Read {container}/{partitionKey}/{id}");
            return Task.FromResult<(JsonElement, string)?>(items.TryGetValue((container, partitionKey, id), out var item) ? item : null);
        }
    }

    public Task<HttpStatusCode> DeleteAsync(string container, string partitionKey, string id, string? ifMatchEtag, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Requests.Add($"Delete {container}/{partitionKey}/{id}");
            if (!items.TryGetValue((container, partitionKey, id), out var item))
            {
                return Task.FromResult(HttpStatusCode.NotFound);
            }

            if (ifMatchEtag is not null && ifMatchEtag != item.ETag)
            {
                return Task.FromResult(HttpStatusCode.PreconditionFailed);
            }

            items.Remove((container, partitionKey, id));
            return Task.FromResult(HttpStatusCode.NoContent);
        }
    }

    public TransactionalBatch CreateBatch(string container, string partitionKey) => new Batch(this, container, partitionKey);

    private (HttpStatusCode Status, string? ETag) Apply(
        Dictionary<(string, string, string), (JsonElement, string)> target, string container, string partitionKey, CosmosWriteKind kind, string? id, byte[] document, string? ifMatchEtag)
    {
        var parsed = JsonDocument.Parse(document).RootElement.Clone();
        id ??= parsed.GetProperty("id").GetString()!;
        if (parsed.GetProperty("id").GetString() != id || parsed.GetProperty("pk").GetString() != partitionKey)
        {
            return (HttpStatusCode.BadRequest, null);
        }

        var key = (container, partitionKey, id);
        var exists = target.TryGetValue(key, out var current);
        switch (kind)
        {
            case CosmosWriteKind.Replace when !exists:
                return (HttpStatusCode.NotFound, null);
            case CosmosWriteKind.Replace or CosmosWriteKind.Upsert when ifMatchEtag is not null && exists && current.Item2 != ifMatchEtag:
                return (HttpStatusCode.PreconditionFailed, null);
            case CosmosWriteKind.Create or CosmosWriteKind.CreateIfAbsent or CosmosWriteKind.Outbox when exists:
                return (HttpStatusCode.Conflict, null);
        }

        var etag = NextEtag();
        target[key] = (parsed, etag);
        return (exists ? HttpStatusCode.OK : HttpStatusCode.Created, etag);
    }

    private string NextEtag() => $"\"etag-{Interlocked.Increment(ref etagCounter)}\"";

    private sealed class Batch(InMemoryCosmos cosmos, string container, string partitionKey) : TransactionalBatch
    {
        private readonly List<(CosmosWriteKind Kind, string? Id, byte[] Document, string? IfMatch)> operations = [];

        public override TransactionalBatch CreateItemStream(Stream streamPayload, TransactionalBatchItemRequestOptions? requestOptions = null) =>
            Add(CosmosWriteKind.Create, null, streamPayload, requestOptions);

        public override TransactionalBatch UpsertItemStream(Stream streamPayload, TransactionalBatchItemRequestOptions? requestOptions = null) =>
            Add(CosmosWriteKind.Upsert, null, streamPayload, requestOptions);

        public override TransactionalBatch ReplaceItemStream(string id, Stream streamPayload, TransactionalBatchItemRequestOptions? requestOptions = null) =>
            Add(CosmosWriteKind.Replace, id, streamPayload, requestOptions);

        public override TransactionalBatch CreateItem<T>(T item, TransactionalBatchItemRequestOptions? requestOptions = null) => throw new NotSupportedException();

        public override TransactionalBatch ReadItem(string id, TransactionalBatchItemRequestOptions? requestOptions = null) => throw new NotSupportedException();

        public override TransactionalBatch UpsertItem<T>(T item, TransactionalBatchItemRequestOptions? requestOptions = null) => throw new NotSupportedException();

        public override TransactionalBatch ReplaceItem<T>(string id, T item, TransactionalBatchItemRequestOptions? requestOptions = null) => throw new NotSupportedException();

        public override TransactionalBatch DeleteItem(string id, TransactionalBatchItemRequestOptions? requestOptions = null) => throw new NotSupportedException();

        public override TransactionalBatch PatchItem(string id, IReadOnlyList<PatchOperation> patchOperations, TransactionalBatchPatchItemRequestOptions? requestOptions = null) => throw new NotSupportedException();

        public override Task<TransactionalBatchResponse> ExecuteAsync(CancellationToken cancellationToken = default) => ExecuteAsync(null!, cancellationToken);

        public override Task<TransactionalBatchResponse> ExecuteAsync(TransactionalBatchRequestOptions requestOptions, CancellationToken cancellationToken = default)
        {
            lock (cosmos.gate)
            {
                cosmos.Requests.Add($"Batch {container}/{partitionKey} [{string.Join(", ", operations.Select(o => o.Kind))}]");
                var working = new Dictionary<(string, string, string), (JsonElement, string)>(cosmos.items);
                var results = new List<Result>();
                foreach (var (kind, id, document, ifMatch) in operations)
                {
                    var (status, etag) = cosmos.Apply(working, container, partitionKey, kind, id, document, ifMatch);
                    results.Add(new Result(status, etag));
                    if ((int)status >= 400)
                    {
                        var failed = results.Count - 1;
                        var all = operations.Select((_, i) => i == failed ? new Result(status, null) : new Result(HttpStatusCode.FailedDependency, null)).ToArray();
                        return Task.FromResult<TransactionalBatchResponse>(new Response(status, all));
                    }
                }

                cosmos.items = working;
                return Task.FromResult<TransactionalBatchResponse>(new Response(HttpStatusCode.OK, results));
            }
        }

        private Batch Add(CosmosWriteKind kind, string? id, Stream stream, TransactionalBatchItemRequestOptions? options)
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            operations.Add((kind, id, buffer.ToArray(), options?.IfMatchEtag));
            return this;
        }
    }

    private sealed class Response(HttpStatusCode status, IReadOnlyList<Result> results) : TransactionalBatchResponse
    {
        public override HttpStatusCode StatusCode => status;

        public override bool IsSuccessStatusCode => (int)status is >= 200 and < 300;

        public override int Count => results.Count;

        public override string ErrorMessage => IsSuccessStatusCode ? "" : $"batch failed with {status}";

        public override TransactionalBatchOperationResult this[int index] => results[index];
    }

    private sealed class Result(HttpStatusCode status, string? etag) : TransactionalBatchOperationResult
    {
        public override HttpStatusCode StatusCode => status;

        public override bool IsSuccessStatusCode => (int)status is >= 200 and < 300;

        public override string ETag => etag!;
    }
}
