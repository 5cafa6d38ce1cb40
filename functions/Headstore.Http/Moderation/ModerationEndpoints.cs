using Headstore.Application.Common;
using Headstore.Application.Moderation;
using Headstore.Http.Common;

namespace Headstore.Http.Moderation;

public static class ModerationEndpoints
{
    public static readonly IReadOnlyList<HttpOperation> Operations =
    [
        new(nameof(ReportContent), "POST", "/api/reports", ReportContent, OperationAccess.SignedIn, "Moderation", "Report a post (e.g. reason personal-info)", typeof(ReportContentCommand), typeof(ContentReportView), StatusCodes.Status201Created, RateLimitKind.Write),
    ];

    public static Task<ApiResponse> ReportContent(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<ReportContentCommand>(cancellationToken, command =>
            http.Service<ReportContentHandler>().HandleAsync(http.GetActor(), command, cancellationToken).ToCreated(r => $"/api/admin/reports#{r.Id}"));
}
