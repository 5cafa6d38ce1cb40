using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;

namespace Headstore.Application.Experts;

public sealed record ExpertStatisticsView(ExpertId ExpertId, int Answers, int Articles, int Documents, decimal? Rating, int RatingCount, long Reputation);

/// <summary>The calling expert's own figures. Session and earnings figures join these when sessions and money exist.</summary>
public sealed class GetExpertStatisticsHandler(IDocumentStore store)
{
    public async Task<Result<ExpertStatisticsView>> HandleAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Expert) is { } denied)
        {
            return denied;
        }

        var profile = await store.FindAsync<ExpertProfile>(actor.UserId.Value, cancellationToken);
        if (profile is null)
        {
            return Error.NotFound("Your expert profile");
        }

        return new ExpertStatisticsView(profile.Id, profile.Counters.Answers, profile.Counters.Articles, profile.Counters.Documents, profile.Rating, profile.RatingCount, profile.Reputation);
    }
}
