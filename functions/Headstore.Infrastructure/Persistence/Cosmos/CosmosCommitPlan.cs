using System.Text.Json.Nodes;
using Headstore.Application.Common;
using Headstore.Domain.Common;

namespace Headstore.Infrastructure.Persistence.Cosmos;

public enum CosmosWriteKind
{
    /// <summary>Insert; a document with the id is a "duplicate" conflict.</summary>
    Create,

    /// <summary>Insert unless present; present is not an error (the write is dropped).</summary>
    CreateIfAbsent,

    /// <summary>Replace guarded by the ETag of the version that was read; anything else is a concurrency conflict.</summary>
    Replace,

    /// <summary>Write whatever is stored (last writer wins).</summary>
    Upsert,

    /// <summary>An outbox event; an event id already stored is dropped like <see cref="CreateIfAbsent"/>.</summary>
    Outbox,
}

/// <summary>One document write of a commit. <see cref="IfMatchEtag"/> is filled in before a <see cref="CosmosWriteKind.Replace"/> runs.</summary>
public sealed record CosmosWrite(CosmosWriteKind Kind, string Id, JsonObject Document, IAggregate? Aggregate, CosmosDocumentType? Type, long NewVersion, long ExpectedVersion)
{
    public string? IfMatchEtag { get; set; }

    /// <summary>The ETag Cosmos DB gave the written document (null when the write was dropped as already present).</summary>
    public string? ResultEtag { get; set; }

    public bool MayAlreadyExist => Kind is CosmosWriteKind.CreateIfAbsent or CosmosWriteKind.Outbox;
}

/// <summary>The writes of a commit that go to one partition of one container: the unit Cosmos DB can make atomic.</summary>
public sealed record CosmosPartitionGroup(string Container, string PartitionKey, IReadOnlyList<CosmosWrite> Writes);

/// <summary>
/// How a unit of work is committed on Cosmos DB, decided before anything is written:
/// <list type="bullet">
/// <item>the primary group (the partition of every guarded write and of the outbox events) is committed atomically;</item>
/// <item>independent groups hold only writes of types registered as independent snapshots (user accounts) and lookup
/// documents; they are committed first, each on its own: applied at least once, even when the primary group then fails;</item>
/// <item>trailing groups hold receipts (a processed provider event): committed after the primary group, each on its own;</item>
/// <item>a unit of work with guarded writes in two partitions is a programming error: Cosmos DB cannot commit it atomically;</item>
/// <item>an update of an immutable type (a ledger transaction) is a programming error too.</item>
/// </list>
/// </summary>
public sealed record CosmosCommitPlan(IReadOnlyList<CosmosPartitionGroup> Independent, CosmosPartitionGroup? Primary, IReadOnlyList<CosmosPartitionGroup> Trailing)
{
    /// <summary>Cosmos DB's limit of operations in one transactional batch.</summary>
    public const int MaxBatchOperations = 100;

    /// <param name="lookupWritten">Whether a lookup document (container, partition) is known to exist already, so it is not written again.</param>
    public static CosmosCommitPlan Create(
        IReadOnlyList<(IAggregate Aggregate, CosmosWriteKind Kind)> writes, IReadOnlyList<IntegrationEvent> events, Func<string, string, bool>? lookupWritten = null)
    {
        var groups = new List<(string Container, string PartitionKey, List<CosmosWrite> Writes, bool Independent)>();
        var receipts = new List<(string Container, string PartitionKey, List<CosmosWrite> Writes, bool Independent)>();
        foreach (var (aggregate, kind) in writes)
        {
            var type = CosmosDocumentTypes.For(aggregate.GetType());
            if (type.Immutable && kind is CosmosWriteKind.Replace or CosmosWriteKind.Upsert)
            {
                throw new InvalidOperationException($"{type.ClrType.Name} documents are immutable: add them, never update them.");
            }

            var newVersion = kind switch
            {
                CosmosWriteKind.Replace or CosmosWriteKind.Upsert => aggregate.Version + 1,
                _ => 1,
            };
            var document = CosmosDocuments.Aggregate(type, aggregate, newVersion);
            var write = new CosmosWrite(kind, document["id"]!.GetValue<string>(), document, aggregate, type, newVersion, aggregate.Version);
            var partitionKey = type.PartitionKeyOf(aggregate);
            AddTo(type.Receipt ? receipts : groups, type.Container, partitionKey, write, type.IndependentSnapshot);
            foreach (var (name, value) in type.Lookups(aggregate))
            {
                if (string.IsNullOrEmpty(value))
                {
                    continue;
                }

                var lookup = CosmosDocuments.Lookup(type, name, value, aggregate.Id, partitionKey);
                var lookupPartition = lookup["pk"]!.GetValue<string>();
                if (lookupWritten?.Invoke(type.Container, lookupPartition) != true)
                {
                    AddTo(groups, type.Container, lookupPartition, new CosmosWrite(CosmosWriteKind.CreateIfAbsent, lookup["id"]!.GetValue<string>(), lookup, null, null, 1, 0), true);
                }
            }
        }

        // Receipts are the change itself when nothing else is written; otherwise they follow it.
        if (receipts.Count > 0 && !groups.Any(g => !g.Independent) && events.Count == 0)
        {
            groups.AddRange(receipts);
            receipts.Clear();
        }
        else if (receipts.Count > 0 && !groups.Any(g => !g.Independent))
        {
            groups.Add(receipts[0]);
            receipts.RemoveAt(0);
        }

        var guarded = groups.Where(g => !g.Independent).ToList();
        if (guarded.Count > 1)
        {
            throw new InvalidOperationException(
                $"This unit of work changes documents in {guarded.Count} partitions ({string.Join(", ", guarded.Select(g => $"{g.Container}/{g.PartitionKey}"))}). " +
                "Cosmos DB commits atomically only within one partition: register these aggregates in the same container with the same partition key, " +
                "or split the work with an outbox event (see docs/cosmos.md, \"Atomicity\").");
        }

        // Events ride with the guarded writes; with none, with the first group; with no writes at all, in a partition of their own.
        var primaryIndex = guarded.Count == 1 ? groups.IndexOf(guarded[0]) : groups.Count > 0 && events.Count > 0 ? groups.FindIndex(g => g.Writes.Any(w => w.Aggregate is not null)) : -1;
        if (primaryIndex < 0 && events.Count > 0)
        {
            groups.Add((CosmosDocumentTypes.SystemContainer, "outbox:" + events[0].EventId, [], false));
            primaryIndex = groups.Count - 1;
        }

        CosmosPartitionGroup? primary = null;
        if (primaryIndex >= 0)
        {
            var (container, partitionKey, primaryWrites, _) = groups[primaryIndex];
            foreach (var integrationEvent in events)
            {
                var document = CosmosDocuments.Outbox(integrationEvent, partitionKey);
                primaryWrites.Add(new CosmosWrite(CosmosWriteKind.Outbox, document["id"]!.GetValue<string>(), document, null, null, 1, 0));
            }

            if (primaryWrites.Count > MaxBatchOperations)
            {
                throw new InvalidOperationException($"A unit of work on Cosmos DB writes at most {MaxBatchOperations} documents and events to one partition; this one writes {primaryWrites.Count}.");
            }

            primary = new CosmosPartitionGroup(container, partitionKey, primaryWrites);
        }

        var independent = groups.Where((_, i) => i != primaryIndex).Select(g => new CosmosPartitionGroup(g.Container, g.PartitionKey, g.Writes)).ToArray();
        var trailing = receipts.Select(g => new CosmosPartitionGroup(g.Container, g.PartitionKey, g.Writes)).ToArray();
        return new CosmosCommitPlan(independent, primary, trailing);
    }

    private static void AddTo(List<(string Container, string PartitionKey, List<CosmosWrite> Writes, bool Independent)> groups, string container, string partitionKey, CosmosWrite write, bool independent)
    {
        var index = groups.FindIndex(g => g.Container == container && g.PartitionKey == partitionKey);
        if (index < 0)
        {
            groups.Add((container, partitionKey, [write], independent));
            return;
        }

        var group = groups[index];
        group.Writes.Add(write);
        groups[index] = group with { Independent = group.Independent && independent };
    }
}
