using Headstore.Http.Payouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Headstore.Functions.Http;

/// <summary>The expert payout-account and payout operations as HTTP functions; routes, types and handlers are declared once in <see cref="PayoutEndpoints"/>.</summary>
public static class PayoutFunctions
{
    [Function(nameof(PayoutEndpoints.SetUpPayoutAccount))]
    public static Task<IActionResult> SetUpPayoutAccount([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "experts/me/payout-account")] HttpRequest req) =>
        Operations.RunAsync(nameof(PayoutEndpoints.SetUpPayoutAccount), req);

    [Function(nameof(PayoutEndpoints.GetPayoutAccount))]
    public static Task<IActionResult> GetPayoutAccount([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "experts/me/payout-account")] HttpRequest req) =>
        Operations.RunAsync(nameof(PayoutEndpoints.GetPayoutAccount), req);

    [Function(nameof(PayoutEndpoints.ListPayouts))]
    public static Task<IActionResult> ListPayouts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "experts/me/payouts")] HttpRequest req) =>
        Operations.RunAsync(nameof(PayoutEndpoints.ListPayouts), req);

    [Function(nameof(PayoutEndpoints.RunPayoutWeek))]
    public static Task<IActionResult> RunPayoutWeek([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/payouts/{week}/run")] HttpRequest req, string week) =>
        Operations.RunAsync(nameof(PayoutEndpoints.RunPayoutWeek), req, ("week", week));

    [Function(nameof(PayoutEndpoints.GetPayoutWeek))]
    public static Task<IActionResult> GetPayoutWeek([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/payouts/{week}")] HttpRequest req, string week) =>
        Operations.RunAsync(nameof(PayoutEndpoints.GetPayoutWeek), req, ("week", week));
}
