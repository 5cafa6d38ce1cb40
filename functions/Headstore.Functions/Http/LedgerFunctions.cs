using Headstore.Http.Ledger;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Headstore.Functions.Http;

/// <summary>The expert's ledger as HTTP functions; routes, types and handlers are declared once in <see cref="LedgerEndpoints"/>.</summary>
public static class LedgerFunctions
{
    [Function(nameof(LedgerEndpoints.GetMyLedger))]
    public static Task<IActionResult> GetMyLedger([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "experts/me/ledger")] HttpRequest req) =>
        Operations.RunAsync(nameof(LedgerEndpoints.GetMyLedger), req);
}
