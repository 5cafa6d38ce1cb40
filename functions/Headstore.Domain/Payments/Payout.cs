using System.Globalization;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;

namespace Headstore.Domain.Payments;

public enum PayoutState
{
    /// <summary>The amount is reserved in the ledger (moved to payouts in transit); the transfer is being made.</summary>
    Pending,

    /// <summary>The transfer reached the expert's connected account; their bank has not confirmed yet.</summary>
    InTransit,

    /// <summary>The expert's bank received it.</summary>
    Paid,

    /// <summary>The transfer could not be made; the amount is owed to the expert again and goes out next week.</summary>
    Failed,
}

/// <summary>
/// One weekly payout of an expert's payable (and ambassador earnings) in one currency, sent as a transfer to their
/// connected account. The ledger moves with it: <c>payout:{id}</c> when reserved, <c>payout:{id}:failed</c> if the
/// transfer fails, <c>payout:{id}:paid</c> when the bank has it, <c>transfer-reversal:{transferId}:{from}-{to}</c>
/// for money taken back to settle a later refund.
/// </summary>
public sealed record Payout(
    PayoutId Id,
    ExpertId ExpertId,
    string Week,
    Money Amount,
    string ConnectedAccountId,
    PayoutState State,
    string? TransferId,
    IReadOnlyList<AmountSlice> Reversals,
    string? FailureCode,
    bool BankPayoutFailed,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? PaidAt,
    long Version) : IAggregate
{
    string IAggregate.Id => Id.Value;

    public Money Reversed => new(Reversals.Sum(r => r.Length), Amount.Currency);

    /// <summary>What is still on its way to (or reached) the bank.</summary>
    public Money Outstanding => Amount - Reversed;

    public string TransferGroup => $"payouts-{Week}";

    public static string SentKey(PayoutId id) => $"payout:{id.Value}";

    /// <summary>The ISO 8601 week of a time, e.g. "2026-W45": the unit of "paid weekly".</summary>
    public static string WeekOf(DateTimeOffset time) =>
        $"{ISOWeek.GetYear(time.UtcDateTime).ToString(CultureInfo.InvariantCulture)}-W{ISOWeek.GetWeekOfYear(time.UtcDateTime).ToString("00", CultureInfo.InvariantCulture)}";

    /// <summary>Reserves the payable balances for this week's payout: the payout and its ledger posting, written together.</summary>
    public static (Payout Payout, LedgerTransaction Posting) Reserve(
        ExpertId expert, string week, IReadOnlyList<(LedgerAccount Account, Money Balance)> payables, string connectedAccountId, DateTimeOffset now)
    {
        var currency = payables[0].Balance.Currency;
        var total = payables.Aggregate(Money.Zero(currency), (sum, p) => sum + p.Balance);
        var id = PayoutId.For(expert, week, currency);
        var payout = new Payout(id, expert, week, total, connectedAccountId, PayoutState.Pending, null, [], null, false, now, null, null, 0);
        var posting = LedgerPostings.PayoutSent(SentKey(id), payables, $"Weekly payout {week}", now, new LedgerReferences(PayoutId: id.Value));
        return (payout, posting);
    }

    public Payout Sent(string transferId, DateTimeOffset now) =>
        State == PayoutState.Pending ? this with { State = PayoutState.InTransit, TransferId = transferId, SentAt = now } : this;

    /// <summary>The transfer was refused: the reservation is reversed, so the money is owed to the expert again.</summary>
    public (Payout Payout, LedgerTransaction? Posting) Fail(string failureCode, LedgerTransaction reservation, DateTimeOffset now) =>
        State != PayoutState.Pending
            ? (this, null)
            : (this with { State = PayoutState.Failed, FailureCode = failureCode }, LedgerPostings.PayoutFailed($"payout:{Id.Value}:failed", reservation, $"Weekly payout {Week} not sent", now));

    /// <summary>What the provider says reached the bank for this payout (set when paid).</summary>
    public Money? PaidAmount { get; init; }

    /// <summary>
    /// The expert's bank has <paramref name="paid"/> of this payout: the amount comes from the provider's payout, not from
    /// what we have heard of reversals so far, so a reversal reported late does not change what is posted. Repeated news
    /// posts nothing.
    /// </summary>
    public (Payout Payout, LedgerTransaction? Posting) MarkPaid(Money paid, DateTimeOffset now)
    {
        if (State is PayoutState.Paid or PayoutState.Failed or PayoutState.Pending)
        {
            return (this, null);
        }

        var updated = this with { State = PayoutState.Paid, PaidAt = now, BankPayoutFailed = false, PaidAmount = paid };
        var posting = paid.IsPositive
            ? LedgerPostings.PayoutPaid($"payout:{Id.Value}:paid", paid, $"Weekly payout {Week} arrived at the bank", now, new LedgerReferences(PayoutId: Id.Value, ProviderObjectId: TransferId))
            : null;
        return (updated, posting);
    }

    /// <summary>The bank refused the money: it stays in the connected account until the expert fixes their bank details.</summary>
    public Payout MarkBankPayoutFailed(string failureCode) => State == PayoutState.InTransit ? this with { BankPayoutFailed = true, FailureCode = failureCode } : this;

    /// <summary>The provider says <paramref name="total"/> of the transfer has been reversed (and <paramref name="previousTotal"/> before); posts what is new.</summary>
    public (Payout Payout, IReadOnlyList<LedgerTransaction> Postings) ApplyReversalTotal(long? previousTotal, long total, DateTimeOffset now)
    {
        if (TransferId is null)
        {
            return (this, []);
        }

        var to = Math.Min(total, Amount.Minor);
        var from = Math.Max(0, Math.Min(previousTotal ?? Reversals.Select(r => r.To).DefaultIfEmpty(0).Max(), to));
        var slices = CustomerPayment.Uncovered(Reversals, from, to);
        var postings = slices.Select(s => LedgerPostings.TransferReversal(
            $"transfer-reversal:{TransferId}:{s.From}-{s.To}", ExpertId, new Money(s.Length, Amount.Currency),
            $"Taken back from weekly payout {Week}", now, new LedgerReferences(PayoutId: Id.Value, ProviderObjectId: TransferId))).ToArray();
        return postings.Length == 0 ? (this, []) : (this with { Reversals = Reversals.Concat(slices).OrderBy(s => s.From).ToArray() }, postings);
    }
}
