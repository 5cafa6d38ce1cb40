using Headstore.Application.Common;
using Headstore.Application.Sessions;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Questions;
using Headstore.Domain.Reputation;

namespace Headstore.Application.Reputation;

public interface IReputationQueries
{
    /// <summary>The vote-driven gains already applied to the expert on that UTC day (for the daily cap).</summary>
    Task<int> VoteGainsAppliedAsync(ExpertId expert, DateOnly day, CancellationToken cancellationToken);

    /// <summary>The expert's whole history, oldest first (one partition).</summary>
    Task<IReadOnlyList<ReputationEvent>> HistoryAsync(ExpertId expert, CancellationToken cancellationToken);

    /// <summary>Batch path: every expert that has a reputation history.</summary>
    Task<IReadOnlyList<ExpertId>> ExpertsWithHistoryAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Turns what happened into reputation lines and keeps the profile's total, rating and counters in step, once per cause:
/// the line's id is derived from the event, and the line and the profile change commit together.
/// </summary>
public sealed class ReputationRecorder(IDocumentStore store, IReputationQueries queries) :
    IEventHandler<AnswerPosted>,
    IEventHandler<AnswerRated>,
    IEventHandler<AnswerVoteChanged>,
    IEventHandler<ArticlePublished>,
    IEventHandler<DocumentUploaded>,
    IEventHandler<SessionReviewed>
{
    public Task HandleAsync(AnswerPosted e, CancellationToken cancellationToken) =>
        RecordAsync(e.ExpertId, [(ReputationReason.AnswerPosted, null)], $"answer:{e.AnswerId}", e.AnswerId.Value, e.OccurredAt,
            profile => profile with { Counters = profile.Counters with { Answers = profile.Counters.Answers + 1 } }, cancellationToken);

    public Task HandleAsync(AnswerRated e, CancellationToken cancellationToken) =>
        RecordAsync(e.ExpertId, [(ReputationReason.AnswerRated, e.Stars)], $"rating:{e.AnswerId}", e.AnswerId.Value, e.OccurredAt,
            profile => profile.AddRating(e.Stars), cancellationToken);

    public Task HandleAsync(AnswerVoteChanged e, CancellationToken cancellationToken)
    {
        var reasons = new List<(ReputationReason, int?)>();
        if (e.Previous == VoteDirection.Up)
        {
            reasons.Add((ReputationReason.AnswerUpvoteWithdrawn, null));
        }
        else if (e.Previous == VoteDirection.Down)
        {
            reasons.Add((ReputationReason.AnswerDownvoteWithdrawn, null));
        }

        if (e.Current == VoteDirection.Up)
        {
            reasons.Add((ReputationReason.AnswerUpvoted, null));
        }
        else if (e.Current == VoteDirection.Down)
        {
            reasons.Add((ReputationReason.AnswerDownvoted, null));
        }

        return RecordAsync(e.ExpertId, reasons, $"vote:{e.EventId}", e.AnswerId.Value, e.OccurredAt, profile => profile, cancellationToken);
    }

    public Task HandleAsync(ArticlePublished e, CancellationToken cancellationToken) =>
        RecordAsync(e.ExpertId, [(ReputationReason.ArticlePublished, null)], $"article:{e.ArticleId}", e.ArticleId.Value, e.OccurredAt,
            profile => profile with { Counters = profile.Counters with { Articles = profile.Counters.Articles + 1 } }, cancellationToken);

    public Task HandleAsync(DocumentUploaded e, CancellationToken cancellationToken) =>
        RecordAsync(e.ExpertId, [(ReputationReason.DocumentUploaded, null)], $"document:{e.DocumentId}", e.DocumentId.Value, e.OccurredAt,
            profile => profile with { Counters = profile.Counters with { Documents = profile.Counters.Documents + 1 } }, cancellationToken);

    /// <summary>A paid session's rating: double the answer-rating points (<see cref="ReputationRules"/>) and the expert's rating.</summary>
    public Task HandleAsync(SessionReviewed e, CancellationToken cancellationToken) =>
        RecordAsync(e.ExpertId, [(ReputationReason.SessionRated, e.Stars)], $"session-rating:{e.SessionId}", e.SessionId.Value, e.OccurredAt,
            profile => profile.AddRating(e.Stars), cancellationToken);

    private async Task RecordAsync(
        ExpertId expert,
        IReadOnlyList<(ReputationReason Reason, int? Stars)> reasons,
        string causeId,
        string sourceId,
        DateTimeOffset occurredAt,
        Func<ExpertProfile, ExpertProfile> alsoChange,
        CancellationToken cancellationToken)
    {
        var firstLineId = $"{expert.Value}:{causeId}:0";
        var outcome = await Concurrency.RetryOnConflictAsync(async () =>
        {
            if (await store.FindAsync<ReputationEvent>(firstLineId, cancellationToken) is not null)
            {
                return Result<Unit>.Success(Unit.Value);
            }

            var profile = await store.FindAsync<ExpertProfile>(expert.Value, cancellationToken);
            if (profile is null)
            {
                return Result<Unit>.Success(Unit.Value);
            }

            var day = DateOnly.FromDateTime(occurredAt.UtcDateTime);
            var gainsToday = await queries.VoteGainsAppliedAsync(expert, day, cancellationToken);
            var work = store.BeginWork();
            long added = 0;
            for (var i = 0; i < reasons.Count; i++)
            {
                var (reason, stars) = reasons[i];
                var raw = ReputationRules.RawPoints(reason, stars);
                var applied = ReputationRules.Apply(reason, raw, gainsToday);
                if (ReputationRules.IsVoteDriven(reason) && applied > 0)
                {
                    gainsToday += applied;
                }

                added += applied;

                // Add (not AddIfAbsent): a concurrent duplicate loses the race with a conflict and then sees the line.
                work.Add(new ReputationEvent($"{expert.Value}:{causeId}:{i}", expert, reason, raw, applied, sourceId, occurredAt));
            }

            work.Update(alsoChange(profile).WithReputation(profile.Reputation + added));
            var commit = await work.CommitAsync(cancellationToken);
            return commit.IsSuccess || commit.Error!.Code != "duplicate" ? commit : Error.ConcurrencyConflict();
        }, attempts: 10);
        if (!outcome.IsSuccess)
        {
            throw new InvalidOperationException($"Reputation for {causeId} could not be recorded: {outcome.Error!.Code}");
        }
    }
}
