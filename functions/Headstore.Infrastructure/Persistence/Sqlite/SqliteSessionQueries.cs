using Headstore.Application.Common;
using Headstore.Application.Sessions;
using Headstore.Domain.Common;
using Headstore.Domain.Sessions;

namespace Headstore.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Sessions and links in SQLite (migration 6): one document each, with the columns their queries filter on. The
/// statistics columns are written with every session write, so an expert's figures are one indexed aggregate.
/// </summary>
public sealed class SqliteSessionQueries(SqliteDatabase database) : ISessionQueries
{
    private static readonly Lock Registration = new();
    private static bool registered;

    static SqliteSessionQueries() => RegisterTables();

    /// <summary>Maps the session aggregates to their tables, once per process (hosts in parallel tests share the map).</summary>
    public static void RegisterTables()
    {
        lock (Registration)
        {
            if (registered)
            {
                return;
            }

            Register();
            registered = true;
        }
    }

    private static void Register()
    {
        SqliteDocumentTables.Register<Session>("sessions", s =>
        [
            ("customer_id", s.CustomerId.Value),
            ("expert_id", s.ExpertId.Value),
            ("state", s.State.ToString()),
            ("active", s.State.HoldsExpert() ? 1 : 0),
            ("created_at", SqliteDocumentTables.Time(s.ScheduledAt ?? s.CreatedAt)),
            ("connected", s.State == SessionState.Ended && s.Bill is { BillableSeconds: > 0 } ? 1 : 0),
            ("billable_seconds", s.State.IsFinal() ? s.Bill?.BillableSeconds ?? 0 : 0),
            ("earnings_minor", s.Settlement?.ExpertEarnings.Minor ?? 0),
            ("currency", s.Terms.RatePerMinute.Currency.Code),
        ]);
        SqliteDocumentTables.Register<SessionLink>("session_links", l =>
        [
            ("expert_id", l.ExpertId.Value),
            ("kind", l.Kind.ToString()),
            ("created_at", SqliteDocumentTables.Time(l.CreatedAt)),
        ]);
    }

    public async Task<Page<Session>> ListForUserAsync(UserId user, bool activeOnly, PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var after = activeOnly ? "AND state NOT IN ('Ended', 'Declined', 'Expired', 'Cancelled')" : "";
        if (SqliteQueries.DecodeCursor(page.Cursor) is { } cursor)
        {
            after += " AND (created_at < $cursorKey OR (created_at = $cursorKey AND id < $cursorId))";
            command.Parameters.AddWithValue("$cursorKey", cursor.SortKey);
            command.Parameters.AddWithValue("$cursorId", cursor.Id);
        }

        command.CommandText = $"""
            SELECT body, created_at, id FROM (
                SELECT body, created_at, id FROM sessions WHERE customer_id = $user {after}
                UNION
                SELECT body, created_at, id FROM sessions WHERE expert_id = $user {after})
            ORDER BY created_at DESC, id DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$user", user.Value);
        command.Parameters.AddWithValue("$limit", page.Limit + 1);
        return await SqliteQueries.ReadPageAsync<Session>(command, page.Limit, cancellationToken);
    }

    public async Task<bool> HasOtherActiveSessionAsync(ExpertId expert, SessionId except, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM sessions WHERE expert_id = $expert AND active = 1 AND id <> $except)";
        command.Parameters.AddWithValue("$expert", expert.Value);
        command.Parameters.AddWithValue("$except", except.Value);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
    }

    public async Task<SessionStatistics> StatisticsAsync(ExpertId expert, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT currency, SUM(connected), SUM(billable_seconds), SUM(earnings_minor) FROM sessions
            WHERE expert_id = $expert AND (connected = 1 OR earnings_minor > 0) GROUP BY currency ORDER BY currency
            """;
        command.Parameters.AddWithValue("$expert", expert.Value);
        var sessions = 0;
        long seconds = 0;
        var earnings = new List<Money>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions += reader.GetInt32(1);
            seconds += reader.GetInt64(2);
            earnings.Add(new Money(reader.GetInt64(3), Currency.Parse(reader.GetString(0))));
        }

        return new SessionStatistics(sessions, seconds / 60, earnings);
    }

    public async Task<IReadOnlyList<SessionLink>> LinksOfExpertAsync(ExpertId expert, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM session_links WHERE expert_id = $expert ORDER BY kind = 'Paid' DESC, created_at DESC, id LIMIT 1000";
        command.Parameters.AddWithValue("$expert", expert.Value);
        return await SqliteQueries.ReadDocumentsAsync<SessionLink>(command, cancellationToken);
    }
}
