using Headstore.Domain.Common;
using Headstore.Domain.Reputation;

namespace Headstore.Domain.Tests.Reputation;

public sealed class ReputationRulesTests
{
    private static readonly ExpertId Expert = new("expert-alice");
    private static readonly DateTimeOffset Day = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void VoteGains_AreCappedPerDay_LossesAreNot()
    {
        Assert.Equal(10, ReputationRules.Apply(ReputationReason.AnswerUpvoted, 10, 0));
        Assert.Equal(5, ReputationRules.Apply(ReputationReason.AnswerUpvoted, 10, ReputationRules.DailyVoteGainCap - 5));
        Assert.Equal(0, ReputationRules.Apply(ReputationReason.AnswerUpvoted, 10, ReputationRules.DailyVoteGainCap));
        Assert.Equal(-2, ReputationRules.Apply(ReputationReason.AnswerDownvoted, -2, ReputationRules.DailyVoteGainCap));
        Assert.Equal(20, ReputationRules.Apply(ReputationReason.ArticlePublished, 20, ReputationRules.DailyVoteGainCap));
    }

    [Fact]
    public void Recompute_AppliesTheCapPerUtcDay()
    {
        var history = Enumerable.Range(0, 30)
            .Select(i => Event($"up-{i}", ReputationReason.AnswerUpvoted, Day.AddMinutes(i)))
            .Concat(Enumerable.Range(0, 3).Select(i => Event($"next-{i}", ReputationReason.AnswerUpvoted, Day.AddDays(1).AddMinutes(i))))
            .Append(Event("article", ReputationReason.ArticlePublished, Day))
            .ToArray();
        Assert.Equal(ReputationRules.DailyVoteGainCap + 30 + 20, ReputationRules.Recompute(history));
    }

    [Fact]
    public void Ratings_ScoreByStars_AndSessionRatingsCountDouble()
    {
        Assert.Equal(15, ReputationRules.RawPoints(ReputationReason.AnswerRated, 5));
        Assert.Equal(-10, ReputationRules.RawPoints(ReputationReason.AnswerRated, 1));
        Assert.Equal(30, ReputationRules.RawPoints(ReputationReason.SessionRated, 5));
    }

    private static ReputationEvent Event(string id, ReputationReason reason, DateTimeOffset at) =>
        new(id, Expert, reason, ReputationRules.RawPoints(reason), 0, id, at);
}
