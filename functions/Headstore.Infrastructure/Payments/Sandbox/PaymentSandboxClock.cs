using Headstore.Application.Common;
using Headstore.Infrastructure.Persistence.Sqlite;

namespace Headstore.Infrastructure.Payments.Sandbox;

/// <summary>
/// What the provider does by itself as time passes, for the sandbox: authorisations left uncaptured for seven days
/// lapse (payment_intent.canceled), and transfers to a connected account are paid out to its bank two days later
/// (payout.paid), as Stripe's default payout schedule does.
/// </summary>
public sealed class PaymentSandboxClock(SqliteDatabase database, SandboxPaymentGateway sandbox, TimeProvider clock) : IPeriodicJob
{
    public static readonly TimeSpan PayoutDelay = TimeSpan.FromDays(2);

    public string Name => "payment-sandbox";

    public TimeSpan Interval => TimeSpan.FromMinutes(15);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var (id, _) in await ReadAsync("SELECT id, '' FROM sandbox_payment_intents WHERE status = 'requires_capture' AND created_at <= $cut LIMIT 500", now - SandboxPaymentGateway.AuthorisationValidity, cancellationToken))
        {
            await sandbox.ExpireAsync(id, cancellationToken);
        }

        var due = await ReadAsync("SELECT id, destination FROM sandbox_transfers WHERE paid_out = 0 AND created_at <= $cut LIMIT 1000", now - PayoutDelay, cancellationToken);
        foreach (var account in due.GroupBy(t => t.Second))
        {
            await sandbox.PayOutAsync(account.Key, account.Select(t => t.First).ToArray(), cancellationToken);
        }
    }

    private async Task<List<(string First, string Second)>> ReadAsync(string sql, DateTimeOffset cut, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$cut", SqliteDocumentTables.Time(cut));
        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }
}
