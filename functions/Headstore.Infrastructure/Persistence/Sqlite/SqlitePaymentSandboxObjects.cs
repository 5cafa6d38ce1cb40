using Headstore.Infrastructure.Payments.Sandbox;

namespace Headstore.Infrastructure.Persistence.Sqlite;

/// <summary>The payment sandbox's sweeps on its SQLite tables (indexed by status and by paid-out flag, each with the creation time).</summary>
public sealed class SqlitePaymentSandboxObjects(SqliteDatabase database) : IPaymentSandboxObjects
{
    public async Task<IReadOnlyList<string>> AuthorisationsCreatedBeforeAsync(DateTimeOffset cut, int limit, CancellationToken cancellationToken) =>
        (await ReadAsync("SELECT id, '' FROM sandbox_payment_intents WHERE status = 'requires_capture' AND created_at <= $cut LIMIT $limit", cut, limit, cancellationToken))
        .Select(r => r.First).ToArray();

    public async Task<IReadOnlyList<(string TransferId, string Destination)>> UnpaidTransfersCreatedBeforeAsync(DateTimeOffset cut, int limit, CancellationToken cancellationToken) =>
        await ReadAsync("SELECT id, destination FROM sandbox_transfers WHERE paid_out = 0 AND created_at <= $cut LIMIT $limit", cut, limit, cancellationToken);

    private async Task<List<(string First, string Second)>> ReadAsync(string sql, DateTimeOffset cut, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$cut", SqliteDocumentTables.Time(cut));
        command.Parameters.AddWithValue("$limit", limit);
        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }
}
