using Headstore.Application.Ambassadors;
using Headstore.Http.Common;

namespace Headstore.Http.Ambassadors;

public static class AmbassadorEndpoints
{
    public static readonly IReadOnlyList<HttpOperation> Operations =
    [
        new(nameof(CreateReferral), "POST", "/api/ambassadors/me/referrals", CreateReferral, OperationAccess.SignedIn, "Ambassadors", "Create a referral code and link to hand out (ambassadors); any number of experts can join with it", typeof(CreateReferralCommand), typeof(ReferralCodeView), StatusCodes.Status201Created, RateLimitKind.Write),
        new(nameof(ListReferrals), "GET", "/api/ambassadors/me/referrals", ListReferrals, OperationAccess.SignedIn, "Ambassadors", "Your referral codes and the experts who joined with them", ResponseType: typeof(ReferralsView)),
        new(nameof(GetAmbassadorEarnings), "GET", "/api/ambassadors/me/earnings", GetAmbassadorEarnings, OperationAccess.SignedIn, "Ambassadors", "Your share of Headstore's commission: owed now, earned between from and to (default the last 12 months) in total and per referred expert, paid out", ResponseType: typeof(AmbassadorEarningsView)),
        new(nameof(ClaimReferral), "POST", "/api/experts/me/referral", ClaimReferral, OperationAccess.SignedIn, "Ambassadors", "Say which ambassador referred you, with their code (experts, within 30 days of creating the profile, once)", typeof(ClaimReferralCommand), typeof(ReferredExpertView), RateLimit: RateLimitKind.Write),
    ];

    public static Task<ApiResponse> CreateReferral(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<CreateReferralCommand>(cancellationToken, command =>
            http.Service<CreateReferralHandler>().HandleAsync(http.GetActor(), command, cancellationToken).ToCreated(c => $"/api/ambassadors/me/referrals#{c.Code}"));

    public static Task<ApiResponse> ListReferrals(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<ListReferralsHandler>().HandleAsync(http.GetActor(), cancellationToken).ToOk();

    public static async Task<ApiResponse> GetAmbassadorEarnings(HttpContext http, CancellationToken cancellationToken)
    {
        var (from, to) = (http.QueryTime("from"), http.QueryTime("to"));
        if (EndpointHelpers.FirstError(from.Error, to.Error) is { } invalid)
        {
            return ApiResponse.Problem(invalid);
        }

        return await http.Service<GetAmbassadorEarningsHandler>().HandleAsync(http.GetActor(), new GetAmbassadorEarningsQuery(from.Value, to.Value), cancellationToken).ToOk();
    }

    public static Task<ApiResponse> ClaimReferral(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<ClaimReferralCommand>(cancellationToken, command =>
            http.Service<ClaimReferralHandler>().HandleAsync(http.GetActor(), command, cancellationToken).ToOk());
}
