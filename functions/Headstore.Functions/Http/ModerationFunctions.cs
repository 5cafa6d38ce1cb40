using Headstore.Http.Moderation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Headstore.Functions.Http;

/// <summary>The moderation operations as HTTP functions; routes, types and handlers are declared once in <see cref="ModerationEndpoints"/>.</summary>
public static class ModerationFunctions
{
    [Function(nameof(ModerationEndpoints.ReportContent))]
    public static Task<IActionResult> ReportContent([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "reports")] HttpRequest req) =>
        Operations.RunAsync(nameof(ModerationEndpoints.ReportContent), req);
}
