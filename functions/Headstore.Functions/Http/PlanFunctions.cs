using Headstore.Http.Plans;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Headstore.Functions.Http;

/// <summary>The plan and membership operations as HTTP functions; routes, types and handlers are declared once in <see cref="PlanEndpoints"/>.</summary>
public static class PlanFunctions
{
    [Function(nameof(PlanEndpoints.ListPlans))]
    public static Task<IActionResult> ListPlans([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "plans")] HttpRequest req) =>
        Operations.RunAsync(nameof(PlanEndpoints.ListPlans), req);

    [Function(nameof(PlanEndpoints.GetMyPlan))]
    public static Task<IActionResult> GetMyPlan([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/plan")] HttpRequest req) =>
        Operations.RunAsync(nameof(PlanEndpoints.GetMyPlan), req);

    [Function(nameof(PlanEndpoints.ChangeMyPlan))]
    public static Task<IActionResult> ChangeMyPlan([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "me/plan")] HttpRequest req) =>
        Operations.RunAsync(nameof(PlanEndpoints.ChangeMyPlan), req);

    [Function(nameof(PlanEndpoints.CancelMyPlan))]
    public static Task<IActionResult> CancelMyPlan([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "me/plan")] HttpRequest req) =>
        Operations.RunAsync(nameof(PlanEndpoints.CancelMyPlan), req);
}
