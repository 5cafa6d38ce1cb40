using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Headstore.Application.Ambassadors;
using Headstore.Application.Common;
using Headstore.Application.Ledger;
using Headstore.Application.Payouts;
using Headstore.Application.Reports;
using Headstore.Application.Scheduling;
using Headstore.Application.Support;
using Headstore.Domain.Ambassadors;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Questions;
using Headstore.Domain.Reports;
using Headstore.Domain.Scheduling;
using Headstore.Domain.Support;
using Headstore.Infrastructure.Persistence.Sqlite;
using Headstore.Infrastructure.Serialization;
using Microsoft.Azure.Cosmos;

namespace Headstore.Infrastructure.Persistence.Cosmos;

/// <summary>A job's unfinished runs: one single-partition query in the job's partition of the system container.</summary>
public sealed class CosmosScheduledRunQueries(CosmosDatabase database) : IScheduledRunQueries
{
    private static readonly CosmosDocumentType Runs = CosmosDocumentTypes.For(typeof(ScheduledRun));

    public async Task<IReadOnlyList<ScheduledRun>> UnfinishedAsync(string job, int limit, CancellationToken cancellationToken)
    {
        var partition = CosmosScheduledWorkTypes.RunsPartition(job);

        // idx.unfinished is the slot while the enumeration is under way and null after: null never compares greater.
        var query = new QueryDefinition("SELECT TOP @limit c.body FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.unfinished > @empty ORDER BY c.idx.unfinished")
            .WithParameter("@limit", limit).WithParameter("@pk", partition).WithParameter("@type", Runs.Kind).WithParameter("@empty", "");
        var rows = await database.QueryPartitionAsync(database.Container(Runs.Container), partition, query, cancellationToken);
        return rows.Select(CosmosPaging.Body<ScheduledRun>).ToArray();
    }
}

/// <summary>
/// The payable accounts of the ledger's entry views ("ledger" container, one partition per person's account), found in
/// key order with a skip scan: the next account after the cursor is one cross-partition <c>TOP 1 … ORDER BY c.pk</c>
/// query (no DISTINCT, which the test server lacks), and each account's balances are single-partition queries.
/// </summary>
internal sealed class CosmosPayableAccounts(CosmosDatabase database)
{
    private static readonly string EntryType = CosmosDocuments.ViewType(CosmosMoneyTypes.LedgerEntryKind);

    /// <summary>The next expert or ambassador payable account with entries after <paramref name="after"/>, in key order (ambassador payables sort first).</summary>
    public async Task<LedgerAccount?> NextAsync(string after, CrossPartitionPath path, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT TOP 1 VALUE c.pk FROM c WHERE c.type = @type AND (c.idx.kind = @ambassador OR c.idx.kind = @expert) AND c.pk > @after ORDER BY c.pk")
            .WithParameter("@type", EntryType).WithParameter("@after", after)
            .WithParameter("@ambassador", CosmosMoneyTypes.KindName(LedgerAccountKind.AmbassadorPayable))
            .WithParameter("@expert", CosmosMoneyTypes.KindName(LedgerAccountKind.ExpertPayable));
        var rows = await database.QueryAcrossPartitionsAsync(database.Container(CosmosMoneyTypes.LedgerContainer), path, query, cancellationToken);
        return rows.Count > 0 && rows[0].ValueKind == JsonValueKind.String ? LedgerAccount.Parse(rows[0].GetString()!) : null;
    }

    /// <summary>Whether a person's account has a line in [from, to): one single-partition TOP 1 query.</summary>
    public async Task<bool> HasLinesAsync(LedgerAccount account, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT TOP 1 VALUE c.id FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.at >= @from AND c.idx.at < @to")
            .WithParameter("@pk", account.Key).WithParameter("@type", EntryType)
            .WithParameter("@from", CosmosDocumentTypes.Time(from)).WithParameter("@to", CosmosDocumentTypes.Time(to));
        return (await database.QueryPartitionAsync(database.Container(CosmosMoneyTypes.LedgerContainer), account.Key, query, cancellationToken)).Count > 0;
    }

    /// <summary>
    /// One person's account's entries in [from, to) after the sort key <paramref name="after"/>, oldest first, read page by
    /// page (keyset on idx.sort): what a caller streams, never a month at once.
    /// </summary>
    public async IAsyncEnumerable<JsonElement> EntriesAsync(LedgerAccount account, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int pageSize = 200;
        var after = "";
        while (true)
        {
            var query = new QueryDefinition(
                "SELECT TOP @limit c.body, c.idx.sort, c.idx.expert FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.sort >= @from AND c.idx.sort < @to AND c.idx.sort > @after ORDER BY c.idx.sort")
                .WithParameter("@limit", pageSize).WithParameter("@pk", account.Key).WithParameter("@type", EntryType)
                .WithParameter("@from", CosmosDocumentTypes.Time(from)).WithParameter("@to", CosmosDocumentTypes.Time(to)).WithParameter("@after", after);
            var rows = await database.QueryPartitionAsync(database.Container(CosmosMoneyTypes.LedgerContainer), account.Key, query, cancellationToken);
            foreach (var row in rows)
            {
                yield return row;
            }

            if (rows.Count < pageSize)
            {
                yield break;
            }

            after = rows[^1].GetProperty("sort").GetString()!;
        }
    }
}

/// <summary>
/// The weekly payout run on Cosmos DB. Its enumeration of payable accounts is a batch path (a skip scan, then each
/// account's balances in its partition); the admin's week view and the pending-payout sweep are cross-partition
/// queries on the payouts (named paths), keyset-paged.
/// </summary>
public sealed class CosmosPayoutQueries(CosmosDatabase database, ILedgerQueries ledger) : IPayoutQueries
{
    private static readonly CosmosDocumentType Payouts = CosmosDocumentTypes.For(typeof(Payout));
    private readonly CosmosPayableAccounts payables = new(database);

    /// <summary>Batch path (<see cref="CrossPartitionPath.LedgerPayablesBatch"/>): (account, currency) pairs owed money, in key order after the cursor.</summary>
    public async Task<(IReadOnlyList<OwedAccount> Accounts, string? Cursor)> OwedAccountsAsync(string? afterCursor, int limit, CancellationToken cancellationToken)
    {
        var (afterAccount, afterCurrency) = PayableRanges.Parse(afterCursor);
        var accounts = new List<OwedAccount>(limit);

        // A page can end inside an account's currencies: the cursor's account is looked at again for the currencies after it.
        var account = afterAccount.Length > 0 && afterCurrency.Length > 0 ? LedgerAccount.Parse(afterAccount) : await payables.NextAsync(afterAccount, CrossPartitionPath.LedgerPayablesBatch, cancellationToken);
        while (account is { } current && accounts.Count < limit)
        {
            foreach (var balance in await ledger.BalancesAsync(current, null, cancellationToken))
            {
                var skipped = current.Key == afterAccount && string.CompareOrdinal(balance.Currency.Code, afterCurrency) <= 0;
                if (!skipped && balance.Minor < 0 && accounts.Count < limit)
                {
                    accounts.Add(new OwedAccount(current, current.InNormalDirection(balance)));
                }
            }

            if (accounts.Count >= limit)
            {
                break;
            }

            account = await payables.NextAsync(current.Key, CrossPartitionPath.LedgerPayablesBatch, cancellationToken);
        }

        var cursor = accounts.Count == 0 ? afterCursor : PayableRanges.Cursor(accounts[^1].Account.Key, accounts[^1].Owed.Currency.Code);
        return (accounts, cursor);
    }

    /// <summary>Admin path (<see cref="CrossPartitionPath.AdminPayoutWeek"/>): the week's payouts, keyset-paged by id and counted here (no GROUP BY).</summary>
    public async Task<IReadOnlyList<PayoutWeekCount>> WeekAsync(string week, CancellationToken cancellationToken)
    {
        const int pageSize = 500;
        var counts = new SortedDictionary<(string State, string Currency), (int Count, long Total)>();
        var after = "";
        while (true)
        {
            var query = new QueryDefinition("SELECT TOP @limit c.id, c.idx.state, c.body.amount FROM c WHERE c.type = @type AND c.idx.week = @week AND c.id > @after ORDER BY c.id")
                .WithParameter("@limit", pageSize).WithParameter("@type", Payouts.Kind).WithParameter("@week", week).WithParameter("@after", after);
            var rows = await database.QueryAcrossPartitionsAsync(database.Container(Payouts.Container), CrossPartitionPath.AdminPayoutWeek, query, cancellationToken);
            foreach (var row in rows)
            {
                var amount = row.GetProperty("amount").Deserialize<Money>(JsonDefaults.Options);
                var key = (row.GetProperty("state").GetString()!, amount.Currency.Code);
                var (count, total) = counts.GetValueOrDefault(key);
                counts[key] = (count + 1, total + amount.Minor);
            }

            if (rows.Count < pageSize)
            {
                break;
            }

            after = rows[^1].GetProperty("id").GetString()!;
        }

        return counts.Select(c => new PayoutWeekCount(Enum.Parse<PayoutState>(c.Key.State), Currency.Parse(c.Key.Currency), c.Value.Count, c.Value.Total)).ToArray();
    }

    /// <summary>Batch path (<see cref="CrossPartitionPath.PayoutBatch"/>): pending payouts reserved before a time, oldest first.</summary>
    public async Task<IReadOnlyList<Payout>> PendingBeforeAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT TOP @limit c.body FROM c WHERE c.type = @type AND c.idx.state = @state AND c.idx.created < @before ORDER BY c.idx.created")
            .WithParameter("@limit", limit).WithParameter("@type", Payouts.Kind).WithParameter("@state", PayoutState.Pending.ToString())
            .WithParameter("@before", CosmosDocumentTypes.Time(before));
        var rows = await database.QueryAcrossPartitionsAsync(database.Container(Payouts.Container), CrossPartitionPath.PayoutBatch, query, cancellationToken);
        return rows.Select(CosmosPaging.Body<Payout>).ToArray();
    }
}

/// <summary>
/// Payment report lines from the ledger's entry views: the payee's two accounts (expert payable, ambassador payable) are
/// two partitions, each read page by page in (time, transaction, line) order and merged as they stream, so nothing but a
/// page per account is held. A charge's payment purpose is a point read of its payment (its id is in the transaction
/// id). The month's figures add the streamed lines up here by day and kind (a few dozen groups); the payees of a month
/// are a batch path (<see cref="CrossPartitionPath.ReportPayeesBatch"/>).
/// </summary>
public sealed class CosmosPaymentReportSource(CosmosDatabase database, IDocumentStore store, ILedgerQueries ledger) : IPaymentReportSource
{
    private static readonly string ChargePrefix = CustomerPayment.ChargeKey(new PaymentId("x"))[..^1];
    private readonly CosmosPayableAccounts payables = new(database);

    public async IAsyncEnumerable<PaymentReportLine> LinesAsync(UserId owner, DateTimeOffset from, DateTimeOffset to, bool withText, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        LedgerAccount[] accounts = [LedgerAccount.AmbassadorPayable(owner), LedgerAccount.ExpertPayable(ExpertId.For(owner))];
        var streams = accounts.Select(a => payables.EntriesAsync(a, from, to, cancellationToken).GetAsyncEnumerator(cancellationToken)).ToArray();
        try
        {
            var heads = new JsonElement?[streams.Length];
            for (var i = 0; i < streams.Length; i++)
            {
                heads[i] = await streams[i].MoveNextAsync() ? streams[i].Current : null;
            }

            while (true)
            {
                var next = -1;
                for (var i = 0; i < heads.Length; i++)
                {
                    if (heads[i] is { } head && (next < 0 || string.CompareOrdinal(Sort(head), Sort(heads[next]!.Value)) < 0))
                    {
                        next = i;
                    }
                }

                if (next < 0)
                {
                    yield break;
                }

                var line = CosmosPaging.Body<LedgerLine>(heads[next]!.Value);
                heads[next] = await streams[next].MoveNextAsync() ? streams[next].Current : null;
                yield return new PaymentReportLine(
                    line.OccurredAt, line.TransactionId, line.Sequence, line.Kind, line.Account, line.Account.InNormalDirection(line.Amount),
                    withText ? line.Description : "", withText ? line.Memo ?? "" : "", await PurposeAsync(line, cancellationToken));
            }
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    /// <summary>The month's lines added up by (day, kind, account, currency, direction, purpose) as they stream: only the groups are held.</summary>
    public async IAsyncEnumerable<PaymentReportGroup> GroupsAsync(UserId owner, MonthPeriod period, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var groups = new Dictionary<(int Day, LedgerTransactionKind Kind, string Account, Currency Currency, bool Raises, PaymentPurpose? Purpose), (LedgerAccount Account, long Owed, int Lines)>();
        await foreach (var line in LinesAsync(owner, period.Start, period.End, withText: false, cancellationToken))
        {
            // As SQLite groups them: by the sign of the stored (signed) amount, turned into "raises what is owed".
            var signedRaises = line.Account.NormalSide == NormalSide.Debit ? line.Owed.Minor > 0 : line.Owed.Minor < 0;
            var raises = line.Account.NormalSide == NormalSide.Debit ? signedRaises : !signedRaises;
            var key = (line.OccurredAt.UtcDateTime.Day - 1, line.Kind, line.Account.Key, line.Owed.Currency, raises, line.Purpose);
            var (account, owed, lines) = groups.GetValueOrDefault(key, (line.Account, 0, 0));
            groups[key] = (account, owed + line.Owed.Minor, lines + 1);
        }

        foreach (var (key, value) in groups)
        {
            yield return new PaymentReportGroup(key.Day, key.Kind, value.Account, key.Currency, key.Raises, key.Purpose, value.Owed, value.Lines);
        }
    }

    /// <summary>
    /// Batch path: payable accounts in key order after the cursor (a skip scan), each kept when it has a line in the month
    /// (one TOP 1 query in its partition) or, failing that, a balance either way at the month's end.
    /// </summary>
    public async Task<(IReadOnlyList<UserId> Owners, string? Cursor, bool IsLast)> OwnersAsync(MonthPeriod period, string? afterCursor, int limit, CancellationToken cancellationToken)
    {
        var owners = new List<UserId>(limit);
        var cursor = afterCursor ?? "";
        while (owners.Count < limit && await payables.NextAsync(cursor, CrossPartitionPath.ReportPayeesBatch, cancellationToken) is { } account)
        {
            if (await payables.HasLinesAsync(account, period.Start, period.End, cancellationToken)
                || (await ledger.BalancesAsync(account, period.End, cancellationToken)).Count > 0)
            {
                owners.Add(new UserId(account.Owner!));
            }

            cursor = account.Key;
        }

        return (owners, cursor, owners.Count < limit);
    }

    private static string Sort(JsonElement row) => row.GetProperty("sort").GetString()!;

    private async Task<PaymentPurpose?> PurposeAsync(LedgerLine line, CancellationToken cancellationToken) =>
        line.Kind == LedgerTransactionKind.CustomerCharge && line.TransactionId.StartsWith(ChargePrefix, StringComparison.Ordinal)
            ? (await store.FindAsync<CustomerPayment>(line.TransactionId[ChargePrefix.Length..], cancellationToken))?.Purpose
            : null;
}

/// <summary>
/// An ambassador's codes (a single-partition query in their partition of the commerce container), the experts they
/// referred (their "user:{id}" view partition) and their earnings per referred expert (their ambassador-payable
/// partition of the ledger; each entry carries the expert whose payable the same transaction touches).
/// </summary>
public sealed class CosmosAmbassadorQueries(CosmosDatabase database, IDocumentStore store) : IAmbassadorQueries
{
    private static readonly CosmosDocumentType Codes = CosmosDocumentTypes.For(typeof(ReferralCode));
    private readonly CosmosPayableAccounts payables = new(database);

    public async Task<IReadOnlyList<ReferralCode>> CodesAsync(UserId ambassador, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT TOP 1000 c.body FROM c WHERE c.pk = @pk AND c.type = @type ORDER BY c.idx.sort")
            .WithParameter("@pk", ambassador.Value).WithParameter("@type", Codes.Kind);
        var rows = await database.QueryPartitionAsync(database.Container(Codes.Container), ambassador.Value, query, cancellationToken);
        return rows.Select(CosmosPaging.Body<ReferralCode>).ToArray();
    }

    public async Task<IReadOnlyList<ExpertReferral>> ReferralsAsync(UserId ambassador, CancellationToken cancellationToken)
    {
        var partition = CosmosDocumentTypes.UserPartition(ambassador);
        var query = new QueryDefinition("SELECT TOP 10000 c.body FROM c WHERE c.pk = @pk AND c.type = @type ORDER BY c.idx.sort")
            .WithParameter("@pk", partition).WithParameter("@type", CosmosDocuments.ViewType(CosmosScheduledWorkTypes.ReferralEntryKind));
        var rows = await database.QueryPartitionAsync(database.Container(CosmosDocumentTypes.ViewsContainer), partition, query, cancellationToken);
        return rows.Select(CosmosPaging.Body<ExpertReferral>).ToArray();
    }

    public async Task<IReadOnlyList<(ExpertId Expert, Money Earned)>> EarningsByExpertAsync(UserId ambassador, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var sums = new SortedDictionary<(string Expert, string Currency), long>();
        await foreach (var row in payables.EntriesAsync(LedgerAccount.AmbassadorPayable(ambassador), from, to, cancellationToken))
        {
            var line = CosmosPaging.Body<LedgerLine>(row);
            if (line.Kind is LedgerTransactionKind.PayoutSent or LedgerTransactionKind.PayoutFailed or LedgerTransactionKind.TransferReversal)
            {
                continue;
            }

            var expert = row.TryGetProperty("expert", out var stored) && stored.ValueKind == JsonValueKind.String
                ? stored.GetString()
                : (await store.FindAsync<LedgerTransaction>(line.TransactionId, cancellationToken))?.Entries.FirstOrDefault(e => e.Account.Kind == LedgerAccountKind.ExpertPayable)?.Account.Owner;
            if (expert is not null)
            {
                var key = (expert, line.Amount.Currency.Code);
                sums[key] = sums.GetValueOrDefault(key) + line.Amount.Minor;
            }
        }

        return sums.Where(s => s.Value != 0).Select(s => (new ExpertId(s.Key.Expert), new Money(-s.Value, Currency.Parse(s.Key.Currency)))).ToArray();
    }
}

/// <summary>
/// The experts' queue, the breach sweep and the SLA figures, all single-partition queries on the "sla-queue" partition of
/// the views container (one <c>view:SlaQueueEntry</c> per question, carrying the SLA record and the queue's filters and
/// sort key). The question must still be open, as SQLite's join says: checked with point reads of the page's questions.
/// </summary>
public sealed class CosmosSupportQueries(CosmosDatabase database, IDocumentStore store) : ISupportQueries
{
    private static readonly string EntryType = CosmosDocuments.ViewType(CosmosScheduledWorkTypes.SlaQueueEntryKind);

    private Container Views => database.Container(CosmosDocumentTypes.ViewsContainer);

    public async Task<Page<QuestionSla>> QueueAsync(ExpertQueueFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        if (filter.Categories.Count == 0 || filter.Languages.Count == 0)
        {
            return new Page<QuestionSla>([], null);
        }

        var where = new StringBuilder("c.pk = @pk AND c.type = @type AND c.idx.waiting = true AND c.idx.asker != @me AND c.idx.sort > @after");
        var parameters = new Dictionary<string, object>
        {
            ["@pk"] = CosmosScheduledWorkTypes.SlaQueuePartition,
            ["@type"] = EntryType,
            ["@me"] = filter.Expert.Value,
            ["@rating"] = filter.Rating is { } rating ? (double)rating : 0d,
            ["@now"] = CosmosDocumentTypes.Time(filter.Now),
        };
        where.Append(" AND (").Append(string.Join(" OR ", filter.Categories.Select((c, i) => Bind(parameters, $"@c{i}", c.Value, "c.idx.category")))).Append(')');
        where.Append(" AND (").Append(string.Join(" OR ", filter.Languages.Select((l, i) => Bind(parameters, $"@l{i}", l, "c.idx.language")))).Append(')');

        // A premium plan's minimum rating holds until the deadline; then every expert may take the question.
        where.Append(" AND (c.idx.minRating <= @rating OR c.idx.due <= @now)");

        var found = new List<(QuestionSla Sla, string Sort)>();
        var after = CosmosPaging.Decode(page.Cursor) ?? "";
        while (found.Count <= page.Limit)
        {
            var batch = page.Limit + 1 - found.Count;
            var query = new QueryDefinition($"SELECT TOP @limit c.body, c.idx.sort FROM c WHERE {where} ORDER BY c.idx.sort").WithParameter("@limit", batch).WithParameter("@after", after);
            query = parameters.Aggregate(query, (q, p) => q.WithParameter(p.Key, p.Value));
            var rows = await database.QueryPartitionAsync(Views, CosmosScheduledWorkTypes.SlaQueuePartition, query, cancellationToken);
            var slas = rows.Select(r => (Sla: CosmosPaging.Body<QuestionSla>(r), Sort: r.GetProperty("sort").GetString()!)).ToArray();
            var open = await OpenQuestionsAsync(slas.Select(s => s.Sla), cancellationToken);
            found.AddRange(slas.Where(s => open.Contains(s.Sla.Id.Value)));
            if (rows.Count < batch)
            {
                break;
            }

            after = slas[^1].Sort;
        }

        return new Page<QuestionSla>(found.Take(page.Limit).Select(f => f.Sla).ToArray(), found.Count > page.Limit ? CosmosPaging.Encode(found[page.Limit - 1].Sort) : null);
    }

    /// <summary>Waiting, not yet breached, past the deadline: the view's due index, then the records themselves (their current version) and their questions.</summary>
    public async Task<IReadOnlyList<QuestionSla>> DueBreachesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT TOP @limit VALUE c.sourceId FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.breachDue <= @now ORDER BY c.idx.breachDue")
            .WithParameter("@limit", limit).WithParameter("@pk", CosmosScheduledWorkTypes.SlaQueuePartition).WithParameter("@type", EntryType)
            .WithParameter("@now", CosmosDocumentTypes.Time(now));
        var ids = (await database.QueryPartitionAsync(Views, CosmosScheduledWorkTypes.SlaQueuePartition, query, cancellationToken)).Select(r => r.GetString()!).ToArray();
        var slas = (await store.FindManyAsync<QuestionSla>(ids, cancellationToken)).Where(s => s.IsWaiting && s.BreachedAt is null && s.DueAt <= now).ToArray();
        var open = await OpenQuestionsAsync(slas, cancellationToken);
        return slas.Where(s => open.Contains(s.Id.Value)).OrderBy(s => s.DueAt).ToArray();
    }

    /// <summary>The SLA records of questions asked in [from, to), page by page (keyset on the asked time and id).</summary>
    public async IAsyncEnumerable<SlaSample> SamplesAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int pageSize = 500;
        var after = "";
        while (true)
        {
            var query = new QueryDefinition("SELECT TOP @limit c.body, c.idx.asked FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.asked >= @from AND c.idx.asked < @to AND c.idx.asked > @after ORDER BY c.idx.asked")
                .WithParameter("@limit", pageSize).WithParameter("@pk", CosmosScheduledWorkTypes.SlaQueuePartition).WithParameter("@type", EntryType)
                .WithParameter("@from", CosmosDocumentTypes.Time(from)).WithParameter("@to", CosmosDocumentTypes.Time(to)).WithParameter("@after", after);
            var rows = await database.QueryPartitionAsync(Views, CosmosScheduledWorkTypes.SlaQueuePartition, query, cancellationToken);
            foreach (var row in rows)
            {
                var sla = CosmosPaging.Body<QuestionSla>(row);
                yield return new SlaSample(sla.PlanId, sla.AskedAt, sla.DueAt, sla.FirstAnsweredAt, sla.ClosedAt);
            }

            if (rows.Count < pageSize)
            {
                yield break;
            }

            after = rows[^1].GetProperty("asked").GetString()!;
        }
    }

    private static string Bind(Dictionary<string, object> parameters, string name, string value, string field)
    {
        parameters[name] = value;
        return $"{field} = {name}";
    }

    private async Task<HashSet<string>> OpenQuestionsAsync(IEnumerable<QuestionSla> slas, CancellationToken cancellationToken)
    {
        var ids = slas.Select(s => s.Id.Value).ToArray();
        var questions = ids.Length == 0 ? [] : await store.FindManyAsync<Question>(ids, cancellationToken);
        return questions.Where(q => q.Status == QuestionStatus.Open).Select(q => q.Id.Value).ToHashSet(StringComparer.Ordinal);
    }
}
