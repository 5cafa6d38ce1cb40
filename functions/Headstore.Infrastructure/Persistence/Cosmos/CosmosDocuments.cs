using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Infrastructure.Serialization;

namespace Headstore.Infrastructure.Persistence.Cosmos;

/// <summary>
/// The shape of every document: <c>{ id, pk, type, version, body, idx, ttl? }</c>. The aggregate's own JSON (the same
/// as in SQLite) sits in <c>body</c>, untouched by Cosmos' naming rules; <c>idx</c> holds copies of the fields queries
/// filter and sort on and is, with pk and type, the only indexed part. Outbox events are documents of type "outbox"
/// in the partition of the change that raised them.
/// </summary>
public static class CosmosDocuments
{
    public const string OutboxType = "outbox";

    public static string ViewType(string kind) => "view:" + kind;

    /// <summary>
    /// Cosmos ids may not hold '/', '\\', '?' or '#', and '%' does not survive the REST path. Ids with any of them (a
    /// token subject could) are stored as "~" + base64url of the id; every other id is stored as it is, so documents
    /// stay readable. Ids that start with "~" are encoded too, so the two forms never collide.
    /// </summary>
    public static string EncodeId(string id)
    {
        if (id.AsSpan().IndexOfAny(Reserved) < 0 && !id.StartsWith('~'))
        {
            return id;
        }

        return "~" + Convert.ToBase64String(Encoding.UTF8.GetBytes(id)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static readonly SearchValues<char> Reserved = SearchValues.Create("/\\?#%");

    public static JsonObject Aggregate(CosmosDocumentType type, IAggregate aggregate, long version)
    {
        var document = new JsonObject
        {
            ["id"] = type.DocumentId(aggregate.Id),
            ["pk"] = type.PartitionKeyOf(aggregate),
            ["type"] = type.Kind,
            ["version"] = version,
            ["body"] = Body(aggregate, version),
            ["idx"] = Index(type.Index(aggregate)),
        };
        return document;
    }

    public static JsonObject View(CosmosView view, IAggregate source, long sourceVersion)
    {
        var body = view.Body switch
        {
            null => null,
            IAggregate aggregate when ReferenceEquals(aggregate, source) => Body(aggregate, sourceVersion),
            var other => JsonSerializer.SerializeToNode(other, other.GetType(), JsonDefaults.Options),
        };
        return new JsonObject
        {
            ["id"] = EncodeId(view.Id),
            ["pk"] = view.PartitionKey,
            ["type"] = ViewType(view.Kind),
            ["sourceId"] = source.Id,
            ["sourceVersion"] = sourceVersion,
            ["body"] = body,
            ["idx"] = Index(view.Index),
        };
    }

    public static JsonObject Outbox(IntegrationEvent integrationEvent, string partitionKey)
    {
        return new JsonObject
        {
            ["id"] = OutboxId(integrationEvent.EventId),
            ["pk"] = partitionKey,
            ["type"] = OutboxType,
            ["eventId"] = integrationEvent.EventId,
            ["eventType"] = integrationEvent.GetType().Name,
            ["payload"] = JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), JsonDefaults.Options),
            ["occurredAt"] = CosmosDocumentTypes.Time(integrationEvent.OccurredAt),
            ["lastError"] = null,
            ["idx"] = new JsonObject
            {
                ["pending"] = true,
                ["attempts"] = 0,
                ["due"] = CosmosDocumentTypes.Time(integrationEvent.OccurredAt),
            },
        };
    }

    public static string OutboxId(string eventId) => EncodeId("outbox:" + eventId);

    public const string LookupType = "lookup";

    /// <summary>The partition of the lookup document that finds a <paramref name="type"/> by one of its keys; the document's id is always "lookup".</summary>
    public static string LookupPartition(CosmosDocumentType type, string name, string value) => $"lookup|{type.Kind}|{name}|{value}";

    /// <summary>
    /// A lookup document: where the aggregate with this key value lives. Each lookup is a partition of its own (they spread
    /// evenly and are only ever point-read), written insert-if-absent ahead of the commit that brings the key.
    /// </summary>
    public static JsonObject Lookup(CosmosDocumentType type, string name, string value, string targetId, string targetPartitionKey) => new()
    {
        ["id"] = LookupType,
        ["pk"] = LookupPartition(type, name, value),
        ["type"] = LookupType,
        ["targetId"] = targetId,
        ["targetPk"] = targetPartitionKey,
    };

    public static byte[] ToUtf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(JsonDefaults.Options));

    public static T ReadBody<T>(JsonElement document) => document.GetProperty("body").Deserialize<T>(JsonDefaults.Options)!;

    private static JsonNode Body(IAggregate aggregate, long version)
    {
        var body = JsonSerializer.SerializeToNode(aggregate, aggregate.GetType(), JsonDefaults.Options)!.AsObject();
        body["version"] = version;
        return body;
    }

    private static JsonObject Index(IReadOnlyList<(string Field, object? Value)> fields)
    {
        var index = new JsonObject();
        foreach (var (field, value) in fields)
        {
            index[field] = value switch
            {
                null => null,
                DateTimeOffset time => CosmosDocumentTypes.Time(time),
                _ => JsonSerializer.SerializeToNode(value, value.GetType(), JsonDefaults.Options),
            };
        }

        return index;
    }
}
