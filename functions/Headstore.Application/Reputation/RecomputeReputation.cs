using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Reputation;

namespace Headstore.Application.Reputation;

public sealed record ReputationDifference(ExpertId ExpertId, long Stored, long Recomputed);

public sealed record RecomputeReputationResult(int ExpertsChecked, IReadOnlyList<ReputationDifference> Differences, bool Applied);

public sealed record RecomputeReputationCommand(bool Apply);

/// <summary>
/// Admin: replays every expert's reputation history through the rules table and reports where the stored total differs;
/// with Apply, writes the recomputed totals. A batch path: it enumerates all experts.
/// </summary>
public sealed class RecomputeReputationHandler(IDocumentStore store, IReputationQueries queries)
{
    public async Task<Result<RecomputeReputationResult>> HandleAsync(Actor actor, RecomputeReputationCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireAdmin() is { } denied)
        {
            return denied;
        }

        var experts = await queries.ExpertsWithHistoryAsync(cancellationToken);
        var differences = new List<ReputationDifference>();
        foreach (var expert in experts)
        {
            var history = await queries.HistoryAsync(expert, cancellationToken);
            var recomputed = ReputationRules.Recompute(history);
            var profile = await store.FindAsync<ExpertProfile>(expert.Value, cancellationToken);
            if (profile is null || profile.Reputation == recomputed)
            {
                continue;
            }

            differences.Add(new ReputationDifference(expert, profile.Reputation, recomputed));
            if (command.Apply)
            {
                var work = store.BeginWork();
                work.Update(profile.WithReputation(recomputed));
                var committed = await work.CommitAsync(cancellationToken);
                if (!committed.IsSuccess)
                {
                    return committed.Error!;
                }
            }
        }

        return new RecomputeReputationResult(experts.Count, differences, command.Apply);
    }
}
