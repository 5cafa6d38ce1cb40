using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Reports;

namespace Headstore.Domain.Tests.Reports;

/// <summary>Every line of the standard postings lands in the right category, and a month adds up from opening to closing.</summary>
public sealed class ReportCategoriesTests
{
    private static readonly ExpertId Alice = new("expert-alice");
    private static readonly DateTimeOffset At = new(2026, 10, 5, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(PaymentPurpose.Question, ReportCategory.Questions)]
    [InlineData(PaymentPurpose.Offer, ReportCategory.PremiumServices)]
    [InlineData(PaymentPurpose.Session, ReportCategory.Sessions)]
    [InlineData(null, ReportCategory.OtherIncome)]
    public void AChargesPrice_IsIncomeByPurpose_AndItsCommissionIsCommission(PaymentPurpose? purpose, ReportCategory income)
    {
        var charge = LedgerPostings.CustomerCharge("charge:p1", Earner.ForExpert(Alice, new RevenueSplit(1000, new UserId("erin"), 2000)), new Money(9000, Currency.USD), "Session", At, new LedgerReferences());
        Assert.Equal([(income, 9000L), (ReportCategory.Commission, -900L), (ReportCategory.AmbassadorShare, 180L)], Classified(charge, purpose));
    }

    [Fact]
    public void ARefund_IsARefund_AndGivesTheCommissionBack()
    {
        var refund = LedgerPostings.Refund("refund:p1:0-3000", Earner.ForExpert(Alice, RevenueSplit.Commission(1000)), Money.Zero(Currency.USD), new Money(3000, Currency.USD), "Session", At, new LedgerReferences());
        Assert.Equal([(ReportCategory.Refunds, -3000L), (ReportCategory.Commission, 300L)], Classified(refund, PaymentPurpose.Session));
    }

    [Fact]
    public void ADispute_FreezesAndReleases_AsDisputes()
    {
        var earner = Earner.ForExpert(Alice, RevenueSplit.Commission(1000));
        var (from, to) = (Money.Zero(Currency.USD), new Money(5000, Currency.USD));
        Assert.Equal([(ReportCategory.Disputes, -5000L), (ReportCategory.Commission, 500L)], Classified(LedgerPostings.DisputeFreeze("dispute:d1:freeze", earner, from, to, "x", At, new LedgerReferences()), null));
        Assert.Equal([(ReportCategory.Disputes, 5000L), (ReportCategory.Commission, -500L)], Classified(LedgerPostings.DisputeWon("dispute:d1:won", earner, from, to, "x", At, new LedgerReferences()), null));
    }

    [Fact]
    public void PayoutsSentFailedAndReversed_ArePayouts_OnBothPayables()
    {
        var sent = LedgerPostings.PayoutSent("payout:po1", [(LedgerAccount.ExpertPayable(Alice), new Money(8100, Currency.USD)), (LedgerAccount.AmbassadorPayable(Alice.User), new Money(180, Currency.USD))], "Weekly payout", At, new LedgerReferences());
        Assert.Equal([(ReportCategory.Payouts, -8100L), (ReportCategory.Payouts, -180L)], Classified(sent, null));
        Assert.Equal([(ReportCategory.Payouts, 8100L), (ReportCategory.Payouts, 180L)], Classified(LedgerPostings.PayoutFailed("payout:po1:failed", sent, "not sent", At), null));
        Assert.Equal([(ReportCategory.Payouts, 500L)], Classified(LedgerPostings.TransferReversal("transfer-reversal:tr1:0-500", Alice, new Money(500, Currency.USD), "back", At, new LedgerReferences()), null));
    }

    [Fact]
    public void AMonth_AddsUpFromOpeningToClosing_AndChartsIncomeByDay()
    {
        var summary = new ReportCurrencySummary(Currency.USD, new Money(1000, Currency.USD), 31);
        summary.Add(ReportCategory.Sessions, 9000, 4);
        summary.Add(ReportCategory.Commission, -900, 4);
        summary.Add(ReportCategory.Questions, 2000, 4, lines: 2);
        summary.Add(ReportCategory.Payouts, -8100, 18);
        Assert.Equal(3000, summary.Closing.Minor);
        Assert.Equal(11000, summary.Income.Minor);
        Assert.Equal(5, summary.Lines);
        Assert.Equal(9000, summary.IncomeOn(4, ReportCategory.Sessions).Minor);
        Assert.Equal(0, summary.IncomeOn(18, ReportCategory.Payouts).Minor);
    }

    /// <summary>The payee's lines of a transaction (expert then ambassador payables), as the report classifies them.</summary>
    private static (ReportCategory, long)[] Classified(LedgerTransaction transaction, PaymentPurpose? purpose) =>
        transaction.Entries.Where(e => e.Account.IsPerPerson)
            .Select(e => (ReportCategories.Classify(transaction.Kind, e.Account.Kind, e.Account.InNormalDirection(e.Amount).Minor, purpose), e.Account.InNormalDirection(e.Amount).Minor))
            .ToArray();
}
