using System.Text.Json.Serialization;
using Headstore.Domain.Common;
using Headstore.Domain.Payments;

namespace Headstore.Domain.Offers;

/// <summary>Where an offer is in its lifecycle; see <see cref="OfferLifecycle"/> and docs/offers.md.</summary>
public enum OfferState
{
    /// <summary>Sent; the customer may accept or decline, the expert may withdraw.</summary>
    Open,

    /// <summary>The customer accepted and the charge is being made; nothing else may happen to the offer meanwhile.</summary>
    Accepting,

    /// <summary>Accepted and paid: the expert is doing the work.</summary>
    InProgress,

    /// <summary>The expert delivered. The customer may still ask for a refund within the refund window.</summary>
    Completed,

    Declined,
    Withdrawn,
    Expired,

    /// <summary>The expert said they cannot deliver; the customer is refunded in full.</summary>
    CannotComplete,

    /// <summary>Refunded in full on the customer's request.</summary>
    Refunded,
}

/// <summary>Who caused a transition: one of the two parties, or the lifecycle's own timers.</summary>
public enum OfferParty
{
    Customer,
    Expert,
    System,
}

/// <summary>One entry of an offer's history: what happened, from which state to which, who did it and when.</summary>
/// <param name="By">The user who acted; null for timers.</param>
public sealed record OfferTransition(string Event, OfferState From, OfferState To, OfferParty Party, UserId? By, DateTimeOffset At, string? Reason = null);

/// <summary>The service an offer is for, copied when the offer is sent so later catalogue edits do not change it.</summary>
public sealed record OfferService(ServiceId Id, ServiceKind Kind, string Name, bool IsCustom);

/// <summary>
/// What accepting charges, worked out before the charge: the offer price on the saved card, and the question's own
/// authorised price to capture when it is still due. Fixed with the attempt, so a retry repeats exactly the same
/// provider requests under the same idempotency keys.
/// </summary>
public sealed record OfferChargePlan(PaymentId OfferPaymentId, PaymentId? QuestionPaymentId, Money? QuestionPrice, string ProviderCustomerId, string PaymentMethodId);

/// <summary>An acceptance attempt: its number (part of its idempotency keys), who accepted, when, and its plan.</summary>
public sealed record OfferCharge(int Attempt, UserId By, DateTimeOffset RequestedAt, DateTimeOffset RetryAt, Money OfferPrice, OfferChargePlan Plan)
{
    public string ProviderKey(OfferId offer) => $"offer:{offer.Value}:charge:{Attempt}";
}

/// <summary>A full refund of what the acceptance charged: pending until every payment is refunded, then settled (or failed, for care).</summary>
public sealed record OfferRefund(DateTimeOffset RequestedAt, DateTimeOffset? RetryAt, DateTimeOffset? SettledAt, string? FailureCode)
{
    public bool IsPending => SettledAt is null && FailureCode is null;
}

/// <summary>
/// An expert's offer of a premium service on a question they answered: the service, what exactly the customer
/// receives, and the price. One document per offer; its state changes only through <see cref="OfferLifecycle"/>, and
/// every change is kept in <see cref="History"/> with who and when.
/// </summary>
public sealed record Offer(
    OfferId Id,
    QuestionId QuestionId,
    AnswerId AnswerId,
    CategoryId CategoryId,
    string QuestionTitle,
    ExpertId ExpertId,
    string ExpertName,
    UserId CustomerId,
    OfferService Service,
    string Deliverable,
    Money Price,
    OfferState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<OfferTransition> History,
    long Version) : IAggregate
{
    public const int MaxDeliverableLength = 2000;
    public const int MaxReasonLength = 1000;

    string IAggregate.Id => Id.Value;

    /// <summary>When the customer is reminded of the open offer (once).</summary>
    public DateTimeOffset RemindAt { get; init; }

    public DateTimeOffset? RemindedAt { get; init; }

    /// <summary>When an offer nobody answered expires.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The acceptance being made (state Accepting), or the last one.</summary>
    public OfferCharge? Charge { get; init; }

    /// <summary>Why the last acceptance failed (a card decline code), while the offer is open again.</summary>
    public string? LastChargeFailure { get; init; }

    public DateTimeOffset? AcceptedAt { get; init; }

    /// <summary>The payment for the offer price, captured at acceptance.</summary>
    public PaymentId? OfferPaymentId { get; init; }

    /// <summary>The question's own payment when the acceptance captured it (it was still due).</summary>
    public PaymentId? QuestionPaymentId { get; init; }

    /// <summary>When the expert is prompted to complete an accepted offer (once).</summary>
    public DateTimeOffset? PromptAt { get; init; }

    public DateTimeOffset? PromptedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Until when the customer may ask for a refund of a completed offer.</summary>
    public DateTimeOffset? RefundableUntil { get; init; }

    /// <summary>When nothing more could happen to the offer (declined, withdrawn, expired, refund window over).</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    public OfferRefund? Refund { get; init; }

    /// <summary>The secure remote assistance session running now under this offer, if any.</summary>
    public RemoteSessionId? RunningRemoteSession { get; init; }

    public int RemoteSessionCount { get; init; }

    /// <summary>What the acceptance charged: the offer price and, when it was captured with it, the question's price.</summary>
    [JsonIgnore]
    public IReadOnlyList<PaymentId> ChargedPayments => new[] { OfferPaymentId, QuestionPaymentId }.Where(p => p is not null).Select(p => p!.Value).ToArray();

    public bool IsParty(UserId user) => user == CustomerId || user == ExpertId.User;

    /// <summary>Starts a remote assistance session: only under an accepted, running offer for that service, one at a time.</summary>
    public Result<Offer> StartRemoteSession(RemoteSessionId session, DateTimeOffset now)
    {
        if (Service.Kind != ServiceKind.RemoteAssistance)
        {
            return Error.Rule("not-remote-assistance", "Remote sessions are only allowed under an offer for secure remote assistance.");
        }

        if (State != OfferState.InProgress)
        {
            return Error.Rule("offer-not-in-progress", "Remote sessions are only allowed while an accepted offer is in progress.");
        }

        if (RunningRemoteSession is not null)
        {
            return Error.Conflict("remote-session-running", "A remote session is already running under this offer; end it first.");
        }

        return this with { RunningRemoteSession = session, RemoteSessionCount = RemoteSessionCount + 1, UpdatedAt = now };
    }

    /// <summary>The running session ended; another may start.</summary>
    public Offer RemoteSessionEnded(RemoteSessionId session, DateTimeOffset now) =>
        RunningRemoteSession == session ? this with { RunningRemoteSession = null, UpdatedAt = now } : this;
}
