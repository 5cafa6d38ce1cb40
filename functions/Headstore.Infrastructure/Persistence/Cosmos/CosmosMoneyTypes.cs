using System.Globalization;
using System.Text;
using Headstore.Application.Ledger;
using Headstore.Application.Payments;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Plans;
using Headstore.Infrastructure.Payments.Sandbox;

namespace Headstore.Infrastructure.Persistence.Cosmos;

/// <summary>
/// Where money lives in Cosmos DB (docs/cosmos.md, "Money"). Every unit of work that moves money changes one thing and
/// the postings that belong to it, so each is one partition's batch:
/// <list type="bullet">
/// <item>a payment lives with what it pays for: a paid question's payment (<c>pay_{questionId}</c>) in the question's
/// partition, a plan period's payment (<c>pay_sub_{customer}_{n}</c>) in the subscription's; any other payment alone;</item>
/// <item>a ledger transaction lives with the payment or payout it belongs to (from its references), disputes with their
/// payment, payouts with their expert (and the payout account);</item>
/// <item>each ledger entry is also copied, once, to its account's partition of the "ledger" container (a view written
/// after the commit and repaired like every view), so balances and statements are single-partition queries;</item>
/// <item>provider objects (payment intents, customers, connected accounts, transfers) are found through lookups.</item>
/// </list>
/// The payment sandbox keeps its objects in one partition of its own container: it serialises its requests anyway.
/// </summary>
public static class CosmosMoneyTypes
{
    public const string LedgerContainer = "ledger";
    public const string SandboxContainer = "sandbox";
    public const string SandboxPartition = "sandbox";
    public const string LedgerEntryKind = "LedgerEntry";
    public const string ReceiptEntryKind = "ReceiptEntry";

    internal static void Register()
    {
        var commerce = CosmosDocumentTypes.CommerceContainer;
        CosmosDocumentTypes.Register<CustomerPayment>(commerce, o =>
        {
            o.PartitionKey = p => PaymentPartition(p.Id.Value);
            o.PartitionKeyOfId = PaymentPartition;
            o.Index = p =>
            [
                ("reviewAt", p.State == PaymentState.Authorised && p.ReviewAt is { } review ? CosmosDocumentTypes.Time(review) : null),
                ("customerId", p.CustomerId.Value),
            ];
            o.Lookups = p => [("providerPayment", p.ProviderPaymentId)];
            o.Views = p => p.CapturedAt is { } captured
                ? [new CosmosView(ReceiptEntryKind, CosmosDocumentTypes.UserPartition(p.CustomerId), p.Id.Value, null, [("sort", NewestFirst(captured, p.Id.Value))])]
                : [];
        });
        CosmosDocumentTypes.Register<LedgerTransaction>(commerce, o =>
        {
            o.PartitionKey = HomeOf;
            o.PartitionKeyOfId = HomeOfTransactionId;
            o.Immutable = true;
            o.Index = t => [("kind", t.Kind.ToString())];
            o.ViewContainers = [LedgerContainer];
            o.Views = Entries;
        });
        CosmosDocumentTypes.Register<DisputeCase>(commerce, o =>
        {
            o.PartitionKey = d => PaymentPartition(d.PaymentId.Value);
            o.LocateById = true;
            o.Index = d => [("outcome", d.Outcome.ToString()), ("sort", NewestFirst(d.OpenedAt, d.Id))];
        });
        CosmosDocumentTypes.Register<Subscription>(commerce, o => o.Index = s => [("due", s.DueAt is { } due ? CosmosDocumentTypes.Time(due) : null)]);
        // A person's payment profile and payout account are both keyed by their user id: distinct document ids in one partition.
        CosmosDocumentTypes.Register<PaymentProfile>(commerce, o =>
        {
            o.IdPrefix = "payment-profile:";
            o.Lookups = p => [("providerCustomer", p.ProviderCustomerId)];
        });

        // An expert's payout account and payouts share the expert's partition: their list and "in transit" are single-partition.
        CosmosDocumentTypes.Register<PayoutAccount>(commerce, o =>
        {
            o.IdPrefix = "payout-account:";
            o.Lookups = a => [("connectedAccount", a.ConnectedAccountId)];
        });
        CosmosDocumentTypes.Register<Payout>(commerce, o =>
        {
            o.PartitionKey = p => p.ExpertId.Value;
            o.PartitionKeyOfId = ExpertOfPayout;
            o.Lookups = p => [("transfer", p.TransferId)];
            o.Index = p =>
            [
                ("state", p.State.ToString()),
                ("week", p.Week),
                ("connectedAccount", p.ConnectedAccountId),
                ("created", CosmosDocumentTypes.Time(p.CreatedAt) + " " + p.Id.Value),
                ("sort", NewestFirst(p.CreatedAt, p.Id.Value)),
            ];
        });
        CosmosDocumentTypes.Register<ProcessedProviderEvent>(commerce, o => o.Receipt = true);

        CosmosDocumentTypes.Register<SandboxCustomer>(SandboxContainer, Sandbox<SandboxCustomer>());
        CosmosDocumentTypes.Register<SandboxAccount>(SandboxContainer, Sandbox<SandboxAccount>());
        CosmosDocumentTypes.Register<SandboxIdempotencyRecord>(SandboxContainer, Sandbox<SandboxIdempotencyRecord>());
        CosmosDocumentTypes.Register<SandboxPaymentIntent>(SandboxContainer, Sandbox<SandboxPaymentIntent>(i =>
            [("lapsesFrom", i.Status == "requires_capture" ? CosmosDocumentTypes.Time(i.Created) : null)]));
        CosmosDocumentTypes.Register<SandboxTransfer>(SandboxContainer, Sandbox<SandboxTransfer>(t =>
            [("unpaidFrom", t.PaidOutAt is null ? CosmosDocumentTypes.Time(t.Created) : null)]));
    }

    /// <summary>
    /// The partition of a payment, from its id: a paid question's payment is <c>pay_{questionId}</c> and an offer's on it
    /// <c>pay_{questionId}_{offerId}</c> (both in the question's partition; question ids hold no '_' after "q_"), a plan
    /// period's is <c>pay_{subscriptionId}_{period}</c> (in the subscription's); any other id is its own.
    /// </summary>
    public static string PaymentPartition(string paymentId)
    {
        if (!paymentId.StartsWith("pay_", StringComparison.Ordinal))
        {
            return paymentId;
        }

        var rest = paymentId[4..];
        if (rest.StartsWith("q_", StringComparison.Ordinal))
        {
            var sold = rest.IndexOf('_', 2);
            return sold < 0 ? rest : rest[..sold];
        }

        var period = rest.LastIndexOf('_');
        return rest.StartsWith("sub_", StringComparison.Ordinal) && period > 4 && rest[(period + 1)..] is { Length: > 0 } digits && digits.All(char.IsAsciiDigit)
            ? rest[..period]
            : paymentId;
    }

    /// <summary>Payout ids are <c>po_{expert}_{yyyy-Www}_{currency}</c>: the expert is what lies between.</summary>
    public static string? ExpertOfPayout(string payoutId)
    {
        if (!payoutId.StartsWith("po_", StringComparison.Ordinal))
        {
            return null;
        }

        var currency = payoutId.LastIndexOf('_');
        var week = currency > 3 ? payoutId.LastIndexOf('_', currency - 1) : -1;
        return week > 3 ? payoutId[3..week] : null;
    }

    /// <summary>A ledger transaction's partition: the payment's, or the payout's expert's, whose change it records.</summary>
    public static string HomeOf(LedgerTransaction transaction) =>
        transaction.References.PaymentId is { Length: > 0 } payment ? PaymentPartition(payment)
        : transaction.References.PayoutId is { Length: > 0 } payout ? ExpertOfPayout(payout) ?? payout
        : transaction.Id;

    /// <summary>
    /// The partition from the transaction id where the id names its payment or payout (<c>charge:{payment}</c>,
    /// <c>refund:{payment}:{from}-{to}</c>, <c>payout:{payout}[:failed|:paid]</c>); null for the others (dispute and
    /// transfer-reversal postings), which only batch paths and tests read by id.
    /// </summary>
    public static string? HomeOfTransactionId(string id)
    {
        if (id.StartsWith("charge:", StringComparison.Ordinal))
        {
            return PaymentPartition(id["charge:".Length..]);
        }

        if (id.StartsWith("refund:", StringComparison.Ordinal) && id.LastIndexOf(':') is var slice && slice > "refund:".Length)
        {
            return PaymentPartition(id["refund:".Length..slice]);
        }

        if (id.StartsWith("payout:", StringComparison.Ordinal))
        {
            var payout = id["payout:".Length..];
            payout = payout.EndsWith(":failed", StringComparison.Ordinal) ? payout[..^":failed".Length]
                : payout.EndsWith(":paid", StringComparison.Ordinal) ? payout[..^":paid".Length]
                : payout;
            return ExpertOfPayout(payout);
        }

        return null;
    }

    /// <summary>
    /// An account's partition of the "ledger" container. A person's account is one partition (their statement and balance
    /// are single-partition queries); a platform account, which every payment touches, is one partition per month, so no
    /// logical partition grows without bound or takes every write.
    /// </summary>
    public static string AccountPartition(LedgerAccount account, DateTimeOffset at) =>
        account.IsPerPerson ? account.Key : $"{account.Key}|{at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture)}";

    /// <summary>One ledger line's sort key: time, transaction id, line number; text order is (time, id, line) order as in SQLite.</summary>
    public static string LineSort(DateTimeOffset at, string transactionId, int sequence) =>
        CosmosDocumentTypes.Time(at) + " " + transactionId + " " + sequence.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>
    /// A key whose descending text order is (time descending, id ascending), as the SQLite lists page: the id's
    /// characters are mirrored within printable ASCII and closed by a character above them all, so a shorter id sorts first.
    /// </summary>
    public static string NewestFirst(DateTimeOffset at, string id)
    {
        var key = new StringBuilder(CosmosDocumentTypes.Time(at)).Append(' ');
        foreach (var c in id)
        {
            key.Append(c is >= ' ' and <= '~' ? (char)('~' - (c - ' ')) : c);
        }

        return key.Append('\u007f').ToString();
    }

    /// <summary>One view per entry, in its account's partition of the ledger container, carrying the line as the statement shows it.</summary>
    private static IReadOnlyList<CosmosView> Entries(LedgerTransaction transaction) =>
        transaction.Entries.Select((entry, i) => new CosmosView(
            LedgerEntryKind,
            AccountPartition(entry.Account, transaction.OccurredAt),
            $"{transaction.Id}@{i.ToString(CultureInfo.InvariantCulture)}",
            new LedgerLine(transaction.Id, i, transaction.Kind, transaction.Description, entry.Account, entry.Amount, entry.Memo, transaction.OccurredAt, transaction.References),
            [
                ("account", entry.Account.Key),
                ("kind", KindName(entry.Account.Kind)),
                ("currency", entry.Amount.Currency.Code),
                ("amount", entry.Amount.Minor),
                ("at", CosmosDocumentTypes.Time(transaction.OccurredAt)),
                ("sort", LineSort(transaction.OccurredAt, transaction.Id, i)),

                // An ambassador's line names the expert whose payable the same transaction touches (earnings per referred expert).
                ("expert", entry.Account.Kind == LedgerAccountKind.AmbassadorPayable ? transaction.Entries.FirstOrDefault(e => e.Account.Kind == LedgerAccountKind.ExpertPayable)?.Account.Owner : null),
            ],
            LedgerContainer)).ToArray();

    /// <summary>The account kind as stored ("expert-payable"…), the prefix of its keys.</summary>
    public static string KindName(LedgerAccountKind kind) => kind switch
    {
        LedgerAccountKind.ExpertPayable => "expert-payable",
        LedgerAccountKind.AmbassadorPayable => "ambassador-payable",
        LedgerAccountKind.CustomerFunds => LedgerAccount.CustomerFunds.Key,
        LedgerAccountKind.Refunds => LedgerAccount.Refunds.Key,
        LedgerAccountKind.Disputes => LedgerAccount.Disputes.Key,
        LedgerAccountKind.PlatformCommission => LedgerAccount.PlatformCommission.Key,
        LedgerAccountKind.PlatformSubscriptions => LedgerAccount.PlatformSubscriptions.Key,
        LedgerAccountKind.PayoutsInTransit => LedgerAccount.PayoutsInTransit.Key,
        LedgerAccountKind.Suspense => LedgerAccount.Suspense.Key,
        _ => LedgerAccount.CurrencyConversion.Key,
    };

    private static Action<CosmosDocumentTypeOptions<T>> Sandbox<T>(Func<T, IReadOnlyList<(string Field, object? Value)>>? index = null)
        where T : Domain.Common.IAggregate => o =>
    {
        o.PartitionKey = _ => SandboxPartition;
        o.PartitionKeyOfId = _ => SandboxPartition;
        o.Index = index;
    };
}
