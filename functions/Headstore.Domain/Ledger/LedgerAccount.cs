using System.Text.Json;
using System.Text.Json.Serialization;
using Headstore.Domain.Common;

namespace Headstore.Domain.Ledger;

/// <summary>Which side an account grows on. Assets grow with debits; liabilities and revenue with credits.</summary>
public enum NormalSide
{
    Debit,
    Credit,
}

/// <summary>
/// The kinds of account in the ledger. Entries are signed: a debit is positive and a credit negative, so every
/// transaction sums to zero per currency. See docs/money.md for what each account means and which postings touch it.
/// </summary>
public enum LedgerAccountKind
{
    /// <summary>Card payments received and held at the payment provider (platform balance and experts' connected balances not yet paid to a bank). Asset.</summary>
    CustomerFunds,

    /// <summary>Money given back to customers by refund: a contra account of <see cref="CustomerFunds"/>. Its balance is the total refunded, as a credit.</summary>
    Refunds,

    /// <summary>Earnings frozen while a card dispute is open; released to their owners when won, paid back to the customer when lost. Liability.</summary>
    Disputes,

    /// <summary>What Headstore owes one expert and has not sent yet. Negative (a debit balance) when a refund came after a payout: netted from later payouts.</summary>
    ExpertPayable,

    /// <summary>What Headstore owes one ambassador from their share of commission. Liability.</summary>
    AmbassadorPayable,

    /// <summary>Headstore's commission on what customers pay for experts' work. Revenue.</summary>
    PlatformCommission,

    /// <summary>Headstore's revenue from memberships and support plans. Revenue.</summary>
    PlatformSubscriptions,

    /// <summary>Sent to experts' connected accounts, not yet confirmed as paid to their bank. Liability.</summary>
    PayoutsInTransit,

    /// <summary>Money received that could not be attributed yet (e.g. a payment captured outside Headstore); an admin resolves it. Liability.</summary>
    Suspense,

    /// <summary>The counter account of an explicit currency conversion; balances per currency.</summary>
    CurrencyConversion,
}

/// <summary>
/// A ledger account: a kind, plus the owner for per-person accounts (an expert's or an ambassador's payable).
/// Written as one string, e.g. <c>expert-payable:expert-alice</c> or <c>platform-commission</c>.
/// </summary>
[JsonConverter(typeof(LedgerAccountJsonConverter))]
public readonly record struct LedgerAccount
{
    private static readonly Dictionary<LedgerAccountKind, string> Names = new()
    {
        [LedgerAccountKind.CustomerFunds] = "customer-funds",
        [LedgerAccountKind.Refunds] = "refunds",
        [LedgerAccountKind.Disputes] = "disputes",
        [LedgerAccountKind.ExpertPayable] = "expert-payable",
        [LedgerAccountKind.AmbassadorPayable] = "ambassador-payable",
        [LedgerAccountKind.PlatformCommission] = "platform-commission",
        [LedgerAccountKind.PlatformSubscriptions] = "platform-subscriptions",
        [LedgerAccountKind.PayoutsInTransit] = "payouts-in-transit",
        [LedgerAccountKind.Suspense] = "suspense",
        [LedgerAccountKind.CurrencyConversion] = "currency-conversion",
    };

    private static readonly Dictionary<string, LedgerAccountKind> Kinds = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    private LedgerAccount(LedgerAccountKind kind, string? owner)
    {
        Kind = kind;
        Owner = owner;
    }

    public LedgerAccountKind Kind { get; }

    /// <summary>The expert's or ambassador's user id for per-person accounts; null for platform accounts.</summary>
    public string? Owner { get; }

    public static LedgerAccount CustomerFunds { get; } = new(LedgerAccountKind.CustomerFunds, null);

    public static LedgerAccount Refunds { get; } = new(LedgerAccountKind.Refunds, null);

    public static LedgerAccount Disputes { get; } = new(LedgerAccountKind.Disputes, null);

    public static LedgerAccount PlatformCommission { get; } = new(LedgerAccountKind.PlatformCommission, null);

    public static LedgerAccount PlatformSubscriptions { get; } = new(LedgerAccountKind.PlatformSubscriptions, null);

    public static LedgerAccount PayoutsInTransit { get; } = new(LedgerAccountKind.PayoutsInTransit, null);

    public static LedgerAccount Suspense { get; } = new(LedgerAccountKind.Suspense, null);

    public static LedgerAccount CurrencyConversion { get; } = new(LedgerAccountKind.CurrencyConversion, null);

    public static LedgerAccount ExpertPayable(ExpertId expert) => new(LedgerAccountKind.ExpertPayable, RequireOwner(expert.Value));

    public static LedgerAccount AmbassadorPayable(UserId ambassador) => new(LedgerAccountKind.AmbassadorPayable, RequireOwner(ambassador.Value));

    public bool IsPerPerson => Kind is LedgerAccountKind.ExpertPayable or LedgerAccountKind.AmbassadorPayable;

    public NormalSide NormalSide => Kind is LedgerAccountKind.CustomerFunds or LedgerAccountKind.CurrencyConversion ? NormalSide.Debit : NormalSide.Credit;

    /// <summary>The stored and displayed key.</summary>
    public string Key => Owner is null ? Names[Kind] : $"{Names[Kind]}:{Owner}";

    public static bool TryParse(string? key, out LedgerAccount account)
    {
        account = default;
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? key : key[..colon];
        if (!Kinds.TryGetValue(name, out var kind))
        {
            return false;
        }

        var owner = colon < 0 ? null : key[(colon + 1)..];
        var perPerson = kind is LedgerAccountKind.ExpertPayable or LedgerAccountKind.AmbassadorPayable;
        if (perPerson != !string.IsNullOrEmpty(owner))
        {
            return false;
        }

        account = new LedgerAccount(kind, owner);
        return true;
    }

    public static LedgerAccount Parse(string key) =>
        TryParse(key, out var account) ? account : throw new FormatException($"'{key}' is not a ledger account.");

    /// <summary>
    /// A balance as the account's holder reads it: positive in the account's normal direction (owed to an expert, revenue
    /// earned, funds held), from the signed sum of its entries (debits positive).
    /// </summary>
    public Money InNormalDirection(Money signedSum) => NormalSide == NormalSide.Debit ? signedSum : -signedSum;

    public override string ToString() => Key;

    private static string RequireOwner(string? owner) =>
        string.IsNullOrWhiteSpace(owner) || owner.Contains(':', StringComparison.Ordinal)
            ? throw new ArgumentException("A per-person account needs an owner id without ':'.", nameof(owner))
            : owner;
}

public sealed class LedgerAccountJsonConverter : JsonConverter<LedgerAccount>
{
    public override LedgerAccount Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        LedgerAccount.TryParse(reader.GetString(), out var account) ? account : throw new JsonException("Not a ledger account.");

    public override void Write(Utf8JsonWriter writer, LedgerAccount value, JsonSerializerOptions options) => writer.WriteStringValue(value.Key);
}
