using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Tests.Ledger;

namespace Headstore.Domain.Tests.Payments;

public sealed class CustomerPaymentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly ExpertId Alice = new("expert-alice");
    private static readonly Earner AliceEarns = Earner.ForExpert(Alice, RevenueSplit.Commission(1000));

    private static Money Usd(long minor) => new(minor, Currency.USD);

    private static CustomerPayment Authorised(long minor = 9000) => CustomerPayment.Authorise(
        new PaymentId("pay_1"), PaymentPurpose.Question, "q_1", new UserId("customer-carol"), "Paid question", Usd(minor), "pi_1", Now, Now.AddDays(6));

    private static CustomerPayment Captured(long minor = 9000) => Authorised(minor).Capture(Usd(minor), AliceEarns, Now).Value.Payment;

    [Fact]
    public void Capture_PostsTheCharge_AndCapturingAgainPostsNothing()
    {
        var (captured, posting) = Authorised().Capture(Usd(9000), AliceEarns, Now).Value;
        Assert.Equal("charge:pay_1", posting!.Id);
        Assert.Equal(PaymentState.Captured, captured.State);

        var again = captured.Capture(Usd(9000), AliceEarns, Now);
        Assert.True(again.IsSuccess);
        Assert.Null(again.Value.Posting);
        Assert.Equal("already-captured", captured.Capture(Usd(8000), AliceEarns, Now).Error!.Code);
    }

    [Fact]
    public void Capture_CanTakeLessThanAuthorised_ButNeverMore()
    {
        Assert.Equal(Usd(5000), Authorised().Capture(Usd(5000), AliceEarns, Now).Value.Payment.Captured);
        Assert.Equal(ErrorKind.Validation, Authorised().Capture(Usd(9001), AliceEarns, Now).Error!.Kind);
        Assert.Equal(ErrorKind.Validation, Authorised().Capture(Usd(0), AliceEarns, Now).Error!.Kind);
        Assert.Equal(ErrorKind.Validation, Authorised().Capture(new Money(9000, Currency.EUR), AliceEarns, Now).Error!.Kind);
    }

    [Fact]
    public void Release_AfterCapture_IsRefused_AndReleasedCannotBeCaptured()
    {
        Assert.Equal("already-captured", Captured().Release(Now).Error!.Code);
        var released = Authorised().Release(Now).Value;
        Assert.Equal(PaymentState.Released, released.State);
        Assert.Equal("payment-released", released.Capture(Usd(100), AliceEarns, Now).Error!.Code);
        Assert.True(released.Release(Now).IsSuccess);
    }

    [Fact]
    public void CheckRefund_RefusesOverRefunds_NonPositiveAmounts_OtherCurrencies_AndUncapturedPayments()
    {
        var payment = Captured();
        Assert.Equal(Usd(9000), payment.CheckRefund(null).Value);
        Assert.Equal(Usd(100), payment.CheckRefund(Usd(100)).Value);
        Assert.Equal("amount", payment.CheckRefund(Usd(9001)).Error!.FieldErrors!.Keys.Single());
        Assert.Equal(ErrorKind.Validation, payment.CheckRefund(Usd(0)).Error!.Kind);
        Assert.Equal(ErrorKind.Validation, payment.CheckRefund(Usd(-5)).Error!.Kind);
        Assert.Equal(ErrorKind.Validation, payment.CheckRefund(new Money(100, Currency.CHF)).Error!.Kind);
        Assert.Equal("not-captured", Authorised().CheckRefund(null).Error!.Code);

        var (refunded, _) = payment.ApplyRefundTotal(null, 9000, null, Now);
        Assert.Equal("fully-refunded", refunded.CheckRefund(null).Error!.Code);
    }

    [Fact]
    public void ApplyRefundTotal_StaleOrRepeatedNews_PostsNothing()
    {
        var payment = Captured();
        var (once, first) = payment.ApplyRefundTotal(0, 3000, "ch_1", Now);
        Assert.Equal("refund:pay_1:0-3000", Assert.Single(first).Id);
        Assert.Empty(once.ApplyRefundTotal(0, 3000, "ch_1", Now).Postings);
        Assert.Empty(once.ApplyRefundTotal(null, 2000, "ch_1", Now).Postings);
        var (twice, second) = once.ApplyRefundTotal(3000, 5000, "ch_1", Now);
        Assert.Equal("refund:pay_1:3000-5000", Assert.Single(second).Id);
        Assert.Equal(Usd(5000), twice.Refunded);
    }

    [Fact]
    public void ApplyRefundTotal_OutOfOrder_PostsTheSameSlices()
    {
        var (a, a1) = Captured().ApplyRefundTotal(0, 3000, null, Now);
        var (_, a2) = a.ApplyRefundTotal(3000, 5000, null, Now);
        var (b, b1) = Captured().ApplyRefundTotal(3000, 5000, null, Now);
        var (_, b2) = b.ApplyRefundTotal(0, 3000, null, Now);
        Assert.Equal(a1.Concat(a2).Select(LedgerBook.Describe).Order(), b1.Concat(b2).Select(LedgerBook.Describe).Order());
    }

    [Fact]
    public void Dispute_FreezesFromTheTop_WonReleases_AndRepeatedNewsChangesNothing()
    {
        var book = new LedgerBook();
        var (payment, charge) = Authorised().Capture(Usd(9000), AliceEarns, Now).Value;
        book.Post(charge);
        var (refunded, refund) = payment.ApplyRefundTotal(0, 2000, null, Now);
        book.Post(refund);
        var (disputed, freeze) = refunded.OpenDispute("dp_1", Usd(7000), "fraudulent", Now);
        book.Post(freeze);
        Assert.Equal(new AmountSlice(2000, 9000), disputed.Disputes.Single().Frozen);
        Assert.Null(disputed.OpenDispute("dp_1", Usd(7000), "fraudulent", Now).Posting);
        Assert.Equal("payment-disputed", disputed.CheckRefund(null).Error!.Code);
        Assert.Equal(0, book.Balance(LedgerAccount.ExpertPayable(Alice), Currency.USD));

        var (won, wonPostings) = disputed.CloseDispute("dp_1", won: true, Usd(7000), "fraudulent", Now);
        book.Post(wonPostings);
        Assert.Empty(won.CloseDispute("dp_1", won: false, Usd(7000), "fraudulent", Now).Postings);
        Assert.Equal(6300, book.Balance(LedgerAccount.ExpertPayable(Alice), Currency.USD));
        Assert.Equal(Usd(7000), won.Refundable);
    }

    [Fact]
    public void DisputeClosed_BeforeItsOpening_OpensAndClosesIt()
    {
        var (closed, postings) = Captured().CloseDispute("dp_1", won: false, Usd(9000), "fraudulent", Now);
        Assert.Equal(["dispute:dp_1:freeze", "dispute:dp_1:lost"], postings.Select(p => p.Id).ToArray());
        Assert.Null(closed.OpenDispute("dp_1", Usd(9000), "fraudulent", Now).Posting);
        Assert.Equal(DisputeOutcome.Lost, closed.Disputes.Single().Outcome);
    }

    [Fact]
    public void DisputeLost_ClaimingMoreThanWasLeft_IsAbsorbedByThePlatform()
    {
        var book = new LedgerBook();
        book.Post(LedgerPostings.CustomerCharge("charge:pay_1", AliceEarns, Usd(9000), "Paid question", Now, new LedgerReferences()));
        var (refunded, refund) = Captured().ApplyRefundTotal(0, 6000, null, Now);
        book.Post(refund);
        var (_, postings) = refunded.CloseDispute("dp_1", won: false, Usd(9000), "fraudulent", Now);
        book.Post(postings);
        Assert.Equal(0, book.Signed(LedgerAccount.CustomerFunds, Currency.USD));
        Assert.Equal(0, book.Balance(LedgerAccount.Disputes, Currency.USD));
        Assert.Equal(0, book.Balance(LedgerAccount.ExpertPayable(Alice), Currency.USD));
        Assert.Equal(-6000, book.Balance(LedgerAccount.PlatformCommission, Currency.USD));
    }

    [Fact]
    public void Renewed_KeepsThePreviousProviderPayment()
    {
        var renewed = Authorised().Renewed("pi_2", Now.AddDays(6), Now.AddDays(12));
        Assert.Equal("pi_2", renewed.ProviderPaymentId);
        Assert.Equal(["pi_1"], renewed.PreviousProviderPaymentIds);
        Assert.Equal(1, renewed.Renewals);
    }
}
