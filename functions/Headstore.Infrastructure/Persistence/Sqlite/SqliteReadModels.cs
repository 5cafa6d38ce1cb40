using System.Globalization;
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
using Headstore.Domain.Reputation;
using Microsoft.Data.Sqlite;

namespace Headstore.Infrastructure.Persistence.Sqlite;

public sealed class SqliteExpertDirectory(SqliteDatabase database) : IExpertDirectory
{
    /// <summary>Best reputation first. Filters run on the indexed copies of the profile fields.</summary>
    public async Task<Page<ExpertProfile>> SearchAsync(ExpertSearch search, PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (search.Category is { } category)
        {
            where.Add("categories LIKE $category ESCAPE '\\'");
            command.Parameters.AddWithValue("$category", $"%,{Escape(category.Value)},%");
        }

        if (search.Language is { } language)
        {
            where.Add("languages LIKE $language ESCAPE '\\'");
            command.Parameters.AddWithValue("$language", $"%,{Escape(language)},%");
        }

        if (search.Text is { } text)
        {
            var terms = text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(8).ToArray();
            for (var i = 0; i < terms.Length; i++)
            {
                where.Add($"search_text LIKE $t{i} ESCAPE '\\'");
                command.Parameters.AddWithValue($"$t{i}", $"%{Escape(terms[i])}%");
            }
        }

        if (search.MinRating is { } minRating)
        {
            where.Add("rating >= $minRating");
            command.Parameters.AddWithValue("$minRating", (double)minRating);
        }

        if (search.MaxRateMinor is { } maxRate)
        {
            where.Add("rate_minor <= $maxRate");
            command.Parameters.AddWithValue("$maxRate", maxRate);
        }

        if (search.OnlineOnly)
        {
            where.Add("status = 'Online'");
        }

        if (SqliteQueries.DecodeCursor(page.Cursor) is { } cursor)
        {
            // Descending reputation, then id ascending: the next page starts strictly after the last item.
            where.Add("(reputation < $cursorReputation OR (reputation = $cursorReputation AND id > $cursorId))");
            command.Parameters.AddWithValue("$cursorReputation", long.Parse(cursor.SortKey, CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$cursorId", cursor.Id);
        }

        command.CommandText = $"SELECT body, reputation, id FROM experts {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} ORDER BY reputation DESC, id LIMIT $limit";
        command.Parameters.AddWithValue("$limit", page.Limit + 1);
        return await SqliteQueries.ReadPageAsync<ExpertProfile>(command, page.Limit, cancellationToken);
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}

public sealed class SqliteQuestionSearch(SqliteDatabase database, SearchTermStatistics statistics) : IQuestionSearch
{
    public async Task<IReadOnlyList<QuestionSummary>> FindSimilarAsync(string text, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var match = QuestionSearchIndex.ToMatchQuery(await statistics.SelectiveTermsAsync(connection, QuestionSearchIndex.Terms(text), cancellationToken));
        if (match is null)
        {
            return [];
        }

        // Two steps, because SQLite computes every selected column for every match before it sorts: first rank the
        // matches with nothing but bm25 (title 4, question 1, answers 0.5; lower is better) and keep the best few,
        // then build snippets and read details for those few only.
        var ranked = new List<(long RowId, double Rank)>(limit);
        await using (var rank = connection.CreateCommand())
        {
            rank.CommandText = "SELECT rowid, bm25(question_search, 4.0, 1.0, 0.5) AS score FROM question_search WHERE question_search MATCH $match ORDER BY score LIMIT $limit";
            rank.Parameters.AddWithValue("$match", match);
            rank.Parameters.AddWithValue("$limit", limit);
            await using var reader = await rank.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ranked.Add((reader.GetInt64(0), reader.GetDouble(1)));
            }
        }

        if (ranked.Count == 0)
        {
            return [];
        }

        await using var details = connection.CreateCommand();
        var rowIds = string.Join(",", ranked.Select(r => r.RowId.ToString(CultureInfo.InvariantCulture)));
        details.CommandText = $"""
            SELECT s.rowid, q.id, q.category_id, s.title, snippet(question_search, -1, '', '', '…', 24), json_array_length(q.body, '$.answers'), q.asked_at
            FROM question_search s JOIN questions q ON q.rowid = s.rowid
            WHERE question_search MATCH $match AND s.rowid IN ({rowIds})
            """;
        details.Parameters.AddWithValue("$match", match);
        var byRow = new Dictionary<long, QuestionSummary>();
        await using (var reader = await details.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                byRow[reader.GetInt64(0)] = new QuestionSummary(
                    new QuestionId(reader.GetString(1)),
                    new CategoryId(reader.GetString(2)),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetInt32(5),
                    DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture),
                    0);
            }
        }

        return ranked.Where(r => byRow.ContainsKey(r.RowId)).Select(r => byRow[r.RowId] with { Relevance = Math.Round(-r.Rank, 4) }).ToArray();
    }

    public async Task<Page<QuestionSummary>> ListAsync(QuestionListFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (filter.Category is { } category)
        {
            where.Add("category_id = $category");
            command.Parameters.AddWithValue("$category", category.Value);
        }

        if (filter.Status is { } status)
        {
            where.Add("status = $status");
            command.Parameters.AddWithValue("$status", status.ToString());
        }

        if (filter.Asker is { } asker)
        {
            where.Add("asker_id = $asker");
            command.Parameters.AddWithValue("$asker", asker.Value);
        }

        if (SqliteQueries.DecodeCursor(page.Cursor) is { } cursor)
        {
            where.Add("(asked_at < $cursorTime OR (asked_at = $cursorTime AND id < $cursorId))");
            command.Parameters.AddWithValue("$cursorTime", cursor.SortKey);
            command.Parameters.AddWithValue("$cursorId", cursor.Id);
        }

        command.CommandText = $"""
            SELECT id, category_id, json_extract(body, '$.title'), substr(json_extract(body, '$.body'), 1, 200), json_array_length(body, '$.answers'), asked_at
            FROM questions {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY asked_at DESC, id DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$limit", page.Limit + 1);
        var items = new List<QuestionSummary>();
        string? next = null;
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (items.Count == page.Limit)
            {
                more = true;
                break;
            }

            items.Add(new QuestionSummary(new QuestionId(reader.GetString(0)), new CategoryId(reader.GetString(1)), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture), 0));
            next = SqliteQueries.EncodeCursor(reader.GetString(5), reader.GetString(0));
        }

        return new Page<QuestionSummary>(items, more ? next : null);
    }
}

public sealed class SqliteReputationQueries(SqliteDatabase database) : IReputationQueries
{
    public async Task<int> VoteGainsAppliedAsync(ExpertId expert, DateOnly day, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(vote_gain), 0) FROM reputation_events WHERE expert_id = $expert AND day = $day";
        command.Parameters.AddWithValue("$expert", expert.Value);
        command.Parameters.AddWithValue("$day", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<ReputationEvent>> HistoryAsync(ExpertId expert, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM reputation_events WHERE expert_id = $expert ORDER BY occurred_at, id";
        command.Parameters.AddWithValue("$expert", expert.Value);
        return await SqliteQueries.ReadDocumentsAsync<ReputationEvent>(command, cancellationToken);
    }

    public async Task<IReadOnlyList<ExpertId>> ExpertsWithHistoryAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT expert_id FROM reputation_events ORDER BY expert_id";
        var experts = new List<ExpertId>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            experts.Add(new ExpertId(reader.GetString(0)));
        }

        return experts;
    }
}

public sealed class SqliteMessagingQueries(SqliteDatabase database) : IMessagingQueries
{
    public Task<Page<MessageThread>> ThreadsForAsync(UserId user, PageRequest page, CancellationToken cancellationToken) =>
        ForPartyAsync<MessageThread>("message_threads", "updated_at", user, page, cancellationToken);

    public Task<Page<Appointment>> AppointmentsForAsync(UserId user, PageRequest page, CancellationToken cancellationToken) =>
        ForPartyAsync<Appointment>("appointments", "created_at", user, page, cancellationToken);

    public async Task<IReadOnlyList<string>> DueUnflaggedAsync(string requestType, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var table = requestType == OverdueRequestSweep.Messages ? "message_threads" : "appointments";
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id FROM {table} WHERE due_at IS NOT NULL AND due_at < $now AND flagged_at IS NULL ORDER BY due_at LIMIT $limit";
        command.Parameters.AddWithValue("$now", SqliteDocumentTables.Time(now));
        command.Parameters.AddWithValue("$limit", limit);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task<Page<OverdueRequestView>> OverdueAsync(PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var after = "";
        if (SqliteQueries.DecodeCursor(page.Cursor) is { } cursor)
        {
            after = "WHERE (due_at > $cursorDue OR (due_at = $cursorDue AND id > $cursorId))";
            command.Parameters.AddWithValue("$cursorDue", cursor.SortKey);
            command.Parameters.AddWithValue("$cursorId", cursor.Id);
        }

        command.CommandText = $"""
            SELECT * FROM (
                SELECT 'message' AS type, id, expert_id, customer_id, due_at, flagged_at FROM message_threads WHERE due_at IS NOT NULL AND flagged_at IS NOT NULL
                UNION ALL
                SELECT 'appointment', id, expert_id, customer_id, due_at, flagged_at FROM appointments WHERE due_at IS NOT NULL AND flagged_at IS NOT NULL)
            {after}
            ORDER BY due_at, id LIMIT $limit
            """;
        command.Parameters.AddWithValue("$limit", page.Limit + 1);
        var items = new List<OverdueRequestView>();
        string? next = null;
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (items.Count == page.Limit)
            {
                more = true;
                break;
            }

            items.Add(new OverdueRequestView(reader.GetString(0), reader.GetString(1), new ExpertId(reader.GetString(2)), new UserId(reader.GetString(3)),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture), DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture)));
            next = SqliteQueries.EncodeCursor(reader.GetString(4), reader.GetString(1));
        }

        return new Page<OverdueRequestView>(items, more ? next : null);
    }

    /// <summary>The user's items as customer or as expert: two index range scans merged, newest first.</summary>
    private async Task<Page<T>> ForPartyAsync<T>(string table, string sortColumn, UserId user, PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var after = "";
        if (SqliteQueries.DecodeCursor(page.Cursor) is { } cursor)
        {
            after = $"AND ({sortColumn} < $cursorKey OR ({sortColumn} = $cursorKey AND id < $cursorId))";
            command.Parameters.AddWithValue("$cursorKey", cursor.SortKey);
            command.Parameters.AddWithValue("$cursorId", cursor.Id);
        }

        command.CommandText = $"""
            SELECT body, {sortColumn}, id FROM (
                SELECT body, {sortColumn}, id FROM {table} WHERE customer_id = $user {after}
                UNION
                SELECT body, {sortColumn}, id FROM {table} WHERE expert_id = $user {after})
            ORDER BY {sortColumn} DESC, id DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$user", user.Value);
        command.Parameters.AddWithValue("$limit", page.Limit + 1);
        return await SqliteQueries.ReadPageAsync<T>(command, page.Limit, cancellationToken);
    }
}

public sealed class SqliteModerationQueries(SqliteDatabase database) : IModerationQueries
{
    public async Task<Page<ContentReport>> OpenReportsAsync(PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var after = "";
        if (SqliteQueries.DecodeCursor(page.Cursor) is { } cursor)
        {
            after = "AND ((priority || '|' || created_at) > $cursorKey OR ((priority || '|' || created_at) = $cursorKey AND id > $cursorId))";
            command.Parameters.AddWithValue("$cursorKey", cursor.SortKey);
            command.Parameters.AddWithValue("$cursorId", cursor.Id);
        }

        command.CommandText = $"SELECT body, priority || '|' || created_at, id FROM content_reports WHERE status = 'Open' {after} ORDER BY priority, created_at, id LIMIT $limit";
        command.Parameters.AddWithValue("$limit", page.Limit + 1);
        return await SqliteQueries.ReadPageAsync<ContentReport>(command, page.Limit, cancellationToken);
    }
}
