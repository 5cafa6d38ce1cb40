using System.Globalization;
using System.Runtime.CompilerServices;
using Headstore.Application.Ambassadors;
using Headstore.Application.Common;
using Headstore.Application.Payouts;
using Headstore.Application.Reports;
using Headstore.Application.Scheduling;
using Headstore.Application.Support;
using Headstore.Domain.Ambassadors;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Reports;
using Headstore.Domain.Scheduling;
using Headstore.Domain.Support;
using Microsoft.Data.Sqlite;

namespace Headstore.Infrastructure.Persistence.Sqlite;

/// <summary>The tables of scheduled runs, payment reports, referrals and question SLAs (migration 7), registered once.</summary>
public static class SqliteScheduledWorkTables
{
    private static readonly object Gate = new();
    private static bool registered;

    public static void Register()
    {
        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            SqliteDocumentTables.Register<ScheduledRun>("scheduled_runs", r => [("job", r.Job), ("slot", r.Slot), ("enumerated_at", r.EnumeratedAt is { } at ? SqliteDocumentTables.Time(at) : null)]);
            SqliteDocumentTables.Register<PaymentReport>("payment_reports", r => [("owner_id", r.OwnerId.Value), ("period", r.Period)]);
            SqliteDocumentTables.Register<ReferralCode>("referral_codes", c => [("ambassador_id", c.AmbassadorId.Value), ("created_at", SqliteDocumentTables.Time(c.CreatedAt))]);
            SqliteDocumentTables.Register<ExpertReferral>("expert_referrals", r => [("ambassador_id", r.AmbassadorId.Value), ("claimed_at", SqliteDocumentTables.Time(r.ClaimedAt))]);
            SqliteDocumentTables.Register<QuestionSla>("question_sla", s =>
            [
                ("plan_id", s.PlanId),
                ("priority", s.Terms.Priority),
                ("category_id", s.CategoryId.Value),
                ("language", s.Language),
                ("asker_id", s.AskerId.Value),
                ("min_rating", s.Terms.MinimumExpertRating is { } rating ? (double)rating : null),
                ("asked_at", SqliteDocumentTables.Time(s.AskedAt)),
                ("due_at", SqliteDocumentTables.Time(s.DueAt)),
                ("answered_at", s.FirstAnsweredAt is { } answered ? SqliteDocumentTables.Time(answered) : null),
                ("closed_at", s.ClosedAt is { } closed ? SqliteDocumentTables.Time(closed) : null),
                ("waiting", s.IsWaiting ? 1 : 0),
                ("breached", s.BreachedAt is null ? 0 : 1),
            ]);
            registered = true;
        }
    }

    /// <summary>Reads a time written by <see cref="SqliteDocumentTables.Time"/> (fixed format, UTC), quickly: report lines read many.</summary>
    internal static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

/// <summary>
/// The payable accounts of the ledger projection, in key order: every ambassador payable, then every expert payable
/// (the two key ranges, so the scan never walks platform accounts with their millions of entries).
/// </summary>
internal static class PayableRanges
{
    public static readonly (string Low, string High)[] All =
    [
        (LedgerAccount.AmbassadorPayable(new UserId("x")).Key[..^1], LedgerAccount.AmbassadorPayable(new UserId("x")).Key[..^2] + ";"),
        (LedgerAccount.ExpertPayable(new ExpertId("x")).Key[..^1], LedgerAccount.ExpertPayable(new ExpertId("x")).Key[..^2] + ";"),
    ];

    public static string Cursor(string account, string currency) => $"{account}\n{currency}";

    public static (string Account, string Currency) Parse(string? cursor) =>
        cursor?.Split('\n') is [var account, var currency] ? (account, currency) : (cursor ?? "", "");
}

public sealed class SqliteScheduledRunQueries(SqliteDatabase database) : IScheduledRunQueries
{
    public async Task<IReadOnlyList<ScheduledRun>> UnfinishedAsync(string job, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM scheduled_runs WHERE job = $job AND enumerated_at IS NULL ORDER BY slot LIMIT $limit";
        command.Parameters.AddWithValue("$job", job);
        command.Parameters.AddWithValue("$limit", limit);
        return await SqliteQueries.ReadDocumentsAsync<ScheduledRun>(command, cancellationToken);
    }
}

public sealed class SqlitePayoutQueries(SqliteDatabase database) : IPayoutQueries
{
    public async Task<(IReadOnlyList<OwedAccount> Accounts, string? Cursor)> OwedAccountsAsync(string? afterCursor, int limit, CancellationToken cancellationToken)
    {
        var (afterAccount, afterCurrency) = PayableRanges.Parse(afterCursor);
        var accounts = new List<OwedAccount>(limit);
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var (low, high) in PayableRanges.All)
        {
            if (accounts.Count >= limit || string.CompareOrdinal(afterAccount, high) >= 0)
            {
                continue;
            }

            var (fromAccount, fromCurrency) = string.CompareOrdinal(afterAccount, low) > 0 ? (afterAccount, afterCurrency) : (low, "");
            await using var command = connection.CreateCommand();

            // Credits are negative: an account owed money has a negative signed balance. The (account, currency, amount)
            // index covers the scan, and grouping in its order lets LIMIT stop early.
            command.CommandText = """
                SELECT account, currency, SUM(amount) FROM ledger_entries
                WHERE account > $low AND account < $high AND (account, currency) > ($account, $currency)
                GROUP BY account, currency HAVING SUM(amount) < 0 ORDER BY account, currency LIMIT $limit
                """;
            command.Parameters.AddWithValue("$low", low);
            command.Parameters.AddWithValue("$high", high);
            command.Parameters.AddWithValue("$account", fromAccount);
            command.Parameters.AddWithValue("$currency", fromCurrency);
            command.Parameters.AddWithValue("$limit", limit - accounts.Count);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var account = LedgerAccount.Parse(reader.GetString(0));
                accounts.Add(new OwedAccount(account, account.InNormalDirection(new Money(reader.GetInt64(2), Currency.Parse(reader.GetString(1))))));
            }
        }

        var cursor = accounts.Count == 0 ? afterCursor : PayableRanges.Cursor(accounts[^1].Account.Key, accounts[^1].Owed.Currency.Code);
        return (accounts, cursor);
    }

    public async Task<IReadOnlyList<PayoutWeekCount>> WeekAsync(string week, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT state, json_extract(body, '$.amount.currency'), COUNT(*), SUM(json_extract(body, '$.amount.amount'))
            FROM payouts WHERE json_extract(body, '$.week') = $week GROUP BY state, json_extract(body, '$.amount.currency')
            """;
        command.Parameters.AddWithValue("$week", week);
        var counts = new List<PayoutWeekCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new PayoutWeekCount(Enum.Parse<PayoutState>(reader.GetString(0)), Currency.Parse(reader.GetString(1)), reader.GetInt32(2), reader.GetInt64(3)));
        }

        return counts;
    }

    public async Task<IReadOnlyList<Payout>> PendingBeforeAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM payouts WHERE state = $state AND created_at < $before ORDER BY created_at LIMIT $limit";
        command.Parameters.AddWithValue("$state", PayoutState.Pending.ToString());
        command.Parameters.AddWithValue("$before", SqliteDocumentTables.Time(before));
        command.Parameters.AddWithValue("$limit", limit);
        return await SqliteQueries.ReadDocumentsAsync<Payout>(command, cancellationToken);
    }
}

/// <summary>Payment report lines streamed from the ledger projection with a data reader, one row at a time.</summary>
public sealed class SqlitePaymentReportSource(SqliteDatabase database) : IPaymentReportSource
{
    private static readonly string ChargePrefix = CustomerPayment.ChargeKey(new PaymentId("x"))[..^1];

    public async IAsyncEnumerable<PaymentReportLine> LinesAsync(UserId owner, DateTimeOffset from, DateTimeOffset to, bool withText, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // The payment of a charge is found by the charge posting's id (charge:{paymentId}), its purpose read by SQLite
        // from the payment's JSON; description and memo likewise, only when the lines are written out. Nothing is
        // deserialised here, and nothing but the current row is held.
        var text = withText ? "json_extract(t.body, '$.description'), json_extract(t.body, '$.entries[' || e.seq || '].memo')" : "NULL, NULL";
        command.CommandText = $"""
            SELECT e.occurred_at, e.transaction_id, e.seq, e.account, e.currency, e.amount, t.kind, {text}, json_extract(p.body, '$.purpose')
            FROM ledger_entries e
            JOIN ledger_transactions t ON t.id = e.transaction_id
            LEFT JOIN payments p INDEXED BY payments_purpose ON t.kind = 'CustomerCharge' AND p.id = substr(e.transaction_id, {ChargePrefix.Length + 1})
            WHERE e.account IN ($expert, $ambassador) AND e.occurred_at >= $from AND e.occurred_at < $to
            ORDER BY e.occurred_at, e.transaction_id, e.seq
            """;
        command.Parameters.AddWithValue("$expert", LedgerAccount.ExpertPayable(ExpertId.For(owner)).Key);
        command.Parameters.AddWithValue("$ambassador", LedgerAccount.AmbassadorPayable(owner).Key);
        command.Parameters.AddWithValue("$from", SqliteDocumentTables.Time(from));
        command.Parameters.AddWithValue("$to", SqliteDocumentTables.Time(to));
        var accounts = new Dictionary<string, LedgerAccount>(2, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetString(3);
            if (!accounts.TryGetValue(key, out var account))
            {
                account = LedgerAccount.Parse(key);
                accounts[key] = account;
            }

            var signed = new Money(reader.GetInt64(5), Currency.Parse(reader.GetString(4)));
            PaymentPurpose? purpose = reader.IsDBNull(9) ? null : Enum.Parse<PaymentPurpose>(reader.GetString(9), ignoreCase: true);
            yield return new PaymentReportLine(
                SqliteScheduledWorkTables.ParseTime(reader.GetString(0)), reader.GetString(1), reader.GetInt32(2), Enum.Parse<LedgerTransactionKind>(reader.GetString(6)),
                account, account.InNormalDirection(signed), reader.IsDBNull(7) ? "" : reader.GetString(7), reader.IsDBNull(8) ? "" : reader.GetString(8), purpose);
        }
    }

    public async IAsyncEnumerable<PaymentReportGroup> GroupsAsync(UserId owner, MonthPeriod period, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // Times are fixed-width ISO text, so characters 9-10 are the day of the month.
        command.CommandText = $"""
            SELECT CAST(substr(e.occurred_at, 9, 2) AS INTEGER) - 1, t.kind, e.account, e.currency, e.amount > 0, json_extract(p.body, '$.purpose'), SUM(e.amount), COUNT(*)
            FROM ledger_entries e
            JOIN ledger_transactions t INDEXED BY ledger_transactions_kind ON t.id = e.transaction_id
            LEFT JOIN payments p INDEXED BY payments_purpose ON t.kind = 'CustomerCharge' AND p.id = substr(e.transaction_id, {ChargePrefix.Length + 1})
            WHERE e.account IN ($expert, $ambassador) AND e.occurred_at >= $from AND e.occurred_at < $to
            GROUP BY 1, 2, 3, 4, 5, 6
            """;
        command.Parameters.AddWithValue("$expert", LedgerAccount.ExpertPayable(ExpertId.For(owner)).Key);
        command.Parameters.AddWithValue("$ambassador", LedgerAccount.AmbassadorPayable(owner).Key);
        command.Parameters.AddWithValue("$from", SqliteDocumentTables.Time(period.Start));
        command.Parameters.AddWithValue("$to", SqliteDocumentTables.Time(period.End));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var account = LedgerAccount.Parse(reader.GetString(2));
            var currency = Currency.Parse(reader.GetString(3));
            var signedRaises = reader.GetInt64(4) == 1;
            PaymentPurpose? purpose = reader.IsDBNull(5) ? null : Enum.Parse<PaymentPurpose>(reader.GetString(5), ignoreCase: true);
            var owed = account.InNormalDirection(new Money(reader.GetInt64(6), currency));

            // Debits are positive: a positive entry raises what is owed only on a debit-normal account (none here).
            var raises = account.NormalSide == NormalSide.Debit ? signedRaises : !signedRaises;
            yield return new PaymentReportGroup(reader.GetInt32(0), Enum.Parse<LedgerTransactionKind>(reader.GetString(1)), account, currency, raises, purpose, owed.Minor, reader.GetInt32(7));
        }
    }

    public async Task<(IReadOnlyList<UserId> Owners, string? Cursor, bool IsLast)> OwnersAsync(MonthPeriod period, string? afterCursor, int limit, CancellationToken cancellationToken)
    {
        var owners = new List<UserId>(limit);
        var cursor = afterCursor ?? "";
        await using var connection = await database.OpenAsync(cancellationToken);

        // Account by account in key order, each step an index seek (the next key of the (account, occurred_at) index), so a
        // page costs a few seeks per payee instead of a scan of everyone's entries. A payee gets a report when they had
        // a line in the month, or (looked at only when they had none) money owed either way at its end.
        await using var next = connection.CreateCommand();
        next.CommandText = "SELECT account FROM ledger_entries WHERE account > $after AND account < $high ORDER BY account LIMIT 1";
        var after = next.Parameters.Add("$after", SqliteType.Text);
        var high = next.Parameters.Add("$high", SqliteType.Text);
        await using var active = connection.CreateCommand();
        active.CommandText = """
            SELECT EXISTS (SELECT 1 FROM ledger_entries WHERE account = $account AND occurred_at >= $start AND occurred_at < $end)
                OR EXISTS (SELECT 1 FROM ledger_entries WHERE account = $account AND occurred_at < $end GROUP BY currency HAVING SUM(amount) != 0)
            """;
        var account = active.Parameters.Add("$account", SqliteType.Text);
        active.Parameters.AddWithValue("$start", SqliteDocumentTables.Time(period.Start));
        active.Parameters.AddWithValue("$end", SqliteDocumentTables.Time(period.End));
        foreach (var (low, rangeEnd) in PayableRanges.All)
        {
            after.Value = string.CompareOrdinal(cursor, low) > 0 ? cursor : low;
            high.Value = rangeEnd;
            while (owners.Count < limit && await next.ExecuteScalarAsync(cancellationToken) is string key)
            {
                account.Value = key;
                if (Convert.ToInt64(await active.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 1)
                {
                    owners.Add(new UserId(LedgerAccount.Parse(key).Owner!));
                }

                cursor = key;
                after.Value = key;
            }
        }

        return (owners, cursor, owners.Count < limit);
    }
}

public sealed class SqliteAmbassadorQueries(SqliteDatabase database) : IAmbassadorQueries
{
    public Task<IReadOnlyList<ReferralCode>> CodesAsync(UserId ambassador, CancellationToken cancellationToken) =>
        ListAsync<ReferralCode>("SELECT body FROM referral_codes WHERE ambassador_id = $a ORDER BY created_at, id LIMIT 1000", ambassador, cancellationToken);

    public Task<IReadOnlyList<ExpertReferral>> ReferralsAsync(UserId ambassador, CancellationToken cancellationToken) =>
        ListAsync<ExpertReferral>("SELECT body FROM expert_referrals WHERE ambassador_id = $a ORDER BY claimed_at, id LIMIT 10000", ambassador, cancellationToken);

    public async Task<IReadOnlyList<(ExpertId Expert, Money Earned)>> EarningsByExpertAsync(UserId ambassador, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // Each ambassador line sits in the charge (or refund, dispute) of one expert's payment: that expert is the one
        // whose payable the same transaction touches.
        command.CommandText = """
            SELECT (SELECT x.account FROM ledger_entries x WHERE x.transaction_id = e.transaction_id AND x.account > $expertLow AND x.account < $expertHigh LIMIT 1) AS expert,
                   e.currency, SUM(e.amount)
            FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
            WHERE e.account = $account AND e.occurred_at >= $from AND e.occurred_at < $to AND t.kind NOT IN ('PayoutSent', 'PayoutFailed', 'TransferReversal')
            GROUP BY expert, e.currency
            """;
        command.Parameters.AddWithValue("$account", LedgerAccount.AmbassadorPayable(ambassador).Key);
        command.Parameters.AddWithValue("$expertLow", PayableRanges.All[1].Low);
        command.Parameters.AddWithValue("$expertHigh", PayableRanges.All[1].High);
        command.Parameters.AddWithValue("$from", SqliteDocumentTables.Time(from));
        command.Parameters.AddWithValue("$to", SqliteDocumentTables.Time(to));
        var earnings = new List<(ExpertId, Money)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(0) && reader.GetInt64(2) != 0)
            {
                earnings.Add((new ExpertId(LedgerAccount.Parse(reader.GetString(0)).Owner!), new Money(-reader.GetInt64(2), Currency.Parse(reader.GetString(1)))));
            }
        }

        return earnings;
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>(string sql, UserId ambassador, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$a", ambassador.Value);
        return await SqliteQueries.ReadDocumentsAsync<T>(command, cancellationToken);
    }
}

public sealed class SqliteSupportQueries(SqliteDatabase database) : ISupportQueries
{
    public async Task<Page<QuestionSla>> QueueAsync(ExpertQueueFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        if (filter.Categories.Count == 0 || filter.Languages.Count == 0)
        {
            return new Page<QuestionSla>([], null);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var categories = filter.Categories.Select((c, i) => Bind(command, $"$c{i}", c.Value)).ToArray();
        var languages = filter.Languages.Select((l, i) => Bind(command, $"$l{i}", l)).ToArray();
        var where = new List<string>
        {
            "s.waiting = 1",
            $"s.category_id IN ({string.Join(",", categories)})",
            $"s.language IN ({string.Join(",", languages)})",
            "s.asker_id != $me",

            // A premium plan's minimum rating holds until the deadline; then every expert may take the question.
            "(s.min_rating IS NULL OR s.min_rating <= $rating OR s.due_at <= $now)",
        };
        command.Parameters.AddWithValue("$me", filter.Expert.Value);
        command.Parameters.AddWithValue("$rating", filter.Rating is { } rating ? (double)rating : 0d);
        command.Parameters.AddWithValue("$now", SqliteDocumentTables.Time(filter.Now));
        if (SqliteQueries.DecodeCursor(page.Cursor) is { } cursor && cursor.SortKey.Split('|') is [var due, var priorityText, var asked]
            && int.TryParse(priorityText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var priority))
        {
            where.Add("(s.due_at > $cd OR (s.due_at = $cd AND (s.priority < $cp OR (s.priority = $cp AND (s.asked_at > $ca OR (s.asked_at = $ca AND s.id > $ci))))))");
            command.Parameters.AddWithValue("$cd", due);
            command.Parameters.AddWithValue("$cp", priority);
            command.Parameters.AddWithValue("$ca", asked);
            command.Parameters.AddWithValue("$ci", cursor.Id);
        }

        command.CommandText = $"""
            SELECT s.body, s.due_at || '|' || s.priority || '|' || s.asked_at, s.id
            FROM question_sla s JOIN questions q ON q.id = s.id AND q.status = 'Open'
            WHERE {string.Join(" AND ", where)}
            ORDER BY s.due_at, s.priority DESC, s.asked_at, s.id LIMIT $limit
            """;
        command.Parameters.AddWithValue("$limit", page.Limit + 1);
        return await SqliteQueries.ReadPageAsync<QuestionSla>(command, page.Limit, cancellationToken);
    }

    public async Task<IReadOnlyList<QuestionSla>> DueBreachesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT s.body FROM question_sla s JOIN questions q ON q.id = s.id AND q.status = 'Open'
            WHERE s.waiting = 1 AND s.breached = 0 AND s.due_at <= $now ORDER BY s.due_at LIMIT $limit
            """;
        command.Parameters.AddWithValue("$now", SqliteDocumentTables.Time(now));
        command.Parameters.AddWithValue("$limit", limit);
        return await SqliteQueries.ReadDocumentsAsync<QuestionSla>(command, cancellationToken);
    }

    public async IAsyncEnumerable<SlaSample> SamplesAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT plan_id, asked_at, due_at, answered_at, closed_at FROM question_sla WHERE asked_at >= $from AND asked_at < $to";
        command.Parameters.AddWithValue("$from", SqliteDocumentTables.Time(from));
        command.Parameters.AddWithValue("$to", SqliteDocumentTables.Time(to));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new SlaSample(
                reader.GetString(0), SqliteScheduledWorkTables.ParseTime(reader.GetString(1)), SqliteScheduledWorkTables.ParseTime(reader.GetString(2)),
                reader.IsDBNull(3) ? null : SqliteScheduledWorkTables.ParseTime(reader.GetString(3)), reader.IsDBNull(4) ? null : SqliteScheduledWorkTables.ParseTime(reader.GetString(4)));
        }
    }

    private static string Bind(SqliteCommand command, string name, string value)
    {
        command.Parameters.AddWithValue(name, value);
        return name;
    }
}
