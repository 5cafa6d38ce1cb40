using System.Globalization;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Content;
using Headstore.Domain.Experts;
using Headstore.Domain.Messaging;
using Headstore.Domain.Moderation;
using Headstore.Domain.Questions;
using Headstore.Domain.Reputation;

namespace Headstore.Infrastructure.Persistence.Cosmos;

/// <summary>
/// A copy of (part of) an aggregate kept in another partition so that a hot list query is a single-partition query
/// (the expert directory, the question list, each person's conversations). Written after the aggregate's commit,
/// never older than what it replaces (guarded by the source version), and repaired by <see cref="CosmosViewRepairJob"/>.
/// </summary>
/// <param name="Kind">The view's document type, e.g. "ExpertDirectoryEntry".</param>
/// <param name="PartitionKey">The view partition, e.g. "experts" or "user:{id}".</param>
/// <param name="Id">Unique within the partition.</param>
/// <param name="Body">What the read port returns without another read; null when it reads the aggregate by id.</param>
/// <param name="Index">Fields that the view's queries filter and sort on (stored under "idx", indexed).</param>
/// <param name="Container">Where the view lives: the shared "views" container unless a feature keeps its own (ledger entries).</param>
public sealed record CosmosView(string Kind, string PartitionKey, string Id, object? Body, IReadOnlyList<(string Field, object? Value)> Index, string? Container = null)
{
    public string ContainerName => Container ?? CosmosDocumentTypes.ViewsContainer;
}

/// <summary>Where one aggregate type lives in Cosmos DB: container, partition key, indexed fields and views.</summary>
public sealed class CosmosDocumentType
{
    public required Type ClrType { get; init; }

    /// <summary>The "type" field of its documents; containers hold several types.</summary>
    public required string Kind { get; init; }

    /// <summary>
    /// Put before the aggregate id to make the document id, for a type whose ids can equal another type's in the same
    /// partition (an expert's catalogue and profile, a question's private information and the question): Cosmos DB
    /// ids are unique per partition, not per type.
    /// </summary>
    public string IdPrefix { get; init; } = "";

    /// <summary>The document id of an aggregate of this type.</summary>
    public string DocumentId(string aggregateId) => CosmosDocuments.EncodeId(IdPrefix + aggregateId);

    public required string Container { get; init; }

    public required Func<object, string> PartitionKeyOf { get; init; }

    /// <summary>The partition key from the id alone, for point reads; null when the id does not tell (then a read is a cross-partition query).</summary>
    public required Func<string, string?> PartitionKeyOfId { get; init; }

    /// <summary>Copies of fields that queries filter and sort on, stored under "idx" (the only indexed part of a document besides pk and type).</summary>
    public required Func<object, IReadOnlyList<(string Field, object? Value)>> Index { get; init; }

    public required Func<object, IReadOnlyList<CosmosView>> Views { get; init; }

    /// <summary>
    /// Its writes may be committed ahead of, and independently of, the rest of a unit of work in another partition:
    /// applied alone they are harmless, and a retry finds them done. Snapshots of something else (a user account from
    /// the token: last writer wins, or insert-if-absent), or a record kept for reuse (an expert's catalogue entry, saved
    /// with the offer that first used it). See docs/cosmos.md, "Atomicity".
    /// </summary>
    public bool IndependentSnapshot { get; init; }

    public bool HasViews { get; init; }

    /// <summary>Containers its views are written to (besides "views"), created with the others at start-up.</summary>
    public IReadOnlyList<string> ViewContainers { get; init; } = [];

    /// <summary>Added, never updated or upserted (ledger transactions): an update is a bug and throws; its views are written once.</summary>
    public bool Immutable { get; init; }

    /// <summary>
    /// A record that a change was applied (a processed provider event), written after the change's own partition group
    /// commits, in a partition of its own. The change must be idempotent by itself: a crash between the two only means
    /// the change is tried again and found done. See docs/cosmos.md, "Atomicity".
    /// </summary>
    public bool Receipt { get; init; }

    /// <summary>
    /// Secondary keys that find a document without knowing its partition (a provider's object id, or the id itself when the
    /// id does not tell the partition): each is a small lookup document written ahead of the commit. Values never move to
    /// another document, so a lookup is written once and may be cached; readers check the document still has the value.
    /// </summary>
    public required Func<object, IReadOnlyList<(string Name, string? Value)>> Lookups { get; init; }

    public bool HasLookups { get; init; }

    /// <summary>The id is one of the lookups: a point read by id goes through its lookup document.</summary>
    public bool LocatedById { get; init; }
}

/// <summary>How to register a type; everything but the container has a default (partition key = id, nothing indexed).</summary>
public sealed class CosmosDocumentTypeOptions<T>
{
    public string? Kind { get; set; }

    public Func<T, string>? PartitionKey { get; set; }

    public Func<string, string?>? PartitionKeyOfId { get; set; }

    public Func<T, IReadOnlyList<(string Field, object? Value)>>? Index { get; set; }

    public Func<T, IReadOnlyList<CosmosView>>? Views { get; set; }

    public bool IndependentSnapshot { get; set; }

    /// <summary>See <see cref="CosmosDocumentType.IdPrefix"/>.</summary>
    public string IdPrefix { get; set; } = "";

    /// <summary>See <see cref="CosmosDocumentType.Immutable"/>.</summary>
    public bool Immutable { get; set; }

    /// <summary>See <see cref="CosmosDocumentType.Receipt"/>.</summary>
    public bool Receipt { get; set; }

    /// <summary>See <see cref="CosmosDocumentType.Lookups"/>.</summary>
    public Func<T, IReadOnlyList<(string Name, string? Value)>>? Lookups { get; set; }

    /// <summary>
    /// For a type whose partition key its id does not tell: keep an "id" lookup, so a point read by id costs two point
    /// reads (the lookup is cached) rather than a cross-partition query.
    /// </summary>
    public bool LocateById { get; set; }

    public IReadOnlyList<string> ViewContainers { get; set; } = [];
}

/// <summary>
/// The registry of aggregate types for the Cosmos store, the counterpart of <c>SqliteDocumentTables</c>. A feature
/// adds its aggregates with one call, e.g. <c>CosmosDocumentTypes.Register&lt;LedgerTransaction&gt;("ledger")</c>;
/// the container is created with the others at start-up. docs/cosmos.md explains the choices below.
/// </summary>
public static class CosmosDocumentTypes
{
    public const string ViewsContainer = "views";
    public const string CommerceContainer = "commerce";
    public const string SystemContainer = "system";

    private static readonly Dictionary<Type, CosmosDocumentType> Types = [];

    static CosmosDocumentTypes()
    {
        Register<UserAccount>("users", o => o.IndependentSnapshot = true);
        Register<Category>(SystemContainer, o =>
        {
            o.PartitionKey = _ => CategoriesPartition;
            o.PartitionKeyOfId = _ => CategoriesPartition;
            o.Index = c => [("name", c.Name)];
        });

        // A profile and its reputation lines share the expert's partition, so the recorder's commit (lines + profile) is one batch.
        Register<ExpertProfile>("experts", o => o.Views = p =>
        [
            new CosmosView("ExpertDirectoryEntry", ExpertDirectoryPartition, p.Id.Value, p,
            [
                ("status", p.Status.ToString()),
                ("rateMinor", p.Details.RatePerMinuteMinor),
                ("rating", p.Rating is { } rating ? (double)rating : null),
                ("categories", p.Details.Categories.Select(c => c.Value).ToArray()),
                ("languages", p.Details.Languages.ToArray()),
                ("text", string.Join(" ", p.Details.Name, p.Details.JobTitle, p.Details.Company, p.Details.Offering, p.Details.Description).ToLowerInvariant()),
                ("sort", Ascending(-p.Reputation) + "|" + p.Id.Value),
            ]),
        ]);
        Register<ReputationEvent>("experts", o =>
        {
            o.PartitionKey = e => e.ExpertId.Value;
            o.PartitionKeyOfId = ExpertOfReputationLine;
            o.Index = e =>
            [
                ("day", DateOnly.FromDateTime(e.OccurredAt.UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("voteGain", ReputationRules.IsVoteDriven(e.Reason) && e.AppliedPoints > 0 ? e.AppliedPoints : 0),
                ("sort", Time(e.OccurredAt) + "|" + e.Id),
            ];
        });

        // A question shares its partition with its payment (and, with them, the payment's ledger postings), so asking,
        // withdrawing and capturing are each one partition's batch. Money's registrations are in CosmosMoneyTypes.
        Register<Question>(CommerceContainer, o => o.Views = q => [CosmosQuestionViews.Summary(q)]);
        CosmosMoneyTypes.Register();
        CosmosOfferTypes.Register();
        CosmosScheduledWorkTypes.Register();

        // Sessions and links live beside the expert's profile (busy/online and a free link's use commit with the session).
        CosmosSessionTypes.Register();

        Register<MessageThread>("messaging", o =>
        {
            o.Index = t => OverdueIndex(t.DueAt, t.OverdueFlaggedAt, t.Id.Value);
            o.Views = t => PartyViews("ConversationEntry", t.Id.Value, t.CustomerId, t.ExpertId, Time(t.UpdatedAt) + "|" + t.Id.Value);
        });
        Register<Appointment>("messaging", o =>
        {
            o.Index = a => OverdueIndex(a.DueAt, a.OverdueFlaggedAt, a.Id.Value);
            o.Views = a => PartyViews("AppointmentEntry", a.Id.Value, a.CustomerId, a.ExpertId, Time(a.CreatedAt) + "|" + a.Id.Value);
        });

        Register<Article>("content", o => o.Index = a => [("expertId", a.ExpertId.Value)]);
        Register<ExpertDocument>("content", o => o.Index = d => [("expertId", d.ExpertId.Value)]);

        Register<ContentReport>("moderation", o => o.Index = r =>
        [
            ("status", r.Status.ToString()),
            ("sort", r.Priority.ToString("D5", CultureInfo.InvariantCulture) + "|" + Time(r.CreatedAt) + "|" + r.Id.Value),
        ]);
    }

    public const string CategoriesPartition = "categories";

    /// <summary>The name of the lookup that finds a document by its id (<see cref="CosmosDocumentTypeOptions{T}.LocateById"/>).</summary>
    public const string IdLookup = "id";
    public const string ExpertDirectoryPartition = "experts";
    public const string QuestionListPartition = "questions";

    public static IReadOnlyCollection<CosmosDocumentType> All
    {
        get
        {
            lock (Types)
            {
                return Types.Values.ToArray();
            }
        }
    }

    /// <summary>Every container the store uses: the aggregates' containers, the views and the system container.</summary>
    public static IReadOnlyList<string> Containers =>
        All.Select(t => t.Container).Concat(ViewOnlyContainers).Append(SystemContainer).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Containers that hold only views (no aggregates, so no outbox events): the outbox poller skips them.</summary>
    public static IReadOnlyList<string> ViewOnlyContainers
    {
        get
        {
            var all = All;
            return all.SelectMany(t => t.ViewContainers).Append(ViewsContainer).Distinct(StringComparer.Ordinal)
                .Where(c => all.All(t => t.Container != c)).Order(StringComparer.Ordinal).ToArray();
        }
    }

    public static CosmosDocumentType For(Type type)
    {
        lock (Types)
        {
            return Types.TryGetValue(type, out var registered) ? registered : throw new InvalidOperationException($"No Cosmos container is mapped for {type.Name}: call CosmosDocumentTypes.Register<{type.Name}>(...).");
        }
    }

    /// <summary>
    /// Maps an aggregate type to a container; lets later features add their aggregates without editing this list. Call it
    /// before the host starts (e.g. from a static constructor or the composition root): the store takes its list of
    /// containers when it starts.
    /// </summary>
    public static void Register<T>(string container, Action<CosmosDocumentTypeOptions<T>>? configure = null)
        where T : IAggregate
    {
        var options = new CosmosDocumentTypeOptions<T>();
        configure?.Invoke(options);
        var partitionKey = options.PartitionKey ?? (a => a.Id);
        var index = options.Index;
        var views = options.Views;
        var lookups = options.Lookups;
        var type = new CosmosDocumentType
        {
            ClrType = typeof(T),
            Kind = options.Kind ?? typeof(T).Name,
            IdPrefix = options.IdPrefix,
            Container = container,
            PartitionKeyOf = o => partitionKey((T)o),
            PartitionKeyOfId = options.PartitionKeyOfId ?? (options.PartitionKey is null ? id => id : _ => null),
            Index = o => index is null ? [] : index((T)o),
            Views = o => views is null ? [] : views((T)o),
            HasViews = views is not null,
            IndependentSnapshot = options.IndependentSnapshot,
            Immutable = options.Immutable,
            Receipt = options.Receipt,
            Lookups = o => (lookups is null ? [] : lookups((T)o)).Concat(options.LocateById ? [(IdLookup, ((T)o).Id)] : []).ToArray(),
            HasLookups = lookups is not null || options.LocateById,
            LocatedById = options.LocateById,
            ViewContainers = options.ViewContainers,
        };
        lock (Types)
        {
            if (Types.Values.FirstOrDefault(t => t.Kind == type.Kind && t.ClrType != typeof(T)) is { } clash)
            {
                throw new InvalidOperationException($"{typeof(T).Name} and {clash.ClrType.Name} would both be stored as type '{type.Kind}'.");
            }

            Types[typeof(T)] = type;
        }
    }

    /// <summary>Times as sortable ISO 8601 UTC text with fixed width, so text order is time order (as in SQLite).</summary>
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A fixed-width text form of a number whose text order is numeric order (for one-field sort keys).</summary>
    public static string Ascending(long value) => ((decimal)value + 1_000_000_000_000_000_000m).ToString("0000000000000000000", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reputation line ids are "{expert}:{cause kind}:{source id}:{n}" (see ReputationRecorder), and source ids hold no
    /// colon, so the expert is everything before the last three colons.
    /// </summary>
    internal static string? ExpertOfReputationLine(string id)
    {
        var end = id.Length;
        for (var i = 0; i < 3; i++)
        {
            end = end > 0 ? id.LastIndexOf(':', end - 1) : -1;
            if (end <= 0)
            {
                return null;
            }
        }

        return id[..end];
    }

    private static IReadOnlyList<(string Field, object? Value)> OverdueIndex(DateTimeOffset? due, DateTimeOffset? flagged, string id) =>
    [
        ("dueUnflagged", due is { } d && flagged is null ? Time(d) : null),
        ("overdueSort", due is { } o && flagged is not null ? Time(o) + "|" + id : null),
    ];

    private static IReadOnlyList<CosmosView> PartyViews(string kind, string id, UserId customer, ExpertId expert, string sort)
    {
        var customerView = new CosmosView(kind, UserPartition(customer), id, null, [("sort", sort)]);
        return customer.Value == expert.Value ? [customerView] : [customerView, customerView with { PartitionKey = UserPartition(expert.User) }];
    }

    public static string UserPartition(UserId user) => "user:" + user.Value;
}
