using System.Text.Json;
using Headstore.Application.Common;
using Headstore.Application.Sessions;
using Headstore.Domain.Common;
using Headstore.Domain.Sessions;
using Microsoft.Azure.Cosmos;

namespace Headstore.Infrastructure.Persistence.Cosmos;

/// <summary>
/// Paid voice and video sessions on Cosmos DB (docs/cosmos.md, "Sessions"). A session and the expert's links live in
/// the expert's partition of the "experts" container, beside the expert's profile: every session step that marks the
/// expert busy or back online, uses or gives back a free link, is then one partition's batch, and the profile's ETag
/// still decides which of two customers calling at once gets through. The session's payment (<c>pay_{sessionId}</c>)
/// and its postings live in the payment's own partition of "commerce"; the application records the authorisation in
/// a commit of its own ahead of the session (see <c>SessionCheckout.RecordAsync</c>), and settles it (capture + posting,
/// one batch) before the session records the outcome, so no session commit writes money.
/// </summary>
public static class CosmosSessionTypes
{
    public const string SessionEntryKind = "SessionEntry";

    internal static void Register()
    {
        const string experts = "experts";
        CosmosDocumentTypes.Register<Session>(experts, o =>
        {
            o.PartitionKey = s => s.ExpertId.Value;

            // Session ids do not name the expert: point reads (every meter read and call event) go through a cached "id" lookup.
            o.LocateById = true;
            o.Index = s =>
            [
                ("sort", Sort(s)),
                ("open", !s.State.IsFinal()),
                ("holdsExpert", s.State.HoldsExpert()),

                // The expert's statistics (SqliteSessionQueries): per-partition sums over the sessions that count, per currency.
                ("statsCurrency", Connected(s) || EarningsMinor(s) > 0 ? s.Terms.RatePerMinute.Currency.Code : null),
                ("connected", Connected(s) ? 1 : 0),
                ("billableSeconds", s.State.IsFinal() ? s.Bill?.BillableSeconds ?? 0 : 0),
                ("earningsMinor", EarningsMinor(s)),
            ];

            // The customer's list; the expert's is a query in their own partition. Ids and two small fields only, so a
            // call event that changes neither finds the entry unchanged and rewrites nothing (CosmosViewWriter).
            o.Views = s => s.CustomerId == s.ExpertId.User
                ? []
                : [new CosmosView(SessionEntryKind, CosmosDocumentTypes.UserPartition(s.CustomerId), s.Id.Value, null, [("open", !s.State.IsFinal()), ("sort", Sort(s))])];
        });
        CosmosDocumentTypes.Register<SessionLink>(experts, o =>
        {
            o.PartitionKey = l => l.ExpertId.Value;
            o.LocateById = true;

            // Descending order: the paid link first, then free links newest first (ids ascending), as SQLite lists them.
            o.Index = l => [("sort", (l.Kind == SessionLinkKind.Paid ? "1 " : "0 ") + CosmosMoneyTypes.NewestFirst(l.CreatedAt, l.Id.Value))];
        });
    }

    /// <summary>The lists' key: booked time (else creation), then id; descending text order is SQLite's (time desc, id desc).</summary>
    internal static string Sort(Session session) => CosmosDocumentTypes.Time(session.ScheduledAt ?? session.CreatedAt) + "|" + session.Id.Value;

    private static bool Connected(Session session) => session.State == SessionState.Ended && session.Bill is { BillableSeconds: > 0 };

    private static long EarningsMinor(Session session) => session.Settlement?.ExpertEarnings.Minor ?? 0;
}

/// <summary>
/// Session reads on Cosmos DB, each in one partition: the expert's sessions, busy check, statistics and links in the
/// expert's partition of "experts"; a customer's sessions from their <c>views/user:{id}</c> entries, then point reads.
/// </summary>
public sealed class CosmosSessionQueries(CosmosDatabase database, IDocumentStore store) : ISessionQueries
{
    private static CosmosDocumentType SessionType => CosmosDocumentTypes.For(typeof(Session));

    private static CosmosDocumentType LinkType => CosmosDocumentTypes.For(typeof(SessionLink));

    /// <summary>
    /// The user's sessions as customer (their view partition) and as expert (their own partition), each read newest first
    /// up to the page's size past the cursor, merged by the shared sort key; the cursor is the last session's key.
    /// </summary>
    public async Task<Page<Session>> ListForUserAsync(UserId user, bool activeOnly, PageRequest page, CancellationToken cancellationToken)
    {
        var before = CosmosPaging.Decode(page.Cursor);
        var filter = (activeOnly ? " AND c.idx.open = true" : "") + (before is null ? "" : " AND c.idx.sort < @before");
        QueryDefinition Query(string select, string partition, string type)
        {
            var query = new QueryDefinition($"SELECT TOP @limit {select} FROM c WHERE c.pk = @pk AND c.type = @type{filter} ORDER BY c.idx.sort DESC")
                .WithParameter("@limit", page.Limit + 1).WithParameter("@pk", partition).WithParameter("@type", type);
            return before is null ? query : query.WithParameter("@before", before);
        }

        var customerPartition = CosmosDocumentTypes.UserPartition(user);
        var asCustomer = await database.QueryPartitionAsync(
            database.Container(CosmosDocumentTypes.ViewsContainer), customerPartition, Query("c.sourceId, c.idx.sort", customerPartition, CosmosDocuments.ViewType(CosmosSessionTypes.SessionEntryKind)), cancellationToken);
        var expertPartition = ExpertId.For(user).Value;
        var asExpert = await database.QueryPartitionAsync(
            database.Container(SessionType.Container), expertPartition, Query("c.body, c.idx.sort", expertPartition, SessionType.Kind), cancellationToken);

        var rows = asCustomer.Select(r => (Sort: r.GetProperty("sort").GetString()!, Id: r.GetProperty("sourceId").GetString()!, Session: (Session?)null))
            .Concat(asExpert.Select(r => CosmosPaging.Body<Session>(r)).Select(s => (Sort: CosmosSessionTypes.Sort(s), Id: s.Id.Value, Session: (Session?)s)))
            .DistinctBy(r => r.Id, StringComparer.Ordinal)
            .OrderByDescending(r => r.Sort, StringComparer.Ordinal)
            .Take(page.Limit + 1)
            .ToArray();
        var taken = rows.Take(page.Limit).ToArray();
        var missing = taken.Where(r => r.Session is null).Select(r => r.Id).ToArray();
        var found = missing.Length == 0
            ? new Dictionary<string, Session>(StringComparer.Ordinal)
            : (await store.FindManyAsync<Session>(missing, cancellationToken)).ToDictionary(s => s.Id.Value, StringComparer.Ordinal);

        // A view entry whose session was read in a newer state than the entry says (not open any more) is dropped from an "active" page.
        var sessions = taken.Select(r => r.Session ?? found.GetValueOrDefault(r.Id)).OfType<Session>()
            .Where(s => !activeOnly || !s.State.IsFinal()).ToArray();
        return new Page<Session>(sessions, rows.Length > page.Limit ? CosmosPaging.Encode(taken[^1].Sort) : null);
    }

    public async Task<bool> HasOtherActiveSessionAsync(ExpertId expert, SessionId except, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT TOP 1 c.id FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.holdsExpert = true AND c.id != @except")
            .WithParameter("@pk", expert.Value).WithParameter("@type", SessionType.Kind).WithParameter("@except", SessionType.DocumentId(except.Value));
        var rows = await database.QueryPartitionAsync(database.Container(SessionType.Container), expert.Value, query, cancellationToken);
        return rows.Count > 0;
    }

    /// <summary>
    /// Per-partition sums in the expert's partition: the currencies of the sessions that count (a skip scan, no DISTINCT),
    /// then one SUM per figure and currency (no GROUP BY, which the test server lacks).
    /// </summary>
    public async Task<SessionStatistics> StatisticsAsync(ExpertId expert, CancellationToken cancellationToken)
    {
        var container = database.Container(SessionType.Container);
        var partition = expert.Value;
        var sessions = 0L;
        var seconds = 0L;
        var earnings = new List<Money>();
        var after = "";
        while (true)
        {
            var next = new QueryDefinition("SELECT TOP 1 VALUE c.idx.statsCurrency FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.statsCurrency > @after ORDER BY c.idx.statsCurrency")
                .WithParameter("@pk", partition).WithParameter("@type", SessionType.Kind).WithParameter("@after", after);
            var found = await database.QueryPartitionAsync(container, partition, next, cancellationToken);
            if (found.Count == 0 || found[0].ValueKind != JsonValueKind.String)
            {
                break;
            }

            after = found[0].GetString()!;
            sessions += await SumAsync(container, partition, "connected", after, cancellationToken);
            seconds += await SumAsync(container, partition, "billableSeconds", after, cancellationToken);
            earnings.Add(new Money(await SumAsync(container, partition, "earningsMinor", after, cancellationToken), Currency.Parse(after)));
        }

        return new SessionStatistics((int)sessions, seconds / 60, earnings);
    }

    public async Task<IReadOnlyList<SessionLink>> LinksOfExpertAsync(ExpertId expert, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT TOP 1000 c.body FROM c WHERE c.pk = @pk AND c.type = @type ORDER BY c.idx.sort DESC")
            .WithParameter("@pk", expert.Value).WithParameter("@type", LinkType.Kind);
        var rows = await database.QueryPartitionAsync(database.Container(LinkType.Container), expert.Value, query, cancellationToken);
        return rows.Select(CosmosPaging.Body<SessionLink>).ToArray();
    }

    private async Task<long> SumAsync(Container container, string partition, string field, string currency, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition($"SELECT VALUE SUM(c.idx.{field}) FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.statsCurrency = @currency")
            .WithParameter("@pk", partition).WithParameter("@type", SessionType.Kind).WithParameter("@currency", currency);
        var rows = await database.QueryPartitionAsync(container, partition, query, cancellationToken);
        return rows.Count > 0 && rows[0].ValueKind == JsonValueKind.Number ? (long)rows[0].GetDouble() : 0;
    }
}
