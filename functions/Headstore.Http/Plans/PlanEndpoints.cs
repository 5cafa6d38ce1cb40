using Headstore.Application.Plans;
using Headstore.Http.Common;

namespace Headstore.Http.Plans;

public static class PlanEndpoints
{
    public static readonly IReadOnlyList<HttpOperation> Operations =
    [
        new(nameof(ListPlans), "GET", "/api/plans", ListPlans, OperationAccess.Public, "Plans", "The plans: Standard (free), Membership, Priority and Business, with monthly prices per currency", ResponseType: typeof(IReadOnlyList<PlanView>)),
        new(nameof(GetMyPlan), "GET", "/api/me/plan", GetMyPlan, OperationAccess.SignedIn, "Plans", "Your plan, its period and whether it renews", ResponseType: typeof(MyPlanView)),
        new(nameof(ChangeMyPlan), "PUT", "/api/me/plan", ChangeMyPlan, OperationAccess.SignedIn, "Plans", "Choose a plan: from Standard the first month is charged now; another paid plan switches at renewal; standard cancels at period end", typeof(ChangePlanCommand), typeof(MyPlanView), RateLimit: RateLimitKind.Write),
        new(nameof(CancelMyPlan), "DELETE", "/api/me/plan", CancelMyPlan, OperationAccess.SignedIn, "Plans", "Cancel your plan at the end of the paid period", ResponseType: typeof(MyPlanView), RateLimit: RateLimitKind.Write),
    ];

    public static Task<ApiResponse> ListPlans(HttpContext http, CancellationToken cancellationToken) =>
        Task.FromResult(ApiResponse.Ok(new { items = http.Service<ListPlansHandler>().Handle(), nextCursor = (string?)null }));

    public static Task<ApiResponse> GetMyPlan(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<GetMyPlanHandler>().HandleAsync(http.GetActor(), cancellationToken).ToOk();

    public static Task<ApiResponse> ChangeMyPlan(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<ChangePlanCommand>(cancellationToken, command =>
            http.Service<ChangePlanHandler>().HandleAsync(http.GetActor(), command, cancellationToken).ToOk());

    public static Task<ApiResponse> CancelMyPlan(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<CancelPlanHandler>().HandleAsync(http.GetActor(), cancellationToken).ToOk();
}
