using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Tests.Ledger;

namespace Headstore.Domain.Tests.Payments;

public sealed class PayoutTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly ExpertId Alice = new("alice");

    [Fact]
    public void AWeek_IsTheIsoWeek_AndNamesThePayout()
    {
        Assert.Equal("2026-W45", Payout.WeekOf(Now));
        Assert.Equal("2027-W01", Payout.WeekOf(new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal("po_alice_2026-W45_USD", PayoutId.For(Alice, "2026-W45", Currency.USD).Value);
    }

    [Fact]
    public void Reserve_NetsTheExpertsDebtAgainstAmbassadorEarnings_ThenSentPaidAndReversed()
    {
        var book = new LedgerBook();
        var (payout, reserve) = Payout.Reserve(Alice, "2026-W45", [(LedgerAccount.ExpertPayable(Alice), new Money(-500, Currency.USD)), (LedgerAccount.AmbassadorPayable(Alice.User), new Money(3000, Currency.USD))], "acct_1", Now);
        book.Post(reserve);
        Assert.Equal(2500, payout.Amount.Minor);
        // On their own, the lines settle a 5.00 debt (a credit) and take 30.00 of ambassador earnings (a debit): 25.00 goes out.
        Assert.Equal(500, book.Balance(LedgerAccount.ExpertPayable(Alice), Currency.USD));
        Assert.Equal(-3000, book.Balance(LedgerAccount.AmbassadorPayable(Alice.User), Currency.USD));
        Assert.Equal(2500, book.Balance(LedgerAccount.PayoutsInTransit, Currency.USD));

        var sent = payout.Sent("tr_1", Now);
        var (reversed, reversal) = sent.ApplyReversalTotal(0, 1000, Now);
        book.Post(reversal);
        Assert.Empty(reversed.ApplyReversalTotal(0, 1000, Now).Postings);
        var (paid, posting) = reversed.MarkPaid(new Money(1500, Currency.USD), Now);
        book.Post(posting);
        Assert.Null(paid.MarkPaid(new Money(1500, Currency.USD), Now).Posting);
        Assert.Equal(0, book.Balance(LedgerAccount.PayoutsInTransit, Currency.USD));
    }

    [Fact]
    public void AFailedTransfer_GivesTheReservationBack()
    {
        var book = new LedgerBook();
        var (payout, reserve) = Payout.Reserve(Alice, "2026-W45", [(LedgerAccount.ExpertPayable(Alice), new Money(8100, Currency.USD))], "acct_1", Now);
        book.Post(reserve);
        var (failed, posting) = payout.Fail("transfers-not-allowed", reserve, Now);
        book.Post(posting);
        Assert.Equal(PayoutState.Failed, failed.State);
        Assert.All(book.AllBalances().Values, v => Assert.Equal(0, v));
        Assert.Null(failed.Fail("again", reserve, Now).Posting);
    }
}
