using Headstore.Domain.Common;
using Headstore.Domain.Plans;

namespace Headstore.Domain.Tests.Plans;

public sealed class SubscriptionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly UserId Carol = new("carol");

    private static Subscription Member() => Subscription.Start(Carol, PlanCatalog.Member, Currency.USD, Start);

    [Fact]
    public void ANewPlan_IsPaidForAMonth_AndAnnouncesItsRenewalThreeDaysAhead()
    {
        var subscription = Member();
        Assert.True(subscription.IsMember);
        Assert.Equal(Start.AddMonths(1), subscription.PeriodEnd);
        Assert.Equal(Start.AddMonths(1) - TimeSpan.FromDays(3), subscription.DueAt);
        Assert.Equal(Start.AddMonths(1), subscription.NoticeSent().DueAt);
        Assert.Equal("plan:sub_carol:1", subscription.ChargeKey(1));
    }

    [Fact]
    public void Renewal_StartsTheNextPeriod_AndTakesAScheduledPlanChange()
    {
        var changed = Member().Change(PlanCatalog.Business, Currency.USD).Value;
        Assert.Equal("member", changed.PlanId);
        Assert.Equal(new Money(14900, Currency.USD), changed.RenewalPrice);
        var renewed = changed.NoticeSent().Renewed();
        Assert.Equal((2, "business", Start.AddMonths(1), Start.AddMonths(2)), (renewed.Period, renewed.PlanId, renewed.PeriodStart, renewed.PeriodEnd));
    }

    [Fact]
    public void Cancelling_EndsAtPeriodEnd_AndChoosingThePlanAgainResumesIt()
    {
        var cancelled = Member().Cancel();
        Assert.True(cancelled.CancelAtPeriodEnd);
        Assert.Equal(cancelled.PeriodEnd, cancelled.DueAt);
        Assert.False(cancelled.Change(PlanCatalog.Member, Currency.USD).Value.CancelAtPeriodEnd);
        Assert.Equal("plan-currency", Member().Change(PlanCatalog.Member, Currency.EUR).Error!.Code);
    }

    [Fact]
    public void DeclinedRenewals_AreRetriedDaily_ThenEnd()
    {
        var now = Start.AddMonths(1);
        var once = Member().NoticeSent().RenewalFailed(now);
        Assert.Equal((SubscriptionStatus.PastDue, now.AddDays(1)), (once.Status, once.DueAt));
        Assert.True(once.IsMember);
        var ended = once.RenewalFailed(now.AddDays(1)).RenewalFailed(now.AddDays(2));
        Assert.Equal(SubscriptionStatus.Ended, ended.Status);
        Assert.False(ended.IsMember);
        Assert.Null(ended.DueAt);

        var restarted = Subscription.Start(Carol, PlanCatalog.Priority, Currency.USD, now.AddDays(5), ended);
        Assert.Equal(2, restarted.Period);
    }

    [Fact]
    public void EveryPaidPlan_HasAPriceInEverySupportedCurrency()
    {
        foreach (var plan in PlanCatalog.All.Where(p => !p.IsFree))
        {
            Assert.All(Currency.Supported, code => Assert.True(plan.MonthlyPrice(Currency.Parse(code))?.IsPositive));
        }
    }
}
