using Headstore.Domain.Ambassadors;
using Headstore.Domain.Common;
using Headstore.Domain.Plans;
using Headstore.Domain.Support;

namespace Headstore.Domain.Tests.Support;

public sealed class SlaTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Figures_CountWithinTargetBreachesWaitingAndWithdrawn_WithNearestRankPercentiles()
    {
        var figures = new SlaAccumulator("2026-W45", "standard", TimeSpan.FromHours(48));
        var now = T0.AddHours(60);
        foreach (var hours in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 50 })
        {
            figures.Add(new SlaSample("standard", T0, T0.AddHours(48), T0.AddHours(hours), null), now);
        }

        figures.Add(new SlaSample("standard", T0.AddHours(20), T0.AddHours(68), null, null), now); // waiting within its deadline
        figures.Add(new SlaSample("standard", T0, T0.AddHours(48), null, null), now); // unanswered past it: a breach
        figures.Add(new SlaSample("standard", T0, T0.AddHours(48), null, T0.AddHours(3)), now); // withdrawn in time
        var result = figures.Figures();

        Assert.Equal((13, 10, 9, 2, 1, 1), (result.Asked, result.Answered, result.WithinTarget, result.Breaches, result.Waiting, result.Withdrawn));
        Assert.Equal(0.8182, result.ShareWithinTarget);
        Assert.Equal(TimeSpan.FromHours(5), result.MedianTimeToFirstAnswer);
        Assert.Equal(TimeSpan.FromHours(9), result.P90TimeToFirstAnswer);
    }

    [Fact]
    public void NoAnswers_NoPercentiles()
    {
        var result = new SlaAccumulator("2026-W45", "business", TimeSpan.FromHours(4)).Figures();
        Assert.Equal((0, (double?)null, (TimeSpan?)null), (result.Asked, result.ShareWithinTarget, result.P90TimeToFirstAnswer));
    }

    [Fact]
    public void SupportTerms_FollowThePlansLevel()
    {
        Assert.Equal((2, TimeSpan.FromHours(4), true), (SupportTerms.For(PlanCatalog.Business).Priority, SupportTerms.For(PlanCatalog.Business).FirstResponseTarget, SupportTerms.For(PlanCatalog.Business).AccountManager));
        Assert.Equal(TimeSpan.FromHours(12), SupportTerms.For(PlanCatalog.Priority).FirstResponseTarget);
        Assert.Equal((0, 0, (decimal?)null), (SupportTerms.For(PlanCatalog.Member).Priority, SupportTerms.For(PlanCatalog.Member).MinimumAnswerLength, SupportTerms.For(PlanCatalog.Member).MinimumExpertRating));
    }

    [Fact]
    public void AReferral_SharesFromAcceptanceForItsDuration_AndIsNotClaimedWithOnesOwnCodeOrLate()
    {
        var code = ReferralCode.Create(new UserId("expert-erin"), "Leeds", T0);
        Assert.Equal("own-referral", ExpertReferral.Claim(new ExpertId("expert-erin"), T0, code, TimeSpan.FromDays(30), T0).Error!.Code);
        Assert.Equal("referral-too-late", ExpertReferral.Claim(new ExpertId("expert-bob"), T0, code, TimeSpan.FromDays(30), T0.AddDays(31)).Error!.Code);

        var referral = ExpertReferral.Claim(new ExpertId("expert-bob"), T0, code, TimeSpan.FromDays(30), T0.AddDays(1)).Value;
        Assert.False(referral.SharesAt(T0.AddDays(2)));
        var accepted = referral.Accept(T0.AddDays(2), TimeSpan.FromDays(365));
        Assert.Same(accepted, accepted.Accept(T0.AddDays(9), null));
        Assert.True(accepted.SharesAt(T0.AddDays(2)));
        Assert.True(accepted.SharesAt(T0.AddDays(366)));
        Assert.False(accepted.SharesAt(T0.AddDays(367)));
        Assert.Equal(10, code.Id.Length);
        Assert.Equal(code.Id, ReferralCode.Normalize(" " + code.Id.ToLowerInvariant()[..5] + "-" + code.Id[5..]));
    }
}
