using Headstore.Http.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Headstore.Functions.Http;

/// <summary>The payment report download as an HTTP function; route and handler are declared once in <see cref="ReportEndpoints"/>.</summary>
public static class ReportFunctions
{
    [Function(nameof(ReportEndpoints.GetPaymentReport))]
    public static Task<IActionResult> GetPaymentReport([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "experts/me/reports/{period}")] HttpRequest req, string period) =>
        Operations.RunAsync(nameof(ReportEndpoints.GetPaymentReport), req, ("period", period));
}
