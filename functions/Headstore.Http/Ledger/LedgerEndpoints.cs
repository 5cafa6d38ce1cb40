using Headstore.Application.Ledger;
using Headstore.Http.Common;

namespace Headstore.Http.Ledger;

public static class LedgerEndpoints
{
    public static readonly IReadOnlyList<HttpOperation> Operations =
    [
        new(nameof(GetMyLedger), "GET", "/api/experts/me/ledger", GetMyLedger, OperationAccess.SignedIn, "Ledger", "Your ledger lines between from and to (ISO 8601; default the last 31 days), each fee on its own line, with opening and closing balances", ResponseType: typeof(ExpertLedgerView)),
    ];

    public static async Task<ApiResponse> GetMyLedger(HttpContext http, CancellationToken cancellationToken)
    {
        var (from, to, limit) = (http.QueryTime("from"), http.QueryTime("to"), http.QueryInt("limit"));
        if (EndpointHelpers.FirstError(from.Error, to.Error, limit.Error) is { } invalid)
        {
            return ApiResponse.Problem(invalid);
        }

        var query = new GetExpertLedgerQuery(from.Value, to.Value, limit.Value, http.Query("cursor"));
        return await http.Service<GetExpertLedgerHandler>().HandleAsync(http.GetActor(), query, cancellationToken).ToOk();
    }
}
