using Headstore.Application.Common;
using Headstore.Application.Support;
using Headstore.Http.Common;

namespace Headstore.Http.Support;

public static class SupportEndpoints
{
    public static readonly IReadOnlyList<HttpOperation> Operations =
    [
        new(nameof(GetExpertQueue), "GET", "/api/experts/me/queue", GetExpertQueue, OperationAccess.SignedIn, "Questions", "Your queue: unanswered questions in your categories and languages that you may take, earliest first-answer deadline first, then higher plan", ResponseType: typeof(Page<QueueItemView>)),
        new(nameof(GetSlaReport), "GET", "/api/admin/sla", GetSlaReport, OperationAccess.SignedIn, "Admin", "First-answer SLA per plan and week (from, to; default the last 8 weeks): share within target, median and p90 time to first answer, breaches; Standard always beside the premium plans", ResponseType: typeof(SlaReportView)),
        new(nameof(GetMySupport), "GET", "/api/me/support", GetMySupport, OperationAccess.SignedIn, "Plans", "Your support level: first-answer target, answer length, expert rating and language, and your account manager on Business", ResponseType: typeof(MySupportView)),
    ];

    public static async Task<ApiResponse> GetExpertQueue(HttpContext http, CancellationToken cancellationToken)
    {
        var limit = http.QueryInt("limit");
        return limit.IsSuccess
            ? await http.Service<GetExpertQueueHandler>().HandleAsync(http.GetActor(), new GetExpertQueueQuery(limit.Value, http.Query("cursor")), cancellationToken).ToOk()
            : ApiResponse.Problem(limit.Error!);
    }

    public static async Task<ApiResponse> GetSlaReport(HttpContext http, CancellationToken cancellationToken)
    {
        var (from, to) = (http.QueryTime("from"), http.QueryTime("to"));
        if (EndpointHelpers.FirstError(from.Error, to.Error) is { } invalid)
        {
            return ApiResponse.Problem(invalid);
        }

        return await http.Service<GetSlaReportHandler>().HandleAsync(http.GetActor(), new GetSlaReportQuery(from.Value, to.Value), cancellationToken).ToOk();
    }

    public static Task<ApiResponse> GetMySupport(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<GetMySupportHandler>().HandleAsync(http.GetActor(), cancellationToken).ToOk();
}
