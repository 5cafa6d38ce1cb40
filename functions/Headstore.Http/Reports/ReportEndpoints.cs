using Headstore.Application.Reports;
using Headstore.Http.Common;

namespace Headstore.Http.Reports;

public static class ReportEndpoints
{
    public static readonly IReadOnlyList<HttpOperation> Operations =
    [
        new(nameof(GetPaymentReport), "GET", "/api/experts/me/reports/{period}", GetPaymentReport, OperationAccess.SignedIn, "Reports",
            "Your payment report for a month, period as yyyy-MM.json, yyyy-MM.csv or yyyy-MM.html (with a chart; printable): every income line by kind, commission, refunds, disputes, payouts, opening and closing balances"),
    ];

    /// <summary>The report is streamed to the response as it is read from the ledger; problems are answered before anything is written.</summary>
    public static async Task<ApiResponse> GetPaymentReport(HttpContext http, CancellationToken cancellationToken)
    {
        var report = await http.Service<GetPaymentReportHandler>().HandleAsync(http.GetActor(), http.Route("period"), cancellationToken);
        if (!report.IsSuccess)
        {
            return ApiResponse.Problem(report.Error!);
        }

        var download = report.Value;
        http.Response.Headers.CacheControl = "private, no-store";
        return new RawResponse(Results.Stream(stream => download.WriteToAsync(stream, cancellationToken), download.ContentType, download.Attachment ? download.FileName : null));
    }
}
