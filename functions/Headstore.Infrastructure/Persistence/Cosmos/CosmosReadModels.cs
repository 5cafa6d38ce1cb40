using System.Text;
using System.Text.Json;
using Headstore.Application.Common;
using Headstore.Application.Experts;
using Headstore.Application.Messaging;
using Headstore.Application.Moderation;
using Headstore.Application.Questions;
using Headstore.Application.Reputation;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Messaging;
using Headstore.Domain.Moderation;
using Headstore.Domain.Questions;
using Headstore.Domain.Reputation;
using Headstore.Infrastructure.Serialization;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Persistence.Cosmos;

/// <summary>Keyset paging on one sort field: the cursor is the last item's sort key, opaque to clients.</summary>
internal static class CosmosPaging
{
    public static string Encode(string sortKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(sortKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Takes a page from limit + 1 rows; the extra row only says there is more.</summary>
    public static Page<T> Page<T>(IReadOnlyList<JsonElement> rows, int limit, Func<JsonElement, T> read) =>
        new(rows.Take(limit).Select(read).ToArray(), rows.Count > limit ? Encode(rows[limit - 1].GetProperty("sort").GetString()!) : null);

    public static T Body<T>(JsonElement row) => row.GetProperty("body").Deserialize<T>(JsonDefaults.Options)!;
}

/// <summary>Expert search: one single-partition query on the directory view ("experts" partition of the views container).</summary>
public sealed class CosmosExpertDirectory(CosmosDatabase database) : IExpertDirectory
{
    public async Task<Page<ExpertProfile>> SearchAsync(ExpertSearch search, PageRequest page, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("c.pk = @pk AND c.type = @type");
        var query = new Dictionary<string, object>
        {
            ["@pk"] = CosmosDocumentTypes.ExpertDirectoryPartition,
            ["@type"] = CosmosDocuments.ViewType("ExpertDirectoryEntry"),
            ["@limit"] = page.Limit + 1,
        };
        if (search.Category is { } category)
        {
            where.Append(" AND ARRAY_CONTAINS(c.idx.categories, @category)");
            query["@category"] = category.Value;
        }

        if (search.Language is { } language)
        {
            where.Append(" AND ARRAY_CONTAINS(c.idx.languages, @language)");
            query["@language"] = language;
        }

        if (search.Text is { } text)
        {
            var terms = text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(8).ToArray();
            for (var i = 0; i < terms.Length; i++)
            {
                where.Append($" AND CONTAINS(c.idx.text, @t{i})");
                query[$"@t{i}"] = terms[i];
            }
        }

        if (search.MinRating is { } minRating)
        {
            where.Append(" AND c.idx.rating >= @minRating");
            query["@minRating"] = (double)minRating;
        }

        if (search.MaxRateMinor is { } maxRate)
        {
            where.Append(" AND c.idx.rateMinor <= @maxRate");
            query["@maxRate"] = maxRate;
        }

        if (search.OnlineOnly)
        {
            where.Append(" AND c.idx.status = 'Online'");
        }

        if (CosmosPaging.Decode(page.Cursor) is { } after)
        {
            where.Append(" AND c.idx.sort > @after");
            query["@after"] = after;
        }

        var definition = Parameters(new QueryDefinition($"SELECT TOP @limit c.body, c.idx.sort FROM c WHERE {where} ORDER BY c.idx.sort"), query);
        var rows = await database.QueryPartitionAsync(database.Container(CosmosDocumentTypes.ViewsContainer), CosmosDocumentTypes.ExpertDirectoryPartition, definition, cancellationToken);
        return CosmosPaging.Page(rows, page.Limit, CosmosPaging.Body<ExpertProfile>);
    }

    internal static QueryDefinition Parameters(QueryDefinition definition, Dictionary<string, object> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            definition = definition.WithParameter(name, value);
        }

        return definition;
    }
}

/// <summary>The question list and similar-question search, both single-partition queries on the "questions" view partition.</summary>
public sealed class CosmosQuestionSearch(CosmosDatabase database, IOptions<CosmosOptions> options) : IQuestionSearch
{
    public async Task<IReadOnlyList<QuestionSummary>> FindSimilarAsync(string text, int limit, CancellationToken cancellationToken)
    {
        var fullText = options.Value.QuestionSearch == CosmosQuestionSearchMode.FullText;
        var query = fullText ? CosmosQuestionViews.FullTextQuery(text, limit) : CosmosQuestionViews.TermQuery(text, Math.Max(50, limit * 5));
        if (query is null)
        {
            return [];
        }

        var rows = await database.QueryPartitionAsync(database.Container(CosmosDocumentTypes.ViewsContainer), CosmosDocumentTypes.QuestionListPartition, query, cancellationToken);
        var ranked = rows.Select(row =>
        {
            var item = CosmosPaging.Body<QuestionListItem>(row);
            var terms = row.GetProperty("terms").Deserialize<string[]>()!.ToHashSet(StringComparer.Ordinal);
            var titleTerms = row.GetProperty("titleTerms").Deserialize<string[]>()!.ToHashSet(StringComparer.Ordinal);
            return (Item: item, Relevance: CosmosQuestionViews.Relevance(text, terms, titleTerms));
        });

        // Full-text results arrive in BM25 order; the term fallback is ordered here, best shared words first, then newest.
        var ordered = fullText ? ranked : ranked.OrderByDescending(r => r.Relevance).ThenByDescending(r => r.Item.AskedAt);
        return ordered.Take(limit).Select(r => new QuestionSummary(
            new QuestionId(r.Item.Id), new CategoryId(r.Item.CategoryId), r.Item.Title, CosmosQuestionViews.Snippet(r.Item.Body, text), r.Item.AnswerCount, r.Item.AskedAt, Math.Round(r.Relevance, 4))).ToArray();
    }

    public async Task<Page<QuestionSummary>> ListAsync(QuestionListFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("c.pk = @pk AND c.type = @type");
        var parameters = new Dictionary<string, object>
        {
            ["@pk"] = CosmosDocumentTypes.QuestionListPartition,
            ["@type"] = CosmosDocuments.ViewType("QuestionListEntry"),
            ["@limit"] = page.Limit + 1,
        };
        if (filter.Category is { } category)
        {
            where.Append(" AND c.idx.categoryId = @category");
            parameters["@category"] = category.Value;
        }

        if (filter.Status is { } status)
        {
            where.Append(" AND c.idx.status = @status");
            parameters["@status"] = status.ToString();
        }

        if (filter.Asker is { } asker)
        {
            where.Append(" AND c.idx.askerId = @asker");
            parameters["@asker"] = asker.Value;
        }

        if (CosmosPaging.Decode(page.Cursor) is { } before)
        {
            where.Append(" AND c.idx.sort < @before");
            parameters["@before"] = before;
        }

        var query = CosmosExpertDirectory.Parameters(new QueryDefinition($"SELECT TOP @limit c.body, c.idx.sort FROM c WHERE {where} ORDER BY c.idx.sort DESC"), parameters);
        var rows = await database.QueryPartitionAsync(database.Container(CosmosDocumentTypes.ViewsContainer), CosmosDocumentTypes.QuestionListPartition, query, cancellationToken);
        return CosmosPaging.Page(rows, page.Limit, row =>
        {
            var item = CosmosPaging.Body<QuestionListItem>(row);
            return new QuestionSummary(new QuestionId(item.Id), new CategoryId(item.CategoryId), item.Title, item.Body.Length <= 200 ? item.Body : item.Body[..200], item.AnswerCount, item.AskedAt, 0);
        });
    }
}

/// <summary>Reputation lines live in their expert's partition: the daily cap and the history are single-partition queries.</summary>
public sealed class CosmosReputationQueries(CosmosDatabase database) : IReputationQueries
{
    private static readonly string Kind = CosmosDocumentTypes.For(typeof(ReputationEvent)).Kind;

    private Container Experts => database.Container(CosmosDocumentTypes.For(typeof(ReputationEvent)).Container);

    public async Task<int> VoteGainsAppliedAsync(ExpertId expert, DateOnly day, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT VALUE SUM(c.idx.voteGain) FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.day = @day")
            .WithParameter("@pk", expert.Value).WithParameter("@type", Kind).WithParameter("@day", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var rows = await database.QueryPartitionAsync(Experts, expert.Value, query, cancellationToken);
        return rows.Count == 0 || rows[0].ValueKind != JsonValueKind.Number ? 0 : rows[0].GetInt32();
    }

    /// <summary>Oldest first, read in keyset pages of 100 (bounded pages; the test server cannot continue a query).</summary>
    public async Task<IReadOnlyList<ReputationEvent>> HistoryAsync(ExpertId expert, CancellationToken cancellationToken)
    {
        var history = new List<ReputationEvent>();
        var after = "";
        while (true)
        {
            var query = new QueryDefinition("SELECT TOP 100 c.body, c.idx.sort FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.sort > @after ORDER BY c.idx.sort")
                .WithParameter("@pk", expert.Value).WithParameter("@type", Kind).WithParameter("@after", after);
            var rows = await database.QueryPartitionAsync(Experts, expert.Value, query, cancellationToken);
            history.AddRange(rows.Select(CosmosPaging.Body<ReputationEvent>));
            if (rows.Count < 100)
            {
                return history;
            }

            after = rows[^1].GetProperty("sort").GetString()!;
        }
    }

    /// <summary>
    /// Batch path: a skip scan over partition keys, one small cross-partition query per expert (DISTINCT would be one
    /// query, but the test server has no DISTINCT; the recompute job runs daily).
    /// </summary>
    public async Task<IReadOnlyList<ExpertId>> ExpertsWithHistoryAsync(CancellationToken cancellationToken)
    {
        var experts = new List<ExpertId>();
        var after = "";
        while (true)
        {
            var query = new QueryDefinition("SELECT TOP 1 VALUE c.pk FROM c WHERE c.type = @type AND c.pk > @after ORDER BY c.pk")
                .WithParameter("@type", Kind).WithParameter("@after", after);
            var rows = await database.QueryAcrossPartitionsAsync(Experts, CrossPartitionPath.ReputationRecomputeBatch, query, cancellationToken);
            if (rows.Count == 0)
            {
                return experts;
            }

            after = rows[0].GetString()!;
            experts.Add(new ExpertId(after));
        }
    }
}

/// <summary>
/// A person's conversations and appointments: a single-partition query on their "user:{id}" view partition for the
/// page of ids, then point reads of those aggregates. The sweeps and the admin list are named cross-partition paths.
/// </summary>
public sealed class CosmosMessagingQueries(CosmosDatabase database, IDocumentStore store) : IMessagingQueries
{
    public Task<Page<MessageThread>> ThreadsForAsync(UserId user, PageRequest page, CancellationToken cancellationToken) =>
        ForPartyAsync<MessageThread>("ConversationEntry", user, page, cancellationToken);

    public Task<Page<Appointment>> AppointmentsForAsync(UserId user, PageRequest page, CancellationToken cancellationToken) =>
        ForPartyAsync<Appointment>("AppointmentEntry", user, page, cancellationToken);

    public async Task<IReadOnlyList<string>> DueUnflaggedAsync(string requestType, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var type = CosmosDocumentTypes.For(requestType == OverdueRequestSweep.Messages ? typeof(MessageThread) : typeof(Appointment));
        var query = new QueryDefinition("SELECT TOP @limit VALUE c.body.id FROM c WHERE c.type = @type AND c.idx.dueUnflagged < @now ORDER BY c.idx.dueUnflagged")
            .WithParameter("@limit", limit).WithParameter("@type", type.Kind).WithParameter("@now", CosmosDocumentTypes.Time(now));
        var rows = await database.QueryAcrossPartitionsAsync(database.Container(type.Container), CrossPartitionPath.OverdueSweepBatch, query, cancellationToken);
        return rows.Select(r => r.GetString()!).ToArray();
    }

    public async Task<Page<OverdueRequestView>> OverdueAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var threads = CosmosDocumentTypes.For(typeof(MessageThread));
        var appointments = CosmosDocumentTypes.For(typeof(Appointment));
        var rows = new List<JsonElement>();
        var after = CosmosPaging.Decode(page.Cursor) ?? "";

        // Threads and appointments share the messaging container today, but each type is asked separately so either may move.
        foreach (var type in new[] { threads, appointments })
        {
            var query = new QueryDefinition(
                "SELECT TOP @limit c.type, c.body.id, c.body.expertId, c.body.customerId, c.body.dueAt, c.body.overdueFlaggedAt, c.idx.overdueSort AS sort " +
                "FROM c WHERE c.type = @type AND c.idx.overdueSort > @after ORDER BY c.idx.overdueSort")
                .WithParameter("@limit", page.Limit + 1).WithParameter("@type", type.Kind).WithParameter("@after", after);
            rows.AddRange(await database.QueryAcrossPartitionsAsync(database.Container(type.Container), CrossPartitionPath.AdminOverdueList, query, cancellationToken));
        }

        var ordered = rows.OrderBy(r => r.GetProperty("sort").GetString(), StringComparer.Ordinal).Take(page.Limit + 1).ToArray();
        return CosmosPaging.Page(ordered, page.Limit, r => new OverdueRequestView(
            r.GetProperty("type").GetString() == threads.Kind ? OverdueRequestSweep.Messages : OverdueRequestSweep.Appointments,
            r.GetProperty("id").GetString()!,
            new ExpertId(r.GetProperty("expertId").GetString()!),
            new UserId(r.GetProperty("customerId").GetString()!),
            r.GetProperty("dueAt").GetDateTimeOffset(),
            r.GetProperty("overdueFlaggedAt").GetDateTimeOffset()));
    }

    private Task<Page<T>> ForPartyAsync<T>(string viewKind, UserId user, PageRequest page, CancellationToken cancellationToken)
        where T : class, IAggregate =>
        CosmosPartyViews.PageAsync<T>(database, store, viewKind, CosmosDocumentTypes.UserPartition(user), page, cancellationToken);
}

/// <summary>A person's list (conversations, appointments, receipts): a page of ids from their view partition, newest first, then point reads.</summary>
internal static class CosmosPartyViews
{
    public static async Task<Page<T>> PageAsync<T>(CosmosDatabase database, IDocumentStore store, string viewKind, string partition, PageRequest page, CancellationToken cancellationToken)
        where T : class, IAggregate
    {
        var before = CosmosPaging.Decode(page.Cursor);
        var query = new QueryDefinition($"SELECT TOP @limit c.sourceId, c.idx.sort FROM c WHERE c.pk = @pk AND c.type = @type{(before is null ? "" : " AND c.idx.sort < @before")} ORDER BY c.idx.sort DESC")
            .WithParameter("@pk", partition).WithParameter("@type", CosmosDocuments.ViewType(viewKind)).WithParameter("@limit", page.Limit + 1);
        if (before is not null)
        {
            query = query.WithParameter("@before", before);
        }

        var rows = await database.QueryPartitionAsync(database.Container(CosmosDocumentTypes.ViewsContainer), partition, query, cancellationToken);
        var ids = rows.Take(page.Limit).Select(r => r.GetProperty("sourceId").GetString()!).ToArray();
        var found = (await store.FindManyAsync<T>(ids, cancellationToken)).ToDictionary(a => a.Id, StringComparer.Ordinal);
        return new Page<T>(ids.Where(found.ContainsKey).Select(id => found[id]).ToArray(), rows.Count > page.Limit ? CosmosPaging.Encode(rows[page.Limit - 1].GetProperty("sort").GetString()!) : null);
    }
}

/// <summary>The moderation queue is an admin path: a cross-partition query over open reports, personal-info first, then oldest.</summary>
public sealed class CosmosModerationQueries(CosmosDatabase database) : IModerationQueries
{
    public async Task<Page<ContentReport>> OpenReportsAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var type = CosmosDocumentTypes.For(typeof(ContentReport));
        var query = new QueryDefinition("SELECT TOP @limit c.body, c.idx.sort FROM c WHERE c.type = @type AND c.idx.status = @status AND c.idx.sort > @after ORDER BY c.idx.sort")
            .WithParameter("@limit", page.Limit + 1).WithParameter("@type", type.Kind).WithParameter("@status", ReportStatus.Open.ToString())
            .WithParameter("@after", CosmosPaging.Decode(page.Cursor) ?? "");
        var rows = await database.QueryAcrossPartitionsAsync(database.Container(type.Container), CrossPartitionPath.AdminModerationQueue, query, cancellationToken);
        return CosmosPaging.Page(rows, page.Limit, CosmosPaging.Body<ContentReport>);
    }
}
