using System.Globalization;
using Headstore.Infrastructure.Messaging;

namespace Headstore.Infrastructure.Persistence.Sqlite;

/// <summary>The outbox table, written by <see cref="SqliteDocumentStore"/> in each commit's transaction.</summary>
public sealed class SqliteOutboxStore(SqliteDatabase database) : IOutboxStore
{
    public async Task<IReadOnlyList<OutboxEntry>> ReadDueAsync(DateTimeOffset now, int maxAttempts, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, event_id, type, payload, attempts FROM outbox WHERE dispatched_at IS NULL AND next_attempt_at <= $now AND attempts < $max ORDER BY next_attempt_at, seq LIMIT $limit";
        command.Parameters.AddWithValue("$now", SqliteDocumentTables.Time(now));
        command.Parameters.AddWithValue("$max", maxAttempts);
        command.Parameters.AddWithValue("$limit", limit);
        var batch = new List<OutboxEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            batch.Add(new OutboxEntry(reader.GetInt64(0).ToString(CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4)));
        }

        return batch;
    }

    public Task MarkDispatchedAsync(OutboxEntry entry, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE outbox SET dispatched_at = $time, attempts = attempts + 1, last_error = NULL WHERE seq = $seq", entry, now, null, cancellationToken);

    public Task MarkFailedAsync(OutboxEntry entry, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $time, last_error = $error WHERE seq = $seq", entry, nextAttemptAt, error, cancellationToken);

    public Task PostponeAsync(OutboxEntry entry, DateTimeOffset until, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE outbox SET next_attempt_at = $time WHERE seq = $seq", entry, until, null, cancellationToken);

    private async Task ExecuteAsync(string sql, OutboxEntry entry, DateTimeOffset time, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$time", SqliteDocumentTables.Time(time));
        command.Parameters.AddWithValue("$seq", long.Parse(entry.Key, CultureInfo.InvariantCulture));
        if (error is not null)
        {
            command.Parameters.AddWithValue("$error", error);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
