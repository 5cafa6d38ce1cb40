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
public sealed record CosmosView(string Kind, string PartitionKey, string Id, object? Body, IReadOnlyList<(string Field, object? Value)> Index);

/// <summary>Where one aggregate type lives in Cosmos DB: container, partition key, indexed fields and views.</summary>
public sealed class CosmosDocumentType
{
    public required Type ClrType { get; init; }

    /// <summary>The "type" field of its documents; containers hold several types.</summary>
    public required string Kind { get; init; }

    public required string Container { get; init; }

    public required Func<object, string> PartitionKeyOf { get; init; }

    /// <summary>The partition key from the id alone, for point reads; null when the id does not tell (then a read is a cross-partition query).</summary>
    public required Func<string, string?> PartitionKeyOfId { get; init; }

    /// <summary>Copies of fields that queries filter and sort on, stored under "idx" (the only indexed part of a document besides pk and type).</summary>
    public required Func<object, IReadOnlyList<(string Field, object? Value)>> Index { get; init; }

    public required Func<object, IReadOnlyList<CosmosView>> Views { get; init; }

    /// <summary>
    /// Its writes are snapshots of something else (last writer wins, or insert-if-absent) that may be committed ahead
    /// of, and independently of, the rest of a unit of work in another partition. See docs/cosmos.md, "Atomicity".
    /// </summary>
    public bool IndependentSnapshot { get; init; }

    public bool HasViews { get; init; }
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
}

/// <summary>
/// The registry of aggregate types for the Cosmos store, the counterpart of <c>SqliteDocumentTables</c>. A feature
/// adds its aggregates with one call, e.g. <c>CosmosDocumentTypes.Register&lt;LedgerTransaction&gt;("ledger")</c>;
/// the container is created with the others at start-up. docs/cosmos.md explains the choices below.
/// </summary>
public static class CosmosDocumentTypes
{
    public const string ViewsContainer = "views";
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

        Register<Question>("questions", o => o.Views = q => [CosmosQuestionViews.Summary(q)]);

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
        All.Select(t => t.Container).Append(ViewsContainer).Append(SystemContainer).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

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
        var type = new CosmosDocumentType
        {
            ClrType = typeof(T),
            Kind = options.Kind ?? typeof(T).Name,
            Container = container,
            PartitionKeyOf = o => partitionKey((T)o),
            PartitionKeyOfId = options.PartitionKeyOfId ?? (options.PartitionKey is null ? id => id : _ => null),
            Index = o => index is null ? [] : index((T)o),
            Views = o => views is null ? [] : views((T)o),
            HasViews = views is not null,
            IndependentSnapshot = options.IndependentSnapshot,
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
