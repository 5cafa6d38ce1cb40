using Headstore.Domain.Common;
using Headstore.Domain.Payments;

namespace Headstore.Domain.Offers;

/// <summary>Something that happens to an offer: a party's action, the outcome of the acceptance charge or refund, or time passing.</summary>
public abstract record OfferSignal
{
    public static TimePassed Tick { get; } = new();

    /// <summary>The customer accepts with the charge worked out for them.</summary>
    public sealed record Accept(UserId By, OfferChargePlan Plan) : OfferSignal;

    /// <summary>The acceptance's charge went through; <paramref name="QuestionPaymentCaptured"/> when it also captured the question's price.</summary>
    public sealed record Charged(PaymentId? QuestionPaymentCaptured) : OfferSignal;

    /// <summary>The acceptance's charge was refused (a card decline code); the offer is open again.</summary>
    public sealed record ChargeFailed(string Code) : OfferSignal;

    public sealed record Decline(UserId By, string? Reason) : OfferSignal;

    public sealed record Withdraw(UserId By, string? Reason) : OfferSignal;

    public sealed record Complete(UserId By, string? Note) : OfferSignal;

    public sealed record CannotComplete(UserId By, string? Reason) : OfferSignal;

    public sealed record RequestRefund(UserId By, string? Reason) : OfferSignal;

    /// <summary>Every payment the acceptance charged is refunded.</summary>
    public sealed record RefundsSettled : OfferSignal;

    /// <summary>A refund cannot be made (e.g. the card payment is disputed); care takes over.</summary>
    public sealed record RefundsFailed(string Code) : OfferSignal;

    /// <summary>No event, only the clock: apply whatever is due now (reminder, expiry, prompt, retries).</summary>
    public sealed record TimePassed : OfferSignal;
}

/// <summary>Whom an offer notice is for is decided by the mailer; the lifecycle only says what happened.</summary>
public enum OfferNotice
{
    Sent,
    Reminder,
    Accepted,
    Declined,
    Withdrawn,
    Expired,
    CompletionPrompt,
    Completed,
    CannotComplete,
    Refunded,
    RefundFailed,
}

/// <summary>What the application must do after a transition. The lifecycle decides; the application only carries it out.</summary>
public abstract record OfferEffect
{
    /// <summary>Charge the customer as planned (and capture the question's price when due), then report Charged or ChargeFailed.</summary>
    public sealed record ChargeCustomer(OfferCharge Charge) : OfferEffect;

    /// <summary>Refund these payments in full, then report RefundsSettled or RefundsFailed.</summary>
    public sealed record RefundCustomer(IReadOnlyList<PaymentId> Payments) : OfferEffect;

    public sealed record Notify(OfferNotice Notice) : OfferEffect;

    /// <summary>The offer closed while a remote session ran: end it.</summary>
    public sealed record EndRemoteSession(RemoteSessionId Session) : OfferEffect;
}

/// <summary>The timings of the lifecycle, from settings; applied when a transition sets a due time.</summary>
public sealed record OfferPolicy(
    TimeSpan ReminderAfter,
    TimeSpan OpenFor,
    TimeSpan CompletionPromptAfter,
    TimeSpan RefundWindow,
    TimeSpan AcceptRetryAfter,
    TimeSpan RefundRetryAfter)
{
    public static OfferPolicy Default { get; } = new(TimeSpan.FromHours(48), TimeSpan.FromDays(30), TimeSpan.FromDays(7), TimeSpan.FromDays(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(15));
}

/// <summary>The outcome of a signal: the offer after it, the effects to carry out, and whether anything changed.</summary>
public sealed record OfferStep(Offer Offer, IReadOnlyList<OfferEffect> Effects, bool Changed)
{
    public DateTimeOffset? NextDueAt => OfferLifecycle.NextDueAt(Offer);

    public bool IsFinal => OfferLifecycle.IsFinal(Offer);
}

/// <summary>
/// The offer state machine, pure: (offer, signal, now) → the next offer, its effects and its next due time. Hosts and
/// use cases only deliver signals and carry out effects.
/// <code>
///   Open ──accept──▶ Accepting ──charged──▶ InProgress ──complete──▶ Completed ──(refund window over)──▶ closed
///    │ │ │              │                      │  │                     │
///    │ │ │              └─charge failed─▶ Open │  └─cannot-complete──▶ CannotComplete (refund, care told)
///    │ │ └─decline──▶ Declined                 └─refund-request──▶ Refunded ◀──refund-request (in the window)─┘
///    │ └─withdraw──▶ Withdrawn
///    └─(30 days)──▶ Expired          timers: reminder 48 h after sending; completion prompt; acceptance and refund retries
/// </code>
/// </summary>
public static class OfferLifecycle
{
    public const string AggregateType = "offer";

    /// <summary>The expert sends an offer: open, with its reminder and expiry due.</summary>
    public static OfferStep Send(
        OfferId id, Domain.Questions.Question question, Domain.Questions.Answer answer, string expertName, OfferService service, string deliverable,
        Money price, DateTimeOffset now, OfferPolicy policy)
    {
        var offer = new Offer(id, question.Id, answer.Id, question.CategoryId, question.Title, answer.ExpertId, expertName, question.AskerId, service,
            deliverable.Trim(), price, OfferState.Open, now, now, [new OfferTransition("sent", OfferState.Open, OfferState.Open, OfferParty.Expert, answer.ExpertId.User, now)], 0)
        {
            RemindAt = now + policy.ReminderAfter,
            ExpiresAt = now + policy.OpenFor,
        };
        return new OfferStep(offer, [new OfferEffect.Notify(OfferNotice.Sent)], true);
    }

    public static Result<OfferStep> Apply(Offer offer, OfferSignal signal, DateTimeOffset now, OfferPolicy policy) => signal switch
    {
        OfferSignal.Accept accept => Accept(offer, accept, now, policy),
        OfferSignal.Charged charged => Charged(offer, charged, now, policy),
        OfferSignal.ChargeFailed failed => ChargeFailed(offer, failed, now),
        OfferSignal.Decline decline => CloseOpen(offer, OfferState.Declined, "declined", OfferParty.Customer, decline.By, decline.Reason, OfferNotice.Declined, now),
        OfferSignal.Withdraw withdraw => CloseOpen(offer, OfferState.Withdrawn, "withdrawn", OfferParty.Expert, withdraw.By, withdraw.Reason, OfferNotice.Withdrawn, now),
        OfferSignal.Complete complete => Complete(offer, complete, now, policy),
        OfferSignal.CannotComplete cannot => CannotComplete(offer, cannot, now, policy),
        OfferSignal.RequestRefund refund => RequestRefund(offer, refund, now, policy),
        OfferSignal.RefundsSettled => RefundsSettled(offer, now),
        OfferSignal.RefundsFailed failed => RefundsFailed(offer, failed, now),
        OfferSignal.TimePassed => TimePassed(offer, now, policy),
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal.GetType().Name, "Unknown offer signal."),
    };

    /// <summary>When the offer next needs the clock: reminder or expiry, a retry, the prompt, the end of the refund window.</summary>
    public static DateTimeOffset? NextDueAt(Offer offer) => offer.State switch
    {
        OfferState.Open => offer.RemindedAt is null && offer.RemindAt < offer.ExpiresAt ? offer.RemindAt : offer.ExpiresAt,
        OfferState.Accepting => offer.Charge?.RetryAt,
        OfferState.InProgress => offer.PromptedAt is null ? offer.PromptAt : null,
        OfferState.Completed => offer.ClosedAt is null ? offer.RefundableUntil : null,
        OfferState.CannotComplete or OfferState.Refunded => offer.Refund is { IsPending: true } refund ? refund.RetryAt : null,
        _ => null,
    };

    /// <summary>True when nothing can happen to the offer any more.</summary>
    public static bool IsFinal(Offer offer) => offer.State switch
    {
        OfferState.Declined or OfferState.Withdrawn or OfferState.Expired => true,
        OfferState.Completed => offer.ClosedAt is not null,
        OfferState.CannotComplete or OfferState.Refunded => offer.Refund is not { IsPending: true },
        _ => false,
    };

    /// <summary>Why the offer cannot be accepted now (not open, being accepted, already accepted, expired), or null.</summary>
    public static Error? CannotAccept(Offer offer, DateTimeOffset now) =>
        offer.State != OfferState.Open ? NotOpen(offer, "accepted")
        : now >= offer.ExpiresAt ? Error.Conflict("offer-not-open", "This offer has expired and can no longer be accepted.")
        : null;

    private static Result<OfferStep> Accept(Offer offer, OfferSignal.Accept accept, DateTimeOffset now, OfferPolicy policy)
    {
        if (CannotAccept(offer, now) is { } refused)
        {
            return refused;
        }

        var charge = new OfferCharge((offer.Charge?.Attempt ?? 0) + 1, accept.By, now, now + policy.AcceptRetryAfter, offer.Price, accept.Plan);
        var accepting = Move(offer, OfferState.Accepting, "accept-requested", OfferParty.Customer, accept.By, now) with { Charge = charge, LastChargeFailure = null };
        return new OfferStep(accepting, [new OfferEffect.ChargeCustomer(charge)], true);
    }

    private static Result<OfferStep> Charged(Offer offer, OfferSignal.Charged charged, DateTimeOffset now, OfferPolicy policy)
    {
        if (offer.State != OfferState.Accepting || offer.Charge is not { } charge)
        {
            return Error.Conflict("offer-not-accepting", "This offer is not being accepted.");
        }

        var accepted = Move(offer, OfferState.InProgress, "accepted", OfferParty.Customer, charge.By, now) with
        {
            AcceptedAt = now,
            OfferPaymentId = charge.Plan.OfferPaymentId,
            QuestionPaymentId = charged.QuestionPaymentCaptured,
            PromptAt = now + policy.CompletionPromptAfter,
        };
        return new OfferStep(accepted, [new OfferEffect.Notify(OfferNotice.Accepted)], true);
    }

    private static Result<OfferStep> ChargeFailed(Offer offer, OfferSignal.ChargeFailed failed, DateTimeOffset now)
    {
        if (offer.State != OfferState.Accepting)
        {
            return Error.Conflict("offer-not-accepting", "This offer is not being accepted.");
        }

        var reopened = Move(offer, OfferState.Open, "charge-failed", OfferParty.System, null, now, failed.Code) with { LastChargeFailure = failed.Code };
        return new OfferStep(reopened, [], true);
    }

    private static Result<OfferStep> CloseOpen(Offer offer, OfferState to, string name, OfferParty party, UserId by, string? reason, OfferNotice notice, DateTimeOffset now)
    {
        if (offer.State != OfferState.Open)
        {
            return NotOpen(offer, name);
        }

        if (CheckReason(reason, required: false) is { } invalid)
        {
            return invalid;
        }

        var closed = Move(offer, to, name, party, by, now, Clean(reason)) with { ClosedAt = now };
        return new OfferStep(closed, [new OfferEffect.Notify(notice)], true);
    }

    private static Result<OfferStep> Complete(Offer offer, OfferSignal.Complete complete, DateTimeOffset now, OfferPolicy policy)
    {
        if (offer.State != OfferState.InProgress)
        {
            return NotInProgress(offer);
        }

        if (CheckReason(complete.Note, required: false, field: "note") is { } invalid)
        {
            return invalid;
        }

        var completed = Move(offer, OfferState.Completed, "completed", OfferParty.Expert, complete.By, now, Clean(complete.Note)) with
        {
            CompletedAt = now,
            RefundableUntil = now + policy.RefundWindow,
        };
        return new OfferStep(completed with { RunningRemoteSession = null }, [.. EndSession(offer), new OfferEffect.Notify(OfferNotice.Completed)], true);
    }

    private static Result<OfferStep> CannotComplete(Offer offer, OfferSignal.CannotComplete cannot, DateTimeOffset now, OfferPolicy policy)
    {
        if (offer.State != OfferState.InProgress)
        {
            return NotInProgress(offer);
        }

        if (CheckReason(cannot.Reason, required: true) is { } invalid)
        {
            return invalid;
        }

        var refunding = Move(offer, OfferState.CannotComplete, "cannot-complete", OfferParty.Expert, cannot.By, now, Clean(cannot.Reason)) with
        {
            Refund = new OfferRefund(now, now + policy.RefundRetryAfter, null, null),
            RunningRemoteSession = null,
        };
        return new OfferStep(refunding, [.. EndSession(offer), new OfferEffect.RefundCustomer(offer.ChargedPayments), new OfferEffect.Notify(OfferNotice.CannotComplete)], true);
    }

    private static Result<OfferStep> RequestRefund(Offer offer, OfferSignal.RequestRefund request, DateTimeOffset now, OfferPolicy policy)
    {
        switch (offer.State)
        {
            case OfferState.InProgress:
                break;
            case OfferState.Completed when offer.RefundableUntil is { } until && now < until:
                break;
            case OfferState.Completed:
                return Error.Rule("refund-window-closed", "The time to ask for a refund of this offer has passed; contact support.");
            case OfferState.Refunded or OfferState.CannotComplete:
                return Error.Conflict("already-refunded", "This offer has already been refunded.");
            default:
                return Error.Conflict("offer-not-accepted", "Only an accepted offer can be refunded; nothing was charged for this one.");
        }

        if (CheckReason(request.Reason, required: false) is { } invalid)
        {
            return invalid;
        }

        var refunding = Move(offer, OfferState.Refunded, "refund-requested", OfferParty.Customer, request.By, now, Clean(request.Reason)) with
        {
            Refund = new OfferRefund(now, now + policy.RefundRetryAfter, null, null),
            RunningRemoteSession = null,
        };
        return new OfferStep(refunding, [.. EndSession(offer), new OfferEffect.RefundCustomer(offer.ChargedPayments), new OfferEffect.Notify(OfferNotice.Refunded)], true);
    }

    private static Result<OfferStep> RefundsSettled(Offer offer, DateTimeOffset now)
    {
        if (offer.Refund is not { IsPending: true } refund)
        {
            return new OfferStep(offer, [], false);
        }

        var settled = Record(offer, "refunded", OfferParty.System, null, now) with { Refund = refund with { SettledAt = now, RetryAt = null } };
        return new OfferStep(settled, [], true);
    }

    private static Result<OfferStep> RefundsFailed(Offer offer, OfferSignal.RefundsFailed failed, DateTimeOffset now)
    {
        if (offer.Refund is not { IsPending: true } refund)
        {
            return new OfferStep(offer, [], false);
        }

        var stuck = Record(offer, "refund-failed", OfferParty.System, null, now, failed.Code) with { Refund = refund with { FailureCode = failed.Code, RetryAt = null } };
        return new OfferStep(stuck, [new OfferEffect.Notify(OfferNotice.RefundFailed)], true);
    }

    private static Result<OfferStep> TimePassed(Offer offer, DateTimeOffset now, OfferPolicy policy)
    {
        switch (offer.State)
        {
            case OfferState.Open when now >= offer.ExpiresAt:
                return new OfferStep(Move(offer, OfferState.Expired, "expired", OfferParty.System, null, now) with { ClosedAt = now }, [new OfferEffect.Notify(OfferNotice.Expired)], true);
            case OfferState.Open when offer.RemindedAt is null && now >= offer.RemindAt:
                return new OfferStep(Record(offer, "reminded", OfferParty.System, null, now) with { RemindedAt = now }, [new OfferEffect.Notify(OfferNotice.Reminder)], true);
            case OfferState.Accepting when offer.Charge is { } charge && now >= charge.RetryAt:
                // The request that accepted did not finish (a crash, a timeout): repeat the same charge, same keys.
                var retry = charge with { RetryAt = now + policy.AcceptRetryAfter };
                return new OfferStep(offer with { Charge = retry }, [new OfferEffect.ChargeCustomer(retry)], true);
            case OfferState.InProgress when offer.PromptedAt is null && offer.PromptAt is { } prompt && now >= prompt:
                return new OfferStep(Record(offer, "completion-prompted", OfferParty.System, null, now) with { PromptedAt = now }, [new OfferEffect.Notify(OfferNotice.CompletionPrompt)], true);
            case OfferState.Completed when offer.ClosedAt is null && offer.RefundableUntil is { } until && now >= until:
                return new OfferStep(offer with { ClosedAt = now }, [], true);
            case OfferState.CannotComplete or OfferState.Refunded when offer.Refund is { IsPending: true, RetryAt: { } retryAt } refund && now >= retryAt:
                return new OfferStep(offer with { Refund = refund with { RetryAt = now + policy.RefundRetryAfter } }, [new OfferEffect.RefundCustomer(offer.ChargedPayments)], true);
            default:
                return new OfferStep(offer, [], false);
        }
    }

    private static Offer Move(Offer offer, OfferState to, string name, OfferParty party, UserId? by, DateTimeOffset now, string? reason = null) =>
        offer with { State = to, UpdatedAt = now, History = [.. offer.History, new OfferTransition(name, offer.State, to, party, by, now, reason)] };

    private static Offer Record(Offer offer, string name, OfferParty party, UserId? by, DateTimeOffset now, string? reason = null) => Move(offer, offer.State, name, party, by, now, reason);

    private static IEnumerable<OfferEffect> EndSession(Offer offer) =>
        offer.RunningRemoteSession is { } session ? [new OfferEffect.EndRemoteSession(session)] : [];

    private static Error NotOpen(Offer offer, string action) => offer.State switch
    {
        OfferState.Accepting => Error.Conflict("offer-being-accepted", "This offer is being accepted right now."),
        OfferState.InProgress or OfferState.Completed or OfferState.CannotComplete or OfferState.Refunded => Error.Conflict("already-accepted", "This offer was already accepted."),
        _ => Error.Conflict("offer-not-open", $"This offer is {Wire(offer.State)}; it can no longer be {action}."),
    };

    private static Error NotInProgress(Offer offer) =>
        Error.Conflict("offer-not-in-progress", $"This offer is {Wire(offer.State)}; only an accepted offer in progress can be completed or given up.");

    private static Error? CheckReason(string? reason, bool required, string field = "reason")
    {
        if (required && string.IsNullOrWhiteSpace(reason))
        {
            return Error.Validation(field, "Say why, in a few words.");
        }

        return reason is { Length: > Offer.MaxReasonLength } ? Error.Validation(field, $"At most {Offer.MaxReasonLength} characters.") : null;
    }

    /// <summary>Reasons are read by the other party: contact details in them are masked, as in questions and answers.</summary>
    private static string? Clean(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : ContactDetails.MaskIn(reason.Trim());

    /// <summary>The state as the API writes it ("in-progress", "cannot-complete").</summary>
    public static string Wire(OfferState state) => state switch
    {
        OfferState.InProgress => "in-progress",
        OfferState.CannotComplete => "cannot-complete",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static bool TryParseWire(string? value, out OfferState state)
    {
        foreach (var candidate in Enum.GetValues<OfferState>())
        {
            if (Wire(candidate) == value)
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }
}
