using Headstore.Domain.Common;
using Headstore.Domain.Messaging;
using Headstore.Domain.Payments;
using Headstore.Domain.Sessions;

namespace Headstore.Domain.Tests.Sessions;

/// <summary>
/// Drives one session through the pure state machine on a fake clock, the way the application does: every step is a
/// signal at "now", the effects of each step are kept, and a step that changes nothing must return the same session.
/// </summary>
public sealed class SessionTimeline
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    public static readonly Money Rate = new(300, Currency.USD);

    private long sequence;

    public SessionTimeline(Session session, SessionPolicy? policy = null)
    {
        Session = session;
        Policy = policy ?? SessionPolicy.Default;
        Now = session.CreatedAt;
    }

    public Session Session { get; private set; }

    public SessionPolicy Policy { get; }

    public DateTimeOffset Now { get; private set; }

    public List<SessionEffect> Effects { get; } = [];

    public List<SessionEffect> LastEffects { get; private set; } = [];

    public DateTimeOffset? NextDueAt { get; private set; }

    public string Connection { get; set; } = "call-1";

    public bool CustomerOnCall { get; private set; }

    public bool ExpertOnCall { get; private set; }

    public static SessionTerms Terms(int freeMinutes = 5, bool free = false, TimeSpan? maxDuration = null) =>
        new(Rate, freeMinutes, free, maxDuration ?? TimeSpan.FromMinutes(90), 1000);

    /// <summary>A direct session that is ringing: requested, authorised, rung.</summary>
    public static SessionTimeline Ringing(SessionTerms? terms = null, SessionOrigin origin = SessionOrigin.Direct, SessionPolicy? policy = null)
    {
        var session = Session.Request(new SessionId("ses_test"), new UserId("customer-carol"), "Carol", new ExpertId("expert-alice"), "Alice", SessionMode.Video,
            origin, origin == SessionOrigin.FreeLink ? SessionLinkId.New(SessionLinkKind.Free) : null, terms ?? Terms(), new PaymentId("pay_test"), Call(), Start);
        var timeline = new SessionTimeline(session, policy);
        timeline.Send(new SessionSignal.StartRinging());
        return timeline;
    }

    /// <summary>Ringing, accepted, and both on the call.</summary>
    public static SessionTimeline Connected(SessionTerms? terms = null, SessionPolicy? policy = null)
    {
        var timeline = Ringing(terms, policy: policy);
        timeline.Advance(TimeSpan.FromSeconds(10));
        timeline.Send(new SessionSignal.Accept(SessionParty.Expert));
        timeline.Join(SessionParty.Customer);
        timeline.Join(SessionParty.Expert);
        Assert.Equal(SessionState.Connected, timeline.Session.State);
        return timeline;
    }

    public static SessionTimeline Booked(DateTimeOffset scheduledAt, SessionTerms? terms = null)
    {
        var appointment = Appointment.Request(new AppointmentId("apt_test"), new Actor(new UserId("customer-carol"), "Carol", null, new HashSet<string> { Roles.Customer }),
            new ExpertId("expert-alice"), [scheduledAt], SessionMode.Voice, null, Start).Value;
        appointment = appointment.Accept(new Actor(new UserId("expert-alice"), "Alice", null, new HashSet<string> { Roles.Expert }), scheduledAt, Start).Value;
        return new SessionTimeline(Session.Schedule(appointment, "Carol", "Alice", terms ?? Terms(), Start));
    }

    public static CallDetails Call() => new("sandbox", "room-1",
        new CallParticipant("sandbox:customer", "token-c", Start.AddHours(3)), new CallParticipant("sandbox:expert", "token-e", Start.AddHours(3)), Start.AddHours(3));

    public SessionTransition Send(SessionSignal signal)
    {
        var result = TrySend(signal);
        Assert.True(result.IsSuccess, result.Error?.Detail);
        return result.Value;
    }

    public Result<SessionTransition> TrySend(SessionSignal signal)
    {
        var result = SessionLifecycle.Apply(Session, signal, Now, Policy);
        if (result.IsSuccess)
        {
            Session = result.Value.Session;
            LastEffects = [.. result.Value.Effects];
            Effects.AddRange(result.Value.Effects);
            NextDueAt = result.Value.NextDueAt;
        }

        return result;
    }

    /// <summary>Moves the clock, delivering every timer that falls due on the way at its due time, as the scheduler would.</summary>
    public SessionTimeline Advance(TimeSpan by)
    {
        var target = Now + by;
        while (NextDueAt is { } due && due <= target)
        {
            Now = due > Now ? due : Now;
            Send(new SessionSignal.TimePassed());
            if (NextDueAt == due)
            {
                break;
            }
        }

        Now = target;
        return this;
    }

    /// <summary>Moves the clock without delivering timers (a scheduler that is late).</summary>
    public SessionTimeline Jump(TimeSpan by)
    {
        Now += by;
        return this;
    }

    public SessionTransition Join(SessionParty party) => Presence(party, true);

    public SessionTransition Leave(SessionParty party) => Presence(party, false);

    public SessionSignal.ParticipantsChanged Report(SessionParty party, bool present, DateTimeOffset? at = null)
    {
        if (party == SessionParty.Customer)
        {
            CustomerOnCall = present;
        }
        else
        {
            ExpertOnCall = present;
        }

        var seq = ++sequence;
        return new SessionSignal.ParticipantsChanged($"evt-{Connection}-{seq}", Connection, seq, at ?? Now, CustomerOnCall, ExpertOnCall);
    }

    public MeterReading Meter() => SessionMeter.Read(Session, Now);

    private SessionTransition Presence(SessionParty party, bool present) => Send(Report(party, present));
}
