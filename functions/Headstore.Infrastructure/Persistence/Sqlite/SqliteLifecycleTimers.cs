using System.Globalization;
using Headstore.Application.Common;

namespace Headstore.Infrastructure.Persistence.Sqlite;

public sealed class SqliteLifecycleTimers(SqliteDatabase database) : ILifecycleTimers
{
    public async Task SetAsync(string aggregateType, string aggregateId, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = dueAt is null
            ? "DELETE FROM lifecycle_timers WHERE aggregate_type = $type AND aggregate_id = $id"
            : "INSERT INTO lifecycle_timers (aggregate_type, aggregate_id, due_at) VALUES ($type, $id, $due) ON CONFLICT (aggregate_type, aggregate_id) DO UPDATE SET due_at = excluded.due_at";
        command.Parameters.AddWithValue("$type", aggregateType);
        command.Parameters.AddWithValue("$id", aggregateId);
        if (dueAt is { } due)
        {
            command.Parameters.AddWithValue("$due", SqliteDocumentTables.Time(due));
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<(string AggregateType, string AggregateId, DateTimeOffset DueAt)>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT aggregate_type, aggregate_id, due_at FROM lifecycle_timers WHERE due_at <= $now ORDER BY due_at LIMIT $limit";
        command.Parameters.AddWithValue("$now", SqliteDocumentTables.Time(now));
        command.Parameters.AddWithValue("$limit", limit);
        var due = new List<(string, string, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add((reader.GetString(0), reader.GetString(1), DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture)));
        }

        return due;
    }
}
