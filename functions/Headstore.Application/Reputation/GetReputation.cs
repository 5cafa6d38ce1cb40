using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Reputation;

namespace Headstore.Application.Reputation;

public sealed record ReputationLineView(string Reason, int Points, string SourceId, DateTimeOffset OccurredAt);

public sealed record ReputationView(ExpertId ExpertId, long Total, IReadOnlyList<ReputationLineView> Recent, IReadOnlyDictionary<string, int> Rules, int DailyVoteGainCap);

public sealed class GetReputationHandler(IDocumentStore store, IReputationQueries queries)
{
    public async Task<Result<ReputationView>> HandleAsync(string expertId, CancellationToken cancellationToken)
    {
        var profile = await store.FindAsync<ExpertProfile>(expertId, cancellationToken);
        if (profile is null)
        {
            return Error.NotFound("Expert");
        }

        var history = await queries.HistoryAsync(profile.Id, cancellationToken);
        var recent = history.TakeLast(50).Reverse()
            .Select(e => new ReputationLineView(e.Reason.ToString(), e.AppliedPoints, e.SourceId, e.OccurredAt)).ToArray();
        var rules = ReputationRules.Points.ToDictionary(p => p.Key.ToString(), p => p.Value);
        for (var stars = 1; stars <= 5; stars++)
        {
            rules[$"AnswerRated{stars}Stars"] = ReputationRules.RawPoints(ReputationReason.AnswerRated, stars);
        }

        return new ReputationView(profile.Id, profile.Reputation, recent, rules, ReputationRules.DailyVoteGainCap);
    }
}
