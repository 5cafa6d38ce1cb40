using Headstore.Domain.Common;
using Headstore.Domain.Payments;
using Headstore.Domain.Sessions;

namespace Headstore.Domain.Tests.Sessions;

/// <summary>Timelines of the pure session state machine on a fake clock (docs/sessions.md).</summary>
public sealed class SessionLifecycleTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void StartRinging_MarksTheExpertBusy_RingsThem_AndIsDueAtTheRingTimeout()
    {
        var timeline = SessionTimeline.Ringing();

        Assert.Equal(SessionState.Ringing, timeline.Session.State);
        Assert.Contains(timeline.Effects, e => e is SessionEffect.MarkExpertBusy);
        Assert.Contains(timeline.Effects, e => e is SessionEffect.RingExpert);
        Assert.Equal(SessionTimeline.Start + SessionPolicy.Default.RingTimeout, timeline.NextDueAt);
    }

    [Fact]
    public void FreeMinutesComeFirst_ThenEveryStartedMinuteIsCharged_AtTheRate()
    {
        var timeline = SessionTimeline.Connected();

        timeline.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, timeline.Meter().ChargedMinutes);
        Assert.Equal(TimeSpan.Zero, timeline.Meter().FreeRemaining);

        timeline.Advance(Second);
        Assert.Equal(1, timeline.Meter().ChargedMinutes);
        Assert.Equal(300, timeline.Meter().Amount.Minor);

        timeline.Advance(TimeSpan.FromMinutes(7) + TimeSpan.FromSeconds(29)); // 12:30 connected
        timeline.Send(new SessionSignal.End(SessionParty.Customer));

        Assert.Equal(SessionState.Ended, timeline.Session.State);
        Assert.Equal("ended-by-customer", timeline.Session.EndReason);
        var bill = timeline.Session.Bill!;
        Assert.Equal(SessionBillKind.Usage, bill.Kind);
        Assert.Equal(750, bill.BillableSeconds);
        Assert.Equal(5, bill.FreeMinutesUsed);
        Assert.Equal(8, bill.ChargedMinutes);
        Assert.Equal(new Money(2400, Currency.USD), bill.Amount);
        Assert.Contains(timeline.LastEffects, e => e is SessionEffect.Settle { Bill.Amount.Minor: 2400 });
        Assert.Contains(timeline.LastEffects, e => e is SessionEffect.MarkExpertAvailable);
        Assert.Contains(timeline.LastEffects, e => e is SessionEffect.EndCall);
    }

    [Theory]
    [InlineData(0, 5, 0)]
    [InlineData(300, 5, 0)]
    [InlineData(300.9, 5, 0)]
    [InlineData(301, 5, 1)]
    [InlineData(360, 5, 1)]
    [InlineData(361, 5, 2)]
    [InlineData(1, 0, 1)]
    [InlineData(59, 0, 1)]
    [InlineData(60, 0, 1)]
    [InlineData(61, 0, 2)]
    [InlineData(5400, 5, 85)]
    [InlineData(99999, 5, 85)]
    public void ChargedMinutes_IsPerStartedMinuteAfterTheFreeMinutes_AndNeverAboveTheMaximum(double seconds, int freeMinutes, int expected)
    {
        Assert.Equal(expected, SessionMeter.ChargedMinutes(TimeSpan.FromSeconds(seconds), freeMinutes, maxChargedMinutes: 85));
    }

    [Fact]
    public void ADropAndARejoin_WithinTheGrace_ContinueTheSameSessionAndBill_OnlyTimeTogetherCounts()
    {
        var timeline = SessionTimeline.Connected(SessionTimeline.Terms(freeMinutes: 0));
        timeline.Advance(TimeSpan.FromMinutes(10));

        timeline.Leave(SessionParty.Customer);
        Assert.Equal(SessionState.Interrupted, timeline.Session.State);
        Assert.Equal(timeline.Now + SessionPolicy.Default.InterruptionGrace, timeline.NextDueAt);
        timeline.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(TimeSpan.FromMinutes(10), timeline.Meter().Billable);
        Assert.Equal(TimeSpan.FromMinutes(12), timeline.Meter().Elapsed);

        timeline.Join(SessionParty.Customer);
        Assert.Equal(SessionState.Connected, timeline.Session.State);
        timeline.Advance(TimeSpan.FromMinutes(10));
        timeline.Send(new SessionSignal.End(SessionParty.Expert));

        Assert.Equal(1200, timeline.Session.Bill!.BillableSeconds);
        Assert.Equal(20, timeline.Session.Bill.ChargedMinutes);
        Assert.Equal("ended-by-expert", timeline.Session.EndReason);
        Assert.Equal(SessionParty.Expert, timeline.Session.EndedBy);
    }

    [Fact]
    public void ADropLongerThanTheGrace_EndsTheSession_BilledUpToTheDrop()
    {
        var timeline = SessionTimeline.Connected(SessionTimeline.Terms(freeMinutes: 0));
        timeline.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(30));
        var droppedAt = timeline.Now;
        timeline.Leave(SessionParty.Expert);

        timeline.Advance(SessionPolicy.Default.InterruptionGrace);

        Assert.Equal(SessionState.Ended, timeline.Session.State);
        Assert.Equal("connection-lost", timeline.Session.EndReason);
        Assert.Equal(droppedAt + SessionPolicy.Default.InterruptionGrace, timeline.Session.EndedAt);
        Assert.Equal(270, timeline.Session.Bill!.BillableSeconds);
        Assert.Equal(5, timeline.Session.Bill.ChargedMinutes);
        Assert.Null(timeline.NextDueAt);
    }

    [Fact]
    public void BothSidesAreWarnedBeforeTheLimit_AndTheCallIsEndedForEveryoneAtTheLimit()
    {
        var timeline = SessionTimeline.Connected();
        var connectedAt = timeline.Now;
        Assert.Equal(connectedAt + TimeSpan.FromMinutes(80), timeline.NextDueAt);

        timeline.Advance(TimeSpan.FromMinutes(80));
        var warning = Assert.IsType<SessionEffect.Warn>(Assert.Single(timeline.LastEffects));
        Assert.Equal(600, warning.SecondsLeft);
        Assert.Equal(connectedAt + TimeSpan.FromMinutes(89), timeline.NextDueAt);

        timeline.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(60, Assert.IsType<SessionEffect.Warn>(Assert.Single(timeline.LastEffects)).SecondsLeft);
        Assert.Equal([600, 60], timeline.Session.WarningsIssued);

        timeline.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(SessionState.Ended, timeline.Session.State);
        Assert.Equal("time-limit", timeline.Session.EndReason);
        Assert.Equal(connectedAt + TimeSpan.FromMinutes(90), timeline.Session.EndedAt);
        Assert.Contains(timeline.LastEffects, e => e is SessionEffect.EndCall);
        Assert.Equal(85, timeline.Session.Bill!.ChargedMinutes);
        Assert.Equal(timeline.Session.Terms.MaximumCharge, timeline.Session.Bill.Amount);
        Assert.Equal(new Money(25500, Currency.USD), timeline.Session.Bill.Amount);
    }

    [Fact]
    public void ALateTimer_ThatFindsBothWarningsDue_SpeaksOnlyTheMostUrgentOnce()
    {
        var timeline = SessionTimeline.Connected();
        timeline.Jump(TimeSpan.FromMinutes(89.5));

        timeline.Send(new SessionSignal.TimePassed());

        Assert.Equal(30, Assert.IsType<SessionEffect.Warn>(Assert.Single(timeline.LastEffects)).SecondsLeft);
        Assert.Equal([600, 60], timeline.Session.WarningsIssued);
        var again = timeline.Send(new SessionSignal.TimePassed());
        Assert.Empty(again.Effects);
    }

    [Fact]
    public void ALateTimerAfterTheLimit_EndsAtTheLimit_NeverBillingBeyondIt()
    {
        var timeline = SessionTimeline.Connected(SessionTimeline.Terms(freeMinutes: 0));
        var connectedAt = timeline.Now;
        timeline.Jump(TimeSpan.FromMinutes(97));

        timeline.Send(new SessionSignal.TimePassed());

        Assert.Equal(connectedAt + TimeSpan.FromMinutes(90), timeline.Session.EndedAt);
        Assert.Equal(90, timeline.Session.Bill!.ChargedMinutes);
    }

    [Fact]
    public void TheSameEventTwice_ChangesNothing_AndReturnsTheSameSession()
    {
        var timeline = SessionTimeline.Connected();
        timeline.Advance(TimeSpan.FromMinutes(3));
        var leave = timeline.Report(SessionParty.Customer, false);
        timeline.Send(leave);
        var before = timeline.Session;

        var again = timeline.Send(leave);
        var sameSequenceOtherId = timeline.Send(leave with { EventId = "another-delivery-id" });

        Assert.Same(before, again.Session);
        Assert.Same(before, sameSequenceOtherId.Session);
        Assert.Empty(again.Effects);
    }

    [Fact]
    public void EventsArrivingOutOfOrder_GiveTheSameTimelineAndBill_AsInOrder()
    {
        var timeline = SessionTimeline.Ringing(SessionTimeline.Terms(freeMinutes: 0));
        timeline.Send(new SessionSignal.Accept(SessionParty.Expert));
        var t0 = timeline.Now;
        var reports = new List<SessionSignal.ParticipantsChanged>
        {
            timeline.Report(SessionParty.Customer, true, t0),
            timeline.Report(SessionParty.Expert, true, t0.AddSeconds(5)),
            timeline.Report(SessionParty.Customer, false, t0.AddSeconds(20)),
            timeline.Report(SessionParty.Customer, true, t0.AddSeconds(30)),
            timeline.Report(SessionParty.Expert, false, t0.AddSeconds(50)),
        };

        // Delivered late and in every order, but before any timer could act on them.
        var bills = new List<long>();
        foreach (var order in Permutations(reports))
        {
            var copy = new SessionTimeline(timeline.Session);
            copy.Jump(TimeSpan.FromSeconds(55));
            foreach (var report in order)
            {
                copy.Send(report);
            }

            Assert.Equal(SessionState.Interrupted, copy.Session.State);
            Assert.Equal(t0.AddSeconds(50), copy.Meter().InterruptedSince);
            copy.Send(new SessionSignal.End(SessionParty.Customer));
            bills.Add(copy.Session.Bill!.BillableSeconds);
        }

        Assert.Equal(120, bills.Count);
        Assert.All(bills, b => Assert.Equal(15 + 20, b));
    }

    [Fact]
    public void APresenceReportStampedAheadOfOurClock_CountsFromNow()
    {
        var timeline = SessionTimeline.Ringing();
        timeline.Send(new SessionSignal.Accept(SessionParty.Expert));
        timeline.Join(SessionParty.Customer);

        timeline.Send(timeline.Report(SessionParty.Expert, true, timeline.Now.AddSeconds(2)));

        Assert.Equal(SessionState.Connected, timeline.Session.State);
        Assert.Equal(timeline.Now, timeline.Meter().FirstConnectedAt);
    }

    [Fact]
    public void BothOnTheCallWhileItRings_IsBilledFromTheAcceptance()
    {
        var timeline = SessionTimeline.Ringing(SessionTimeline.Terms(freeMinutes: 0));
        timeline.Join(SessionParty.Customer);
        timeline.Join(SessionParty.Expert);
        Assert.Equal(SessionState.Ringing, timeline.Session.State);
        timeline.Advance(TimeSpan.FromSeconds(30));

        timeline.Send(new SessionSignal.Accept(SessionParty.Expert));
        Assert.Equal(SessionState.Connected, timeline.Session.State);
        timeline.Advance(TimeSpan.FromSeconds(90));

        Assert.Equal(TimeSpan.FromSeconds(90), timeline.Meter().Billable);
        Assert.Equal(2, timeline.Meter().ChargedMinutes);
    }

    [Fact]
    public void NoAnswer_ExpiresAtTheRingTimeout_ReleasesThePayment_AndFreesTheExpert()
    {
        var timeline = SessionTimeline.Ringing();

        timeline.Advance(SessionPolicy.Default.RingTimeout);

        Assert.Equal(SessionState.Expired, timeline.Session.State);
        Assert.Equal("no-answer", timeline.Session.EndReason);
        Assert.Contains(timeline.LastEffects, e => e is SessionEffect.Settle { Bill.Kind: SessionBillKind.None, Bill.Amount.Minor: 0 });
        Assert.Contains(timeline.LastEffects, e => e is SessionEffect.MarkExpertAvailable);
        Assert.Equal("session-not-ringing", timeline.TrySend(new SessionSignal.Accept(SessionParty.Expert)).Error!.Code);
    }

    [Fact]
    public void AnAcceptAfterTheRingTimedOut_FindsTheSessionExpired_EvenBeforeTheTimerRan()
    {
        var timeline = SessionTimeline.Ringing();
        timeline.Jump(SessionPolicy.Default.RingTimeout + Second);

        var accepted = timeline.TrySend(new SessionSignal.Accept(SessionParty.Expert));

        Assert.Equal("session-not-ringing", accepted.Error!.Code);
    }

    [Fact]
    public void OnlyTheExpertAcceptsOrDeclines_AndADeclineReleasesAtOnce()
    {
        var timeline = SessionTimeline.Ringing();
        Assert.Equal(ErrorKind.Forbidden, timeline.TrySend(new SessionSignal.Accept(SessionParty.Customer)).Error!.Kind);
        Assert.Equal(ErrorKind.Forbidden, timeline.TrySend(new SessionSignal.Decline(SessionParty.Customer)).Error!.Kind);

        timeline.Send(new SessionSignal.Decline(SessionParty.Expert));

        Assert.Equal(SessionState.Declined, timeline.Session.State);
        Assert.Contains(timeline.LastEffects, e => e is SessionEffect.Settle { Bill.Amount.Minor: 0 });
        Assert.Same(timeline.Session, timeline.Send(new SessionSignal.Decline(SessionParty.Expert)).Session);
    }

    [Fact]
    public void TheCustomerHangingUpWhileItRings_CancelsIt()
    {
        var timeline = SessionTimeline.Ringing();

        timeline.Send(new SessionSignal.End(SessionParty.Customer));

        Assert.Equal(SessionState.Cancelled, timeline.Session.State);
        Assert.Equal("caller-hung-up", timeline.Session.EndReason);
    }

    [Fact]
    public void ACustomerWhoNeverJoins_ExpiresTheSessionAtTheJoinTimeout_WithNothingCharged()
    {
        var timeline = SessionTimeline.Ringing();
        timeline.Send(new SessionSignal.Accept(SessionParty.Expert));
        timeline.Join(SessionParty.Expert);

        timeline.Advance(SessionPolicy.Default.JoinTimeout);

        Assert.Equal(SessionState.Expired, timeline.Session.State);
        Assert.Equal("customer-did-not-join", timeline.Session.EndReason);
        Assert.Equal(0, timeline.Session.Bill!.Amount.Minor);
        Assert.Contains(timeline.LastEffects, e => e is SessionEffect.EndCall);
    }

    [Fact]
    public void EndingTwice_IsHarmless()
    {
        var timeline = SessionTimeline.Connected();
        timeline.Advance(TimeSpan.FromMinutes(20));
        timeline.Send(new SessionSignal.End(SessionParty.Expert));
        var ended = timeline.Session;

        var again = timeline.Send(new SessionSignal.End(SessionParty.Customer));

        Assert.Same(ended, again.Session);
        Assert.Empty(again.Effects);
        Assert.Equal("ended-by-expert", again.Session.EndReason);
    }

    [Fact]
    public void EventsAfterTheEnd_AreIgnored()
    {
        var timeline = SessionTimeline.Connected();
        timeline.Advance(TimeSpan.FromMinutes(20));
        timeline.Send(new SessionSignal.End(SessionParty.Expert));
        var ended = timeline.Session;

        var late = timeline.Send(timeline.Report(SessionParty.Customer, false, ended.EndedAt!.Value.AddMinutes(-5)));

        Assert.Same(ended, late.Session);
    }

    [Fact]
    public void TheCallEndingForEveryone_Interrupts_ThenTheServerReconnects_AndARejoinContinues()
    {
        var timeline = SessionTimeline.Connected();
        timeline.Send(new SessionSignal.CallConnected("evt-connected", "call-1"));
        timeline.Advance(TimeSpan.FromMinutes(5));

        timeline.Send(new SessionSignal.CallEnded("evt-ended", "call-1", timeline.Now));
        Assert.Equal(SessionState.Interrupted, timeline.Session.State);
        Assert.Null(timeline.Session.CallControl.ConnectionId);
        Assert.Equal(timeline.Now + SessionPolicy.Default.ReconnectDelay, timeline.NextDueAt);

        timeline.Advance(SessionPolicy.Default.ReconnectDelay);
        Assert.Contains(timeline.LastEffects, e => e is SessionEffect.ConnectCall);

        timeline.Connection = "call-2";
        timeline.Send(new SessionSignal.CallConnected("evt-connected-2", "call-2"));
        timeline.Join(SessionParty.Customer);
        timeline.Join(SessionParty.Expert);
        Assert.Equal(SessionState.Connected, timeline.Session.State);
        Assert.Equal("call-2", timeline.Session.CallControl.ConnectionId);
    }

    [Fact]
    public void AFreeSession_ChargesNothing_AndIsStillCapped()
    {
        var timeline = SessionTimeline.Connected(SessionTimeline.Terms(free: true));
        Assert.Equal(0, timeline.Session.Terms.MaximumCharge.Minor);

        timeline.Advance(TimeSpan.FromMinutes(95));

        Assert.Equal(SessionState.Ended, timeline.Session.State);
        Assert.Equal("time-limit", timeline.Session.EndReason);
        Assert.Equal(SessionBillKind.None, timeline.Session.Bill!.Kind);
        Assert.Equal(0, timeline.Session.Bill.Amount.Minor);
        Assert.Equal(5400, timeline.Session.Bill.BillableSeconds);
    }

    [Fact]
    public void AFreeLinkSessionThatNeverConnects_GivesItsLinkBack()
    {
        var timeline = SessionTimeline.Ringing(SessionTimeline.Terms(free: true), SessionOrigin.FreeLink);

        timeline.Send(new SessionSignal.Decline(SessionParty.Expert));

        Assert.Contains(timeline.LastEffects, e => e is SessionEffect.ReleaseLink);
    }

    [Fact]
    public void ABookedSession_IsAuthorisedTheDayBefore_OpensAtItsTime_AndCanConnect()
    {
        var at = SessionTimeline.Start.AddDays(3);
        var timeline = SessionTimeline.Booked(at);
        Assert.Equal(at - TimeSpan.FromHours(24), SessionLifecycle.DueAt(timeline.Session, timeline.Now, timeline.Policy));

        timeline.Jump(TimeSpan.FromDays(2));
        timeline.Send(new SessionSignal.TimePassed());
        var authorise = Assert.IsType<SessionEffect.AuthorisePayment>(Assert.Single(timeline.LastEffects));
        Assert.Equal(new Money(25500, Currency.USD), authorise.Amount);
        timeline.Send(new SessionSignal.PaymentAuthorised(new PaymentId("pay_booked")));
        Assert.Equal(at, timeline.NextDueAt);

        timeline.Advance(TimeSpan.FromDays(1));

        Assert.Equal(SessionState.Joining, timeline.Session.State);
        Assert.Equal(at, timeline.Session.OpenedAt);
        Assert.Contains(timeline.LastEffects, e => e is SessionEffect.MarkExpertBusy);
        Assert.Contains(timeline.LastEffects, e => e is SessionEffect.PrepareCall);
        Assert.Contains(timeline.LastEffects, e => e is SessionEffect.ConnectCall);
        Assert.Contains(timeline.LastEffects, e => e is SessionEffect.NotifyOpened);
        timeline.Send(new SessionSignal.CallPrepared(SessionTimeline.Call()));
        timeline.Join(SessionParty.Expert);
        timeline.Join(SessionParty.Customer);
        Assert.Equal(SessionState.Connected, timeline.Session.State);
    }

    [Fact]
    public void ABookedSessionWhoseCardIsDeclined_IsCancelled()
    {
        var at = SessionTimeline.Start.AddDays(3);
        var timeline = SessionTimeline.Booked(at);
        timeline.Jump(TimeSpan.FromDays(2));
        timeline.Send(new SessionSignal.TimePassed());

        timeline.Send(new SessionSignal.PaymentDeclined("card-declined"));

        Assert.Equal(SessionState.Cancelled, timeline.Session.State);
        Assert.Equal("payment-declined", timeline.Session.EndReason);
    }

    [Theory]
    [InlineData(SessionParty.Customer, 48, "cancelled-by-customer", 0)]
    [InlineData(SessionParty.Customer, 12, "cancelled-late-by-customer", 4500)]
    [InlineData(SessionParty.Expert, 12, "cancelled-by-expert", 0)]
    public void CancellingABooking_IsFreeUntil24HoursBefore_ThenTheCustomerPaysTheLateFee(SessionParty by, int hoursBefore, string reason, long fee)
    {
        var at = SessionTimeline.Start.AddDays(3);
        var timeline = SessionTimeline.Booked(at);
        timeline.Jump(at - TimeSpan.FromHours(hoursBefore) - timeline.Now);
        timeline.Send(new SessionSignal.TimePassed());
        if (timeline.LastEffects.OfType<SessionEffect.AuthorisePayment>().Any())
        {
            timeline.Send(new SessionSignal.PaymentAuthorised(new PaymentId("pay_booked")));
        }

        timeline.Send(new SessionSignal.CancelBooking(by));

        Assert.Equal(SessionState.Cancelled, timeline.Session.State);
        Assert.Equal(reason, timeline.Session.EndReason);
        Assert.Equal(fee, timeline.Session.Bill!.Amount.Minor);
        Assert.DoesNotContain(timeline.LastEffects, e => e is SessionEffect.AuthorisePayment);
    }

    [Theory]
    [InlineData(true, false, "customer-did-not-join", 4500)]
    [InlineData(false, true, "expert-did-not-join", 0)]
    [InlineData(false, false, "expert-did-not-join", 0)]
    public void ANoShowInABookedSession_ChargesTheFeeOnlyWhenTheCustomerMissedIt(bool expertJoins, bool customerJoins, string reason, long fee)
    {
        var at = SessionTimeline.Start.AddDays(3);
        var timeline = SessionTimeline.Booked(at);
        timeline.Jump(TimeSpan.FromDays(2));
        timeline.Send(new SessionSignal.TimePassed());
        timeline.Send(new SessionSignal.PaymentAuthorised(new PaymentId("pay_booked")));
        timeline.Advance(TimeSpan.FromDays(1));
        if (expertJoins)
        {
            timeline.Join(SessionParty.Expert);
        }

        if (customerJoins)
        {
            timeline.Join(SessionParty.Customer);
        }

        timeline.Advance(SessionPolicy.Default.NoShowWindow);

        Assert.Equal(SessionState.Expired, timeline.Session.State);
        Assert.Equal(reason, timeline.Session.EndReason);
        Assert.Equal(fee, timeline.Session.Bill!.Amount.Minor);
    }

    [Fact]
    public void EndingABookedSessionBeforeItsTime_IsRefused_CancelTheAppointmentInstead()
    {
        var timeline = SessionTimeline.Booked(SessionTimeline.Start.AddDays(3));

        Assert.Equal("session-not-started", timeline.TrySend(new SessionSignal.End(SessionParty.Customer)).Error!.Code);
    }

    [Fact]
    public void Review_IsTheCustomers_Once_AfterAConnectedSession_WithContactDetailsMasked()
    {
        var timeline = SessionTimeline.Connected();
        timeline.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal("session-not-reviewable", timeline.Session.AddReview(timeline.Session.CustomerId, 5, "Great", timeline.Now).Error!.Code);
        timeline.Send(new SessionSignal.End(SessionParty.Customer));

        Assert.Equal(ErrorKind.Forbidden, timeline.Session.AddReview(new UserId("expert-alice"), 5, "Great", timeline.Now).Error!.Kind);
        Assert.Equal(ErrorKind.Validation, timeline.Session.AddReview(timeline.Session.CustomerId, 6, "Great", timeline.Now).Error!.Kind);
        var reviewed = timeline.Session.AddReview(timeline.Session.CustomerId, 5, "Great help, call me on 555 123 4567", timeline.Now).Value;

        Assert.Equal(5, reviewed.Review!.Stars);
        Assert.DoesNotContain("4567", reviewed.Review.Text);
        Assert.Equal("already-reviewed", reviewed.AddReview(timeline.Session.CustomerId, 4, "", timeline.Now).Error!.Code);
    }

    [Fact]
    public void LinkTokens_AreUnguessable_AndParsedFromABareTokenOrAUrl()
    {
        var paid = SessionLinkId.New(SessionLinkKind.Paid);
        var free = SessionLinkId.New(SessionLinkKind.Free);

        Assert.StartsWith("pl_", paid.Value);
        Assert.StartsWith("fl_", free.Value);
        Assert.Equal(29, paid.Value.Length);
        Assert.NotEqual(paid, SessionLinkId.New(SessionLinkKind.Paid));
        Assert.True(SessionLinkId.TryParse($"https://headstore.example/call/{free.Value}?utm=x", out var parsed));
        Assert.Equal(free, parsed);
        Assert.False(SessionLinkId.TryParse("pl_short", out _));
        Assert.False(SessionLinkId.TryParse("../../etc/passwd", out _));
    }

    [Fact]
    public void AFreeLink_IsUsedOnce_AndGivenBackOnlyForItsOwnSession()
    {
        var link = SessionLink.Create(new ExpertId("expert-alice"), SessionLinkKind.Free, SessionTimeline.Start);
        var used = link.Use(new SessionId("ses_1"), new UserId("customer-carol"), SessionTimeline.Start).Value;

        Assert.Equal("link-used", used.Use(new SessionId("ses_2"), new UserId("customer-dan"), SessionTimeline.Start).Error!.Code);
        Assert.Same(used, used.Release(new SessionId("ses_2")));
        Assert.False(used.Release(new SessionId("ses_1")).IsUsed);
    }

    private static IEnumerable<IReadOnlyList<T>> Permutations<T>(IReadOnlyList<T> items)
    {
        if (items.Count <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var permutation in Permutations(rest))
            {
                yield return [items[i], .. permutation];
            }
        }
    }
}
