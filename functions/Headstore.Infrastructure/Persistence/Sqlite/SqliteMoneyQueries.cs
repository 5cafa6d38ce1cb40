using System.Globalization;
using System.Text.Json;
using Headstore.Application.Common;
using Headstore.Application.Ledger;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Infrastructure.Serialization;
using Microsoft.Data.Sqlite;

namespace Headstore.Infrastructure.Persistence.Sqlite;

/// <summary>Balances and statement lines from the <c>ledger_entries</c> projection, on its (account, time) index.</summary>
public sealed class SqliteLedgerQueries(SqliteDatabase database) : ILedgerQueries
{
    public async Task<IReadOnlyList<Money>> BalancesAsync(LedgerAccount account, DateTimeOffset? before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT currency, SUM(amount) FROM ledger_entries WHERE account = $account" +
                              (before is null ? "" : " AND occurred_at < $before") + " GROUP BY currency HAVING SUM(amount) != 0 ORDER BY currency";
        command.Parameters.AddWithValue("$account", account.Key);
        if (before is { } time)
        {
            command.Parameters.AddWithValue("$before", SqliteDocumentTables.Time(time));
        }

        var balances = new List<Money>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            balances.Add(new Money(reader.GetInt64(1), Currency.Parse(reader.GetString(0))));
        }

        return balances;
    }

    public async Task<Page<LedgerLine>> LinesAsync(IReadOnlyList<LedgerAccount> accounts, DateTimeOffset from, DateTimeOffset to, PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var names = accounts.Select((a, i) =>
        {
            command.Parameters.AddWithValue($"$a{i}", a.Key);
            return $"$a{i}";
        }).ToArray();
        var where = new List<string> { $"e.account IN ({string.Join(",", names)})", "e.occurred_at >= $from", "e.occurred_at < $to" };
        command.Parameters.AddWithValue("$from", SqliteDocumentTables.Time(from));
        command.Parameters.AddWithValue("$to", SqliteDocumentTables.Time(to));
        if (SqliteQueries.DecodeCursor(page.Cursor) is { } cursor && cursor.SortKey.Split('#') is [var at, var seqText] && int.TryParse(seqText, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            where.Add("(e.occurred_at, e.transaction_id, e.seq) > ($cursorAt, $cursorId, $cursorSeq)");
            command.Parameters.AddWithValue("$cursorAt", at);
            command.Parameters.AddWithValue("$cursorId", cursor.Id);
            command.Parameters.AddWithValue("$cursorSeq", seq);
        }

        command.CommandText = "SELECT e.transaction_id, e.seq, e.account, e.amount, e.currency, e.occurred_at, t.body FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id " +
                              $"WHERE {string.Join(" AND ", where)} ORDER BY e.occurred_at, e.transaction_id, e.seq LIMIT $limit";
        command.Parameters.AddWithValue("$limit", page.Limit + 1);
        var lines = new List<LedgerLine>();
        string? next = null;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (lines.Count == page.Limit)
            {
                var last = lines[^1];
                next = SqliteQueries.EncodeCursor($"{SqliteDocumentTables.Time(last.OccurredAt)}#{last.Sequence}", last.TransactionId);
                break;
            }

            var transaction = JsonSerializer.Deserialize<LedgerTransaction>(reader.GetString(6), JsonDefaults.Options)!;
            var sequence = reader.GetInt32(1);
            lines.Add(new LedgerLine(
                transaction.Id, sequence, transaction.Kind, transaction.Description, LedgerAccount.Parse(reader.GetString(2)),
                new Money(reader.GetInt64(3), Currency.Parse(reader.GetString(4))), transaction.Entries[sequence].Memo, transaction.OccurredAt, transaction.References));
        }

        return new Page<LedgerLine>(lines, next);
    }

    public async Task<IReadOnlyList<(LedgerAccount Account, Money Balance)>> BalancesOfKindAsync(LedgerAccountKind kind, CancellationToken cancellationToken)
    {
        var name = Name(kind);
        return await ReadBalancesAsync("WHERE account = $name OR account LIKE $prefix ESCAPE '\\'", command =>
        {
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$prefix", name.Replace("_", "\\_", StringComparison.Ordinal) + ":%");
        }, cancellationToken);
    }

    public Task<IReadOnlyList<(LedgerAccount Account, Money Balance)>> TrialBalanceAsync(CancellationToken cancellationToken) =>
        ReadBalancesAsync("", _ => { }, cancellationToken);

    private static string Name(LedgerAccountKind kind) => kind switch
    {
        LedgerAccountKind.ExpertPayable => LedgerAccount.ExpertPayable(new ExpertId("x")).Key[..^2],
        LedgerAccountKind.AmbassadorPayable => LedgerAccount.AmbassadorPayable(new UserId("x")).Key[..^2],
        _ => Platform(kind).Key,
    };

    private static LedgerAccount Platform(LedgerAccountKind kind) => kind switch
    {
        LedgerAccountKind.CustomerFunds => LedgerAccount.CustomerFunds,
        LedgerAccountKind.Refunds => LedgerAccount.Refunds,
        LedgerAccountKind.Disputes => LedgerAccount.Disputes,
        LedgerAccountKind.PlatformCommission => LedgerAccount.PlatformCommission,
        LedgerAccountKind.PlatformSubscriptions => LedgerAccount.PlatformSubscriptions,
        LedgerAccountKind.PayoutsInTransit => LedgerAccount.PayoutsInTransit,
        LedgerAccountKind.Suspense => LedgerAccount.Suspense,
        _ => LedgerAccount.CurrencyConversion,
    };

    private async Task<IReadOnlyList<(LedgerAccount Account, Money Balance)>> ReadBalancesAsync(string where, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT account, currency, SUM(amount) FROM ledger_entries {where} GROUP BY account, currency HAVING SUM(amount) != 0 ORDER BY account, currency";
        bind(command);
        var balances = new List<(LedgerAccount, Money)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            balances.Add((LedgerAccount.Parse(reader.GetString(0)), new Money(reader.GetInt64(2), Currency.Parse(reader.GetString(1)))));
        }

        return balances;
    }
}

/// <summary>The money lookups on the indexed columns of the payments, payouts, disputes and subscriptions tables.</summary>
public sealed class SqlitePaymentQueries(SqliteDatabase database) : IPaymentQueries
{
    public Task<CustomerPayment?> FindByProviderPaymentIdAsync(string providerPaymentId, CancellationToken cancellationToken) =>
        FirstAsync<CustomerPayment>("SELECT body FROM payments WHERE provider_payment_id = $p", providerPaymentId, cancellationToken);

    public async Task<IReadOnlyList<PaymentId>> DueForReviewAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM payments WHERE review_at IS NOT NULL AND review_at <= $now ORDER BY review_at LIMIT $limit";
        command.Parameters.AddWithValue("$now", SqliteDocumentTables.Time(now));
        command.Parameters.AddWithValue("$limit", limit);
        var ids = new List<PaymentId>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(new PaymentId(reader.GetString(0)));
        }

        return ids;
    }

    public Task<Page<CustomerPayment>> ListCapturedAsync(UserId customer, PageRequest page, CancellationToken cancellationToken) =>
        PageAsync<CustomerPayment>("payments", "customer_id = $owner AND captured_at IS NOT NULL", "captured_at", customer.Value, page, cancellationToken);

    public Task<PaymentProfile?> FindProfileByProviderCustomerAsync(string providerCustomerId, CancellationToken cancellationToken) =>
        FirstAsync<PaymentProfile>("SELECT body FROM payment_profiles WHERE provider_customer_id = $p", providerCustomerId, cancellationToken);

    public Task<PayoutAccount?> FindPayoutAccountAsync(string connectedAccountId, CancellationToken cancellationToken) =>
        FirstAsync<PayoutAccount>("SELECT body FROM payout_accounts WHERE connected_account_id = $p", connectedAccountId, cancellationToken);

    public Task<Payout?> FindPayoutByTransferAsync(string transferId, CancellationToken cancellationToken) =>
        FirstAsync<Payout>("SELECT body FROM payouts WHERE transfer_id = $p", transferId, cancellationToken);

    public async Task<IReadOnlyList<Payout>> PayoutsAsync(PayoutState state, string? connectedAccountId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM payouts WHERE state = $state" + (connectedAccountId is null ? "" : " AND connected_account_id = $account") + " ORDER BY created_at LIMIT $limit";
        command.Parameters.AddWithValue("$state", state.ToString());
        command.Parameters.AddWithValue("$account", (object?)connectedAccountId ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        return await SqliteQueries.ReadDocumentsAsync<Payout>(command, cancellationToken);
    }

    public async Task<IReadOnlyList<Payout>> InTransitAsync(ExpertId expert, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM payouts WHERE expert_id = $expert AND state = $state ORDER BY created_at DESC, id LIMIT 50";
        command.Parameters.AddWithValue("$expert", expert.Value);
        command.Parameters.AddWithValue("$state", PayoutState.InTransit.ToString());
        return await SqliteQueries.ReadDocumentsAsync<Payout>(command, cancellationToken);
    }

    public Task<Page<Payout>> ListPayoutsAsync(ExpertId expert, PageRequest page, CancellationToken cancellationToken) =>
        PageAsync<Payout>("payouts", "expert_id = $owner", "created_at", expert.Value, page, cancellationToken);

    public async Task<Page<DisputeCase>> ListDisputesAsync(bool? open, PageRequest page, CancellationToken cancellationToken)
    {
        var filter = open switch
        {
            true => $"outcome = '{DisputeOutcome.Open}'",
            false => $"outcome != '{DisputeOutcome.Open}'",
            null => "1 = 1",
        };
        return await PageAsync<DisputeCase>("dispute_cases", filter, "opened_at", null, page, cancellationToken);
    }

    public async Task<IReadOnlyList<SubscriptionId>> DueSubscriptionsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM subscriptions WHERE due_at IS NOT NULL AND due_at <= $now ORDER BY due_at LIMIT $limit";
        command.Parameters.AddWithValue("$now", SqliteDocumentTables.Time(now));
        command.Parameters.AddWithValue("$limit", limit);
        var ids = new List<SubscriptionId>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(new SubscriptionId(reader.GetString(0)));
        }

        return ids;
    }

    private async Task<T?> FirstAsync<T>(string sql, string value, CancellationToken cancellationToken)
        where T : class
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql + " LIMIT 1";
        command.Parameters.AddWithValue("$p", value);
        var found = await SqliteQueries.ReadDocumentsAsync<T>(command, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>Newest first by a time column, keyset-paged on (time, id).</summary>
    private async Task<Page<T>> PageAsync<T>(string table, string filter, string timeColumn, string? owner, PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = filter;
        if (owner is not null)
        {
            command.Parameters.AddWithValue("$owner", owner);
        }

        if (SqliteQueries.DecodeCursor(page.Cursor) is { } cursor)
        {
            where += $" AND ({timeColumn} < $cursorTime OR ({timeColumn} = $cursorTime AND id > $cursorId))";
            command.Parameters.AddWithValue("$cursorTime", cursor.SortKey);
            command.Parameters.AddWithValue("$cursorId", cursor.Id);
        }

        command.CommandText = $"SELECT body, {timeColumn}, id FROM {table} WHERE {where} ORDER BY {timeColumn} DESC, id LIMIT $limit";
        command.Parameters.AddWithValue("$limit", page.Limit + 1);
        return await SqliteQueries.ReadPageAsync<T>(command, page.Limit, cancellationToken);
    }
}
