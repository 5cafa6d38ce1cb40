using Headstore.Domain.Common;
using Headstore.Domain.Messaging;
using Headstore.Domain.Payments;

namespace Headstore.Domain.Sessions;

/// <summary>Where a session is in its lifecycle (docs/sessions.md, "State machine").</summary>
public enum SessionState
{
    /// <summary>Booked from an accepted appointment; waits for its time (the card is authorised the day before).</summary>
    Scheduled,

    /// <summary>Created, card authorised, not yet ringing (only inside the use case that starts it).</summary>
    Requested,

    /// <summary>The expert is being rung and is marked busy.</summary>
    Ringing,

    /// <summary>The expert accepted (or the booked time came); waiting until both are on the call.</summary>
    Joining,

    /// <summary>Both are on the call: billable time runs.</summary>
    Connected,

    /// <summary>One side dropped: billing pauses; a rejoin within the grace period continues the same session.</summary>
    Interrupted,

    /// <summary>Over after the call had connected, or ended by a party after accepting; settled with what was used.</summary>
    Ended,

    /// <summary>The expert declined, or hung up while it rang.</summary>
    Declined,

    /// <summary>Nobody answered, or the call never connected in time; nothing is charged unless a no-show rule says so.</summary>
    Expired,

    /// <summary>Called off before it connected: the caller hung up while it rang, or a booking was cancelled.</summary>
    Cancelled,
}

public enum SessionParty
{
    Customer,
    Expert,
}

public enum SessionOrigin
{
    /// <summary>Started from the expert's profile with their id.</summary>
    Direct,

    /// <summary>Started from the expert's permanent paid link.</summary>
    PaidLink,

    /// <summary>Started from a one-time free link: charges nothing, still capped.</summary>
    FreeLink,

    /// <summary>An accepted appointment.</summary>
    Appointment,
}

public static class SessionStates
{
    public static bool IsFinal(this SessionState state) => state is SessionState.Ended or SessionState.Declined or SessionState.Expired or SessionState.Cancelled;

    /// <summary>The expert is taken by the session: rung, or on (or about to be on) its call.</summary>
    public static bool HoldsExpert(this SessionState state) => state is SessionState.Ringing or SessionState.Joining or SessionState.Connected or SessionState.Interrupted;

    /// <summary>The parties may be on the room's call (a customer may wait in the room while it rings).</summary>
    public static bool IsCallOpen(this SessionState state) => state.HoldsExpert();
}

/// <summary>
/// The price and limits a session was started with, copied from the expert's profile and the settings in force then,
/// so a profile or settings change never alters a running session's bill.
/// </summary>
/// <param name="CommissionBasisPoints">The commission at the start, for the expert's running earnings on the meter (the capture asks the split policy again).</param>
public sealed record SessionTerms(Money RatePerMinute, int FreeMinutes, bool IsFree, TimeSpan MaxDuration, int CommissionBasisPoints)
{
    /// <summary>The most minutes that can be charged: the session's limit less the free minutes (none for a free session).</summary>
    public int MaxChargedMinutes => IsFree ? 0 : Math.Max(0, (int)Math.Ceiling(MaxDuration.TotalMinutes) - FreeMinutes);

    /// <summary>What the card is authorised for before ringing: the most the session can cost.</summary>
    public Money MaximumCharge => RatePerMinute.Multiply(MaxChargedMinutes);
}

/// <summary>Joining details of one participant: their calling identity and a short-lived token for the calling SDK.</summary>
public sealed record CallParticipant(string ParticipantId, string Token, DateTimeOffset TokenExpiresAt);

/// <summary>The call a session happens in: the provider ("acs" or "sandbox"), the room, and each side's identity.</summary>
public sealed record CallDetails(string Provider, string RoomId, CallParticipant Customer, CallParticipant Expert, DateTimeOffset ValidUntil)
{
    public CallParticipant For(SessionParty party) => party == SessionParty.Customer ? Customer : Expert;
}

/// <summary>
/// Who was on the call from a moment on, as the calling service reported it. <paramref name="Connection"/> and
/// <paramref name="Sequence"/> identify the report (a repeat is ignored); snapshots are ordered by time, then sequence,
/// so reports that arrive out of order still give the right timeline.
/// </summary>
public sealed record PresenceSnapshot(string Connection, long Sequence, DateTimeOffset At, bool Customer, bool Expert)
{
    public bool Both => Customer && Expert;
}

/// <summary>The server's own connection to the room's call (Call Automation), through which it plays prompts and ends the call.</summary>
/// <param name="ReconnectAt">When to try connecting again after a failure or after the call ended while the session goes on.</param>
/// <param name="RecentEventIds">The last call events applied, to drop a repeated delivery before any work.</param>
public sealed record SessionCallControl(string? ConnectionId, DateTimeOffset? ConnectRequestedAt, DateTimeOffset? ReconnectAt, IReadOnlyList<string> RecentEventIds)
{
    public const int RememberedEvents = 32;

    public static SessionCallControl None { get; } = new(null, null, null, []);

    public SessionCallControl Remember(string eventId) =>
        this with { RecentEventIds = [.. RecentEventIds.Skip(Math.Max(0, RecentEventIds.Count - RememberedEvents + 1)), eventId] };
}

public enum SessionBillKind
{
    /// <summary>Nothing to charge: the call never connected, the free minutes covered it, or it was a free session.</summary>
    None,

    /// <summary>The connected time, after the free minutes, per started minute.</summary>
    Usage,

    /// <summary>A booked session cancelled by the customer inside the free-cancellation notice.</summary>
    LateCancellation,

    /// <summary>A booked session the expert joined and the customer never did.</summary>
    NoShow,
}

/// <summary>What a session costs, fixed when it reaches a final state.</summary>
public sealed record SessionBill(SessionBillKind Kind, long BillableSeconds, int FreeMinutesUsed, int ChargedMinutes, Money RatePerMinute, Money Amount)
{
    public static SessionBill Nothing(Money rate) => new(SessionBillKind.None, 0, 0, 0, rate, Money.Zero(rate.Currency));
}

/// <summary>How the payment ended: captured (with the expert's part of it), released, nothing to do (free), or a capture that failed.</summary>
public sealed record SessionSettlement(string Outcome, Money Captured, Money ExpertEarnings, DateTimeOffset At, string? FailureCode = null)
{
    public const string CapturedOutcome = "captured";
    public const string ReleasedOutcome = "released";
    public const string NoPaymentOutcome = "no-payment";
    public const string FailedOutcome = "failed";
}

/// <summary>The customer's rating and review of the session; the text is stored with contact details masked.</summary>
public sealed record SessionReview(int Stars, string Text, DateTimeOffset At);

/// <summary>
/// A voice or video session, one document: who, the terms, the lifecycle state, the call, every presence report the
/// calling service sent, and once over its bill, settlement and review. Metering reads it with one point read
/// (<see cref="SessionMeter.Read"/>); transitions are <see cref="SessionLifecycle.Apply"/>.
/// </summary>
public sealed record Session(
    SessionId Id,
    UserId CustomerId,
    string CustomerName,
    ExpertId ExpertId,
    string ExpertName,
    SessionMode Mode,
    SessionOrigin Origin,
    SessionLinkId? LinkId,
    AppointmentId? AppointmentId,
    SessionTerms Terms,
    PaymentId? PaymentId,
    SessionState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset? RingingAt,
    DateTimeOffset? OpenedAt,
    CallDetails? Call,
    SessionCallControl CallControl,
    IReadOnlyList<PresenceSnapshot> Presence,
    IReadOnlyList<int> WarningsIssued,
    DateTimeOffset? EndedAt,
    string? EndReason,
    SessionParty? EndedBy,
    SessionBill? Bill,
    SessionSettlement? Settlement,
    SessionReview? Review,
    DateTimeOffset? AnnouncedDueAt,
    DateTimeOffset UpdatedAt,
    long Version) : IAggregate
{
    /// <summary>More presence reports than this for one session is abuse or a fault; later ones are ignored.</summary>
    public const int MaxPresenceSnapshots = 5000;

    string IAggregate.Id => Id.Value;

    public bool IsParty(UserId user) => user == CustomerId || user == ExpertId.User;

    public SessionParty? PartyOf(UserId user) => user == CustomerId ? SessionParty.Customer : user == ExpertId.User ? SessionParty.Expert : null;

    /// <summary>A new session, before its card is authorised and it rings.</summary>
    public static Session Request(
        SessionId id, UserId customer, string customerName, ExpertId expert, string expertName, SessionMode mode,
        SessionOrigin origin, SessionLinkId? link, SessionTerms terms, PaymentId? payment, CallDetails? call, DateTimeOffset now) =>
        new(id, customer, customerName, expert, expertName, mode, origin, link, null, terms, payment, SessionState.Requested, now,
            null, null, null, call, SessionCallControl.None, [], [], null, null, null, null, null, null, null, now, 0);

    /// <summary>A session booked for a time by an accepted appointment; its card is authorised later.</summary>
    public static Session Schedule(
        Appointment appointment, string customerName, string expertName, SessionTerms terms, DateTimeOffset now) =>
        new(SessionId.ForAppointment(appointment.Id), appointment.CustomerId, customerName, appointment.ExpertId, expertName, appointment.Mode,
            SessionOrigin.Appointment, null, appointment.Id, terms, null, SessionState.Scheduled, now, appointment.ScheduledAt, null, null, null,
            SessionCallControl.None, [], [], null, null, null, null, null, null, null, now, 0);

    /// <summary>The customer rates and reviews once, after a session that connected; the text's contact details are masked.</summary>
    public Result<Session> AddReview(UserId reviewer, int stars, string? text, DateTimeOffset now)
    {
        if (reviewer != CustomerId)
        {
            return Error.Forbidden("Only the customer of a session can review it.");
        }

        if (stars is < 1 or > 5)
        {
            return Error.Validation("stars", "Give 1 to 5 stars.");
        }

        if (text is { Length: > MaxReviewLength })
        {
            return Error.Validation("text", $"At most {MaxReviewLength} characters.");
        }

        if (State != SessionState.Ended || SessionMeter.Read(this, now).FirstConnectedAt is null)
        {
            return Error.Rule("session-not-reviewable", "A session can be reviewed once it has ended, and only if the call connected.");
        }

        if (Review is not null)
        {
            return Error.Conflict("already-reviewed", "You have already reviewed this session.");
        }

        var masked = ContactDetails.MaskIn((text ?? "").Trim());
        return this with { Review = new SessionReview(stars, masked, now), UpdatedAt = now };
    }

    public const int MaxReviewLength = 2000;
}
