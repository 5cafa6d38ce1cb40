using Headstore.Application.Common;
using Headstore.Application.Messaging;
using Headstore.Application.Moderation;
using Headstore.Application.Reputation;
using Headstore.Http.Common;

namespace Headstore.Http.Admin;

public static class AdminEndpoints
{
    public static readonly IReadOnlyList<HttpOperation> Operations =
    [
        new(nameof(ListOverdueRequests), "GET", "/api/admin/overdue-requests", ListOverdueRequests, OperationAccess.SignedIn, "Admin", "Messages and appointment requests not answered within 24 hours", ResponseType: typeof(Page<OverdueRequestView>)),
        new(nameof(ListReports), "GET", "/api/admin/reports", ListReports, OperationAccess.SignedIn, "Admin", "Open moderation reports, personal-info first", ResponseType: typeof(Page<ContentReportView>)),
        new(nameof(RecomputeReputation), "POST", "/api/admin/reputation/recompute", RecomputeReputation, OperationAccess.SignedIn, "Admin", "Recompute reputation from its history and report differences (apply=true writes them)", typeof(RecomputeReputationCommand), typeof(RecomputeReputationResult), RateLimit: RateLimitKind.Write),
    ];

    public static async Task<ApiResponse> ListOverdueRequests(HttpContext http, CancellationToken cancellationToken)
    {
        var limit = http.QueryInt("limit");
        return limit.IsSuccess
            ? await http.Service<ListOverdueRequestsHandler>().HandleAsync(http.GetActor(), new ListMineQuery(limit.Value, http.Query("cursor")), cancellationToken).ToOk()
            : ApiResponse.Problem(limit.Error!);
    }

    public static async Task<ApiResponse> ListReports(HttpContext http, CancellationToken cancellationToken)
    {
        var limit = http.QueryInt("limit");
        return limit.IsSuccess
            ? await http.Service<ListOpenReportsHandler>().HandleAsync(http.GetActor(), limit.Value, http.Query("cursor"), cancellationToken).ToOk()
            : ApiResponse.Problem(limit.Error!);
    }

    public static Task<ApiResponse> RecomputeReputation(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<RecomputeReputationCommand>(cancellationToken, command =>
            http.Service<RecomputeReputationHandler>().HandleAsync(http.GetActor(), command, cancellationToken).ToOk());
}
