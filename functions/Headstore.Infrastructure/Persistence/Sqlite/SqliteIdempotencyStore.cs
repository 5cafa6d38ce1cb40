using Headstore.Application.Common;
using Microsoft.Data.Sqlite;

namespace Headstore.Infrastructure.Persistence.Sqlite;

/// <summary>Idempotency keys in SQLite. A claim is one IMMEDIATE transaction, so two concurrent requests with one key cannot both run.</summary>
public sealed class SqliteIdempotencyStore(SqliteDatabase database, TimeProvider clock) : IIdempotencyStore, IPeriodicJob
{
    /// <summary>A claim not completed within this time belongs to a request that died; the key may run again.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan KeepFor = TimeSpan.FromHours(24);

    public string Name => "idempotency-key-expiry";

    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task<(IdempotencyClaim Claim, StoredResponse? Response)> ClaimAsync(string scope, string key, string requestHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT request_hash, state, status_code, content_type, body, location, created_at FROM idempotency_keys WHERE scope = $scope AND key = $key";
        read.Parameters.AddWithValue("$scope", scope);
        read.Parameters.AddWithValue("$key", key);
        var now = clock.GetUtcNow();
        (IdempotencyClaim, StoredResponse?)? outcome = null;
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                var createdAt = DateTimeOffset.Parse(reader.GetString(6), System.Globalization.CultureInfo.InvariantCulture);
                if (reader.GetString(0) != requestHash)
                {
                    outcome = (IdempotencyClaim.Mismatch, null);
                }
                else if (reader.GetString(1) == "completed")
                {
                    outcome = (IdempotencyClaim.Completed, new StoredResponse(reader.GetInt32(2), reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
                }
                else if (now - createdAt < AbandonedAfter)
                {
                    outcome = (IdempotencyClaim.InProgress, null);
                }
            }
        }

        if (outcome is { } decided)
        {
            await transaction.CommitAsync(cancellationToken);
            return decided;
        }

        await using var claim = connection.CreateCommand();
        claim.Transaction = transaction;
        claim.CommandText = """
            INSERT INTO idempotency_keys (scope, key, request_hash, state, created_at) VALUES ($scope, $key, $hash, 'in-progress', $now)
            ON CONFLICT (scope, key) DO UPDATE SET state = 'in-progress', created_at = $now
            """;
        claim.Parameters.AddWithValue("$scope", scope);
        claim.Parameters.AddWithValue("$key", key);
        claim.Parameters.AddWithValue("$hash", requestHash);
        claim.Parameters.AddWithValue("$now", SqliteDocumentTables.Time(now));
        await claim.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (IdempotencyClaim.Claimed, null);
    }

    public async Task CompleteAsync(string scope, string key, StoredResponse response, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE idempotency_keys SET state = 'completed', status_code = $status, content_type = $type, body = $body, location = $location WHERE scope = $scope AND key = $key";
        command.Parameters.AddWithValue("$status", response.StatusCode);
        command.Parameters.AddWithValue("$type", response.ContentType);
        command.Parameters.AddWithValue("$body", response.Body);
        command.Parameters.AddWithValue("$location", (object?)response.Location ?? DBNull.Value);
        command.Parameters.AddWithValue("$scope", scope);
        command.Parameters.AddWithValue("$key", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ReleaseAsync(string scope, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM idempotency_keys WHERE scope = $scope AND key = $key AND state = 'in-progress'";
        command.Parameters.AddWithValue("$scope", scope);
        command.Parameters.AddWithValue("$key", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM idempotency_keys WHERE created_at < $before";
        command.Parameters.AddWithValue("$before", SqliteDocumentTables.Time(clock.GetUtcNow() - KeepFor));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
