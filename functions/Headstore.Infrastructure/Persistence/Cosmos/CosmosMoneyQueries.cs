using System.Globalization;
using System.Text.Json;
using Headstore.Application.Common;
using Headstore.Application.Ledger;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Plans;
using Headstore.Infrastructure.Payments.Sandbox;
using Microsoft.Azure.Cosmos;

namespace Headstore.Infrastructure.Persistence.Cosmos;

/// <summary>
/// Balances and statement lines from the ledger entries (one view document per entry, in its account's partition of the
/// "ledger" container; see <see cref="CosmosMoneyTypes"/>). A person's balance and lines are single-partition queries.
/// A platform account has a partition per month: its lines for a range read those months, its balance (trial balance
/// and batch paths only) first finds its months with a cross-partition skip scan. Every sum runs inside one partition
/// (no cross-partition aggregate, which needs the query plan the test server lacks) and avoids GROUP BY and DISTINCT
/// (which it lacks too): the currencies are a skip scan and each sum one query, so one currency's balance is three
/// small single-partition queries.
/// </summary>
public sealed class CosmosLedgerQueries(CosmosDatabase database) : ILedgerQueries
{
    private static readonly string EntryType = CosmosDocuments.ViewType(CosmosMoneyTypes.LedgerEntryKind);

    private Container Ledger => database.Container(CosmosMoneyTypes.LedgerContainer);

    public async Task<IReadOnlyList<Money>> BalancesAsync(LedgerAccount account, DateTimeOffset? before, CancellationToken cancellationToken)
    {
        var sums = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var partition in await PartitionsOfAsync(account, cancellationToken))
        {
            foreach (var currency in await CurrenciesAsync(partition, before, cancellationToken))
            {
                var query = new QueryDefinition($"SELECT VALUE SUM(c.idx.amount) FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.currency = @currency{Before(before)}")
                    .WithParameter("@pk", partition).WithParameter("@type", EntryType).WithParameter("@currency", currency);
                query = before is { } time ? query.WithParameter("@before", CosmosDocumentTypes.Time(time)) : query;
                var rows = await database.QueryPartitionAsync(Ledger, partition, query, cancellationToken);
                var sum = rows.Count > 0 && rows[0].ValueKind == JsonValueKind.Number ? (long)rows[0].GetDouble() : 0;
                sums[currency] = sums.GetValueOrDefault(currency) + sum;
            }
        }

        return sums.Where(s => s.Value != 0).Select(s => new Money(s.Value, Currency.Parse(s.Key))).ToArray();
    }

    /// <summary>
    /// Each account's lines in [from, to) from its partitions (a platform account's months in the range), merged by
    /// (time, transaction, line) as SQLite orders them; the cursor is the last line's sort key.
    /// </summary>
    public async Task<Page<LedgerLine>> LinesAsync(IReadOnlyList<LedgerAccount> accounts, DateTimeOffset from, DateTimeOffset to, PageRequest page, CancellationToken cancellationToken)
    {
        var after = CosmosPaging.Decode(page.Cursor) ?? "";
        var rows = new List<JsonElement>();
        foreach (var partition in accounts.SelectMany(a => PartitionsBetween(a, from, to)).Distinct(StringComparer.Ordinal))
        {
            var query = new QueryDefinition(
                "SELECT TOP @limit c.body, c.idx.sort FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.sort >= @from AND c.idx.sort < @to AND c.idx.sort > @after ORDER BY c.idx.sort")
                .WithParameter("@limit", page.Limit + 1).WithParameter("@pk", partition).WithParameter("@type", EntryType)
                .WithParameter("@from", CosmosDocumentTypes.Time(from)).WithParameter("@to", CosmosDocumentTypes.Time(to)).WithParameter("@after", after);
            rows.AddRange(await database.QueryPartitionAsync(Ledger, partition, query, cancellationToken));
        }

        var ordered = rows.OrderBy(r => r.GetProperty("sort").GetString(), StringComparer.Ordinal).Take(page.Limit + 1).ToArray();
        return CosmosPaging.Page(ordered, page.Limit, CosmosPaging.Body<LedgerLine>);
    }

    /// <summary>
    /// Batch path (weekly payouts): every account of a kind with a balance. A person's kind is a skip scan over the
    /// partitions holding its entries, then each account's balance; a platform kind is its one account.
    /// </summary>
    public async Task<IReadOnlyList<(LedgerAccount Account, Money Balance)>> BalancesOfKindAsync(LedgerAccountKind kind, CancellationToken cancellationToken)
    {
        var perPerson = kind is LedgerAccountKind.ExpertPayable or LedgerAccountKind.AmbassadorPayable;
        var accounts = perPerson
            ? (await SkipScanAsync("c.pk", "c.idx.kind = @value", CosmosMoneyTypes.KindName(kind), CrossPartitionPath.LedgerPayablesBatch, cancellationToken)).Select(LedgerAccount.Parse)
            : [LedgerAccount.Parse(CosmosMoneyTypes.KindName(kind))];
        return await BalancesOfAsync(accounts, cancellationToken);
    }

    /// <summary>Admin and reconciliation path: every account's balance, from a skip scan over the accounts with entries.</summary>
    public async Task<IReadOnlyList<(LedgerAccount Account, Money Balance)>> TrialBalanceAsync(CancellationToken cancellationToken) =>
        await BalancesOfAsync((await SkipScanAsync("c.idx.account", null, null, CrossPartitionPath.LedgerTrialBalance, cancellationToken)).Select(LedgerAccount.Parse), cancellationToken);

    private async Task<IReadOnlyList<(LedgerAccount Account, Money Balance)>> BalancesOfAsync(IEnumerable<LedgerAccount> accounts, CancellationToken cancellationToken)
    {
        var balances = new List<(LedgerAccount, Money)>();
        foreach (var account in accounts.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            balances.AddRange((await BalancesAsync(account, null, cancellationToken)).Select(b => (account, b)));
        }

        return balances;
    }

    /// <summary>A person's account is one partition; a platform account's months are found by a (batch-path) skip scan.</summary>
    private async Task<IReadOnlyList<string>> PartitionsOfAsync(LedgerAccount account, CancellationToken cancellationToken) =>
        account.IsPerPerson ? [account.Key] : await SkipScanAsync("c.pk", "c.idx.account = @value", account.Key, CrossPartitionPath.LedgerPlatformBalance, cancellationToken);

    /// <summary>The currencies of one partition's entries (before a time), ascending: a skip scan, one small query per currency.</summary>
    private async Task<IReadOnlyList<string>> CurrenciesAsync(string partition, DateTimeOffset? before, CancellationToken cancellationToken)
    {
        var currencies = new List<string>();
        var after = "";
        while (true)
        {
            var query = new QueryDefinition($"SELECT TOP 1 VALUE c.idx.currency FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.currency > @after{Before(before)} ORDER BY c.idx.currency")
                .WithParameter("@pk", partition).WithParameter("@type", EntryType).WithParameter("@after", after);
            query = before is { } time ? query.WithParameter("@before", CosmosDocumentTypes.Time(time)) : query;
            var rows = await database.QueryPartitionAsync(Ledger, partition, query, cancellationToken);
            if (rows.Count == 0 || rows[0].ValueKind != JsonValueKind.String)
            {
                return currencies;
            }

            after = rows[0].GetString()!;
            currencies.Add(after);
        }
    }

    /// <summary>The distinct values of a field across the container, ascending, one TOP 1 query each (DISTINCT would need a query plan).</summary>
    private async Task<IReadOnlyList<string>> SkipScanAsync(string field, string? filter, string? value, CrossPartitionPath path, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        var after = "";
        while (true)
        {
            var query = new QueryDefinition($"SELECT TOP 1 VALUE {field} FROM c WHERE c.type = @type{(filter is null ? "" : " AND " + filter)} AND {field} > @after ORDER BY {field}")
                .WithParameter("@type", EntryType).WithParameter("@after", after);
            query = value is null ? query : query.WithParameter("@value", value);
            var rows = await database.QueryAcrossPartitionsAsync(Ledger, path, query, cancellationToken);
            if (rows.Count == 0 || rows[0].ValueKind != JsonValueKind.String)
            {
                return values;
            }

            after = rows[0].GetString()!;
            values.Add(after);
        }
    }

    private static string Before(DateTimeOffset? before) => before is null ? "" : " AND c.idx.at < @before";

    private static IEnumerable<string> PartitionsBetween(LedgerAccount account, DateTimeOffset from, DateTimeOffset to)
    {
        if (account.IsPerPerson)
        {
            yield return account.Key;
            yield break;
        }

        var month = new DateTimeOffset(from.UtcDateTime.Year, from.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
        for (; month < to; month = month.AddMonths(1))
        {
            yield return CosmosMoneyTypes.AccountPartition(account, month);
        }
    }
}

/// <summary>
/// The money lookups on Cosmos DB: provider ids through lookup documents (two point reads), a customer's receipts from
/// their "user:{id}" view partition, an expert's payouts from their partition, and the sweeps and the admin dispute list
/// as named cross-partition paths.
/// </summary>
public sealed class CosmosPaymentQueries(CosmosDatabase database, CosmosDocumentStore store) : IPaymentQueries
{
    private static readonly CosmosDocumentType Payments = CosmosDocumentTypes.For(typeof(CustomerPayment));
    private static readonly CosmosDocumentType Payouts = CosmosDocumentTypes.For(typeof(Payout));
    private static readonly CosmosDocumentType Disputes = CosmosDocumentTypes.For(typeof(DisputeCase));
    private static readonly CosmosDocumentType Subscriptions = CosmosDocumentTypes.For(typeof(Subscription));

    public async Task<CustomerPayment?> FindByProviderPaymentIdAsync(string providerPaymentId, CancellationToken cancellationToken) =>
        await store.FindByLookupAsync<CustomerPayment>("providerPayment", providerPaymentId, cancellationToken) is { } payment && payment.ProviderPaymentId == providerPaymentId ? payment : null;

    public async Task<IReadOnlyList<PaymentId>> DueForReviewAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT TOP @limit VALUE c.body.id FROM c WHERE c.type = @type AND c.idx.reviewAt <= @now ORDER BY c.idx.reviewAt")
            .WithParameter("@limit", limit).WithParameter("@type", Payments.Kind).WithParameter("@now", CosmosDocumentTypes.Time(now));
        var rows = await database.QueryAcrossPartitionsAsync(database.Container(Payments.Container), CrossPartitionPath.PaymentReviewSweep, query, cancellationToken);
        return rows.Select(r => new PaymentId(r.GetString()!)).ToArray();
    }

    public Task<Page<CustomerPayment>> ListCapturedAsync(UserId customer, PageRequest page, CancellationToken cancellationToken) =>
        CosmosPartyViews.PageAsync<CustomerPayment>(database, store, CosmosMoneyTypes.ReceiptEntryKind, CosmosDocumentTypes.UserPartition(customer), page, cancellationToken);

    public async Task<PaymentProfile?> FindProfileByProviderCustomerAsync(string providerCustomerId, CancellationToken cancellationToken) =>
        await store.FindByLookupAsync<PaymentProfile>("providerCustomer", providerCustomerId, cancellationToken) is { } profile && profile.ProviderCustomerId == providerCustomerId ? profile : null;

    public async Task<PayoutAccount?> FindPayoutAccountAsync(string connectedAccountId, CancellationToken cancellationToken) =>
        await store.FindByLookupAsync<PayoutAccount>("connectedAccount", connectedAccountId, cancellationToken) is { } account && account.ConnectedAccountId == connectedAccountId ? account : null;

    public async Task<Payout?> FindPayoutByTransferAsync(string transferId, CancellationToken cancellationToken) =>
        await store.FindByLookupAsync<Payout>("transfer", transferId, cancellationToken) is { } payout && payout.TransferId == transferId ? payout : null;

    /// <summary>For one connected account: a single-partition query in its expert's partition; for all (the weekly job): a batch path.</summary>
    public async Task<IReadOnlyList<Payout>> PayoutsAsync(PayoutState state, string? connectedAccountId, int limit, CancellationToken cancellationToken)
    {
        var expert = connectedAccountId is null ? null : (await FindPayoutAccountAsync(connectedAccountId, cancellationToken))?.Id.Value;
        var query = new QueryDefinition(
            $"SELECT TOP @limit c.body FROM c WHERE {(expert is null ? "" : "c.pk = @pk AND ")}c.type = @type AND c.idx.state = @state" +
            $"{(connectedAccountId is null ? "" : " AND c.idx.connectedAccount = @account")} ORDER BY c.idx.created")
            .WithParameter("@limit", limit).WithParameter("@type", Payouts.Kind).WithParameter("@state", state.ToString());
        query = connectedAccountId is null ? query : query.WithParameter("@account", connectedAccountId);
        var container = database.Container(Payouts.Container);
        var rows = expert is null
            ? await database.QueryAcrossPartitionsAsync(container, CrossPartitionPath.PayoutBatch, query, cancellationToken)
            : await database.QueryPartitionAsync(container, expert, query.WithParameter("@pk", expert), cancellationToken);
        return rows.Select(CosmosPaging.Body<Payout>).ToArray();
    }

    public async Task<IReadOnlyList<Payout>> InTransitAsync(ExpertId expert, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT TOP 50 c.body FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.state = @state ORDER BY c.idx.sort DESC")
            .WithParameter("@pk", expert.Value).WithParameter("@type", Payouts.Kind).WithParameter("@state", PayoutState.InTransit.ToString());
        var rows = await database.QueryPartitionAsync(database.Container(Payouts.Container), expert.Value, query, cancellationToken);
        return rows.Select(CosmosPaging.Body<Payout>).ToArray();
    }

    public async Task<Page<Payout>> ListPayoutsAsync(ExpertId expert, PageRequest page, CancellationToken cancellationToken)
    {
        var before = CosmosPaging.Decode(page.Cursor);
        var query = new QueryDefinition($"SELECT TOP @limit c.body, c.idx.sort FROM c WHERE c.pk = @pk AND c.type = @type{(before is null ? "" : " AND c.idx.sort < @before")} ORDER BY c.idx.sort DESC")
            .WithParameter("@limit", page.Limit + 1).WithParameter("@pk", expert.Value).WithParameter("@type", Payouts.Kind);
        query = before is null ? query : query.WithParameter("@before", before);
        var rows = await database.QueryPartitionAsync(database.Container(Payouts.Container), expert.Value, query, cancellationToken);
        return CosmosPaging.Page(rows, page.Limit, CosmosPaging.Body<Payout>);
    }

    /// <summary>Admin path: disputes newest first, across partitions (each lives with its payment).</summary>
    public async Task<Page<DisputeCase>> ListDisputesAsync(bool? open, PageRequest page, CancellationToken cancellationToken)
    {
        var before = CosmosPaging.Decode(page.Cursor);
        var filter = open switch { true => " AND c.idx.outcome = @open", false => " AND c.idx.outcome != @open", null => "" };
        var query = new QueryDefinition($"SELECT TOP @limit c.body, c.idx.sort FROM c WHERE c.type = @type{filter}{(before is null ? "" : " AND c.idx.sort < @before")} ORDER BY c.idx.sort DESC")
            .WithParameter("@limit", page.Limit + 1).WithParameter("@type", Disputes.Kind);
        query = open is null ? query : query.WithParameter("@open", DisputeOutcome.Open.ToString());
        query = before is null ? query : query.WithParameter("@before", before);
        var rows = await database.QueryAcrossPartitionsAsync(database.Container(Disputes.Container), CrossPartitionPath.AdminDisputeList, query, cancellationToken);
        return CosmosPaging.Page(rows, page.Limit, CosmosPaging.Body<DisputeCase>);
    }

    public async Task<IReadOnlyList<SubscriptionId>> DueSubscriptionsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT TOP @limit VALUE c.body.id FROM c WHERE c.type = @type AND c.idx.due <= @now ORDER BY c.idx.due")
            .WithParameter("@limit", limit).WithParameter("@type", Subscriptions.Kind).WithParameter("@now", CosmosDocumentTypes.Time(now));
        var rows = await database.QueryAcrossPartitionsAsync(database.Container(Subscriptions.Container), CrossPartitionPath.SubscriptionRenewalBatch, query, cancellationToken);
        return rows.Select(r => new SubscriptionId(r.GetString()!)).ToArray();
    }
}

/// <summary>
/// Lifecycle timers (offers, sessions): one small document per aggregate in the system container, spread over
/// <see cref="Buckets"/> fixed partitions by a stable hash, so the one-second sweep is a few single-partition queries on
/// the due-time index and no partition takes every timer write.
/// </summary>
public sealed class CosmosLifecycleTimers(CosmosDatabase database, ICosmosItems items) : ILifecycleTimers
{
    public const int Buckets = 8;
    private const string Type = "lifecycle-timer";

    public async Task SetAsync(string aggregateType, string aggregateId, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        var key = $"{aggregateType}:{aggregateId}";
        var partition = Partition(key);
        var id = CosmosDocuments.EncodeId(key);
        if (dueAt is not { } due)
        {
            var deleted = await items.DeleteAsync(CosmosDocumentTypes.SystemContainer, partition, id, null, cancellationToken);
            if (!CosmosWriteOutcome.IsSuccess(deleted) && deleted != System.Net.HttpStatusCode.NotFound)
            {
                throw new InvalidOperationException($"Cosmos DB answered {(int)deleted} when clearing the timer of {key}.");
            }

            return;
        }

        var document = new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = id,
            ["pk"] = partition,
            ["type"] = Type,
            ["aggregateType"] = aggregateType,
            ["aggregateId"] = aggregateId,
            ["idx"] = new System.Text.Json.Nodes.JsonObject { ["due"] = CosmosDocumentTypes.Time(due) },
        };
        var (status, _) = await items.WriteAsync(CosmosDocumentTypes.SystemContainer, partition, CosmosWriteKind.Upsert, id, CosmosDocuments.ToUtf8(document), null, cancellationToken);
        if (!CosmosWriteOutcome.IsSuccess(status))
        {
            throw new InvalidOperationException($"Cosmos DB answered {(int)status} when setting the timer of {key}.");
        }
    }

    public async Task<IReadOnlyList<(string AggregateType, string AggregateId, DateTimeOffset DueAt)>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var due = new List<(string, string, DateTimeOffset)>();
        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            var partition = "timers:" + bucket.ToString(CultureInfo.InvariantCulture);
            var query = new QueryDefinition("SELECT TOP @limit c.aggregateType, c.aggregateId, c.idx.due FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.due <= @now ORDER BY c.idx.due")
                .WithParameter("@limit", limit).WithParameter("@pk", partition).WithParameter("@type", Type).WithParameter("@now", CosmosDocumentTypes.Time(now));
            foreach (var row in await database.QueryPartitionAsync(database.Container(CosmosDocumentTypes.SystemContainer), partition, query, cancellationToken))
            {
                due.Add((row.GetProperty("aggregateType").GetString()!, row.GetProperty("aggregateId").GetString()!,
                    DateTimeOffset.Parse(row.GetProperty("due").GetString()!, CultureInfo.InvariantCulture)));
            }
        }

        return due.OrderBy(d => d.Item3).Take(limit).ToArray();
    }

    /// <summary>A stable bucket (FNV-1a of the key; string.GetHashCode differs between processes).</summary>
    public static string Partition(string key)
    {
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(key))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return "timers:" + (hash % Buckets).ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>The payment sandbox's own sweeps on Cosmos DB: single-partition queries on its one partition.</summary>
public sealed class CosmosPaymentSandboxObjects(CosmosDatabase database) : IPaymentSandboxObjects
{
    public async Task<IReadOnlyList<string>> AuthorisationsCreatedBeforeAsync(DateTimeOffset cut, int limit, CancellationToken cancellationToken)
    {
        var query = Query("SELECT TOP @limit VALUE c.body.id FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.lapsesFrom <= @cut", typeof(SandboxPaymentIntent), cut, limit);
        var rows = await database.QueryPartitionAsync(database.Container(CosmosMoneyTypes.SandboxContainer), CosmosMoneyTypes.SandboxPartition, query, cancellationToken);
        return rows.Select(r => r.GetString()!).ToArray();
    }

    public async Task<IReadOnlyList<(string TransferId, string Destination)>> UnpaidTransfersCreatedBeforeAsync(DateTimeOffset cut, int limit, CancellationToken cancellationToken)
    {
        var query = Query("SELECT TOP @limit c.body.id, c.body.destination FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.unpaidFrom <= @cut", typeof(SandboxTransfer), cut, limit);
        var rows = await database.QueryPartitionAsync(database.Container(CosmosMoneyTypes.SandboxContainer), CosmosMoneyTypes.SandboxPartition, query, cancellationToken);
        return rows.Select(r => (r.GetProperty("id").GetString()!, r.GetProperty("destination").GetString()!)).ToArray();
    }

    private static QueryDefinition Query(string text, Type type, DateTimeOffset cut, int limit) => new QueryDefinition(text)
        .WithParameter("@limit", limit).WithParameter("@pk", CosmosMoneyTypes.SandboxPartition)
        .WithParameter("@type", CosmosDocumentTypes.For(type).Kind).WithParameter("@cut", CosmosDocumentTypes.Time(cut));
}
