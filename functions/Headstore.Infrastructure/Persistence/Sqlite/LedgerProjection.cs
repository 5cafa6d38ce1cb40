using System.Text.Json;
using Headstore.Domain.Ledger;
using Headstore.Infrastructure.Serialization;
using Microsoft.Data.Sqlite;

namespace Headstore.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Keeps <c>ledger_entries</c>, one row per entry of every ledger transaction, in step with <c>ledger_transactions</c>:
/// written in the same SQLite transaction as the ledger transaction itself, so balances are never behind, and
/// rebuildable from the transactions at any time (the transactions are the truth; the entries are a projection).
/// </summary>
public static class LedgerProjection
{
    internal static async Task WriteAsync(SqliteConnection connection, LedgerTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO ledger_entries (transaction_id, seq, account, currency, amount, occurred_at) VALUES ($id, $seq, $account, $currency, $amount, $at)";
        var seq = command.Parameters.Add("$seq", SqliteType.Integer);
        var account = command.Parameters.Add("$account", SqliteType.Text);
        var currency = command.Parameters.Add("$currency", SqliteType.Text);
        var amount = command.Parameters.Add("$amount", SqliteType.Integer);
        command.Parameters.AddWithValue("$id", transaction.Id);
        command.Parameters.AddWithValue("$at", SqliteDocumentTables.Time(transaction.OccurredAt));
        for (var i = 0; i < transaction.Entries.Count; i++)
        {
            var entry = transaction.Entries[i];
            seq.Value = i;
            account.Value = entry.Account.Key;
            currency.Value = entry.Amount.Currency.Code;
            amount.Value = entry.Amount.Minor;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Throws the projection away and writes it again from the transactions, in one SQLite transaction. Returns the number of transactions.</summary>
    public static async Task<int> RebuildAsync(SqliteDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "BEGIN IMMEDIATE", cancellationToken);
        var committed = false;
        try
        {
            await ExecuteAsync(connection, "DELETE FROM ledger_entries", cancellationToken);
            var bodies = new List<string>();
            await using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT body FROM ledger_transactions ORDER BY occurred_at, id";
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    bodies.Add(reader.GetString(0));
                }
            }

            foreach (var body in bodies)
            {
                await WriteAsync(connection, JsonSerializer.Deserialize<LedgerTransaction>(body, JsonDefaults.Options)!, cancellationToken);
            }

            await ExecuteAsync(connection, "COMMIT", cancellationToken);
            committed = true;
            return bodies.Count;
        }
        finally
        {
            if (!committed)
            {
                await ExecuteAsync(connection, "ROLLBACK", CancellationToken.None);
            }
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
