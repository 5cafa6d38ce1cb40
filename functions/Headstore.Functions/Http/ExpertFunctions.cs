using Headstore.Http.Experts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Headstore.Functions.Http;

/// <summary>The expert operations as HTTP functions; routes, types and handlers are declared once in <see cref="ExpertEndpoints"/>.</summary>
public static class ExpertFunctions
{
    [Function(nameof(ExpertEndpoints.UpsertMyProfile))]
    public static Task<IActionResult> UpsertMyProfile([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "experts/me")] HttpRequest req) =>
        Operations.RunAsync(nameof(ExpertEndpoints.UpsertMyProfile), req);

    [Function(nameof(ExpertEndpoints.SetMyStatus))]
    public static Task<IActionResult> SetMyStatus([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "experts/me/status")] HttpRequest req) =>
        Operations.RunAsync(nameof(ExpertEndpoints.SetMyStatus), req);

    [Function(nameof(ExpertEndpoints.GetMyStatistics))]
    public static Task<IActionResult> GetMyStatistics([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "experts/me/statistics")] HttpRequest req) =>
        Operations.RunAsync(nameof(ExpertEndpoints.GetMyStatistics), req);

    [Function(nameof(ExpertEndpoints.SearchExperts))]
    public static Task<IActionResult> SearchExperts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "experts")] HttpRequest req) =>
        Operations.RunAsync(nameof(ExpertEndpoints.SearchExperts), req);

    [Function(nameof(ExpertEndpoints.GetExpert))]
    public static Task<IActionResult> GetExpert([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "experts/{expertId}")] HttpRequest req, string expertId) =>
        Operations.RunAsync(nameof(ExpertEndpoints.GetExpert), req, ("expertId", expertId));

    [Function(nameof(ExpertEndpoints.GetReputation))]
    public static Task<IActionResult> GetReputation([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "experts/{expertId}/reputation")] HttpRequest req, string expertId) =>
        Operations.RunAsync(nameof(ExpertEndpoints.GetReputation), req, ("expertId", expertId));
}
