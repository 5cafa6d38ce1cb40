using Headstore.Http.Support;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Headstore.Functions.Http;

/// <summary>The support-plan operations as HTTP functions; routes, types and handlers are declared once in <see cref="SupportEndpoints"/>.</summary>
public static class SupportFunctions
{
    [Function(nameof(SupportEndpoints.GetExpertQueue))]
    public static Task<IActionResult> GetExpertQueue([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "experts/me/queue")] HttpRequest req) =>
        Operations.RunAsync(nameof(SupportEndpoints.GetExpertQueue), req);

    [Function(nameof(SupportEndpoints.GetSlaReport))]
    public static Task<IActionResult> GetSlaReport([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/sla")] HttpRequest req) =>
        Operations.RunAsync(nameof(SupportEndpoints.GetSlaReport), req);

    [Function(nameof(SupportEndpoints.GetMySupport))]
    public static Task<IActionResult> GetMySupport([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/support")] HttpRequest req) =>
        Operations.RunAsync(nameof(SupportEndpoints.GetMySupport), req);
}
