using Headstore.Domain.Common;
using Headstore.Domain.Ledger;

namespace Headstore.Domain.Payments;

public enum PaymentPurpose
{
    Question,
    Offer,
    Session,
    Subscription,
}

public enum PaymentState
{
    /// <summary>Reserved on the card (manual capture); nothing taken yet.</summary>
    Authorised,

    /// <summary>Taken: the ledger holds the charge; refunds and disputes reverse slices of it.</summary>
    Captured,

    /// <summary>The reservation was given back; nothing was ever taken.</summary>
    Released,
}

/// <summary>A slice [From, To) of a captured amount, in minor units.</summary>
public sealed record AmountSlice(long From, long To)
{
    public long Length => To - From;
}

public enum DisputeOutcome
{
    Open,
    Won,
    Lost,
}

/// <summary>A card dispute on this payment: the slice whose earnings it froze, and how it ended.</summary>
/// <param name="Claimed">What the card network took (or may take); more than the frozen slice when part was already refunded.</param>
public sealed record DisputeHold(string DisputeId, AmountSlice Frozen, long Claimed, string Reason, DisputeOutcome Outcome, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt);

/// <summary>
/// A customer's card payment for one thing (a paid question, an offer, a session, a plan period), from authorisation
/// to capture, refunds and disputes. Its state only moves forward, and every change that moves money returns the
/// ledger transaction to post with it, keyed so that applying the same fact twice posts once:
/// <c>charge:{id}</c>, <c>refund:{id}:{from}-{to}</c>, <c>dispute:{disputeId}:freeze|won|lost</c>.
/// </summary>
/// <remarks>
/// Refunds are slices from the bottom of the captured amount, in the order the provider made them (its cumulative
/// "amount refunded" gives each refund's slice), and a dispute freezes a slice from the top. Each slice's split is
/// <see cref="RevenueSplit.OfSlice"/>, so the result does not depend on the order in which events arrive.
/// </remarks>
public sealed record CustomerPayment(
    PaymentId Id,
    PaymentPurpose Purpose,
    string ReferenceId,
    UserId CustomerId,
    string Description,
    Money Amount,
    Money Captured,
    PaymentState State,
    string ProviderPaymentId,
    IReadOnlyList<string> PreviousProviderPaymentIds,
    ExpertId? IntendedPayee,
    Earner? Earner,
    DateTimeOffset CreatedAt,
    DateTimeOffset AuthorisedAt,
    DateTimeOffset? CapturedAt,
    DateTimeOffset? ReleasedAt,
    DateTimeOffset? ReviewAt,
    int Renewals,
    IReadOnlyList<AmountSlice> Refunds,
    IReadOnlyList<DisputeHold> Disputes,
    long Version) : IAggregate
{
    string IAggregate.Id => Id.Value;

    public static string ChargeKey(PaymentId id) => $"charge:{id.Value}";

    /// <summary>The total refunded so far.</summary>
    public Money Refunded => new(Refunds.Sum(r => r.Length), Amount.Currency);

    /// <summary>Frozen by an open dispute or taken back by a lost one.</summary>
    public Money HeldByDisputes => new(Disputes.Where(d => d.Outcome != DisputeOutcome.Won).Sum(d => d.Frozen.Length), Amount.Currency);

    /// <summary>What can still be refunded: captured, less refunds and disputed money.</summary>
    public Money Refundable => State == PaymentState.Captured ? Captured - Refunded - HeldByDisputes : Money.Zero(Amount.Currency);

    public bool HasOpenDispute => Disputes.Any(d => d.Outcome == DisputeOutcome.Open);

    /// <summary>A card reservation made for something the customer will be charged for later.</summary>
    public static CustomerPayment Authorise(
        PaymentId id, PaymentPurpose purpose, string referenceId, UserId customer, string description, Money amount,
        string providerPaymentId, DateTimeOffset authorisedAt, DateTimeOffset? reviewAt, ExpertId? intendedPayee = null) =>
        new(id, purpose, referenceId, customer, description, amount, Money.Zero(amount.Currency), PaymentState.Authorised, providerPaymentId, [],
            intendedPayee, null, authorisedAt, authorisedAt, null, null, reviewAt, 0, [], [], 0);

    /// <summary>A payment taken at once (a plan period): captured from the start, with its charge posting.</summary>
    public static (CustomerPayment Payment, LedgerTransaction Posting) Charged(
        PaymentId id, PaymentPurpose purpose, string referenceId, UserId customer, string description, Money amount,
        string providerPaymentId, Earner earner, DateTimeOffset now)
    {
        var payment = new CustomerPayment(id, purpose, referenceId, customer, description, amount, amount, PaymentState.Captured, providerPaymentId, [],
            earner.Expert, earner, now, now, now, null, null, 0, [], [], 0);
        return (payment, payment.ChargePosting(now));
    }

    /// <summary>Takes up to the authorised amount, crediting the earner. Capturing again with the same amount changes nothing.</summary>
    public Result<(CustomerPayment Payment, LedgerTransaction? Posting)> Capture(Money amount, Earner earner, DateTimeOffset now)
    {
        switch (State)
        {
            case PaymentState.Released:
                return Error.Rule("payment-released", "This payment was released; nothing can be captured.");
            case PaymentState.Captured when Captured == amount:
                return (this, null);
            case PaymentState.Captured:
                return Error.Conflict("already-captured", $"This payment was already captured ({Captured.Format()}).");
        }

        if (amount.Currency != Amount.Currency)
        {
            return Error.Validation("amount", $"This payment is in {Amount.Currency}.");
        }

        if (!amount.IsPositive || amount.Minor > Amount.Minor)
        {
            return Error.Validation("amount", $"Capture between 0.01 and {Amount.Format()}.");
        }

        var captured = this with { State = PaymentState.Captured, Captured = amount, Earner = earner, CapturedAt = now, ReviewAt = null };
        return (captured, captured.ChargePosting(now));
    }

    /// <summary>Gives the reservation back. Releasing twice is fine; releasing a captured payment is not.</summary>
    public Result<CustomerPayment> Release(DateTimeOffset now) => State switch
    {
        PaymentState.Released => this,
        PaymentState.Captured => Error.Rule("already-captured", "This payment was already taken; ask for a refund instead."),
        _ => this with { State = PaymentState.Released, ReleasedAt = now, ReviewAt = null },
    };

    /// <summary>A new authorisation replaced the old one before it lapsed.</summary>
    public CustomerPayment Renewed(string newProviderPaymentId, DateTimeOffset now, DateTimeOffset? reviewAt) =>
        State != PaymentState.Authorised
            ? throw new InvalidOperationException("Only an authorised payment is renewed.")
            : this with
            {
                PreviousProviderPaymentIds = [.. PreviousProviderPaymentIds, ProviderPaymentId],
                ProviderPaymentId = newProviderPaymentId,
                AuthorisedAt = now,
                Renewals = Renewals + 1,
                ReviewAt = reviewAt,
            };

    public CustomerPayment ReviewLater(DateTimeOffset? at) => this with { ReviewAt = at };

    /// <summary>Checks a refund request: all that is left when no amount is given, otherwise at most that.</summary>
    public Result<Money> CheckRefund(Money? requested)
    {
        if (State != PaymentState.Captured)
        {
            return Error.Rule("not-captured", "Nothing has been taken from the card yet, so there is nothing to refund.");
        }

        if (HasOpenDispute)
        {
            return Error.Rule("payment-disputed", "The cardholder disputed this payment; the card network decides, so it cannot be refunded now.");
        }

        var refundable = Refundable;
        if (requested is { } amount)
        {
            if (amount.Currency != Amount.Currency)
            {
                return Error.Validation("amount", $"This payment is in {Amount.Currency}.");
            }

            if (!amount.IsPositive)
            {
                return Error.Validation("amount", "A refund is for a positive amount.");
            }

            if (amount.Minor > refundable.Minor)
            {
                return Error.Validation("amount", $"At most {refundable.Format()} can be refunded.");
            }
        }

        if (!refundable.IsPositive)
        {
            return Error.Rule("fully-refunded", "This payment has been refunded in full.");
        }

        return requested ?? refundable;
    }

    /// <summary>
    /// The provider says <paramref name="total"/> has been refunded in all, and <paramref name="previousTotal"/> before this
    /// refund (when it says so). Posts each part of that slice not posted yet; stale or repeated news posts nothing.
    /// </summary>
    public (CustomerPayment Payment, IReadOnlyList<LedgerTransaction> Postings) ApplyRefundTotal(long? previousTotal, long total, string? providerObjectId, DateTimeOffset now)
    {
        if (State != PaymentState.Captured)
        {
            throw new InvalidOperationException("Apply the capture before its refunds.");
        }

        var to = Math.Min(total, Captured.Minor);
        var from = Math.Max(0, Math.Min(previousTotal ?? Refunds.Select(r => r.To).DefaultIfEmpty(0).Max(), to));
        if (to <= from)
        {
            return (this, []);
        }

        // Never reverse what a dispute holds; a won dispute has given its slice back, so that may be refunded.
        var covered = Refunds.Concat(Disputes.Where(d => d.Outcome != DisputeOutcome.Won).Select(d => d.Frozen)).ToArray();
        var slices = Uncovered(covered, from, to);
        if (slices.Count == 0)
        {
            return (this, []);
        }

        var earner = Earner ?? throw new InvalidOperationException("A captured payment has an earner.");
        var postings = slices.Select(s => LedgerPostings.Refund(
            $"refund:{Id.Value}:{s.From}-{s.To}", earner, new Money(s.From, Amount.Currency), new Money(s.To, Amount.Currency),
            Description, now, References(providerObjectId))).ToArray();
        var refunds = Refunds.Concat(slices).OrderBy(s => s.From).ToArray();
        return (this with { Refunds = refunds }, postings);
    }

    /// <summary>A card dispute opened: freezes the disputed slice from the top of what is not refunded. Repeated news changes nothing.</summary>
    public (CustomerPayment Payment, LedgerTransaction? Posting) OpenDispute(string disputeId, Money claimed, string reason, DateTimeOffset now)
    {
        if (State != PaymentState.Captured)
        {
            throw new InvalidOperationException("Apply the capture before a dispute.");
        }

        if (Disputes.Any(d => d.DisputeId == disputeId))
        {
            return (this, null);
        }

        var top = Captured.Minor - HeldByDisputes.Minor;
        var refundedTop = Refunds.Select(r => r.To).DefaultIfEmpty(0).Max();
        var frozenLength = Math.Max(0, Math.Min(claimed.Minor, top - refundedTop));
        var slice = new AmountSlice(top - frozenLength, top);
        var hold = new DisputeHold(disputeId, slice, claimed.Minor, reason, DisputeOutcome.Open, now, null);
        var payment = this with { Disputes = [.. Disputes, hold] };
        var posting = slice.Length == 0
            ? null
            : LedgerPostings.DisputeFreeze($"dispute:{disputeId}:freeze", Earner!, Slice(slice).From, Slice(slice).To, Description, now, References(disputeId, disputeId));
        return (payment, posting);
    }

    /// <summary>The dispute ended. Opens it first if that news never came; a closed dispute stays as it ended.</summary>
    public (CustomerPayment Payment, IReadOnlyList<LedgerTransaction> Postings) CloseDispute(string disputeId, bool won, Money claimed, string reason, DateTimeOffset now)
    {
        var postings = new List<LedgerTransaction>();
        var payment = this;
        if (!Disputes.Any(d => d.DisputeId == disputeId))
        {
            var (opened, freeze) = OpenDispute(disputeId, claimed, reason, now);
            payment = opened;
            if (freeze is not null)
            {
                postings.Add(freeze);
            }
        }

        var hold = payment.Disputes.Single(d => d.DisputeId == disputeId);
        if (hold.Outcome != DisputeOutcome.Open)
        {
            return (payment, postings);
        }

        var (from, to) = Slice(hold.Frozen);
        var references = References(disputeId, disputeId);
        if (won && hold.Frozen.Length > 0)
        {
            postings.Add(LedgerPostings.DisputeWon($"dispute:{disputeId}:won", Earner!, from, to, Description, now, references));
        }
        else if (!won)
        {
            var excess = new Money(Math.Max(0, hold.Claimed - hold.Frozen.Length), Amount.Currency);
            if (hold.Frozen.Length > 0 || excess.IsPositive)
            {
                postings.Add(LedgerPostings.DisputeLost($"dispute:{disputeId}:lost", to - from, excess, Description, now, references));
            }
        }

        var closed = hold with { Outcome = won ? DisputeOutcome.Won : DisputeOutcome.Lost, ClosedAt = now };
        return (payment with { Disputes = payment.Disputes.Select(d => d.DisputeId == disputeId ? closed : d).ToArray() }, postings);
    }

    public LedgerReferences References(string? providerObjectId = null, string? disputeId = null) => new(
        PaymentId: Id.Value,
        QuestionId: Purpose == PaymentPurpose.Question ? ReferenceId : null,
        DisputeId: disputeId,
        SubscriptionId: Purpose == PaymentPurpose.Subscription ? ReferenceId : null,
        ProviderObjectId: providerObjectId ?? ProviderPaymentId);

    private LedgerTransaction ChargePosting(DateTimeOffset now) =>
        LedgerPostings.CustomerCharge(ChargeKey(Id), Earner!, Captured, Description, now, References());

    private (Money From, Money To) Slice(AmountSlice slice) => (new Money(slice.From, Amount.Currency), new Money(slice.To, Amount.Currency));

    /// <summary>The parts of [from, to) that no slice in <paramref name="covered"/> overlaps, in order.</summary>
    internal static IReadOnlyList<AmountSlice> Uncovered(IEnumerable<AmountSlice> covered, long from, long to)
    {
        var result = new List<AmountSlice>();
        var cursor = from;
        foreach (var slice in covered.Where(c => c.Length > 0 && c.To > from && c.From < to).OrderBy(c => c.From))
        {
            if (slice.From > cursor)
            {
                result.Add(new AmountSlice(cursor, slice.From));
            }

            cursor = Math.Max(cursor, slice.To);
        }

        if (cursor < to)
        {
            result.Add(new AmountSlice(cursor, to));
        }

        return result;
    }
}
