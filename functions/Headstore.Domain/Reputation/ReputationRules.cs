using Headstore.Domain.Common;

namespace Headstore.Domain.Reputation;

public enum ReputationReason
{
    AnswerPosted,
    AnswerUpvoted,
    AnswerUpvoteWithdrawn,
    AnswerDownvoted,
    AnswerDownvoteWithdrawn,
    AnswerRated,
    ArticlePublished,
    DocumentUploaded,
    SessionRated,
}

/// <summary>
/// The reputation rules, in one table. Points from votes are "vote-driven": their gains are capped per expert
/// per UTC day (<see cref="DailyVoteGainCap"/>); losses are never capped. Ratings give stars-based points.
/// </summary>
public static class ReputationRules
{
    public const int DailyVoteGainCap = 200;

    /// <summary>Points per reason; for ratings, the points for 1..5 stars are in <see cref="RatingPoints"/>.</summary>
    public static readonly IReadOnlyDictionary<ReputationReason, int> Points = new Dictionary<ReputationReason, int>
    {
        [ReputationReason.AnswerPosted] = 2,
        [ReputationReason.AnswerUpvoted] = 10,
        [ReputationReason.AnswerUpvoteWithdrawn] = -10,
        [ReputationReason.AnswerDownvoted] = -2,
        [ReputationReason.AnswerDownvoteWithdrawn] = 2,
        [ReputationReason.ArticlePublished] = 20,
        [ReputationReason.DocumentUploaded] = 10,
    };

    /// <summary>Stars 1..5 → points; applies to answer ratings, and doubled for paid-session ratings.</summary>
    public static readonly IReadOnlyList<int> RatingPoints = [-10, -5, 0, 10, 15];

    public static bool IsVoteDriven(ReputationReason reason) => reason is ReputationReason.AnswerUpvoted or ReputationReason.AnswerUpvoteWithdrawn
        or ReputationReason.AnswerDownvoted or ReputationReason.AnswerDownvoteWithdrawn;

    public static int RawPoints(ReputationReason reason, int? stars = null) => reason switch
    {
        ReputationReason.AnswerRated => RatingPoints[(stars ?? 3) - 1],
        ReputationReason.SessionRated => 2 * RatingPoints[(stars ?? 3) - 1],
        _ => Points[reason],
    };

    /// <summary>
    /// The points an event actually adds, given the vote-driven gains already applied that day: gains stop at the cap.
    /// </summary>
    public static int Apply(ReputationReason reason, int rawPoints, int voteGainsAppliedToday)
    {
        if (!IsVoteDriven(reason) || rawPoints <= 0)
        {
            return rawPoints;
        }

        return Math.Max(0, Math.Min(rawPoints, DailyVoteGainCap - voteGainsAppliedToday));
    }

    /// <summary>Recomputes a total from the full history, oldest first, applying the same cap.</summary>
    public static long Recompute(IEnumerable<ReputationEvent> history)
    {
        long total = 0;
        var gainsByDay = new Dictionary<DateOnly, int>();
        foreach (var evt in history.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id, StringComparer.Ordinal))
        {
            var day = DateOnly.FromDateTime(evt.OccurredAt.UtcDateTime);
            var applied = Apply(evt.Reason, evt.RawPoints, gainsByDay.GetValueOrDefault(day));
            if (IsVoteDriven(evt.Reason) && applied > 0)
            {
                gainsByDay[day] = gainsByDay.GetValueOrDefault(day) + applied;
            }

            total += applied;
        }

        return total;
    }
}

/// <summary>One line of an expert's reputation history. Its id is derived from its cause, so it is recorded once.</summary>
public sealed record ReputationEvent(
    string Id,
    ExpertId ExpertId,
    ReputationReason Reason,
    int RawPoints,
    int AppliedPoints,
    string SourceId,
    DateTimeOffset OccurredAt) : IAggregate
{
    long IAggregate.Version => 0;
}
