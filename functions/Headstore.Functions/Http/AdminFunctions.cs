using Headstore.Http.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Headstore.Functions.Http;

/// <summary>The admin operations as HTTP functions; routes, types and handlers are declared once in <see cref="AdminEndpoints"/>.</summary>
public static class AdminFunctions
{
    [Function(nameof(AdminEndpoints.ListOverdueRequests))]
    public static Task<IActionResult> ListOverdueRequests([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/overdue-requests")] HttpRequest req) =>
        Operations.RunAsync(nameof(AdminEndpoints.ListOverdueRequests), req);

    [Function(nameof(AdminEndpoints.ListReports))]
    public static Task<IActionResult> ListReports([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/reports")] HttpRequest req) =>
        Operations.RunAsync(nameof(AdminEndpoints.ListReports), req);

    [Function(nameof(AdminEndpoints.RecomputeReputation))]
    public static Task<IActionResult> RecomputeReputation([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/reputation/recompute")] HttpRequest req) =>
        Operations.RunAsync(nameof(AdminEndpoints.RecomputeReputation), req);
}
