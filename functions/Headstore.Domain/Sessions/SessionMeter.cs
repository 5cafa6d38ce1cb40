using Headstore.Domain.Common;

namespace Headstore.Domain.Sessions;

/// <summary>
/// What a session's meter shows at a moment, computed from its presence reports alone.
/// </summary>
/// <param name="Elapsed">Since both were first on the call after it opened, to now or the end (at most the limit).</param>
/// <param name="Billable">The time both were on the call, within the opened window and the limit.</param>
/// <param name="FreeRemaining">Free minutes not used yet.</param>
/// <param name="ChargedMinutes">Minutes charged so far by <see cref="SessionMeter.ChargedMinutes"/>.</param>
/// <param name="Amount">What the customer pays so far.</param>
/// <param name="EndsAt">When the call is ended at the latest: first connection plus the limit.</param>
/// <param name="InterruptedSince">When the current interruption began, while one side is away.</param>
public sealed record MeterReading(
    DateTimeOffset AsOf,
    TimeSpan Elapsed,
    TimeSpan Billable,
    TimeSpan FreeRemaining,
    int ChargedMinutes,
    Money Amount,
    DateTimeOffset? FirstConnectedAt,
    DateTimeOffset? EndsAt,
    bool BothOnCall,
    DateTimeOffset? InterruptedSince,
    bool CustomerEverJoined,
    bool ExpertEverJoined);

/// <summary>
/// Metering: billable time is the time both parties are on the call, counted from when the call opened (the expert
/// accepted, or the booked time came) and stopped at the session's end or its limit, whichever is first. Drops and
/// rejoins are gaps in the same timeline, so they continue the same bill. The free minutes come first; what is left is
/// charged by <see cref="ChargedMinutes"/>, the one rounding rule.
/// </summary>
public static class SessionMeter
{
    /// <summary>
    /// The rounding rule: billable time counts in whole seconds (a fraction of a second is dropped), the free minutes
    /// are taken off, and what remains is charged per started minute, never more than <paramref name="maxChargedMinutes"/>.
    /// 5 free minutes and 5:00 connected is 0 minutes; 5:01 is 1 minute; 6:00 is 1 minute; 6:01 is 2 minutes.
    /// </summary>
    public static int ChargedMinutes(TimeSpan billable, int freeMinutes, int maxChargedMinutes)
    {
        var seconds = Math.Max(0L, (long)Math.Floor(billable.TotalSeconds) - (freeMinutes * 60L));
        var minutes = (seconds + 59) / 60;
        return (int)Math.Min(minutes, maxChargedMinutes);
    }

    /// <summary>The amount for a billable time under a session's terms: charged minutes at the rate, nothing when free.</summary>
    public static Money AmountFor(SessionTerms terms, int chargedMinutes) =>
        terms.IsFree ? Money.Zero(terms.RatePerMinute.Currency) : terms.RatePerMinute.Multiply(chargedMinutes);

    public static MeterReading Read(Session session, DateTimeOffset now)
    {
        var terms = session.Terms;
        var ordered = Ordered(session.Presence);
        var customerEver = ordered.Any(s => s.Customer);
        var expertEver = ordered.Any(s => s.Expert);
        var bothNow = ordered.Count > 0 && ordered[^1].Both && !session.State.IsFinal();
        var zero = Money.Zero(terms.RatePerMinute.Currency);
        var freeTotal = TimeSpan.FromMinutes(terms.FreeMinutes);

        // Billing starts when the call opens; anything reported before (a customer waiting while it rang) is not billed.
        if (session.OpenedAt is not { } openedAt)
        {
            return new MeterReading(now, TimeSpan.Zero, TimeSpan.Zero, freeTotal, 0, zero, null, null, bothNow, null, customerEver, expertEver);
        }

        var end = session.EndedAt is { } endedAt && endedAt < now ? endedAt : now;
        var segments = BothSegments(ordered, openedAt, end);
        if (segments.Count == 0)
        {
            return new MeterReading(now, TimeSpan.Zero, TimeSpan.Zero, freeTotal, 0, zero, null, null, bothNow, null, customerEver, expertEver);
        }

        var first = segments[0].From;
        var endsAt = first + terms.MaxDuration;
        var stop = end < endsAt ? end : endsAt;
        var billable = TimeSpan.Zero;
        foreach (var (from, to) in segments)
        {
            var clippedTo = to < stop ? to : stop;
            if (clippedTo > from)
            {
                billable += clippedTo - from;
            }
        }

        var charged = ChargedMinutes(billable, terms.FreeMinutes, terms.MaxChargedMinutes);
        var freeRemaining = billable >= freeTotal ? TimeSpan.Zero : freeTotal - TimeSpan.FromSeconds(Math.Floor(billable.TotalSeconds));
        DateTimeOffset? interruptedSince = null;
        if (!bothNow && !session.State.IsFinal())
        {
            // The gap began where the last both-on-call segment stopped.
            interruptedSince = segments[^1].To;
        }

        return new MeterReading(now, stop > first ? stop - first : TimeSpan.Zero, billable, freeRemaining, charged, AmountFor(terms, charged),
            first, endsAt, bothNow, interruptedSince, customerEver, expertEver);
    }

    /// <summary>The bill for the connected time, as it stands at <paramref name="at"/>.</summary>
    public static SessionBill UsageBill(Session session, DateTimeOffset at)
    {
        var reading = Read(session, at);
        var freeUsed = (int)Math.Min(session.Terms.FreeMinutes, Math.Ceiling(reading.Billable.TotalSeconds / 60));
        return reading.ChargedMinutes == 0 || session.Terms.IsFree
            ? new SessionBill(SessionBillKind.None, (long)reading.Billable.TotalSeconds, freeUsed, 0, session.Terms.RatePerMinute, Money.Zero(session.Terms.RatePerMinute.Currency))
            : new SessionBill(SessionBillKind.Usage, (long)reading.Billable.TotalSeconds, freeUsed, reading.ChargedMinutes, session.Terms.RatePerMinute, reading.Amount);
    }

    /// <summary>Reports in timeline order: by the time the calling service gave them, then by its sequence number.</summary>
    public static IReadOnlyList<PresenceSnapshot> Ordered(IReadOnlyList<PresenceSnapshot> presence)
    {
        for (var i = 1; i < presence.Count; i++)
        {
            if (Compare(presence[i - 1], presence[i]) > 0)
            {
                return presence.Order(Comparer<PresenceSnapshot>.Create(Compare)).ToArray();
            }
        }

        return presence;
    }

    public static int Compare(PresenceSnapshot left, PresenceSnapshot right)
    {
        var byTime = left.At.CompareTo(right.At);
        return byTime != 0 ? byTime : left.Sequence.CompareTo(right.Sequence);
    }

    /// <summary>The stretches of time within [from, to) during which both were on the call, merged and in order.</summary>
    private static List<(DateTimeOffset From, DateTimeOffset To)> BothSegments(IReadOnlyList<PresenceSnapshot> ordered, DateTimeOffset from, DateTimeOffset to)
    {
        var segments = new List<(DateTimeOffset From, DateTimeOffset To)>();
        for (var i = 0; i < ordered.Count; i++)
        {
            if (!ordered[i].Both)
            {
                continue;
            }

            var start = ordered[i].At < from ? from : ordered[i].At;
            var stop = i + 1 < ordered.Count ? ordered[i + 1].At : to;
            if (stop > to)
            {
                stop = to;
            }

            if (stop <= start)
            {
                // A zero-length stretch still counts when it is the live one: both are on the call right now.
                if (i == ordered.Count - 1 && start <= to && segments.Count == 0)
                {
                    segments.Add((start, start));
                }

                continue;
            }

            if (segments.Count > 0 && segments[^1].To >= start)
            {
                segments[^1] = (segments[^1].From, stop > segments[^1].To ? stop : segments[^1].To);
            }
            else
            {
                segments.Add((start, stop));
            }
        }

        return segments;
    }
}
