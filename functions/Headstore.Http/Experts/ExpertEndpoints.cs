using Headstore.Application.Common;
using Headstore.Application.Experts;
using Headstore.Application.Reputation;
using Headstore.Http.Common;

namespace Headstore.Http.Experts;

public static class ExpertEndpoints
{
    public static readonly IReadOnlyList<HttpOperation> Operations =
    [
        new(nameof(UpsertMyProfile), "PUT", "/api/experts/me", UpsertMyProfile, OperationAccess.SignedIn, "Experts", "Create or update your expert profile", typeof(UpsertExpertProfileCommand), typeof(ExpertProfileView), RateLimit: RateLimitKind.Write),
        new(nameof(SetMyStatus), "PUT", "/api/experts/me/status", SetMyStatus, OperationAccess.SignedIn, "Experts", "Go online or offline", typeof(SetExpertStatusCommand), typeof(ExpertProfileView), RateLimit: RateLimitKind.Write),
        new(nameof(GetMyStatistics), "GET", "/api/experts/me/statistics", GetMyStatistics, OperationAccess.SignedIn, "Experts", "Your statistics", ResponseType: typeof(ExpertStatisticsView)),
        new(nameof(SearchExperts), "GET", "/api/experts", SearchExperts, OperationAccess.Public, "Experts", "Search experts by category, language, text, rating and price", ResponseType: typeof(Page<ExpertProfileView>)),
        new(nameof(GetExpert), "GET", "/api/experts/{expertId}", GetExpert, OperationAccess.Public, "Experts", "An expert's public profile", ResponseType: typeof(ExpertProfileView)),
        new(nameof(GetReputation), "GET", "/api/experts/{expertId}/reputation", GetReputation, OperationAccess.Public, "Experts", "An expert's reputation, recent history and the rules", ResponseType: typeof(ReputationView)),
    ];

    public static Task<ApiResponse> UpsertMyProfile(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<UpsertExpertProfileCommand>(cancellationToken, command => http.Service<UpsertExpertProfileHandler>().HandleAsync(http.GetActor(), command, cancellationToken).ToOk());

    public static Task<ApiResponse> SetMyStatus(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<SetExpertStatusCommand>(cancellationToken, command => http.Service<SetExpertStatusHandler>().HandleAsync(http.GetActor(), command, cancellationToken).ToOk());

    public static Task<ApiResponse> GetMyStatistics(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<GetExpertStatisticsHandler>().HandleAsync(http.GetActor(), cancellationToken).ToOk();

    public static async Task<ApiResponse> SearchExperts(HttpContext http, CancellationToken cancellationToken)
    {
        var (limit, minRating, maxRate, online) = (http.QueryInt("limit"), http.QueryDecimal("minRating"), http.QueryLong("maxRate"), http.QueryBool("online"));
        if (EndpointHelpers.FirstError(limit.Error, minRating.Error, maxRate.Error, online.Error) is { } invalid)
        {
            return ApiResponse.Problem(invalid);
        }

        var query = new SearchExpertsQuery(http.Query("category"), http.Query("language"), http.Query("q"), minRating.Value, maxRate.Value, online.Value, limit.Value, http.Query("cursor"));
        return await http.Service<SearchExpertsHandler>().HandleAsync(query, cancellationToken).ToOk();
    }

    public static Task<ApiResponse> GetExpert(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<GetExpertProfileHandler>().HandleAsync(http.Route("expertId"), cancellationToken).ToOk();

    public static Task<ApiResponse> GetReputation(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<GetReputationHandler>().HandleAsync(http.Route("expertId"), cancellationToken).ToOk();
}
