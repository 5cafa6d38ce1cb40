using Headstore.Application.Common;
using Headstore.Application.Sessions;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;

namespace Headstore.Application.Experts;

/// <param name="Sessions">Sessions whose call connected and that are over.</param>
/// <param name="SessionMinutes">Minutes on the call together over those sessions.</param>
/// <param name="SessionEarnings">What the expert earned from sessions (after commission), per currency.</param>
public sealed record ExpertStatisticsView(
    ExpertId ExpertId,
    int Answers,
    int Articles,
    int Documents,
    decimal? Rating,
    int RatingCount,
    long Reputation,
    int Sessions = 0,
    long SessionMinutes = 0,
    IReadOnlyList<Money>? SessionEarnings = null);

/// <summary>The calling expert's own figures: content counts, rating, reputation, and sessions (count, minutes, earnings).</summary>
public sealed class GetExpertStatisticsHandler(IDocumentStore store, ISessionQueries sessions)
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

        var figures = await sessions.StatisticsAsync(profile.Id, cancellationToken);
        return new ExpertStatisticsView(profile.Id, profile.Counters.Answers, profile.Counters.Articles, profile.Counters.Documents, profile.Rating, profile.RatingCount, profile.Reputation,
            figures.Sessions, figures.Minutes, figures.Earnings);
    }
}
