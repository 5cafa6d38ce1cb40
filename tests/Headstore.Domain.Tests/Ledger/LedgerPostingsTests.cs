using Headstore.Domain.Common;
using Headstore.Domain.Ledger;

namespace Headstore.Domain.Tests.Ledger;

public sealed class LedgerPostingsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly ExpertId Alice = new("expert-alice");
    private static readonly UserId Amby = new("ambassador-amby");
    private static readonly LedgerAccount AlicePayable = LedgerAccount.ExpertPayable(Alice);
    private static readonly LedgerReferences Refs = new(PaymentId: "p1");

    private static Money Usd(long minor) => new(minor, Currency.USD);

    [Fact]
    public void Charge_ThirtyMinutesAtThreeDollars_CreditsExpert81AndPlatform9()
    {
        var gross = Usd(300).Multiply(30);
        var book = new LedgerBook();
        book.Post(LedgerPostings.CustomerCharge("charge:s1", Earner.ForExpert(Alice, RevenueSplit.Commission(1000)), gross, "Session of 30 minutes", Now, Refs));

        Assert.Equal(9000, gross.Minor);
        Assert.Equal(8100, book.Balance(AlicePayable, Currency.USD));
        Assert.Equal(900, book.Balance(LedgerAccount.PlatformCommission, Currency.USD));
        Assert.Equal(9000, book.Balance(LedgerAccount.CustomerFunds, Currency.USD));
    }

    [Fact]
    public void Charge_ItemisesThePriceAndTheCommission_OnTheExpertsAccount()
    {
        var charge = LedgerPostings.CustomerCharge("charge:s1", Earner.ForExpert(Alice, RevenueSplit.Commission(1000)), Usd(9000), "Paid question", Now, Refs);
        var lines = charge.Entries.Where(e => e.Account == AlicePayable).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Equal(-9000, lines[0].Amount.Minor);
        Assert.Contains("Price", lines[0].Memo);
        Assert.Equal(900, lines[1].Amount.Minor);
        Assert.Equal("Headstore commission 10%", lines[1].Memo);
    }

    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(5, 1, 4)]
    [InlineData(15, 2, 13)]
    [InlineData(101, 10, 91)]
    [InlineData(9999, 1000, 8999)]
    public void Charge_OddAmounts_NeverLoseOrCreateACent(long gross, long commission, long expert)
    {
        var book = new LedgerBook();
        book.Post(LedgerPostings.CustomerCharge("c", Earner.ForExpert(Alice, RevenueSplit.Commission(1000)), Usd(gross), "x", Now, Refs));
        Assert.Equal(expert, book.Balance(AlicePayable, Currency.USD));
        Assert.Equal(commission, book.Balance(LedgerAccount.PlatformCommission, Currency.USD));
        Assert.Equal(gross, book.Balance(AlicePayable, Currency.USD) + book.Balance(LedgerAccount.PlatformCommission, Currency.USD));
    }

    [Fact]
    public void Charge_WithAnAmbassador_GivesThemTheirShareOfTheCommission_NotOfTheExpertsPart()
    {
        var split = new RevenueSplit(1000, Amby, 2000);
        var book = new LedgerBook();
        book.Post(LedgerPostings.CustomerCharge("c", Earner.ForExpert(Alice, split), Usd(9000), "Session", Now, Refs));
        Assert.Equal(8100, book.Balance(AlicePayable, Currency.USD));
        Assert.Equal(180, book.Balance(LedgerAccount.AmbassadorPayable(Amby), Currency.USD));
        Assert.Equal(720, book.Balance(LedgerAccount.PlatformCommission, Currency.USD));
    }

    [Fact]
    public void Refund_InThreePieces_GivesBackExactlyTheCommissionEarned()
    {
        // 0.15 at 10%: commission 0.02 (1.5 rounds up). Three refunds of 0.05 each would give back 0.01 + 0.01 + 0.01 = 0.03
        // if each were split on its own; slices give back 0.01 + 0.00 + 0.01 = 0.02, exactly what was earned.
        var earner = Earner.ForExpert(Alice, RevenueSplit.Commission(1000));
        var book = new LedgerBook();
        book.Post(LedgerPostings.CustomerCharge("c", earner, Usd(15), "x", Now, Refs));
        book.Post(LedgerPostings.Refund("r1", earner, Usd(0), Usd(5), "x", Now, Refs));
        book.Post(LedgerPostings.Refund("r2", earner, Usd(5), Usd(10), "x", Now, Refs));
        book.Post(LedgerPostings.Refund("r3", earner, Usd(10), Usd(15), "x", Now, Refs));

        Assert.Equal(0, book.Balance(AlicePayable, Currency.USD));
        Assert.Equal(0, book.Balance(LedgerAccount.PlatformCommission, Currency.USD));
        Assert.Equal(15, book.Balance(LedgerAccount.Refunds, Currency.USD));
        Assert.Equal(0, book.Signed(LedgerAccount.CustomerFunds, Currency.USD) + book.Signed(LedgerAccount.Refunds, Currency.USD));
    }

    [Fact]
    public void DisputeFreeze_ThenWon_ChangesNothing_AndLost_EndsLikeARefund()
    {
        var earner = Earner.ForExpert(Alice, new RevenueSplit(1000, Amby, 2000));
        var won = new LedgerBook();
        won.Post(LedgerPostings.CustomerCharge("c", earner, Usd(9000), "x", Now, Refs));
        var afterCharge = won.AllBalances();
        won.Post(LedgerPostings.DisputeFreeze("d:freeze", earner, Usd(0), Usd(9000), "x", Now, Refs));
        Assert.Equal(0, won.Balance(AlicePayable, Currency.USD));
        Assert.Equal(9000, won.Balance(LedgerAccount.Disputes, Currency.USD));
        won.Post(LedgerPostings.DisputeWon("d:won", earner, Usd(0), Usd(9000), "x", Now, Refs));
        Assert.Equal(afterCharge.Where(b => b.Value != 0), won.AllBalances().Where(b => b.Value != 0));

        var lost = new LedgerBook();
        lost.Post(LedgerPostings.CustomerCharge("c", earner, Usd(9000), "x", Now, Refs));
        lost.Post(LedgerPostings.DisputeFreeze("d:freeze", earner, Usd(0), Usd(9000), "x", Now, Refs));
        lost.Post(LedgerPostings.DisputeLost("d:lost", Usd(9000), Usd(0), "x", Now, Refs));
        Assert.Equal(0, lost.Balance(AlicePayable, Currency.USD));
        Assert.Equal(0, lost.Balance(LedgerAccount.PlatformCommission, Currency.USD));
        Assert.Equal(0, lost.Balance(LedgerAccount.AmbassadorPayable(Amby), Currency.USD));
        Assert.Equal(0, lost.Balance(LedgerAccount.Disputes, Currency.USD));
        Assert.Equal(0, lost.Balance(LedgerAccount.CustomerFunds, Currency.USD));
    }

    [Fact]
    public void Payout_NetsANegativePayable_AndRefundAfterPayout_LeavesTheExpertOwing()
    {
        var earner = Earner.ForExpert(Alice, RevenueSplit.Commission(1000));
        var book = new LedgerBook();
        book.Post(LedgerPostings.CustomerCharge("c1", earner, Usd(9000), "q1", Now, Refs));
        book.Post(LedgerPostings.PayoutSent("po1", [(AlicePayable, Usd(8100))], "Weekly payout", Now, Refs));
        book.Post(LedgerPostings.PayoutPaid("po1:paid", Usd(8100), "paid", Now, Refs));
        book.Post(LedgerPostings.Refund("r1", earner, Usd(0), Usd(9000), "q1", Now, Refs));
        Assert.Equal(-8100, book.Balance(AlicePayable, Currency.USD));

        book.Post(LedgerPostings.CustomerCharge("c2", earner, Usd(20000), "q2", Now, Refs));
        Assert.Equal(9900, book.Balance(AlicePayable, Currency.USD));
        book.Post(LedgerPostings.PayoutSent("po2", [(AlicePayable, Usd(9900))], "Weekly payout", Now, Refs));
        Assert.Equal(0, book.Balance(AlicePayable, Currency.USD));
        Assert.Equal(9900, book.Balance(LedgerAccount.PayoutsInTransit, Currency.USD));
    }

    [Fact]
    public void TransferReversal_SettlesWhatTheExpertOwes_FromMoneyStillInTransit()
    {
        var earner = Earner.ForExpert(Alice, RevenueSplit.Commission(1000));
        var book = new LedgerBook();
        book.Post(LedgerPostings.CustomerCharge("c1", earner, Usd(9000), "q1", Now, Refs));
        book.Post(LedgerPostings.PayoutSent("po1", [(AlicePayable, Usd(8100))], "Weekly payout", Now, Refs));
        book.Post(LedgerPostings.Refund("r1", earner, Usd(0), Usd(9000), "q1", Now, Refs));
        book.Post(LedgerPostings.TransferReversal("tr1", Alice, Usd(8100), "taken back", Now, Refs));
        Assert.Equal(0, book.Balance(AlicePayable, Currency.USD));
        Assert.Equal(0, book.Balance(LedgerAccount.PayoutsInTransit, Currency.USD));
        Assert.Equal(0, book.Balance(LedgerAccount.PlatformCommission, Currency.USD));
    }

    [Fact]
    public void PayoutFailed_IsTheExactReverseOfTheReservation()
    {
        var book = new LedgerBook();
        var sent = LedgerPostings.PayoutSent("po1", [(AlicePayable, Usd(5000)), (LedgerAccount.AmbassadorPayable(new UserId("expert-alice")), Usd(300))], "Weekly payout", Now, Refs);
        book.Post(sent);
        book.Post(LedgerPostings.PayoutFailed("po1:failed", sent, "not sent", Now));
        Assert.All(book.AllBalances().Values, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Subscription_IsAllPlatformRevenue()
    {
        var book = new LedgerBook();
        book.Post(LedgerPostings.CustomerCharge("plan:1", Earner.Subscription, new Money(1900, Currency.GBP), "Membership, November 2026", Now, Refs));
        Assert.Equal(1900, book.Balance(LedgerAccount.PlatformSubscriptions, Currency.GBP));
        Assert.Equal(LedgerTransactionKind.SubscriptionCharge, book.Transactions.Single().Kind);
    }

    [Theory]
    [InlineData(1000, "10%")]
    [InlineData(1250, "12.5%")]
    [InlineData(0, "0%")]
    public void Percent_IsReadable(int basisPoints, string text) => Assert.Equal(text, RevenueSplit.Percent(basisPoints));
}
