using Headstore.Http.Ambassadors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Headstore.Functions.Http;

/// <summary>The ambassador operations as HTTP functions; routes, types and handlers are declared once in <see cref="AmbassadorEndpoints"/>.</summary>
public static class AmbassadorFunctions
{
    [Function(nameof(AmbassadorEndpoints.CreateReferral))]
    public static Task<IActionResult> CreateReferral([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ambassadors/me/referrals")] HttpRequest req) =>
        Operations.RunAsync(nameof(AmbassadorEndpoints.CreateReferral), req);

    [Function(nameof(AmbassadorEndpoints.ListReferrals))]
    public static Task<IActionResult> ListReferrals([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ambassadors/me/referrals")] HttpRequest req) =>
        Operations.RunAsync(nameof(AmbassadorEndpoints.ListReferrals), req);

    [Function(nameof(AmbassadorEndpoints.GetAmbassadorEarnings))]
    public static Task<IActionResult> GetAmbassadorEarnings([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ambassadors/me/earnings")] HttpRequest req) =>
        Operations.RunAsync(nameof(AmbassadorEndpoints.GetAmbassadorEarnings), req);

    [Function(nameof(AmbassadorEndpoints.ClaimReferral))]
    public static Task<IActionResult> ClaimReferral([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "experts/me/referral")] HttpRequest req) =>
        Operations.RunAsync(nameof(AmbassadorEndpoints.ClaimReferral), req);
}
