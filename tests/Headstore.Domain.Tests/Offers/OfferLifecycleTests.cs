using Headstore.Domain.Common;
using Headstore.Domain.Offers;
using Headstore.Domain.Payments;
using Headstore.Domain.Questions;

namespace Headstore.Domain.Tests.Offers;

public sealed class OfferLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly OfferPolicy Policy = OfferPolicy.Default;
    private static readonly Actor Carol = new(new UserId("customer-carol"), "Carol", "carol@example.com", new HashSet<string> { Roles.Customer });
    private static readonly ExpertId Alice = new("expert-alice");
    private static readonly Money Price = new(4900, Currency.USD);
    private static readonly OfferChargePlan Plan = new(new PaymentId("pay_offer"), new PaymentId("pay_question"), new Money(9000, Currency.USD), "cus_1", "pm_card_visa");

    private static Offer Sent(ServiceKind kind = ServiceKind.PhoneCall)
    {
        var question = Question.Ask(QuestionId.New(Now), Carol, new CategoryId("tax-accounting"), "How do I claim my home office?", "Spare room.", "en", Now);
        var (answered, answer) = question.AddAnswer(Alice, "Alice", "By floor area.", Now).Value;
        var service = new OfferService(new ServiceId("phone-call"), kind, "Follow-up phone call", false);
        var step = OfferLifecycle.Send(OfferId.New(Now), answered, answer, "Alice", service, "A 30 minute call to go through your expenses.", Price, Now, Policy);
        Assert.Equal([new OfferEffect.Notify(OfferNotice.Sent)], step.Effects);
        return step.Offer;
    }

    private static OfferStep Apply(Offer offer, OfferSignal signal, DateTimeOffset? at = null) => OfferLifecycle.Apply(offer, signal, at ?? Now, Policy).Value;

    private static Error Refused(Offer offer, OfferSignal signal, DateTimeOffset? at = null) => OfferLifecycle.Apply(offer, signal, at ?? Now, Policy).Error!;

    private static Offer InProgress(ServiceKind kind = ServiceKind.PhoneCall)
    {
        var accepting = Apply(Sent(kind), new OfferSignal.Accept(Carol.UserId, Plan)).Offer;
        return Apply(accepting, new OfferSignal.Charged(Plan.QuestionPaymentId)).Offer;
    }

    [Fact]
    public void Send_IsOpen_DueForTheReminderFirst_ThenExpiry()
    {
        var offer = Sent();
        Assert.Equal(OfferState.Open, offer.State);
        Assert.Equal(Now.AddHours(48), OfferLifecycle.NextDueAt(offer));
        Assert.False(OfferLifecycle.IsFinal(offer));
        Assert.Equal("sent", Assert.Single(offer.History).Event);
    }

    [Fact]
    public void Accept_ClaimsTheOffer_AndAsksForTheCharge_ThenChargedPutsItInProgress()
    {
        var accepting = Apply(Sent(), new OfferSignal.Accept(Carol.UserId, Plan));
        Assert.Equal(OfferState.Accepting, accepting.Offer.State);
        var charge = Assert.IsType<OfferEffect.ChargeCustomer>(Assert.Single(accepting.Effects)).Charge;
        Assert.Equal(1, charge.Attempt);
        Assert.Equal(Price, charge.OfferPrice);
        Assert.Equal(Now + Policy.AcceptRetryAfter, OfferLifecycle.NextDueAt(accepting.Offer));

        var accepted = Apply(accepting.Offer, new OfferSignal.Charged(Plan.QuestionPaymentId), Now.AddSeconds(1));
        Assert.Equal(OfferState.InProgress, accepted.Offer.State);
        Assert.Equal([Plan.OfferPaymentId, Plan.QuestionPaymentId!.Value], accepted.Offer.ChargedPayments);
        Assert.Equal([new OfferEffect.Notify(OfferNotice.Accepted)], accepted.Effects);
        Assert.Equal(Now.AddSeconds(1) + Policy.CompletionPromptAfter, OfferLifecycle.NextDueAt(accepted.Offer));
        var last = accepted.Offer.History[^1];
        Assert.Equal(("accepted", OfferState.Accepting, OfferState.InProgress, OfferParty.Customer, Carol.UserId), (last.Event, last.From, last.To, last.Party, last.By!.Value));
    }

    [Fact]
    public void ChargeFailed_ReopensTheOffer_WithTheReason_AndTheNextAttemptHasANewNumber()
    {
        var accepting = Apply(Sent(), new OfferSignal.Accept(Carol.UserId, Plan)).Offer;
        var reopened = Apply(accepting, new OfferSignal.ChargeFailed("generic-decline"));
        Assert.Equal(OfferState.Open, reopened.Offer.State);
        Assert.Equal("generic-decline", reopened.Offer.LastChargeFailure);
        Assert.Empty(reopened.Effects);

        var again = Apply(reopened.Offer, new OfferSignal.Accept(Carol.UserId, Plan));
        Assert.Equal(2, Assert.IsType<OfferEffect.ChargeCustomer>(Assert.Single(again.Effects)).Charge.Attempt);
        Assert.Null(again.Offer.LastChargeFailure);
    }

    [Theory]
    [InlineData("accept")]
    [InlineData("decline")]
    [InlineData("withdraw")]
    public void WhileBeingAccepted_NothingElseMayHappen(string action)
    {
        var accepting = Apply(Sent(), new OfferSignal.Accept(Carol.UserId, Plan)).Offer;
        OfferSignal signal = action switch
        {
            "accept" => new OfferSignal.Accept(Carol.UserId, Plan),
            "decline" => new OfferSignal.Decline(Carol.UserId, null),
            _ => new OfferSignal.Withdraw(Alice.User, null),
        };
        Assert.Equal("offer-being-accepted", Refused(accepting, signal).Code);
    }

    [Fact]
    public void AcceptingAgain_AfterAcceptance_IsAlreadyAccepted_AndAfterDeclining_IsNotOpen()
    {
        Assert.Equal("already-accepted", Refused(InProgress(), new OfferSignal.Accept(Carol.UserId, Plan)).Code);
        var declined = Apply(Sent(), new OfferSignal.Decline(Carol.UserId, "Too expensive")).Offer;
        Assert.Equal(OfferState.Declined, declined.State);
        Assert.True(OfferLifecycle.IsFinal(declined));
        Assert.Equal("offer-not-open", Refused(declined, new OfferSignal.Accept(Carol.UserId, Plan)).Code);
        Assert.Equal("offer-not-open", Refused(declined, new OfferSignal.Withdraw(Alice.User, null)).Code);
    }

    [Fact]
    public void Accept_AfterExpiry_IsRefused_EvenBeforeTheTimerMovedIt()
    {
        Assert.Equal("offer-not-open", Refused(Sent(), new OfferSignal.Accept(Carol.UserId, Plan), Now + Policy.OpenFor).Code);
    }

    [Fact]
    public void TimePassing_RemindsOnceAfter48Hours_ThenExpires()
    {
        var offer = Sent();
        Assert.False(Apply(offer, OfferSignal.Tick, Now.AddHours(47)).Changed);

        var reminded = Apply(offer, OfferSignal.Tick, Now.AddHours(48));
        Assert.Equal([new OfferEffect.Notify(OfferNotice.Reminder)], reminded.Effects);
        Assert.Equal(OfferState.Open, reminded.Offer.State);
        Assert.Equal(Now + Policy.OpenFor, OfferLifecycle.NextDueAt(reminded.Offer));
        Assert.False(Apply(reminded.Offer, OfferSignal.Tick, Now.AddHours(49)).Changed);

        var expired = Apply(reminded.Offer, OfferSignal.Tick, Now + Policy.OpenFor);
        Assert.Equal(OfferState.Expired, expired.Offer.State);
        Assert.Equal([new OfferEffect.Notify(OfferNotice.Expired)], expired.Effects);
        Assert.True(OfferLifecycle.IsFinal(expired.Offer));
        Assert.Null(OfferLifecycle.NextDueAt(expired.Offer));
    }

    [Fact]
    public void AnUnfinishedAcceptance_IsChargedAgain_WithTheSameAttempt_WhenItsRetryIsDue()
    {
        var accepting = Apply(Sent(), new OfferSignal.Accept(Carol.UserId, Plan)).Offer;
        Assert.False(Apply(accepting, OfferSignal.Tick, Now.AddMinutes(1)).Changed);
        var retry = Apply(accepting, OfferSignal.Tick, Now + Policy.AcceptRetryAfter);
        var charge = Assert.IsType<OfferEffect.ChargeCustomer>(Assert.Single(retry.Effects)).Charge;
        Assert.Equal(1, charge.Attempt);
        Assert.Equal(accepting.Charge!.ProviderKey(accepting.Id), charge.ProviderKey(accepting.Id));
        Assert.Equal(Now + Policy.AcceptRetryAfter * 2, OfferLifecycle.NextDueAt(retry.Offer));
    }

    [Fact]
    public void InProgress_PromptsTheExpertOnce_WhenNotCompletedInTime()
    {
        var offer = InProgress();
        var prompted = Apply(offer, OfferSignal.Tick, Now + Policy.CompletionPromptAfter);
        Assert.Equal([new OfferEffect.Notify(OfferNotice.CompletionPrompt)], prompted.Effects);
        Assert.Null(OfferLifecycle.NextDueAt(prompted.Offer));
        Assert.False(OfferLifecycle.IsFinal(prompted.Offer));
        Assert.False(Apply(prompted.Offer, OfferSignal.Tick, Now.AddDays(60)).Changed);
    }

    [Fact]
    public void Complete_OpensTheRefundWindow_ThenTheOfferCloses()
    {
        var completed = Apply(InProgress(), new OfferSignal.Complete(Alice.User, "Call held."));
        Assert.Equal(OfferState.Completed, completed.Offer.State);
        Assert.Equal(Now + Policy.RefundWindow, OfferLifecycle.NextDueAt(completed.Offer));
        Assert.False(OfferLifecycle.IsFinal(completed.Offer));

        var refundable = Apply(completed.Offer, new OfferSignal.RequestRefund(Carol.UserId, "Not what I expected"), Now.AddDays(29));
        Assert.Equal(OfferState.Refunded, refundable.Offer.State);

        var closed = Apply(completed.Offer, OfferSignal.Tick, Now + Policy.RefundWindow);
        Assert.True(OfferLifecycle.IsFinal(closed.Offer));
        Assert.Equal("refund-window-closed", Refused(closed.Offer, new OfferSignal.RequestRefund(Carol.UserId, null), Now.AddDays(31)).Code);
    }

    [Fact]
    public void CannotComplete_NeedsAReason_RefundsBothPayments_AndTellsCare()
    {
        var offer = InProgress();
        Assert.Equal("reason", Assert.Single(Refused(offer, new OfferSignal.CannotComplete(Alice.User, " ")).FieldErrors!).Key);

        var given = Apply(offer, new OfferSignal.CannotComplete(Alice.User, "Call me on 020 7946 0958 instead"));
        Assert.Equal(OfferState.CannotComplete, given.Offer.State);
        var refund = Assert.IsType<OfferEffect.RefundCustomer>(given.Effects.Single(e => e is OfferEffect.RefundCustomer));
        Assert.Equal([Plan.OfferPaymentId, Plan.QuestionPaymentId!.Value], refund.Payments);
        Assert.Contains(new OfferEffect.Notify(OfferNotice.CannotComplete), given.Effects);
        Assert.DoesNotContain("7946", given.Offer.History[^1].Reason);
        Assert.Equal(Now + Policy.RefundRetryAfter, OfferLifecycle.NextDueAt(given.Offer));
        Assert.False(OfferLifecycle.IsFinal(given.Offer));

        var settled = Apply(given.Offer, new OfferSignal.RefundsSettled());
        Assert.True(OfferLifecycle.IsFinal(settled.Offer));
        Assert.Equal("refunded", settled.Offer.History[^1].Event);
    }

    [Fact]
    public void APendingRefund_IsRetriedWhenDue_AndAFailedOneGoesToCare()
    {
        var refunding = Apply(InProgress(), new OfferSignal.RequestRefund(Carol.UserId, null)).Offer;
        var retry = Apply(refunding, OfferSignal.Tick, Now + Policy.RefundRetryAfter);
        Assert.IsType<OfferEffect.RefundCustomer>(Assert.Single(retry.Effects));

        var failed = Apply(refunding, new OfferSignal.RefundsFailed("payment-disputed"));
        Assert.Equal([new OfferEffect.Notify(OfferNotice.RefundFailed)], failed.Effects);
        Assert.True(OfferLifecycle.IsFinal(failed.Offer));
        Assert.Equal("already-refunded", Refused(failed.Offer, new OfferSignal.RequestRefund(Carol.UserId, null)).Code);
    }

    [Fact]
    public void Refund_OfAnOfferNeverAccepted_IsRefused()
    {
        Assert.Equal("offer-not-accepted", Refused(Sent(), new OfferSignal.RequestRefund(Carol.UserId, null)).Code);
        Assert.Equal("offer-not-in-progress", Refused(Sent(), new OfferSignal.Complete(Alice.User, null)).Code);
    }

    [Fact]
    public void RemoteSessions_OnlyUnderAnAcceptedRemoteAssistanceOffer_OneAtATime_AndEndedWithTheOffer()
    {
        var session = RemoteSessionId.New(Now);
        Assert.Equal("not-remote-assistance", InProgress(ServiceKind.PhoneCall).StartRemoteSession(session, Now).Error!.Code);
        Assert.Equal("offer-not-in-progress", Sent(ServiceKind.RemoteAssistance).StartRemoteSession(session, Now).Error!.Code);

        var running = InProgress(ServiceKind.RemoteAssistance).StartRemoteSession(session, Now).Value;
        Assert.Equal("remote-session-running", running.StartRemoteSession(RemoteSessionId.New(Now), Now).Error!.Code);

        var completed = Apply(running, new OfferSignal.Complete(Alice.User, null));
        Assert.Contains(new OfferEffect.EndRemoteSession(session), completed.Effects);
        Assert.Null(completed.Offer.RunningRemoteSession);
    }

    [Fact]
    public void EveryTransition_IsInTheHistory_WithWhoAndWhen()
    {
        var offer = Apply(InProgress(), new OfferSignal.Complete(Alice.User, null), Now.AddDays(1)).Offer;
        Assert.Equal(["sent", "accept-requested", "accepted", "completed"], offer.History.Select(t => t.Event));
        Assert.Equal([OfferParty.Expert, OfferParty.Customer, OfferParty.Customer, OfferParty.Expert], offer.History.Select(t => t.Party));
        Assert.Equal(Now.AddDays(1), offer.History[^1].At);
        Assert.All(offer.History, t => Assert.NotNull(t.By));
    }

    [Fact]
    public void TheWireNames_RoundTrip()
    {
        foreach (var state in Enum.GetValues<OfferState>())
        {
            Assert.True(OfferLifecycle.TryParseWire(OfferLifecycle.Wire(state), out var parsed));
            Assert.Equal(state, parsed);
        }

        Assert.Equal("in-progress", OfferLifecycle.Wire(OfferState.InProgress));
        Assert.False(OfferLifecycle.TryParseWire("InProgress", out _));
    }
}
