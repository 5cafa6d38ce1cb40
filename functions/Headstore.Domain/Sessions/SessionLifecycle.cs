using Headstore.Domain.Common;
using Headstore.Domain.Payments;

namespace Headstore.Domain.Sessions;

/// <summary>Something that happens to a session: a party's action, a call event, a payment outcome, or time passing.</summary>
public abstract record SessionSignal
{
    private SessionSignal()
    {
    }

    /// <summary>No news: apply whatever is due now (a timer).</summary>
    public sealed record TimePassed : SessionSignal;

    /// <summary>The card is authorised (or the session is free): ring the expert.</summary>
    public sealed record StartRinging : SessionSignal;

    public sealed record Accept(SessionParty By) : SessionSignal;

    public sealed record Decline(SessionParty By) : SessionSignal;

    public sealed record End(SessionParty By) : SessionSignal;

    /// <summary>A booked session's appointment was cancelled by one of the parties.</summary>
    public sealed record CancelBooking(SessionParty By) : SessionSignal;

    public sealed record PaymentAuthorised(PaymentId Payment) : SessionSignal;

    public sealed record PaymentDeclined(string Code) : SessionSignal;

    /// <summary>The room and both identities exist (a booked session's call is prepared when it opens).</summary>
    public sealed record CallPrepared(CallDetails Call) : SessionSignal;

    /// <summary>The server is connected to the room's call and can play prompts and end it.</summary>
    public sealed record CallConnected(string EventId, string ConnectionId) : SessionSignal;

    public sealed record CallConnectFailed(string EventId, string? ConnectionId) : SessionSignal;

    /// <summary>Who is on the call from <see cref="At"/> on, as the calling service reports it.</summary>
    public sealed record ParticipantsChanged(string EventId, string Connection, long Sequence, DateTimeOffset At, bool Customer, bool Expert) : SessionSignal;

    /// <summary>The call ended for everyone (the service reports the server's connection as disconnected).</summary>
    public sealed record CallEnded(string EventId, string Connection, DateTimeOffset At) : SessionSignal;

    public string Name => GetType().Name;
}

/// <summary>What the application must do after a transition; the state machine itself does none of it.</summary>
public abstract record SessionEffect
{
    private SessionEffect()
    {
    }

    public sealed record MarkExpertBusy : SessionEffect;

    /// <summary>Back to online, if the expert is still marked busy and holds no other session.</summary>
    public sealed record MarkExpertAvailable : SessionEffect;

    public sealed record RingExpert : SessionEffect;

    /// <summary>Authorise the card for a booked session, then deliver <see cref="SessionSignal.PaymentAuthorised"/> or <see cref="SessionSignal.PaymentDeclined"/>.</summary>
    public sealed record AuthorisePayment(Money Amount) : SessionEffect;

    /// <summary>Create both identities and the room, valid for the window, then deliver <see cref="SessionSignal.CallPrepared"/>.</summary>
    public sealed record PrepareCall(DateTimeOffset ValidFrom, DateTimeOffset ValidUntil) : SessionEffect;

    /// <summary>Connect the server (Call Automation) to the room's call.</summary>
    public sealed record ConnectCall : SessionEffect;

    /// <summary>Warn both sides: an event to the clients and a spoken prompt on the call.</summary>
    public sealed record Warn(int SecondsLeft) : SessionEffect;

    /// <summary>End the call for everyone and close the room, so nobody can join again.</summary>
    public sealed record EndCall : SessionEffect;

    /// <summary>Capture the bill's amount and release the rest, or release it all when it is nothing.</summary>
    public sealed record Settle(SessionBill Bill) : SessionEffect;

    /// <summary>A free link whose session never connected can be used again.</summary>
    public sealed record ReleaseLink(SessionLinkId Link) : SessionEffect;

    /// <summary>A booked session's time has come: tell both to join.</summary>
    public sealed record NotifyOpened : SessionEffect;
}

/// <summary>The outcome of one signal: the new session (the same instance when nothing changed), the effects to run, and the next due time.</summary>
public sealed record SessionTransition(Session Session, IReadOnlyList<SessionEffect> Effects, DateTimeOffset? NextDueAt)
{
    public bool IsFinal => Session.State.IsFinal();
}

/// <summary>
/// The session lifecycle as a pure state machine: (session, signal, now) → (session, effects, next due time).
/// <code>
/// scheduled ─(time, card authorised)─┐
/// requested → ringing ─accept─→ joining ─both on the call─→ connected ⇄ interrupted → ended
///                │  └─decline─→ declined        └─not joined in time─→ expired
///                └─no answer─→ expired   (hang up while ringing, booking cancelled → cancelled)
/// </code>
/// Call reports carry their own time and are applied before the clock; a party's action is applied after whatever the
/// clock has made due (so an accept after the ring timed out finds the session expired). Repeated reports change
/// nothing: events are remembered by id and presence reports by (connection, sequence). Timers are the ring timeout,
/// the join timeout (no-show window for booked sessions), the interruption grace, the warnings before the limit, the
/// limit itself, reconnecting the server to the call, and for booked sessions the card authorisation and the start.
/// </summary>
public static class SessionLifecycle
{
    /// <summary>How long after its window a room stays valid, so a session that overruns a little is not cut off by the room.</summary>
    public static readonly TimeSpan RoomMargin = TimeSpan.FromMinutes(30);

    /// <summary>A booked session whose card could not be authorised yet (provider outage) is tried again this often.</summary>
    public static readonly TimeSpan AuthorisationRetry = TimeSpan.FromMinutes(1);

    public static Result<SessionTransition> Apply(Session session, SessionSignal signal, DateTimeOffset now, SessionPolicy policy)
    {
        var effects = new List<SessionEffect>();
        var current = session;
        var isAction = signal is SessionSignal.Accept or SessionSignal.Decline or SessionSignal.End or SessionSignal.CancelBooking or SessionSignal.StartRinging;
        if (isAction)
        {
            current = Evaluate(current, now, policy, effects);
        }

        var applied = ApplySignal(current, signal, now, policy, effects);
        if (!applied.IsSuccess)
        {
            return applied.Error!;
        }

        current = Evaluate(applied.Value, now, policy, effects);
        if (current.State != SessionState.Scheduled)
        {
            // A booked session that was cancelled or opened in this step needs no authorisation any more.
            effects.RemoveAll(e => e is SessionEffect.AuthorisePayment);
        }

        if (!ReferenceEquals(current, session))
        {
            current = current with { UpdatedAt = now };
        }

        return new SessionTransition(current, effects, DueAt(current, now, policy));
    }

    /// <summary>The next time something is due for the session without any signal, or null when only a signal can move it.</summary>
    public static DateTimeOffset? DueAt(Session session, DateTimeOffset now, SessionPolicy policy)
    {
        var candidates = new List<DateTimeOffset>();
        switch (session.State)
        {
            case SessionState.Scheduled when session.ScheduledAt is { } at:
                candidates.Add(at);
                if (session.PaymentId is null && !session.Terms.IsFree)
                {
                    var authoriseAt = at - policy.AuthoriseBefore;
                    candidates.Add(authoriseAt > now ? authoriseAt : now + AuthorisationRetry);
                }

                break;
            case SessionState.Ringing when session.RingingAt is { } ringingAt:
                candidates.Add(ringingAt + policy.RingTimeout);
                break;
            case SessionState.Joining or SessionState.Connected or SessionState.Interrupted:
                var reading = SessionMeter.Read(session, now);
                if (reading.FirstConnectedAt is null)
                {
                    candidates.Add(JoinDeadline(session, policy));
                }
                else
                {
                    var endsAt = reading.EndsAt!.Value;
                    candidates.Add(endsAt);
                    candidates.AddRange(policy.WarningSeconds.Where(s => !session.WarningsIssued.Contains(s)).Select(s => endsAt - TimeSpan.FromSeconds(s)));
                    if (reading.InterruptedSince is { } since)
                    {
                        candidates.Add(since + policy.InterruptionGrace);
                    }
                }

                if (session.CallControl is { ConnectionId: null, ReconnectAt: { } reconnectAt })
                {
                    candidates.Add(reconnectAt);
                }

                break;
        }

        return candidates.Count == 0 ? null : candidates.Min();
    }

    private static Result<Session> ApplySignal(Session session, SessionSignal signal, DateTimeOffset now, SessionPolicy policy, List<SessionEffect> effects)
    {
        switch (signal)
        {
            case SessionSignal.TimePassed:
                return session;

            case SessionSignal.StartRinging:
                return session.State switch
                {
                    SessionState.Requested => Ring(session, now, effects),
                    SessionState.Ringing => session,
                    _ => NotInState(session, "session-not-requested"),
                };

            case SessionSignal.Accept accept:
                if (accept.By != SessionParty.Expert)
                {
                    return Error.Forbidden("Only the expert can accept a session.");
                }

                return session.State switch
                {
                    SessionState.Ringing => Open(session, now, now, effects),
                    SessionState.Joining or SessionState.Connected or SessionState.Interrupted => session,
                    _ => NotInState(session, "session-not-ringing"),
                };

            case SessionSignal.Decline decline:
                if (decline.By != SessionParty.Expert)
                {
                    return Error.Forbidden("Only the expert can decline a session; the customer ends it.");
                }

                return session.State switch
                {
                    SessionState.Ringing => Finish(session, SessionState.Declined, "declined", SessionParty.Expert, now, SessionBill.Nothing(session.Terms.RatePerMinute), now, effects),
                    SessionState.Declined => session,
                    _ => NotInState(session, "session-not-ringing"),
                };

            case SessionSignal.End end:
                return EndBy(session, end.By, now, policy, effects);

            case SessionSignal.CancelBooking cancel:
                if (session.State.IsFinal())
                {
                    return session;
                }

                if (session.State != SessionState.Scheduled)
                {
                    return EndBy(session, cancel.By, now, policy, effects);
                }

                var late = cancel.By == SessionParty.Customer && session.ScheduledAt is { } scheduledAt && now > scheduledAt - policy.FreeCancellationNotice;
                var bill = late && session.PaymentId is not null ? FeeBill(session, SessionBillKind.LateCancellation, policy) : SessionBill.Nothing(session.Terms.RatePerMinute);
                return Finish(session, SessionState.Cancelled, cancel.By == SessionParty.Customer ? (late ? "cancelled-late-by-customer" : "cancelled-by-customer") : "cancelled-by-expert",
                    cancel.By, now, bill, now, effects);

            case SessionSignal.PaymentAuthorised authorised:
                return session is { State: SessionState.Scheduled, PaymentId: null } ? session with { PaymentId = authorised.Payment } : session;

            case SessionSignal.PaymentDeclined:
                return session.State == SessionState.Scheduled
                    ? Finish(session, SessionState.Cancelled, "payment-declined", null, now, SessionBill.Nothing(session.Terms.RatePerMinute), now, effects)
                    : session;

            case SessionSignal.CallPrepared prepared:
                return session.Call is null && !session.State.IsFinal() ? session with { Call = prepared.Call } : session;

            case SessionSignal.CallConnected connected:
                if (Seen(session, connected.EventId) || session.State.IsFinal() || session.CallControl.ConnectionId == connected.ConnectionId)
                {
                    return session;
                }

                return session with { CallControl = session.CallControl.Remember(connected.EventId) with { ConnectionId = connected.ConnectionId, ReconnectAt = null } };

            case SessionSignal.CallConnectFailed failed:
                if (Seen(session, failed.EventId) || session.State.IsFinal() || session.CallControl.ConnectionId is not null)
                {
                    return session;
                }

                return session with { CallControl = session.CallControl.Remember(failed.EventId) with { ReconnectAt = now + policy.ReconnectDelay } };

            case SessionSignal.ParticipantsChanged changed:
                if (Seen(session, changed.EventId) || session.State.IsFinal() || session.State == SessionState.Scheduled
                    || session.Presence.Count >= Session.MaxPresenceSnapshots
                    || session.Presence.Any(p => p.Sequence == changed.Sequence && p.Connection == changed.Connection))
                {
                    return session;
                }

                // A report stamped later than our clock (the services' clocks differ a little) counts from now.
                var snapshot = new PresenceSnapshot(changed.Connection, changed.Sequence, changed.At < now ? changed.At : now, changed.Customer, changed.Expert);
                return session with { Presence = Insert(session.Presence, snapshot), CallControl = session.CallControl.Remember(changed.EventId) };

            case SessionSignal.CallEnded ended:
                if (Seen(session, ended.EventId) || session.State.IsFinal() || session.State == SessionState.Scheduled)
                {
                    return session;
                }

                var control = session.CallControl.Remember(ended.EventId);
                if (control.ConnectionId == ended.Connection)
                {
                    control = control with { ConnectionId = null, ReconnectAt = now + policy.ReconnectDelay };
                }

                var presence = session.Presence.Any(p => p.Connection == ended.Connection && p.Sequence == long.MaxValue) || session.Presence.Count >= Session.MaxPresenceSnapshots
                    ? session.Presence
                    : Insert(session.Presence, new PresenceSnapshot(ended.Connection, long.MaxValue, ended.At < now ? ended.At : now, false, false));
                return session with { Presence = presence, CallControl = control };

            default:
                throw new ArgumentOutOfRangeException(nameof(signal), signal.Name, "Unknown session signal.");
        }
    }

    /// <summary>Applies the clock: timers that are due, and the state the presence reports imply.</summary>
    private static Session Evaluate(Session session, DateTimeOffset now, SessionPolicy policy, List<SessionEffect> effects)
    {
        switch (session.State)
        {
            case SessionState.Scheduled when session.ScheduledAt is { } at:
                var paid = session.PaymentId is not null || session.Terms.IsFree;
                if (!paid && now >= at + policy.NoShowWindow)
                {
                    return Finish(session, SessionState.Cancelled, "payment-not-authorised", null, now, SessionBill.Nothing(session.Terms.RatePerMinute), now, effects);
                }

                if (!paid && now >= at - policy.AuthoriseBefore)
                {
                    effects.Add(new SessionEffect.AuthorisePayment(session.Terms.MaximumCharge));
                }

                if (!paid || now < at)
                {
                    return session;
                }

                effects.Add(new SessionEffect.NotifyOpened());
                return Evaluate(Open(session, at, now, effects), now, policy, effects);

            case SessionState.Ringing when session.RingingAt is { } ringingAt && now >= ringingAt + policy.RingTimeout:
                return Finish(session, SessionState.Expired, "no-answer", null, now, SessionBill.Nothing(session.Terms.RatePerMinute), now, effects);

            case SessionState.Joining or SessionState.Connected or SessionState.Interrupted:
                return EvaluateCall(session, now, policy, effects);

            default:
                return session;
        }
    }

    private static Session EvaluateCall(Session session, DateTimeOffset now, SessionPolicy policy, List<SessionEffect> effects)
    {
        var reading = SessionMeter.Read(session, now);
        if (reading.FirstConnectedAt is null)
        {
            if (now < JoinDeadline(session, policy))
            {
                return Reconnect(session.State == SessionState.Joining ? session : session with { State = SessionState.Joining }, now, effects);
            }

            var noShow = session.Origin == SessionOrigin.Appointment && reading.ExpertEverJoined && !reading.CustomerEverJoined && session.PaymentId is not null;
            var reason = !reading.ExpertEverJoined ? "expert-did-not-join" : !reading.CustomerEverJoined ? "customer-did-not-join" : "call-did-not-connect";
            var bill = noShow ? FeeBill(session, SessionBillKind.NoShow, policy) : SessionBill.Nothing(session.Terms.RatePerMinute);
            return Finish(session, SessionState.Expired, reason, null, now, bill, now, effects);
        }

        var endsAt = reading.EndsAt!.Value;
        if (now >= endsAt)
        {
            return Finish(session, SessionState.Ended, "time-limit", null, endsAt, null, now, effects);
        }

        if (reading.InterruptedSince is { } since && now >= since + policy.InterruptionGrace)
        {
            return Finish(session, SessionState.Ended, "connection-lost", null, since + policy.InterruptionGrace, null, now, effects);
        }

        var state = reading.BothOnCall ? SessionState.Connected : SessionState.Interrupted;
        var updated = state == session.State ? session : session with { State = state };
        var due = policy.WarningSeconds.Where(s => !updated.WarningsIssued.Contains(s) && now >= endsAt - TimeSpan.FromSeconds(s)).ToArray();
        if (due.Length > 0)
        {
            updated = updated with { WarningsIssued = [.. updated.WarningsIssued, .. due] };

            // Only the most urgent is spoken when a late timer finds several due at once.
            effects.Add(new SessionEffect.Warn((int)Math.Ceiling((endsAt - now).TotalSeconds)));
        }

        return Reconnect(updated, now, effects);
    }

    private static Session Reconnect(Session session, DateTimeOffset now, List<SessionEffect> effects)
    {
        if (session.CallControl is { ConnectionId: null, ReconnectAt: { } at } && now >= at)
        {
            effects.Add(new SessionEffect.ConnectCall());
            return session with { CallControl = session.CallControl with { ReconnectAt = null, ConnectRequestedAt = now } };
        }

        return session;
    }

    private static Session Ring(Session session, DateTimeOffset now, List<SessionEffect> effects)
    {
        effects.Add(new SessionEffect.MarkExpertBusy());
        effects.Add(new SessionEffect.RingExpert());
        return session with { State = SessionState.Ringing, RingingAt = now };
    }

    /// <summary>The call opens: billing may start from <paramref name="openedAt"/> once both are on it.</summary>
    private static Session Open(Session session, DateTimeOffset openedAt, DateTimeOffset now, List<SessionEffect> effects)
    {
        if (session.State == SessionState.Scheduled)
        {
            effects.Add(new SessionEffect.MarkExpertBusy());
            if (session.Call is null)
            {
                effects.Add(new SessionEffect.PrepareCall(openedAt - TimeSpan.FromMinutes(5), openedAt + session.Terms.MaxDuration + RoomMargin + RoomMargin));
            }
        }

        effects.Add(new SessionEffect.ConnectCall());
        return session with
        {
            State = SessionState.Joining,
            OpenedAt = openedAt,
            CallControl = session.CallControl with { ConnectRequestedAt = now, ReconnectAt = null },
        };
    }

    private static Result<Session> EndBy(Session session, SessionParty by, DateTimeOffset now, SessionPolicy policy, List<SessionEffect> effects)
    {
        switch (session.State)
        {
            case SessionState.Scheduled:
                return Error.Conflict("session-not-started", "This booked session has not started; cancel its appointment instead.");
            case SessionState.Requested:
            case SessionState.Ringing when by == SessionParty.Customer:
                return Finish(session, SessionState.Cancelled, "caller-hung-up", by, now, SessionBill.Nothing(session.Terms.RatePerMinute), now, effects);
            case SessionState.Ringing:
                return Finish(session, SessionState.Declined, "declined", by, now, SessionBill.Nothing(session.Terms.RatePerMinute), now, effects);
            case SessionState.Joining or SessionState.Connected or SessionState.Interrupted:
                var reading = SessionMeter.Read(session, now);
                if (reading.FirstConnectedAt is null)
                {
                    // Given up before the call connected. In a booked session the customer leaving an expert who is
                    // waiting in the room is a no-show; anything else costs nothing.
                    var noShow = session.Origin == SessionOrigin.Appointment && by == SessionParty.Customer && reading.ExpertEverJoined && session.PaymentId is not null;
                    return Finish(session, SessionState.Cancelled, by == SessionParty.Customer ? "cancelled-by-customer" : "cancelled-by-expert", by, now,
                        noShow ? FeeBill(session, SessionBillKind.NoShow, policy) : SessionBill.Nothing(session.Terms.RatePerMinute), now, effects);
                }

                return Finish(session, SessionState.Ended, by == SessionParty.Customer ? "ended-by-customer" : "ended-by-expert", by, now, null, now, effects);
            default:
                return session;
        }
    }

    /// <summary>
    /// Moves to a final state with its bill (the usage at <paramref name="endedAt"/> when none is given) and the
    /// effects every end has: free the expert, end and close the call, settle the payment, give back an unused free link.
    /// </summary>
    private static Session Finish(Session session, SessionState state, string reason, SessionParty? by, DateTimeOffset endedAt, SessionBill? bill, DateTimeOffset now, List<SessionEffect> effects)
    {
        var ended = session with { State = state, EndedAt = endedAt, EndReason = reason, EndedBy = by };
        ended = ended with { Bill = bill ?? SessionMeter.UsageBill(ended, endedAt) };
        if (session.State.HoldsExpert())
        {
            effects.Add(new SessionEffect.MarkExpertAvailable());
        }

        if (session.Call is not null || session.CallControl.ConnectionId is not null)
        {
            effects.Add(new SessionEffect.EndCall());
        }

        effects.Add(new SessionEffect.Settle(ended.Bill));
        if (session.Origin == SessionOrigin.FreeLink && session.LinkId is { } link && SessionMeter.Read(ended, now).FirstConnectedAt is null)
        {
            effects.Add(new SessionEffect.ReleaseLink(link));
        }

        return ended;
    }

    /// <summary>A late cancellation or no-show fee: the configured minutes at the rate, never more than was authorised.</summary>
    private static SessionBill FeeBill(Session session, SessionBillKind kind, SessionPolicy policy)
    {
        if (session.Terms.IsFree)
        {
            return SessionBill.Nothing(session.Terms.RatePerMinute);
        }

        var minutes = Math.Min(policy.LateCancellationFeeMinutes, session.Terms.MaxChargedMinutes);
        return minutes <= 0
            ? SessionBill.Nothing(session.Terms.RatePerMinute)
            : new SessionBill(kind, 0, 0, minutes, session.Terms.RatePerMinute, session.Terms.RatePerMinute.Multiply(minutes));
    }

    private static DateTimeOffset JoinDeadline(Session session, SessionPolicy policy) =>
        session.OpenedAt!.Value + (session.Origin == SessionOrigin.Appointment ? policy.NoShowWindow : policy.JoinTimeout);

    private static bool Seen(Session session, string eventId) => session.CallControl.RecentEventIds.Contains(eventId);

    private static IReadOnlyList<PresenceSnapshot> Insert(IReadOnlyList<PresenceSnapshot> presence, PresenceSnapshot snapshot)
    {
        var list = new List<PresenceSnapshot>(presence.Count + 1);
        list.AddRange(SessionMeter.Ordered(presence));
        var index = list.Count;
        while (index > 0 && SessionMeter.Compare(list[index - 1], snapshot) > 0)
        {
            index--;
        }

        list.Insert(index, snapshot);
        return list;
    }

    private static Error NotInState(Session session, string code) =>
        Error.Conflict(code, $"The session is {session.State.ToString().ToLowerInvariant()}.");
}
