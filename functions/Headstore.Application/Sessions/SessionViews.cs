using Headstore.Domain.Common;
using Headstore.Domain.Sessions;

namespace Headstore.Application.Sessions;

public sealed record SessionPartyView(string Id, string Name);

/// <summary>How the caller joins the call: only their own identity and token, and only while the call is open.</summary>
public sealed record SessionCallAccess(string Provider, string RoomId, string ParticipantId, string Token, DateTimeOffset TokenExpiresAt);

/// <summary>
/// The meter both sides see while a session runs: elapsed and billable time, free time left, the running amount and,
/// for the expert, the running earnings (the amount less the commission in force when the session started).
/// </summary>
public sealed record SessionMeterView(
    SessionId SessionId,
    string State,
    DateTimeOffset AsOf,
    long ElapsedSeconds,
    long BillableSeconds,
    long FreeSecondsRemaining,
    int ChargedMinutes,
    Money RatePerMinute,
    Money Amount,
    Money? Earnings,
    DateTimeOffset? EndsAt,
    long? SecondsLeft,
    bool BothOnCall,
    IReadOnlyList<int> WarningsIssued)
{
    public static SessionMeterView For(Session session, SessionParty? viewer, bool isAdmin, DateTimeOffset now)
    {
        var reading = SessionMeter.Read(session, now);
        Money? earnings = viewer == SessionParty.Expert || isAdmin ? reading.Amount.Split(session.Terms.CommissionBasisPoints).Remainder : null;
        long? secondsLeft = reading.EndsAt is { } endsAt && !session.State.IsFinal() ? Math.Max(0, (long)Math.Ceiling((endsAt - now).TotalSeconds)) : null;
        return new SessionMeterView(
            session.Id,
            Name(session.State),
            now,
            (long)reading.Elapsed.TotalSeconds,
            (long)reading.Billable.TotalSeconds,
            (long)reading.FreeRemaining.TotalSeconds,
            reading.ChargedMinutes,
            session.Terms.RatePerMinute,
            reading.Amount,
            earnings,
            reading.EndsAt,
            secondsLeft,
            reading.BothOnCall,
            session.WarningsIssued);
    }

    public static string Name(SessionState state) => state.ToString().ToLowerInvariant();
}

public sealed record SessionBillView(string Kind, long BillableSeconds, int FreeMinutesUsed, int ChargedMinutes, Money RatePerMinute, Money Amount);

public sealed record SessionReviewView(int Stars, string Text, DateTimeOffset At);

/// <summary>A session as either party (or an admin) sees it; the call token is the caller's own.</summary>
public sealed record SessionView(
    SessionId Id,
    string State,
    string Mode,
    string Origin,
    SessionPartyView Customer,
    SessionPartyView Expert,
    string? YourRole,
    Money RatePerMinute,
    int FreeMinutes,
    bool Free,
    int MaxMinutes,
    Money MaximumCharge,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset? RingingUntil,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? EndedAt,
    string? EndReason,
    string? EndedBy,
    SessionMeterView Meter,
    SessionBillView? Bill,
    string? Settlement,
    SessionReviewView? Review,
    SessionCallAccess? Call)
{
    public static SessionView For(Session session, Actor viewer, SessionPolicy policy, DateTimeOffset now)
    {
        var party = session.PartyOf(viewer.UserId);
        var access = party is { } p && session.Call is { } call && session.State.IsCallOpen()
            ? new SessionCallAccess(call.Provider, call.RoomId, call.For(p).ParticipantId, call.For(p).Token, call.For(p).TokenExpiresAt)
            : null;
        return new SessionView(
            session.Id,
            SessionMeterView.Name(session.State),
            session.Mode.ToString().ToLowerInvariant(),
            Kebab(session.Origin.ToString()),
            new SessionPartyView(session.CustomerId.Value, session.CustomerName),
            new SessionPartyView(session.ExpertId.Value, session.ExpertName),
            party?.ToString().ToLowerInvariant() ?? (viewer.IsAdmin ? "admin" : null),
            session.Terms.RatePerMinute,
            session.Terms.FreeMinutes,
            session.Terms.IsFree,
            (int)session.Terms.MaxDuration.TotalMinutes,
            session.Terms.MaximumCharge,
            session.CreatedAt,
            session.ScheduledAt,
            session.State == SessionState.Ringing && session.RingingAt is { } ringingAt ? ringingAt + policy.RingTimeout : null,
            session.OpenedAt,
            session.EndedAt,
            session.EndReason,
            session.EndedBy?.ToString().ToLowerInvariant(),
            SessionMeterView.For(session, party, viewer.IsAdmin, now),
            session.Bill is { } bill ? new SessionBillView(Kebab(bill.Kind.ToString()), bill.BillableSeconds, bill.FreeMinutesUsed, bill.ChargedMinutes, bill.RatePerMinute, bill.Amount) : null,
            session.Settlement?.Outcome,
            session.Review is { } review ? new SessionReviewView(review.Stars, review.Text, review.At) : null,
            access);
    }

    private static string Kebab(string name) => string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

/// <summary>One line of "my sessions".</summary>
public sealed record SessionSummaryView(SessionId Id, string State, string Mode, SessionPartyView Customer, SessionPartyView Expert, DateTimeOffset CreatedAt, DateTimeOffset? ScheduledAt, DateTimeOffset? EndedAt, Money? Amount)
{
    public static SessionSummaryView From(Session session) => new(
        session.Id, SessionMeterView.Name(session.State), session.Mode.ToString().ToLowerInvariant(),
        new SessionPartyView(session.CustomerId.Value, session.CustomerName), new SessionPartyView(session.ExpertId.Value, session.ExpertName),
        session.CreatedAt, session.ScheduledAt, session.EndedAt, session.Bill?.Amount);
}

public sealed record SessionLinkView(SessionLinkId Token, string Kind, string Url, DateTimeOffset CreatedAt, bool Used, SessionId? UsedBySession, DateTimeOffset? UsedAt)
{
    public static SessionLinkView From(SessionLink link, string publicBaseUrl) => new(
        link.Id, link.Kind.ToString().ToLowerInvariant(), $"{publicBaseUrl.TrimEnd('/')}/call/{link.Id.Value}", link.CreatedAt, link.IsUsed, link.UsedBySession, link.UsedAt);
}

/// <summary>The expert's session figures: sessions that connected, minutes on the call, earnings per currency.</summary>
public sealed record SessionStatistics(int Sessions, long Minutes, IReadOnlyList<Money> Earnings);
