using System.Text.Json.Serialization;
using Headstore.Domain.Common;

namespace Headstore.Domain.Ledger;

public enum LedgerTransactionKind
{
    /// <summary>A customer paid for an expert's work: the price, less commission (and an ambassador's share of it).</summary>
    CustomerCharge,

    /// <summary>A customer paid for a membership or support plan.</summary>
    SubscriptionCharge,

    /// <summary>Money given back to a customer, reversing the split of the part refunded.</summary>
    Refund,

    /// <summary>A card dispute opened: the disputed part's earnings are frozen.</summary>
    DisputeFreeze,

    /// <summary>A dispute was won: the frozen earnings go back to their owners.</summary>
    DisputeWon,

    /// <summary>A dispute was lost: the frozen money went back to the customer.</summary>
    DisputeLost,

    /// <summary>A payout was sent to an expert's connected account.</summary>
    PayoutSent,

    /// <summary>A payout could not be sent: the money is owed to the expert again.</summary>
    PayoutFailed,

    /// <summary>The expert's bank received a payout.</summary>
    PayoutPaid,

    /// <summary>Part of a transfer came back from an expert's connected account (after a refund), settling what they owed.</summary>
    TransferReversal,

    /// <summary>An explicit conversion between currencies; the only kind that may hold two currencies.</summary>
    CurrencyConversion,
}

/// <summary>One line of a transaction: an amount debited (positive) or credited (negative) to an account.</summary>
/// <param name="Memo">What this line is, for the account's holder (e.g. "Commission 10%").</param>
public sealed record LedgerEntry(LedgerAccount Account, Money Amount, string Memo);

/// <summary>The business objects a transaction belongs to, so each line can be explained and found.</summary>
public sealed record LedgerReferences(
    string? PaymentId = null,
    string? QuestionId = null,
    string? PayoutId = null,
    string? DisputeId = null,
    string? SubscriptionId = null,
    string? ProviderObjectId = null);

/// <summary>
/// One money movement: balanced entries, written once. Its id is the business idempotency key
/// (<c>charge:{paymentId}</c>, <c>refund:{paymentId}:{from}-{to}</c>, <c>payout:{payoutId}</c>…), so posting the same
/// movement twice is a duplicate, never a second movement. Every transaction sums to zero in each currency; only a
/// <see cref="LedgerTransactionKind.CurrencyConversion"/> may hold more than one currency.
/// </summary>
public sealed record LedgerTransaction : IAggregate
{
    public const int MaxIdLength = 200;

    [JsonConstructor]
    public LedgerTransaction(string id, LedgerTransactionKind kind, string description, IReadOnlyList<LedgerEntry> entries, DateTimeOffset occurredAt, LedgerReferences references, long version = 0)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength)
        {
            throw new ArgumentException($"A transaction id is its idempotency key: 1 to {MaxIdLength} characters.", nameof(id));
        }

        Validate(kind, entries);
        Id = id;
        Kind = kind;
        Description = description;
        Entries = entries;
        OccurredAt = occurredAt;
        References = references;
        Version = version;
    }

    public string Id { get; }

    public LedgerTransactionKind Kind { get; }

    /// <summary>What happened, in words for people, e.g. "Paid question answered by Alice Expert".</summary>
    public string Description { get; }

    public IReadOnlyList<LedgerEntry> Entries { get; }

    public DateTimeOffset OccurredAt { get; }

    public LedgerReferences References { get; }

    public long Version { get; init; }

    /// <summary>The currencies this transaction moves (one, except for a conversion).</summary>
    [JsonIgnore]
    public IReadOnlyList<Currency> Currencies => Entries.Select(e => e.Amount.Currency).Distinct().ToArray();

    /// <summary>The signed sum of this transaction's lines on an account.</summary>
    public Money AmountOn(LedgerAccount account, Currency currency) =>
        Entries.Where(e => e.Account == account && e.Amount.Currency == currency).Aggregate(Money.Zero(currency), (sum, e) => sum + e.Amount);

    private static void Validate(LedgerTransactionKind kind, IReadOnlyList<LedgerEntry> entries)
    {
        // Unbalanced or empty postings are built by code, never typed by a user: they are bugs, so they throw.
        if (entries is null || entries.Count < 2)
        {
            throw new InvalidOperationException("A ledger transaction has at least two entries.");
        }

        foreach (var entry in entries)
        {
            if (entry.Amount.Minor == 0)
            {
                throw new InvalidOperationException($"A ledger entry on {entry.Account} has no amount.");
            }

            if (entry.Amount.Currency.Code is null)
            {
                throw new InvalidOperationException($"A ledger entry on {entry.Account} has no currency.");
            }

            if (entry.Account.Kind == LedgerAccountKind.CurrencyConversion && kind != LedgerTransactionKind.CurrencyConversion)
            {
                throw new InvalidOperationException("Only a currency conversion may use the conversion account.");
            }
        }

        var byCurrency = entries.GroupBy(e => e.Amount.Currency).ToArray();
        if (byCurrency.Length > 1 && kind != LedgerTransactionKind.CurrencyConversion)
        {
            throw new InvalidOperationException($"A {kind} transaction cannot mix {string.Join(" and ", byCurrency.Select(g => g.Key))} without an explicit conversion.");
        }

        foreach (var currency in byCurrency)
        {
            var sum = currency.Aggregate(0L, (total, e) => checked(total + e.Amount.Minor));
            if (sum != 0)
            {
                throw new InvalidOperationException($"A ledger transaction must balance: its {currency.Key} entries sum to {sum}.");
            }
        }
    }
}
